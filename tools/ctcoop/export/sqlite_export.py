"""``<base>.sqlite`` (one table per resource, constrained and indexed) and datasette's ``metadata.json``.

Tables and columns are named as in the package. Column types follow the Table Schema:

=====================================  =====================  ==============================
Table Schema field                     declared type          stored value
=====================================  =====================  ==============================
``string`` (also partial dates)        ``TEXT``               text
``string`` + ``ctcoop:listDelimiter``  ``TEXT``               a JSON array (``json_each``)
``integer``, ``year``                  ``INTEGER``            integer
``number``                             ``NUMERIC``            integer when whole (a count:
                                                              ``88``), else real (``2.7``);
                                                              ``NaN`` as the text ``'NaN'``
``boolean``                            ``INTEGER`` + CHECK    0 / 1
``date``                               ``DATE``               text ``YYYY-MM-DD``
``datetime``                           ``DATETIME``           text ``YYYY-MM-DDTHH:MM:SS[.f]``
``time``                               ``TIME``               text ``HH:MM:SS[.f]``
missing value                                                 ``NULL``
=====================================  =====================  ==============================

Constraints: ``NOT NULL`` for required and primary-key fields, ``UNIQUE`` for unique fields,
``PRIMARY KEY`` and ``FOREIGN KEY`` from the schema (a key is declared when it points at the
target's primary key or a unique field), and ``PRAGMA foreign_key_check`` must come back empty
or the export fails. Every reference column (foreign keys and ``ctcoop:references``) is indexed.
Also in the database: ``<table>_named`` views (:mod:`.sqlite_views`), the ``identifier_links``
view (:mod:`.sqlite_identifiers`), ``<table>_fts`` search
tables with triggers (:mod:`.sqlite_search`) and the ``arabic_folding`` table (:mod:`.sqlite_folding`), and
``_datapackage`` (one row: the descriptor as JSON).

Written through :class:`~ctcoop.export.sqlite_writer.SqliteWriter` (the ADBC SQLite driver:
rows loaded from Arrow in C). Reproducible: the same statements in the same order, rows in
file order, then ``ANALYZE``; the bytes depend only on the package and the driver's version.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import polars as pl

from ctcoop.errors import CtcoopError
from ctcoop.export.context import ExportContext
from ctcoop.export.datasette_metadata import FILENAME as METADATA
from ctcoop.export.datasette_metadata import metadata_bytes
from ctcoop.export.sqlite_coverage_views import coverage_view_names, coverage_views_sql
from ctcoop.export.sqlite_folding import create_folding_table
from ctcoop.export.sqlite_identifiers import identifier_view_sql
from ctcoop.export.sqlite_search import create_search
from ctcoop.export.sqlite_types import declared_type, nan_rowids, sql_ready
from ctcoop.export.sqlite_views import named_view_sql, references
from ctcoop.export.sqlite_writer import SqliteWriter
from ctcoop.export.sqlsyntax import quote_ident as _q
from ctcoop.package import Resource

RESERVED = ("arabic_folding", "_datapackage")


def _fk_clauses(res: Resource, by_name: dict[str, Resource]) -> list[str]:
    out: list[str] = []
    for fk in res.foreign_keys:
        fields, ref = fk.get("fields"), fk.get("reference")
        fields = [fields] if isinstance(fields, str) else fields
        if not isinstance(ref, dict) or not isinstance(fields, list):
            continue
        target_name = ref.get("resource") or res.name
        ref_fields = ref.get("fields")
        ref_fields = [ref_fields] if isinstance(ref_fields, str) else ref_fields
        target = by_name.get(target_name) if isinstance(target_name, str) else None
        if target is None or not isinstance(ref_fields, list) or len(ref_fields) != len(fields):
            continue
        unique_field = len(ref_fields) == 1 and (target.field(str(ref_fields[0])) or {}).get(
            "constraints", {}).get("unique") is True
        if [str(f) for f in ref_fields] == target.primary_key or unique_field:
            cols = ", ".join(_q(str(f)) for f in fields)
            refs = ", ".join(_q(str(f)) for f in ref_fields)
            out.append(f"FOREIGN KEY ({cols}) REFERENCES {_q(target.name)} ({refs})")
    return out


def create_table_sql(res: Resource, frame: pl.DataFrame, by_name: dict[str, Resource]) -> str:
    """The CREATE TABLE statement for a resource."""
    pk = res.primary_key
    lines: list[str] = []
    for fdesc in res.fields:
        name = str(fdesc.get("name", ""))
        dtype = frame.schema[name]
        constraints = fdesc.get("constraints") if isinstance(fdesc.get("constraints"), dict) else {}
        assert isinstance(constraints, dict)
        col = f"{_q(name)} {declared_type(dtype)}"
        if name in pk or constraints.get("required") is True:
            col += " NOT NULL"
        if constraints.get("unique") is True and pk != [name]:
            col += " UNIQUE"
        if dtype == pl.Boolean:
            col += f" CHECK ({_q(name)} IN (0, 1))"
        lines.append(col)
    if pk:
        lines.append("PRIMARY KEY (" + ", ".join(_q(k) for k in pk) + ")")
    lines.extend(_fk_clauses(res, by_name))
    return f"CREATE TABLE {_q(res.name)} (\n  " + ",\n  ".join(lines) + "\n)"


def _reference_indexes(conn: SqliteWriter, res: Resource, by_name: dict[str, Resource]) -> None:
    pk_first = res.primary_key[:1]
    wanted: list[list[str]] = []
    for fk in res.foreign_keys:
        fields = fk.get("fields")
        fields = [fields] if isinstance(fields, str) else fields
        if isinstance(fields, list) and fields:
            wanted.append([str(f) for f in fields])
    wanted.extend([ref.field] for ref in references(res, by_name))
    done: set[tuple[str, ...]] = set()
    for cols in wanted:
        key = tuple(cols)
        if key in done or list(key) == pk_first:
            continue
        done.add(key)
        index = f"idx_{res.name}_{'_'.join(cols)}"
        conn.execute(f"CREATE INDEX {_q(index)} ON {_q(res.name)} (" + ", ".join(_q(c) for c in cols) + ")")


def _check_names(ctx: ExportContext) -> None:
    names = {r.name for r in ctx.resources}
    derived = {f"{n}{s}" for n in names for s in ("_fts", "_named", "_fts_data", "_fts_idx", "_fts_content",
                                                   "_fts_docsize", "_fts_config")}
    internal = {n for n in names if n.startswith("sqlite_")}
    derived |= {v for r in ctx.resources for v in coverage_view_names(r) or ()}
    clash = sorted((names & derived) | (names & set(RESERVED)) | internal)
    if clash:
        raise CtcoopError(f"table name(s) {', '.join(clash)} would clash with the SQLite export's own tables",
                          code="export-sqlite",
                          hint="rename the resource, or export without sqlite (--format)")


def _foreign_key_problems(target: Path) -> None:
    """CtcoopError when ``PRAGMA foreign_key_check`` finds a row whose reference has no target."""
    conn = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True)
    try:
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
    if problems:
        table, rowid, parent, _ = problems[0]
        raise CtcoopError(f"{len(problems)} foreign key problem(s) in the SQLite export, "
                          f"e.g. table '{table}' row {rowid} → '{parent}'", code="export-sqlite",
                          hint="run `ctcoop validate`; this is a bug if the package is valid")


def build_database(ctx: ExportContext, target: Path) -> tuple[dict[str, str], list[str]]:
    """Write the database; return the FTS table of each searchable table and the views made."""
    _check_names(ctx)
    by_name = {r.name: r for r in ctx.resources}
    fts_tables: dict[str, str] = {}
    views: list[str] = []
    with SqliteWriter(target) as db:
        db.execute("PRAGMA page_size = 4096")
        db.execute("BEGIN")
        db.execute("CREATE TABLE _datapackage (descriptor TEXT NOT NULL)")
        descriptor = json.dumps(ctx.package.descriptor, ensure_ascii=False, indent=2)
        db.load("_datapackage", pl.DataFrame({"descriptor": [descriptor]}, schema={"descriptor": pl.String}))
        for res in ctx.resources:
            frame = ctx.frame(res)
            db.execute(create_table_sql(res, frame, by_name))
            db.load(res.name, sql_ready(frame), nan_rowids(res, frame))
        for res in ctx.resources:
            _reference_indexes(db, res, by_name)
        for res in ctx.resources:
            made = named_view_sql(res, by_name)
            if made:
                db.execute(made[1])
                views.append(made[0])
        links = identifier_view_sql(ctx.package.descriptor, by_name)
        if links:
            db.execute(links[1])
        for res in ctx.resources:
            for view, sql in coverage_views_sql(res, by_name):
                db.execute(sql)
                views.append(view)
        for res in ctx.resources:
            fts = create_search(db, res, ctx.frame(res))
            if fts:
                fts_tables[res.name] = fts
        create_folding_table(db)
        db.execute("COMMIT")
        db.execute("ANALYZE")  # no VACUUM: it took 0.9 s a million rows to save 0.2% of the file
    _foreign_key_problems(target)
    return fts_tables, views


def write(ctx: ExportContext, staging: Path) -> list[str]:
    """Build ``<base>.sqlite`` and ``metadata.json`` in ``staging``."""
    name = f"{ctx.base}.sqlite"
    fts_tables, views = build_database(ctx, staging / name)
    (staging / METADATA).write_bytes(metadata_bytes(ctx, fts_tables, views))
    return [name, METADATA]
