"""Build artifacts in a staging directory, then move them into the output directory at once.

:func:`staging_dir` makes a hidden directory next to ``out_dir`` (same file system, so moves
are renames) and removes it whatever happens. :func:`publish` moves the built artifacts into
``out_dir`` only after every writer has succeeded: when ``out_dir`` does not exist it is one
rename; otherwise each top-level artifact (a file, or a folder such as ``parquet/``) replaces
its namesake by rename, ``SHA256SUMS`` last. Files in ``out_dir`` that this export does not
produce are left alone. A failure before :func:`publish` leaves ``out_dir`` untouched; a
failure during it (a full or read-only disk) puts the replaced artifacts back.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ctcoop.errors import UsageProblem

LAST = "SHA256SUMS"


@contextmanager
def staging_dir(out_dir: Path) -> Iterator[Path]:
    """A fresh empty directory beside ``out_dir``, deleted on exit (after publish, it is empty)."""
    parent = out_dir.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name or 'out'}.export-", dir=parent))
    except OSError as exc:
        raise UsageProblem(f"cannot create a staging directory in '{parent}': {exc.strerror}",
                           file=str(out_dir), hint="check that the folder exists and is writable") from None
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _keep_copy(target: Path, copy: Path) -> None:
    try:
        os.link(target, copy)
    except OSError:
        shutil.copy2(target, copy)


def _roll_back(out_dir: Path, trash: Path, done: list[tuple[str, bool]]) -> None:
    """Put back what :func:`publish` replaced before it failed (best effort, newest first)."""
    for top, moved in reversed(done):
        target = out_dir / top
        try:
            if moved:
                if target.is_dir() and not target.is_symlink():
                    shutil.rmtree(target)
                os.replace(trash / top, target)
            elif target.exists() or target.is_symlink():
                if target.is_dir() and not target.is_symlink():
                    shutil.rmtree(target)
                else:
                    target.unlink()
        except OSError:
            continue


def publish(staging: Path, out_dir: Path, relpaths: list[str]) -> list[Path]:
    """Move the artifacts (relative paths inside ``staging``) into ``out_dir``; return their new paths."""
    tops = sorted({rel.split("/", 1)[0] for rel in relpaths}, key=lambda t: (t == LAST, t))
    if not out_dir.exists():
        built = staging / ".built"
        built.mkdir()
        for top in tops:
            os.replace(staging / top, built / top)
        os.replace(built, out_dir)
    else:
        trash = staging / ".replaced"
        trash.mkdir()
        done: list[tuple[str, bool]] = []  # (top, whether an old one was moved aside)
        try:
            for top in tops:
                target = out_dir / top
                moved = False
                if target.is_symlink() or (target.exists() and (target.is_dir() or (staging / top).is_dir())):
                    os.replace(target, trash / top)
                    moved = True
                elif target.exists():
                    _keep_copy(target, trash / top)  # the old file, to put back on failure
                    moved = True
                done.append((top, moved))
                os.replace(staging / top, target)
        except OSError:
            _roll_back(out_dir, trash, done)
            raise
    return sorted((out_dir / rel for rel in relpaths), key=lambda p: p.relative_to(out_dir).as_posix())
