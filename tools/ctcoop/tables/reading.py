"""What reading a table met, and whether a command may use its rows: one rule for every view.

:func:`reading_problems` lists every structural problem of a resource's reading, each once, with
its severity, file and line: the dialect properties that cannot be honoured, the problems of the
records stage (:class:`~ctcoop.tables.problems.RawProblem`: encoding, blank rows, cells, quotes…)
and those of the header against the schema (:class:`~ctcoop.tables.header.HeaderProblem`, under
the schema's ``fieldsMatch``). A problem a project rule governs (``quote-error``: the rule
``rfc4180-quotes``, :mod:`ctcoop.rules`) takes the rule's level, or is left out when the rule is off.

``ctcoop validate`` reports them all (:mod:`ctcoop.checks.structure`); every other view (the
typed frame of diff, export, stats and site; the canonical form of fmt and new) refuses a table
that has an error among them (:func:`refusal`), with the first one in validate's order (line,
column, code) as the reason, its code in brackets: a table validate cannot read is refused by
every command for the same reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ctcoop.errors import CtcoopError
from ctcoop.rules import Profile, level

if TYPE_CHECKING:
    from ctcoop.package import Package
    from ctcoop.tables.header import HeaderProblem
    from ctcoop.tables.problems import RawProblem
    from ctcoop.tables.strings import StringTable

#: structural problem codes a project rule governs: code -> rule (:mod:`ctcoop.rules`)
RULE_CODES = {"quote-error": "rfc4180-quotes"}


@dataclass(frozen=True)
class ReadingProblem:
    """One structural problem of a table's reading, tied to its file and line."""

    code: str
    severity: str  #: "error" or "warning"
    message: str  #: as validate reports it
    hint: str | None
    file: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    value: str | None = None
    #: what a refusal says (the message, with more context where it helps)
    refusal: str = ""


def reading_problems(
    table: StringTable, package: Package, *, profile: Profile = "standard"
) -> list[ReadingProblem]:
    """Every structural problem of ``table`` (see the module), in the order they were met."""
    out = [_unsupported(table, package, prop) for prop in table.unsupported]
    for p in table.records.problems:
        severity = _severity(p, table, package, profile)
        if severity is not None:
            out.append(_from_records(table, p, severity))
    if table.records.header is not None:
        out.extend(_from_header(table, p) for p in table.header_problems)
    return out


def refusal(table: StringTable, package: Package, *, profile: Profile = "standard") -> CtcoopError | None:
    """Why a command other than validate cannot use the table (its first error, named by file, line
    and code), or None."""
    errors = [p for p in reading_problems(table, package, profile=profile) if p.severity == "error"]
    if not errors:
        return None
    first = min(errors, key=lambda p: (p.file != table.file, p.file, p.line or 0, p.column or 0, p.code))
    return CtcoopError(f"{first.refusal or first.message} [{first.code}]", file=first.file, code=first.code,
                       hint=first.hint)


def _severity(p: RawProblem, table: StringTable, package: Package, profile: Profile) -> str | None:
    rule = RULE_CODES.get(p.code)
    if rule is None:
        return p.severity
    descriptor: Any = package.descriptor
    found = level(rule, profile, descriptor, table.resource.descriptor)
    return None if found == "off" else found


def _unsupported(table: StringTable, package: Package, prop: str) -> ReadingProblem:
    name = table.resource.name
    return ReadingProblem(
        code="dialect-unsupported",
        severity="error",
        message=f"the dialect property '{prop}' of resource '{name}' is not supported by ctcoop validate",
        hint="use a plain CSV dialect (comma or another one-character delimiter, double quotes, "
        "doubled quotes to escape)",
        file=package.descriptor_path,
        refusal=f"resource '{name}': the dialect property '{prop}' cannot be honoured",
    )


def _from_records(table: StringTable, p: RawProblem, severity: str) -> ReadingProblem:
    file, line = table.where(p.line)
    if p.code == "encoding-error" and line is not None and "UTF-8" in p.message:
        said = f"line {line} is not valid UTF-8 ({p.message.split(' is not', 1)[0]})"
    elif p.code in ("missing-cell", "extra-cell") and p.cells is not None:
        said = f"line {line} has {p.cells} cells but the header has {len(table.records.header or [])}"
    elif p.code == "empty-file":
        said = f"line {line or 1}: the file is empty (no header row)"
    else:
        said = f"line {line}: {p.message}" if line is not None else p.message
    return ReadingProblem(code=p.code, severity=severity, message=p.message, hint=p.hint, file=file,
                          line=line, column=p.column, value=p.value, refusal=said)


def _from_header(table: StringTable, p: HeaderProblem) -> ReadingProblem:
    file, line = table.where(table.records.header_line)
    labels = table.records.header or []
    column = p.column
    if column is None and p.field is not None:
        column = table.columns.get(p.field)
    said = (f"line {line}: the header ({', '.join(labels)}) does not fit the schema's fields "
            f"({', '.join(table.resource.field_names)}): {p.message}")
    return ReadingProblem(code=p.code, severity="error", message=p.message, hint=p.hint, file=file, line=line,
                          column=column, field=p.field, refusal=said)
