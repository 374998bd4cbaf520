"""ctcoop.casting: the one casting engine, shared by the validator and the typed reader."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from ctcoop.casting import cast_series, dtype, expected
from ctcoop.package import load_package
from ctcoop.tables.typed import read_typed_table
from ctcoop.validate import validate_package


def _cast(fdesc: dict[str, Any], values: list[str | None]) -> tuple[list[Any], list[bool]]:
    typed, bad = cast_series(pl.Series("v", values, dtype=pl.String), fdesc)
    assert typed.dtype == dtype(fdesc)
    return typed.to_list(), ([False] * len(values) if bad is None else bad.to_list())


@pytest.mark.parametrize(
    ("fdesc", "values", "typed", "bad"),
    [
        ({"type": "integer"}, ["+3", "1.5", None], [3, None, None], [False, True, False]),
        (
            {"type": "integer", "bareNumber": False},
            ["12%", "12.5%", "12a3"],
            [12, None, None],
            [False, True, True],
        ),
        ({"type": "number", "decimalChar": ","}, ["1,5", "1.5"], [1.5, None], [False, True]),
        ({"type": "number", "groupChar": ".", "decimalChar": ","}, ["1.000,5"], [1000.5], [False]),
        (
            {"type": "number"},
            ["INF", "inf", "-Inf", "infinity", "+INF", "1e3"],
            [float("inf"), float("inf"), float("-inf"), None, None, 1000.0],
            [False, False, False, True, True, False],
        ),
        (
            {"type": "boolean", "trueValues": ["yes"], "falseValues": ["no"]},
            ["yes", "true"],
            [True, None],
            [False, True],
        ),
        (
            {"type": "date", "format": "any"},
            ["02/01/2024", "12/31/2024", "1979-01", "1979-13", "1979"],
            [dt.date(2024, 1, 2), dt.date(2024, 12, 31), dt.date(1979, 1, 1), None, None],
            [False, False, False, True, True],
        ),
        ({"type": "year"}, ["2024", "+2024", "24"], [2024, None, None], [False, True, True]),
        ({"type": "yearmonth"}, ["2024-01", "2024-13"], ["2024-01", None], [False, True]),
        (
            {"type": "geojson"},
            ['{"type": "Point", "coordinates": [1, 2]}', '{"type": "Nope"}', '{"type": "Point"}', "[]"],
            ['{"type": "Point", "coordinates": [1, 2]}', '{"type": "Nope"}', '{"type": "Point"}', "[]"],
            [False, True, True, True],
        ),
        (
            {"type": "geojson", "format": "topojson"},
            ['{"type": "Topology", "objects": {}}', '{"type": "Point", "coordinates": [1, 2]}'],
            ['{"type": "Topology", "objects": {}}', '{"type": "Point", "coordinates": [1, 2]}'],
            [False, True],
        ),
    ],
)
def test_lexical_forms(
    fdesc: dict[str, Any], values: list[str | None], typed: list[Any], bad: list[bool]
) -> None:
    assert _cast(fdesc, values) == (typed, bad)


def test_nan_is_read_in_any_case() -> None:
    typed, bad = _cast({"type": "number"}, ["NaN", "nan", "NAN", "nAn", "nana"])
    assert [v != v for v in typed[:4]] == [True] * 4 and typed[4] is None
    assert bad == [False, False, False, False, True]


def test_datetime_keeps_fractions_and_converts_offsets_to_utc() -> None:
    values = [
        "2024-01-01T10:00:00.5",
        "2024-01-01T10:00:00+02:00",
        "2024-01-01T10:00:00-0530",
        "2024-01-01T24:00:00",
    ]
    assert _cast({"type": "datetime"}, values) == (
        [
            dt.datetime(2024, 1, 1, 10, 0, 0, 500000),
            dt.datetime(2024, 1, 1, 8),
            dt.datetime(2024, 1, 1, 15, 30),
            None,
        ],
        [False, False, False, True],
    )
    # a format with %z gives naive UTC too: one dtype for every datetime column
    assert _cast({"type": "datetime", "format": "%d/%m/%Y %H:%M%z"}, ["02/01/2024 10:00+0100"]) == (
        [dt.datetime(2024, 1, 2, 9)],
        [False],
    )


def test_time_offset_checked_and_dropped_leap_second_kept_in_the_minute() -> None:
    values = ["10:00:00.25", "23:59:59+02:00", "10:00:60", "10:00", "25:00:00"]
    assert _cast({"type": "time"}, values) == (
        [dt.time(10, 0, 0, 250000), dt.time(23, 59, 59), dt.time(10, 0, 59), None, None],
        [False, False, False, True, True],
    )


FIELDS: list[dict[str, Any]] = [
    {"name": "id", "type": "string"},
    {"name": "t", "type": "datetime"},
    {"name": "y", "type": "yearmonth"},
    {"name": "e", "type": "string", "format": "email"},
    {"name": "l", "type": "string", "ctcoop:listDelimiter": ";"},
]


def test_reader_and_validator_agree_on_type_problems(make_package: Callable[..., Path]) -> None:
    desc = {"name": "t", "resources": [{"name": "t", "path": "data/t.csv", "schema": {"fields": FIELDS}}]}
    csv = "id,t,y,e,l\na,2024-01-01T10:00:00+0200,2024-01,a@b.org,x; y\nb,2024-01-01 10:00,2024-13,nobody,z\n"
    root = make_package(desc, {"data/t.csv": csv})
    table = read_typed_table(load_package(root), "t")
    assert table.frame["t"].to_list() == [dt.datetime(2024, 1, 1, 8), None]
    assert table.frame["l"].to_list() == [["x", "y"], ["z"]]
    # the reader reports only types it reads as something other than text
    assert [(p.line, p.field, p.expected) for p in table.problems] == [(3, "t", expected(FIELDS[1]))]
    assert "which is not a date and time" in table.problems[0].message()
    issues = validate_package(root).issues
    assert sorted((i.line, i.field) for i in issues if i.code == "type-error") == [
        (3, "e"),
        (3, "t"),
        (3, "y"),
    ]
