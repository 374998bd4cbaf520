"""Add one row to a table (``ctcoop new TABLE``): its fields, a proposed ID, validation, insertion.

* :func:`row_fields` describes the fields of a row from the table's schema: type, whether it
  is required, allowed values, pattern, the tables a reference points into and the IDs that
  exist there, list delimiter, descriptions in both languages.
* :func:`propose_id` (:mod:`ctcoop.newrow_ids`) applies the project's ID rule: the ``id``
  field's pattern gives the prefix, and what follows is learned from the table's existing IDs
  (``ins-unsc-res-2214`` for a Security Council resolution), else a slug of the row's English
  name, made unique by ``-2``, ``-3``….
* :func:`check_value` checks one value as it is typed (type, allowed values, pattern, reference),
  for prompts.
* :func:`add_row` validates the whole row and inserts it at its canonical position. Validation
  is the package validator's (:func:`ctcoop.validate.validate_package`), run on the package with
  the row inserted (in memory) and compared with a run without it: the row's issues are those
  the insertion adds, wherever they are (its own cells, a duplicate key elsewhere, a global ID
  clash). What only a row added after this one can resolve (its citation, a link that must
  state the same as one of its columns) is a note saying what to add next
  (:mod:`ctcoop.newrow_notes`). The file is written only when the row adds no error.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctcoop import safe_json
from ctcoop.csvio import atomic_write_bytes, csv_text
from ctcoop.errors import CtcoopError, UsageProblem
from ctcoop.extensions import field_ext, list_delimiter
from ctcoop.newrow_ids import id_prefix, propose_id, single_pk, slugify, table_ids, targets
from ctcoop.newrow_notes import sort_issues
from ctcoop.package import Package, Resource
from ctcoop.preflight import open_package
from ctcoop.regex import fullmatch
from ctcoop.report import Issue, Severity
from ctcoop.sources import Source
from ctcoop.tables.canonical import file_bytes, normalize_cell, read_raw_table
from ctcoop.tables.row_order import sort_key

__all__ = ["FieldSpec", "NewRow", "add_row", "check_value", "id_prefix", "propose_id", "row_fields",
           "slugify", "values_from_json"]


@dataclass(frozen=True)
class FieldSpec:
    """What a prompt needs to know about one field of the new row."""

    name: str
    type: str
    format: str | None
    required: bool
    enum: list[str] | None
    pattern: str | None
    description: str | None
    description_ar: str | None
    references: list[str]     #: tables a value points into (foreignKeys and ctcoop:references)
    choices: list[str]        #: the IDs that exist in those tables (sorted)
    list_delimiter: str | None
    is_id: bool               #: the single-field primary key
    descriptor: dict[str, Any] = field(repr=False, default_factory=dict)


@dataclass
class NewRow:
    """The outcome of :func:`add_row`."""

    table: str
    file: str
    row: dict[str, str]                 #: the row as written (or as it would be), schema order
    proposed_id: str | None             #: the ID proposed by the rule, when the row had none
    key: str = ""                       #: the row's primary key value(s), comma-joined
    issues: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    line: int | None = None             #: line of the row in the file
    written: bool = False

    @property
    def valid(self) -> bool:
        return not any(i.severity is Severity.ERROR for i in self.issues)


# --- fields --------------------------------------------------------------------------------------

def row_fields(package: Package, table: str) -> list[FieldSpec]:
    """The fields of one row of ``table``, in schema order (UsageProblem if there is no such table)."""
    res = package.resource(table)
    pk = single_pk(res)
    specs: list[FieldSpec] = []
    for fdesc in res.fields:
        name = str(fdesc.get("name", ""))
        cons = fdesc.get("constraints", {}) if isinstance(fdesc.get("constraints"), dict) else {}
        enum = cons.get("enum")
        pointed = targets(res, name)
        choices = sorted({i for t in pointed for i in table_ids(package, t)})
        ext = field_ext(fdesc)
        specs.append(FieldSpec(
            name=name, type=str(fdesc.get("type", "string")),
            format=fdesc.get("format") if isinstance(fdesc.get("format"), str) else None,
            required=cons.get("required") is True or name in res.primary_key,
            enum=[str(v) for v in enum] if isinstance(enum, list) else None,
            pattern=cons.get("pattern") if isinstance(cons.get("pattern"), str) else None,
            description=fdesc.get("description") if isinstance(fdesc.get("description"), str) else None,
            description_ar=ext.description("ar"),
            references=pointed, choices=choices,
            list_delimiter=ext.list_delimiter,
            is_id=name == pk, descriptor=dict(fdesc)))
    return specs


def check_value(spec: FieldSpec, value: str) -> str | None:
    """What is wrong with one typed-in value of a field (None when nothing is), for prompts.

    Checks the type (with the validator's casting), the allowed values, the pattern and, for a
    reference, that the ID exists. The whole row is validated again by :func:`add_row`.
    """
    import polars as pl

    from ctcoop.casting import cast_series, expected
    from ctcoop.checks.constraints import compile_pattern

    value = normalize_cell(value)
    if not value:
        return f"{spec.name} is required" if spec.required else None
    _, bad = cast_series(pl.Series([value], dtype=pl.String), spec.descriptor)
    if bad is not None and bool(bad[0]):
        return f"'{value}' is not {expected(spec.descriptor)}"
    script = _script_problem(spec, value)
    if script:
        return script
    if field_ext(spec.descriptor).partial_date and not _real_partial_date(value):
        return (f"'{value}' is not a date that exists: write YYYY, YYYY-MM or YYYY-MM-DD "
                "(e.g. 2001, 2001-09 or 2001-09-28)")
    if spec.enum is not None and value not in spec.enum:
        return f"'{value}' is not one of: {', '.join(spec.enum)}{_closest(value, spec.enum)}"
    if spec.pattern is not None:
        rust, python, _ = compile_pattern(spec.pattern)
        ok = (bool(pl.select(pl.lit(value).str.contains(rust)).item()) if rust is not None
              else python is None or fullmatch(python, value))
        if not ok:
            return f"'{value}' does not match the pattern {spec.pattern}"
    if spec.references and spec.choices:
        items = [i.strip() for i in value.split(spec.list_delimiter)] if spec.list_delimiter else [value]
        unknown = [i for i in items if i and i not in spec.choices]
        if unknown:
            return (f"no row of {' / '.join(spec.references)} has the id '{unknown[0]}'"
                    f"{_closest(unknown[0], spec.choices)}")
    return None


def _closest(value: str, choices: list[str]) -> str:
    """`` — did you mean 'x'?`` as the validator words it, or nothing."""
    from ctcoop.checks.suggest import Suggester, did_you_mean

    return did_you_mean(Suggester(choices, [value])(value))


def _script_problem(spec: FieldSpec, value: str) -> str | None:
    """The language rule of the field (``ctcoop:language``), checked as the validator does."""
    from ctcoop.checks.text import ARABIC

    language = field_ext(spec.descriptor).language
    has_arabic = re.search(f"[{ARABIC}]", value) is not None
    if language == "ar" and not any(c.isalpha() and re.match(f"[{ARABIC}]", c) for c in value):
        return f"{spec.name} is Arabic: write it in Arabic script ('{value}' has no Arabic letter)"
    if language == "en" and has_arabic:
        return f"{spec.name} is English: write it in Latin script ('{value}' has Arabic letters)"
    return None


def _real_partial_date(value: str) -> bool:
    import datetime as dt

    from ctcoop.checks.dates import PARTIAL_RE

    if not re.match(PARTIAL_RE, value):
        return False
    if len(value) == 10:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return False
    return True


# --- input ---------------------------------------------------------------------------------------

def _cell(value: Any, fdesc: dict[str, Any]) -> str | None:
    """A JSON value as the cell text, or None when it cannot be one."""
    if value is None:
        return ""
    if isinstance(value, bool):
        key = "trueValues" if value else "falseValues"
        declared = fdesc.get(key)
        return str(declared[0]) if isinstance(declared, list) and declared else ("true" if value else "false")
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return value
    delim = list_delimiter(fdesc)
    if isinstance(value, list) and delim is not None and all(isinstance(v, str) for v in value):
        return delim.join(value)
    return None


def values_from_json(text: str, source: str = "the JSON input") -> dict[str, Any]:
    """The object a ``--from-json`` input holds (UsageProblem when it is not one JSON object)."""
    try:
        data = safe_json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageProblem(f"{source} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
                           hint='give one object, e.g. {"name_en": "…", "name_ar": "…"}') from None
    except ValueError as exc:  # safe_json's limits: duplicate key, depth, number size
        raise UsageProblem(f"{source} is refused: {exc}",
                           hint='give one flat object, e.g. {"name_en": "…", "name_ar": "…"}') from None
    if not isinstance(data, dict):
        raise UsageProblem(f"{source} holds a JSON {type(data).__name__}, not an object",
                           hint="give one row as an object of field names to values")
    return data


def _to_cells(res: Resource, values: Mapping[str, Any]) -> tuple[dict[str, str], list[Issue]]:
    issues: list[Issue] = []
    names = res.field_names
    for key in values:
        if key not in names:
            issues.append(Issue(code="unknown-field", message=f"'{key}' is not a field of {res.name}",
                                hint="fields: " + ", ".join(names), resource=res.name, file=res.path,
                                field=key))
    cells: dict[str, str] = {}
    for position, fdesc in enumerate(res.fields, start=1):
        name = str(fdesc.get("name", ""))
        text = _cell(values.get(name), fdesc)
        if text is None:
            kind = type(values[name]).__name__
            lists = " (or a list of strings)" if list_delimiter(fdesc) is not None else ""
            issues.append(Issue(code="bad-value", message=f"{name}: a JSON {kind} cannot be a cell",
                                hint=f"give a string, a number, a boolean or null{lists}",
                                resource=res.name, file=res.path, field=name, column=position))
            text = ""
        cells[name] = normalize_cell(text)
    return cells, issues


# --- insertion -----------------------------------------------------------------------------------

class OverlaySource:
    """A package source with some files replaced by bytes in memory (nothing touches the disk)."""

    def __init__(self, base: Source, files: Mapping[str, bytes]) -> None:
        self.base = base
        self.files = dict(files)
        self.label = base.label

    def read(self, relpath: str) -> bytes:
        return self.files[relpath] if relpath in self.files else self.base.read(relpath)

    def exists(self, relpath: str) -> bool:
        return relpath in self.files or self.base.exists(relpath)

    def size(self, relpath: str) -> int:
        return len(self.files[relpath]) if relpath in self.files else self.base.size(relpath)


def _with_row(package: Package, res: Resource, cells: Mapping[str, str]) -> tuple[bytes, int, int]:
    """The file's bytes with the row inserted at its sorted place: (bytes, line, lines it spans)."""
    data = file_bytes(package, res)
    if not data.strip():
        data = csv_text(res.field_names, []).encode("utf-8")
    table = read_raw_table(package, res)
    text = data.decode("utf-8")
    ordered = [cells.get(n, "") for n in res.field_names] + [""] * (len(table.header) - len(res.field_names))
    held = set(table.file_order)
    lacking = [n for i, n in enumerate(res.field_names) if cells.get(n) and i not in held]
    if lacking:
        raise CtcoopError(f"the file has no column for {', '.join(lacking)}", file=res.path,
                          code="missing-column",
                          hint="run `ctcoop fmt` to add the schema's columns, then add the row")
    eol = "\r\n" if text.split("\n", 1)[0].endswith("\r") else "\n"  # keep the file's line ending
    # the row in the file's own column order (fieldsMatch lets it differ from the schema's)
    record = csv_text(table.labels, [[ordered[i] for i in table.file_order]]).split("\n", 1)[1]
    if eol != "\n":
        record = record[:-1] + eol
    key = sort_key(res)

    def later(row: list[str]) -> bool:
        return ([row[i] for i in key], row) > ([ordered[i] for i in key], ordered) if key else False

    index = next((i for i, row in enumerate(table.rows) if later(row)), len(table.rows))
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    if index < len(table.rows):
        line = table.lines[index]
        offset = starts[line - 1]
        new_text = text[:offset] + record + text[offset:]
    else:
        body = text if text.endswith("\n") else text + eol
        line = body.count("\n") + 1
        new_text = body + record
    return new_text.encode("utf-8"), line, record.count("\n")


# --- validation ----------------------------------------------------------------------------------

def _signature(issue: Issue) -> tuple[Any, ...]:
    return (issue.code, issue.file, issue.line, issue.column, issue.field, issue.value)


def _added_issues(before: Iterable[Issue], after: Iterable[Issue], file: str, line: int,
                  span: int) -> list[Issue]:
    """Issues of ``after`` that ``before`` lacks (lines of ``file`` from ``line`` on shifted by ``span``)."""

    def shifted(i: Issue) -> Issue:
        moved = i.file == file and i.line is not None and i.line >= line
        return i.model_copy(update={"line": (i.line or 0) + span}) if moved else i

    old = Counter(_signature(shifted(i)) for i in before)
    added: list[Issue] = []
    for issue in after:
        sig = _signature(issue)
        if old[sig]:
            old[sig] -= 1
        else:
            added.append(issue)
    return added


def add_row(path: str | Path | None, table: str, values: Mapping[str, Any], *, write: bool = True) -> NewRow:
    """Validate a new row of ``table`` and, if it adds no error and ``write`` is set, insert it.

    ``values`` maps field names to JSON-like values (strings, numbers, booleans, null, lists for
    list fields). An empty primary key gets an ID by :func:`propose_id`. Raises
    :class:`~ctcoop.errors.CtcoopError` when the package or table cannot be used (exit code 2).
    """
    from ctcoop.validate import validate_package

    package = open_package(path)
    res = package.resource(table)
    cells, issues = _to_cells(res, values)
    pk = single_pk(res)
    proposed = None
    if pk is not None and not cells.get(pk):
        proposed = propose_id(package, table, cells)
        if proposed is not None:
            cells[pk] = proposed
    new_bytes, line, span = _with_row(package, res, cells)
    overlay = Package(source=OverlaySource(package.source, {res.path: new_bytes}),
                      descriptor=package.descriptor, resources=package.resources,
                      problems=list(package.problems),
                      allow_remote=package.allow_remote, descriptor_path=package.descriptor_path)
    before = validate_package(package).issues
    after = validate_package(overlay).issues
    result = NewRow(table=res.name, file=res.path, row=cells, proposed_id=proposed, line=line,
                    key=",".join(cells.get(k, "") for k in res.primary_key))
    result.issues, result.notes = sort_issues(package, res, cells, line,
                                              issues + _added_issues(before, after, res.path, line, span))
    if result.valid and write:
        local = getattr(package.source, "local_path", None)
        if local is None:
            raise UsageProblem(f"cannot write into {package.label}", hint="add rows in a package directory")
        atomic_write_bytes(local(res.path), new_bytes)
        result.written = True
    return result
