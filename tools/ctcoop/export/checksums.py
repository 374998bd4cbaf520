"""``SHA256SUMS`` over every artifact, in the format ``sha256sum --check`` reads.

One line per file, ``<hex digest>  <path relative to the output folder>``, sorted by path,
LF line endings. Verify a download with ``sha256sum --check SHA256SUMS`` (GNU coreutils) or
``shasum -a 256 --check SHA256SUMS`` (macOS).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

FILENAME = "SHA256SUMS"
_CHUNK = 1 << 22


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in 4 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def sums_text(root: Path, relpaths: list[str]) -> str:
    """The SHA256SUMS text for these files (relative POSIX paths under ``root``)."""
    return "".join(f"{sha256_file(root / rel)}  {rel}\n" for rel in sorted(relpaths))


def write_sums(root: Path, relpaths: list[str]) -> str:
    """Write ``root/SHA256SUMS`` over ``relpaths``; return its relative path."""
    (root / FILENAME).write_bytes(sums_text(root, relpaths).encode("utf-8"))
    return FILENAME
