"""The order of actions within a group (``ctcoop:actionOrder``).

``{"groupFields": ["instrument", "party"], "kindField": "action", "dateField": "date",
"first": ["signature"], "then": ["ratification", "accession"]}`` says that, for one state and
one instrument, a ratification or accession is not dated before that state's own signature
where both exist. Read by :func:`ctcoop.dataset_rules.action_order`; dates are compared on the
precision they share, and a group without a ``first`` action is not checked.
"""

from __future__ import annotations

from collections.abc import Iterator

from ctcoop.checks import Check
from ctcoop.checks.context import Context, Table
from ctcoop.checks.ids import vocabulary_issue
from ctcoop.codes import codes_of
from ctcoop.coverage import not_after
from ctcoop.dataset_rules import ActionOrder, RuleError, action_order
from ctcoop.report import Issue


def _check(table: Table, rule: ActionOrder) -> Iterator[Issue]:
    frame = table.frame.select(*rule.groupFields, rule.kindField, rule.dateField)
    earliest: dict[tuple[object, ...], str] = {}
    rows = list(frame.iter_rows())
    width = len(rule.groupFields)
    for values in rows:
        group, kind, date = values[:width], values[width], values[width + 1]
        if kind in rule.first and date is not None and None not in group \
                and (group not in earliest or not not_after(earliest[group], date)):
            earliest[group] = date
    for row, values in enumerate(rows):
        group, kind, date = values[:width], values[width], values[width + 1]
        first = earliest.get(group)
        if kind in rule.then and date is not None and first is not None and not not_after(first, date):
            who = ", ".join(str(g) for g in group)
            yield table.issue(
                "action-order",
                f"{kind} dated {date} is before the {'/'.join(rule.first)} of {who} dated {first}",
                hint=f"a {kind} cannot precede the same {'/'.join(rule.groupFields)}'s "
                f"{'/'.join(rule.first)}; check both dates against the source",
                row=row, field=rule.dateField, value=date)


def run(ctx: Context) -> Iterator[Issue]:
    for table in ctx.tables():
        rule = action_order(table.resource)
        if isinstance(rule, RuleError):
            yield vocabulary_issue(ctx, table.resource, rule.message, rule.hint, (rule.prop,))
        elif rule is not None and all(
            table.has(f) for f in (*rule.groupFields, rule.kindField, rule.dateField)
        ):
            yield from _check(table, rule)


CHECK = Check(
    name="action-order",
    run=run,
    codes=codes_of("action-order"),
)
