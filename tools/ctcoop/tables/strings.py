"""The raw string view of a resource: its rows as text, one column per schema field, each row with
its line; the one place bytes, records, header mapping and missing values meet.

:func:`read_strings` reads a resource through :func:`ctcoop.tables.source.table_bytes` and
:func:`ctcoop.tables.records.read_records`, maps the header onto the fields
(:mod:`ctcoop.tables.header`) and, unless asked not to, makes missing values null
(:mod:`ctcoop.tables.missing`). Every line it reports goes through :meth:`StringTable.where`,
which maps a line of the parsed bytes to its file and line when they are not the file's own.

``ctcoop validate`` reports every problem of the reading; the other commands
(:func:`strings_or_refuse`) refuse a table whose reading met an error, with the first one as the
reason (one rule for every view: :mod:`ctcoop.tables.reading`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO

from ctcoop.errors import CtcoopError
from ctcoop.tables.header import FieldMap, HeaderProblem, map_fields
from ctcoop.tables.missing import field_missing_values, schema_missing_values
from ctcoop.tables.problems import Limits
from ctcoop.tables.records import Records, read_records
from ctcoop.tables.source import Origin, Positions, TableBytes, table_bytes

if TYPE_CHECKING:
    import polars as pl

    from ctcoop.package import Package, Resource

@dataclass
class StringTable:
    """One resource's rows as strings (columns named by field, schema order), tied to their lines."""

    resource: Resource
    records: Records
    #: one String column per field the file holds; missing values null unless read with ``null_missing=False``
    frame: pl.DataFrame
    #: field name -> 1-based column of the field in the file
    columns: dict[str, int]
    #: the schema-level missing values (with the dialect's null sequence)
    missing_values: list[str]
    #: the name messages give the table, and the map of its lines to their origins (None: its own lines)
    file: str
    positions: Positions | None = None
    header_problems: list[HeaderProblem] = field(default_factory=list)
    #: dialect properties given that the parser cannot honour
    unsupported: list[str] = field(default_factory=list)
    #: the columns no field maps to, named by their labels, in file order (read with ``extra_columns``)
    extra: pl.DataFrame | None = None

    @property
    def height(self) -> int:
        return self.frame.height

    @property
    def readable(self) -> bool:
        return self.records.readable

    def line(self, row: int) -> int:
        """The line where row ``row`` (0-based index into ``frame``) starts, in the file's own terms."""
        return self.where(self.records.line(row))[1] or 0

    def lines(self, rows: Iterable[int]) -> list[int]:
        return [self.line(r) for r in rows]

    def has(self, name: str) -> bool:
        return name in self.columns

    def cell_missing(self, row: int, name: str) -> bool:
        """True when the cell was absent from a short row (reported as missing-cell already)."""
        present = self.records.short_rows.get(row)
        return present is not None and self.columns.get(name, 0) > present

    def where(self, line: int | None) -> tuple[str, int | None]:
        """(file, line) of a line of the parsed bytes: itself, or its origin (bytes not the file's own)."""
        if line is None or self.positions is None:
            return self.file, line
        origin: Origin = self.positions.origin(line)
        return origin.file, origin.line


def read_strings(
    package: Package,
    resource: Resource,
    *,
    limits: Limits | None = None,
    reopen: Callable[[], BinaryIO] | None = None,
    null_missing: bool = True,
    extra_columns: bool = False,
) -> StringTable:
    """The resource's string view (see the module). Raises :class:`~ctcoop.errors.PackageLoadError`
    when its bytes cannot be read; a table whose bytes cannot be parsed comes back not ``readable``.
    ``extra_columns`` keeps the columns no field maps to (``fieldsMatch`` ``subset`` and
    ``partial`` allow them) in ``extra``, named by their labels, in file order (``fmt`` and ``new``
    write them back)."""
    import polars as pl

    source = table_bytes(package, resource)
    if reopen is not None and not _own_bytes(source, resource, reopen):
        reopen = None
    records = read_records(
        _take(source),
        dialect=source.dialect,
        encoding=source.encoding,
        limits=limits,
        width=len(resource.fields),
        reopen=reopen,
    )
    null = source.dialect.null_sequence
    table = StringTable(
        resource=resource,
        records=records,
        frame=pl.DataFrame(),
        columns={},
        missing_values=schema_missing_values(resource.schema, null),
        file=source.file,
        positions=source.positions,
        unsupported=list(source.unsupported),
    )
    if not records.readable:
        return table
    mapped: FieldMap = map_fields(
        resource.field_names,
        records.header,
        records.width,
        mode=resource.schema.get("fieldsMatch", "exact"),
        case_sensitive=source.dialect.case_sensitive_header,
        inferred=resource.inferred,
    )
    table.columns, table.header_problems = mapped.columns, mapped.problems
    frame = records.frame.select([pl.col(f"c{i - 1}").alias(n) for n, i in mapped.columns.items()])
    if extra_columns and records.header is not None:
        taken = set(mapped.columns.values())
        table.extra = records.frame.select(
            [pl.col(f"c{i}").alias(label) for i, label in enumerate(records.header) if i + 1 not in taken]
        )
    records.frame = records.frame.clear()  # the renamed frame is the one kept (memory)
    if null_missing:
        frame = _null_missing(frame, resource, null)
    table.frame = frame
    return table


def _take(source: TableBytes) -> bytes:
    """The bytes, no longer held by ``source`` (so the reader can let go of them early)."""
    data, source.data = source.data, b""
    return data


def _own_bytes(source: TableBytes, resource: Resource, reopen: Callable[[], BinaryIO]) -> bool:
    """Whether the bytes are the file on disk as it is (then the reader may read it again in slices)."""
    if source.positions is not None or source.file != resource.path:
        return False
    try:
        with reopen() as handle:
            return os.fstat(handle.fileno()).st_size == len(source.data)
    except (OSError, CtcoopError, ValueError):
        return False


def _null_missing(frame: pl.DataFrame, resource: Resource, null: str | None) -> pl.DataFrame:
    """Cells equal to one of their field's missing values made null (only the columns that hold one)."""
    import polars as pl

    for name in frame.columns:
        values = field_missing_values(resource.field(name) or {}, resource.schema, null)
        if not values:
            continue
        hit = frame[name] == values[0] if len(values) == 1 else frame[name].is_in(values)
        if bool(hit.any()):  # rewrite only the columns that hold missing values, one at a time (memory)
            frame = frame.with_columns(pl.when(hit).then(None).otherwise(pl.col(name)).alias(name))
    return frame


def strings_or_refuse(
    package: Package,
    resource: Resource,
    *,
    null_missing: bool = True,
    extra_columns: bool = False,
) -> StringTable:
    """:func:`read_strings`, raising the :func:`~ctcoop.tables.reading.refusal` when there is one (or
    when the schema names a field twice: no view can hold two columns of one name)."""
    from ctcoop.tables.reading import refusal

    names = resource.field_names
    repeated = next((n for i, n in enumerate(names) if n in names[:i]), None)
    if repeated is not None:
        raise CtcoopError(
            f"the schema of resource '{resource.name}' names the field '{repeated}' twice",
            file=resource.path,
            code="duplicate-field",
            hint="give every field a distinct name (`ctcoop validate` lists the descriptor's problems)",
        )
    table = read_strings(package, resource, null_missing=null_missing, extra_columns=extra_columns)
    problem = refusal(table, package)
    if problem is not None:
        raise problem
    return table
