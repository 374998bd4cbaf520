"""Every ``ctcoop:`` property the toolkit knows, read off the level models: the docs table and lookups.

:data:`LEVELS` pairs each level with its model; :func:`properties` lists (property, levels,
meaning) in the order the models declare them; :func:`markdown_table` is the table
docs/data-model.md shows as the ``extension-properties`` block of :mod:`ctcoop.gendocs`
(``ctcoop docs`` writes it, a test checks it); :func:`is_known` says whether a key is a property
of a level.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from ctcoop.extensions.base import FAMILY_RE
from ctcoop.extensions.field import FIELD_FAMILIES, FieldExtensions
from ctcoop.extensions.package import PackageExtensions
from ctcoop.extensions.resource import TEXT_FAMILIES, ResourceExtensions, SchemaExtensions

#: level -> (model, the language-suffixed families it allows)
LEVELS: dict[str, tuple[type[BaseModel], tuple[str, ...]]] = {
    "package": (PackageExtensions, TEXT_FAMILIES),
    "resource": (ResourceExtensions, TEXT_FAMILIES),
    "schema": (SchemaExtensions, ()),
    "field": (FieldExtensions, FIELD_FAMILIES),
}

_FAMILY_MEANING = {
    "title": "the title in that language (`title` holds the English one)",
    "description": "the description in that language (`description` holds the English one)",
    "categoryLabels": '`{"code": "label"}` for each category in that language (the `categories` '
    "`label` holds the English one)",
}


@dataclass(frozen=True)
class Property:
    """One property (or language-suffixed family, written ``ctcoop:title_<lang>``) and where it goes."""

    name: str
    levels: tuple[str, ...]
    meaning: str


def properties() -> list[Property]:
    """Every property and family, each once, with every level it is allowed at."""
    order: dict[str, Property] = {}
    for level, (model, families) in LEVELS.items():
        entries: list[tuple[str, str]] = []
        for info in model.model_fields.values():
            if info.alias and isinstance(info.json_schema_extra, dict):
                entries.append((info.alias, str(info.json_schema_extra["meaning"])))
        entries += [(f"ctcoop:{stem}_<lang>", _FAMILY_MEANING[stem]) for stem in families]
        for name, meaning in entries:
            known = order.get(name)
            levels = (*known.levels, level) if known else (level,)
            order[name] = Property(name, levels, known.meaning if known else meaning)
    return list(order.values())


def is_known(key: str, level: str) -> bool:
    """True when ``key`` (a full ``ctcoop:`` name) is a property of ``level``."""
    model, families = LEVELS[level]
    match = FAMILY_RE.match(key)
    if match is not None:
        return match.group(1) in families
    return any(info.alias == key for info in model.model_fields.values())


#: the markers of the table in docs/data-model.md (a block of :mod:`ctcoop.gendocs`)
START = "<!-- generated: extension-properties -->"
END = "<!-- end generated: extension-properties -->"


def markdown_table() -> str:
    """The table of docs/data-model.md: where, property, meaning (one row per property)."""
    rows = ["| where | property | meaning |", "|---|---|---|"]
    rows += [f"| {', '.join(p.levels)} | `{p.name}` | {p.meaning} |" for p in properties()]
    return "\n".join(rows) + "\n"
