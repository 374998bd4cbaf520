"""Coverage against stated totals (``ctcoop:coverage``, read by :func:`ctcoop.dataset_rules.coverage_rule`).

For each stated total (a row of the stated resource about a group, saying what it counts), the
members computed from the rows as of its date may not exceed it (``coverage-excess``, an error:
a row is wrong or the total is); a shortfall against the group's latest total is reported as
``coverage-shortfall`` at the rule's ``shortfallSeverity``; undeclared, ``info`` (an honestly
partial list does not make the package fail or warn) or, under ``--profile strict``, a warning
(``ctcoop stats --gaps`` lists what is missing). Stated rows are located in their own file.
"""

from __future__ import annotations

from collections.abc import Iterator

from ctcoop.checks import Check
from ctcoop.checks.context import Context, Table
from ctcoop.checks.ids import id_field, vocabulary_issue
from ctcoop.codes import codes_of
from ctcoop.coverage import CoverageLine, coverage_lines
from ctcoop.dataset_rules import COVERAGE, CoverageRule, RuleError, coverage_rule
from ctcoop.report import Issue, Severity


def _stated_issue(stated: Table | None, table: Table, line: CoverageLine, code: str, message: str,
                  hint: str, severity: Severity) -> Issue:
    rule = coverage_rule(table.resource)
    field = rule.stated.valueField if isinstance(rule, CoverageRule) else None
    if stated is not None and line.stated_row is not None:
        return stated.issue(code, message, hint=hint, row=line.stated_row, severity=severity,
                            field=field, value=line.stated)
    return table.issue(code, message, hint=hint, severity=severity)


def _check(ctx: Context, table: Table, rule: CoverageRule) -> Iterator[Issue]:
    stated_res = ctx.resource(rule.stated.resource)
    if stated_res is None:
        yield vocabulary_issue(
            ctx, table.resource, f"{COVERAGE}.stated.resource '{rule.stated.resource}' is not a resource",
            "resources: " + ", ".join(r.name for r in ctx.resources), (COVERAGE, "stated", "resource"))
        return
    missing = [f for f in (rule.stated.aboutField, rule.stated.countsField, rule.stated.valueField,
                           rule.stated.dateField, *rule.stated.where) if stated_res.field(f) is None]
    if missing:
        yield vocabulary_issue(
            ctx, table.resource,
            f"{COVERAGE}.stated names {', '.join(repr(m) for m in missing)}, "
            f"not a field of '{stated_res.name}'",
            "fields: " + ", ".join(stated_res.field_names), (COVERAGE, "stated"))
        return
    stated = ctx.table(stated_res)
    lines = coverage_lines(rule, table.frame, stated.frame if stated else None, id_field(stated_res))
    if rule.shortfallSeverity is not None:
        severity = Severity(rule.shortfallSeverity)
    else:
        severity = Severity.WARNING if ctx.options.profile == "strict" else Severity.INFO
    for line in lines:
        diff = line.difference
        if diff is None:
            continue
        what = f"{line.measure} of {line.group}"
        if diff < 0:
            yield _stated_issue(
                stated, table, line, "coverage-excess",
                f"{table.resource.name} has {line.held} {what} as of {line.as_of or 'any date'}, "
                f"more than the {line.stated} stated in {line.stated_id or 'the stated total'}",
                f"a {table.resource.name} row of {line.group} is dated wrongly or belongs to another "
                f"group, or the stated total is wrong; compare the rows with the source of the total",
                Severity.ERROR)
        elif diff > 0 and line.latest:
            yield _stated_issue(
                stated, table, line, "coverage-shortfall",
                f"{table.resource.name} holds {line.held} of the {line.stated} {what} stated "
                f"{'as of ' + line.as_of if line.as_of else 'without a date'} ({diff} missing)",
                f"add the missing rows from the source of {line.stated_id or 'the total'}; "
                f"'ctcoop stats --gaps' lists the candidates",
                severity)


def run(ctx: Context) -> Iterator[Issue]:
    for table in ctx.tables():
        rule = coverage_rule(table.resource)
        if isinstance(rule, RuleError):
            yield vocabulary_issue(ctx, table.resource, rule.message, rule.hint, (rule.prop,))
        elif rule is not None:
            yield from _check(ctx, table, rule)


CHECK = Check(
    name="stated-totals",
    run=run,
    codes=codes_of("stated-totals"),
)
