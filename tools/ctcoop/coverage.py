"""How complete a member list is against its stated totals (``ctcoop:coverage``).

:func:`coverage_lines` compares the rows of a resource that declares a
:class:`~ctcoop.dataset_rules.CoverageRule` (participation rows, membership rows) with the stated
totals (figures that say they count the parties, signatories or members of a group):

* a member counts towards a measure at date D when it has a row of one of the measure's kinds
  dated on or before D and no later row of an ``endKinds`` kind (or ``endField`` date) on or
  before D. Dates are compared on the precision they share (``2001`` is not after
  ``2001-09-28``);
* a row without a start date is counted only against the group's latest stated total (the list
  it was read from is current), never against older totals.

One :class:`CoverageLine` is made per stated total, and one per (group, measure) that has rows
but no stated total. The validate check (:mod:`ctcoop.checks.statedtotals`) and ``ctcoop stats``
(:mod:`ctcoop.stats_coverage`) both use it. Frames hold strings (missing values null).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ctcoop.dataset_rules import CoverageRule

if TYPE_CHECKING:
    import polars as pl

__all__ = ["CoverageLine", "coverage_lines", "members_as_of", "not_after"]


@dataclass(frozen=True)
class CoverageLine:
    """One group and measure: members counted from the rows against a stated total."""

    group: str
    measure: str
    held: int  #: members counted as of ``as_of`` (all current members when there is no total)
    stated: int | None = None
    as_of: str | None = None
    stated_id: str | None = None  #: the key of the stated row
    stated_row: int | None = None  #: its 0-based index in the stated resource
    latest: bool = True  #: the group's newest stated total for this measure
    members: frozenset[str] = field(default_factory=frozenset)

    @property
    def difference(self) -> int | None:
        """Stated minus held: positive is a shortfall, negative an excess."""
        return None if self.stated is None else self.stated - self.held


def not_after(a: str, b: str) -> bool:
    """``a`` is not after ``b``, comparing ISO dates on the precision they share."""
    n = min(len(a), len(b))
    return a[:n] <= b[:n]


@dataclass(frozen=True)
class _Row:
    member: str
    kind: str
    start: str | None
    end: str | None


def members_as_of(rows: list[_Row], kinds: set[str], end_kinds: set[str], date: str | None,
                  undated: bool) -> frozenset[str]:
    """Members with a row of ``kinds`` on or before ``date`` (any date when None), not ended since."""
    start: dict[str, str] = {}
    ended: dict[str, str] = {}
    for row in rows:
        if row.kind in kinds:
            if row.start is None:
                if not undated:
                    continue
                when = ""
            elif date is not None and not not_after(row.start, date):
                continue
            else:
                when = row.start
            if row.end is not None and (date is None or not_after(row.end, date)):
                continue
            start[row.member] = max(start.get(row.member, when), when)
        elif row.kind in end_kinds and row.start is not None \
                and (date is None or not_after(row.start, date)):
            ended[row.member] = max(ended.get(row.member, row.start), row.start)
    return frozenset(m for m, s in start.items() if m not in ended or ended[m] < s)


def _number(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value.is_integer() else None


def coverage_lines(rule: CoverageRule, rows: pl.DataFrame, stated: pl.DataFrame | None,
                   stated_key: str | None) -> list[CoverageLine]:
    """The coverage of every group, by measure: one line per stated total and per uncounted group.

    ``rows`` has the rule's fields as string columns; ``stated`` the stated resource's (None when
    it cannot be read); ``stated_key`` is that resource's single primary-key field, if any.
    """
    import polars as pl

    end = rule.endField if rule.endField in rows.columns else None
    by_group: dict[str, list[_Row]] = defaultdict(list)
    for group, member, kind, start, finish in rows.select(
        rule.groupField, rule.memberField, rule.kindField, rule.startField,
        pl.col(end) if end else pl.lit(None, dtype=pl.String),
    ).iter_rows():
        if group is not None and member is not None and kind is not None:
            by_group[group].append(_Row(member, kind, start, finish))
    totals: dict[tuple[str, str], list[tuple[str | None, int | None, str | None, int]]] = defaultdict(list)
    if stated is not None:
        s = rule.stated
        wanted = [s.aboutField, s.countsField, s.valueField, s.dateField, *s.where]
        if all(c in stated.columns for c in wanted):
            keep = pl.lit(True)
            for name, values in s.where.items():
                keep = keep & pl.col(name).is_in(values)
            keep = keep & pl.col(s.countsField).is_in(list(rule.counts))
            frame = stated.with_row_index("_row").filter(keep)
            key = pl.col(stated_key) if stated_key in stated.columns else pl.lit(None, dtype=pl.String)
            for about, measure, value, as_of, sid, index in frame.select(
                s.aboutField, s.countsField, s.valueField, s.dateField, key, "_row"
            ).iter_rows():
                if about is not None:
                    totals[(about, measure)].append((as_of, _number(value), sid, index))
    lines: list[CoverageLine] = []
    end_kinds = set(rule.endKinds)
    groups = sorted(set(by_group) | {g for g, _ in totals})
    for group in groups:
        for measure, kinds in rule.counts.items():
            found = totals.get((group, measure), [])
            held_rows = by_group.get(group, [])
            if not found:
                members = members_as_of(held_rows, set(kinds), end_kinds, None, True)
                if members:
                    lines.append(CoverageLine(group, measure, len(members), members=members))
                continue
            newest = max(found, key=lambda t: (t[0] or "", t[3]))  # ties: the later row
            for as_of, value, sid, index in sorted(found, key=lambda t: (t[0] or "", t[3])):
                latest = index == newest[3]
                members = members_as_of(held_rows, set(kinds), end_kinds, as_of, latest)
                lines.append(CoverageLine(group, measure, len(members), value, as_of, sid, index, latest,
                                          members))
    return lines
