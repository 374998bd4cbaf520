"""The proof behind the quoted-file shortcut (:func:`ctcoop.tables.quoted.encodes_as`) accepts a table
only when the cells are exactly the file's: a frame that differs from the file in any way (as a
misreading parser would give) is refused, and a file changed by one byte (a stray quote, a line
break, a delimiter, a CR, a byte that is not UTF-8) reads as the staged parse reads it."""

from __future__ import annotations

import csv
import io
from typing import Any

import polars as pl
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import ctcoop.tables.quoted as quoted
import ctcoop.tables.records as records
from conftest import records_summary
from ctcoop.tables.dialect import Dialect
from ctcoop.tables.problems import Limits
from ctcoop.tables.records import read_records

#: characters that make cells hard to tell apart: the delimiter, the quote, line breaks, spaces
CELL = st.text(alphabet=st.sampled_from(['a', 'b', ',', '"', '\n', ' ', 'é', 'ء']), max_size=6)
ROWS = st.lists(st.lists(CELL, min_size=3, max_size=3), min_size=1, max_size=12)
#: bytes a one-byte change puts into a file
NOISE = [b'"', b",", b"\n", b"\r", b"\xff", b" ", b"a", b'""', b"\n\n", b""]


def _encoded(rows: list[list[str]], *, last_break: bool = True) -> bytes:
    """Header and rows as ``csv.writer`` writes them (minimal quoting, LF)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["h1", "h2", "h3"])
    writer.writerows(rows)
    data = text.getvalue()
    return (data if last_break else data[:-1]).encode("utf-8")


def _frame(rows: list[list[str]]) -> pl.DataFrame:
    return pl.DataFrame([pl.Series(f"c{i}", [r[i] for r in rows], dtype=pl.String) for i in range(3)])


def _mutated(rows: list[list[str]], how: int, at: int) -> list[list[str]]:
    """``rows`` as a parser that misread them might give them."""
    out = [list(r) for r in rows]
    i, j = at % len(out), at % 3
    if how == 0:  # one cell changed
        out[i][j] += "x"
    elif how == 1:  # one character moved into the next cell
        if j < 2 and out[i][j]:
            out[i][j], out[i][j + 1] = out[i][j][:-1], out[i][j][-1] + out[i][j + 1]
    elif how == 2:  # two rows swapped
        k = (i + 1) % len(out)
        out[i], out[k] = out[k], out[i]
    elif how == 3:  # a row left out
        del out[i]
    elif how == 4:  # a row read twice
        out.insert(i, list(out[i]))
    elif how == 5:  # the quotes of a cell kept
        out[i][j] = f'"{out[i][j]}"'
    else:  # a cell's inner doubled quote kept doubled
        out[i][j] = out[i][j].replace('"', '""')
    return out


@settings(max_examples=300, deadline=None)
@given(ROWS, st.integers(0, 6), st.integers(0, 1000), st.booleans(), st.sampled_from([1, 7, 1 << 22]))
def test_a_frame_that_is_not_the_file_is_refused(
    rows: list[list[str]], how: int, at: int, last_break: bool, slice_bytes: int
) -> None:
    assume(not any(all(c == "" for c in r) for r in rows))  # all-empty rows never take the shortcut
    data = _encoded(rows, last_break=last_break)
    wrong = _mutated(rows, how, at)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(quoted, "SLICE_BYTES", slice_bytes)
        m.setattr(quoted.slices, "read_values", lambda *args, **kwargs: _frame(rows))
        right = quoted.quoted_records(data, Dialect(), Limits(), [])
        m.setattr(quoted.slices, "read_values", lambda *args, **kwargs: _frame(wrong))
        misread = quoted.quoted_records(data, Dialect(), Limits(), [])
    assert right is not None and right.frame.rows() == [tuple(r) for r in rows]
    assert (misread is None) == (wrong != rows)


def test_a_null_cell_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # written as nothing, like "": the bytes alone cannot tell a null from an empty cell
    frame = pl.DataFrame({"c0": ["a"], "c1": [None]}, schema={"c0": pl.String, "c1": pl.String})
    monkeypatch.setattr(quoted.slices, "read_values", lambda *args, **kwargs: frame)
    assert quoted.quoted_records(b"h1,h2\na,\n", Dialect(), Limits(), []) is None


def _summaries(data: bytes, limits: Limits) -> tuple[Any, Any, bool]:
    taken: list[bool] = []
    original = quoted.quoted_records

    def spy(*args: Any) -> Any:
        found = original(*args)
        taken.append(found is not None)
        return found

    with pytest.MonkeyPatch.context() as m:
        m.setattr("ctcoop.tables.shortcut.quoted_records", spy)
        fast = records_summary(read_records(data, limits=limits))
        m.setattr(records, "plain_records", lambda *args: None)
        staged = records_summary(read_records(data, limits=limits))
    return fast, staged, taken == [True]


@settings(max_examples=400, deadline=None)
@given(
    ROWS,
    st.integers(0, 10**6),
    st.sampled_from(NOISE),
    st.sampled_from(["insert", "replace", "delete"]),
    st.sampled_from([Limits(), Limits(max_line_bytes=12, max_field_bytes=3)]),
)
def test_a_file_changed_by_one_byte_reads_as_the_staged_parse(
    rows: list[list[str]], at: int, noise: bytes, how: str, limits: Limits
) -> None:
    data = _encoded(rows)
    head = len(b"h1,h2,h3\n")
    assume(len(data) > head)
    cut = head + at % (len(data) - head)
    end = cut + (0 if how == "insert" else 1)
    changed = data[:cut] + (b"" if how == "delete" else noise) + data[end:]
    fast, staged, _ = _summaries(changed, limits)
    assert fast == staged


@settings(max_examples=100, deadline=None)
@given(ROWS)
def test_a_file_written_with_minimal_quoting_takes_the_shortcut(rows: list[list[str]]) -> None:
    data = _encoded(rows)
    assume(b'"' in data and not any(all(c == "" for c in r) for r in rows))
    fast, staged, taken = _summaries(data, Limits())
    assert taken and fast == staged


@pytest.mark.parametrize(
    "data",
    [
        # each the length of the encoding of what polars reads (a proof by lengths would take it)
        b'h1,h2\na,\n"a"\nb\n',  # a cell quoted when it need not be, two short rows
        b'h1,h2\na,""\nb\n"a"""\n',
        b'h1,h2\nb"a","a"a""\n',  # quotes inside unquoted cells, text after a closing quote
        b'h1,h2\nba,""\n"a"b"a"\na"ba"b\n',
    ],
)
def test_a_file_whose_misreading_has_the_right_length_reads_as_the_staged_parse(data: bytes) -> None:
    fast, staged, taken = _summaries(data, Limits())
    assert fast == staged and not taken
