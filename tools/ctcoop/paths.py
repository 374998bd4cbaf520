"""Safety rules for paths named inside a descriptor (a package is untrusted input)."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_DRIVE = re.compile(r"^[a-zA-Z]:")
# control characters (a line break in a path would start a new line of CI output) and the
# invisible format characters (Unicode category Cf) that make two paths look the same
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                      "\u2066-\u206f\ufeff\ufff9-\ufffb]")


def is_remote(path: str) -> bool:
    """True for a URL such as ``https://…``."""
    return bool(_URL.match(path))


def path_problem(path: object) -> str | None:
    """Why a local path from a descriptor is unsafe, or None when it is safe.

    Safe means: a non-empty relative POSIX path, no '..', no hidden component, no backslash,
    no NUL or other control character, no invisible format character, no drive letter.
    Symlinks are checked when the file is opened (:mod:`ctcoop.sources`).
    """
    if not isinstance(path, str) or not path:
        return "a path must be a non-empty string"
    if "\x00" in path:
        return "the path contains a NUL character"
    control = _CONTROL.search(path)
    if control:
        return f"the path contains the control or invisible character U+{ord(control.group()):04X}"
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
