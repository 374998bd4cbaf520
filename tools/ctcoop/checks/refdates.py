"""Dates not before a referenced row's date (``ctcoop:notBeforeReference``).

``[{"field": "date", "foreignKey": "instrument", "referencedField": "adopted"}]`` says a row's
``date`` is not earlier than the ``adopted`` date of the row its ``instrument`` foreign key
points to (no state signs a convention before it is adopted). Read by
:func:`ctcoop.dataset_rules.not_before_references`; dates are compared on the precision they share,
and rows whose reference does not resolve are left to the foreign-key check.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from ctcoop.checks import Check
from ctcoop.checks.context import Context, Table
from ctcoop.checks.ids import vocabulary_issue
from ctcoop.codes import codes_of
from ctcoop.coverage import not_after
from ctcoop.dataset_rules import (
    NOT_BEFORE,
    NotBeforeReference,
    RuleError,
    foreign_target,
    not_before_references,
)
from ctcoop.report import Issue


def _dates(ctx: Context, table: Table, name: str) -> pl.Series:
    """A date-like field as ISO text (typed dates cast back, partial dates as written)."""
    fdesc = table.resource.field(name) or {}
    if fdesc.get("type", "string") in ("date", "datetime"):
        typed: pl.Series = ctx.typed(table.resource).frame[name].cast(pl.String)
        return typed
    return table.frame[name]


def _check(ctx: Context, table: Table, index: int, item: NotBeforeReference) -> Iterator[Issue]:
    target = foreign_target(table.resource, item.foreignKey)
    parent = ctx.resource(target[0]) if target else None
    if target is None or parent is None or parent.field(item.referencedField) is None:
        yield vocabulary_issue(
            ctx, table.resource,
            f"{NOT_BEFORE} item {index + 1}: '{item.foreignKey}' has no one-field foreign key to a resource "
            f"with a field '{item.referencedField}'",
            "name a field with a foreignKeys entry and a date field of the table it points to",
            (NOT_BEFORE, index))
        return
    parent_table = ctx.table(parent)
    if parent_table is None or not (table.has(item.field) and table.has(item.foreignKey)):
        return
    ref = dict(zip(parent_table.frame[target[1]].to_list(),
                   _dates(ctx, parent_table, item.referencedField).to_list(), strict=True))
    keys = table.frame[item.foreignKey].to_list()
    dates = _dates(ctx, table, item.field).to_list()
    for row, (key, date) in enumerate(zip(keys, dates, strict=True)):
        limit = ref.get(key)
        if date is None or limit is None or not_after(limit, date):
            continue
        yield table.issue(
            "date-before-reference",
            f"{item.field} '{date}' is before the {item.referencedField} date '{limit}' of {key}",
            hint=f"check the date against the source; nothing is dated before {key} was "
            f"{item.referencedField}",
            row=row, field=item.field, value=date)


def run(ctx: Context) -> Iterator[Issue]:
    for table in ctx.tables():
        items = not_before_references(table.resource)
        if isinstance(items, RuleError):
            yield vocabulary_issue(ctx, table.resource, items.message, items.hint, (items.prop,))
        elif items is not None:
            for index, item in enumerate(items):
                yield from _check(ctx, table, index, item)


CHECK = Check(
    name="reference-dates",
    run=run,
    codes=codes_of("reference-dates"),
)
