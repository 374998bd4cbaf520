"""A tabular resource without a schema: fields inferred from its header, structure still checked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ctcoop.infer import field_names, infer_schema, is_tabular
from ctcoop.package import load_package
from ctcoop.tables.typed import read_typed
from ctcoop.validate import validate_package

V2 = "https://datapackage.org/profiles/2.0/datapackage.json"


def _package(make_package: Callable[..., Path], text: str, **resource: Any) -> Path:
    desc = {"$schema": V2, "name": "p", "resources": [{"name": "t", "path": "data/t.csv", **resource}]}
    return make_package(desc, {"data/t.csv": text})


def test_structure_is_checked_without_a_schema(make_package: Callable[..., Path]) -> None:
    root = _package(make_package, "id,name,name,\n1,a,b,c\n\n2,x\n3,y,z,w,v\n")
    found = [(i.code, i.severity.value, i.line, i.column) for i in validate_package(root).issues]
    assert found == [
        ("schema-inferred", "info", None, None),
        ("duplicate-label", "error", 1, 3),
        ("blank-label", "error", 1, 4),
        ("blank-row", "error", 3, None),
        ("missing-cell", "error", 4, 3),
        ("missing-cell", "error", 4, 4),
        ("extra-cell", "error", 5, 5),
    ]


def test_a_clean_table_without_a_schema_is_valid_and_readable(make_package: Callable[..., Path]) -> None:
    root = _package(make_package, "id,name\n1,a\n2,b\n")
    report = validate_package(root)
    assert report.valid and [i.code for i in report.issues] == ["schema-inferred"]
    assert "(id, name)" in report.issues[0].message
    assert read_typed(load_package(root), "t").rows() == [("1", "a"), ("2", "b")]


def test_a_non_tabular_resource_without_a_schema_is_left_alone(make_package: Callable[..., Path]) -> None:
    desc = {"$schema": V2, "name": "p", "resources": [{"name": "doc", "path": "doc.pdf"}]}
    report = validate_package(make_package(desc, {"doc.pdf": b"%PDF-1.4"}))
    assert report.valid and [(i.code, i.severity.value) for i in report.issues] == [("not-tabular", "info")]


@pytest.mark.parametrize(
    ("labels", "names"),
    [
        (["a", "b"], ["a", "b"]),
        (["a", "", "a", "a"], ["a", "field2", "a2", "a3"]),
        (["a2", "a", "a"], ["a2", "a", "a3"]),
    ],
)
def test_field_names(labels: list[str], names: list[str]) -> None:
    assert field_names(labels) == names


def test_inference_follows_the_dialect() -> None:
    tsv = {"path": "t.tsv", "format": "tsv"}
    assert is_tabular(tsv) and not is_tabular({"path": "t.json"})
    assert infer_schema(b"a\tb\n1\t2\n", tsv) == {
        "fields": [{"name": "a", "type": "any"}, {"name": "b", "type": "any"}]
    }
    headless = {"path": "t.csv", "dialect": {"header": False, "delimiter": ";"}}
    assert infer_schema(b"1;2;3\n", headless) == {
        "fields": [{"name": f"field{i}", "type": "any"} for i in (1, 2, 3)]
    }
