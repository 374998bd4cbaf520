"""Property tests of ``fmt``: for any rows written in any CSV style, formatting keeps the data
(up to the canonical normalizations), gives canonical output, and a second run changes nothing."""

from __future__ import annotations

import csv
import io
import json
import random
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctcoop.csvio import csv_text
from ctcoop.errors import CtcoopError
from ctcoop.fmt import FileStatus, format_package
from ctcoop.package import Resource, load_package
from ctcoop.tables.canonical import (
    canonical_from_bytes,
    check_canonical,
    check_canonical_bytes,
)
from ctcoop.tables.canonical_quick import quick_canonical, quick_check

FIELDS = ["id", "text_en", "text_ar", "note"]
SCHEMA = {"fields": [{"name": n, "type": "string"} for n in FIELDS], "primaryKey": ["id"],
          "fieldsMatch": "equal"}

# Text with what breaks CSV writers: quotes, commas, line breaks (LF and CR LF), white space at
# the edges, Arabic with diacritics, decomposed accents, right-to-left marks, emoji beyond the BMP.
ALPHABET = st.sampled_from([*'ab ,"\n\t', "\r\n", "\u0623", "\u064e", "\u0647", "e\u0301", "\u200f",
                            "\U0001f600", "\u00a0", "سلام", "=1+1"])
TEXT = st.lists(ALPHABET, max_size=12).map("".join)


def norm(value: str) -> str:
    return unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n")).strip()


def read_back(path: Path) -> list[tuple[str, ...]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return sorted(tuple(norm(row[f]) for f in FIELDS) for row in reader)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(TEXT, TEXT, TEXT), max_size=8), seed=st.integers(0, 2**16),
       quote_all=st.booleans(), crlf=st.booleans())
def test_fmt_keeps_the_data_and_is_idempotent(tmp_path_factory: pytest.TempPathFactory,
                                              rows: list[tuple[str, str, str]],
                                              seed: int, quote_all: bool, crlf: bool) -> None:
    rng = random.Random(seed)
    root = tmp_path_factory.mktemp("prop")
    (root / "datapackage.json").write_text(json.dumps({"name": "p", "resources": [
        {"name": "t", "path": "t.csv", "schema": SCHEMA}]}), encoding="utf-8")
    header = FIELDS[:]
    rng.shuffle(header)
    records = [{"id": f" k{i:02d} " if i % 3 == 0 else f"k{i}", "text_en": a, "text_ar": b, "note": c}
               for i, (a, b, c) in enumerate(rows)]
    rng.shuffle(records)
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
                        lineterminator="\r\n" if crlf else "\n")
    writer.writerow(header)
    for rec in records:
        writer.writerow([rec[h] for h in header])
    (root / "t.csv").write_bytes(buf.getvalue().encode("utf-8"))
    expected = sorted(tuple(norm(rec[f]) for f in FIELDS) for rec in records)

    first = format_package(root)
    assert first.ok
    once = (root / "t.csv").read_bytes()
    assert read_back(root / "t.csv") == expected
    assert check_canonical(load_package(root), "t").canonical
    with (root / "t.csv").open(encoding="utf-8", newline="") as fh:
        raw = list(csv.reader(fh))
    assert raw[0] == FIELDS, "header in schema order"
    assert all(cell == norm(cell) for row in raw for cell in row), "every cell normalized"
    assert [r[0] for r in raw[1:]] == sorted(r[0] for r in raw[1:]), "rows sorted by key"
    assert once.decode("utf-8") == unicodedata.normalize("NFC", once.decode("utf-8"))
    assert b"\r" not in once, "LF endings, and line breaks inside cells are LF too"

    second = format_package(root)
    assert [f.status for f in second.files] == [FileStatus.CANONICAL]
    assert (root / "t.csv").read_bytes() == once


# --- the quick (vectorized) proof agrees with the exact canonical form --------------------------

RESOURCE = Resource(name="t", path="t.csv", descriptor={}, schema={
    "fields": [{"name": "k"}, {"name": "v"}], "primaryKey": ["k"]})
ONE_FIELD = Resource(name="one", path="one.csv", descriptor={}, schema={"fields": [{"name": "k"}]})
RAW_PIECE = st.sampled_from(["a", "b", "1", " ", ",", '"', '""', "\n", "\r\n", "e\u0301", "\u00e9", "س",
                             "\u00a0", "a,b\n", "b,a\n"])
RAW_TEXT = st.lists(RAW_PIECE, max_size=30).map("".join)


def _exact(res: Resource, data: bytes) -> bytes | None:
    try:
        return canonical_from_bytes(res, data)
    except CtcoopError:
        return None


@settings(max_examples=300, deadline=None)
@given(body=RAW_TEXT, res=st.sampled_from([RESOURCE, ONE_FIELD]), bom=st.booleans())
def test_quick_check_agrees_with_the_exact_form(body: str, res: Resource, bom: bool) -> None:
    data = (("\ufeff" if bom else "") + ",".join(res.field_names) + "\n" + body).encode("utf-8")
    quick = quick_check(res, data)
    exact = _exact(res, data)
    if quick is not None:
        assert quick.canonical == (exact == data)
    if exact is not None and exact != data:
        first_difference = check_canonical_bytes(res, data).line
        assert first_difference is not None
        if quick is not None:
            assert quick.line is not None and quick.line >= first_difference, (quick, first_difference)


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.tuples(TEXT, TEXT), max_size=6), res=st.sampled_from([RESOURCE, ONE_FIELD]))
def test_quick_proof_recognizes_canonical_files(rows: list[tuple[str, str]], res: Resource) -> None:
    width = len(res.field_names)
    # a row of empty cells is a blank row: validate's error, so no canonical form (fmt refuses it)
    text = csv_text(res.field_names, [list(r)[:width] for r in rows if any(r[:width])])
    canonical = _exact(res, text.encode("utf-8"))
    assert canonical is not None
    assert quick_canonical(res, canonical), canonical
    if canonical != text.encode("utf-8"):
        assert not quick_canonical(res, text.encode("utf-8"))
