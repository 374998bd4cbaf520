"""What a check sees: the package, its tables parsed once, typed once, and issue helpers.

:class:`Context` is built by :func:`ctcoop.validate.validate_package` and handed to every
check in turn. Tables are read lazily and cached, so a file is parsed once however many
checks look at it; typed values (integers, dates…) are cast once, vectorized, by
:mod:`ctcoop.checks.casting`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO

from ctcoop.errors import PackageLoadError
from ctcoop.package import Package, Resource
from ctcoop.read import CsvTable, Limits, read_csv_bytes
from ctcoop.report import Issue, Severity
from ctcoop.rules import Profile
from ctcoop.tables.source import table_bytes

#: structural issue codes that a project rule governs: code -> rule (:mod:`ctcoop.rules`)
RULE_CODES = {"quote-error": "rfc4180-quotes"}

if TYPE_CHECKING:
    import polars as pl


@dataclass(frozen=True)
class Options:
    """How a validation run behaves: limits on untrusted input and network access."""

    limits: Limits = field(default_factory=Limits)
    allow_remote: bool = False
    #: ``standard``: project rules a package does not declare are warnings; ``strict``: errors
    profile: Profile = "standard"


@dataclass
class Table:
    """One resource's rows as strings (missing values null), tied to the file's lines and columns."""

    resource: Resource
    csv: CsvTable
    frame: pl.DataFrame
    #: field name -> 1-based column of the field in the file
    columns: dict[str, int]
    missing_values: list[str]
    #: maps a line of the parsed bytes to its file and line (tables.source.Positions), or None
    positions: Any = None

    @property
    def file(self) -> str:
        return self.resource.path

    @property
    def height(self) -> int:
        return self.frame.height

    def line(self, row: int) -> int:
        """The line in the file where row ``row`` (0-based index into ``frame``) starts."""
        line = self.csv.line(row)
        return line if self.positions is None else int(self.positions.origin(line).line)

    def lines(self, rows: Iterable[int]) -> list[int]:
        return [self.line(r) for r in rows]

    def has(self, name: str) -> bool:
        return name in self.columns

    def cell_missing(self, row: int, name: str) -> bool:
        """True when the cell was absent from a short row (reported as missing-cell already)."""
        present = self.csv.short_rows.get(row)
        return present is not None and self.columns.get(name, 0) > present

    def issue(
        self,
        code: str,
        message: str,
        *,
        hint: str | None = None,
        row: int | None = None,
        field: str | None = None,
        value: object = None,
        severity: Severity = Severity.ERROR,
        line: int | None = None,
        column: int | None = None,
    ) -> Issue:
        """An issue in this table; ``row`` gives the line, ``field`` the column."""
        if line is None and row is not None:
            line = self.line(row)
        if column is None and field is not None:
            column = self.columns.get(field)
        file = self.file
        if self.positions is not None and row is not None:
            file = self.positions.origin(self.csv.line(row)).file
        return Issue(
            code=code,
            severity=severity,
            message=message,
            hint=hint,
            resource=self.resource.name,
            file=file,
            line=line,
            column=column,
            field=field,
            value=None if value is None else _clip(str(value)),
        )


def map_columns(resource: Resource, header: list[str] | None, width: int) -> dict[str, int]:
    """Field name -> 1-based column in the file.

    By position when the schema's ``fieldsMatch`` is ``exact`` (the default) or the file has no
    header; by label otherwise (``equal``, ``subset``, ``superset``, ``partial``), honouring
    the dialect's ``caseSensitiveHeader`` (default false).
    """
    names = resource.field_names
    match = resource.schema.get("fieldsMatch", "exact")
    columns: dict[str, int] = {}
    if header is None or match == "exact":
        for i, name in enumerate(names):
            if i < width and name not in columns:
                columns[name] = i + 1
        return columns
    sensitive = resource.dialect.get("caseSensitiveHeader") is True
    position: dict[str, int] = {}
    for i, label in enumerate(header):
        position.setdefault(label if sensitive else label.casefold(), i + 1)
    for name in names:
        col = position.get(name if sensitive else name.casefold())
        if col is not None and name not in columns:
            columns[name] = col
    return columns


def _clip(text: str, limit: int = 500) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


class Context:
    """The package under validation, with cached tables. See :mod:`ctcoop.checks` for the API."""

    def __init__(self, package: Package, options: Options | None = None) -> None:
        self.package = package
        self.options = options or Options()
        self._tables: dict[str, Table | None] = {}
        self._typed: dict[str, Any] = {}
        self._read_problems: dict[str, list[Issue]] = {}
        #: rows read per resource
        self.rows: dict[str, int] = {}
        #: derived data checks share (e.g. each resource's id values), keyed by the check that made it
        self.cache: dict[Any, Any] = {}
        self._fetched: dict[str, bytes] = {}

    @property
    def resources(self) -> list[Resource]:
        return self.package.resources

    def resource(self, name: str) -> Resource | None:
        return next((r for r in self.package.resources if r.name == name), None)

    def raw(self, resource: Resource) -> bytes | None:
        """The bytes of the resource's file, or None when it cannot be read (see read_problems)."""
        try:
            return self._read(resource.path)
        except PackageLoadError:
            return None

    def _read(self, path: str) -> bytes:
        """A file's bytes; a remote file (only with allow_remote) is fetched once per run."""
        from ctcoop.paths import is_remote

        if not is_remote(path):
            return self.package.read(path)
        if path not in self._fetched:
            self._fetched[path] = self.package.read(path)
        return self._fetched[path]

    def _reopener(self, path: str) -> Callable[[], BinaryIO] | None:
        """Opens a local file of the package anew (the reader then frees its bytes early), or None."""
        from ctcoop.paths import is_remote

        local = getattr(self.package.source, "local_path", None)
        if local is None or is_remote(path):
            return None
        return lambda: open(local(path), "rb")  # the reader reads it in a with block

    def rule_severity(
        self, rule: str, resource: Resource | None = None, field: str | None = None
    ) -> Severity | None:
        """The severity a project rule (:mod:`ctcoop.rules`) runs at here; None when it is off."""
        from ctcoop.rules import level, severity

        fdesc = resource.field(field) if resource is not None and field is not None else None
        rdesc = resource.descriptor if resource is not None else None
        return severity(level(rule, self.options.profile, self.package.descriptor, rdesc, fdesc))

    def chunks(self, resource: Resource, size: int = 1 << 20) -> Iterator[bytes]:
        """The resource's file in chunks (read anew from disk where local); raises OSError or
        PackageLoadError when it cannot be read."""
        reopen = self._reopener(resource.path)
        if reopen is None:
            yield self._read(resource.path)
            return
        with reopen() as handle:
            while chunk := handle.read(size):
                yield chunk

    def read_problems(self, resource: Resource) -> list[Issue]:
        """Structural issues met while reading the resource's file (encoding, cells, quotes…)."""
        self.table(resource)
        return self._read_problems.get(resource.name, [])

    def table(self, resource: Resource) -> Table | None:
        """The parsed table (cached), or None when the file cannot be read or parsed at all."""
        if resource.name not in self._tables:
            self._tables[resource.name] = self._load(resource)
        return self._tables[resource.name]

    def tables(self) -> Iterator[Table]:
        """The parsed table of every resource whose file could be read, in resource order."""
        for resource in self.resources:
            table = self.table(resource)
            if table is not None:
                yield table

    def typed(self, resource: Resource) -> Any:
        """The resource's rows cast to their field types (a :class:`ctcoop.checks.casting.Typed`), cached."""
        from ctcoop.checks.casting import cast_table

        if resource.name not in self._typed:
            table = self.table(resource)
            self._typed[resource.name] = None if table is None else cast_table(table)
        return self._typed[resource.name]

    def _load(self, resource: Resource) -> Table | None:
        import polars as pl

        problems: list[Issue] = []
        self._read_problems[resource.name] = problems
        file = resource.path
        try:
            source = table_bytes(self.package, resource, read=self._read)
        except PackageLoadError as exc:
            problems.append(
                Issue(
                    code=exc.code if exc.code != "error" else "unreadable-file",
                    message=exc.message,
                    hint=exc.hint,
                    resource=resource.name,
                    file=exc.file or file,
                )
            )
            return None
        dialect, positions = source.dialect, source.positions
        for prop in source.unsupported:
            problems.append(
                Issue(
                    code="dialect-unsupported",
                    message=f"the dialect property '{prop}' of resource '{resource.name}' has a value "
                    "ctcoop cannot honour",
                    hint="give it a value of the type the Table Dialect names (a quoteChar is one character)",
                    resource=resource.name,
                    file=self.package.descriptor_path,
                )
            )
        holder, source.data = [source.data], b""
        # the bytes go to the reader without a reference kept here, so it can free them early
        csv = read_csv_bytes(
            holder.pop(),
            dialect=dialect,
            encoding=source.encoding,
            limits=self.options.limits,
            width=len(resource.fields),
            reopen=self._reopener(file) if source.verbatim else None,
        )
        for p in csv.problems:
            ruled = self.rule_severity(RULE_CODES[p.code], resource) if p.code in RULE_CODES else None
            if p.code in RULE_CODES and ruled is None:
                continue  # the rule is off
            severity = ruled or Severity(p.severity)
            where = positions.origin(p.line) if positions is not None and p.line is not None else None
            problems.append(
                Issue(
                    code=p.code,
                    severity=severity,
                    message=p.message,
                    hint=p.hint,
                    resource=resource.name,
                    file=where.file if where else file,
                    line=where.line if where else p.line,
                    column=p.column,
                    value=p.value,
                )
            )
        if not csv.readable:
            return None
        columns = map_columns(resource, csv.header, csv.width)
        frame = csv.frame.select([pl.col(f"c{i - 1}").alias(n) for n, i in columns.items()])
        csv.frame = csv.frame.clear()  # the renamed frame is the one kept (memory)
        missing = list(resource.missing_values)
        if dialect.null_sequence is not None and dialect.null_sequence not in missing:
            missing.append(dialect.null_sequence)
        for name in frame.columns:
            fdesc = resource.field(name) or {}
            own = fdesc.get("missingValues")
            values = [str(v) for v in own] if isinstance(own, list) else missing
            if not values:
                continue
            hit = frame[name] == values[0] if len(values) == 1 else frame[name].is_in(values)
            if bool(hit.any()):  # rewrite only the columns that hold missing values, one at a time
                frame = frame.with_columns(pl.when(hit).then(None).otherwise(pl.col(name)).alias(name))
        self.rows[resource.name] = frame.height
        return Table(resource=resource, csv=csv, frame=frame, columns=columns, missing_values=missing,
                     positions=positions)
