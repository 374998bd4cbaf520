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
    ("ID,Name\na,x\n", 1, "header"),  # read (labels compare without case); written as the schema's
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


@pytest.mark.parametrize("text", [
    "id,name\na,x,extra\n",        # an extra cell: no canonical form
    "id,name\na,x\n\nb,y\n",        # a blank row: an error of its own
    "name,id\nx,a\n",              # a header not in schema order (fieldsMatch exact): incorrect-label
])
def test_files_with_read_errors_are_left_to_structure_checks(
        make_package: Callable[..., Path], text: str) -> None:
    root = make_package(DESCRIPTOR, {"t.csv": text})
    report = validate_package(root)
    assert not_canonical(root) == []
    assert not report.valid


def test_a_stray_quote_is_advice_that_fmt_repairs(make_package: Callable[..., Path]) -> None:
    """Read as mainstream readers read it (a warning unless rfc4180-quotes is declared); fmt quotes it."""
    root = make_package(DESCRIPTOR, {"t.csv": 'id,name\na,x"y\n'})
    report = validate_package(root)
    assert report.valid
    assert [i.code for i in report.issues] == ["not-canonical", "quote-error"]
    assert [i.message for i in not_canonical(root)] == [
        "the file is not in canonical form: the quoting differs from the canonical style "
        "(quotes only where needed)"
    ]


def test_the_validator_reader_is_strict_as_the_check_assumes() -> None:
    """quick_check(strict=True) trusts that a clean read had no stray quote and no blank row."""
    from ctcoop.tables.records import read_records as read_csv_bytes

    for body in ['a"b,c', '"ab"cd,e', '"a" ,b', ' "a",b', "a,b\n\nc,d"]:
        problems = read_csv_bytes(f"h1,h2\n{body}\n".encode(), width=2).problems
        assert any(p.severity == "error" for p in problems), body


def test_strict_and_rebuilt_comparisons_agree(make_package: Callable[..., Path]) -> None:
    from ctcoop.checks.canonical import _parsed_cells
    from ctcoop.checks.context import Context
    from ctcoop.package import load_package
    from ctcoop.tables.canonical_quick import quick_check

    cases = ["id,name\na,x\nb,\"y, z\"\n", 'id,name\na,"x"\n', 'id,name\na,"x\ny"\n', "id,name\n",
             'id,name\n"a",x\n', 'id,name\na,"q""q"\n']
    for text in cases:
        root = make_package(DESCRIPTOR, {"t.csv": text}, name=f"p{cases.index(text)}")
        package = load_package(root)
        ctx = Context(package)
        res = package.resource("t")
        cells = _parsed_cells(ctx, res)
        assert cells is not None, text
        data = (root / "t.csv").read_bytes()
        strict, rebuilt = quick_check(res, data, cells, strict=True), quick_check(res, data)
        assert strict is not None and rebuilt is not None
        assert (strict.canonical, strict.line) == (rebuilt.canonical, rebuilt.line), text
