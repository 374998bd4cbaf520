"""Reading a large file again in slices (memory) gives exactly the table read in one piece."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ctcoop.tables.slices as read
from ctcoop.tables.records import Records as CsvTable
from ctcoop.tables.records import read_records as read_csv_bytes
from ctcoop.validate import validate_package

CELLS = ["a", "b", "", '"q"', '"x\ny"', '"a""b"', "1", "  ", "ء"]


def _file(seed: int, rows: int) -> bytes:
    rng = random.Random(seed)
    lines = ["h1,h2,h3"]
    for _ in range(rows):
        width = rng.choice([3, 3, 3, 3, 2, 4, 0])  # ragged and blank rows too
        lines.append(",".join(rng.choice(CELLS) for _ in range(width)))
    eol = rng.choice(["\n", "\r\n"])
    data = (eol.join(lines) + rng.choice([eol, ""])).encode("utf-8")
    return b"\xef\xbb\xbf" + data if rng.random() < 0.2 else data


def _summary(table: CsvTable) -> tuple[Any, ...]:
    return (
        table.readable,
        table.header,
        table.frame.rows(),
        [table.line(i) for i in range(table.frame.height)],
        [vars(p) for p in table.problems],
        table.short_rows,
    )


def _opener(path: Path) -> Callable[[], BinaryIO]:
    return lambda: path.open("rb")


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 80), st.sampled_from([16, 40, 100]))
def test_slices_give_the_same_table(tmp_path_factory: pytest.TempPathFactory, seed: int, rows: int,
                                    slice_bytes: int) -> None:
    data = _file(seed, rows)
    path = tmp_path_factory.mktemp("slices") / "t.csv"
    path.write_bytes(data)
    whole = read_csv_bytes(data)
    old = read.SLICE_BYTES
    read.SLICE_BYTES = slice_bytes
    try:
        sliced = read_csv_bytes(path.read_bytes(), reopen=_opener(path))
    finally:
        read.SLICE_BYTES = old
    assert _summary(sliced) == _summary(whole)


def test_the_file_is_read_in_several_slices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = b'id,text\n' + b"".join(b'%d,"line\nbreak"\n%d,plain\n' % (i, i + 1) for i in range(0, 200, 2))
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    monkeypatch.setattr(read, "SLICE_BYTES", 100)
    calls: list[int] = []
    original = read.read_values

    def spy(part: bytes, *args: Any) -> Any:
        calls.append(len(part))
        return original(part, *args)

    monkeypatch.setattr(read, "read_values", spy)
    table = read_csv_bytes(path.read_bytes(), reopen=_opener(path))
    assert len(calls) > 10 and sum(calls) == len(data)
    assert table.frame.height == 200 and table.line(199) == 301
    assert table.frame["c1"][198] == "line\nbreak"


def test_polars_disagreeing_on_a_slice_reads_the_file_again(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    data = _file(3, 60)
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    whole = read_csv_bytes(data)
    monkeypatch.setattr(read, "SLICE_BYTES", 50)
    original = read.read_values
    seen: list[int] = []

    def drop_a_row(part: bytes, *args: Any) -> Any:
        seen.append(1)
        frame = original(part, *args)
        return frame.slice(1) if len(seen) == 2 else frame  # the second slice comes back short

    monkeypatch.setattr(read, "read_values", drop_a_row)
    assert _summary(read_csv_bytes(path.read_bytes(), reopen=_opener(path))) == _summary(whole)


def test_a_file_that_changes_while_read_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _file(5, 60)
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    monkeypatch.setattr(read, "SLICE_BYTES", 50)
    first = path.read_bytes()
    path.write_bytes(data[:-10])
    table = read_csv_bytes(first, reopen=_opener(path))
    assert not table.readable
    assert table.problems[-1].code == "unreadable-file"
    assert "changed while it was being read" in table.problems[-1].message


def test_validate_reports_the_same_with_slices(make_package: Callable[..., Path],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    schema = {
        "fields": [
            {"name": "h1", "type": "string", "constraints": {"maxLength": 3}},
            {"name": "h2", "type": "integer"},
            {"name": "h3", "type": "string", "constraints": {"required": True}},
        ]
    }
    root = make_package(
        {"name": "p", "resources": [{"name": "t", "path": "t.csv", "schema": schema}]},
        {"t.csv": _file(11, 120)},
    )
    whole = validate_package(root).to_dict()
    monkeypatch.setattr(read, "SLICE_BYTES", 64)
    assert validate_package(root).to_dict() == whole
    assert whole["issues"]
