"""Header to fields: which column of the file holds each schema field, defined once.

Table Schema v2 ``fieldsMatch``:

* ``exact`` (the default): the header lists the schema's fields, in order, and no others; fields
  are taken by position;
* ``equal``: the same set of names, in any order; ``subset``: every field has a column (the file
  may hold more); ``superset``: every column is a field (fields may lack a column); ``partial``:
  at least one field has a column. Outside ``exact``, fields are taken by label.

Labels are compared without regard to case unless the dialect sets ``caseSensitiveHeader``
(Table Dialect v2; default false): a header ``ID`` is the field ``id``. A file without a header
row (``header: false``) takes the fields by position. A field without a column reads as null.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

MODES = ("exact", "equal", "subset", "superset", "partial")


@dataclass(frozen=True)
class HeaderProblem:
    """A header that does not fit the schema (an error): code, message, hint, column, field."""

    code: str
    message: str
    hint: str
    column: int | None = None
    field: str | None = None


@dataclass
class FieldMap:
    """Field name -> 1-based column of the file, and what in the header does not fit the schema."""

    columns: dict[str, int]
    problems: list[HeaderProblem] = field(default_factory=list)


def map_fields(
    names: list[str],
    header: list[str] | None,
    width: int,
    *,
    mode: object = "exact",
    case_sensitive: bool = False,
    inferred: bool = False,
) -> FieldMap:
    """Which column holds each field of ``names`` under ``fieldsMatch`` ``mode`` (see the module).

    ``width`` is the number of columns of a file without a header. ``inferred`` says the fields were
    inferred from this very header (then only blank and repeated labels are problems).
    """

    def norm(text: str) -> str:
        return text if case_sensitive else text.casefold()

    problems = list(_label_problems(header, norm)) if header is not None else []
    if header is None or mode == "exact" or not isinstance(mode, str):
        columns: dict[str, int] = {}
        for i, name in enumerate(names):
            if i < width and name not in columns:
                columns[name] = i + 1
        if header is not None and not inferred:
            problems.extend(_exact_problems(names, header, norm))
        return FieldMap(columns, problems)
    position: dict[str, int] = {}
    for i, label in enumerate(header):
        position.setdefault(norm(label), i + 1)
    columns = {n: position[norm(n)] for n in names if norm(n) in position}
    if not inferred:
        problems.extend(_mode_problems(names, header, mode, norm))
    return FieldMap(columns, problems)


def _label_problems(header: list[str], norm: Callable[[str], str]) -> list[HeaderProblem]:
    out: list[HeaderProblem] = []
    seen: dict[str, int] = {}
    for i, label in enumerate(header):
        if label.strip() == "":
            out.append(
                HeaderProblem(
                    "blank-label", f"column {i + 1} has no label", "write the field name in the header", i + 1
                )
            )
        elif norm(label) in seen:
            out.append(
                HeaderProblem(
                    "duplicate-label",
                    f"label '{label}' repeats column {seen[norm(label)]}",
                    "give every column a distinct name",
                    i + 1,
                )
            )
        else:
            seen[norm(label)] = i + 1
    return out


def _exact_problems(names: list[str], labels: list[str], norm: Callable[[str], str]) -> list[HeaderProblem]:
    out: list[HeaderProblem] = []
    for i in range(max(len(labels), len(names))):
        if i >= len(names):
            out.append(
                HeaderProblem(
                    "extra-label",
                    f"column {i + 1} '{labels[i]}' is not a field of the schema",
                    "remove the column or add the field to the schema",
                    i + 1,
                )
            )
        elif i >= len(labels):
            out.append(
                HeaderProblem(
                    "missing-label",
                    f"field '{names[i]}' (column {i + 1}) is missing from the header",
                    "add the column, in schema order",
                    i + 1,
                    names[i],
                )
            )
        elif labels[i].strip() and norm(labels[i]) != norm(names[i]):
            out.append(
                HeaderProblem(
                    "incorrect-label",
                    f"column {i + 1} is labelled '{labels[i]}' but the schema's field "
                    f"{i + 1} is '{names[i]}'",
                    "the header must list the schema's fields in order",
                    i + 1,
                    names[i],
                )
            )
    return out


def _mode_problems(
    names: list[str], labels: list[str], mode: str, norm: Callable[[str], str]
) -> list[HeaderProblem]:
    out: list[HeaderProblem] = []
    present = {norm(label) for label in labels}
    known = {norm(n) for n in names}
    if mode in ("equal", "subset"):
        out.extend(
            HeaderProblem(
                "missing-label", f"field '{name}' is missing from the header", "add the column", None, name
            )
            for name in names
            if norm(name) not in present
        )
    if mode in ("equal", "superset"):
        out.extend(
            HeaderProblem(
                "extra-label",
                f"column {i + 1} '{label}' is not a field of the schema",
                "remove the column or add the field to the schema",
                i + 1,
            )
            for i, label in enumerate(labels)
            if label.strip() and norm(label) not in known
        )
    if mode == "partial" and not present & known:
        out.append(
            HeaderProblem(
                "missing-label",
                "no column of the header is a field of the schema",
                "label the columns with the schema's field names",
            )
        )
    return out
