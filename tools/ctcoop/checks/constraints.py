"""Field constraints: required, unique, pattern, enum, categories, lengths, minimum/maximum.

Constraints are checked on typed values; a cell that is not of its type is reported once, by
the types check, and skipped here (as frictionless does). Patterns are whole-value matches.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl

from ctcoop.casting import cast_value, cast_values
from ctcoop.checks import Check
from ctcoop.checks.context import Context, Table
from ctcoop.checks.suggest import Suggester, did_you_mean
from ctcoop.codes import codes_of
from ctcoop.regex import MAX_PATTERN_CHARS, PatternError, compile_linear, fullmatch
from ctcoop.report import Issue

_LENGTH_TYPES = {"string", "list", "array", "object"}
_ORDERED_TYPES = {"integer", "number", "date", "datetime", "time", "year", "yearmonth"}


def compile_pattern(pattern: str) -> tuple[str | None, str | None, str | None]:
    """(polars regex, RE2 fallback, error): the pattern anchored to the whole value.

    Both engines match in linear time (docs/security.md, R6); a pattern neither compiles (a
    look-around or a back-reference) is an error, never run on a backtracking engine.
    """
    anchored = f"^(?:{pattern})$"
    if len(pattern) <= MAX_PATTERN_CHARS:
        try:
            pl.select(pl.lit("").str.contains(anchored))
            return anchored, None, None
        except pl.exceptions.PolarsError:
            pass
    try:
        compile_linear(pattern)
    except PatternError as exc:
        return None, None, str(exc)
    return None, pattern, None


def _pattern_mask(values: pl.Series, pattern: str) -> pl.Series | None:
    rust, python, error = compile_pattern(pattern)
    if error is not None:
        return None  # reported by the descriptor check
    if rust is not None:
        return values.is_not_null() & ~values.str.contains(rust)
    assert python is not None
    distinct = values.drop_nulls().unique().to_list()
    bad = [v for v in distinct if not fullmatch(python, v)]
    return values.is_in(bad)


def _report(
    table: Table,
    name: str,
    mask: pl.Series,
    code: str,
    tail: str,
    hint: str,
    choices: list[str] | None = None,
) -> Iterator[Issue]:
    """One issue per cell flagged in ``mask``: "<name> '<value>' <tail>" (and the closest of ``choices``)."""
    rows = mask.fill_null(False).arg_true().to_list()
    if not rows:
        return
    values = table.frame[name].gather(rows).to_list()
    closest = Suggester(choices, [str(v) for v in values]) if choices is not None else None
    for row, value in zip(rows, values, strict=True):
        mean = did_you_mean(closest(str(value))) if closest is not None else ""
        yield table.issue(code, f"{name} '{value}' {tail}{mean}", hint=hint, row=row, field=name, value=value)


def _length(values: pl.Series, ftype: str, fdesc: dict[str, Any]) -> pl.Series:
    if ftype == "string":
        return values.str.len_chars()
    if ftype == "list":
        delimiter = fdesc.get("delimiter", ",")
        return values.str.split(delimiter if isinstance(delimiter, str) and delimiter else ",").list.len()
    import json

    def size(text: str) -> int | None:
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            return None
        return len(value) if isinstance(value, list | dict) else None

    distinct = values.drop_nulls().unique().to_list()
    sizes = {v: size(v) for v in distinct}
    return values.replace_strict(sizes, default=None, return_dtype=pl.Int64)


def _required(table: Table, name: str) -> Iterator[Issue]:
    mask = table.frame[name].is_null()
    rows = mask.arg_true().to_list()
    for row in rows:
        if table.cell_missing(row, name):
            continue  # reported as missing-cell
        yield table.issue(
            "required", f"{name} is empty but required", hint=f"fill in {name}", row=row, field=name
        )


def _unique(table: Table, name: str, typed: pl.Series) -> Iterator[Issue]:
    from ctcoop.checks.keys import repeated_values

    repeated = repeated_values(typed)
    if len(repeated) == 0:
        return
    rows = typed.is_in(repeated.implode()).arg_true()
    dup = pl.DataFrame({"v": typed.gather(rows), "i": rows})
    dup = dup.with_columns(pl.col("i").min().over("v").alias("first")).filter(pl.col("i") != pl.col("first"))
    raw = table.frame[name]
    for row, first in zip(dup["i"].to_list(), dup["first"].to_list(), strict=True):
        value = raw[row]
        yield table.issue(
            "unique",
            f"{name} '{value}' is not unique: it is also on line {table.line(first)}",
            hint=f"each {name} must be different; change or remove one of the two rows",
            row=row,
            field=name,
            value=value,
        )


def _json_schema(table: Table, name: str, values: pl.Series, schema: dict[str, Any]) -> Iterator[Issue]:
    """jsonSchema (Table Schema, object and array fields): each value must validate against it."""
    import json

    import jsonschema

    try:
        validator = jsonschema.validators.validator_for(schema)(schema)
    except jsonschema.SchemaError:
        return  # an invalid jsonSchema is the descriptor's problem, not the data's
    verdicts: dict[str, str | None] = {}
    for text in values.drop_nulls().unique().to_list():
        try:
            error = jsonschema.exceptions.best_match(validator.iter_errors(json.loads(text)))
        except (ValueError, RecursionError):
            continue  # not JSON: a type error, reported by the casting check
        verdicts[text] = None if error is None else error.message
    failing = {text: why for text, why in verdicts.items() if why is not None}
    if not failing:
        return
    rows = values.is_in(list(failing)).fill_null(False).arg_true().to_list()
    for row in rows:
        value = values[row]
        yield table.issue(
            "json-schema",
            f"{name} '{value}' does not match the field's jsonSchema: {failing[value]}",
            hint="change the value or the field's constraints.jsonSchema",
            row=row,
            field=name,
            value=value,
        )


def check_table(ctx: Context, table: Table) -> Iterator[Issue]:
    resource = table.resource
    typed = ctx.typed(resource)
    for name in table.frame.columns:
        if name not in typed.frame.columns:
            continue  # a field without a usable name: reported by the descriptor checks
        fdesc = resource.field(name) or {}
        cons = fdesc.get("constraints")
        cons = cons if isinstance(cons, dict) else {}
        ftype = str(fdesc.get("type", "string"))
        values = table.frame[name]
        tvalues = typed.frame[name]
        bad = typed.bad.get(name)
        ok_values = (
            values if bad is None else pl.select(pl.when(bad).then(None).otherwise(values)).to_series()
        )
        if cons.get("required") is True:
            yield from _required(table, name)
        if cons.get("unique") is True:
            yield from _unique(table, name, tvalues)
        pattern = cons.get("pattern")
        if isinstance(pattern, str) and ftype == "string":
            mask = _pattern_mask(ok_values, pattern)
            if mask is not None:
                yield from _report(
                    table,
                    name,
                    mask,
                    "pattern",
                    "does not match the pattern " + pattern,
                    f"write a value matching {pattern}",
                )
        schema = cons.get("jsonSchema")
        if isinstance(schema, dict) and ftype in ("object", "array"):
            yield from _json_schema(table, name, ok_values, schema)
        enum = cons.get("enum")
        in_enum: pl.Series | None = None  # the cells the enum check reports: not reported again
        if isinstance(enum, list):
            allowed = [v for v in cast_values(enum, fdesc) if v is not None]
            mask = tvalues.is_not_null() & ~tvalues.is_in(pl.Series(allowed, dtype=tvalues.dtype).implode())
            in_enum = mask
            shown = ", ".join(str(e) for e in enum[:12]) + (" …" if len(enum) > 12 else "")
            yield from _report(
                table, name, mask, "enum", "is not one of the allowed values", f"use one of: {shown}",
                [str(e) for e in enum],
            )
        categories = fdesc.get("categories")
        if isinstance(categories, list) and ftype in ("string", "integer"):
            cats = [c.get("value") if isinstance(c, dict) else c for c in categories]
            allowed = [v for v in cast_values(cats, fdesc) if v is not None]
            mask = tvalues.is_not_null() & ~tvalues.is_in(allowed)
            if in_enum is not None:
                mask = mask & ~in_enum.fill_null(False)
            shown = ", ".join(str(c) for c in cats[:12]) + (" …" if len(cats) > 12 else "")
            yield from _report(
                table, name, mask, "category", "is not one of the field's categories", f"use one of: {shown}",
                [str(c) for c in cats],
            )
        for key, code, op in (("minLength", "min-length", "<"), ("maxLength", "max-length", ">")):
            limit = cons.get(key)
            if isinstance(limit, int) and not isinstance(limit, bool) and ftype in _LENGTH_TYPES:
                length = _length(ok_values, ftype, fdesc)
                mask = (length < limit) if op == "<" else (length > limit)
                word = "at least" if op == "<" else "at most"
                unit = "characters" if ftype == "string" else "items"
                yield from _report(
                    table,
                    name,
                    mask,
                    code,
                    f"is {'shorter' if op == '<' else 'longer'} than {limit} {unit}",
                    f"write {word} {limit} {unit}",
                )
        if ftype in _ORDERED_TYPES:
            for key, code, word in (
                ("minimum", "minimum", "less than"),
                ("maximum", "maximum", "greater than"),
                ("exclusiveMinimum", "exclusive-minimum", "not greater than"),
                ("exclusiveMaximum", "exclusive-maximum", "not less than"),
            ):
                if key not in cons:
                    continue
                bound = cast_value(cons[key], fdesc)
                if bound is None:
                    continue  # reported by the descriptor check
                if key == "minimum":
                    mask = tvalues < bound
                elif key == "maximum":
                    mask = tvalues > bound
                elif key == "exclusiveMinimum":
                    mask = tvalues <= bound
                else:
                    mask = tvalues >= bound
                yield from _report(
                    table, name, mask, code, f"is {word} {cons[key]}", f"the {key} is {cons[key]}"
                )


def run(ctx: Context) -> Iterator[Issue]:
    for table in ctx.tables():
        yield from check_table(ctx, table)


CHECK = Check(
    name="constraints",
    run=run,
    codes=codes_of("constraints"),
)
