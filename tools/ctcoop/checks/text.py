"""Text hygiene in string fields, and the language rules a field declares.

The project rule ``text-hygiene`` (:mod:`ctcoop.rules`: an error where a descriptor declares it,
advice elsewhere), on every ``string`` field: no leading or trailing white space; no
bidirectional override, embedding or isolate characters (U+202A–U+202E, U+2066–U+2069), which
can make text display differently from what it is; no cell starting with ``=``, ``+``, ``-`` or
``@``, which a spreadsheet would run as a formula (CSV injection); no control character other
than tab and line breaks (ESC, BEL… would drive a terminal; docs/security.md, T1).

Always an error, whatever the rules (docs/security.md, T1), in every ``string`` field: no
invisible format character (Unicode category Cf, e.g. U+200B ZERO WIDTH SPACE, U+FEFF), which
makes two IDs or names that look the same differ.

A field with ``ctcoop:language: "ar"`` holds Arabic script in Unicode NFC;
``ctcoop:language: "en"`` holds no Arabic script, in NFC. A field with
``ctcoop:translationOf: "name_en"`` is filled exactly when its counterpart is.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

import polars as pl

from ctcoop.checks import Check
from ctcoop.checks.context import Context, Table
from ctcoop.checks.ids import field_path, vocabulary_issue
from ctcoop.codes import codes_of
from ctcoop.extensions import field_ext, keys
from ctcoop.report import Issue, Severity

ARABIC = "\u0600-\u06ff\u0750-\u077f\u0870-\u089f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
ARABIC_LETTER = f"[{ARABIC}&&\\p{{L}}]"
BIDI_CONTROL = "[\u202a-\u202e\u2066-\u2069]"
FORMULA_START = "^[=+\\-@]"


def _visible(text: str) -> str:
    return (
        text.encode("unicode_escape").decode("ascii")
        if any(0x2000 <= ord(c) <= 0x206F for c in text)
        else text
    )


#: control characters other than TAB, LF and CR (those may sit in a quoted multi-line cell)
CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
#: invisible format characters (Unicode category Cf: U+200B, U+200D, U+2060, U+FEFF…)
INVISIBLE = r"\p{Cf}"
SUSPECT = f"^[\\s=+\\-@]|\\s$|{BIDI_CONTROL}|{CONTROL}"
UNSAFE = INVISIBLE


def _is_flagged(char: str, pattern: str) -> bool:
    if pattern == INVISIBLE:
        return unicodedata.category(char) == "Cf"
    return unicodedata.category(char) == "Cc" and char not in "\t\n\r"


def _code_point(value: str, pattern: str) -> str:
    """``U+200B ZERO WIDTH SPACE``: the first character of ``value`` the rule flags."""
    char = next((c for c in value if _is_flagged(c, pattern)), "\ufffd")
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def _shown(value: str) -> str:
    """The value with every control and format character written as <U+XXXX>."""
    return "".join(f"<U+{ord(c):04X}>" if unicodedata.category(c) in ("Cc", "Cf") and c not in "\t\n"
                   else c for c in value)


def _required(table: Table, field: str) -> bool:
    cons = (table.resource.field(field) or {}).get("constraints")
    return isinstance(cons, dict) and cons.get("required") is True


def _masks(table: Table, names: list[str], hygiene: dict[str, Severity | None]) -> dict[str, pl.Series]:
    """Every rule's mask for every string field, computed in one parallel select; only masks with a hit."""
    exprs: list[pl.Expr] = []
    for name in names:
        fdesc = table.resource.field(name) or {}
        col = pl.col(name)
        if hygiene.get(name) is not None:
            exprs.append(col.str.contains(SUSPECT).fill_null(False).alias(f"hygiene:{name}"))
        exprs.append(col.str.contains(UNSAFE).fill_null(False).alias(f"unsafe:{name}"))
        ext = field_ext(fdesc)
        language = ext.language
        if language == "ar":
            exprs.append((col.is_not_null() & ~col.str.contains(ARABIC_LETTER)).alias(f"ar:{name}"))
        elif language == "en":
            exprs.append(col.str.contains(f"[{ARABIC}]").fill_null(False).alias(f"en:{name}"))
        if language in ("ar", "en"):
            exprs.append((col != col.str.normalize("NFC")).fill_null(False).alias(f"nfc:{name}"))
        other = ext.translation_of
        if other is not None and table.has(other):
            mine = col.is_null() & pl.lit(not _required(table, name))
            theirs = pl.col(other).is_null() & pl.lit(not _required(table, other))
            exprs.append((mine & pl.col(other).is_not_null()).alias(f"untranslated:{name}"))
            exprs.append((col.is_not_null() & theirs).alias(f"orphan:{name}"))
    if not exprs:
        return {}
    masks = table.frame.select(exprs)
    hits = masks.select(pl.all().any()).row(0, named=True)
    return {key: masks[key] for key, hit in hits.items() if hit}


def _report(table: Table, name: str, mask: pl.Series) -> Iterator[tuple[int, str]]:
    rows = mask.arg_true()
    yield from zip(rows.to_list(), table.frame[name].gather(rows).to_list(), strict=True)


def check_table(ctx: Context, table: Table, names: list[str]) -> Iterator[Issue]:
    hygiene = {name: ctx.rule_severity("text-hygiene", table.resource, name) for name in names}
    masks = _masks(table, names, hygiene)
    for name in names:
        fdesc = table.resource.field(name) or {}
        level = hygiene[name]
        if f"hygiene:{name}" in masks and level is not None:
            mask = masks[f"hygiene:{name}"]
            yield from _hygiene(table, name, table.frame[name].filter(mask), mask.arg_true(), level)
        if f"unsafe:{name}" in masks:
            mask = masks[f"unsafe:{name}"]
            yield from _unsafe(table, name, table.frame[name].filter(mask), mask.arg_true())
        yield from _vocabulary(ctx, table, name, fdesc)
        for row, value in _report(table, name, masks.get(f"ar:{name}", _NONE)):
            yield table.issue(
                "language",
                f"{name} '{value}' has no Arabic letter but the field is Arabic",
                hint=f"write the Arabic form ({keys.LANGUAGE} is 'ar')",
                row=row,
                field=name,
                value=value,
            )
        for row, value in _report(table, name, masks.get(f"en:{name}", _NONE)):
            yield table.issue(
                "language",
                f"{name} '{value}' contains Arabic script but the field is English",
                hint="move the Arabic text to the field's Arabic counterpart",
                row=row,
                field=name,
                value=value,
            )
        for row, value in _report(table, name, masks.get(f"nfc:{name}", _NONE)):
            yield table.issue(
                "not-nfc",
                f"{name} '{value}' is not in Unicode NFC",
                hint="normalize the text to NFC (e.g. `ctcoop fmt` or unicodedata.normalize('NFC', text))",
                row=row,
                field=name,
                value=value,
            )
        other = field_ext(fdesc).translation_of
        for row, _ in _report(table, name, masks.get(f"untranslated:{name}", _NONE)):
            yield table.issue(
                "translation-pair",
                f"{name} is empty but {other} is filled",
                hint=f"write the translation of {other}, or empty both",
                row=row,
                field=name,
            )
        for row, _ in _report(table, name, masks.get(f"orphan:{name}", _NONE)):
            yield table.issue(
                "translation-pair",
                f"{other} is empty but {name} is filled",
                hint=f"write {other}, or empty both",
                row=row,
                field=str(other),
            )


_NONE = pl.Series([], dtype=pl.Boolean)


def _hygiene(
    table: Table, name: str, values: pl.Series, rows: pl.Series, severity: Severity
) -> Iterator[Issue]:
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
            severity=severity,
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
            severity=severity,
        )
    for row, value in cells(values.str.contains(CONTROL)):
        yield table.issue(
            "control-character",
            f"{name} holds the control character {_code_point(value, CONTROL)}: '{_shown(value)}'",
            hint="delete the control character; a cell holds text, tabs and line breaks only",
            row=row,
            field=name,
            value=value,
            severity=severity,
        )
    for row, value in cells(values.str.contains(FORMULA_START)):
        yield table.issue(
            "formula-injection",
            f"{name} '{value}' starts with '{value[0]}', which a spreadsheet runs as a formula",
            hint="reword the cell so that it does not start with = + - or @",
            row=row,
            field=name,
            value=value,
            severity=severity,
        )


def _unsafe(table: Table, name: str, values: pl.Series, rows: pl.Series) -> Iterator[Issue]:
    """Invisible format characters: errors whatever the project rules say."""

    def cells(mask: pl.Series) -> Iterator[tuple[int, str]]:
        index = mask.fill_null(False).arg_true()
        yield from zip(rows.gather(index).to_list(), values.gather(index).to_list(), strict=True)

    for row, value in cells(values.str.contains(INVISIBLE) & ~values.str.contains(BIDI_CONTROL)):
        yield table.issue(
            "invisible-character",
            f"{name} holds the invisible character {_code_point(value, INVISIBLE)}: '{_shown(value)}'",
            hint="delete the invisible character; two values that look the same must be the same",
            row=row,
            field=name,
            value=value,
        )

def _vocabulary(ctx: Context, table: Table, name: str, fdesc: dict[str, Any]) -> Iterator[Issue]:
    other = field_ext(fdesc).translation_of
    if other is not None and table.resource.field(other) is None:
        yield vocabulary_issue(
            ctx,
            table.resource,
            f"{keys.TRANSLATION_OF} of field '{name}' names {other!r}, "
            f"which is not a field of '{table.resource.name}'",
            "name the field this one translates",
            field_path(table.resource, name, keys.TRANSLATION_OF),
            in_schema=True,
        )


def run(ctx: Context) -> Iterator[Issue]:
    for table in ctx.tables():
        names = [
            f["name"]
            for f in table.resource.fields
            if isinstance(f.get("name"), str) and table.has(f["name"]) and f.get("type", "string") == "string"
        ]
        yield from check_table(ctx, table, list(dict.fromkeys(names)))  # a repeated name once


CHECK = Check(
    name="text",
    run=run,
    codes=codes_of("text"),
)
