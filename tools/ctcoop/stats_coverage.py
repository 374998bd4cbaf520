"""The coverage table and the gap list of ``ctcoop stats`` (resources that declare ``ctcoop:coverage``).

:func:`coverage_table` gives, per group (an instrument, a body) and measure (parties,
signatories, members): the rows the resource holds for the group, the members counted from
them as of the latest stated total, that total with its as-of date and the stated row's source,
and the difference. Groups with rows but no stated total are listed with no total.

:func:`coverage_gaps` gives, for every shortfall, the candidates: ids of the resource the member
field points to (its foreign key, or the first table of its ``ctcoop:references``) that have no
counting row, with their English names, so that a contributor can look each one up in the
source of the stated total.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from ctcoop.coverage import CoverageLine, coverage_lines
from ctcoop.dataset_rules import CoverageRule, coverage_rule, foreign_target
from ctcoop.errors import CtcoopError
from ctcoop.extensions import field_ext, package_ext
from ctcoop.package import Package, Resource
from ctcoop.preflight import open_package

if TYPE_CHECKING:
    import polars as pl

__all__ = ["CoverageEntry", "Gap", "coverage_gaps", "coverage_table"]


class CoverageEntry(BaseModel):
    """One row of the coverage table."""

    model_config = ConfigDict(extra="forbid", strict=True)

    resource: str
    group: str
    measure: str
    rows: int
    held: int
    stated: int | None = None
    as_of: str | None = None
    difference: int | None = None
    stated_id: str | None = None
    source: str | None = None
    url: str | None = None


class Candidate(BaseModel):
    """An id that has no counting row for the group."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str
    name_en: str | None = None


class Gap(BaseModel):
    """A shortfall and the ids to check against the stated total's source."""

    model_config = ConfigDict(extra="forbid", strict=True)

    entry: CoverageEntry
    candidates_from: str | None
    candidates: list[Candidate]


def _strings(package: Package, res: Resource) -> pl.DataFrame | None:
    import polars as pl

    from ctcoop.tables.typed import read_typed_table

    try:
        frame = read_typed_table(package, res, max_problems=0).frame
    except CtcoopError:
        return None
    return frame.select([pl.col(c).list.join(";") if isinstance(t, pl.List) else pl.col(c).cast(pl.String)
                         for c, t in frame.schema.items()])


def _sources(package: Package) -> dict[str, tuple[str, str | None]]:
    """subject -> (first source id, its url) from the package's citations."""
    conf = package_ext(package.descriptor).citations
    if conf is None:
        return {}
    try:
        cites = _strings(package, package.resource(conf.resource))
    except CtcoopError:
        return {}
    subject, source = conf.subjectField, conf.sourceField or "source"
    if cites is None or subject not in cites.columns or source not in cites.columns:
        return {}
    urls: dict[str, str] = {}
    target = foreign_target(package.resource(conf.resource), source)
    if target is not None:
        sources = _strings(package, package.resource(target[0]))
        if sources is not None and "url" in sources.columns:
            urls = {k: u for k, u in sources.select(target[1], "url").iter_rows() if k and u}
    out: dict[str, tuple[str, str | None]] = {}
    for subj, src in cites.select(subject, source).iter_rows():
        if subj and src and subj not in out:
            out[subj] = (src, urls.get(src))
    return out


def _lines(package: Package) -> list[tuple[Resource, CoverageRule, pl.DataFrame, CoverageLine]]:
    out = []
    for res in package.resources:
        rule = coverage_rule(res)
        if not isinstance(rule, CoverageRule):
            continue
        rows = _strings(package, res)
        try:
            stated_res = package.resource(rule.stated.resource)
        except CtcoopError:
            continue
        stated = _strings(package, stated_res)
        if rows is None:
            continue
        key = stated_res.primary_key
        for line in coverage_lines(rule, rows, stated, key[0] if len(key) == 1 else None):
            if line.latest:
                out.append((res, rule, rows, line))
    return out


def _entry(res: Resource, rule: CoverageRule, rows: pl.DataFrame, line: CoverageLine,
           sources: dict[str, tuple[str, str | None]]) -> CoverageEntry:
    import polars as pl

    count = int(rows.filter(pl.col(rule.groupField) == line.group).height)
    source, url = sources.get(line.stated_id or "", (None, None))
    return CoverageEntry(resource=res.name, group=line.group, measure=line.measure, rows=count,
                         held=line.held, stated=line.stated, as_of=line.as_of, difference=line.difference,
                         stated_id=line.stated_id, source=source, url=url)


def coverage_table(path: str | Path | Package | None = None) -> list[CoverageEntry]:
    """One entry per group and measure of every resource with ``ctcoop:coverage`` (module docstring)."""
    package = path if isinstance(path, Package) else open_package(path)
    sources = _sources(package)
    return [_entry(res, rule, rows, line, sources) for res, rule, rows, line in _lines(package)]


def _candidates(
    package: Package, res: Resource, rule: CoverageRule
) -> tuple[str | None, dict[str, str | None]]:
    target = foreign_target(res, rule.memberField)
    if target is None:
        refs = field_ext(res.field(rule.memberField) or {}).references
        if refs:
            try:
                key = package.resource(refs[0]).primary_key
            except CtcoopError:
                return None, {}
            target = (refs[0], key[0]) if len(key) == 1 else None
    if target is None:
        return None, {}
    try:
        frame = _strings(package, package.resource(target[0]))
    except CtcoopError:
        return None, {}
    if frame is None or target[1] not in frame.columns:
        return None, {}
    names = frame["name_en"].to_list() if "name_en" in frame.columns else [None] * frame.height
    return target[0], dict(zip(frame[target[1]].to_list(), names, strict=True))


def coverage_gaps(path: str | Path | Package | None = None) -> list[Gap]:
    """Every shortfall against a latest stated total, with the ids that have no counting row."""
    package = path if isinstance(path, Package) else open_package(path)
    sources = _sources(package)
    gaps: list[Gap] = []
    for res, rule, rows, line in _lines(package):
        if line.difference is None or line.difference <= 0:
            continue
        table, ids = _candidates(package, res, rule)
        candidates = [Candidate(id=k, name_en=v) for k, v in sorted(ids.items())
                      if k and k not in line.members]
        gaps.append(Gap(entry=_entry(res, rule, rows, line, sources), candidates_from=table,
                        candidates=candidates))
    return gaps
