"""A cell's typed value as display parts: text with its language and direction, and links.

Templates render a :class:`Part` as ``<bdi>`` (or a link around one), so a value of another
direction (an English acronym inside Arabic, a UN symbol) is isolated from the text around it.
Digits are Western (0-9) in both languages (docs/site.md says why). Every string is escaped
by the template engine; nothing here builds HTML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from ctcoop.extensions import field_ext
from ctcoop.site import labels, urls
from ctcoop.site.model import Row, SiteModel, Table

URL_FIELDS = ("url", "website", "homepage", "link")


@dataclass(frozen=True)
class Part:
    """One piece of a displayed value."""

    text: str
    href: str | None = None
    external: bool = False
    lang: str | None = None  #: set when the text's language is not the page's
    dir: str = "auto"
    nowrap: bool = False  #: a date or a number, kept on one line


def text_dir(lang: str | None) -> str:
    if lang == "ar":
        return "rtl"
    if lang is None:
        return "auto"
    return "ltr"


def scalar(value: Any) -> str:
    """A value as text: ISO dates, integers without ``.0``, Western digits."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def category_label(fdesc: dict[str, Any], value: str, lang: str) -> str:
    """A code's label: the field's ``categories`` label (English) or ``ctcoop:categoryLabels_<lang>``,
    else the interface's own name for it (:mod:`ctcoop.site.labels`), else the code."""
    key = (id(fdesc), value, lang)
    hit = _CATEGORIES.get(key)
    if hit is not None and hit[0] is fdesc:
        return hit[1]
    label = _category_label(fdesc, value, lang)
    _CATEGORIES[key] = (fdesc, label)
    return label


_CATEGORIES: dict[tuple[int, str, str], tuple[dict[str, Any], str]] = {}


def _category_label(fdesc: dict[str, Any], value: str, lang: str) -> str:
    if lang == "en":
        cats = fdesc.get("categories")
        for c in cats if isinstance(cats, list) else []:
            if isinstance(c, dict) and c.get("value") == value and isinstance(c.get("label"), str):
                return str(c["label"])
    else:
        named = field_ext(fdesc).category_labels(lang)
        if named is not None and value in named:
            return named[value]
    return labels.code_label(value, lang)


def is_safe_url(value: str) -> bool:
    return value.startswith(("https://", "http://"))


def row_link(row: Row, lang: str, page: str, model: SiteModel) -> Part:
    table = model.tables[row.table]
    text_lang = lang if table.label_field(lang) else None
    target = urls.row_page(lang, row.table, row.slug) if model.has_pages(row.table) else None
    return Part(row.label(lang), href=urls.href(page, target) if target else None,
                lang=None if text_lang in (None, lang) else text_lang, dir=text_dir(text_lang))


#: id of a field descriptor -> (the descriptor, what :func:`cell` reads of it); descriptors are not
#: edited while a site is built, and the entry keeps its descriptor alive so the id is not reused
_FIELDS: dict[int, tuple[dict[str, Any], tuple[str, str | None, Any, bool]]] = {}


def forget() -> None:
    """Drop what was read of the descriptors (a new build may read edited ones)."""
    _FIELDS.clear()
    _CATEGORIES.clear()
    _CELLS.clear()
    _part_html.cache_clear()


def _field_info(fdesc: dict[str, Any]) -> tuple[str, str | None, Any, bool]:
    """A field's name, ``ctcoop:language``, codes (enum or categories) and whether it holds URLs."""
    hit = _FIELDS.get(id(fdesc))
    if hit is not None and hit[0] is fdesc:
        return hit[1]
    name = str(fdesc.get("name", ""))
    cons = fdesc.get("constraints")
    enum = cons.get("enum") if isinstance(cons, dict) else None
    info = (name, field_ext(fdesc).language, enum if enum is not None else fdesc.get("categories"),
            name in URL_FIELDS or fdesc.get("format") == "uri")
    _FIELDS[id(fdesc)] = (fdesc, info)
    return info


def cell(table: Table, fdesc: dict[str, Any], value: Any, lang: str, page: str,
         model: SiteModel) -> list[Part]:
    """The display parts of one cell (empty when the value is missing). The same value of the same
    field shown from the same folder (so with the same relative links) is worked out once."""
    if value is None:
        return []
    key = (table.name, id(fdesc), lang, page.rpartition("/")[0], type(value),
           tuple(value) if isinstance(value, list) else value)
    try:
        hit = _CELLS.get(key)
    except TypeError:  # a value that cannot be a key (an object, a list of lists)
        return _cell(table, fdesc, value, lang, page, model)
    if hit is None:
        hit = _CELLS[key] = _cell(table, fdesc, value, lang, page, model)
    return list(hit)


#: (table, field, lang, folder, type, value) -> the parts (:func:`cell`); emptied by :func:`forget`
_CELLS: dict[tuple[Any, ...], list[Part]] = {}


def _cell(table: Table, fdesc: dict[str, Any], value: Any, lang: str, page: str,
          model: SiteModel) -> list[Part]:
    items = value if isinstance(value, list) else [value]
    name, field_lang, enum, is_url = _field_info(fdesc)
    ref = table.refs.get(name)
    parts: list[Part] = []
    for item in items:
        if item is None:
            continue
        if ref is not None:
            target = model.lookup(ref.tables, item)
            if target is not None:
                parts.append(row_link(target, lang, page, model))
                continue
        if isinstance(item, bool):
            parts.append(Part(labels.ui("yes" if item else "no", lang), dir=text_dir(lang)))
            continue
        text = scalar(item)
        if isinstance(item, str) and is_url and is_safe_url(text):
            parts.append(Part(text, href=text, external=True, dir="ltr"))
        elif enum is not None and isinstance(item, str):
            shown = category_label(fdesc, item, lang)
            parts.append(Part(shown, dir=text_dir(lang) if shown != item else "ltr"))
        elif field_lang is None and not any(ch.isalpha() for ch in text):  # dates, numbers, symbols
            parts.append(Part(text, dir="ltr", nowrap=len(text) <= 20))
        else:
            parts.append(Part(text, lang=field_lang if field_lang not in (None, lang) else None,
                              dir=text_dir(field_lang)))
    return parts


def shown_fields(table: Table, lang: str) -> list[dict[str, Any]]:
    """The fields a page in ``lang`` shows: its own language's text, and text with no twin."""
    cached = table.shown.get(lang)
    if cached is None:
        cached = table.shown[lang] = _shown_fields(table, lang)
    return cached


def _shown_fields(table: Table, lang: str) -> list[dict[str, Any]]:
    out = []
    names = set(table.field_names)
    for f in table.fields:
        flang = field_ext(f).language
        name = str(f.get("name", ""))
        if flang is not None and flang != lang:
            twin = labels.field_stem(name) + f"_{lang}"
            if twin in names:
                continue
        out.append(f)
    return out


@lru_cache(maxsize=65536)
def _part_html(p: Part) -> str:
    """One part as HTML (parts repeat across pages: a row's link from every page that names it)."""
    lang = f' lang="{escape(p.lang)}"' if p.lang else ""
    nowrap = ' class="nw"' if p.nowrap else ""
    inner = f'<bdi{lang} dir="{p.dir}"{nowrap}>{escape(p.text)}</bdi>'
    if p.href:
        ext = ' rel="noopener noreferrer" class="ext"' if p.external else ""
        return f'<a href="{escape(p.href)}"{ext}>{inner}</a>'
    return inner


def html(parts: list[Part], lang: str) -> Markup:
    """The parts as HTML: each isolated in ``<bdi>``, links around them, every text escaped."""
    if len(parts) == 1:
        return Markup(_part_html(parts[0]))
    return Markup(("، " if lang == "ar" else ", ").join([_part_html(p) for p in parts]))
