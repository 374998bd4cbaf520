"""End to end: validate, export and fmt on packages whose tables are TSV, NDJSON, XLSX, several
parts or inline data (read through ctcoop.tables.source), as a user runs them."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from ctcoop.cli import cli
from ctcoop.validate import available_checks

CORPUS = Path(__file__).resolve().parent / "corpus"
FIELDS = [{"name": "id", "type": "string"}, {"name": "n", "type": "integer"}]
ROWS = [{"id": "a1", "n": 1}, {"id": "b2", "n": None}]


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["id", "n"], ["a1", 1], ["b2", None]):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


#: name -> (resource without schema, files): each holds the rows of ROWS
PACKAGES: dict[str, tuple[dict[str, Any], dict[str, str | bytes]]] = {
    "tsv": ({"path": "data/items.tsv"}, {"data/items.tsv": "id\tn\na1\t1\nb2\t\n"}),
    "ndjson": ({"path": "data/items.ndjson"}, {"data/items.ndjson": '{"id": "a1", "n": 1}\n{"id": "b2"}\n'}),
    "xlsx": ({"path": "data/items.xlsx"}, {"data/items.xlsx": _xlsx()}),
    "multipart": (
        {"path": ["data/a.csv", "data/b.csv"]},
        {"data/a.csv": "id,n\na1,1\n", "data/b.csv": "b2,\n"},
    ),
    "inline": ({"data": [["id", "n"], ["a1", 1], ["b2", None]]}, {}),
}


def _build(tmp_path: Path, name: str) -> Path:
    resource, files = PACKAGES[name]
    root = tmp_path / name
    root.mkdir()
    descriptor = {"name": name, "resources": [{"name": "items", **resource, "schema": {"fields": FIELDS}}]}
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    for rel, content in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return root


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_validate_and_export_read_every_format(tmp_path: Path, name: str) -> None:
    root = _build(tmp_path, name)
    result = CliRunner().invoke(cli, ["validate", str(root)])
    checks = len(available_checks())
    assert (result.exit_code, result.output) == (
        0,
        f"valid: 0 errors, 0 warnings in 1 resource (2 rows, {checks} checks)\n",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["export", str(root), "--out", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    exported = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
    assert exported["tables"] == {"items": ROWS}


@pytest.mark.parametrize(
    ("case", "output"),
    [
        ("format_tsv", "data/items.tsv:3:2: error[type-error] n 'two' is not an integer"),
        ("format_ndjson", "data/items.ndjson:2:2: error[type-error] n 'two' is not an integer"),
        ("format_xlsx", "data/items.xlsx:3:2: error[type-error] n 'two' is not an integer"),
        ("multipart_parts", "data/part2.csv:3:2: error[type-error] n 'three' is not an integer"),
        ("inline_data", "<inline data>:2:2: error[type-error] n 'two' is not an integer"),
    ],
)
def test_validate_names_the_file_and_its_own_line(case: str, output: str) -> None:
    result = CliRunner().invoke(cli, ["validate", str(CORPUS / case)])
    first = result.output.splitlines()[0]
    assert (result.exit_code, first.split(f"corpus/{case}/", 1)[1]) == (
        1,
        output + " (digits with an optional sign, e.g. 42)",
    )


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("tsv", "'data/items.tsv' is TSV, not CSV; fmt rewrites CSV files only"),
        ("xlsx", "'data/items.xlsx' is XLSX, not CSV; fmt rewrites CSV files only"),
        ("multipart", "its data is in 2 files; fmt rewrites a table kept in one CSV file"),
        ("inline", "its rows are inline data in the descriptor, not a CSV file"),
    ],
)
def test_fmt_refuses_to_rewrite_what_is_not_one_csv_file(tmp_path: Path, name: str, why: str) -> None:
    root = _build(tmp_path, name)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = CliRunner().invoke(cli, ["fmt", str(root)])
    file = PACKAGES[name][0].get("path", "<inline data>")
    file = file[0] if isinstance(file, list) else file
    assert (result.exit_code, result.output) == (
        1,
        (
            f"cannot format {file}: resource 'items' has no canonical CSV form: {why}\n"
            "  hint: fmt leaves it as it is; validate, diff and export read it\n"
            "0 file(s) formatted, 0 already canonical, 1 could not be formatted\n"
        ),
    )
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_a_table_without_a_schema_in_another_format_or_several_parts_gets_inferred_fields(
    tmp_path: Path,
) -> None:
    root = tmp_path / "pkg"
    (root / "data").mkdir(parents=True)
    (root / "data" / "t.ndjson").write_text('{"id": 1, "x": "a"}\n{"id": 2}\n', encoding="utf-8")
    (root / "data" / "p1.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (root / "data" / "p2.csv").write_text("3\n", encoding="utf-8")
    resources = [
        {"name": "t", "path": "data/t.ndjson"},
        {"name": "m", "path": ["data/p1.csv", "data/p2.csv"]},
    ]
    (root / "datapackage.json").write_text(
        json.dumps({"name": "p", "resources": resources}), encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["validate", str(root)])
    hint = '  hint: add "schema" to the resource to have its types and constraints checked\n'
    assert (result.exit_code, result.output.replace(str(root) + "/", "")) == (
        1,
        (
            "datapackage.json: info[schema-inferred] resource 't' has no Table Schema: "
            "its fields were inferred from the header (id, x), every cell read as text\n"
            + hint
            + "datapackage.json: info[schema-inferred] resource 'm' has no Table Schema: "
            "its fields were inferred from the header (a, b), every cell read as text\n"
            + hint
            + "data/p2.csv:1:2: error[missing-cell] the row has 1 cells, the header 2: cell 2 is missing\n"
            "  hint: add the missing cells (an empty cell is written as nothing between two delimiters)\n"
            "invalid: 1 error, 0 warnings, 2 notes in 2 resources "
            f"(4 rows, {len(available_checks())} checks)\n"
        ),
    )
