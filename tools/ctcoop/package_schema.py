"""A resource's Table Schema, as the loader (:func:`ctcoop.package.load_from_source`) resolves it.

Given inline, it is used as it is; given as a path, the file is read (never outside the package,
never fetched unless remote access is allowed) and parsed with the limits of
:mod:`ctcoop.safe_json`; not given, for a tabular resource, it is inferred from the header row
(every field ``any``, marked ``ctcoop:inferred``, with a ``schema-inferred`` note). A schema that
cannot be used is a problem of the package (``unsafe-path``, ``schema-missing``,
``descriptor-json``, ``schema-invalid``), and the resource is left out.
"""

from __future__ import annotations

from typing import Any

from ctcoop import safe_json
from ctcoop.errors import PackageLoadError
from ctcoop.extensions import keys
from ctcoop.package import Package, Resource
from ctcoop.paths import is_remote, path_problem
from ctcoop.report import Issue, Severity


def table_schema(pkg: Package, res: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The Table Schema of resource ``name`` (descriptor ``res``): given inline, read from its file
    (safe_json limits), or inferred from the header; None, with the problem added to
    ``pkg.problems``, when there is none to use."""
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
                    pkg.descriptor_path,
                )
            )
            return None
    try:
        loaded = safe_json.parse(pkg.read(schema), schema)
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
                pkg,
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
            pkg,
            "schema-inferred",
            f"resource '{name}' has no Table Schema: its fields were inferred from the header "
            f"({labels}), every cell read as text",
            name,
        )
    )
    inferred[keys.INFERRED] = True
    return inferred


def _info(pkg: Package, code: str, message: str, name: str) -> Issue:
    hint = 'add "schema" to the resource to have its types and constraints checked'
    return Issue(
        code=code, severity=Severity.INFO, message=message, hint=hint, resource=name, file=pkg.descriptor_path
    )


def _problem(code: str, message: str, hint: str, resource: str | None, file: str) -> Issue:
    return Issue(code=code, message=message, hint=hint, resource=resource, file=file)
