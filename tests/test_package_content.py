"""The bundled data: IDs, languages, sources and every reference, checked directly from the CSVs.

These tests read the files with the csv module, independently of `ctcoop validate`, so the two
implementations check each other.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DESCRIPTOR = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
SCHEMAS = {
    r["name"]: json.loads((ROOT / r["schema"]).read_text(encoding="utf-8")) for r in DESCRIPTOR["resources"]
}
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
LATIN = re.compile("[A-Za-z]")
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def rows(name: str) -> list[dict[str, str]]:
    res = next(r for r in DESCRIPTOR["resources"] if r["name"] == name)
    with (ROOT / res["path"]).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


ALL = {name: rows(name) for name in SCHEMAS}
IDS = {name: {r["id"] for r in table} for name, table in ALL.items() if "id" in SCHEMAS[name]["primaryKey"]}


def fields_with(prop: str) -> list[tuple[str, dict[str, Any]]]:
    return [(name, f) for name, s in SCHEMAS.items() for f in s["fields"] if prop in f]


def test_data_files_are_utf8_lf_with_schema_header() -> None:
    for res in DESCRIPTOR["resources"]:
        raw = (ROOT / res["path"]).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), res["path"]
        assert b"\r\n" not in raw, res["path"]
        raw.decode("utf-8")
        header = raw.split(b"\n", 1)[0].decode()
        assert header.split(",") == [f["name"] for f in SCHEMAS[res["name"]]["fields"]], res["path"]


def test_rows_are_sorted_by_primary_key() -> None:
    for name, table in ALL.items():
        keys = [tuple(r[k] for k in SCHEMAS[name]["primaryKey"]) for r in table]
        assert keys == sorted(keys), name


def test_ids_follow_the_rule_and_are_unique_across_the_package() -> None:
    seen: dict[str, str] = {}
    for name, ids in IDS.items():
        pattern = re.compile(SCHEMAS[name]["fields"][0]["constraints"]["pattern"])
        for value in ids:
            assert pattern.fullmatch(value), f"{name}: {value}"
            assert value not in seen, f"{value} in both {seen.get(value)} and {name}"
            seen[value] = name
        if name != "countries":
            prefix = SCHEMAS[name]["fields"][0]["constraints"]["pattern"][1:].split("-")[0]
            assert all(v.startswith(prefix + "-") for v in ids)


def test_every_reference_resolves_including_polymorphic_and_lists() -> None:
    bad = []
    for name, schema in SCHEMAS.items():
        for fk in schema.get("foreignKeys", []):
            target = fk["reference"]["resource"] or name
            for r in ALL[name]:
                value = r[fk["fields"][0]]
                if value and value not in IDS[target]:
                    bad.append(f"{name}.{fk['fields'][0]}={value} not in {target}")
    for name, field in fields_with("ctcoop:references"):
        targets = set().union(*(IDS[t] for t in field["ctcoop:references"]))
        for r in ALL[name]:
            cell = r[field["name"]]
            values = (
                cell.split(field["ctcoop:listDelimiter"])
                if "ctcoop:listDelimiter" in field and cell
                else [cell]
            )
            bad += [f"{name}.{field['name']}={v}" for v in values if v and v not in targets]
    assert bad == []


def test_relations_respect_their_types() -> None:
    types = {r["id"]: r for r in ALL["relation_types"]}
    table_of = {i: name for name, ids in IDS.items() for i in ids}
    for r in ALL["relations"]:
        t = types[r["type"]]
        assert table_of[r["subject"]] in t["subject_resources"].split(";"), r["id"]
        assert table_of[r["object"]] in t["object_resources"].split(";"), r["id"]


def test_every_content_row_is_cited_with_a_locator_and_an_existing_source() -> None:
    cited = {c["subject"] for c in ALL["citations"] if c["locator"].strip()}
    uncited = [
        f"{res['name']}:{r['id']}"
        for res in DESCRIPTOR["resources"]
        if res.get("ctcoop:requiresCitation")
        for r in ALL[res["name"]]
        if r["id"] not in cited
    ]
    assert uncited == []
    assert {c["source"] for c in ALL["citations"]} <= IDS["sources"]


def test_named_rows_are_bilingual_in_the_right_script() -> None:
    problems = []
    for name, field in fields_with("ctcoop:language"):
        for r in ALL[name]:
            text = r[field["name"]]
            if not text:
                continue
            if field["ctcoop:language"] == "ar":
                if not ARABIC.search(text):
                    problems.append(f"{name}.{field['name']}: no Arabic script in {text!r}")
                if unicodedata.normalize("NFC", text) != text:
                    problems.append(f"{name}.{field['name']}: not NFC")
            elif ARABIC.search(text):
                problems.append(f"{name}.{field['name']}: Arabic script in an English field")
            if BIDI.search(text) or text != text.strip():
                problems.append(f"{name}.{field['name']}: bidi control or outer white space")
    for name, field in fields_with("ctcoop:translationOf"):
        for r in ALL[name]:
            if bool(r[field["name"]]) != bool(r[field["ctcoop:translationOf"]]):
                problems.append(f"{name}:{r.get('id')}: {field['name']} and its twin are not both filled")
    assert problems == []


@pytest.mark.parametrize("name", ["organizations", "instruments", "mechanisms", "events", "themes"])
def test_content_tables_have_arabic_and_english_names(name: str) -> None:
    for r in ALL[name]:
        assert r["name_en"] and r["name_ar"], r["id"]
        assert LATIN.search(r["name_en"]) or r["name_en"].isdigit(), r["id"]
