"""The repository's own package: valid as shipped, and mistakes in a copy are found where they are."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ctcoop.report import Issue
from ctcoop.validate import validate_package

ROOT = Path(__file__).resolve().parent.parent


def _errors(root: Path) -> list[Issue]:
    return [i for i in validate_package(root).issues if i.severity.value == "error"]


def test_the_repository_package_is_valid() -> None:
    report = validate_package(ROOT)
    assert report.valid, [f"{i.location()} {i.code} {i.message}" for i in report.errors()][:20]
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert report.stats["resources"] == len(descriptor["resources"]) >= 14


def test_mistakes_in_a_copy_are_located(copy_repo_package: Callable[[], Path]) -> None:
    root = copy_repo_package()
    countries = root / "data" / "countries.csv"
    lines = countries.read_text(encoding="utf-8").splitlines(keepends=True)
    sau = next(i for i, line in enumerate(lines) if line.startswith("SAU,"))
    lines[sau] = lines[sau].replace("المملكة العربية السعودية", "Saudi Arabia")
    lines.append(lines[sau])  # the same id again, at the end
    countries.write_text("".join(lines), encoding="utf-8")
    found = {(i.code, i.file, i.line, i.field) for i in _errors(root)}
    assert ("language", "data/countries.csv", sau + 1, "name_ar") in found
    assert ("primary-key", "data/countries.csv", len(lines), "id") in found
    assert ("unique", "data/countries.csv", len(lines), "id") in found


def test_an_id_with_a_trailing_space_is_caught(copy_repo_package: Callable[[], Path]) -> None:
    root = copy_repo_package()
    path = root / "data" / "relation_types.csv"
    text = path.read_text(encoding="utf-8").replace("rtype-amends,", "rtype-amends ,", 1)
    path.write_text(text, encoding="utf-8")
    codes = {i.code for i in _errors(root)}
    assert {"whitespace", "pattern"} <= codes
