"""ctcoop.tables.typed: a resource's CSV read as a typed polars frame (used by diff and export)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from ctcoop.errors import CtcoopError
from ctcoop.package import load_package
from ctcoop.tables.typed import read_typed, read_typed_table

FIELDS: list[dict[str, Any]] = [
    {"name": "id", "type": "string"},
    {"name": "i", "type": "integer"},
    {"name": "n", "type": "number"},
    {"name": "b", "type": "boolean"},
    {"name": "d", "type": "date"},
    {"name": "dt", "type": "datetime"},
    {"name": "y", "type": "year"},
    {"name": "l", "type": "string", "ctcoop:listDelimiter": ";"},
    {"name": "p", "type": "string", "ctcoop:partialDate": True},
]
HEADER = "id,i,n,b,d,dt,y,l,p\n"


def _pkg(
    make_package: Callable[..., Path], csv: str, fields: list[dict[str, Any]] | None = None, **schema: Any
) -> Path:
    table_schema = {"fields": fields or FIELDS, "primaryKey": ["id"], **schema}
    desc = {"name": "t", "resources": [{"name": "t", "path": "data/t.csv", "schema": table_schema}]}
    return make_package(desc, {"data/t.csv": csv})


def test_every_type_is_cast(make_package: Callable[..., Path]) -> None:
    root = _pkg(
        make_package,
        HEADER
        + "a,1,4331.0,true,2020-01-02,2020-01-02T10:00:00Z,2001,x; y,2001-09\n"
        + "b,,NaN,0,,2020-01-02T10:00:00+02:00,,,\n",
    )
    frame = read_typed(load_package(root), "t")
    assert frame.schema == pl.Schema(
        {
            "id": pl.String,
            "i": pl.Int64,
            "n": pl.Float64,
            "b": pl.Boolean,
            "d": pl.Date,
            "dt": pl.Datetime("us"),
            "y": pl.Int32,
            "l": pl.List(pl.String),
            "p": pl.String,
        }
    )
    first, second = frame.rows()
    assert first == (
        "a",
        1,
        4331.0,
        True,
        dt.date(2020, 1, 2),
        dt.datetime(2020, 1, 2, 10),
        2001,
        ["x", "y"],
        "2001-09",
    )
    assert second[1] is None and second[3] is False and second[4] is None
    assert second[5] == dt.datetime(2020, 1, 2, 8)  # the offset is converted to UTC
    assert second[7] is None and second[8] is None  # empty string cells are null under missingValues [""]


def test_missing_values_and_boolean_vocabulary(make_package: Callable[..., Path]) -> None:
    fields = [
        {"name": "id", "type": "string"},
        {"name": "n", "type": "number"},
        {"name": "b", "type": "boolean", "trueValues": ["yes"], "falseValues": ["no"]},
    ]
    root = _pkg(make_package, "id,n,b\na,NA,yes\nb,,no\n", fields, missingValues=["", "NA"])
    frame = read_typed(load_package(root), "t")
    assert frame.rows() == [("a", None, True), ("b", None, False)]


def test_empty_string_kept_when_not_a_missing_value(make_package: Callable[..., Path]) -> None:
    fields = [{"name": "id", "type": "string"}, {"name": "s", "type": "string"}]
    root = _pkg(make_package, "id,s\na,\n", fields, missingValues=["-"])
    assert read_typed(load_package(root), "t").rows() == [("a", "")]


def test_cast_failures_are_reported_with_line_and_field(make_package: Callable[..., Path]) -> None:
    root = _pkg(
        make_package, HEADER + "a,1,1,true,2020-01-02,,,,\n" + '"b\nsecond line",x,1,yes,2020-1-2,,,,\n'
    )
    table = read_typed_table(load_package(root), "t")
    assert [(p.line, p.row, p.field, p.value) for p in table.problems] == [
        (3, 2, "i", "x"),
        (3, 2, "b", "yes"),
        (3, 2, "d", "2020-1-2"),
    ]
    assert table.problem_count == 3
    assert table.frame["i"].to_list() == [1, None]
    with pytest.raises(CtcoopError) as err:
        read_typed(load_package(root), "t")
    text = str(err.value)
    assert "data/t.csv" in text and "line 3" in text and "'i'" in text and "2 more" in text


def test_header_must_match_schema(make_package: Callable[..., Path]) -> None:
    fields = [{"name": "id", "type": "string"}, {"name": "s", "type": "string"}]
    root = _pkg(make_package, "s,id\nx,a\n", fields)
    with pytest.raises(CtcoopError, match=r"does not fit .* \[incorrect-label\]"):
        read_typed(load_package(root), "t")
    root2 = _pkg(make_package, "s,id\nx,a\n", fields, fieldsMatch="equal")
    assert read_typed(load_package(root2), "t").rows() == [("a", "x")]


def test_not_utf8_names_the_line(make_package: Callable[..., Path]) -> None:
    fields = [{"name": "id", "type": "string"}]
    root = _pkg(make_package, "", fields)
    (root / "data" / "t.csv").write_bytes(b"id\na\n\xff\n")
    with pytest.raises(CtcoopError, match="line 3 is not valid UTF-8"):
        read_typed(load_package(root), "t")


def test_dialect_delimiter_and_no_header(make_package: Callable[..., Path]) -> None:
    fields = [{"name": "id", "type": "string"}, {"name": "i", "type": "integer"}]
    desc = {
        "name": "t",
        "resources": [
            {
                "name": "t",
                "path": "data/t.csv",
                "dialect": {"delimiter": ";", "header": False},
                "schema": {"fields": fields, "primaryKey": ["id"]},
            }
        ],
    }
    root = make_package(desc, {"data/t.csv": "a;1\nb;2\n"})
    assert read_typed(load_package(root), "t").rows() == [("a", 1), ("b", 2)]


def test_quoted_empty_and_field_level_missing_values(make_package: Callable[..., Path]) -> None:
    fields = [
        {"name": "id", "type": "string"},
        {"name": "s", "type": "string"},
        {"name": "n", "type": "number", "missingValues": ["-"]},
    ]
    root = _pkg(make_package, 'id,s,n\na,"",-\nb,NA,\n', fields, missingValues=["", "NA"])
    table = read_typed_table(load_package(root), "t")
    assert table.frame.rows() == [("a", None, None), ("b", None, None)]
    assert [(p.field, p.value) for p in table.problems] == [("n", "")]  # "" is not missing for n
    shared = _pkg(
        make_package,
        'id,s,n\na,"",1\nb,"NA",\n',
        [*fields[:2], {"name": "n", "type": "number"}],
        missingValues=["", "NA"],
    )
    assert read_typed(load_package(shared), "t").rows() == [("a", None, 1.0), ("b", None, None)]


@pytest.mark.parametrize("quote", ['"', "'"])
def test_a_header_name_with_an_escaped_quote(make_package: Callable[..., Path], quote: str) -> None:
    """polars keeps the doubled quote inside a quoted header name; the reader must not."""
    name = f"say {quote}hi{quote}, x"
    fields = [{"name": "id", "type": "string"}, {"name": name, "type": "integer"}]
    csv = f"id,{quote}say {quote * 2}hi{quote * 2}, x{quote}\na,1\n"
    root = _pkg(make_package, csv, fields)
    if quote != '"':
        desc = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
        desc["resources"][0]["dialect"] = {"quoteChar": quote}
        (root / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    pkg = load_package(root)
    frame = read_typed(pkg, pkg.resources[0])
    assert frame.columns == ["id", name]
    assert frame[name].to_list() == [1]
