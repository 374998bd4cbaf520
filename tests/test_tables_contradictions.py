"""The two contradictions of issue #11: every command reads a table as validate does.

(a) a header that differs from the schema only by case, with ``fieldsMatch: "equal"``;
(b) a Table Schema v2 ``missingValues`` list of objects (``{"value": "-", "label": "not known"}``).
In both, validate says valid, and export, diff, fmt and stats accept the package and read the
same rows and values.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from ctcoop.cli import cli
from ctcoop.fmt import FileStatus, format_package
from ctcoop.package import load_package
from ctcoop.stats import package_stats
from ctcoop.tables.typed import read_typed
from ctcoop.validate import validate_package

V2 = "https://datapackage.org/profiles/2.0/datapackage.json"


def _descriptor(schema: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": V2, "name": "p", "resources": [{"name": "t", "path": "t.csv", "schema": schema}]}


CASE_SCHEMA = {
    "fields": [{"name": "id", "type": "string"}, {"name": "n", "type": "integer"}],
    "primaryKey": ["id"],
    "fieldsMatch": "equal",
}
MISSING_SCHEMA = {
    "fields": [{"name": "id", "type": "string"}, {"name": "n", "type": "integer"}],
    "primaryKey": ["id"],
    "missingValues": [{"value": "", "label": "empty"}, {"value": "-", "label": "not known"}],
}


def _every_command_agrees(
    root: Path, expected_rows: list[tuple[Any, ...]], edit: tuple[str, str], tmp_path: Path
) -> None:
    report = validate_package(root)
    assert report.valid, [i.message for i in report.issues]
    assert [i for i in report.issues if i.severity.value == "error"] == []
    assert read_typed(load_package(root), "t").rows() == expected_rows

    out = tmp_path / "out"
    exported = CliRunner().invoke(cli, ["export", str(root), "--out", str(out), "--format", "json"])
    assert exported.exit_code == 0, exported.output
    data = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
    assert json.dumps(data, ensure_ascii=False).count('"id"') >= len(expected_rows)

    stats = package_stats(root)
    assert [(t.name, t.rows, t.unreadable) for t in stats.tables] == [("t", len(expected_rows), None)]

    other = tmp_path / "other"
    shutil.copytree(root, other)
    text = (other / "t.csv").read_text(encoding="utf-8")
    (other / "t.csv").write_text(text.replace(*edit), encoding="utf-8")
    diffed = CliRunner().invoke(cli, ["diff", str(root), str(other), "--format", "json"])
    assert diffed.exit_code == 1, diffed.output
    result = json.loads(diffed.stdout)
    changed = next(r for r in result["resources"] if r["name"] == "t")
    assert changed["rows_changed"]["count"] == 1
    assert changed["rows_added"]["count"] == 0 and changed["rows_removed"]["count"] == 0
    same = CliRunner().invoke(cli, ["diff", str(root), str(root), "--format", "json"])
    assert same.exit_code == 0, same.output

    checked = format_package(root, check=True)
    assert [f.status for f in checked.files] != [FileStatus.ERROR], checked.files
    format_package(root)
    assert read_typed(load_package(root), "t").rows() == expected_rows
    assert validate_package(root).valid


def test_a_header_differing_only_by_case_reads_the_same_everywhere(
    make_package: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_package(_descriptor(CASE_SCHEMA), {"t.csv": "N,ID\n1,a\n2,b\n"})
    _every_command_agrees(root, [("a", 1), ("b", 2)], ("2,b", "3,b"), tmp_path)
    assert (root / "t.csv").read_text(encoding="utf-8") == "id,n\na,1\nb,2\n"


def test_v2_missing_value_objects_are_missing_everywhere(
    make_package: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_package(_descriptor(MISSING_SCHEMA), {"t.csv": "id,n\na,-\nb,2\nc,\n"})
    report = validate_package(root)
    assert not [i for i in report.issues if i.code == "type-error"], report.issues
    _every_command_agrees(root, [("a", None), ("b", 2), ("c", None)], ("b,2", "b,3"), tmp_path)
    assert load_package(root).resource("t").missing_values == ["", "-"]


def test_field_level_missing_values_and_the_null_sequence(make_package: Callable[..., Path]) -> None:
    schema = {
        "fields": [
            {"name": "id", "type": "string"},
            {"name": "n", "type": "integer", "missingValues": [{"value": "n/a", "label": "not applicable"}]},
        ],
    }
    desc = _descriptor(schema)
    desc["resources"][0]["dialect"] = {"nullSequence": "NULL"}
    root = make_package(desc, {"t.csv": "id,n\na,n/a\nNULL,NULL\nc,3\n"})
    assert validate_package(root).valid
    assert read_typed(load_package(root), "t").rows() == [("a", None), (None, None), ("c", 3)]
