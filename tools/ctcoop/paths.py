"""Safety rules for paths named inside a descriptor (a package is untrusted input)."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_DRIVE = re.compile(r"^[a-zA-Z]:")


def is_remote(path: str) -> bool:
    """True for a URL such as ``https://…``."""
    return bool(_URL.match(path))


def path_problem(path: object) -> str | None:
    """Why a local path from a descriptor is unsafe, or None when it is safe.

    Safe means: a non-empty relative POSIX path, no '..', no hidden component, no backslash,
    no NUL, no drive letter. Symlinks are checked when the file is opened.
    """
    if not isinstance(path, str) or not path:
        return "a path must be a non-empty string"
    if "\x00" in path:
        return "the path contains a NUL character"
    if "\\" in path:
        return "the path contains a backslash; use '/'"
    if path.startswith("/") or _DRIVE.match(path):
        return "the path is absolute; paths must be relative to the package"
    parts = PurePosixPath(path).parts
    if ".." in parts:
        return "the path contains '..' and would leave the package"
    if any(p.startswith(".") for p in parts):
        return "the path goes through a hidden file or folder"
    return None
