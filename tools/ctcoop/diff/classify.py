"""Classify a diff by the Data Package Version recipe and say which version follows OLD's.

Each difference contributes a :class:`~ctcoop.diff.model.Reason` with a level; the change's
level is the highest. Rows: added rows are MINOR ("add new data"), changed cells PATCH
("correct errors in existing data"), removed rows and changed IDs MAJOR (an ID a user joined
on disappears). Resources: added MINOR, removed MAJOR. Schema and descriptor changes carry the
level :mod:`ctcoop.diff.schema` and :mod:`ctcoop.diff.metadata` gave them.

Versions are ``MAJOR.MINOR.PATCH`` (a pre-release or build suffix is dropped when bumping).
The recipe has no special rule for ``0.x``: a MAJOR change after ``0.4.2`` gives ``1.0.0``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ctcoop.diff.model import Level, Reason, ResourceDiff, ValueChange, max_level

_SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:[-+][0-9A-Za-z.+-]*)?$")


def parse_version(version: str | None) -> tuple[int, int, int] | None:
    """``(major, minor, patch)`` of a SemVer string, or None."""
    if not version:
        return None
    m = _SEMVER.match(version.strip())
    if not m:
        return None
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def bump(version: str | None, level: Level) -> str | None:
    """The version that follows ``version`` for a change of ``level`` (None if unparseable)."""
    parts = parse_version(version)
    if parts is None:
        return None
    major, minor, patch = parts
    if level is Level.MAJOR:
        return f"{major + 1}.0.0"
    if level is Level.MINOR:
        return f"{major}.{minor + 1}.0"
    if level is Level.PATCH:
        return f"{major}.{minor}.{patch + 1}"
    return f"{major}.{minor}.{patch}"


def level_between(old: str, new: str) -> Level | None:
    """The level of the bump from ``old`` to ``new``; None when ``new`` does not follow ``old``."""
    a, b = parse_version(old), parse_version(new)
    if a is None or b is None:
        return None
    if b == a:
        return Level.NONE
    if b[0] > a[0]:
        return Level.MAJOR
    if b[0] == a[0] and b[1] > a[1]:
        return Level.MINOR
    if b[:2] == a[:2] and b[2] > a[2]:
        return Level.PATCH
    return None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _metadata_reasons(changes: list[ValueChange], resource: str | None) -> list[Reason]:
    where = f"{resource}: " if resource else "package: "
    return [
        Reason(
            level=c.level,
            code=f"metadata-{c.kind}",
            resource=resource,
            message=f"{where}descriptor {c.pointer} {c.kind}",
        )
        for c in changes
    ]


def resource_reasons(res: ResourceDiff) -> list[Reason]:
    """Why one resource's changes have the levels they have, most serious first."""
    name = res.name
    if res.status == "added":
        rows = f" ({_plural(res.rows_new, 'row')})" if res.rows_new is not None else ""
        return [
            Reason(
                level=Level.MINOR,
                code="resource-added",
                resource=name,
                message=f"resource '{name}' added{rows}",
            )
        ]
    if res.status == "removed":
        return [
            Reason(
                level=Level.MAJOR,
                code="resource-removed",
                resource=name,
                message=f"resource '{name}' removed",
            )
        ]
    out: list[Reason] = []
    for sc in res.schema_changes:
        out.append(
            Reason(
                level=sc.level, code=sc.code, resource=name, field=sc.field, message=f"{name}: {sc.message}"
            )
        )
    if res.id_changes:
        first = res.id_changes[0]
        example = f" (e.g. {_key_text(first.old)} → {_key_text(first.new)})"
        out.append(
            Reason(
                level=Level.MAJOR,
                code="ids-changed",
                resource=name,
                message=f"{name}: {_plural(len(res.id_changes), 'ID')} changed{example}",
            )
        )
    if res.rows_removed.count:
        out.append(
            Reason(
                level=Level.MAJOR,
                code="rows-removed",
                resource=name,
                message=f"{name}: {_plural(res.rows_removed.count, 'row')} removed",
            )
        )
    if res.rows_added.count:
        out.append(
            Reason(
                level=Level.MINOR,
                code="rows-added",
                resource=name,
                message=f"{name}: {_plural(res.rows_added.count, 'row')} added",
            )
        )
    if res.rows_changed.count:
        out.append(
            Reason(
                level=Level.PATCH,
                code="rows-changed",
                resource=name,
                message=f"{name}: {_plural(res.rows_changed.count, 'row')} changed "
                f"({_plural(res.rows_changed.cells, 'cell')})",
            )
        )
    out.extend(_metadata_reasons(res.metadata_changes, name))
    return out


def _key_text(key: Mapping[str, object]) -> str:
    return "|".join(str(v) for v in key.values())


def classify(resources: list[ResourceDiff], package_changes: list[ValueChange]) -> tuple[Level, list[Reason]]:
    """The change's level and every reason, most serious first (stable within a level)."""
    reasons = _metadata_reasons(package_changes, None)
    for res in resources:
        reasons.extend(resource_reasons(res))
    reasons.sort(key=lambda r: -r.level.rank)
    level = max_level([r.level for r in reasons])
    return level, reasons
