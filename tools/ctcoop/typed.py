"""Read a resource's CSV into a typed polars DataFrame, following its Table Schema.

Contract
--------
:func:`read_typed_table` reads the CSV of one tabular resource with polars, **every column as
text first**, then casts each column with :func:`ctcoop.casting.cast_series`, the casting engine
the validator uses too (its module lists the accepted lexical forms and the dtypes: ``integer``
``Int64``, ``number`` ``Float64``, ``boolean`` ``Boolean``, ``date`` ``Date``, ``datetime``
``Datetime("us")`` as naive UTC, ``time`` ``Time``, ``year`` ``Int32``, other types text).
On top of that, this module reads the package's own vocabulary:

===========================  =========================  ==========================================
field                        polars dtype               notes
===========================  =========================  ==========================================
``string`` +                 ``List(String)``           split on the delimiter, whitespace around
``ctcoop:listDelimiter``                                each item stripped
``string`` +                 ``String``                 kept as written (``2001``, ``2001-09``)
``ctcoop:partialDate``
===========================  =========================  ==========================================

Only cells of types read as something other than text (integer, number, boolean, date,
datetime, time, year) are cast problems here; a text type's format (an e-mail, a URI, a JSON
object, a ``yearmonth``) stays as written and is the validator's to report.

A cell equal to one of the field's missing values (the field's ``missingValues`` if it has
them, else the schema's, else ``[""]``; quoted or not) is null before casting, so an empty
cell of a string field is null under the default. A cell that is not missing and does not cast is **not** a
crash: it becomes null in the frame and is reported as a :class:`CastProblem` (resource, file,
1-based line in the file, 1-based row, column number, field, value, expected type).
:func:`read_typed` is the strict form: it returns the frame and raises a
:class:`~ctcoop.errors.CtcoopError` naming file, line and field at the first cast problem.

The frame's columns are the schema's fields in schema order, whatever the header's order
(``fieldsMatch``: ``exact`` (default) requires the header to equal the field names in order;
``equal``, ``subset``, ``superset`` and ``partial`` map by name; schema fields absent from the
file are all-null columns, extra file columns are dropped). The dialect's ``delimiter``,
``quoteChar``, ``header`` and ``commentChar`` and the resource's ``encoding`` are honoured.
A file that cannot be parsed at all (not UTF-8, a ragged row polars refuses, no header) raises
:class:`~ctcoop.errors.CtcoopError` naming the file (and the line when it is known).

The two stages are public: :func:`read_raw` gives a :class:`RawTable` (text cells, missing
values null, schema order) whose ``typed(rows=, columns=)`` casts only the rows and columns
asked for, with the same problems and line numbers (``ctcoop diff`` casts only the cells
whose text differs between two versions).

This module checks types only; constraints (required, unique, pattern, enum …) and references
are the validator's job (:mod:`ctcoop.validate`). A 1,000,000-row, 8-column table reads in
about half a second on two cores: polars parses, casts are column expressions, and the slow
path (finding line numbers) runs only when there is a problem to report.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import polars as pl

from ctcoop import casting
from ctcoop.csv_lenient import header_names, lenient_frame
from ctcoop.errors import CtcoopError
from ctcoop.tables.source import TableBytes, table_bytes

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


def polars_dtype(fdesc: dict[str, Any]) -> pl.DataType:
    """The polars dtype a field is read as (see the module's table)."""
    if fdesc.get("type", "string") == "string" and _list_delimiter(fdesc) is not None:
        return pl.List(pl.String)
    return casting.dtype(fdesc)


def _list_delimiter(fdesc: dict[str, Any]) -> str | None:
    delim = fdesc.get("ctcoop:listDelimiter")
    return delim if isinstance(delim, str) and delim else None


def field_missing_values(fdesc: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    """The strings that mean "no value" in this field (field-level overrides schema-level)."""
    raw = fdesc.get("missingValues", schema.get("missingValues", [""]))
    if not isinstance(raw, list):
        return [""]
    out: list[str] = []
    for item in raw:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict) and isinstance(item.get("value"), str):
            out.append(item["value"])
    return out


def _transcode(data: bytes, encoding: str, file: str) -> bytes:
    """The file's bytes as UTF-8: as they are when the resource is UTF-8, re-encoded otherwise."""
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise CtcoopError(
            f"unknown encoding '{encoding}'",
            file=file,
            code="encoding",
            hint='declare "encoding": "utf-8" and save the file as UTF-8',
        ) from None
    if codec in ("utf-8", "utf-8-sig"):
        return data  # polars checks UTF-8 while parsing; _parse_error finds the line
    try:
        return data.decode(codec).encode("utf-8")
    except UnicodeDecodeError as exc:
        raise CtcoopError(f"byte {exc.start} is not valid {encoding}", file=file, code="encoding") from None


def _parse_error(exc: Exception, data: bytes, file: str) -> CtcoopError:
    """A CtcoopError for a CSV polars could not parse, naming the line when it can be found."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as bad:
        line = data.count(b"\n", 0, bad.start) + 1
        return CtcoopError(
            f"line {line} is not valid UTF-8 (byte {bad.start})",
            file=file,
            code="encoding",
            hint="save the file as UTF-8",
        )
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return CtcoopError(
        f"the CSV cannot be parsed: {first}",
        file=file,
        code="csv-parse",
        hint="run `ctcoop validate` to find the malformed row",
    )


def _read_strings(package: Package, resource: Resource, *, missing: Sequence[str] = ()) -> pl.DataFrame:
    """The raw CSV as an all-String frame, columns named as in the file (or by schema if no header).

    Cells equal to one of ``missing`` (quoted or not) are null.
    """
    source = table_bytes(package, resource)
    delimiter, quote = source.dialect.delimiter, source.dialect.quote_char
    header, comment = source.dialect.header, source.dialect.comment_char
    if source.dialect.null_sequence is not None:
        missing = [*missing, source.dialect.null_sequence]
    data = _transcode(source.data, source.encoding, resource.path)
    names = resource.field_names
    if not data or data.isspace():
        if header:
            raise CtcoopError(
                "the file is empty (no header row)",
                file=resource.path,
                code="empty-file",
                hint="write at least the header row: " + ",".join(names),
            )
        return pl.DataFrame({n: pl.Series(n, [], dtype=pl.String) for n in names})
    try:
        frame = pl.read_csv(
            data,
            has_header=header,
            separator=delimiter if isinstance(delimiter, str) else ",",
            quote_char=quote if isinstance(quote, str) else '"',
            comment_prefix=comment if isinstance(comment, str) else None,
            infer_schema=False,
            empty_string_is_null="" in missing,
            null_values=list(missing) or None,
            raise_if_empty=False,
            new_columns=None if header else names,
        )
    except pl.exceptions.PolarsError as exc:
        lenient = lenient_frame(data, delimiter, quote, header, comment, names, missing)
        if lenient is None:
            raise _parse_error(exc, data, resource.path) from None
        frame = lenient
    q = quote if isinstance(quote, str) else '"'
    if header and any(q * 2 in name for name in frame.columns):
        # polars keeps the doubled quote of an escaped quote inside a quoted header name
        read = header_names(
            data,
            delimiter if isinstance(delimiter, str) else ",",
            q,
            comment if isinstance(comment, str) else None,
        )
        if read is not None and len(read) == frame.width and len(set(read)) == len(read):
            frame.columns = read
    return frame


def _align(frame: pl.DataFrame, resource: Resource) -> pl.DataFrame:
    """Columns in schema order, per ``fieldsMatch``."""
    names = resource.field_names
    header = list(frame.columns)
    mode = resource.schema.get("fieldsMatch", "exact")
    if any(h.endswith("_duplicated_0") for h in header):
        raise CtcoopError(
            "the header repeats a column name",
            file=resource.path,
            code="duplicate-header",
            hint="every column needs a distinct name",
        )
    if mode == "exact" or not isinstance(mode, str):
        if header != names:
            raise CtcoopError(
                f"the header ({', '.join(header)}) does not match the schema's fields ({', '.join(names)})",
                file=resource.path,
                code="header-mismatch",
                hint="make line 1 list the schema's field names in order, or set schema.fieldsMatch",
            )
        return frame
    present = set(header)
    missing = [n for n in names if n not in present]
    extra = present - set(names)
    refused = {
        "equal": bool(missing or extra),
        "subset": bool(missing),
        "superset": bool(extra),
        "partial": len(missing) == len(names),
    }.get(mode, True)
    if refused:
        raise CtcoopError(
            f"the header ({', '.join(header)}) does not fit fieldsMatch '{mode}' with the "
            f"schema's fields ({', '.join(names)})",
            file=resource.path,
            code="header-mismatch",
        )
    return frame.select(
        [pl.col(n) if n in present else pl.lit(None, dtype=pl.String).alias(n) for n in names]
    )


def _line_numbers(source: TableBytes, rows: Sequence[int]) -> dict[int, int]:
    """Physical 1-based start line of the given 0-based data rows in ``source.data`` (slow path,
    errors only; map them through ``source.positions`` when set)."""
    wanted = set(rows)
    out: dict[int, int] = {}
    text = _transcode(source.data, source.encoding, source.file).decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=source.dialect.delimiter,
                        quotechar=source.dialect.quote_char)
    index = -1 if source.dialect.header else 0
    start = 1
    last = max(wanted) if wanted else -1
    for _ in reader:
        if index in wanted:
            out[index] = start
        if index >= last:
            break
        index += 1
        start = reader.line_num + 1
    return out


@dataclass(frozen=True)
class RawTable:
    """A resource's cells as text (missing values already null), columns in schema order.

    The first stage of :func:`read_typed_table`, kept for callers that only need to cast some
    rows or columns (``ctcoop diff`` casts only the cells whose text differs).
    """

    package: Package
    resource: Resource
    frame: pl.DataFrame

    def typed_table(
        self, rows: pl.Series | None = None, columns: Sequence[str] | None = None, *, max_problems: int = 100
    ) -> TypedTable:
        """Cast ``rows`` (positions; default all) of ``columns`` (default all) to their types."""
        return _cast(self, rows, columns, max_problems)

    def typed(self, rows: pl.Series | None = None, columns: Sequence[str] | None = None) -> pl.DataFrame:
        """Like :meth:`typed_table`; CtcoopError naming file, line and field at the first bad cell."""
        return _strict(self.typed_table(rows, columns, max_problems=1))


def read_raw(package: Package, resource: Resource | str) -> RawTable:
    """The resource's CSV as text cells with missing values null (no casting)."""
    res = package.resource(resource) if isinstance(resource, str) else resource
    missing_by_field = [field_missing_values(f, res.schema) for f in res.fields]
    # When every field has the same missing values (the usual case), the CSV reader nulls them.
    shared = all(m == missing_by_field[0] for m in missing_by_field) if missing_by_field else True
    common = missing_by_field[0] if missing_by_field and shared else []
    frame = _align(_read_strings(package, res, missing=common), res)
    if not shared:
        null = pl.lit(None, dtype=pl.String)
        frame = frame.with_columns(
            [
                pl.when(pl.col(str(f.get("name", ""))).is_in(m))
                .then(null)
                .otherwise(pl.col(str(f.get("name", ""))))
                .alias(str(f.get("name", "")))
                for f, m in zip(res.fields, missing_by_field, strict=True)
                if m
            ]
        )
    return RawTable(package, res, frame)


def _cast(
    raw: RawTable, rows: pl.Series | None, columns: Sequence[str] | None, max_problems: int
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
    # polars releases the GIL: the columns cast side by side, as one select would
    with ThreadPoolExecutor(max_workers=max(1, min(len(chosen), os.cpu_count() or 1))) as pool:
        fdescs = [f for _, f in chosen]
        results = list(pool.map(lambda f: casting.cast_series(frame[str(f["name"])], f), fdescs))
    for (position, fdesc), (typed, bad) in zip(chosen, results, strict=True):
        name = str(fdesc.get("name", ""))
        delim = _list_delimiter(fdesc)
        if delim is not None and fdesc.get("type", "string") == "string":
            typed = typed.str.split(delim).list.eval(pl.element().str.strip_chars())
        typed_columns[name] = typed.alias(name)
        # only types that change the representation are problems here (text types stay text:
        # a string format, yearmonth, object… is the validator's to report)
        if casting.dtype(fdesc) != pl.String() and bad is not None:
            failed[name] = bad
            checks.append((name, position, casting.expected(fdesc)))
    typed_frame = frame.with_columns([typed_columns[n] for n in frame.columns if n in typed_columns])
    if not failed:
        return TypedTable(typed_frame)
    counts = {name: int(mask.sum()) for name, mask in failed.items()}
    total = sum(counts.values())
    if total == 0:
        return TypedTable(typed_frame)
    found: list[tuple[int, int, str, str]] = []
    labels = {name: label for name, _, label in checks}
    for name, position, _ in checks:
        if counts[name]:
            for i in failed[name].arg_true().head(max_problems).to_list():
                original = int(rows[i]) if rows is not None else int(i)
                found.append((original, position, name, str(frame[name][i])))
    found.sort()
    found = found[:max_problems]
    source = table_bytes(raw.package, res)
    lines = _line_numbers(source, [r for r, _, _, _ in found])
    where = {r: source.positions.origin(n) if source.positions else None for r, n in lines.items()}
    problems = [
        CastProblem(
            resource=res.name,
            file=o.file if (o := where.get(r)) else res.path,
            row=r + 1,
            line=o.line if o else lines.get(r, r + 2),
            column=pos,
            field=name,
            value=value,
            expected=labels[name],
        )
        for r, pos, name, value in found
    ]
    return TypedTable(typed_frame, problems, total)


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
    return read_raw(package, resource).typed_table(max_problems=max_problems)


def read_typed(package: Package, resource: Resource | str) -> pl.DataFrame:
    """The resource as a typed frame; CtcoopError naming file, line and field at the first bad cell."""
    return _strict(read_typed_table(package, resource, max_problems=1))
