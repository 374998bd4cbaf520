"""Changes to the package's and the resources' descriptors (Table Schemas apart), as JSON Pointers,
each with its Data Package Version level (docs/diff.md): a resource's path, dialect, encoding,
format, media type, compression or licence, the package's name, id or licence are MAJOR; a
validation rule added or changed MAJOR, removed MINOR; anything else PATCH."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ctcoop.diff.model import Level, ValueChange
from ctcoop.diff.values import MISSING, as_json, canon, pointer
from ctcoop.extensions import keys

#: resource properties and the level a change to each has
RESOURCE_MAJOR = {"path", "dialect", "encoding", "format", "mediatype", "compression", "licenses"}
RESOURCE_RULES = {
    keys.REQUIRES_CITATION,
    keys.DATE_ORDER,
    keys.ROW_SCHEMA,
    keys.TYPED_LINKS,
    keys.RULES,
}
#: ``bytes`` and ``hash`` describe a file's bytes (``ctcoop export`` adds them to the release zip);
#: a change in the data shows as row changes, so they are no change of their own
RESOURCE_IGNORED = {"name", "schema", "bytes", "hash"}
#: package properties
PACKAGE_MAJOR = {"name", "id", "licenses"}
PACKAGE_RULES = {keys.GLOBAL_IDS, keys.CITATIONS, keys.RULES}
PACKAGE_IGNORED = {"resources", "version"}


def value_changes(
    old: dict[str, Any],
    new: dict[str, Any],
    level_of: Callable[[str, str], Level],
    ignore: set[str],
    prefix: list[str] | None = None,
) -> list[ValueChange]:
    """Changes between two descriptor objects as JSON Pointers; objects are walked, arrays compared whole.

    ``level_of(top_level_key, kind)`` gives each change's level (kind: added/removed/changed).
    """
    out: list[ValueChange] = []
    base = prefix or []
    for key in sorted(set(old) | set(new), key=str):
        if not base and key in ignore:
            continue
        top = base[0] if base else key
        a, b = old.get(key, MISSING), new.get(key, MISSING)
        if a is MISSING:
            out.append(
                ValueChange(
                    pointer=pointer([*base, key]),
                    kind="added",
                    new=as_json(b),
                    level=level_of(top, "added"),
                )
            )
        elif b is MISSING:
            out.append(
                ValueChange(
                    pointer=pointer([*base, key]),
                    kind="removed",
                    old=as_json(a),
                    level=level_of(top, "removed"),
                )
            )
        elif isinstance(a, dict) and isinstance(b, dict):
            out.extend(value_changes(a, b, level_of, ignore, [*base, key]))
        elif canon(a) != canon(b):
            out.append(
                ValueChange(
                    pointer=pointer([*base, key]),
                    kind="changed",
                    old=as_json(a),
                    new=as_json(b),
                    level=level_of(top, "changed"),
                )
            )
    return out


def _rule_level(kind: str) -> Level:
    return Level.MINOR if kind == "removed" else Level.MAJOR


def resource_level(key: str, kind: str) -> Level:
    if key in RESOURCE_MAJOR:
        return Level.MAJOR
    if key in RESOURCE_RULES:
        return _rule_level(kind)
    return Level.PATCH


def package_level(key: str, kind: str) -> Level:
    if key in PACKAGE_MAJOR:
        return Level.MAJOR
    if key in PACKAGE_RULES:
        return _rule_level(kind)
    return Level.PATCH


def resource_metadata_changes(old: dict[str, Any], new: dict[str, Any]) -> list[ValueChange]:
    """Changes to a resource's descriptor, its Table Schema excepted."""
    return value_changes(old, new, resource_level, RESOURCE_IGNORED)


def package_metadata_changes(old: dict[str, Any], new: dict[str, Any]) -> list[ValueChange]:
    """Changes to the package descriptor, its resources and version excepted."""
    return value_changes(old, new, package_level, PACKAGE_IGNORED)
