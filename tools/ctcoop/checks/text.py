"""Text hygiene in string fields, and the language rules a field declares.

Every ``string`` field: no leading or trailing white space; no bidirectional override,
embedding or isolate characters (U+202A–U+202E, U+2066–U+2069), which can make text display
differently from what it is; no cell starting with ``=``, ``+``, ``-`` or ``@``, which a
spreadsheet would run as a formula (CSV injection).

A field with ``"ctcoop:language": "ar"`` holds Arabic script in Unicode NFC;
``"ctcoop:language": "en"`` holds no Arabic script, in NFC. A field with
``"ctcoop:translationOf": "name_en"`` is filled exactly when its counterpart is.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl

from ctcoop.checks import Check
from ctcoop.checks.context import Context, Table
from ctcoop.checks.ids import field_path, vocabulary_issue
from ctcoop.report import Issue

ARABIC = "\u0600-\u06ff\u0750-\u077f\u0870-\u089f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
ARABIC_LETTER = f"[{ARABIC}&&\\p{{L}}]"
BIDI_CONTROL = "[\u202a-\u202e\u2066-\u2069]"
FORMULA_START = "^[=+\\-@]"


def _cells(table: Table, name: str, mask: pl.Series) -> Iterator[tuple[int, str]]:
    rows = mask.fill_null(False).arg_true().to_list()
    values = table.frame[name].gather(rows).to_list()
    yield from zip(rows, values, strict=True)


def _visible(text: str) -> str:
    return (
        text.encode("unicode_escape").decode("ascii")
        if any(0x2000 <= ord(c) <= 0x206F for c in text)
        else text
    )


def check_field(ctx: Context, table: Table, name: str) -> Iterator[Issue]:
    fdesc = table.resource.field(name) or {}
    values = table.frame[name]
    if values.null_count() == len(values):
        return
    # one pass finds the cells any hygiene rule may flag; the rules then run on those few
    suspect = values.str.contains(f"^[\\s=+\\-@]|\\s$|{BIDI_CONTROL}")
    if bool(suspect.any()):
        yield from _hygiene(table, name, values.filter(suspect), suspect.arg_true())
    yield from _declared(ctx, table, name, fdesc, values)


def _hygiene(table: Table, name: str, values: pl.Series, rows: pl.Series) -> Iterator[Issue]:
    def cells(mask: pl.Series) -> Iterator[tuple[int, str]]:
        index = mask.fill_null(False).arg_true()
        yield from zip(rows.gather(index).to_list(), values.gather(index).to_list(), strict=True)

    for row, value in cells(values.str.contains(r"^\s|\s$")):
        yield table.issue(
            "whitespace",
            f"{name} '{value}' has space at its start or end",
            hint="remove the leading and trailing spaces",
            row=row,
            field=name,
            value=value,
        )
    for row, value in cells(values.str.contains(BIDI_CONTROL)):
        yield table.issue(
            "bidi-control",
            f"{name} contains a bidirectional control character: '{_visible(value)}'",
            hint="delete the invisible U+202A–U+202E / U+2066–U+2069 characters; "
            "the text's own script sets its direction",
            row=row,
            field=name,
            value=value,
        )
    for row, value in cells(values.str.contains(FORMULA_START)):
        yield table.issue(
            "formula-injection",
            f"{name} '{value}' starts with '{value[0]}', which a spreadsheet runs as a formula",
            hint="reword the cell so that it does not start with = + - or @",
            row=row,
            field=name,
            value=value,
        )


def _declared(
    ctx: Context, table: Table, name: str, fdesc: dict[str, Any], values: pl.Series
) -> Iterator[Issue]:
    """The rules a field declares: ctcoop:language and ctcoop:translationOf."""
    language = fdesc.get("ctcoop:language")
    if language is not None:
        if language not in ("ar", "en"):
            yield vocabulary_issue(
                ctx,
                table.resource,
                f"ctcoop:language of field '{name}' is {language!r}; it must be 'ar' or 'en'",
                'use "ar" or "en"',
                field_path(table.resource, name, "ctcoop:language"),
                in_schema=True,
            )
        elif language == "ar":
            for row, value in _cells(table, name, values.is_not_null() & ~values.str.contains(ARABIC_LETTER)):
                yield table.issue(
                    "language",
                    f"{name} '{value}' has no Arabic letter but the field is Arabic",
                    hint="write the Arabic form (ctcoop:language is 'ar')",
                    row=row,
                    field=name,
                    value=value,
                )
        else:
            for row, value in _cells(table, name, values.str.contains(f"[{ARABIC}]")):
                yield table.issue(
                    "language",
                    f"{name} '{value}' contains Arabic script but the field is English",
                    hint="move the Arabic text to the field's Arabic counterpart",
                    row=row,
                    field=name,
                    value=value,
                )
        if language in ("ar", "en"):
            for row, value in _cells(table, name, values != values.str.normalize("NFC")):
                yield table.issue(
                    "not-nfc",
                    f"{name} '{value}' is not in Unicode NFC",
                    hint="normalize the text to NFC (e.g. `ctcoop fmt` or "
                    "unicodedata.normalize('NFC', text))",
                    row=row,
                    field=name,
                    value=value,
                )
    counterpart = fdesc.get("ctcoop:translationOf")
    if counterpart is not None:
        if not isinstance(counterpart, str) or table.resource.field(counterpart) is None:
            yield vocabulary_issue(
                ctx,
                table.resource,
                f"ctcoop:translationOf of field '{name}' names "
                f"{counterpart!r}, which is not a field of '{table.resource.name}'",
                "name the field this one translates",
                field_path(table.resource, name, "ctcoop:translationOf"),
                in_schema=True,
            )
        elif table.has(counterpart):
            other = table.frame[counterpart]

            def required(field: str) -> bool:
                cons = (table.resource.field(field) or {}).get("constraints")
                return isinstance(cons, dict) and cons.get("required") is True

            if required(name):
                values = values.fill_null("")  # an empty required cell is reported by the constraints check
            if required(counterpart):
                other = other.fill_null("")
            for row, _ in _cells(table, name, values.is_null() & other.is_not_null()):
                yield table.issue(
                    "translation-pair",
                    f"{name} is empty but {counterpart} is filled",
                    hint=f"write the translation of {counterpart}, or empty both",
                    row=row,
                    field=name,
                )
            for row, _ in _cells(table, name, values.is_not_null() & other.is_null()):
                yield table.issue(
                    "translation-pair",
                    f"{counterpart} is empty but {name} is filled",
                    hint=f"write {counterpart}, or empty both",
                    row=row,
                    field=counterpart,
                )


def run(ctx: Context) -> Iterator[Issue]:
    for resource in ctx.resources:
        table = ctx.table(resource)
        if table is None:
            continue
        for fdesc in resource.fields:
            name = fdesc.get("name")
            if isinstance(name, str) and table.has(name) and fdesc.get("type", "string") == "string":
                yield from check_field(ctx, table, name)


CHECK = Check(
    name="text",
    run=run,
    codes={
        "whitespace": "a string cell starts or ends with white space",
        "bidi-control": "a string cell holds a bidirectional override, embedding or isolate character",
        "formula-injection": "a string cell starts with = + - or @ (spreadsheet formula injection)",
        "language": "an Arabic (ctcoop:language ar) cell has no Arabic letter, or an English one has "
        "Arabic script",
        "not-nfc": "a ctcoop:language cell is not in Unicode NFC",
        "translation-pair": "one of a ctcoop:translationOf pair is filled and the other empty",
    },
)
