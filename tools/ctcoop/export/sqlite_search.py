"""Full-text search (FTS5) in the SQLite export that ignores Arabic spelling variants.

For every table with language-tagged text fields (``ctcoop:language`` ``en`` or ``ar``) the
export creates ``<table>_fts``, an FTS5 table whose rowid is the table's rowid (rows whose
fields are all empty are left out) and whose columns are those fields: English text as
written, Arabic text folded (:mod:`ctcoop.export.sqlite_folding`). The tokenizer is
``unicode61 remove_diacritics 2`` (case and Latin accents ignored).

**Querying.** Fold the query the same way, then match::

    SELECT o.* FROM organizations AS o
    JOIN organizations_fts AS f ON f.rowid = o.rowid
    WHERE organizations_fts MATCH :folded ORDER BY f.rank;

where ``:folded`` is ``normalize_arabic(query)`` in Python, or, inside SQL, the folding table
applied by :data:`~ctcoop.export.sqlite_folding.FOLD_CTE` (:func:`search_query` builds the
datasette canned query ``search`` that way).

**Keeping the index in sync.** Triggers on each table re-index a row when it is inserted,
updated or deleted, folding Arabic in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from ctcoop.export.sqlite_folding import FOLD_CTE, FOLDED_Q, fold_series, sql_fold_chunks
from ctcoop.export.sqlite_types import rowid_alias, rowid_expr
from ctcoop.export.sqlite_writer import SqliteWriter
from ctcoop.export.sqlsyntax import quote_ident as _q
from ctcoop.export.sqlsyntax import quote_literal as _lit
from ctcoop.extensions import field_ext
from ctcoop.package import Resource

TOKENIZER = "unicode61 remove_diacritics 2"


#: Column names FTS5 refuses (its own hidden columns)
FTS_RESERVED = ("rank", "rowid", "_rowid_", "oid")


@dataclass(frozen=True)
class SearchColumn:
    """A searchable field and its column in ``<table>_fts`` (the field's name unless FTS5 reserves it)."""

    field: str
    column: str
    arabic: bool


def search_fields(resource: Resource) -> list[tuple[str, bool]]:
    """``(field, is_arabic)`` for the scalar language-tagged text fields of a resource."""
    out: list[tuple[str, bool]] = []
    for fdesc in resource.fields:
        ext = field_ext(fdesc)
        lang = ext.language
        if lang is not None and fdesc.get("type", "string") == "string" and ext.list_delimiter is None:
            out.append((str(fdesc["name"]), lang == "ar"))
    return out


def search_columns(resource: Resource) -> list[SearchColumn]:
    """The searchable fields with their FTS column names: a name FTS5 reserves (``rank``,
    ``rowid``…) or the search table's own name gets ``_`` appended until it is free."""
    fields = search_fields(resource)
    refused = {*FTS_RESERVED, fts_name(resource.name).lower()}
    taken = {name.lower() for name, _ in fields} | refused
    out: list[SearchColumn] = []
    for name, arabic in fields:
        column = name
        while column.lower() in refused or (column != name and column.lower() in taken):
            column += "_"
        taken.add(column.lower())
        out.append(SearchColumn(name, column, arabic))
    return out


def fts_name(table: str) -> str:
    return f"{table}_fts"


def folded_rows(resource: Resource, frame: pl.DataFrame, columns: list[SearchColumn]) -> pl.DataFrame:
    """``rowid`` and the search columns (Arabic folded) of the rows with some text to index."""
    some_text = pl.any_horizontal([pl.col(c.column).is_not_null() for c in columns])
    kept = frame.select(rowid_expr(resource, frame).alias("rowid"),
                        *[pl.col(c.field).alias(c.column) for c in columns]).filter(some_text)
    return kept.with_columns([fold_series(kept[c.column]) for c in columns if c.arabic])


def _triggers(table: str, fts: str, alias: str, columns: list[SearchColumn]) -> dict[str, str]:
    """The bodies of the insert, delete and update triggers that keep ``fts`` in step with ``table``."""
    cols = ", ".join(_q(c.column) for c in columns)
    new_values = ", ".join(sql_fold_chunks(f"new.{_q(c.field)}")[0] if c.arabic else f"new.{_q(c.field)}"
                           for c in columns)
    some_text = " OR ".join(f"new.{_q(c.field)} IS NOT NULL" for c in columns)
    insert = f"INSERT INTO {_q(fts)} (rowid, {cols}) SELECT new.{alias}, {new_values} WHERE {some_text};"
    arabic = [c.column for c in columns if c.arabic]
    if arabic:  # the folding goes on in further steps (SQLite nests only ~20 calls in one expression)
        for piece in range(1, len(sql_fold_chunks("x"))):
            sets = ", ".join(f"{_q(n)} = {sql_fold_chunks(_q(n))[piece]}" for n in arabic)
            insert += f" UPDATE {_q(fts)} SET {sets} WHERE rowid = new.{alias};"
    delete = f"DELETE FROM {_q(fts)} WHERE rowid = old.{alias};"
    return {"ai": f"AFTER INSERT ON {_q(table)} BEGIN {insert} END",
            "ad": f"AFTER DELETE ON {_q(table)} BEGIN {delete} END",
            "au": f"AFTER UPDATE ON {_q(table)} BEGIN {delete} {insert} END"}


def create_search(db: SqliteWriter, resource: Resource, frame: pl.DataFrame) -> str | None:
    """Create and fill ``<table>_fts`` plus its sync triggers; return its name (None: no text
    fields, or columns named ``rowid``, ``_rowid_`` and ``oid`` hide the table's rowid)."""
    columns = search_columns(resource)
    alias = rowid_alias(resource.field_names)
    if not columns or alias is None:
        return None
    table, fts = resource.name, fts_name(resource.name)
    cols = ", ".join(_q(c.column) for c in columns)
    db.execute(f"CREATE VIRTUAL TABLE {_q(fts)} USING fts5({cols}, tokenize='{TOKENIZER}')")
    db.load(fts, folded_rows(resource, frame, columns))
    db.execute(f"INSERT INTO {_q(fts)} ({_q(fts)}) VALUES ('optimize')")
    for suffix, body in _triggers(table, fts, alias, columns).items():
        db.execute(f"CREATE TRIGGER {_q(f'{fts}_{suffix}')} {body}")
    return fts


#: fields that name a row (its label), by the start of their name: a match there ranks first
LABEL_PREFIXES = ("name_", "title_", "acronym_")


def _priority(res: Resource, fts: str, match: str) -> str:
    """0 when the query is a whole label of the row (``الانتربول``, the acronym of INTERPOL),
    1 when it is in a label, 2 when only elsewhere (a description, a source's title that
    mentions the body): a body's own row comes before the rows that mention it."""
    labels = [c.column for c in search_columns(res) if c.field.startswith(LABEL_PREFIXES)]
    if not labels:
        return "2"
    exact = " OR ".join(f"lower(f.{_q(c)}) = lower({FOLDED_Q})" for c in labels)
    inside = (f"f.rowid IN (SELECT rowid FROM {_q(fts)} WHERE {_q(fts)} MATCH "
              f"'{{{' '.join(labels)}}} : (' || {match} || ')')")
    return f"CASE WHEN {exact} THEN 0 WHEN {inside} THEN 1 ELSE 2 END"


def search_query(resources: list[tuple[Resource, str]], match: str = f"escape_fts({FOLDED_Q})") -> str:
    """One SQL query searching every ``<table>_fts`` at once for ``:q`` (datasette's canned query).

    ``match`` is what each table is matched against; the default folds ``:q`` and escapes it
    with datasette's ``escape_fts`` (outside datasette pass ``FOLDED_Q``). Rows whose label is
    the query come first, then rows with the query in a label, then the rest, each by rank.
    """
    parts = []
    for res, fts in resources:
        names = set(res.field_names)
        key = res.primary_key[0] if len(res.primary_key) == 1 else None
        alias = rowid_alias(res.field_names) or "rowid"  # (a table with no alias has no search table)
        key_sql = f"t.{_q(key)}" if key else f"t.{alias}"
        en = next((f"t.{_q(c)}" for c in ("name_en", "title_en") if c in names), "NULL")
        ar = next((f"t.{_q(c)}" for c in ("name_ar", "title_ar") if c in names), "NULL")
        parts.append(
            f"SELECT {_lit(res.name)} AS \"table\", {key_sql} AS id, {en} AS label_en, {ar} AS label_ar, "
            f"{_priority(res, fts, match)} AS priority, f.rank AS rank "
            f"FROM {_q(fts)} AS f JOIN {_q(res.name)} AS t ON t.{alias} = f.rowid "
            f"WHERE {_q(fts)} MATCH {match}")
    return FOLD_CTE + "\nUNION ALL\n".join(parts) + "\nORDER BY priority, rank"
