"""The records stage's shortcut for a file written with minimal quoting gives exactly what the staged
parse gives, and is taken on such a file."""

from __future__ import annotations

import csv
import io
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ctcoop.tables.quoted as quoted
import ctcoop.tables.records as records
from conftest import records_summary
from ctcoop.tables.dialect import Dialect
from ctcoop.tables.problems import Limits
from ctcoop.tables.records import Records, read_records

CELLS = ["a", "", "x,y", 'q"q', '"', "l\nm", "\n", " s ", "ء", "é,", '""', "a;b", "\x00"]
#: raw cells the writer would never write: unneeded quotes, stray quotes, text after a closing quote
RAW = ['"a"', 'a"b', '"a"b', 'b"', '"', '""', '"x\ny"z']


def _file(seed: int, rows: int, delimiter: str) -> bytes:
    rng = random.Random(seed)
    width = rng.choice([1, 2, 3])
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\n")
    writer.writerow(rng.choice(["h1", "h2", "", 'h"']) for _ in range(width))
    odd = rng.random() < 0.5  # half the files hold lines the writer would not write, or ragged ones
    for _ in range(rows):
        w = rng.choice([width] * 8 + [width - 1, width + 1, 0]) if odd else width
        row = [rng.choice(CELLS) for _ in range(w)]
        if odd and rng.random() < 0.2:
            text.write(delimiter.join([rng.choice(RAW), *row[1:]]) + "\n")
        else:
            writer.writerow(row)
    data = text.getvalue()
    if rng.random() < 0.3:
        data = data[:-1]  # no line break after the last row
    raw = data.encode("utf-8")
    return b"\xef\xbb\xbf" + raw if rng.random() < 0.2 else raw


@settings(max_examples=400, deadline=None)
@given(
    st.integers(0, 100_000),
    st.integers(0, 12),
    st.sampled_from([",", ";"]),
    st.sampled_from([(12, 3), (10**6, 128 * 1024)]),
    st.sampled_from([1, 20, 4 * 1024 * 1024]),
)
def test_the_shortcut_reads_as_the_staged_parse(
    seed: int, rows: int, delimiter: str, limit: tuple[int, int], slice_bytes: int
) -> None:
    data = _file(seed, rows, delimiter)
    dialect = Dialect(delimiter=delimiter)
    limits = Limits(max_line_bytes=limit[0], max_field_bytes=limit[1])
    with pytest.MonkeyPatch.context() as m:
        m.setattr(quoted, "SLICE_BYTES", slice_bytes)
        fast = read_records(data, dialect=dialect, limits=limits)
        m.setattr(records, "plain_records", lambda *args: None)
        staged = read_records(data, dialect=dialect, limits=limits)
    assert records_summary(fast) == records_summary(staged)


def _taken(monkeypatch: pytest.MonkeyPatch, data: bytes) -> tuple[list[bool], Records]:
    calls: list[bool] = []
    original = quoted.quoted_records

    def spy(*args: Any) -> Any:
        found = original(*args)
        calls.append(found is not None)
        return found

    monkeypatch.setattr("ctcoop.tables.shortcut.quoted_records", spy)
    return calls, read_records(data)


def test_the_shortcut_is_taken_on_minimal_quoting(monkeypatch: pytest.MonkeyPatch) -> None:
    calls, table = _taken(monkeypatch, b'id,n\na,"x,y"\nb,"two\nlines"\nc,"q""q"\nd,\n')
    assert calls == [True]
    assert table.frame.rows() == [("a", "x,y"), ("b", "two\nlines"), ("c", 'q"q'), ("d", "")]
    assert [table.line(i) for i in range(4)] == [2, 3, 5, 6]


def test_a_cell_quoted_when_it_need_not_be_takes_the_staged_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    calls, table = _taken(monkeypatch, b'id,n\na,"x"\nb,"y,z"\n')
    assert calls == [False] and table.frame.rows() == [("a", "x"), ("b", "y,z")] and not table.problems
