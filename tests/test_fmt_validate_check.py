"""The ``not-canonical`` validation check: a warning on the first line that breaks the canonical form."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ctcoop.checks import REGISTRY, load_checks
from ctcoop.report import Severity
from ctcoop.validate import validate_package

SCHEMA: dict[str, Any] = {"fields": [{"name": "id", "type": "string"}, {"name": "name", "type": "string"}],
                          "primaryKey": ["id"]}
DESCRIPTOR = {"name": "fixture", "resources": [{"name": "t", "path": "t.csv", "schema": SCHEMA}]}


def not_canonical(root: Path) -> list[Any]:
    return [i for i in validate_package(root).issues if i.code == "not-canonical"]


def test_registered_with_its_code() -> None:
    assert "ctcoop.checks.canonical" in REGISTRY
    check = next(c for c in load_checks() if c.name == "canonical")
    assert set(check.codes) == {"not-canonical"}


def test_canonical_file_gives_no_warning(make_package: Callable[..., Path]) -> None:
    root = make_package(DESCRIPTOR, {"t.csv": "id,name\na,\"x, y\"\nb,سلام\n"})
    assert not_canonical(root) == []


@pytest.mark.parametrize(("text", "line", "words"), [
    ("id,name\nb,x\na,y\n", 3, "sorts before"),
    ("id,name\na,\"x\"\n", 2, "quoting"),
    ("id,name\r\na,x\r\n", 1, "CR LF"),
    ("name,id\nx,a\n", 1, "header"),
    ("id,name\na,x\n\nb,y\n", 3, "blank line"),
    ("id,name\na,x\nb,Cafe\u0301\n", 3, "NFC"),
])
def test_warning_names_line_and_rule(
        make_package: Callable[..., Path], text: str, line: int, words: str) -> None:
    root = make_package(DESCRIPTOR, {"t.csv": text})
    [issue] = not_canonical(root)
    assert issue.severity is Severity.WARNING
    assert issue.file == "t.csv" and issue.resource == "t"
    assert issue.line == line
    assert words in issue.message
    assert issue.hint is not None and "ctcoop fmt" in issue.hint


def test_a_warning_does_not_make_the_package_invalid(make_package: Callable[..., Path]) -> None:
    root = make_package(DESCRIPTOR, {"t.csv": "id,name\nb,x\na,y\n"})
    report = validate_package(root)
    assert report.valid, report.issues


def test_a_file_without_canonical_form_is_left_to_structure_checks(make_package: Callable[..., Path]) -> None:
    root = make_package(DESCRIPTOR, {"t.csv": "id,name\na,x,extra\n"})
    report = validate_package(root)
    assert not_canonical(root) == []
    assert not report.valid
