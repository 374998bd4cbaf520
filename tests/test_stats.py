"""``ctcoop stats``: counts on a fixture whose answers are known, the three renderers, the repo package."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ctcoop.cli import cli
from ctcoop.render_stats import TOP, render_markdown, render_text
from ctcoop.stats import package_stats

DATE = {"pattern": "^[0-9]{4}(-[0-9]{2})?$"}
ORGS: dict[str, Any] = {"fields": [
    {"name": "id", "type": "string"},
    {"name": "name_en", "type": "string", "ctcoop:language": "en"},
    {"name": "name_ar", "type": "string", "ctcoop:language": "ar", "ctcoop:translationOf": "name_en"},
    {"name": "place_en", "type": "string"},
    {"name": "place_ar", "type": "string", "ctcoop:translationOf": "place_en"},
    {"name": "kind", "type": "string", "constraints": {"enum": ["a", "b"]}},
    {"name": "active", "type": "boolean"},
    {"name": "founded", "type": "string", "ctcoop:partialDate": True, "constraints": DATE},
    {"name": "country", "type": "string"},
    {"name": "parent", "type": "string"},
], "primaryKey": ["id"], "foreignKeys": [
    {"fields": ["country"], "reference": {"resource": "countries", "fields": ["id"]}},
    {"fields": ["parent"], "reference": {"resource": "", "fields": ["id"]}},
]}
ORGS_CSV = """id,name_en,name_ar,place_en,place_ar,kind,active,founded,country,parent
o1,One,واحد,Paris,باريس,a,true,2001,SAU,
o2,Two,اثنان,Rome,,a,,,EGY,o1
o3,Three,ثلاثة,,,b,false,2003-01,SAU,o1
o4,Four,,,,,,,,
"""
COUNTRIES: dict[str, Any] = {"fields": [{"name": "id", "type": "string"}, {"name": "name", "type": "string"}],
                             "primaryKey": ["id"]}
CITATION_KEY = ["subject", "source", "locator"]
CITATIONS: dict[str, Any] = {"fields": [{"name": n, "type": "string"} for n in CITATION_KEY],
                             "primaryKey": CITATION_KEY}
DESCRIPTOR = {
    "name": "fixture", "version": "1.2.3",
    "ctcoop:citations": {"resource": "citations", "subjectField": "subject", "sourceField": "source",
                         "locatorField": "locator"},
    "resources": [
        {"name": "orgs", "path": "orgs.csv", "schema": ORGS, "ctcoop:requiresCitation": True},
        {"name": "countries", "path": "countries.csv", "schema": COUNTRIES},
        {"name": "citations", "path": "citations.csv", "schema": CITATIONS},
    ],
}
FILES = {
    "orgs.csv": ORGS_CSV,
    "countries.csv": "id,name\nEGY,Egypt\nSAU,Saudi Arabia\n",
    "citations.csv": "subject,source,locator\no1,s,p1\no1,s,p2\no3,s,p9\nSAU,s,p3\n",
}


@pytest.fixture
def pkg(make_package: Callable[..., Path]) -> Path:
    return make_package(DESCRIPTOR, FILES)


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_counts(pkg: Path) -> None:
    stats = package_stats(pkg)
    assert (stats.name, stats.version, stats.rows) == ("fixture", "1.2.3", 4 + 2 + 4)
    orgs = stats.tables[0]
    assert (orgs.rows, orgs.bilingual, orgs.cited, orgs.dated) == (4, 2, 2, 2)
    cats = {c.field: c for c in orgs.categories}
    assert list(cats) == ["kind", "active", "country"], "enum, boolean, reference to another table (not self)"
    assert cats["kind"].counts == {"a": 2, "": 1, "b": 1}
    assert cats["active"].counts == {"": 2, "false": 1, "true": 1}
    assert cats["country"].kind == "reference" and cats["country"].references == "countries"
    assert cats["country"].counts == {"SAU": 2, "": 1, "EGY": 1}
    countries = stats.tables[1]
    assert (countries.rows, countries.bilingual, countries.cited, countries.dated) == (2, None, None, None)
    assert stats.total("bilingual") == (2, 4)
    assert stats.total("cited") == (2, 4)


def test_an_unreadable_file_is_reported_not_fatal(make_package: Callable[..., Path]) -> None:
    root = make_package(DESCRIPTOR, dict(FILES, **{"countries.csv": "code,label\nX,Y\n"}))
    result = run("stats", str(root))
    assert result.exit_code == 0, result.output
    assert "not read:" in result.stdout and "countries" in result.stdout and "header" in result.stdout


def test_text_output(pkg: Path) -> None:
    result = run("stats", str(pkg))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("fixture 1.2.3: 3 tables, 10 rows\n")
    assert "orgs" in out and "2 (50%)" in out
    assert "orgs.kind: a 2, (empty) 1, b 1" in out
    assert out == render_text(package_stats(pkg))


def test_markdown_output_for_a_job_summary(pkg: Path) -> None:
    result = run("stats", str(pkg), "--format", "markdown")
    assert result.exit_code == 0
    md = result.stdout
    assert "| table | rows | both languages | cited | with dates |" in md
    assert "| `orgs` | 4 | 2 (50%) | 2 (50%) | 2 (50%) |" in md
    assert "| `countries` | 2 | — | — | — |" in md
    assert "<details><summary><code>orgs</code>: rows per value</summary>" in md
    assert "| `country` | SAU | 2 |" in md


def test_json_output_is_the_library_result(pkg: Path) -> None:
    result = run("stats", str(pkg), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["tables"] == package_stats(pkg).model_dump(mode="json")["tables"]
    half = {"count": 2, "rows": 4}
    assert data["totals"] == {"rows": 10, "bilingual": half, "cited": half, "dated": half}
    assert "واحد" not in result.stdout, "counts only, never cell text beyond category values"


def test_long_categories_are_capped_in_text_and_markdown(make_package: Callable[..., Path]) -> None:
    rows = "".join(f"o{i},N{i},ن,,,a,,,C{i:02d},\n" for i in range(TOP + 3))
    countries = "id,name\n" + "".join(f"C{i:02d},c\n" for i in range(TOP + 3))
    root = make_package(DESCRIPTOR, dict(FILES, **{"orgs.csv": ORGS_CSV.split("\n")[0] + "\n" + rows,
                                                   "countries.csv": countries}))
    stats = package_stats(root)
    assert "3 others 3" in render_text(stats)
    assert "| `country` | 3 others | 3 |" in render_markdown(stats)
    assert len(stats.tables[0].categories[2].counts) == TOP + 3


def test_missing_package_is_a_usage_error(tmp_path: Path) -> None:
    result = run("stats", str(tmp_path / "nowhere"))
    assert result.exit_code == 2


def test_repo_package_rows_match_the_csv_files(copy_repo_package: Callable[[], Path]) -> None:
    root = copy_repo_package()
    result = run("stats", str(root), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for table in data["tables"]:
        if table["unreadable"]:
            continue
        with (root / table["path"]).open(encoding="utf-8", newline="") as fh:
            assert table["rows"] == sum(1 for _ in csv.DictReader(fh)), table["name"]


def test_a_row_without_text_in_a_pair_is_not_half_translated(make_package: Callable[..., Path]) -> None:
    rows = ORGS_CSV + "o5,,,,,,,,,\no6,,سادس,,,,,,,\n"
    stats = package_stats(make_package(DESCRIPTOR, dict(FILES, **{"orgs.csv": rows})))
    orgs = stats.tables[0]
    assert (orgs.rows, orgs.bilingual) == (6, 3), "o5 has neither language: nothing to translate; o6 has half"
