"""Decompress a resource's bytes (gzip, or the one data file of a zip) within the read budgets.

The decompressed size is counted while decompressing, in steps of :data:`ctcoop.sources.CHUNK`
bytes, and stopped at the per-file budget whatever a header claims (docs/security.md, R2, R3);
an archive or a stream that expands more than :attr:`ctcoop.sources.ZipLimits.max_ratio`-fold
past 1 MiB is refused as a bomb, as zip members of a packaged release are.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import PurePosixPath

from ctcoop.errors import PackageLoadError
from ctcoop.sources import BUDGET, CHUNK, ZipLimits

LIMITS = ZipLimits()
_BOMB_FLOOR = 1 << 20


def _too_large(file: str, size: int, limit: int) -> PackageLoadError:
    return PackageLoadError(
        f"'{file}' decompresses to more than {limit} bytes ({size} so far), the per-file limit",
        file=file,
        code="file-too-large",
        hint=f"split the table into smaller files; ctcoop reads at most {limit} bytes per file, decompressed",
    )


def _bomb(file: str, size: int, packed: int, code: str) -> PackageLoadError:
    return PackageLoadError(
        f"'{file}' expands more than {LIMITS.max_ratio:.0f}-fold ({packed} bytes to {size} so far)",
        file=file,
        code=code,
        hint="this looks like a decompression bomb; decompress it yourself only if you trust it",
    )


class _Counter:
    def __init__(self, file: str, packed: int, code: str, limit: int) -> None:
        self.file, self.packed, self.code, self.limit = file, max(packed, 1), code, limit
        self.total = 0

    def take(self, n: int) -> None:
        self.total += n
        if self.total > self.limit:
            raise _too_large(self.file, self.total, self.limit)
        if self.total > _BOMB_FLOOR and self.total / self.packed > LIMITS.max_ratio:
            raise _bomb(self.file, self.total, self.packed, self.code)


def gunzip(data: bytes, file: str, limit: int | None = None) -> bytes:
    """The decompressed bytes of a gzip stream (several members concatenated are read in turn)."""
    count = _Counter(file, len(data), "gzip-bomb", limit or BUDGET.max_file_bytes)
    parts: list[bytes] = []
    rest = data
    try:
        while rest:
            inflate = zlib.decompressobj(wbits=31)
            buf = rest
            while buf and not inflate.eof:
                out = inflate.decompress(buf, CHUNK)
                count.take(len(out))
                parts.append(out)
                buf = inflate.unconsumed_tail
            while not inflate.eof and (out := inflate.decompress(b"", CHUNK)):
                count.take(len(out))
                parts.append(out)
            if not inflate.eof:
                raise zlib.error("the stream ends early")
            rest = inflate.unused_data.lstrip(b"\0")
    except zlib.error as exc:
        raise PackageLoadError(
            f"'{file}' is not a readable gzip stream ({exc})",
            file=file,
            code="compressed-corrupt",
            hint='compress the file again (gzip FILE), or drop "compression" if it is not compressed',
        ) from None
    return b"".join(parts)


def _member(archive: zipfile.ZipFile, file: str, inner: str | None) -> zipfile.ZipInfo:
    infos = [i for i in archive.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/")]
    if len(archive.infolist()) > LIMITS.max_entries:
        raise PackageLoadError(
            f"'{file}' has {len(archive.infolist())} entries, more than {LIMITS.max_entries}",
            file=file,
            code="zip-too-many-entries",
            hint="zip the data file alone",
        )
    if inner is not None:
        found = [i for i in infos if i.filename == inner]
    else:
        found = infos if len(infos) == 1 else []
    if not found:
        names = ", ".join(i.filename for i in infos[:10]) or "none"
        raise PackageLoadError(
            f"'{file}' holds {len(infos)} files ({names}); "
            + (f"'{inner}' is not one of them" if inner else "ctcoop reads a zip that holds one data file"),
            file=file,
            code="zip-member",
            hint='name the data file in the resource\'s "innerpath", or zip the data file alone',
        )
    info = found[0]
    if info.file_size > BUDGET.max_file_bytes:
        raise _too_large(f"{file}/{info.filename}", info.file_size, BUDGET.max_file_bytes)
    if (
        info.compress_size
        and info.file_size > _BOMB_FLOOR
        and info.file_size / info.compress_size > LIMITS.max_ratio
    ):
        raise _bomb(f"{file}/{info.filename}", info.file_size, info.compress_size, "zip-bomb")
    return info


def unzip(data: bytes, file: str, inner: str | None = None) -> tuple[bytes, str]:
    """The bytes of the one data file in a zip (or of ``inner``), and its name in the archive."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        info = _member(archive, file, inner)
        count = _Counter(f"{file}/{info.filename}", info.compress_size, "zip-bomb", BUDGET.max_file_bytes)
        parts: list[bytes] = []
        with archive.open(info) as fh:
            while chunk := fh.read(CHUNK):
                count.take(len(chunk))
                parts.append(chunk)
    except RuntimeError as exc:  # encrypted
        raise PackageLoadError(
            f"'{file}' is encrypted ({exc})",
            file=file,
            code="zip-encrypted",
            hint="ctcoop reads unencrypted archives only",
        ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError, ValueError) as exc:
        raise PackageLoadError(
            f"'{file}' is not a readable zip archive ({exc})",
            file=file,
            code="zip-corrupt",
            hint='zip the data file again, or drop "compression" if it is not zipped',
        ) from None
    return b"".join(parts), info.filename


#: a cell or row reference in a worksheet's XML (``<c r="XFD1048576"``, ``<row r="7"``)
_CELL_REF = re.compile(
    rb'<c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"|<row\s[^>]*?\br="([0-9]{1,7})"|<c[\s/>]|<row[\s>]'
)


class _Extent:
    """The rows and columns a worksheet's cells span, from their references (XLSX); a row or
    cell without a reference comes after the one before it, so it may add one."""

    def __init__(self) -> None:
        self.rows = self.cols = self.loose_cells = self.loose_rows = 0
        self.tail = b""

    def feed(self, chunk: bytes) -> None:
        text = self.tail + chunk
        cut = max(text.rfind(b"<"), len(text) - 256)
        for m in _CELL_REF.finditer(text, 0, cut):
            if m.group(1):
                col = 0
                for ch in m.group(1):
                    col = col * 26 + ch - 64
                self.cols, self.rows = max(self.cols, col), max(self.rows, int(m.group(2)))
            elif m.group(3):
                self.rows = max(self.rows, int(m.group(3)))
            elif m.group(0).startswith(b"<row"):
                self.loose_rows += 1
            else:
                self.loose_cells += 1
        self.tail = text[cut:]

    @property
    def height(self) -> int:
        return self.rows + self.loose_rows

    @property
    def width(self) -> int:
        return self.cols + self.loose_cells


def scan_zip(data: bytes, file: str, limit: int | None = None, max_cells: int | None = None) -> None:
    """Decompress every member of a zip-based file (XLSX, ODS) in steps, counting, before a
    library parses it: a member that expands past the budget or lies about its size is refused,
    and so is an XLSX worksheet whose cells span more than ``max_cells`` (rows times columns)."""
    budget = limit or BUDGET.max_file_bytes
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        if len(infos) > LIMITS.max_entries:
            raise PackageLoadError(
                f"'{file}' has {len(infos)} parts, more than {LIMITS.max_entries}",
                file=file, code="zip-too-many-entries", hint="save the workbook again",
            )
        count = _Counter(file, len(data), "zip-bomb", budget)
        for info in infos:
            if info.file_size > budget:
                raise _too_large(f"{file}/{info.filename}", info.file_size, budget)
            sheet = info.filename.startswith("xl/worksheets/") and max_cells is not None
            extent = _Extent()
            with archive.open(info) as fh:
                while chunk := fh.read(CHUNK):
                    count.take(len(chunk))
                    if sheet:
                        extent.feed(chunk)
            if sheet and max_cells is not None and extent.height * extent.width > max_cells:
                raise PackageLoadError(
                    f"'{file}' has a sheet whose cells span {extent.height} rows by {extent.width} "
                    f"columns, more than {max_cells} cells",
                    file=file, code="sheet-too-large",
                    hint="split the sheet, or clear cells far from the table",
                )
    except RuntimeError as exc:
        raise PackageLoadError(
            f"'{file}' is encrypted ({exc})", file=file, code="zip-encrypted",
            hint="save the workbook without a password",
        ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError, ValueError) as exc:
        raise PackageLoadError(
            f"'{file}' is not a readable workbook ({exc})", file=file, code="sheet-corrupt",
            hint="open and save the workbook again",
        ) from None


def inner_name(path: str) -> str:
    """The name a compressed file's content goes by: ``data.csv`` for ``data.csv.gz``."""
    pure = PurePosixPath(path)
    return str(pure.with_suffix("")) if pure.suffix.lower() in (".gz", ".zip") else path
