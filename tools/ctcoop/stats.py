"""What the package holds (``ctcoop stats``): rows per table and per category, and coverage.

For every tabular resource, :func:`package_stats` counts

* ``rows``;
* ``categories``: for each field with an ``enum`` constraint, each boolean field and each
  single-field foreign key to another resource (an instrument's ``kind``, a relation's
  ``type``), the rows per value (empty cells under ``""``);
* ``bilingual``: rows where no ``ctcoop:translationOf`` pair is half filled (each pair has both
  languages or neither); None when the table has no such pair;
* ``cited``: rows whose key is a subject in the package's citations resource
  (``ctcoop:citations``); None unless the resource declares ``ctcoop:requiresCitation``;
* ``dated``: rows with at least one date (fields with ``ctcoop:partialDate`` or of type date,
  datetime, year or yearmonth); None when the table has no date field.

and ``coverage`` lists, for every resource that declares ``ctcoop:coverage``, the rows held per
group against the latest stated total (:mod:`ctcoop.stats_coverage`).

Everything is switched on by schema properties, never by table names. Values are read typed
(:mod:`ctcoop.tables.typed`): missing values and cells that do not cast to the field's type count as
empty. A file that cannot be read is listed with the reason and counted as empty. Rendering is
in :mod:`ctcoop.render_stats`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from ctcoop.errors import CtcoopError
from ctcoop.extensions import field_ext, package_ext, resource_ext
from ctcoop.package import Package, Resource
from ctcoop.preflight import open_package
from ctcoop.stats_coverage import CoverageEntry, coverage_table

if TYPE_CHECKING:
    import polars as pl

__all__ = ["CategoryCounts", "PackageStats", "TableStats", "package_stats"]

_DATE_TYPES = {"date", "datetime", "year", "yearmonth"}


class CategoryCounts(BaseModel):
    """Rows per value of one categorical field, most frequent first (ties by value)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    field: str
    kind: str = Field(description="'enum', 'boolean' or 'reference' (the target is in 'references').")
    references: str | None = None
    counts: dict[str, int]


class TableStats(BaseModel):
    """Counts for one resource. A share is a count divided by ``rows``."""

    model_config = ConfigDict(extra="forbid", strict=True)

    name: str
    path: str
    title: str | None = None
    title_ar: str | None = None
    rows: int
    bilingual: int | None = None
    cited: int | None = None
    dated: int | None = None
    categories: list[CategoryCounts] = Field(default_factory=list)
    unreadable: str | None = Field(default=None, description="Why the file could not be read, if so.")


class PackageStats(BaseModel):
    """Counts for the whole package, table by table, plus totals over the tables that have each measure."""

    model_config = ConfigDict(extra="forbid", strict=True)

    package: str
    name: str | None = None
    version: str | None = None
    tables: list[TableStats]
    coverage: list[CoverageEntry] = Field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)

    def total(self, measure: str) -> tuple[int, int] | None:
        """(count, rows) summed over the tables where ``measure`` applies, or None if it applies to none."""
        pairs = [(getattr(t, measure), t.rows) for t in self.tables if getattr(t, measure) is not None]
        if not pairs:
            return None
        return sum(c for c, _ in pairs), sum(r for _, r in pairs)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _categorical(res: Resource) -> list[tuple[str, str, str | None]]:
    """(field, kind, target) for the fields counted per value, in schema order."""
    targets: dict[str, str] = {}
    for fk in res.foreign_keys:
        fields = fk.get("fields")
        fields = [fields] if isinstance(fields, str) else fields
        ref = fk.get("reference")
        if isinstance(fields, list) and len(fields) == 1 and isinstance(ref, dict):
            target = ref.get("resource")
            if isinstance(target, str) and target and target != res.name:
                targets[str(fields[0])] = target
    out: list[tuple[str, str, str | None]] = []
    for fdesc in res.fields:
        name = str(fdesc.get("name", ""))
        cons = fdesc.get("constraints")
        if isinstance(cons, dict) and isinstance(cons.get("enum"), list):
            out.append((name, "enum", None))
        elif fdesc.get("type") == "boolean":
            out.append((name, "boolean", None))
        elif name in targets:
            out.append((name, "reference", targets[name]))
    return out


def _frame(package: Package, res: Resource) -> pl.DataFrame:
    from ctcoop.tables.typed import read_typed_table

    return read_typed_table(package, res, max_problems=0).frame


def _cited_keys(package: Package) -> set[str] | None:
    conf = package_ext(package.descriptor).citations
    if conf is None:
        return None
    subject = conf.subjectField
    try:
        frame = _frame(package, package.resource(conf.resource))
    except CtcoopError:
        return None
    if subject not in frame.columns:
        return None
    return {str(v) for v in frame[subject].drop_nulls().to_list()}


def _count_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _table_stats(res: Resource, frame: pl.DataFrame, cited_keys: set[str] | None) -> TableStats:
    import polars as pl

    names = res.field_names
    stats = TableStats(name=res.name, path=res.path, title=_text(res.descriptor.get("title")),
                       title_ar=_text(resource_ext(res.descriptor).title("ar")), rows=frame.height)
    pairs = [(twin, str(f.get("name"))) for f in res.fields
             if (twin := field_ext(f).translation_of) is not None and twin in names]
    if pairs:
        matched = pl.all_horizontal([pl.col(a).is_not_null() == pl.col(b).is_not_null() for a, b in pairs])
        stats.bilingual = int(frame.select(matched.sum()).item())
    dates = [str(f.get("name")) for f in res.fields
             if field_ext(f).partial_date or f.get("type") in _DATE_TYPES]
    if dates:
        dated = pl.any_horizontal([pl.col(d).is_not_null() for d in dates])
        stats.dated = int(frame.select(dated.sum()).item())
    key = res.primary_key
    if resource_ext(res.descriptor).requires_citation and cited_keys is not None \
            and len(key) == 1 and key[0] in names:
        stats.cited = int(frame[key[0]].cast(pl.String).is_in(list(cited_keys)).sum())
    for name, kind, target in _categorical(res):
        counts = Counter(_count_text(v) for v in frame[name].to_list())
        ordered = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        stats.categories.append(CategoryCounts(field=name, kind=kind, references=target, counts=ordered))
    return stats


def package_stats(path: str | Path | Package | None = None) -> PackageStats:
    """Counts for every tabular resource of the package at ``path`` (see the module docstring)."""
    package = open_package(path)
    cited_keys = _cited_keys(package)
    tables: list[TableStats] = []
    for res in package.resources:
        try:
            frame = _frame(package, res)
        except CtcoopError as exc:
            tables.append(TableStats(name=res.name, path=res.path, title=_text(res.descriptor.get("title")),
                                     title_ar=_text(resource_ext(res.descriptor).title("ar")), rows=0,
                                     unreadable=str(exc)))
            continue
        tables.append(_table_stats(res, frame, cited_keys))
    return PackageStats(package=package.label, name=_text(package.descriptor.get("name")),
                        version=package.version, tables=tables, coverage=coverage_table(package))
