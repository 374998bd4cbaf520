"""Shared by the export tests: a small but complete package, and readers that bring every export
format back to typed Python values for comparison with the CSV (read by ``ctcoop.tables.typed``).

The tests here only hold that the fixture package itself is valid, which every other export
test relies on.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import polars as pl

from ctcoop.csvio import csv_text
from ctcoop.package import Package, load_package
from ctcoop.tables.typed import read_typed
from ctcoop.validate import validate_package

PARTIAL = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
TS = "https://datapackage.org/profiles/2.0/tableschema.json"


def _res(name: str, title: str, title_ar: str) -> dict[str, Any]:
    return {"name": name, "type": "table", "path": f"data/{name}.csv", "scheme": "file", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "title": title, "ctcoop:title_ar": title_ar,
            "description": f"The {name} table.", "ctcoop:description_ar": "جدول للاختبار.",
            "schema": f"schemas/{name}.json"}


SCHEMAS: dict[str, dict[str, Any]] = {
    "countries": {"fields": [
        {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
        {"name": "name_en", "type": "string", "ctcoop:language": "en", "description": "English name"},
        {"name": "name_ar", "type": "string", "ctcoop:language": "ar", "ctcoop:translationOf": "name_en",
         "ctcoop:description_ar": "الاسم بالعربية"},
    ], "primaryKey": ["id"]},
    "orgs": {"fields": [
        {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
        {"name": "name_en", "type": "string", "ctcoop:language": "en", "constraints": {"required": True}},
        {"name": "name_ar", "type": "string", "ctcoop:language": "ar", "ctcoop:translationOf": "name_en",
         "constraints": {"required": True}},
        {"name": "parent", "type": "string"},
        {"name": "seat", "type": "string"},
        {"name": "founded", "type": "string", "ctcoop:partialDate": True,
         "constraints": {"pattern": PARTIAL}},
        {"name": "staff", "type": "integer"},
        {"name": "budget", "type": "number"},
        {"name": "active", "type": "boolean"},
        {"name": "as_of", "type": "date"},
        {"name": "tags", "type": "string", "ctcoop:listDelimiter": ";"},
        {"name": "description_en", "type": "string", "ctcoop:language": "en"},
        {"name": "description_ar", "type": "string", "ctcoop:language": "ar",
         "ctcoop:translationOf": "description_en"},
        {"name": "note", "type": "string", "missingValues": ["NA"]},
    ], "primaryKey": ["id"], "foreignKeys": [
        {"fields": ["parent"], "reference": {"resource": "", "fields": ["id"]}},
        {"fields": ["seat"], "reference": {"resource": "countries", "fields": ["id"]}},
    ]},
    "rtypes": {"fields": [
        {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
        {"name": "name_en", "type": "string", "ctcoop:language": "en"},
        {"name": "name_ar", "type": "string", "ctcoop:language": "ar", "ctcoop:translationOf": "name_en"},
    ], "primaryKey": ["id"]},
    "links": {"fields": [
        {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
        {"name": "subject", "type": "string", "ctcoop:references": ["orgs", "countries"],
         "constraints": {"required": True}},
        {"name": "type", "type": "string", "constraints": {"required": True}},
        {"name": "object", "type": "string", "ctcoop:references": ["orgs", "countries"],
         "constraints": {"required": True}},
        {"name": "concerns", "type": "string", "ctcoop:listDelimiter": ";",
         "ctcoop:references": ["orgs", "countries"]},
    ], "primaryKey": ["id"], "foreignKeys": [
        {"fields": ["type"], "reference": {"resource": "rtypes", "fields": ["id"]}},
    ]},
    "cites": {"fields": [
        {"name": "subject", "type": "string", "ctcoop:references": ["orgs", "links", "countries"],
         "constraints": {"required": True}},
        {"name": "source", "type": "string", "constraints": {"required": True}},
        {"name": "locator", "type": "string", "constraints": {"required": True}},
    ], "primaryKey": ["subject", "source", "locator"]},
}

ROWS: dict[str, list[list[str]]] = {
    "countries": [["SAU", "Saudi Arabia", "المملكة العربية السعودية"], ["EGY", "Egypt", "مصر"],
                  ["JOR", "Jordan", "الأردن"]],
    "orgs": [
        ["org-un", "United Nations", "الأُمَم المتّحدة", "", "", "1945-10-24", "37000", "3.59", "true",
         "2024-01-31", "global;un", "Founded \"after\" the war,\nin San Francisco.",
         "مُنظّمة دوليّة، تأسست عام ١٩٤٥.", ""],
        ["org-cted", "Counter-Terrorism Committee Executive Directorate",
         "المديرية التنفيذية للجنة مكافحة الإرهاب", "org-un", "", "2004", "40", "", "false", "", "", "", "",
         "NA"],
        ["org-ictc", "Imam Centre 𝕏 😀", "مركز الإمام للتدريب على مكافحة الإرهاب", "org-un", "SAU", "2017-05",
         "-3", "1E-3", "", "1899-12-31", "a;b", "Training on a high level.", "تدريب على مستوى عالٍ",
         "مختلط mixed نص"],
        ["org-jo", "Jordan Agency", "هيئة أردنية للتنسيق", "", "JOR", "", "", "NaN", "true", "", "solo",
         "", "", "CR\r\nLF, _x0041_ and \x01"],
    ],
    "rtypes": [["rtype-part-of", "part of", "جزء من"]],
    "links": [["rel-cted-un", "org-cted", "rtype-part-of", "org-un", "org-un;SAU"],
              ["rel-ictc-sau", "org-ictc", "rtype-part-of", "SAU", ""]],
    "cites": [["org-un", "src-a", "p. 1"], ["rel-cted-un", "src-a", "p. 2, §3"], ["SAU", "src-b", "\"x\""]],
}


def descriptor(names: list[str], **extra: Any) -> dict[str, Any]:
    return {"name": "mini", "version": "1.2.3", "title": "Mini package", "ctcoop:title_ar": "حزمة صغيرة",
            "description": "A package for the export tests.",
            "ctcoop:description_ar": "حزمة لاختبار التصدير.",
            "created": "2026-01-02T03:04:05Z",
            "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
            "resources": [_res(n, n.title(), "جدول") for n in names], **extra}


def write_package(root: Path, schemas: dict[str, dict[str, Any]], rows: dict[str, list[list[str]]],
                  docs: bool = True) -> Path:
    """Write a package (descriptor, schemas, canonical CSVs and, if ``docs``, README/LICENSE…)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "data").mkdir(exist_ok=True)
    (root / "schemas").mkdir(exist_ok=True)
    names = list(schemas)
    (root / "datapackage.json").write_text(json.dumps(descriptor(names), ensure_ascii=False, indent=2) + "\n",
                                           encoding="utf-8")
    for name, schema in schemas.items():
        full = {"$schema": TS, **schema, "missingValues": [""]}
        (root / "schemas" / f"{name}.json").write_text(json.dumps(full, ensure_ascii=False, indent=2) + "\n",
                                                       encoding="utf-8")
        header = [f["name"] for f in schema["fields"]]
        (root / "data" / f"{name}.csv").write_bytes(csv_text(header, rows[name]).encode("utf-8"))
    if docs:
        for doc in ("README.md", "LICENSE", "LICENSE-DATA", "CHANGELOG.md", "CITATION.cff"):
            (root / doc).write_text(f"{doc} of the mini package\n", encoding="utf-8")
    return root


def mini_package(root: Path) -> Path:
    return write_package(root, SCHEMAS, ROWS)


# ---------------------------------------------------------------- reading the formats back

def _nan_safe(v: Any) -> Any:
    if isinstance(v, float) and math.isnan(v):
        return "NaN"
    return v


def expected(pkg: Package) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows as typed Python values, straight from the CSVs."""
    return {r.name: [tuple(_nan_safe(v) for v in row) for row in read_typed(pkg, r).rows()]
            for r in pkg.resources}


def _from_text(value: Any, dtype: pl.DataType) -> Any:
    """A value written as text or JSON scalar, back to the column's Python type."""
    if value is None:
        return None
    if value in ("NaN", "INF", "-INF") and dtype == pl.Float64:
        return "NaN" if value == "NaN" else float(value.replace("INF", "inf"))
    if dtype == pl.Date and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if dtype == pl.Boolean and isinstance(value, int):
        return bool(value)
    if dtype == pl.Float64 and isinstance(value, int | float):
        return _nan_safe(float(value))
    return value


def _convert(rows: list[list[Any]], pkg: Package, name: str) -> list[tuple[Any, ...]]:
    schema = read_typed(pkg, name).schema
    dtypes = list(schema.values())
    return [tuple(_from_text(v, t) for v, t in zip(row, dtypes, strict=True)) for row in rows]


def read_json(path: Path, pkg: Package) -> dict[str, list[tuple[Any, ...]]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for res in pkg.resources:
        rows = doc["tables"][res.name]
        assert all(list(r) == res.field_names for r in rows), "every key, in schema order"
        out[res.name] = _convert([list(r.values()) for r in rows], pkg, res.name)
    return out


def read_ndjson(folder: Path, pkg: Package) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    for res in pkg.resources:
        lines = (folder / f"{res.name}.ndjson").read_text(encoding="utf-8").splitlines()
        out[res.name] = _convert([list(json.loads(line).values()) for line in lines], pkg, res.name)
    return out


def read_sqlite(path: Path, pkg: Package) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(path)
    out = {}
    try:
        for res in pkg.resources:
            schema = read_typed(pkg, res.name).schema
            rows = []
            for row in conn.execute(f'SELECT * FROM "{res.name}" ORDER BY rowid'):
                values = [json.loads(v) if isinstance(t, pl.List) and v is not None else v
                          for v, t in zip(row, schema.values(), strict=True)]
                rows.append(values)
            out[res.name] = _convert(rows, pkg, res.name)
    finally:
        conn.close()
    return out


_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def ooxml_unescape(text: str) -> str:
    """Decode OOXML's ``_xHHHH_`` escapes, as Excel does (openpyxl leaves them in inline strings)."""
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def read_xlsx(path: Path, pkg: Package) -> dict[str, list[tuple[Any, ...]]]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    out = {}
    try:
        for res in pkg.resources:
            schema = read_typed(pkg, res.name).schema
            ws = wb[res.name]
            cells = list(ws.iter_rows(values_only=True))
            assert list(cells[0]) == res.field_names
            rows = []
            for raw in cells[1:]:
                values: list[Any] = []
                for v, (fname, t) in zip(raw, schema.items(), strict=True):
                    if isinstance(v, str):
                        v = ooxml_unescape(v)
                    if isinstance(t, pl.List) and isinstance(v, str):
                        delim = (res.field(fname) or {}).get("ctcoop:listDelimiter", ";")
                        v = v.split(delim)
                    elif t == pl.Int64 and isinstance(v, str | float):
                        v = int(v)
                    elif t == pl.Date and isinstance(v, dt.datetime):
                        v = v.date()
                    elif t == pl.Float64 and isinstance(v, str) and v not in ("NaN", "INF", "-INF"):
                        v = float(v)
                    values.append(v)
                rows.append(values)
            out[res.name] = _convert(rows, pkg, res.name)
    finally:
        wb.close()
    return out


def read_parquet(folder: Path, pkg: Package) -> dict[str, list[tuple[Any, ...]]]:
    import pyarrow.parquet as pq

    out = {}
    for res in pkg.resources:
        table = pq.read_table(folder / f"{res.name}.parquet")
        assert table.column_names == res.field_names
        rows = [[row[n] for n in res.field_names] for row in table.to_pylist()]
        out[res.name] = _convert(rows, pkg, res.name)
    return out


def zip_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return zf.namelist()


# ---------------------------------------------------------------- the fixture is valid

def test_mini_package_is_valid(tmp_path: Path) -> None:
    root = mini_package(tmp_path / "mini")
    report = validate_package(root)
    assert report.valid, [i.message for i in report.issues]
    frames = expected(load_package(root))
    assert len(frames["orgs"]) == 4
