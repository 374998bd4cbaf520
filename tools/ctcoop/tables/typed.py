"""The typed view: a resource's rows as a typed polars DataFrame, following its Table Schema.

The rows come from the string view (:func:`ctcoop.tables.strings.read_strings`: the same records,
header mapping and missing values as every other command), every column as text; each column is
then cast with :func:`ctcoop.casting.cast_series`, the casting engine the validator uses too (its
module lists the accepted lexical forms and the dtypes: ``integer`` ``Int64``, ``number``
``Float64``, ``boolean`` ``Boolean``, ``date`` ``Date``, ``datetime`` ``Datetime("us")`` as naive
UTC, ``time`` ``Time``, ``year`` ``Int32``, other types text). On top of that, the package's own
vocabulary: a ``string`` field with ``ctcoop:listDelimiter`` is ``List(String)`` (split on the
delimiter, whitespace around each item stripped); one with ``ctcoop:partialDate`` stays as written.

Only cells of types read as something other than text are cast problems here; a text type's
format (an e-mail, a URI, a ``yearmonth``) stays as written and is the validator's to report.
A cell that is not missing and does not cast becomes null and is reported as a
:class:`CastProblem` (resource, file, line, row, column, field, value, expected type);
:func:`read_typed` is the strict form and raises at the first one. The frame's columns are the
schema's fields in schema order (a field without a column is all null). A table whose reading
met an error (:func:`ctcoop.tables.reading.refusal`, what validate reports) raises
:class:`~ctcoop.errors.CtcoopError` naming the file, the line and the reason.

:func:`read_text` gives the first stage, a :class:`TextTable` whose ``typed(rows=, columns=)``
casts only the rows and columns asked for (``ctcoop diff`` casts only the cells whose text differs).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import polars as pl

from ctcoop import casting
from ctcoop.errors import CtcoopError
from ctcoop.tables.extensions import list_delimiter
from ctcoop.tables.strings import StringTable, strings_or_refuse

if TYPE_CHECKING:
    from ctcoop.package import Package, Resource


@dataclass(frozen=True)
class CastProblem:
    """One cell that is not missing and does not cast to its field's type."""

    resource: str
    file: str
    row: int  #: 1-based data row (the header is not a row)
    line: int  #: 1-based physical line in the file where the row starts
    column: int  #: 1-based field position in the schema
    field: str
    value: str
    expected: str  #: what the field's cells should look like (:func:`ctcoop.casting.expected`)

    def message(self) -> str:
        return (
            f"line {self.line}: field '{self.field}' (column {self.column}) holds "
            f"'{self.value}', which is not {self.expected}"
        )


@dataclass
class TypedTable:
    """A typed frame and the cells that could not be cast (null in the frame)."""

    frame: pl.DataFrame
    problems: list[CastProblem] = field(default_factory=list)
    problem_count: int = 0  #: all failing cells, even beyond the listed ``problems``


@dataclass(frozen=True)
class TextTable:
    """A resource's cells as text (missing values null), one column per schema field in schema order."""

    package: Package
    resource: Resource
    frame: pl.DataFrame
    strings: StringTable

    def typed_table(
        self, rows: pl.Series | None = None, columns: Sequence[str] | None = None, *, max_problems: int = 100
    ) -> TypedTable:
        """Cast ``rows`` (positions; default all) of ``columns`` (default all) to their types."""
        return _cast(self, rows, columns, max_problems)

    def typed(self, rows: pl.Series | None = None, columns: Sequence[str] | None = None) -> pl.DataFrame:
        """Like :meth:`typed_table`; CtcoopError naming file, line and field at the first bad cell."""
        return _strict(self.typed_table(rows, columns, max_problems=1))


def read_text(package: Package, resource: Resource | str) -> TextTable:
    """The resource's cells as text with missing values null (no casting)."""
    res = package.resource(resource) if isinstance(resource, str) else resource
    strings = strings_or_refuse(package, res)
    present = set(strings.frame.columns)
    frame = strings.frame.select(
        [pl.col(n) if n in present else pl.lit(None, dtype=pl.String).alias(n) for n in res.field_names]
    )
    return TextTable(package, res, frame, strings)


def _cast_columns(
    frame: pl.DataFrame, chosen: list[tuple[int, dict[str, object]]]
) -> list[tuple[pl.Series, pl.Series | None]]:
    # polars releases the GIL: the columns cast side by side, as one select would
    with ThreadPoolExecutor(max_workers=max(1, min(len(chosen), os.cpu_count() or 1))) as pool:
        return list(pool.map(lambda f: casting.cast_series(frame[str(f["name"])], f), [f for _, f in chosen]))


def _cast(
    raw: TextTable, rows: pl.Series | None, columns: Sequence[str] | None, max_problems: int
) -> TypedTable:
    res = raw.resource
    wanted = list(columns) if columns is not None else res.field_names
    frame = raw.frame.select(wanted)
    if rows is not None:
        frame = frame.gather(rows)
    typed_columns: dict[str, pl.Series] = {}
    failed: dict[str, pl.Series] = {}
    checks: list[tuple[str, int, str]] = []
    chosen = [(pos, f) for pos, f in enumerate(res.fields, start=1) if str(f.get("name", "")) in wanted]
    for (position, fdesc), (typed, bad) in zip(chosen, _cast_columns(frame, chosen), strict=True):
        name = str(fdesc.get("name", ""))
        delim = list_delimiter(fdesc)
        if delim is not None and fdesc.get("type", "string") == "string":
            typed = typed.str.split(delim).list.eval(pl.element().str.strip_chars())
        typed_columns[name] = typed.alias(name)
        # only types that change the representation are problems here (text types stay text)
        if casting.dtype(fdesc) != pl.String() and bad is not None:
            failed[name] = bad
            checks.append((name, position, casting.expected(fdesc)))
    typed_frame = frame.with_columns([typed_columns[n] for n in frame.columns if n in typed_columns])
    total = sum(int(mask.sum()) for mask in failed.values())
    if total == 0:
        return TypedTable(typed_frame)
    return TypedTable(typed_frame, _problems(raw, frame, rows, failed, checks, max_problems), total)


def _problems(
    raw: TextTable,
    frame: pl.DataFrame,
    rows: pl.Series | None,
    failed: dict[str, pl.Series],
    checks: list[tuple[str, int, str]],
    max_problems: int,
) -> list[CastProblem]:
    """The first ``max_problems`` failing cells in file order, each with its file and line."""
    found: list[tuple[int, int, str, str]] = []
    labels = {name: label for name, _, label in checks}
    for name, position, _ in checks:
        for i in failed[name].arg_true().head(max_problems).to_list():
            original = int(rows[i]) if rows is not None else int(i)
            found.append((original, position, name, str(frame[name][i])))
    found.sort()
    strings = raw.strings
    out = []
    for r, pos, name, value in found[:max_problems]:
        file, line = strings.where(strings.records.line(r))
        out.append(
            CastProblem(
                resource=raw.resource.name,
                file=file,
                row=r + 1,
                line=line or 0,
                column=pos,
                field=name,
                value=value,
                expected=labels[name],
            )
        )
    return out


def _strict(table: TypedTable) -> pl.DataFrame:
    if table.problems:
        p = table.problems[0]
        more = f" ({table.problem_count - 1} more cells do not cast)" if table.problem_count > 1 else ""
        raise CtcoopError(
            p.message() + more,
            file=p.file,
            code="type-error",
            hint="fix the value or the field's type; `ctcoop validate` lists every problem",
        )
    return table.frame


def read_typed_table(package: Package, resource: Resource | str, *, max_problems: int = 100) -> TypedTable:
    """The resource as a typed frame plus up to ``max_problems`` cells that did not cast."""
    return read_text(package, resource).typed_table(max_problems=max_problems)


def read_typed(package: Package, resource: Resource | str) -> pl.DataFrame:
    """The resource as a typed frame; CtcoopError naming file, line and field at the first bad cell."""
    return _strict(read_typed_table(package, resource, max_problems=1))
