"""The SQLite export: types, keys, indexes, name-resolving views, Arabic-insensitive search, datasette."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctcoop.arabic import normalize_arabic
from ctcoop.export import export_package
from ctcoop.export import sqlite_folding as folding
from ctcoop.export import sqlite_search as search
from ctcoop.package import load_package
from test_export_support import mini_package, write_package


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("sqlite")
    export_package(mini_package(tmp / "mini"), tmp / "out", ["sqlite"])
    return tmp / "out"


@pytest.fixture
def db(exported: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(exported / "mini-1.2.3.sqlite")
    yield conn
    conn.close()


def _match(db: sqlite3.Connection, table: str, query: str) -> list[str]:
    sql = (f'SELECT t.id FROM "{table}" AS t JOIN "{table}_fts" AS f ON f.rowid = t.rowid '
           f'WHERE "{table}_fts" MATCH ? ORDER BY t.id')
    return [r[0] for r in db.execute(sql, (normalize_arabic(query),))]


def test_columns_have_declared_types_and_constraints(db: sqlite3.Connection) -> None:
    info = {r[1]: (r[2], r[3], r[5]) for r in db.execute('PRAGMA table_info("orgs")')}
    assert info["id"] == ("TEXT", 1, 1)
    assert info["name_ar"] == ("TEXT", 1, 0)  # required
    assert info["founded"][0] == "TEXT" and info["tags"][0] == "TEXT"
    assert (info["staff"][0], info["budget"][0], info["active"][0], info["as_of"][0]) == \
        ("INTEGER", "NUMERIC", "INTEGER", "DATE")
    pk = sorted((r[5], r[1]) for r in db.execute('PRAGMA table_info("cites")') if r[5])
    assert [name for _, name in pk] == ["subject", "source", "locator"]
    fks = {(r[3], r[2], r[4]) for r in db.execute('PRAGMA foreign_key_list("orgs")')}
    assert fks == {("parent", "orgs", "id"), ("seat", "countries", "id")}
    assert {(r[3], r[2]) for r in db.execute('PRAGMA foreign_key_list("links")')} == {("type", "rtypes")}


def test_keys_hold_and_are_enforced(db: sqlite3.Connection) -> None:
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO orgs (id, name_en, name_ar, seat) VALUES ('org-x', 'X', 'س', 'XXX')")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE orgs SET active = 2 WHERE id = 'org-un'")
    db.rollback()


def test_every_reference_column_is_indexed(db: sqlite3.Connection) -> None:
    def leading_columns(table: str) -> set[str]:
        out = set()
        for index in db.execute(f'PRAGMA index_list("{table}")'):
            cols = [r[2] for r in db.execute(f'PRAGMA index_info("{index[1]}")')]
            out.add(cols[0])
        return out

    assert {"parent", "seat", "id"} <= leading_columns("orgs")
    assert {"subject", "type", "object"} <= leading_columns("links")
    assert "subject" in leading_columns("cites")


def test_named_views_resolve_references(db: sqlite3.Connection) -> None:
    db.row_factory = sqlite3.Row
    links = {r["id"]: dict(r) for r in db.execute("SELECT * FROM links_named")}
    assert links["rel-cted-un"]["subject_table"] == "orgs"
    assert links["rel-cted-un"]["object_name_en"] == "United Nations"
    assert links["rel-ictc-sau"]["object_table"] == "countries"
    assert links["rel-ictc-sau"]["object_name_ar"] == "المملكة العربية السعودية"
    assert links["rel-cted-un"]["type_name_ar"] == "جزء من"
    cites = list(db.execute("SELECT * FROM cites_named ORDER BY subject"))
    assert len(cites) == 3
    by_subject = {r["subject"]: r for r in cites}
    assert by_subject["rel-cted-un"]["subject_table"] == "links"
    assert by_subject["rel-cted-un"]["subject_name_en"] is None  # links have no names
    assert by_subject["SAU"]["subject_name_en"] == "Saudi Arabia"
    orgs = {r["id"]: r for r in db.execute("SELECT * FROM orgs_named")}
    assert orgs["org-cted"]["parent_name_en"] == "United Nations"
    assert orgs["org-ictc"]["seat_name_ar"] == "المملكة العربية السعودية"
    views = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    assert "rtypes_named" not in views


@pytest.mark.parametrize(("query", "table", "found"), [
    ("الامم", "orgs", ["org-un"]),                 # no hamza, no diacritics in the query
    ("الأُمَم المتَّحِدة", "orgs", ["org-un"]),       # diacritics in the query, ta marbuta in the data
    ("المتحده", "orgs", ["org-un"]),               # heh for ta marbuta
    ("مستوي", "orgs", ["org-ictc"]),               # yeh for alef maqsura
    ("منظمه دوليه", "orgs", ["org-un"]),           # description, both words
    ("الإرهاب", "orgs", ["org-cted", "org-ictc"]),  # hamza below in the query and the data
    ("united", "orgs", ["org-un"]),                # English, any case
    ("SAN FRANCISCO", "orgs", ["org-un"]),
    ("الاردن", "countries", ["JOR"]),
])
def test_search_ignores_arabic_spelling_variants(db: sqlite3.Connection, query: str, table: str,
                                                 found: list[str]) -> None:
    assert _match(db, table, query) == found


def test_sql_folding_recipe_and_datasette_query(db: sqlite3.Connection) -> None:
    pkg = load_package(Path(db.execute("PRAGMA database_list").fetchone()[2]).parent.parent / "mini")
    searchable = [(r, f"{r.name}_fts") for r in pkg.resources if search.search_fields(r)]
    sql = search.search_query(searchable, match=folding.FOLDED_Q)
    rows = db.execute(sql, {"q": "الأُمَمُ"}).fetchall()
    assert [(r[0], r[1]) for r in rows] == [("orgs", "org-un")]
    rows = db.execute(folding.FOLD_CTE + "SELECT text FROM fold ORDER BY step DESC LIMIT 1",
                      {"q": "مُنَظَّمَةٌ إقليمية على"}).fetchall()
    assert rows == [(normalize_arabic("مُنَظَّمَةٌ إقليمية على"),)]


def test_triggers_keep_search_in_sync(tmp_path: Path, exported: Path) -> None:
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes((exported / "mini-1.2.3.sqlite").read_bytes())
    db = sqlite3.connect(copy)
    db.execute("INSERT INTO orgs (id, name_en, name_ar) VALUES ('org-new', 'New body', 'هيئةٌ إقليميّة أُخرى')")
    assert _match(db, "orgs", "هيئه اقليميه اخري") == ["org-new"]
    db.execute("UPDATE orgs SET name_ar = 'مجلس' WHERE id = 'org-new'")
    assert _match(db, "orgs", "اقليميه") == []
    assert _match(db, "orgs", "مجلس") == ["org-new"]
    db.execute("DELETE FROM orgs WHERE id = 'org-new'")
    assert _match(db, "orgs", "مجلس") == []
    db.close()


def test_folding_table_and_metadata_for_datasette(db: sqlite3.Connection, exported: Path) -> None:
    steps = db.execute("SELECT sequence, replacement FROM arabic_folding ORDER BY step").fetchall()
    assert tuple(steps) == folding.folding_steps()
    meta = json.loads((exported / "metadata.json").read_text(encoding="utf-8"))
    database = meta["databases"]["mini-1.2.3"]
    assert meta["license"] == "CC-BY-4.0"
    orgs = database["tables"]["orgs"]
    assert orgs["fts_table"] == "orgs_fts" and orgs["label_column"] == "name_en"
    assert orgs["title"] == "Orgs / جدول"
    assert database["tables"]["countries"]["columns"]["name_ar"] == "الاسم بالعربية"
    assert database["tables"]["orgs_fts"] == {"hidden": True}
    assert "arabic_folding" in database["queries"]["search"]["sql"]
    descriptor = json.loads(db.execute("SELECT descriptor FROM _datapackage").fetchone()[0])
    assert descriptor["name"] == "mini"


def _chars(*blocks: tuple[int, int]) -> str:
    codes = [c for start, end in blocks for c in range(start, end)]
    return "".join(chr(c) for c in codes if unicodedata.category(chr(c)) != "Cn")


ARABIC = _chars((0x0600, 0x0700), (0x0750, 0x0780))
TYPED = "".join(c for c in ARABIC if unicodedata.normalize("NFKC", c) == c)  # no compatibility characters
PRESENTATION = _chars((0xFB50, 0xFB60), (0xFDF0, 0xFE00), (0xFE70, 0xFF00))


@settings(max_examples=60, deadline=None)
@given(st.text(TYPED + "abc XYZ", max_size=25))
def test_sql_folding_steps_equal_normalize_arabic_on_typed_text(text: str) -> None:
    nfc = unicodedata.normalize("NFC", text)
    stepped = nfc
    for sequence, replacement in folding.folding_steps():
        stepped = stepped.replace(sequence, replacement)
    assert stepped == normalize_arabic(nfc)


@settings(max_examples=60, deadline=None)
@given(st.text(ARABIC + PRESENTATION + "abc XYZ", max_size=25))
def test_column_fold_equals_normalize_arabic_on_any_text(text: str) -> None:
    assert folding.fold_series(pl.Series([text])).to_list() == [normalize_arabic(text)]


def test_triggers_fold_like_python() -> None:
    conn = sqlite3.connect(":memory:")
    samples = ["الأُمَمُ المُتَّحِدَةُ", "إِلَى مُسْتَوَى", "ي\u0654ن", "آليّة قرآن ٱلله", "ـــعربـــي"]
    for text in samples:
        value = text
        for piece in folding.sql_fold_chunks("?"):
            value = conn.execute(f"SELECT {piece}", [value] * piece.count("?")).fetchone()[0]
        assert value == normalize_arabic(unicodedata.normalize("NFC", text)), text
    conn.close()


def test_fold_falls_back_to_python_when_unproven(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(folding, "vector_fold_agrees", lambda: False)
    assert folding.fold_series(pl.Series(["أَحْمَد", None, "ﻷ"])).to_list() == ["احمد", None, "لا"]


def test_vector_fold_is_proven_on_this_platform() -> None:
    folding.vector_fold_agrees.cache_clear()
    assert folding.vector_fold_agrees()


def test_integer_primary_key_rows_are_found_and_nan_kept(tmp_path: Path) -> None:
    """An INTEGER primary key is SQLite's rowid: the search index and the NaN cells must follow it."""
    schema = {"fields": [
        {"name": "n", "type": "integer", "constraints": {"required": True, "unique": True}},
        {"name": "name_en", "type": "string", "ctcoop:language": "en"},
        {"name": "name_ar", "type": "string", "ctcoop:language": "ar", "ctcoop:translationOf": "name_en"},
        {"name": "score", "type": "number"},
    ], "primaryKey": ["n"]}
    rows = [["30", "Thirty", "ثلاثون", "NaN"], ["7", "Seven", "سبعة", "1.5"], ["12", "", "", "NaN"],
            ["500", "Five hundred", "خمسمئة", ""]]
    root = write_package(tmp_path / "pkg", {"things": schema}, {"things": rows}, docs=False)
    export_package(root, tmp_path / "out", ["sqlite"])
    db = sqlite3.connect(tmp_path / "out" / "mini-1.2.3.sqlite")
    found = db.execute("SELECT t.n FROM things AS t JOIN things_fts AS f ON f.rowid = t.rowid "
                       "WHERE things_fts MATCH ? ORDER BY t.n", (normalize_arabic("سبعة"),)).fetchall()
    assert found == [(7,)]
    assert db.execute("SELECT count(*) FROM things_fts").fetchone() == (3,)  # row 12 has no text
    scores = db.execute("SELECT n, score, typeof(score) FROM things ORDER BY n").fetchall()
    assert scores == [(7, 1.5, "real"), (12, "NaN", "text"), (30, "NaN", "text"), (500, None, "null")]
    db.close()


def _one_table(tmp_path: Path, fields: list[dict[str, object]], rows: list[list[str]]) -> sqlite3.Connection:
    schema = {"fields": fields, "primaryKey": [str(fields[0]["name"])]}
    root = write_package(tmp_path / "pkg", {"things": schema}, {"things": rows}, docs=False)
    export_package(root, tmp_path / "out", ["sqlite"])
    return sqlite3.connect(tmp_path / "out" / "mini-1.2.3.sqlite")


def test_english_only_search_and_reserved_fts_names(tmp_path: Path) -> None:
    """A table whose only searchable field is English, named like an FTS5 hidden column."""
    db = _one_table(tmp_path, [{"name": "id", "type": "string"},
                               {"name": "rank", "type": "string", "ctcoop:language": "en"}],
                    [["a", "first place"], ["b", "second place"]])
    assert [r[1] for r in db.execute('PRAGMA table_info("things_fts")')] == ["rank_"]
    db.execute("INSERT INTO things (id, rank) VALUES ('c', 'third place')")  # the trigger runs
    found = db.execute("SELECT t.id FROM things AS t JOIN things_fts AS f ON f.rowid = t.rowid "
                       "WHERE things_fts MATCH 'place' ORDER BY t.id").fetchall()
    assert found == [("a",), ("b",), ("c",)]
    db.close()


def test_a_column_named_rowid_does_not_break_search(tmp_path: Path) -> None:
    db = _one_table(tmp_path, [{"name": "rowid", "type": "string"},
                               {"name": "name_ar", "type": "string", "ctcoop:language": "ar"}],
                    [["x", "الأُمَم"], ["y", "مجلس"]])
    db.execute("INSERT INTO things (rowid, name_ar) VALUES ('z', 'إدارة')")
    found = db.execute("SELECT t.rowid FROM things AS t JOIN things_fts AS f ON f.rowid = t._rowid_ "
                       "WHERE things_fts MATCH ?", (normalize_arabic("الامم"),)).fetchall()
    assert found == [("x",)]
    assert db.execute("SELECT count(*) FROM things_fts WHERE things_fts MATCH 'اداره'").fetchone() == (1,)
    db.close()
    meta = json.loads((tmp_path / "out" / "metadata.json").read_text(encoding="utf-8"))
    table = meta["databases"]["mini-1.2.3"]["tables"]["things"]
    assert table["fts_table"] == "things_fts" and table["fts_pk"] == "_rowid_"
    assert "t._rowid_ = f.rowid" in meta["databases"]["mini-1.2.3"]["queries"]["search"]["sql"]
