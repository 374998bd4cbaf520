"""The SQLite ``identifier_links`` view: identifiers from the table and from declared columns, as links."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from ctcoop.cli import cli
from ctcoop.export.sqlite_identifiers import identifier_view_sql
from ctcoop.package import load_package

CORPUS = Path(__file__).resolve().parent / "corpus" / "identifiers"


def _package(tmp_path: Path, **config: Any) -> Path:
    root = tmp_path / "pkg"
    shutil.copytree(CORPUS, root)
    (root / "expected.json").unlink()
    (root / "data" / "things.csv").write_text("id,code\nthing-a,ABC\nthing-b,\n", encoding="utf-8")
    (root / "data" / "schemes.csv").write_text(
        "id,pattern,url,name_en,name_ar\n"
        "scheme-code,[A-Z]{3},https://codes.example/{value}.html,Code,رمز\n"
        "scheme-num,[0-9]+,,Number,رقم\n",
        encoding="utf-8",
    )
    (root / "data" / "identifiers.csv").write_text(
        "id,scheme,value,subject\nident-1,scheme-num,42,thing-a\n", encoding="utf-8"
    )
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    schemes = next(r for r in descriptor["resources"] if r["name"] == "schemes")
    schemes["schema"]["fields"] += [
        {"name": "url", "type": "string"},
        {"name": "name_en", "type": "string"},
        {"name": "name_ar", "type": "string"},
    ]
    things = next(r for r in descriptor["resources"] if r["name"] == "things")
    ids = next(r for r in descriptor["resources"] if r["name"] == "identifiers")
    ids["schema"]["fields"][3]["ctcoop:references"] = ["things"]
    assert things["schema"]["primaryKey"] == ["id"]
    descriptor["ctcoop:identifiers"].update(config)
    (root / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    return root


def test_the_view_lists_table_and_column_identifiers_with_their_links(tmp_path: Path) -> None:
    root = _package(tmp_path, subjectField="subject", urlTemplateField="url")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["export", str(root), "--out", str(out), "--format", "sqlite"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(next(out.glob("*.sqlite"))) as db:
        rows = db.execute("SELECT * FROM identifier_links ORDER BY held_in, subject").fetchall()
        names = [d[0] for d in db.execute("SELECT * FROM identifier_links").description]
    assert names == ["subject", "subject_table", "scheme", "scheme_name_en", "scheme_name_ar", "value",
                     "url", "held_in"]
    assert rows == [
        ("thing-a", "things", "scheme-num", "Number", "رقم", "42", None, "identifiers"),
        ("thing-a", "things", "scheme-code", "Code", "رمز", "ABC", "https://codes.example/ABC.html",
         "things.code"),
    ]


def test_no_view_without_a_subject_field_or_with_a_field_that_does_not_exist(tmp_path: Path) -> None:
    root = _package(tmp_path)
    package = load_package(root)
    by_name = {r.name: r for r in package.resources}
    assert identifier_view_sql(package.descriptor, by_name) is None
    descriptor = dict(package.descriptor)
    descriptor["ctcoop:identifiers"] = {**descriptor["ctcoop:identifiers"], "subjectField": "subject",
                                        "urlTemplateField": "nope"}
    assert identifier_view_sql(descriptor, by_name) is None
    descriptor["ctcoop:identifiers"]["urlTemplateField"] = "url"
    made = identifier_view_sql(descriptor, by_name)
    assert made is not None and made[0] == "identifier_links"
    assert identifier_view_sql({}, by_name) is None
