"""``<base>.zip``: the package as released, explaining itself, the same bytes every time.

The archive holds one folder, ``<base>/``, with:

* ``datapackage.json``: the descriptor, with ``bytes`` and ``hash`` (``sha256:<hex>``) set on
  every resource so a download can be checked (``frictionless validate`` checks them);
* every file the descriptor points to: each resource's data (``data/…``), Table Schema
  (``schemas/…``), dialect file and ``ctcoop:rowSchema``, byte for byte as in the package;
* the package's ``README.md``, ``LICENSE``, ``LICENSE-DATA``, ``CHANGELOG.md`` and
  ``CITATION.cff`` when the package has them.

Reproducible: entries sorted by name, every timestamp the context's fixed stamp, permissions
``-rw-r--r--``, Unix as the creating system, DEFLATE at level 6, no extra fields or comment.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from ctcoop.errors import CtcoopError
from ctcoop.export.context import ExportContext
from ctcoop.paths import is_remote, path_problem

DOCUMENTS = ("README.md", "LICENSE", "LICENSE-DATA", "CHANGELOG.md", "CITATION.cff")
_FILE_MODE = 0o100644
_UNIX = 3
_LEVEL = 6


def deterministic_zip(target: Path, entries: Iterable[tuple[str, bytes]], stamp: datetime) -> None:
    """Write ``entries`` (name, bytes) to ``target`` sorted by name with fixed metadata."""
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=_LEVEL) as zf:
        for name, data in sorted(entries, key=lambda e: e[0]):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = _UNIX
            info.external_attr = _FILE_MODE << 16
            zf.writestr(info, data, compresslevel=_LEVEL)


def referenced_files(resource_descriptor: dict[str, Any]) -> list[str]:
    """Local files a resource points to: data, schema, dialect, ctcoop:rowSchema (safe paths only)."""
    out: list[str] = []
    for key in ("path", "schema", "dialect", "ctcoop:rowSchema"):
        value = resource_descriptor.get(key)
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if isinstance(value, str) and not is_remote(value) and path_problem(value) is None:
            out.append(value)
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
