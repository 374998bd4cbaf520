"""What a check sees: the package, its tables parsed once, typed once, and issue helpers.

:class:`Context` is built by :func:`ctcoop.validate.validate_package` and handed to every
check in turn. Tables are read lazily and cached, so a file is parsed once however many
checks look at it; typed values (integers, dates…) are cast once, vectorized, by
:mod:`ctcoop.checks.casting`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from ctcoop.errors import PackageLoadError
from ctcoop.package import Package, Resource
from ctcoop.report import Issue, Severity
from ctcoop.rules import Profile
from ctcoop.tables.problems import Limits
from ctcoop.tables.reading import reading_problems
from ctcoop.tables.strings import StringTable, read_strings

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class Options:
    """How a validation run behaves: limits on untrusted input and network access."""

    limits: Limits = field(default_factory=Limits)
    allow_remote: bool = False
    #: ``standard``: project rules a package does not declare are warnings; ``strict``: errors
    profile: Profile = "standard"


class Table(StringTable):
    """One resource's rows as strings (missing values null), tied to the file's lines and columns
    (:class:`ctcoop.tables.strings.StringTable`), with the issues a check raises on it."""

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
        file = self.file  # (``line`` is a line of the file, as :meth:`line` gives it)
        if self.positions is not None and row is not None:
            file = self.where(self.records.line(row))[0]
        if column is None and field is not None:
            column = self.columns.get(field)
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


def _clip(text: str, limit: int = 500) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


class _Fetched:
    """The package as the context reads it: a remote file is fetched once per run (see Context._read)."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def read(self, path: str) -> bytes:
        return self._ctx._read(path)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ctx.package, name)


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
        problems: list[Issue] = []
        self._read_problems[resource.name] = problems
        try:
            read = read_strings(cast(Package, _Fetched(self)), resource, limits=self.options.limits,
                                reopen=self._reopener(resource.path))
        except PackageLoadError as exc:
            code = exc.code if exc.code != "error" else "unreadable-file"
            problems.append(Issue(code=code, message=exc.message, hint=exc.hint, resource=resource.name,
                                  file=resource.path))
            return None
        for p in reading_problems(read, self.package, profile=self.options.profile):
            problems.append(Issue(code=p.code, severity=Severity(p.severity), message=p.message, hint=p.hint,
                                  resource=resource.name, file=p.file, line=p.line, column=p.column,
                                  field=p.field, value=None if p.value is None else _clip(p.value)))
        if not read.readable:
            return None
        self.rows[resource.name] = read.frame.height
        return Table(**vars(read))
