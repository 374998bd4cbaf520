"""The one way ctcoop writes a file, and where it may write (docs/security.md, rules W1-W4).

* W1 :func:`check_out_dir` - an output folder the user gave is never the package being read,
  nor a folder that holds a file of it (``export --out`` at the package root or in ``data/``).
* W2 :func:`write_bytes` and :func:`read_for_update` - never through a symlink: the file and
  every folder between ``within`` and the file must be real (a symlinked ``CHANGELOG.md`` or
  ``docs/data-dictionary.md`` is refused, nothing outside is read or written).
* W3 :func:`write_bytes` - atomically: a temporary file in the same folder, then a rename.
* W4 every ``OSError`` (read-only file system, disk full, no permission) becomes a
  :class:`~ctcoop.errors.UsageProblem` (exit 2) naming the file; the temporary file is removed
  and the target is left as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ctcoop.errors import UsageProblem

#: files a command reads in order to rewrite them (CHANGELOG.md, CITATION.cff) stay small
MAX_UPDATE_BYTES = 16 * 1024 * 1024

_HINTS = {
    errno.EROFS: "the file system is read-only; write somewhere else",
    errno.ENOSPC: "the disk is full; free some space and run the command again",
    errno.EDQUOT: "the disk quota is used up; free some space and run the command again",
    errno.EACCES: "you may not write there; check the folder's permissions",
    errno.EPERM: "you may not write there; check the folder's permissions",
}


def os_problem(action: str, path: Path | str, exc: OSError) -> UsageProblem:
    """A clean exit-2 error for an OSError met while writing or reading ``path``."""
    reason = exc.strerror or type(exc).__name__
    return UsageProblem(f"cannot {action} {path}: {reason}", file=str(path),
                        hint=_HINTS.get(exc.errno or 0, "nothing was changed; fix the cause and rerun"),
                        code="read-failed" if action == "read" else "write-failed")


def _symlink_on_the_way(path: Path, within: Path | None) -> Path | None:
    """The first symlink among ``path`` and its folders below ``within`` (all when None)."""
    path = Path(os.path.abspath(path))
    stop = Path(os.path.abspath(within)) if within is not None else None
    current = path
    while True:
        if current.is_symlink():
            return current
        if stop is not None and current == stop:
            return None
        if current.parent == current:
            return None
        if stop is not None and stop not in current.parents:
            return None
        current = current.parent


def refuse_symlink(path: Path, within: Path | None = None) -> None:
    """UsageProblem when ``path`` or a folder on the way from ``within`` to it is a symlink."""
    link = _symlink_on_the_way(path, within if within is not None else path.parent)
    if link is not None:
        raise UsageProblem(f"'{path}' goes through the symlink '{link}'; ctcoop neither reads nor "
                           "writes through symlinks", file=str(path), code="unsafe-output",
                           hint=f"replace '{link}' with a real file or folder")


def read_for_update(path: Path, *, within: Path | None = None) -> bytes | None:
    """The bytes of a file the command will rewrite (None if it does not exist): a regular file,
    not a symlink, at most :data:`MAX_UPDATE_BYTES`."""
    refuse_symlink(path, within)
    try:
        st = path.lstat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise os_problem("read", path, exc) from None
    if not stat.S_ISREG(st.st_mode):
        raise UsageProblem(f"'{path}' is not a regular file", file=str(path), code="unsafe-output",
                           hint="replace it with a regular file")
    if st.st_size > MAX_UPDATE_BYTES:
        raise UsageProblem(f"'{path}' has {st.st_size} bytes, more than the limit of {MAX_UPDATE_BYTES}",
                           file=str(path), code="file-too-large")
    try:
        with open(path, "rb") as fh:
            return fh.read(MAX_UPDATE_BYTES + 1)
    except OSError as exc:
        raise os_problem("read", path, exc) from None


def read_input(path: Path, limit: int = MAX_UPDATE_BYTES) -> bytes:
    """A file the user names as input (``new --from-json FILE``): a regular file (a FIFO or a
    device is refused without blocking), at most ``limit`` bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise os_problem("read", path, exc) from None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UsageProblem(f"'{path}' is not a regular file", file=str(path), code="not-regular-file",
                               hint="give a file, or - for standard input")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise UsageProblem(f"'{path}' has more than {limit} bytes", file=str(path), code="file-too-large")
    return data


def write_bytes(path: Path, data: bytes, *, within: Path | None = None) -> None:
    """Write ``data`` to ``path`` atomically, refusing symlinks on the way from ``within``
    (default: the file's own folder). On failure the target is left as it was."""
    path = Path(path)
    refuse_symlink(path, within)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_problem("create the folder of", path, exc) from None
    refuse_symlink(path, within)  # mkdir may have met a symlinked folder
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise os_problem("write", path, exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
        os.replace(tmp, path)
    except OSError as exc:
        _discard(tmp)
        raise os_problem("write", path, exc) from None
    except BaseException:
        _discard(tmp)
        raise


def _discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def check_out_dir(out_dir: Path, package_root: Path, package_files: Iterable[str]) -> None:
    """UsageProblem (exit 2) when ``out_dir`` is the package root, lies in a folder of the package
    other than the root (``data/``, ``data/sub``), or holds a file of the package (an ancestor).

    ``package_files`` are the relative paths the package reads (descriptor, data, schemas).
    A new folder at the package root (``dist/``) is allowed.
    """
    out = Path(os.path.realpath(out_dir))
    root = Path(os.path.realpath(package_root))
    if out == root:
        raise UsageProblem(f"--out '{out_dir}' is the package folder itself; an export there would "
                           "overwrite the package", file=str(out_dir), code="unsafe-output",
                           hint="write the artifacts into a folder of their own, e.g. dist/")
    for rel in package_files:
        target = Path(os.path.realpath(root / rel))
        folder = target.parent
        if folder != root and (out == folder or folder in out.parents):
            shown = folder.relative_to(root) if root in folder.parents else folder
            raise UsageProblem(f"--out '{out_dir}' is in '{shown}', a folder of the package being "
                               "exported; an export there could overwrite its files", file=str(out_dir),
                               code="unsafe-output",
                               hint="write the artifacts into a folder of their own, e.g. dist/")
        if out in target.parents:
            raise UsageProblem(f"--out '{out_dir}' holds '{rel}', a file of the package being "
                               "exported; an export there could overwrite it", file=str(out_dir),
                               code="unsafe-output",
                               hint="write the artifacts into a folder of their own, e.g. dist/")
