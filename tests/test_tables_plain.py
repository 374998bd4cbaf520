"""The plain-table shortcut of the records stage gives exactly what the staged parse gives."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ctcoop.tables.records as records
from conftest import records_summary
from ctcoop.tables.dialect import Dialect
from ctcoop.tables.problems import Limits
from ctcoop.tables.records import read_records

CELLS = ["a", "b", "", " x", "1", "ء", "é", "  ", "\x00", "\xff"]


def _file(seed: int, rows: int) -> bytes:
    rng = random.Random(seed)
    width = rng.choice([1, 2, 3])
    lines = [",".join(rng.choice(["h1", "h2", "", "h1"]) for _ in range(width))]
    for _ in range(rows):
        w = rng.choice([width] * 6 + [width - 1, width + 1, 0])
        lines.append(",".join(rng.choice(CELLS) for _ in range(w)))
    data = "\n".join(lines) + rng.choice(["\n", ""])
    bad = b"\xff" if rng.random() < 0.1 else b"y"  # now and then a byte that is not UTF-8
    raw = data.encode("utf-8").replace("\xff".encode(), bad)
    return b"\xef\xbb\xbf" + raw if rng.random() < 0.2 else raw


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 100_000), st.integers(0, 12), st.booleans(), st.sampled_from([8, 10**6]))
def test_the_shortcut_reads_as_the_staged_parse(seed: int, rows: int, skip: bool, line_limit: int) -> None:
    data = _file(seed, rows)
    dialect = Dialect(skip_initial_space=skip)
    limits = Limits(max_line_bytes=line_limit, max_field_bytes=3)
    fast = read_records(data, dialect=dialect, limits=limits)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(records, "plain_records", lambda *args: None)
        staged = read_records(data, dialect=dialect, limits=limits)
    assert records_summary(fast) == records_summary(staged)


def test_the_shortcut_is_taken_on_a_plain_file(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    original = records.plain_records

    def spy(*args: Any) -> Any:
        found = original(*args)
        calls.append(found is not None)
        return found

    monkeypatch.setattr(records, "plain_records", spy)
    table = read_records(b"id,n\na,1\nb,2\n")
    assert calls == [True] and table.frame.rows() == [("a", "1"), ("b", "2")] and table.line(1) == 3


@pytest.mark.parametrize(
    "data",
    [
        b"a,b\n1\n2,3\n",  # a short first line
        b"a,b,c\n1,2,3\n4,5\n6,7,8\n",  # a short line (polars pads it)
        b"a,b,c\n1,2,3\n4,5\n6,7,8",  # the same without a last line break
        b"a,b,c\n1,2,3\n\n6,7,8\n",  # a blank line
        b"a,b\n1,2\n\n",  # a blank last line
        b"a,b\n\n1,2\n",  # a blank line after the header
        b"a,b,c\n1,2\n3,4,5,6\n",  # a short and a long line: as many delimiters as a plain file
        b"a,b\n1,2\n3,4,5\n",  # a long line
        b"a,b\n1,2\r\n",  # a CR
    ],
)
def test_the_shortcut_leaves_a_ragged_file_to_the_staged_parse(data: bytes) -> None:
    from ctcoop.tables.shortcut import plain_records

    assert plain_records(data, Dialect(), Limits(), []) is None


@pytest.mark.parametrize("data", [b"a,b\n1,2", b"a,b\n1,2\n", b"a,b\n,x\n", b"a,b", b"a,b\n"])
def test_the_shortcut_reads_a_plain_file_with_or_without_a_last_line_break(data: bytes) -> None:
    from ctcoop.tables.shortcut import plain_records

    found = plain_records(data, Dialect(), Limits(), [])
    with pytest.MonkeyPatch.context() as m:
        m.setattr(records, "plain_records", lambda *args: None)
        staged = read_records(data)
    assert found is not None and found.frame.rows() == staged.frame.rows()
