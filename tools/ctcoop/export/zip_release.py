"""``<base>.zip``: the package as released, explaining itself, the same bytes every time.

The archive holds one folder, ``<base>/``, with:

* ``datapackage.json``: the descriptor, with ``bytes`` and ``hash`` (``sha256:<hex>``) set on
  every resource so a download can be checked (``frictionless validate`` checks them);
* every file the descriptor points to: each resource's data (``data/…``), Table Schema
  (``schemas/…``), dialect file and ``ctcoop:rowSchema``, byte for byte as in the package;
* the package's ``README.md``, ``LICENSE``, ``LICENSE-DATA``, ``CHANGELOG.md`` and
  ``CITATION.cff`` when the package has them.

Reproducible: entries sorted by name, every timestamp the context's fixed stamp, and the
fixed metadata of :mod:`ctcoop.export.archive`.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ctcoop.errors import CtcoopError
from ctcoop.export.archive import deterministic_zip
from ctcoop.export.context import ExportContext
from ctcoop.extensions import resource_ext
from ctcoop.paths import is_remote, path_problem

DOCUMENTS = ("README.md", "LICENSE", "LICENSE-DATA", "CHANGELOG.md", "CITATION.cff")


def referenced_files(resource_descriptor: dict[str, Any]) -> list[str]:
    """Local files a resource points to: data, schema, dialect, ctcoop:rowSchema (safe paths only)."""
    out: list[str] = []
    values = [resource_descriptor.get(key) for key in ("path", "schema", "dialect")]
    for value in [*values, resource_ext(resource_descriptor).row_schema]:
        for item in value if isinstance(value, list) else [value]:  # a multipart path: every part
            if isinstance(item, str) and not is_remote(item) and path_problem(item) is None:
                out.append(item)
    return out


def release_descriptor(descriptor: dict[str, Any], sizes: dict[str, tuple[int, str]]) -> dict[str, Any]:
    """A copy of the descriptor with ``bytes`` and ``hash`` set on each resource from ``sizes``."""
    out = dict(descriptor)
    resources: list[Any] = []
    for res in descriptor.get("resources", []):
        if isinstance(res, dict):
            path = res.get("path")
            path = path[0] if isinstance(path, list) and len(path) == 1 else path
            if isinstance(path, str) and path in sizes:
                size, digest = sizes[path]
                res = {**res, "bytes": size, "hash": f"sha256:{digest}"}
        resources.append(res)
    out["resources"] = resources
    return out


def zip_entries(ctx: ExportContext) -> list[tuple[str, bytes]]:
    """The archive's entries, names relative to the archive root."""
    package = ctx.package
    files: dict[str, bytes] = {}
    sizes: dict[str, tuple[int, str]] = {}
    for res in package.resources:
        for rel in referenced_files(res.descriptor):
            if rel in files:
                continue
            data = package.read(rel)
            files[rel] = data
            if rel == res.path:
                sizes[rel] = (len(data), hashlib.sha256(data).hexdigest())
    for doc in DOCUMENTS:
        if doc not in files and package.source.exists(doc):
            files[doc] = package.read(doc)
    descriptor = release_descriptor(package.descriptor, sizes)
    if "datapackage.json" in files:
        raise CtcoopError("a resource file is named datapackage.json, which the release descriptor needs",
                          code="export-zip", hint="rename that file")
    files["datapackage.json"] = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return [(f"{ctx.base}/{rel}", data) for rel, data in files.items()]


def write(ctx: ExportContext, staging: Path) -> list[str]:
    """Build ``<base>.zip`` in ``staging``."""
    name = f"{ctx.base}.zip"
    deterministic_zip(staging / name, zip_entries(ctx), ctx.stamp)
    return [name]
