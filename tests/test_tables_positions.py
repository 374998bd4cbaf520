"""When a table's bytes are not its file's own (``TableBytes.positions`` set), every line a command
reports is mapped back to its origin: validate's issues and the typed view's cast problems alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import ctcoop.tables.strings as strings
from ctcoop.package import Package, Resource, load_package
from ctcoop.tables.source import Origin, TableBytes, table_bytes
from ctcoop.tables.typed import read_typed_table
from ctcoop.validate import validate_package


@dataclass(frozen=True)
class Shifted:
    """Line n of the bytes is line n + 100 of ``part-2.csv``."""

    def origin(self, line: int) -> Origin:
        return Origin("part-2.csv", line + 100)


def _shifted(package: Package, resource: Resource) -> TableBytes:
    found = table_bytes(package, resource)
    found.positions = Shifted()
    return found


@pytest.fixture
def root(make_package: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(strings, "table_bytes", _shifted)
    schema = {"fields": [{"name": "id", "type": "string"}, {"name": "n", "type": "integer"}]}
    return make_package(
        {"name": "p", "resources": [{"name": "t", "path": "t.csv", "schema": schema}]},
        {"t.csv": "id,n\na,1\nb,x\nc\n"},
    )


def test_validate_reports_origins(root: Path) -> None:
    issues = validate_package(root).issues
    assert sorted((i.code, i.file, i.line) for i in issues if i.resource == "t") == [
        ("missing-cell", "part-2.csv", 104),
        ("type-error", "part-2.csv", 103),
    ]


def test_the_typed_view_reports_origins(root: Path) -> None:
    (root / "t.csv").write_text("id,n\na,1\nb,x\n", encoding="utf-8")
    table = read_typed_table(load_package(root), "t")
    assert [(p.file, p.line, p.row, p.field) for p in table.problems] == [("part-2.csv", 103, 2, "n")]
