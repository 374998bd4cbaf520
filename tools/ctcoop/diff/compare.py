"""Compare two versions of a data package: resources, rows by primary key, schemas, descriptors.

:func:`diff_specs` is the library entry point of ``ctcoop diff``: it resolves OLD and NEW
(directory, descriptor, zip or git revision), refuses invalid packages, and returns a
:class:`~ctcoop.diff.model.PackageDiff`. :func:`diff_packages` compares two loaded packages.

For each resource present in both versions the CSVs are read as text (:func:`ctcoop.tables.typed.read_text`),
rows are paired by primary key (:mod:`ctcoop.diff.match`, composite keys included) and compared
field by field as typed values (:mod:`ctcoop.diff.rows`), so ``4331`` and ``4331.0`` in a number
field are equal and an edit that only changes formatting is no change. A removed row and an added
row whose non-key values are all equal (and not all empty), with that content unique on both
sides, are reported as an ID change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from ctcoop.diff.classify import bump, classify
from ctcoop.diff.match import match_rows
from ctcoop.diff.metadata import package_metadata_changes, resource_metadata_changes
from ctcoop.diff.model import Level, PackageDiff, ResourceDiff, SchemaChange, Side, Summary
from ctcoop.diff.multiset import multiset_rows
from ctcoop.diff.renames import detect_renames
from ctcoop.diff.rows import NEW, OLD, Pairs, changed_rows, id_changes, row_list, same_values, side
from ctcoop.diff.schema import schema_changes
from ctcoop.errors import CtcoopError, PackageLoadError, UsageProblem
from ctcoop.extensions import keys, resource_ext
from ctcoop.package import Package, Resource
from ctcoop.tables.dtypes import polars_dtype
from ctcoop.tables.typed import TextTable as RawTable
from ctcoop.tables.typed import read_text as read_raw


def _choose_key(old: Resource, new: Resource, given: Sequence[str] | None = None) -> list[str]:
    """The key rows are matched on: the one given (``--key``), else NEW's primary key if both
    versions have its fields, else OLD's; [] when there is none (rows are then compared as a multiset)."""
    if given:
        missing = [k for k in given if k not in old.field_names or k not in new.field_names]
        if missing:
            raise CtcoopError(
                f"--key names {', '.join(repr(k) for k in missing)}, which resource '{new.name}' "
                "does not have in both versions",
                file=new.path,
                code="bad-key",
                hint="fields in both versions: "
                + ", ".join(f for f in new.field_names if f in old.field_names),
            )
        return list(given)
    both = set(old.field_names) & set(new.field_names)  # a key naming a field one side lacks: none
    if new.primary_key and set(new.primary_key) <= both:
        return new.primary_key
    if old.primary_key and set(old.primary_key) <= both:
        return old.primary_key
    return []


def _check_unique(frame: pl.DataFrame, key: list[str], res: Resource, label: str) -> None:
    dup = frame.select(key).is_duplicated()
    if dup.any():
        first = frame.filter(dup).row(0, named=True)
        shown = ", ".join(f"{k}={first[k]!r}" for k in key)
        raise CtcoopError(
            f"{label}: resource '{res.name}' has {int(dup.sum())} rows sharing a primary key ({shown})",
            file=res.path,
            code="duplicate-key",
            hint="primary keys must be unique; run `ctcoop validate`",
        )


def _key_frame(raw: RawTable, key: list[str]) -> pl.DataFrame:
    """The key columns as typed values (text keys are already what they are)."""
    if all(polars_dtype(raw.resource.field(k) or {}) == pl.String() for k in key):
        return raw.frame.select(key)
    return raw.typed(columns=key)


def _row_schema_change(
    old_pkg: Package, old: Resource, new_pkg: Package, new: Resource
) -> list[SchemaChange]:
    """A change inside the file ``ctcoop:rowSchema`` points to (the path itself is metadata)."""
    a, b = resource_ext(old.descriptor).row_schema, resource_ext(new.descriptor).row_schema
    if a is None or b is None:
        return []
    try:
        same = old_pkg.read(a) == new_pkg.read(b)
    except PackageLoadError:
        return []  # a missing row schema is the validator's finding, not a diff
    if same:
        return []
    return [
        SchemaChange(
            code="row-schema-changed",
            level=Level.MAJOR,
            property=keys.ROW_SCHEMA,
            old=a,
            new=b,
            message=f"row rules ({b}) changed",
        )
    ]


def _keyless(
    ro: RawTable, rn: RawTable, metadata: list[Any], extra: list[SchemaChange], max_rows: int | None
) -> ResourceDiff:
    """A table without a key common to both versions: rows compared as a multiset."""
    old, new = ro.resource, rn.resource
    renames = detect_renames(old.schema, new.schema, lambda _a, _b: None)
    removed, added, compared = multiset_rows(ro, rn, max_rows)
    keys = f"OLD {old.primary_key}, NEW {new.primary_key}" if old.primary_key or new.primary_key else "none"
    diff = ResourceDiff(
        name=new.name,
        status="changed",
        rows_old=ro.frame.height,
        rows_new=rn.frame.height,
        rows_added=added,
        rows_removed=removed,
        schema_changes=schema_changes(old.schema, new.schema, renames) + extra,
        metadata_changes=metadata,
        note=f"no key common to both versions ({keys}): rows compared as a multiset over "
        f"{len(compared)} common field(s), so an edited row shows as one removed and one added; "
        "pass --key to pair rows on a natural key",
    )
    unchanged = not (added.count or removed.count or diff.schema_changes or metadata)
    return diff.model_copy(update={"status": "unchanged"}) if unchanged else diff


def diff_resource(
    old_pkg: Package,
    old: Resource,
    new_pkg: Package,
    new: Resource,
    max_rows: int | None = None,
    key: Sequence[str] | None = None,
) -> ResourceDiff:
    """Rows, schema and descriptor changes of one resource present in both versions.

    Rows are paired on ``key`` (default: the primary key); a table with no key common to both
    versions is compared as a multiset of rows (:mod:`ctcoop.diff.multiset`).
    """
    key = _choose_key(old, new, key)
    ro, rn = read_raw(old_pkg, old), read_raw(new_pkg, new)
    metadata = resource_metadata_changes(old.descriptor, new.descriptor)
    extra = _row_schema_change(old_pkg, old, new_pkg, new)
    if not key:
        return _keyless(ro, rn, metadata, extra, max_rows)
    ko, kn = _key_frame(ro, key), _key_frame(rn, key)
    m = match_rows(ko, kn, key)
    if not m.unique:
        _check_unique(ko, key, old, "OLD")
        _check_unique(kn, key, new, "NEW")
    renames = detect_renames(old.schema, new.schema, same_values(ro, rn, m))
    changes = schema_changes(old.schema, new.schema, renames) + extra
    pairs = Pairs(old, new, key, renames)
    removed, added = side(ro, m.removed, key, OLD), side(rn, m.added, key, NEW)
    diff = ResourceDiff(
        name=new.name,
        status="changed",
        primary_key=key,
        rows_old=ro.frame.height,
        rows_new=rn.frame.height,
        rows_added=row_list(added, key, NEW, [c for c in new.field_names if c not in key], max_rows),
        rows_removed=row_list(removed, key, OLD, [c for c in old.field_names if c not in key], max_rows),
        rows_changed=changed_rows(ro, rn, m, key, pairs, max_rows),
        id_changes=id_changes(removed, added, key, pairs),
        schema_changes=changes,
        metadata_changes=metadata,
    )
    unchanged = not (
        diff.rows_added.count or diff.rows_removed.count or diff.rows_changed.count or changes or metadata
    )
    return diff.model_copy(update={"status": "unchanged"}) if unchanged else diff


def _row_count(pkg: Package, res: Resource) -> int:
    return read_raw(pkg, res).frame.height


def diff_packages(
    old: Package,
    new: Package,
    *,
    max_rows: int | None = None,
    old_label: str | None = None,
    new_label: str | None = None,
    keys: Mapping[str, Sequence[str]] | None = None,
) -> PackageDiff:
    """Everything that differs between two loaded packages, classified.

    ``keys`` maps a resource name (or ``"*"`` for every resource) to the fields its rows are
    paired on, overriding the primary key.
    """
    keys = keys or {}
    old_by = {r.name: r for r in old.resources}
    new_by = {r.name: r for r in new.resources}
    unknown = [name for name in keys if name != "*" and (name not in old_by or name not in new_by)]
    if unknown:  # a --key for a resource that is not compared is an error, never ignored
        raise UsageProblem(
            f"--key names the resource {', '.join(repr(n) for n in unknown)}, which is not in both versions",
            code="bad-key",
            hint="resources in both versions: " + ", ".join(n for n in new_by if n in old_by),
        )
    resources: list[ResourceDiff] = []
    for name, res in old_by.items():
        if name not in new_by:
            resources.append(
                ResourceDiff(
                    name=name, status="removed", primary_key=res.primary_key, rows_old=_row_count(old, res)
                )
            )
    for name, res in new_by.items():
        if name in old_by:
            key = keys.get(name, keys.get("*"))
            resources.append(diff_resource(old, old_by[name], new, res, max_rows, key))
        else:
            resources.append(
                ResourceDiff(
                    name=name, status="added", primary_key=res.primary_key, rows_new=_row_count(new, res)
                )
            )
    pkg_changes = package_metadata_changes(old.descriptor, new.descriptor)
    level, reasons = classify(resources, pkg_changes)
    return PackageDiff(
        old=Side(label=old_label or old.label, version=old.version),
        new=Side(label=new_label or new.label, version=new.version),
        level=level,
        next_version=bump(old.version, level),
        reasons=reasons,
        summary=_summary(resources, pkg_changes),
        metadata_changes=pkg_changes,
        resources=resources,
    )


def _summary(resources: list[ResourceDiff], pkg_changes: list[Any]) -> Summary:
    return Summary(
        resources_added=sum(r.status == "added" for r in resources),
        resources_removed=sum(r.status == "removed" for r in resources),
        resources_changed=sum(r.status == "changed" for r in resources),
        rows_added=sum(r.rows_added.count for r in resources),
        rows_removed=sum(r.rows_removed.count for r in resources),
        rows_changed=sum(r.rows_changed.count for r in resources),
        cells_changed=sum(r.rows_changed.cells for r in resources),
        id_changes=sum(len(r.id_changes) for r in resources),
        schema_changes=sum(len(r.schema_changes) for r in resources),
        metadata_changes=len(pkg_changes) + sum(len(r.metadata_changes) for r in resources),
    )


def diff_specs(
    old: str,
    new: str,
    *,
    validate: bool = False,
    max_rows: int | None = None,
    cwd: Path | None = None,
    keys: Mapping[str, Sequence[str]] | None = None,
) -> PackageDiff:
    """``ctcoop diff OLD NEW``: resolve both (path or git revision) and compare them.

    Each is opened with its descriptor checked (:func:`ctcoop.preflight.open_package`: a
    :class:`~ctcoop.errors.PackageRefused` names it ``OLD`` or ``NEW``); with ``validate``, an
    invalid package is refused first.
    """
    from ctcoop.diff.guard import require_valid
    from ctcoop.gitsource import resolve_package

    old_pkg = resolve_package(old, cwd, role="OLD")
    new_pkg = resolve_package(new, cwd, role="NEW")
    if validate:
        require_valid(old_pkg, "OLD")
        require_valid(new_pkg, "NEW")
    return diff_packages(old_pkg, new_pkg, max_rows=max_rows, old_label=old, new_label=new, keys=keys)
