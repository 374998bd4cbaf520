"""Open a Frictionless Data Package (directory, descriptor or zip) safely.

:func:`load_package` reads the descriptor and every resource's Table Schema, and returns a
:class:`Package`. What makes the package unusable as a whole (no descriptor, JSON that does not
parse, an unsafe archive) raises :class:`~ctcoop.errors.PackageLoadError`; what makes one
resource unusable (an unsafe path, a missing schema file) is recorded in ``Package.problems``
as :class:`~ctcoop.report.Issue` records, and that resource is left out of ``resources``.
Nothing in a package is executed, imported or fetched (remote paths are refused unless
``allow_remote``; :mod:`ctcoop.remote` fetches). :mod:`ctcoop.package_schema` resolves each
resource's Table Schema. A command opens a package through :func:`ctcoop.preflight.open_package`,
which also checks the descriptor before any table is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctcoop import safe_json
from ctcoop.errors import PackageLoadError, UsageProblem
from ctcoop.extensions import schema_ext
from ctcoop.paths import is_remote, path_problem
from ctcoop.report import Issue
from ctcoop.sources import Source, open_source

DESCRIPTOR = "datapackage.json"
#: the name a resource's table goes by when its rows are inline ``data``
INLINE = "<inline data>"
MAX_DESCRIPTOR_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Resource:
    """One tabular resource: its descriptor, its resolved Table Schema and its data path."""

    name: str
    path: str
    descriptor: dict[str, Any]
    schema: dict[str, Any]

    @property
    def fields(self) -> list[dict[str, Any]]:
        fields = self.schema.get("fields", [])
        return [f for f in fields if isinstance(f, dict)] if isinstance(fields, list) else []

    @property
    def field_names(self) -> list[str]:
        return [str(f.get("name", "")) for f in self.fields]

    def field(self, name: str) -> dict[str, Any] | None:
        return next((f for f in self.fields if f.get("name") == name), None)

    @property
    def inferred(self) -> bool:
        """True when the resource declares no schema and its fields were inferred from its header."""
        return schema_ext(self.schema).inferred

    @property
    def primary_key(self) -> list[str]:
        pk = self.schema.get("primaryKey", [])
        if isinstance(pk, str):
            return [pk]
        return [str(x) for x in pk] if isinstance(pk, list) else []

    @property
    def foreign_keys(self) -> list[dict[str, Any]]:
        fks = self.schema.get("foreignKeys", [])
        return [fk for fk in fks if isinstance(fk, dict)] if isinstance(fks, list) else []

    @property
    def dialect(self) -> dict[str, Any]:
        d = self.descriptor.get("dialect", {})
        return d if isinstance(d, dict) else {}

    @property
    def missing_values(self) -> list[str]:
        """The schema-level missing values (strings, or the ``value`` of v2 objects; ``[""]`` by default)."""
        from ctcoop.tables.missing import schema_missing_values

        return schema_missing_values(self.schema)


@dataclass
class Package:
    """A loaded package: descriptor, resources, and the problems met while loading."""

    source: Source
    descriptor: dict[str, Any]
    resources: list[Resource] = field(default_factory=list)
    problems: list[Issue] = field(default_factory=list)
    allow_remote: bool = False
    descriptor_path: str = DESCRIPTOR
    #: the descriptor issues :func:`ctcoop.preflight.open_package` found (no error among them), so
    #: that validating the package opened does not check its descriptor twice; None: not checked
    descriptor_issues: list[Issue] | None = None

    @property
    def label(self) -> str:
        return self.source.label

    @property
    def version(self) -> str | None:
        v = self.descriptor.get("version")
        return v if isinstance(v, str) else None

    def resource(self, name: str) -> Resource:
        for r in self.resources:
            if r.name == name:
                return r
        from ctcoop.terminal import did_you_mean

        names = [r.name for r in self.resources]
        raise UsageProblem(
            f"the package has no resource named '{name}'{did_you_mean(name, names)}",
            hint="resources: " + ", ".join(names),
        )

    def read(self, relpath: str) -> bytes:
        """Bytes of a file named by the descriptor (local or, if allowed, remote)."""
        if is_remote(relpath):
            from ctcoop.remote import fetch

            return fetch(relpath, self.allow_remote)
        return self.source.read(relpath)


def load_package(path: str | Path | None = None, *, allow_remote: bool = False) -> Package:
    """Open the package at ``path`` (directory, descriptor file or .zip; default: current directory)."""
    target = Path(path) if path is not None else Path.cwd()
    if not target.exists():
        raise UsageProblem(
            f"'{target}' does not exist",
            hint="give a package directory, a datapackage.json or a release .zip",
        )
    source, descriptor_name = open_source(target)
    return load_from_source(source, descriptor_name, allow_remote=allow_remote)


def load_from_source(
    source: Source, descriptor_name: str = DESCRIPTOR, *, allow_remote: bool = False
) -> Package:
    """Open the package whose files ``source`` serves (a directory, a zip, a git revision…)."""
    if not source.exists(descriptor_name):
        raise PackageLoadError(
            f"no {descriptor_name} in '{source.label}'",
            file=descriptor_name,
            code="missing-descriptor",
            hint="run the command in a package directory or name one",
        )
    if source.size(descriptor_name) > MAX_DESCRIPTOR_BYTES:
        raise PackageLoadError(
            f"{descriptor_name} is larger than {MAX_DESCRIPTOR_BYTES} bytes",
            file=descriptor_name,
            code="descriptor-too-large",
        )
    descriptor = safe_json.parse(source.read(descriptor_name), descriptor_name)
    if not isinstance(descriptor, dict):
        raise PackageLoadError(
            f"{descriptor_name} is not a JSON object",
            file=descriptor_name,
            code="descriptor-json",
            hint="a descriptor is an object with a 'resources' array",
        )
    pkg = Package(
        source=source, descriptor=descriptor, allow_remote=allow_remote, descriptor_path=descriptor_name
    )
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        pkg.problems.append(
            _problem(
                "descriptor-resources",
                "the descriptor has no 'resources' array",
                'add "resources": [...] with one entry per table',
                None,
                descriptor_name,
            )
        )
        return pkg
    from ctcoop.package_schema import table_schema

    seen: set[str] = set()
    for index, res in enumerate(resources):
        if not isinstance(res, dict):
            continue  # reported by the profile check
        name = res.get("name") if isinstance(res.get("name"), str) else f"#{index}"
        assert isinstance(name, str)
        if name in seen:
            continue  # reported by the profile/unique-name check
        seen.add(name)
        rpath, problem = _table_path(res, name, descriptor_name, allow_remote)
        if problem is not None:
            pkg.problems.append(problem)
        if rpath is None:
            continue
        schema = table_schema(pkg, res, name)
        if schema is not None:
            pkg.resources.append(Resource(name=name, path=rpath, descriptor=res, schema=schema))
    return pkg


def _table_path(res: dict[str, Any], name: str, descriptor_name: str, allow_remote: bool
                ) -> tuple[str | None, Issue | None]:
    """The path a resource's table goes by (its file, the first of its parts, or :data:`INLINE`),
    or None with the problem when it must not be read: an unsafe path or part (docs/security.md,
    R1), a remote one without ``allow_remote``, an empty path array. None and no problem: no data."""
    rpath = res.get("path")
    if isinstance(rpath, list) and len(rpath) == 1:
        rpath = rpath[0]
    if isinstance(rpath, list) and not isinstance(res.get("data"), list):
        for part in rpath:
            why = "a remote part" if isinstance(part, str) and is_remote(part) else path_problem(part)
            if why:
                message = f"part '{part}' of the path of resource '{name}' is unsafe: {why}"
                hint = "use paths inside the package such as data/<name>.csv"
                return None, _problem("unsafe-path", message, hint, name, descriptor_name)
        if not rpath:  # the standard asks for at least one path
            message = f"resource '{name}' has an empty 'path' array; it must name at least one file"
            hint = 'give "path" the file (or files) holding the data'
            return None, _problem("descriptor-profile", message, hint, name, descriptor_name)
        return rpath[0], None  # the first part names the table; tables.source reads every part
    if not isinstance(rpath, str):
        return (INLINE if "data" in res else None), None  # inline rows: read by tables.source
    if is_remote(rpath):
        if allow_remote:
            return rpath, None
        return None, _problem("remote-path", f"resource '{name}' points to the remote '{rpath}'",
                              "pass --allow-remote to fetch it, or ship the file in the package", name,
                              descriptor_name)
    why = path_problem(rpath)
    if why:
        return None, _problem("unsafe-path", f"path '{rpath}' of resource '{name}' is unsafe: {why}",
                              "use a path inside the package such as data/<name>.csv", name, descriptor_name)
    return rpath, None


def _problem(code: str, message: str, hint: str, resource: str | None, file: str) -> Issue:
    return Issue(code=code, message=message, hint=hint, resource=resource, file=file)


