"""ctcoop diff on the command line: exit codes, each output format against a golden file, capping.

Regenerate the golden files after an intended change with ``CTCOOP_UPDATE_GOLDEN=1 pytest
tests/test_diff_cli.py`` and review the diff of tests/golden/diff/.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ctcoop.cli import cli

GOLDEN = Path(__file__).resolve().parent / "golden" / "diff"

FIELDS: list[dict[str, Any]] = [
    {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
    {"name": "name_en", "type": "string"},
    {"name": "name_ar", "type": "string"},
    {"name": "members", "type": "integer"},
    {"name": "budget", "type": "number"},
    {"name": "note", "type": "string"},
]
OLD_CSV = (
    "id,name_en,name_ar,members,budget,note\n"
    "b-1,Security Council,مجلس الأمن,15,4331,\n"
    "b-2,Counter-Terrorism Office,مكتب مكافحة الإرهاب,3,20.5,a | b\n"
    "b-3,Global Forum,المنتدى العالمي,30,1,\n"
    "b-4,Task Force,فرقة العمل,7,2,old\n"
)
NEW_CSV = (
    "id,name_en,name_ar,members,budget,note\n"
    "b-1,Security Council,مجلس الأمن,15,4331.0,\n"
    "b-2,United Nations Counter-Terrorism Office,مكتب الأمم المتحدة لمكافحة الإرهاب,3,21,"
    '"line one\nline two"\n'
    "b-5,Task Force,فرقة العمل,7,2,old\n"
    "b-6,Network,شبكة,12,,\n"
)
CITES = [
    {"name": "subject", "type": "string"},
    {"name": "source", "type": "string"},
    {"name": "locator", "type": "string"},
]


def descriptor(version: str = "0.3.1") -> dict[str, Any]:
    return {
        "name": "mini",
        "title": "Mini",
        "version": version,
        "resources": [
            {
                "name": "bodies",
                "path": "data/bodies.csv",
                "format": "csv",
                "schema": {"fields": copy.deepcopy(FIELDS), "primaryKey": ["id"]},
            },
            {
                "name": "citations",
                "path": "data/citations.csv",
                "format": "csv",
                "schema": {"fields": copy.deepcopy(CITES), "primaryKey": ["subject", "source", "locator"]},
            },
        ],
    }


def write(root: Path, desc: dict[str, Any], files: dict[str, str]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False, indent=2), encoding="utf-8")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8", newline="")


@pytest.fixture
def pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """old/ and new/ in the current directory, NEW with every kind of row change and a few schema ones."""
    cites_old = "subject,source,locator\nb-1,src-a,p. 1\nb-2,src-a,p. 2\n"
    cites_new = "subject,source,locator\nb-1,src-a,p. 1\nb-2,src-a,p. 2\nb-5,src-b,§ 3\n"
    write(tmp_path / "old", descriptor(), {"data/bodies.csv": OLD_CSV, "data/citations.csv": cites_old})
    new = descriptor()
    new["title"] = "Mini (revised)"
    new["resources"][0]["schema"]["fields"][3]["constraints"] = {"minimum": 0}
    new["resources"][0]["schema"]["fields"].append({"name": "founded", "type": "year"})
    new_csv = NEW_CSV.replace("members,budget,note\n", "members,budget,note,founded\n")
    new_csv = "\n".join(line + "," if i and line else line for i, line in enumerate(new_csv.split("\n")))
    new_csv = new_csv.replace('"line one,', '"line one')
    write(tmp_path / "new", new, {"data/bodies.csv": new_csv, "data/citations.csv": cites_new})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("CTCOOP_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    assert text == path.read_text(encoding="utf-8"), f"output differs from {path}"


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, ["diff", *args])


def test_no_differences_exit_0(pair: Path) -> None:
    result = invoke("old", "old")
    assert result.exit_code == 0, result.output
    assert "No differences." in result.stdout


@pytest.mark.parametrize(
    ("fmt", "name"), [("text", "text.txt"), ("markdown", "markdown.md"), ("json", "json.json")]
)
def test_each_format_against_golden(pair: Path, fmt: str, name: str) -> None:
    result = invoke("old", "new", "--format", fmt)
    assert result.exit_code == 1, result.output
    golden(name, result.stdout)


def test_json_is_complete_and_keeps_arabic(pair: Path) -> None:
    doc = json.loads(invoke("old", "new", "--format", "json").stdout)
    assert doc["format"] == "ctcoop-diff/1" and doc["level"] == "major" and doc["next_version"] == "1.0.0"
    assert "مكتب الأمم المتحدة" in invoke("old", "new", "--format", "json").stdout  # not \\u escapes
    bodies = next(r for r in doc["resources"] if r["name"] == "bodies")
    assert bodies["rows_changed"]["count"] == 1 and bodies["rows_changed"]["cells"] == 4
    assert bodies["id_changes"] == [{"old": {"id": "b-4"}, "new": {"id": "b-5"}}]
    assert doc["summary"]["rows_added"] == 3 and doc["summary"]["rows_removed"] == 2


def test_markdown_caps_rows_and_shows_the_full_count(pair: Path) -> None:
    result = invoke("old", "new", "--format", "markdown", "--max-rows", "1")
    assert result.exit_code == 1
    assert "*Showing 1 of 2 rows; run `ctcoop diff --max-rows 0` for all.*" in result.stdout
    assert result.stdout.index("| Resource |") < result.stdout.index("<details>")  # summary table first


def test_colour_only_when_asked_or_on_a_terminal(pair: Path) -> None:
    assert "\x1b[" not in invoke("old", "new").stdout  # CliRunner's stdout is not a terminal
    assert "\x1b[" in invoke("old", "new", "--color").stdout


def test_errors_exit_2(pair: Path) -> None:
    result = invoke("old", "no-such-thing")
    assert result.exit_code == 2
    desc = descriptor()
    del desc["resources"][0]["schema"]["primaryKey"]
    write(
        pair / "nokey", desc, {"data/bodies.csv": OLD_CSV, "data/citations.csv": "subject,source,locator\n"}
    )
    result = invoke("nokey", "nokey", "--key", "bodies:nope")
    assert result.exit_code == 2 and "--key names 'nope'" in result.output
    result = invoke("nokey", "nokey", "--key", "bodies:")
    assert result.exit_code == 2 and "names no field" in result.output


def test_invalid_package_refused_with_validate(pair: Path) -> None:
    write(
        pair / "bad",
        descriptor(),
        {
            "data/bodies.csv": OLD_CSV.replace(",15,", ",fifteen,"),
            "data/citations.csv": "subject,source,locator\n",
        },
    )
    result = invoke("old", "bad", "--validate")
    assert result.exit_code == 2 and "not a valid package" in result.output
    result = invoke("old", "bad")  # without --validate, a value that does not cast still stops the diff
    assert result.exit_code == 2
    assert "data/bodies.csv" in result.output and "line 2" in result.output and "'members'" in result.output
