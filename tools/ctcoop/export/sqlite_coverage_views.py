"""Views over a resource that declares ``ctcoop:coverage``: ``<table>_matrix`` and ``<table>_by_<member>``.

Built from the rule alone (:class:`ctcoop.dataset_rules.CoverageRule`). For ``participation``
(group ``instrument``, member ``party``):

* ``participation_matrix``: one row per state and instrument: the ids and names of both, then for
  each measure of the rule (``parties``, ``signatories``) a flag (1 when the state has a row of
  one of the measure's kinds) and ``<measure>_since``, the earliest date of such a row (for
  ``parties``: the earliest binding action, ratification, accession, acceptance, approval or
  succession), and ``ended_on``, the latest date of an ``endKinds`` row (or of ``endField``);
* ``participation_by_party``: one row per state: for each measure, the number of instruments
  (``parties``: the instruments it has bound itself to) and the earliest and latest
  ``<measure>_since``, and ``ended``, the number with an end date.

Dates are compared as text, which orders ISO dates and partial dates (``2001`` before
``2001-05-02``) correctly.
"""

from __future__ import annotations

from ctcoop.dataset_rules import CoverageRule, coverage_rule
from ctcoop.export.sqlite_views import labels, references
from ctcoop.export.sqlsyntax import quote_ident as _q
from ctcoop.export.sqlsyntax import quote_literal as _lit
from ctcoop.package import Resource

__all__ = ["coverage_view_names", "coverage_views_sql"]


def coverage_view_names(resource: Resource) -> tuple[str, str] | None:
    """(matrix view, per-member view) names, or None when the resource has no usable rule."""
    rule = coverage_rule(resource)
    if not isinstance(rule, CoverageRule):
        return None
    return f"{resource.name}_matrix", f"{resource.name}_by_{rule.memberField}"


def _names(
    field: str, resource: Resource, by_name: dict[str, Resource], n: int
) -> tuple[list[str], list[str]]:
    """(name columns, joins) for one reference field of ``resource``."""
    ref = next((r for r in references(resource, by_name) if r.field == field), None)
    if ref is None:
        return [], []
    joins, parts = [], []
    for i, (table, key) in enumerate(ref.targets):
        pair = labels(by_name[table])
        if pair is None:
            continue
        alias = f"n{n}_{i}"
        joins.append(f"LEFT JOIN {_q(table)} AS {alias} ON {alias}.{_q(key)} = t.{_q(field)}")
        parts.append((alias, pair))
    cols = []
    for j, suffix in enumerate(("_name_en", "_name_ar")):
        exprs = [f"{a}.{_q(p[j])}" for a, p in parts]
        if exprs:
            expr = exprs[0] if len(exprs) == 1 else f"COALESCE({', '.join(exprs)})"
            cols.append(f"{expr} AS {_q(field + suffix)}")
    return cols, joins


def _in(kinds: list[str]) -> str:
    return "(" + ", ".join(_lit(k) for k in kinds) + ")"


def coverage_views_sql(resource: Resource, by_name: dict[str, Resource]) -> list[tuple[str, str]]:
    """``[(view, CREATE VIEW …)]`` for the matrix and the per-member views (empty without a rule)."""
    rule = coverage_rule(resource)
    names = coverage_view_names(resource)
    if not isinstance(rule, CoverageRule) or names is None:
        return []
    group, member, kind, start = (_q(f) for f in (rule.groupField, rule.memberField, rule.kindField,
                                                   rule.startField))
    group_cols, group_joins = _names(rule.groupField, resource, by_name, 0)
    member_cols, member_joins = _names(rule.memberField, resource, by_name, 1)
    cols = [f"t.{group} AS {group}", *group_cols, f"t.{member} AS {member}", *member_cols]
    for measure, kinds in rule.counts.items():
        cols.append(f"MAX(CASE WHEN t.{kind} IN {_in(kinds)} THEN 1 ELSE 0 END) AS {_q(measure)}")
        cols.append(f"MIN(CASE WHEN t.{kind} IN {_in(kinds)} THEN t.{start} END) AS {_q(measure + '_since')}")
    ends = []
    if rule.endKinds:
        ends.append(f"MAX(CASE WHEN t.{kind} IN {_in(rule.endKinds)} THEN t.{start} END)")
    if rule.endField:
        ends.append(f"MAX(t.{_q(rule.endField)})")
    ended = ends[0] if len(ends) == 1 else (f"MAX({', '.join(ends)})" if ends else "NULL")
    cols.append(f"{ended} AS ended_on")
    matrix = (f"CREATE VIEW {_q(names[0])} AS SELECT\n  " + ",\n  ".join(cols)
              + f"\nFROM {_q(resource.name)} AS t\n" + "\n".join(group_joins + member_joins)
              + f"\nGROUP BY t.{group}, t.{member}")
    per = [member, *(_q(rule.memberField + s) for s in ("_name_en", "_name_ar")
                     if any(c.endswith(_q(rule.memberField + s)) for c in member_cols))]
    for measure in rule.counts:
        since = _q(measure + "_since")
        per += [f"SUM({_q(measure)}) AS {_q(measure)}",
                f"MIN({since}) AS {_q('first_' + measure + '_since')}",
                f"MAX({since}) AS {_q('last_' + measure + '_since')}"]
    per.append("SUM(ended_on IS NOT NULL) AS ended")
    by_member = (f"CREATE VIEW {_q(names[1])} AS SELECT\n  " + ",\n  ".join(per)
                 + f"\nFROM {_q(names[0])}\nGROUP BY {member}")
    return [(names[0], matrix), (names[1], by_member)]
