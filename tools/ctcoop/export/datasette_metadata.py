"""``metadata.json`` beside the SQLite file, so ``datasette <base>.sqlite -m metadata.json`` shows
titles, descriptions (English and Arabic), licence, column descriptions, full-text search on
each table, and a canned query ``search`` that searches every table with Arabic folding.

Written for datasette 0.6x metadata (``databases`` → ``tables`` → ``fts_table``,
``label_column``, ``columns``; ``queries``).
"""

from __future__ import annotations

import json
from typing import Any

from ctcoop.export.context import ExportContext
from ctcoop.export.sqlite_search import search_query
from ctcoop.export.sqlite_types import rowid_alias
from ctcoop.export.sqlite_views import labels
from ctcoop.extensions import field_ext, package_ext, resource_ext
from ctcoop.package import Resource

FILENAME = "metadata.json"


def _s(d: dict[str, Any], key: str) -> str:
    v = d.get(key)
    return v if isinstance(v, str) else ""


def _ar(fdesc: dict[str, Any]) -> str:
    """A field's Arabic description, or ""."""
    return field_ext(fdesc).description("ar") or ""


def _both(en: str, ar: str) -> str:
    return f"{en}\n\n{ar}" if en and ar else en or ar


def _table_meta(res: Resource, fts: str | None) -> dict[str, Any]:
    d, ext = res.descriptor, resource_ext(res.descriptor)
    meta: dict[str, Any] = {
        "title": " / ".join(x for x in (_s(d, "title"), ext.title("ar") or "") if x) or res.name,
        "description": _both(_s(d, "description"), ext.description("ar") or ""),
    }
    columns = {str(f.get("name")): _both(_s(f, "description"), _ar(f))
               for f in res.fields if _s(f, "description") or _ar(f)}
    if columns:
        meta["columns"] = columns
    pair = labels(res)
    if pair:
        meta["label_column"] = pair[0]
    if fts:
        meta["fts_table"] = fts
        alias = rowid_alias(res.field_names)
        if alias != "rowid":  # a column named rowid hides it: tell datasette how to join
            meta["fts_pk"] = alias
    if len(res.primary_key) == 1:
        meta["sort"] = res.primary_key[0]
    return meta


def metadata(ctx: ExportContext, fts_tables: dict[str, str], views: list[str]) -> dict[str, Any]:
    """The datasette metadata document for the database ``<base>``."""
    d = ctx.package.descriptor
    raw = d.get("licenses")
    licenses = [x for x in raw if isinstance(x, dict)] if isinstance(raw, list) else []
    tables: dict[str, Any] = {}
    for res in ctx.resources:
        tables[res.name] = _table_meta(res, fts_tables.get(res.name))
    for fts in fts_tables.values():
        tables[fts] = {"hidden": True}
    tables["arabic_folding"] = {"description": "How Arabic text is folded for search: apply each row's "
                                               "replacement in step order (see docs/export.md)."}
    for view in views:
        if view.endswith("_matrix"):
            text = ("One row per group and member (e.g. instrument and state): whether and since when "
                    "it counts towards each measure (e.g. parties: the earliest binding action), "
                    "and when it ended.")
        elif view.endswith("_named"):
            text = "The table with the names of the rows its references point to."
        else:
            text = "One row per member (e.g. state): how many groups (e.g. instruments) it counts towards, " \
                   "by measure, with the earliest and latest dates."
        tables[view] = {"description": text}
    database: dict[str, Any] = {
        "title": _s(d, "title") or ctx.base,
        "description": _both(_s(d, "description"), package_ext(d).description("ar") or ""),
        "tables": tables,
    }
    searchable = [(r, fts_tables[r.name]) for r in ctx.resources if r.name in fts_tables]
    if searchable:
        database["queries"] = {"search": {
            "title": "Search every table / البحث في كل الجداول",
            "description": "Full-text search over names and descriptions in English and Arabic; Arabic "
                           "diacritics, hamza forms, alef maqsura and ta marbuta do not matter.",
            "sql": search_query(searchable),
        }}
    out: dict[str, Any] = {
        "title": _s(d, "title") or ctx.base,
        "description": _both(_s(d, "description"), package_ext(d).description("ar") or ""),
    }
    if licenses:
        out["license"] = _s(licenses[0], "name") or _s(licenses[0], "title")
        if _s(licenses[0], "path"):
            out["license_url"] = _s(licenses[0], "path")
    if _s(d, "homepage"):
        out["source"] = _s(d, "title") or ctx.base
        out["source_url"] = _s(d, "homepage")
    out["databases"] = {ctx.base: database}
    return out


def metadata_bytes(ctx: ExportContext, fts_tables: dict[str, str], views: list[str]) -> bytes:
    return (json.dumps(metadata(ctx, fts_tables, views), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
