"""A large file read again from disk in slices, so its bytes and its whole frame are never in memory
at once; and the polars read of the records' values (whole or by slice)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO

from ctcoop.errors import CtcoopError
from ctcoop.tables.dialect import Dialect

if TYPE_CHECKING:
    import polars as pl

#: the file is handed to polars in slices of about this many bytes, each freed once parsed (memory)
SLICE_BYTES = 8 * 1024 * 1024


class FileChanged(Exception):
    """The bytes read a second time are not the bytes read the first time."""


@dataclass
class Reopen:
    """The file on disk, to read it again in slices (``offset`` bytes of BOM skipped)."""

    open: Callable[[], BinaryIO]
    offset: int
    size: int

    def read(self, start: int = 0, end: int | None = None) -> bytes:
        """Bytes ``start`` to ``end`` (of the text after the BOM); FileChanged if they are not there."""
        end = self.size if end is None else end
        try:
            with self.open() as f:
                f.seek(self.offset + start)
                data = f.read(end - start)
        except (OSError, CtcoopError) as exc:
            raise FileChanged from exc
        if len(data) != end - start:
            raise FileChanged
        return data


def _starts_record(
    data: bytes, pos: int, line: int, first_line: int, rec_line: pl.Series
) -> tuple[bool, int]:
    at = int(rec_line.search_sorted(line))
    ok = (
        line > first_line
        and at < len(rec_line)
        and int(rec_line[at]) == line
        and data[pos : pos + 1] not in (b"\n", b"\r", b"")
    )
    return ok, at


def cut(
    data: bytes, rec_line: pl.Series, first_line: int, ends: pl.Series | None = None
) -> list[tuple[int, int, int]]:
    """``data`` cut into slices of about :data:`SLICE_BYTES`: (start, end, number of the records
    from ``rec_line`` (record start lines, sorted) in the slice). ``ends``, if given, holds the
    offset just after each line's LF (then line numbers are looked up, not counted).

    A slice after the first starts at the start of a record that is not a blank line, so polars
    reads each slice's records exactly as it reads them in the whole file.
    """
    n = len(rec_line)
    if n == 0:
        return [(0, len(data), n)]
    cuts: list[int] = [0]
    counts: list[int] = []
    pos, line, done, at = 0, 1, 0, 0  # `line` is the line number of the line starting at `pos`
    while cuts[-1] + SLICE_BYTES < len(data):
        nl = data.find(b"\n", cuts[-1] + SLICE_BYTES)
        while nl != -1:
            line = (
                int(ends.search_sorted(nl + 1)) + 2
                if ends is not None
                else line + data.count(b"\n", pos, nl + 1)
            )
            pos = nl + 1
            starts, at = _starts_record(data, pos, line, first_line, rec_line)
            if starts:
                break
            nl = data.find(b"\n", pos)
        if nl == -1:
            break
        cuts.append(pos)
        counts.append(at - done)
        done = at
    counts.append(n - done)
    bounds = [*cuts, len(data)]
    return list(zip(bounds[:-1], bounds[1:], counts, strict=True))


def read_slices(
    source: Reopen,
    cuts: list[tuple[int, int, int]],
    first_line: int,
    n_records: int,
    schema: dict[str, Any],
    dialect: Dialect,
) -> pl.DataFrame | None:
    """Every record of the file read again slice by slice (see :func:`read_values`), or None when
    polars does not find the expected number of records in a slice."""
    import polars as pl

    frames = []
    for i, (start, end, expected) in enumerate(cuts):
        frame = read_values(source.read(start, end), first_line if i == 0 else 1, schema, dialect)
        if frame.height != expected:
            return None
        frames.append(frame)
    frame = frames[0] if len(frames) == 1 else pl.concat(frames, rechunk=False)
    return frame if frame.height == n_records else None


def read_values(
    data: bytes, first_line: int, schema: dict[str, Any], dialect: Dialect, *, truncate: bool = True
) -> pl.DataFrame:
    """Every record from ``first_line`` on, one row each (blank records give empty rows, ragged ones are
    padded with "" or, with ``truncate``, truncated: both are fixed afterwards; without ``truncate`` a
    record with extra cells gives an empty frame, which sends the caller down the careful path)."""
    import polars as pl

    try:
        return pl.read_csv(
            data,
            has_header=False,
            skip_lines=first_line - 1,
            schema=schema,
            separator=dialect.delimiter,
            quote_char=dialect.quote_char,
            empty_string_is_null=False,
            eol_char="\n",
            comment_prefix=None,
            raise_if_empty=False,
            truncate_ragged_lines=truncate,
        )
    except pl.exceptions.PolarsError:
        return pl.DataFrame(schema=schema)  # a height mismatch sends the caller down the careful path
