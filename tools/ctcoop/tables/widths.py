"""The widths stage: each record's cell count, from its separators outside quoted segments; blank and
malformed records reported; the few ragged ones parsed by Python's csv module."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ctcoop.tables import fixes as fx
from ctcoop.tables.dialect import Dialect
from ctcoop.tables.lines import record_regex
from ctcoop.tables.problems import RawProblem

if TYPE_CHECKING:
    import polars as pl


@dataclass
class Shape:
    """Which records (after the header) are kept, ragged or perhaps all-empty, and the ragged ones' cells."""

    keep: pl.Series
    ragged: pl.Series
    maybe_empty: pl.Series
    malformed: bool
    fixes: fx.Fixes


def shape(
    records: pl.Series,
    rec_line: pl.Series,
    drop: pl.Series,
    dialect: Dialect,
    row_width: int,
    problems: list[RawProblem],
) -> Shape:
    """Each record's width (separators outside quoted segments), blank and malformed records reported."""
    import polars as pl

    q, sep = dialect.quote_char, dialect.delimiter
    # one select: polars computes the columns side by side
    r = pl.col("r")
    found = pl.DataFrame({"r": records}).select(
        blank=r == "",
        has_quote=r.str.contains(q, literal=True),
        counts=r.str.count_matches(sep, literal=True) + 1,
        nbytes=r.str.len_bytes(),
    )
    blank, has_quote, counts = found["blank"], found["has_quote"], found["counts"]
    malformed = pl.repeat(False, len(records), eager=True)
    if bool(has_quote.any()):
        good_re, quoted_re = record_regex(sep, q)
        where = has_quote.arg_true()
        quoted = pl.DataFrame({"r": records.gather(where)}).select(
            bad=~r.str.contains(good_re),
            counts=r.str.replace_all(quoted_re, "").str.count_matches(sep, literal=True) + 1,
        )
        malformed = malformed.scatter(where, quoted["bad"])
        counts = counts.scatter(where, quoted["counts"])
        del quoted
    for i in (blank & ~drop).arg_true().to_list():
        problems.append(
            RawProblem("blank-row", "the row is blank", "delete the empty line", line=int(rec_line[i]))
        )
    for i in (malformed & ~drop).arg_true().to_list():
        problems.append(
            RawProblem(
                "quote-error",
                f"a {q} appears inside an unquoted cell or after a closing {q}",
                f'quote the whole cell and double the {q} inside it, e.g. "a ""b"" c" (RFC 4180; '
                "mainstream readers take the cell as written)",
                line=int(rec_line[i]),
            )
        )
    ragged = ~blank & ~drop & (malformed | (counts != row_width))
    keep = ~blank & ~drop
    # rows made only of delimiters (or, with quotes, perhaps empty quoted cells) may be all-empty rows,
    # checked after parsing: the byte count tells without a regex
    maybe_empty = keep & ((found["nbytes"] == counts - 1) | has_quote)
    index = ragged.arg_true()
    fixes = {
        int(i): (int(line), fx.parse_one(text, dialect))
        for i, line, text in zip(
            index.to_list(), rec_line.gather(index).to_list(), records.gather(index).to_list(), strict=True
        )
    }
    return Shape(keep, ragged, maybe_empty, bool(malformed.any()), fixes)
