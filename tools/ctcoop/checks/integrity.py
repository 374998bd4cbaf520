"""A resource's declared ``bytes`` and ``hash`` match its file.

The Data Package standard lets a resource declare its size in bytes and a hash of its content
(``"hash": "sha256:…"``; a bare hex string is MD5, v1 and v2 alike). A file that was swapped,
truncated or corrupted after the descriptor was written then no longer matches. The file is
hashed in chunks, read anew from disk where the package is local, so a large file is never held
twice. Only resources that declare ``bytes`` or ``hash`` are read here.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ctcoop.checks import Check
from ctcoop.checks.context import Context
from ctcoop.codes import codes_of
from ctcoop.errors import PackageLoadError
from ctcoop.package import Resource
from ctcoop.report import Issue

#: the algorithms the standard names (v1 and v2: md5, sha1, sha256, sha512), with their hex lengths
ALGORITHMS: dict[str, int] = {"md5": 32, "sha1": 40, "sha256": 64, "sha512": 128}
_HEX = re.compile(r"^[0-9a-fA-F]+$")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Declared:
    """What a resource's descriptor says about its file's size and content."""

    size: int | None
    algorithm: str | None
    digest: str | None


def _issue(resource: Resource, code: str, message: str, hint: str) -> Issue:
    return Issue(code=code, message=message, hint=hint, resource=resource.name, file=resource.path)


def declared(resource: Resource) -> tuple[Declared, list[Issue]]:
    """The declared size and hash, and the issues in how they are written."""
    problems: list[Issue] = []
    size = resource.descriptor.get("bytes")
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 0):
        problems.append(
            _issue(
                resource,
                "integrity-declaration",
                f"resource '{resource.name}' declares bytes {size!r}, which is not a non-negative integer",
                "set 'bytes' to the file's size in bytes, or remove it",
            )
        )
        size = None
    text = resource.descriptor.get("hash")
    if text is None:
        return Declared(size, None, None), problems
    algorithm, _, digest = str(text).rpartition(":") if isinstance(text, str) else ("", "", "")
    algorithm = algorithm.lower() or "md5"
    if not isinstance(text, str) or algorithm not in ALGORITHMS:
        problems.append(
            _issue(
                resource,
                "integrity-declaration",
                f"resource '{resource.name}' declares hash {text!r} with an algorithm the standard "
                "does not name",
                "write the hash as 'ALGORITHM:HEX' with md5, sha1, sha256 or sha512 (a bare hex "
                "string is MD5)",
            )
        )
        return Declared(size, None, None), problems
    if len(digest) != ALGORITHMS[algorithm] or not _HEX.match(digest):
        problems.append(
            _issue(
                resource,
                "integrity-declaration",
                f"resource '{resource.name}' declares a hash that is not the "
                f"{ALGORITHMS[algorithm]} hexadecimal digits of {algorithm}",
                f"recompute it, e.g. with `{algorithm}sum {resource.path}`",
            )
        )
        return Declared(size, None, None), problems
    return Declared(size, algorithm, digest.lower()), problems


def _measure(ctx: Context, resource: Resource, algorithm: str | None) -> tuple[int, str] | None:
    """The file's size and hex digest, or None when the file cannot be read (reported elsewhere)."""
    hasher = hashlib.new(algorithm or "sha256")
    size = 0
    try:
        for chunk in ctx.chunks(resource, _CHUNK):
            hasher.update(chunk)
            size += len(chunk)
    except (OSError, PackageLoadError):
        return None
    return size, hasher.hexdigest()


def run(ctx: Context) -> Iterator[Issue]:
    for resource in ctx.resources:
        if "bytes" not in resource.descriptor and "hash" not in resource.descriptor:
            continue
        want, problems = declared(resource)
        yield from problems
        if want.size is None and want.digest is None:
            continue
        measured = _measure(ctx, resource, want.algorithm)
        if measured is None:
            continue
        size, digest = measured
        if want.size is not None and size != want.size:
            yield _issue(
                resource,
                "bytes-mismatch",
                f"'{resource.path}' is {size} bytes but resource '{resource.name}' declares "
                f"{want.size}",
                "the file was changed after the descriptor was written: restore the file, or "
                "update 'bytes' (and 'hash') if the change is intended",
            )
        if want.digest is not None and digest != want.digest:
            yield _issue(
                resource,
                "hash-mismatch",
                f"the {want.algorithm} hash of '{resource.path}' is {digest}, not the declared "
                f"{want.digest}",
                "the file was changed or corrupted after the descriptor was written: restore the "
                "file, or update 'hash' (and 'bytes') if the change is intended",
            )


CHECK = Check(
    name="integrity",
    run=run,
    codes=codes_of("integrity"),
)
