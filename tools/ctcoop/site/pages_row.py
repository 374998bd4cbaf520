"""What a row's page shows: facts, citations, errata, relations both ways, rows linking to it, cite-this."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from markupsafe import Markup

from ctcoop.site import coverage_chart, labels, relation_graph, row_timeline, urls
from ctcoop.site.model import Incoming, Row, SiteModel, Table
from ctcoop.site.values import (
    URL_FIELDS,
    Part,
    category_label,
    cell,
    is_safe_url,
    row_link,
    scalar,
    shown_fields,
    text_dir,
)

MAX_LINK_COLUMNS = 5


def _fact_rows(table: Table, row: Row, lang: str, page: str, model: SiteModel) -> list[dict[str, Any]]:
    facts = []
    for f in shown_fields(table, lang):
        parts = cell(table, f, row.values.get(str(f.get("name"))), lang, page, model)
        if parts:
            label, translated = labels.field_label(str(f.get("name")), lang)
            facts.append({"label": label, "translated": translated, "parts": parts,
                          "long": str(f.get("name", "")).startswith(("description", "note", "claim",
                                                                      "correction", "reliability_note"))})
    return facts


def _source_parts(model: SiteModel, value: Any, lang: str, page: str) -> list[Part]:
    src = model.by_id.get(str(value)) if value is not None else None
    return [row_link(src, lang, page, model)] if src else ([Part(scalar(value))] if value is not None else [])


def _citations(row: Row, lang: str, page: str, model: SiteModel) -> list[dict[str, Any]]:
    if model.citations_table is None:
        return []
    spec = model.citations_spec
    src_f = spec.sourceField if spec is not None and spec.sourceField is not None else "source"
    loc_f = spec.locatorField if spec is not None and spec.locatorField is not None else "locator"
    out = []
    for inc in model.incoming_citations.get(row.key, []):
        c = inc.source.values
        src = model.by_id.get(str(c.get(src_f)))
        url = next((str(src.values[k]) for k in URL_FIELDS if src and isinstance(src.values.get(k), str)
                    and is_safe_url(str(src.values[k]))), None)
        fields = c.get("fields")
        shown = [labels.field_label(str(x), lang)[0] for x in fields] if isinstance(fields, list) else []
        out.append({"source": _source_parts(model, c.get(src_f), lang, page),
                    "locator": scalar(c.get(loc_f)) if c.get(loc_f) is not None else "",
                    "fields": ("، " if lang == "ar" else ", ").join(dict.fromkeys(shown)), "url": url,
                    "symbol": src.values.get("symbol") if src else None})
    return out


def _supports(row: Row, lang: str, page: str, model: SiteModel) -> list[dict[str, Any]]:
    """On a source's page: the rows its citations support, with the locators, by row name."""
    spec = model.citations_spec
    subj_f = spec.subjectField if spec is not None else "subject"
    loc_f = spec.locatorField if spec is not None and spec.locatorField is not None else "locator"
    out = []
    for inc in model.cited_in.get(row.key, []):
        c = inc.source.values
        subject = model.by_id.get(str(c.get(subj_f)))
        if subject is None:
            continue
        out.append({"row": [row_link(subject, lang, page, model)],
                    "sort": f"{subject.label(lang)}\x00{subject.key}",
                    "table": model.tables[subject.table].title(lang),
                    "locator": scalar(c.get(loc_f)) if c.get(loc_f) is not None else ""})
    out.sort(key=lambda s: str(s["sort"]))
    return out


def _text(values: dict[str, Any], stem: str, lang: str) -> tuple[str, str | None]:
    """The ``<stem>_<lang>`` text, else the other language's (with its language tag)."""
    own = values.get(f"{stem}_{lang}")
    if isinstance(own, str) and own:
        return own, None
    for other in ("en", "ar"):
        v = values.get(f"{stem}_{other}")
        if isinstance(v, str) and v:
            return v, other
    return "", None


def erratum(err: Row, lang: str, page: str, model: SiteModel) -> dict[str, Any]:
    table = model.tables[err.table]
    v = err.values
    claim, claim_lang = _text(v, "claim", lang)
    corr, corr_lang = _text(v, "correction", lang)
    evidence: list[Part] = []
    for e in v.get("evidence") or []:
        evidence.extend(_source_parts(model, e, lang, page))
    about = [p for f in table.fields if f.get("name") == "about"
             for p in cell(table, f, v.get("about"), lang, page, model)]
    kind = v.get("kind")
    kind_field = next((f for f in table.fields if f.get("name") == "kind"), {})
    return {"href": urls.href(page, urls.row_page(lang, err.table, err.slug)), "key": err.key,
            "kind": category_label(kind_field, str(kind), lang) if kind else "",
            "claim": claim, "claim_lang": claim_lang, "claim_dir": text_dir(claim_lang or lang),
            "correction": corr, "correction_lang": corr_lang, "correction_dir": text_dir(corr_lang or lang),
            "source": _source_parts(model, v.get("source"), lang, page),
            "locator": scalar(v.get("locator")) if v.get("locator") else "",
            "field": labels.field_label(str(v["field"]), lang)[0] if v.get("field") else "",
            "evidence": evidence, "about": about}


def _relations(incs: list[Incoming], lang: str, page: str, model: SiteModel) -> list[dict[str, Any]]:
    out = []
    for inc in incs:
        spec = model.typed_links[inc.table]
        rel = inc.source.values
        outgoing = inc.field == spec.subjectField
        other = model.by_id.get(str(rel.get(spec.objectField if outgoing else spec.subjectField)))
        type_value = rel.get(spec.typeField)
        rtype = model.by_id.get(str(type_value))
        stem = "name" if outgoing else "inverse"
        verb = str(rtype.values.get(f"{stem}_{lang}") or rtype.key) if rtype else str(type_value)
        dates = [scalar(rel[k]) for k in ("start_date", "end_date") if rel.get(k) is not None]
        out.append({"verb": verb, "other": [row_link(other, lang, page, model)] if other else [],
                    "dates": " – ".join(dates), "href": urls.href(page, urls.row_page(lang, inc.table,
                                                                                       inc.source.slug)),
                    "sort": f"{verb}\x00{other.label(lang) if other else ''}\x00{inc.source.key}"})
    out.sort(key=lambda r: str(r["sort"]))
    return out


def _linked(incs: list[Incoming], lang: str, page: str, model: SiteModel) -> list[dict[str, Any]]:
    """Rows of other tables that point here, grouped by (table, field), as small tables."""
    groups: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for inc in incs:
        groups[(inc.table, inc.field)].append(inc.source)
    out = []
    for (tname, fname), rows in sorted(groups.items()):
        table = model.tables[tname]
        skip = {fname, *table.resource.primary_key}
        skip |= {lf for lang_ in ("ar", "en") if (lf := table.label_field(lang_))}
        cols = [f for f in shown_fields(table, lang) if str(f.get("name")) not in skip
                and not str(f.get("name", "")).startswith(("description", "note"))
                and any(r.values.get(str(f.get("name"))) is not None for r in rows)][:MAX_LINK_COLUMNS]
        body = []
        for r in sorted(rows, key=lambda r: r.label(lang)):
            cells = [cell(table, f, r.values.get(str(f.get("name"))), lang, page, model) for f in cols]
            body.append({"first": row_link(r, lang, page, model), "cells": cells})
        out.append({"title": table.title(lang), "field": labels.field_label(fname, lang)[0],
                    "columns": [labels.field_label(str(f.get("name")), lang)[0] for f in cols], "rows": body})
    return out


def row_context(table: Table, row: Row, lang: str, model: SiteModel, base_url: str) -> dict[str, Any]:
    page = urls.row_page(lang, table.name, row.slug)
    incs = model.incoming.get(row.key, [])
    relations = [i for i in incs if i.table in model.typed_links]
    errata = [i for i in incs if i.table in model.errata_tables and i.field == "about"]
    others = [i for i in incs if i not in relations and i not in errata]
    other_lang = "en" if lang == "ar" else "ar"
    alt = row.labels.get(other_lang)
    acronym = row.values.get(f"acronym_{lang}") or row.values.get("acronym_en")
    citations = _citations(row, lang, page, model)
    version = model.package.version or ""
    permanent = (base_url.rstrip("/") + "/" + page) if base_url else page
    return {
        "page": page, "table": table, "row": row, "title": row.label(lang),
        "title_dir": text_dir(lang if table.label_field(lang) else None),
        "alt_name": alt if alt and alt != row.label(lang) else None, "alt_lang": other_lang,
        "acronym": acronym if isinstance(acronym, str) else None,
        "facts": _fact_rows(table, row, lang, page, model),
        "citations": citations,
        "errata": [erratum(i.source, lang, page, model) for i in errata],
        "relations": _relations(relations, lang, page, model),
        "linked": _linked(others, lang, page, model),
        "json_href": urls.href(page, urls.row_json(table.name, row.slug)),
        "table_href": urls.href(page, urls.table_index(lang, table.name)),
        "cite": {"title": row.label(lang), "package": model.descriptor_text("title", lang)
                 or str(model.package.descriptor.get("name", "")), "version": version, "url": permanent,
                 "sources": sorted({p.text for c in citations for p in c["source"]})},
        "indexed": table.has_labels,
        "supports": _supports(row, lang, page, model),
        "row_timeline": {"svg": Markup(tl.svg), "entries": tl.items}
        if (tl := row_timeline.build(row, lang, page, model)) else None,
        "relgraph": Markup(svg) if (svg := relation_graph.build(row, lang, model)) else None,
        "coverage": [{**c, "svg": Markup(c["svg"])} for c in coverage_chart.build(row, lang, page, model)],
    }
