"""Compare two versions of a data package, rows matched by primary key and values typed.

:func:`diff_specs` is the library entry point of ``ctcoop diff``: it resolves OLD and NEW
(directory, descriptor, zip or git revision), refuses invalid packages, and returns a
:class:`~ctcoop.diff.model.PackageDiff`. :func:`diff_packages` compares two loaded packages.

For each resource present in both versions the CSVs are read as typed frames
(:mod:`ctcoop.typed`), joined on the primary key (a full outer join, composite keys included),
and every common field is compared column-wise with null-aware equality, so ``4331`` and
``4331.0`` in a number field are equal and an edit that only changes formatting is no change.
A field whose type changed is compared as numbers when both types are numeric and as text
otherwise. Rows are listed in key order; ``max_rows`` caps how many are *listed* per kind and
resource (counts are always complete).

A removed row and an added row whose non-key values are all equal (and not all empty), with
that content unique on both sides, are reported as an ID change.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl
from pydantic import JsonValue

from ctcoop.diff.classify import bump, classify
from ctcoop.diff.model import (
    CellChange,
    ChangedRow,
    ChangedRows,
    IdChange,
    Level,
    PackageDiff,
    ResourceDiff,
    Row,
    RowList,
    SchemaChange,
    Side,
    Summary,
)
from ctcoop.diff.schema import (
    detect_renames,
    package_metadata_changes,
    resource_metadata_changes,
    schema_changes,
)
from ctcoop.errors import CtcoopError, PackageLoadError
from ctcoop.package import Package, Resource
from ctcoop.typed import read_typed

_OLD = "\x00old:"
_NEW = "\x00new:"
_IN_OLD = "\x00in_old"
_IN_NEW = "\x00in_new"
_NUMERIC = (
    pl.Int8,
    pl.Int16,
    pl.Int32,
    pl.Int64,
    pl.UInt8,
    pl.UInt16,
    pl.UInt32,
    pl.UInt64,
    pl.Float32,
    pl.Float64,
)


def to_json(value: Any) -> JsonValue:
    """A typed cell as a JSON value (see :mod:`ctcoop.diff.model`)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "INF" if value > 0 else "-INF"
        return value
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, pl.Series):
        return [to_json(v) for v in value.to_list()]
    return str(value)


def _comparable(
    old: pl.Expr, old_t: pl.DataType, new: pl.Expr, new_t: pl.DataType
) -> tuple[pl.Expr, pl.Expr]:
    """Both sides in one dtype: as is, as Float64 when both are numeric, else as text."""
    if old_t == new_t:
        return old, new
    if isinstance(old_t, _NUMERIC) and isinstance(new_t, _NUMERIC):
        return old.cast(pl.Float64), new.cast(pl.Float64)
    return _as_text(old, old_t), _as_text(new, new_t)


def _as_text(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    if isinstance(dtype, pl.List):
        return expr.list.join(";")
    return expr.cast(pl.String)


def _choose_key(old: Resource, new: Resource) -> list[str]:
    """The key rows are matched on: NEW's primary key if OLD has those fields, else OLD's."""
    if not old.primary_key and not new.primary_key:
        raise CtcoopError(
            f"resource '{new.name}' has no primary key, so its rows cannot be matched",
            file=new.path,
            code="no-primary-key",
            hint='add "primaryKey" to its Table Schema (matching rows by position '
            "pairs the wrong rows as soon as one is inserted)",
        )
    if new.primary_key and set(new.primary_key) <= set(old.field_names):
        return new.primary_key
    if old.primary_key and set(old.primary_key) <= set(new.field_names):
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


def _key_dict(row: dict[str, Any], key: Sequence[str]) -> dict[str, JsonValue]:
    return {k: to_json(row[k]) for k in key}


class _Pairs:
    """The fields compared: (old name, new name, old dtype, new dtype) for non-key common fields."""

    def __init__(self, old: pl.DataFrame, new: pl.DataFrame, key: list[str], renames: dict[str, str]) -> None:
        self.items: list[tuple[str, str, pl.DataType, pl.DataType]] = []
        for name in old.columns:
            target = renames.get(name, name)
            if name in key or target not in new.columns or target in key:
                continue
            self.items.append((name, target, old.schema[name], new.schema[target]))

    def exprs(self) -> list[tuple[str, pl.Expr, pl.Expr]]:
        return [(n, *_comparable(pl.col(_OLD + o), ot, pl.col(_NEW + n), nt)) for o, n, ot, nt in self.items]


def _same_values(both: pl.DataFrame) -> Any:
    """Answer "are these two columns equal on every matched row?" (None: cannot tell)."""

    def same(old_name: str, new_name: str) -> bool | None:
        if both.height == 0 or _OLD + old_name not in both.columns or _NEW + new_name not in both.columns:
            return None
        a, b = both[_OLD + old_name], both[_NEW + new_name]
        if a.null_count() == both.height and b.null_count() == both.height:
            return None
        return bool(a.eq_missing(b).all())

    return same


def _joined(old: pl.DataFrame, new: pl.DataFrame, key: list[str]) -> pl.DataFrame:
    okeys = {k: old.schema[k] for k in key}
    nkeys = {k: new.schema[k] for k in key}
    o = old.rename({c: _OLD + c for c in old.columns if c not in key}).with_columns(
        pl.lit(True).alias(_IN_OLD)
    )
    n = new.rename({c: _NEW + c for c in new.columns if c not in key}).with_columns(
        pl.lit(True).alias(_IN_NEW)
    )
    text_keys = [k for k in key if okeys[k] != nkeys[k]]
    if text_keys:
        o = o.with_columns([_as_text(pl.col(k), okeys[k]).alias(k) for k in text_keys])
        n = n.with_columns([_as_text(pl.col(k), nkeys[k]).alias(k) for k in text_keys])
    return o.join(n, on=key, how="full", coalesce=True, nulls_equal=True)


def _row_list(frame: pl.DataFrame, key: list[str], prefix: str, names: list[str], cap: int | None) -> RowList:
    shown = frame.sort(key).head(cap) if cap is not None else frame.sort(key)
    rows = [
        Row(key=_key_dict(r, key), values={n: to_json(r[prefix + n]) for n in names})
        for r in shown.iter_rows(named=True)
    ]
    return RowList(count=frame.height, rows=rows)


def _changed(both: pl.DataFrame, key: list[str], pairs: _Pairs, cap: int | None) -> ChangedRows:
    exprs = pairs.exprs()
    if not exprs:
        return ChangedRows(count=0, cells=0)
    flags = [(~a.eq_missing(b)).alias(f"\x00ne{i}") for i, (_, a, b) in enumerate(exprs)]
    flagged = both.with_columns(flags)
    names = [f"\x00ne{i}" for i in range(len(exprs))]
    counts = flagged.select([pl.col(n).sum() for n in names]).row(0)
    by_field = {exprs[i][0]: int(c) for i, c in enumerate(counts) if c}
    changed = flagged.filter(pl.any_horizontal(names))
    shown = changed.sort(key).head(cap) if cap is not None else changed.sort(key)
    out: list[ChangedRow] = []
    for row in shown.iter_rows(named=True):
        cells = [
            CellChange(field=new_name, old=to_json(row[_OLD + old_name]), new=to_json(row[_NEW + new_name]))
            for i, (old_name, new_name, _, _) in enumerate(pairs.items)
            if row[names[i]]
        ]
        out.append(ChangedRow(key=_key_dict(row, key), changes=cells))
    return ChangedRows(count=changed.height, cells=sum(by_field.values()), by_field=by_field, rows=out)


def _id_changes(removed: pl.DataFrame, added: pl.DataFrame, key: list[str], pairs: _Pairs) -> list[IdChange]:
    exprs = pairs.exprs()
    if not exprs or removed.height == 0 or added.height == 0:
        return []
    content = [f"\x00c{i}" for i in range(len(exprs))]
    old_keys = [f"\x00ok{i}" for i in range(len(key))]
    new_keys = [f"\x00nk{i}" for i in range(len(key))]
    r = removed.select(
        [pl.col(k).alias(a) for k, a in zip(key, old_keys, strict=True)]
        + [e[1].alias(c) for e, c in zip(exprs, content, strict=True)]
    )
    a = added.select(
        [pl.col(k).alias(b) for k, b in zip(key, new_keys, strict=True)]
        + [e[2].alias(c) for e, c in zip(exprs, content, strict=True)]
    )
    not_empty = ~pl.all_horizontal([pl.col(c).is_null() for c in content])
    r = r.filter(not_empty)
    a = a.filter(not_empty)
    r = r.filter(~r.select(content).is_duplicated())
    a = a.filter(~a.select(content).is_duplicated())
    pairs_found = r.join(a, on=content, how="inner", nulls_equal=True).sort(old_keys)
    return [
        IdChange(
            old={k: to_json(row[o]) for k, o in zip(key, old_keys, strict=True)},
            new={k: to_json(row[n]) for k, n in zip(key, new_keys, strict=True)},
        )
        for row in pairs_found.iter_rows(named=True)
    ]


def _row_schema_change(
    old_pkg: Package, old: Resource, new_pkg: Package, new: Resource
) -> list[SchemaChange]:
    """A change inside the file ``ctcoop:rowSchema`` points to (the path itself is metadata)."""
    a, b = old.descriptor.get("ctcoop:rowSchema"), new.descriptor.get("ctcoop:rowSchema")
    if not isinstance(a, str) or not isinstance(b, str):
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
            property="ctcoop:rowSchema",
            old=a,
            new=b,
            message=f"row rules ({b}) changed",
        )
    ]


def diff_resource(
    old_pkg: Package, old: Resource, new_pkg: Package, new: Resource, max_rows: int | None = None
) -> ResourceDiff:
    """Rows, schema and descriptor changes of one resource present in both versions."""
    key = _choose_key(old, new)
    of = read_typed(old_pkg, old)
    nf = read_typed(new_pkg, new)
    metadata = resource_metadata_changes(old.descriptor, new.descriptor)
    extra = _row_schema_change(old_pkg, old, new_pkg, new)
    if not key:
        renames = detect_renames(old.schema, new.schema, lambda _a, _b: None)
        changes = schema_changes(old.schema, new.schema, renames) + extra
        return ResourceDiff(
            name=new.name,
            status="changed",
            rows_old=of.height,
            rows_new=nf.height,
            schema_changes=changes,
            metadata_changes=metadata,
            note=f"rows not compared: no key common to both versions (OLD {old.primary_key}, "
            f"NEW {new.primary_key})",
        )
    joined = _joined(of, nf, key)
    in_old, in_new = pl.col(_IN_OLD).is_not_null(), pl.col(_IN_NEW).is_not_null()
    removed = joined.filter(in_old & ~in_new)
    added = joined.filter(in_new & ~in_old)
    both = joined.filter(in_old & in_new)
    del joined
    # Unique keys on both sides <=> every row joined once: cheap to check on the small sets.
    consistent = (
        of.height == both.height + removed.height
        and nf.height == both.height + added.height
        and not removed.select(key).is_duplicated().any()
        and not added.select(key).is_duplicated().any()
    )
    if not consistent:
        _check_unique(of, key, old, "OLD")
        _check_unique(nf, key, new, "NEW")
    renames = detect_renames(old.schema, new.schema, _same_values(both))
    changes = schema_changes(old.schema, new.schema, renames) + extra
    pairs = _Pairs(of, nf, key, renames)
    old_names = [c for c in of.columns if c not in key]
    new_names = [c for c in nf.columns if c not in key]
    diff = ResourceDiff(
        name=new.name,
        status="changed",
        primary_key=key,
        rows_old=of.height,
        rows_new=nf.height,
        rows_added=_row_list(added, key, _NEW, new_names, max_rows),
        rows_removed=_row_list(removed, key, _OLD, old_names, max_rows),
        rows_changed=_changed(both, key, pairs, max_rows),
        id_changes=_id_changes(removed, added, key, pairs),
        schema_changes=changes,
        metadata_changes=metadata,
    )
    unchanged = not (
        diff.rows_added.count or diff.rows_removed.count or diff.rows_changed.count or changes or metadata
    )
    return diff.model_copy(update={"status": "unchanged"}) if unchanged else diff


def _row_count(pkg: Package, res: Resource) -> int:
    return read_typed(pkg, res).height


def diff_packages(
    old: Package,
    new: Package,
    *,
    max_rows: int | None = None,
    old_label: str | None = None,
    new_label: str | None = None,
) -> PackageDiff:
    """Everything that differs between two loaded packages, classified."""
    old_by = {r.name: r for r in old.resources}
    new_by = {r.name: r for r in new.resources}
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
            resources.append(diff_resource(old, old_by[name], new, res, max_rows))
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
    old: str, new: str, *, validate: bool = True, max_rows: int | None = None, cwd: Path | None = None
) -> PackageDiff:
    """``ctcoop diff OLD NEW``: resolve both (path or git revision), refuse invalid ones, compare."""
    from ctcoop.diff.guard import require_valid
    from ctcoop.gitsource import resolve_package

    old_pkg = resolve_package(old, cwd)
    new_pkg = resolve_package(new, cwd)
    if validate:
        require_valid(old_pkg, "OLD")
        require_valid(new_pkg, "NEW")
    return diff_packages(old_pkg, new_pkg, max_rows=max_rows, old_label=old, new_label=new)
