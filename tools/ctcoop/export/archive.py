"""Zip archives whose bytes depend only on their content: fixed time, mode and creator system.

Every entry gets the given timestamp, permissions ``-rw-r--r--``, Unix as the creating system,
DEFLATE (level 6 unless said otherwise), no extra fields and no comment. Used by the release
zip and the XLSX file.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

FILE_MODE = 0o100644
UNIX = 3
LEVEL = 6


def zip_info(name: str, stamp: datetime, level: int = LEVEL) -> zipfile.ZipInfo:
    """A ZipInfo for ``name`` with the fixed metadata and DEFLATE ``level``."""
    info = zipfile.ZipInfo(name, date_time=(stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute,
                                            stamp.second))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = UNIX
    info.external_attr = FILE_MODE << 16
    # ZipFile.open(info, "w") takes the level from here (the attribute is public only from 3.13 on)
    info._compresslevel = level  # type: ignore[attr-defined]
    return info


def open_zip(target: Path) -> zipfile.ZipFile:
    return zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=LEVEL)


def deterministic_zip(target: Path, entries: Iterable[tuple[str, bytes]], stamp: datetime) -> None:
    """Write ``entries`` (name, bytes) to ``target``, sorted by name."""
    with open_zip(target) as zf:
        for name, data in sorted(entries, key=lambda e: e[0]):
            zf.writestr(zip_info(name, stamp), data, compresslevel=LEVEL)
