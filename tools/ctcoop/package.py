"""Open a Frictionless Data Package (directory, descriptor or zip) safely.

:func:`load_package` reads the descriptor and every resource's Table Schema, and returns a
:class:`Package`. What makes the package unusable as a whole (no descriptor, JSON that does not
parse, an unsafe archive) raises :class:`~ctcoop.errors.PackageLoadError`; what makes one
resource unusable (an unsafe path, a missing schema file) is recorded in ``Package.problems``
as :class:`~ctcoop.report.Issue` records, and that resource is left out of ``resources``.
Nothing in a package is executed, imported or fetched (remote paths are refused unless
``allow_remote``).
"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctcoop import safe_json
from ctcoop.errors import PackageLoadError, UsageProblem
from ctcoop.extensions import keys, schema_ext
from ctcoop.paths import is_remote, path_problem
from ctcoop.report import Issue, Severity
from ctcoop.sources import Source, open_source

DESCRIPTOR = "datapackage.json"
#: the name a resource's table goes by when its rows are inline ``data``
INLINE = "<inline data>"
MAX_DESCRIPTOR_BYTES = 16 * 1024 * 1024
MAX_REMOTE_BYTES = 512 * 1024 * 1024


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
            return _fetch(relpath, self.allow_remote)
        return self.source.read(relpath)


def _fetch(url: str, allowed: bool) -> bytes:
    if not allowed:
        raise PackageLoadError(
            f"'{url}' is remote and network access is off",
            file=url,
            code="remote-path",
            hint="pass --allow-remote to fetch remote resources",
        )
    if not url.startswith(("https://", "http://")):
        raise PackageLoadError(f"'{url}' uses a scheme other than http(s)", file=url, code="remote-path")
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            data: bytes = resp.read(MAX_REMOTE_BYTES + 1)
    except OSError as exc:
        raise PackageLoadError(f"cannot fetch '{url}': {exc}", file=url, code="remote-fetch") from None
    if len(data) > MAX_REMOTE_BYTES:
        raise PackageLoadError(
            f"'{url}' is larger than {MAX_REMOTE_BYTES} bytes", file=url, code="remote-fetch"
        )
    return data


def parse_json(data: bytes, name: str) -> Any:
    """Parse JSON bytes, turning every failure into a PackageLoadError that names the place."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackageLoadError(
            f"'{name}' is not UTF-8 (byte {exc.start})",
            file=name,
            code="descriptor-encoding",
            hint="save the file as UTF-8",
        ) from None
    try:
        return safe_json.loads(text)
    except json.JSONDecodeError as exc:
        raise PackageLoadError(
            f"'{name}' is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            file=name,
            code="descriptor-json",
            hint="fix the JSON syntax (a trailing comma or a missing quote is typical)",
        ) from None
    except ValueError as exc:  # safe_json's limits: duplicate key, nesting depth, number size
        raise PackageLoadError(
            f"'{name}' is refused: {exc}", file=name, code="descriptor-json",
            hint="write each key once per object, nest at most "
            f"{safe_json.MAX_DEPTH} levels, numbers of at most {safe_json.MAX_NUMBER_CHARS} characters",
        ) from None


def _problem(code: str, message: str, hint: str, resource: str | None, file: str) -> Issue:
    return Issue(code=code, message=message, hint=hint, resource=resource, file=file)


def _inferred_schema(pkg: Package, res: dict[str, Any], name: str) -> dict[str, Any] | None:
    """A schema inferred from the header of a tabular resource that declares none (see infer.py)."""
    from ctcoop.infer import field_names, infer_schema, is_tabular

    path = res.get("path")
    data = res.get("data")
    if path is None and isinstance(data, list):  # inline rows: the first row's labels, or every key
        keys: dict[str, None] = {}
        for item in data if data and isinstance(data[0], dict) else []:
            keys.update(dict.fromkeys(item) if isinstance(item, dict) else {})
        first = data[0] if data and isinstance(data[0], list) else list(keys)
        labels = [str(v) for v in first] if isinstance(first, list) else []
        return _announce(pkg, name, {"fields": [{"name": n, "type": "any"} for n in field_names(labels)]})
    if isinstance(path, list) and path and isinstance(path[0], str):
        path = path[0]  # several parts: the table layer reads them all, named by the first
    if not is_tabular({**res, "path": path}) or not isinstance(path, str):
        pkg.problems.append(
            _info(
                "not-tabular", f"resource '{name}' is not a table (no schema, not CSV or TSV): not read", name
            )
        )
        return None
    try:
        head, read_as = _head(pkg, res, name, path), res
    except PackageLoadError:
        head, read_as = b"", res  # the structure check reports an unreadable file
    if isinstance(head, tuple):  # plain CSV made by the table layer (another format, compression)
        head, read_as = head[0], {"path": "plain.csv", "dialect": {"header": head[1]}}
    inferred = infer_schema(head, read_as) if head else {"fields": []}
    return None if inferred is None else _announce(pkg, name, inferred)


def _head(pkg: Package, res: dict[str, Any], name: str, path: str) -> bytes | tuple[bytes, bool]:
    """The first bytes of a CSV or TSV file; for another format or a compressed file, the first
    bytes of the plain CSV the table layer makes of it, and whether it has a header row."""
    from ctcoop.infer import HEAD_BYTES
    from ctcoop.tables.formats import kind_of
    from ctcoop.tables.source import table_bytes

    kind = kind_of(res, path)
    if kind.format in ("csv", "tsv") and kind.compression is None:
        return pkg.read(path)[:HEAD_BYTES]
    made = table_bytes(pkg, Resource(name=name, path=path, descriptor=res, schema={}))
    return made.data[:HEAD_BYTES], made.dialect.header


def _announce(pkg: Package, name: str, inferred: dict[str, Any]) -> dict[str, Any]:
    """The inferred schema, marked so, with the info issue that says it was inferred."""
    labels = ", ".join(f["name"] for f in inferred["fields"])
    pkg.problems.append(
        _info(
            "schema-inferred",
            f"resource '{name}' has no Table Schema: its fields were inferred from the header "
            f"({labels}), every cell read as text",
            name,
        )
    )
    inferred[keys.INFERRED] = True
    return inferred


def _parts_problem(name: str, parts: list[Any], descriptor_name: str) -> Issue:
    """An empty ``path`` array: an error (the standard asks for at least one path)."""
    return _problem(
        "descriptor-profile",
        f"resource '{name}' has an empty 'path' array; it must name at least one file",
        'give "path" the file (or files) holding the data',
        name,
        descriptor_name,
    )


def _info(code: str, message: str, name: str) -> Issue:
    hint = 'add "schema" to the resource to have its types and constraints checked'
    return Issue(
        code=code, severity=Severity.INFO, message=message, hint=hint, resource=name, file=DESCRIPTOR
    )


def _load_schema(pkg: Package, res: dict[str, Any], name: str) -> dict[str, Any] | None:
    schema = res.get("schema")
    if isinstance(schema, dict):
        return schema
    if schema is None:
        return _inferred_schema(pkg, res, name)
    if not isinstance(schema, str):
        return None  # reported by the profile check
    if not is_remote(schema):
        why = path_problem(schema)
        if why:
            pkg.problems.append(
                _problem(
                    "unsafe-path",
                    f"schema path '{schema}' of resource '{name}' is unsafe: {why}",
                    "point to a file inside the package, e.g. schemas/<name>.json",
                    name,
                    DESCRIPTOR,
                )
            )
            return None
    try:
        loaded = parse_json(pkg.read(schema), schema)
    except PackageLoadError as exc:
        pkg.problems.append(
            _problem(
                exc.code if exc.code != "missing-file" else "schema-missing",
                exc.message,
                exc.hint or "",
                name,
                schema,
            )
        )
        return None
    if not isinstance(loaded, dict):
        pkg.problems.append(
            _problem(
                "schema-invalid",
                f"'{schema}' is not a JSON object",
                "a Table Schema is an object with a 'fields' array",
                name,
                schema,
            )
        )
        return None
    return loaded


def _multipart_problem(parts: list[Any], name: str, descriptor_name: str) -> Issue | None:
    """The first unsafe part of a multipart path (docs/security.md, R1), an empty path array, or
    None: the parts are read concatenated by :mod:`ctcoop.tables.source`."""
    for part in parts:
        why = "a remote part" if isinstance(part, str) and is_remote(part) else path_problem(part)
        if why:
            return _problem("unsafe-path", f"part '{part}' of the path of resource '{name}' is unsafe: {why}",
                            "use paths inside the package such as data/<name>.csv", name, descriptor_name)
    return _parts_problem(name, parts, descriptor_name) if not parts else None


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
    descriptor = parse_json(source.read(descriptor_name), descriptor_name)
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
    seen: set[str] = set()
    for index, res in enumerate(resources):
        if not isinstance(res, dict):
            continue  # reported by the profile check
        name = res.get("name") if isinstance(res.get("name"), str) else f"#{index}"
        assert isinstance(name, str)
        if name in seen:
            continue  # reported by the profile/unique-name check
        seen.add(name)
        rpath = res.get("path")
        if isinstance(rpath, list) and len(rpath) == 1:
            rpath = rpath[0]
        if isinstance(rpath, list) and not isinstance(res.get("data"), list):
            problem = _multipart_problem(rpath, name, descriptor_name)
            if problem is not None:
                pkg.problems.append(problem)
                continue
            rpath = rpath[0]  # the first part names the table; tables.source reads every part
        if not isinstance(rpath, str):
            if "data" not in res:
                continue
            rpath = INLINE  # the rows are read from the descriptor by tables.source
        if rpath == INLINE:
            pass
        elif is_remote(rpath):
            if not allow_remote:
                pkg.problems.append(
                    _problem(
                        "remote-path",
                        f"resource '{name}' points to the remote '{rpath}'",
                        "pass --allow-remote to fetch it, or ship the file in the package",
                        name,
                        descriptor_name,
                    )
                )
                continue
        else:
            why = path_problem(rpath)
            if why:
                pkg.problems.append(
                    _problem(
                        "unsafe-path",
                        f"path '{rpath}' of resource '{name}' is unsafe: {why}",
                        "use a path inside the package such as data/<name>.csv",
                        name,
                        descriptor_name,
                    )
                )
                continue
        schema = _load_schema(pkg, res, name)
        if schema is None:
            continue
        pkg.resources.append(Resource(name=name, path=rpath, descriptor=res, schema=schema))
    return pkg
