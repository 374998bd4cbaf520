"""What the home page, the table indexes, the data dictionary and the errata page show."""

from __future__ import annotations

from typing import Any

from ctcoop.extensions import field_ext
from ctcoop.site import labels, timeline, urls
from ctcoop.site.downloads import Artifact, Snippet
from ctcoop.site.downloads import context as download_page
from ctcoop.site.model import SiteModel, Table
from ctcoop.site.pages_row import erratum
from ctcoop.site.values import Part, cell, row_link, shown_fields, text_dir

MAX_INDEX_COLUMNS = 4


def index_columns(table: Table, lang: str) -> list[dict[str, Any]]:
    """The key columns of a table's index: codes, links and dates, at most MAX_INDEX_COLUMNS."""
    skip = set(table.resource.primary_key) | {lf for lg in ("ar", "en") if (lf := table.label_field(lg))}
    picked = []
    for f in shown_fields(table, lang):
        name = str(f.get("name", ""))
        if name in skip:
            continue
        constraints = f.get("constraints") if isinstance(f.get("constraints"), dict) else {}
        ext = field_ext(f)
        dateish = ext.partial_date or f.get("type") in ("date", "datetime", "year")
        coded = (isinstance(constraints, dict) and "enum" in constraints) or "categories" in f
        linked = name in table.refs and ext.list_delimiter is None
        short_text = (not table.has_labels and f.get("type", "string") == "string"
                      and not name.startswith(("description", "note", "claim", "correction")))
        if (dateish or coded or linked or short_text) and name != "status_as_of":
            picked.append(f)
    return picked[:MAX_INDEX_COLUMNS]


def table_context(table: Table, lang: str, model: SiteModel) -> dict[str, Any]:
    page = urls.table_index(lang, table.name)
    cols = index_columns(table, lang)
    rows = []
    for r in sorted(table.rows, key=lambda r: (r.label(lang).casefold(), r.key)):
        rows.append({"first": row_link(r, lang, page, model), "sort": r.label(lang),
                     "cells": [cell(table, f, r.values.get(str(f.get("name"))), lang, page, model)
                               for f in cols]})
    first = labels.ui("name", lang) if table.has_labels else labels.ui("key", lang)
    return {"page": page, "table": table, "title": table.title(lang), "rows": rows, "first_column": first,
            "columns": [labels.field_label(str(f.get("name")), lang)[0] for f in cols],
            "dict_href": urls.href(page, urls.page(lang, "dictionary")) + f"#t-{table.name}"}


def home_context(lang: str, model: SiteModel) -> dict[str, Any]:
    page = urls.home(lang)
    tables = [{"href": urls.href(page, urls.table_index(lang, t.name)), "title": t.title(lang),
               "count": len(t.rows), "description": t.description(lang)} for t in model.tables.values()]
    return {"page": page, "title": labels.ui("home", lang), "tables": tables,
            "description": model.descriptor_text("description", lang),
            "timeline": timeline.build(model, lang)}


def _rules(fdesc: dict[str, Any], table: Table, lang: str) -> list[Part]:
    """Required, unique, codes, pattern and links, each isolated (codes and patterns left-to-right)."""
    c = fdesc.get("constraints") if isinstance(fdesc.get("constraints"), dict) else {}
    out = []
    own = text_dir(lang)
    if isinstance(c, dict):
        if c.get("required"):
            out.append(Part(labels.ui("required", lang), dir=own))
        if c.get("unique"):
            out.append(Part(labels.ui("unique", lang), dir=own))
        if isinstance(c.get("enum"), list):
            out.append(Part(" | ".join(str(v) for v in c["enum"]), dir="ltr"))
        if isinstance(c.get("pattern"), str):
            out.append(Part(c["pattern"], dir="ltr"))
    ref = table.refs.get(str(fdesc.get("name")))
    if ref:
        out.append(Part(labels.ui("links_to", lang), dir=own))
        out.append(Part(", ".join(ref.tables), dir="ltr"))
    return out


def dictionary_context(lang: str, model: SiteModel) -> dict[str, Any]:
    page = urls.page(lang, "dictionary")
    tables = []
    for t in model.tables.values():
        fields = []
        for f in t.fields:
            desc = f.get("description") if lang == "en" else field_ext(f).description(lang)
            ftype = str(f.get("type", "string"))
            fields.append({"name": str(f.get("name")), "description": desc if isinstance(desc, str) else "",
                           "type": labels.type_label(ftype, lang),
                           "rules": _rules(f, t, lang)})
        tables.append({"name": t.name, "title": t.title(lang), "description": t.description(lang),
                       "key": ", ".join(t.resource.primary_key), "count": len(t.rows), "fields": fields,
                       "href": urls.href(page, urls.table_index(lang, t.name))})
    return {"page": page, "title": labels.ui("dictionary", lang), "tables": tables}


def errata_context(lang: str, model: SiteModel) -> dict[str, Any]:
    page = urls.page(lang, "errata")
    errata = [erratum(r, lang, page, model) for name in model.errata_tables for r in model.tables[name].rows]
    return {"page": page, "title": labels.ui("errata", lang), "errata": errata}


def search_context(lang: str) -> dict[str, Any]:
    return {"page": urls.page(lang, "search"), "title": labels.ui("search", lang)}


def site_pages(lang: str, model: SiteModel, downloads: tuple[list[Artifact], list[Snippet]]
               ) -> list[tuple[str, dict[str, Any]]]:
    """The pages that are not a table's or a row's: (template, context) in ``lang``."""
    from ctcoop.site import descriptor_text

    files, code = downloads
    return [("home.html", home_context(lang, model)), ("dictionary.html", dictionary_context(lang, model)),
            ("errata.html", errata_context(lang, model)), ("search.html", search_context(lang)),
            ("downloads.html", download_page(lang, files, code, descriptor_text(model.package).encode()))]
