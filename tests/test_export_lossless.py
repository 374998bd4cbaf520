"""Every export format, read back, equals the CSV data value for value (typed by the schema).

One hand-written package covers the known edge cases; hypothesis then generates small packages
with Arabic and mixed-direction text, quotes, commas, line breaks, empty strings versus missing
values, characters beyond the BMP and every field type the package uses.
"""

from __future__ import annotations

import datetime as dt
import string
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctcoop.export import export_package
from ctcoop.package import load_package
from ctcoop.tables.typed import read_typed
from ctcoop.validate import validate_package
from test_export_support import (
    PARTIAL,
    expected,
    mini_package,
    read_json,
    read_ndjson,
    read_parquet,
    read_sqlite,
    read_xlsx,
    write_package,
)


def _check_all_formats(root: Path, out: Path) -> None:
    export_package(root, out)
    pkg = load_package(root)
    want = expected(pkg)
    base = "mini-1.2.3"  # write_package names every package mini, version 1.2.3
    got = {
        "json": read_json(out / f"{base}.json", pkg),
        "ndjson": read_ndjson(out / "ndjson", pkg),
        "sqlite": read_sqlite(out / f"{base}.sqlite", pkg),
        "xlsx": read_xlsx(out / f"{base}.xlsx", pkg),
        "parquet": read_parquet(out / "parquet", pkg),
    }
    for fmt, tables in got.items():
        for name, rows in want.items():
            assert tables[name] == rows, f"{fmt}: table {name} differs"
    for res in pkg.resources:  # polars reads the Parquet back with the very same dtypes and values
        back = pl.read_parquet(out / "parquet" / f"{res.name}.parquet")
        assert back.equals(read_typed(pkg, res), null_equal=True)


def test_hand_written_edge_cases_survive_every_format(tmp_path: Path) -> None:
    root = mini_package(tmp_path / "mini")
    _check_all_formats(root, tmp_path / "out")
    orgs = dict(zip(["un", "cted", "ictc", "jo"], expected(load_package(root))["orgs"], strict=True))
    assert orgs["cted"][-1] is None, "NA is missing"
    assert orgs["un"][-1] == "", "an empty cell is an empty string when '' is not a missing value"
    assert orgs["ictc"][9] == dt.date(1899, 12, 31)
    assert orgs["jo"][7] == "NaN"
    assert orgs["jo"][-1] == "CR\r\nLF, _x0041_ and \x01"


# ---------------------------------------------------------------- generated packages

ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىة"
ARABIC_MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640"
OTHER = "\"',;:.!?()«»،؛؟\n\r\t_٠١٢٣" + "😀𝕏𠀀" + "é中"
LATIN = string.ascii_letters + string.digits + " "


def _clean(text: str) -> str:
    """What the validator accepts in any string cell: no outer space, no formula start."""
    text = text.strip()
    while text and text[0] in "=+-@":
        text = text[1:].strip()
    return text


arabic_text = st.text(ARABIC_LETTERS + ARABIC_MARKS + " ،", min_size=1, max_size=12).map(
    lambda s: unicodedata.normalize("NFC", _clean(s))).filter(lambda s: any(c in ARABIC_LETTERS for c in s))
english_text = st.text(LATIN + "\"',;\n😀𝕏", min_size=1, max_size=12).map(_clean).filter(bool)
any_text = st.text(LATIN + ARABIC_LETTERS + ARABIC_MARKS + OTHER, max_size=15).map(_clean)
numbers = st.one_of(
    st.builds(lambda m, e: str(Decimal(m).scaleb(-e)), st.integers(-10**14, 10**14), st.integers(0, 6)),
    st.sampled_from(["NaN", "INF", "-INF", "0", "-0.5", "1E+20"]),
)
partial_dates = st.dates(dt.date(1000, 1, 1), dt.date(2999, 12, 31)).flatmap(
    lambda d: st.sampled_from([d.isoformat()[:4], d.isoformat()[:7], d.isoformat()]))
list_items = st.text(string.ascii_lowercase + ARABIC_LETTERS, min_size=1, max_size=6)

FIELDS: list[dict[str, Any]] = [
    {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
    {"name": "name_en", "type": "string", "ctcoop:language": "en"},
    {"name": "name_ar", "type": "string", "ctcoop:language": "ar"},
    {"name": "text", "type": "string"},
    {"name": "kept", "type": "string", "missingValues": ["NA"]},
    {"name": "count", "type": "integer"},
    {"name": "amount", "type": "number"},
    {"name": "flag", "type": "boolean"},
    {"name": "day", "type": "date"},
    {"name": "when", "type": "string", "ctcoop:partialDate": True, "constraints": {"pattern": PARTIAL}},
    {"name": "items", "type": "string", "ctcoop:listDelimiter": ";"},
]


def _maybe(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), strategy)


row_values = st.tuples(
    _maybe(english_text), _maybe(arabic_text), any_text,
    st.one_of(st.just("NA"), st.just(""), any_text),
    _maybe(st.integers(-2**63, 2**63 - 1).map(str)),
    _maybe(numbers),
    st.sampled_from(["", "true", "false"]),
    _maybe(st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat)),
    _maybe(partial_dates),
    _maybe(st.lists(list_items, min_size=1, max_size=3).map(";".join)),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(rows=st.lists(row_values, min_size=0, max_size=6))
def test_generated_packages_survive_every_format(tmp_path_factory: pytest.TempPathFactory,
                                                 rows: list[tuple[str, ...]]) -> None:
    tmp = tmp_path_factory.mktemp("gen")
    table = [[f"r{i}", *values] for i, values in enumerate(rows)]
    schemas = {"t": {"fields": FIELDS, "primaryKey": ["id"]}}
    root = write_package(tmp / "pkg", schemas, {"t": table}, docs=False)
    report = validate_package(root)
    assert report.valid, [i.message for i in report.issues]  # the generator makes valid packages
    _check_all_formats(root, tmp / "out")
