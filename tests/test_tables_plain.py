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
