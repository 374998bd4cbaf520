"""The first stage of reading: the bytes checked (size, BOM, compressed or hostile bytes, encoding)
and brought to UTF-8 without a BOM, each problem with its line."""

from __future__ import annotations

import codecs
import re
import threading

from ctcoop.tables.dialect import Dialect
from ctcoop.tables.problems import Limits, RawProblem

BOM = b"\xef\xbb\xbf"

#: leading bytes of the compressed formats polars (and other readers) decompress on their own
COMPRESSED = {
    b"\x1f\x8b": "gzip",
    b"PK\x03\x04": "zip",
    b"(\xb5/\xfd": "zstandard",
    b"BZh": "bzip2",
    b"\xfd7zXZ\x00": "xz",
    b"\x78\x9c": "zlib",
    b"\x78\xda": "zlib",
    b"\x78\x01": "zlib",
}
MAX_BYTE_PROBLEMS = 10


def is_utf8(encoding: str) -> bool:
    return encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig")


def line_of(data: bytes, offset: int) -> tuple[int, int]:
    """(1-based line, 1-based byte column) of ``offset`` in ``data``."""
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


def checked_utf8(
    data: bytes, encoding: str, dialect: Dialect, limits: Limits, problems: list[RawProblem]
) -> tuple[bytes | None, bool]:
    """(the bytes as UTF-8 without a BOM, whether a BOM was cut), or (None, _) when the file cannot be
    read at all; every problem met is added to ``problems``. A UTF-8 file is not decoded here (its
    bytes are checked while they are split into lines)."""
    if len(data) > limits.max_file_bytes:
        problems.append(
            RawProblem(
                "file-too-large",
                f"the file has {len(data)} bytes, more than the limit of {limits.max_file_bytes}",
                "split the table or raise the limit",
            )
        )
        return None, False
    utf8 = is_utf8(encoding)
    had_bom = data.startswith(BOM) and utf8
    if had_bom:
        problems.append(
            RawProblem(
                "bom",
                "the file starts with a UTF-8 byte order mark (BOM)",
                "save the file as UTF-8 without BOM (most editors offer it)",
                line=1,
                column=1,
                severity="warning",
            )
        )
        data = data[len(BOM) :]
    compressed = compressed_bytes(data)
    if compressed is not None:
        problems.append(compressed)
        return None, had_bom
    if not utf8:  # the checks below read the text as UTF-8 (a UTF-16 file is full of NUL bytes)
        transcoded = _transcoded(data, encoding, problems)
        if transcoded is None:
            return None, had_bom
        data = transcoded
    problems.extend(hostile_bytes(data, dialect))
    if len(data) <= 65536 and not data.strip(b" \t\r\n"):  # strip copies: only on small files
        problems.append(
            RawProblem("empty-file", "the file is empty", "write at least the header row", line=1)
        )
        return None, had_bom
    return data, had_bom


def _transcoded(data: bytes, encoding: str, problems: list[RawProblem]) -> bytes | None:
    """The bytes decoded with any text encoding Python's codecs know, as UTF-8 without a BOM (a BOM
    is read as the encoding's own: ``utf-16`` and ``utf-32`` take their byte order from it)."""
    try:
        info = codecs.lookup(encoding)
        if not info._is_text_encoding:  # base64, zlib…: codecs Python knows that are not text
            raise LookupError(encoding)
        return data.decode(info.name).removeprefix("\ufeff").encode("utf-8")
    except LookupError:
        problems.append(
            RawProblem(
                "encoding-error",
                f"the declared encoding '{encoding}' is unknown (it is not a text encoding Python's "
                "codecs know)",
                'declare "encoding": "utf-8" and save the file as UTF-8',
            )
        )
    except UnicodeDecodeError as exc:
        line, _ = line_of(data, exc.start)
        problems.append(
            RawProblem(
                "encoding-error",
                f"the byte at offset {exc.start} is not valid {encoding}",
                "save the file in its declared encoding, preferably UTF-8",
                line=line,
            )
        )
    return None


def compressed_bytes(data: bytes) -> RawProblem | None:
    """A compressed payload (refused before any reader can inflate it), or None."""
    for magic, kind in COMPRESSED.items():
        if data.startswith(magic):
            return RawProblem(
                "compressed-file",
                f"the file holds {kind}-compressed bytes, not CSV text",
                "store the table uncompressed; a .csv must be plain UTF-8 text",
                line=1,
            )
    return None


def hostile_bytes(data: bytes, dialect: Dialect) -> list[RawProblem]:
    """Bytes a text CSV never holds (docs/security.md, R4): a compressed payload (refused before any
    reader can inflate it), NUL bytes, and a carriage return that is neither part of CRLF nor
    inside a quoted cell. Each costs one C-speed scan; the slow path runs only when one is found."""
    compressed = compressed_bytes(data)
    if compressed is not None:
        return [compressed]
    out = _nul_bytes(data)
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        out.extend(_lone_crs(data, dialect))
    return out


def _nul_bytes(data: bytes) -> list[RawProblem]:
    out: list[RawProblem] = []
    at = data.find(b"\x00")
    while at != -1 and len(out) < MAX_BYTE_PROBLEMS:
        line, col = line_of(data, at)
        out.append(
            RawProblem(
                "nul-byte",
                f"the file holds a NUL byte (character {col} of the line)",
                "remove the NUL bytes; a CSV file is text",
                line=line,
            )
        )
        newline = data.find(b"\n", at)
        at = -1 if newline == -1 else data.find(b"\x00", newline + 1)
    return out


def _lone_crs(data: bytes, dialect: Dialect) -> list[RawProblem]:
    out: list[RawProblem] = []
    quote = dialect.quote_char.encode()
    quotes, start = 0, 0
    for match in re.finditer(rb"\r(?!\n)", data):
        quotes += data.count(quote, start, match.start())
        start = match.start()
        if quotes % 2:
            continue  # inside a quoted cell: a value may hold a line break
        line, col = line_of(data, match.start())
        out.append(
            RawProblem(
                "lone-cr",
                f"a carriage return (CR) outside quotes at character {col} of the line; "
                "records end with LF or CRLF",
                "remove the CR or quote the cell that holds it; save the file with LF line endings",
                line=line,
            )
        )
        if len(out) >= MAX_BYTE_PROBLEMS:
            break
    return out


class _Collected(threading.local):
    """The bad sequences the decode running in this thread has met (tables may be read in threads)."""

    def __init__(self) -> None:
        self.found: list[tuple[int, bytes]] = []


_COLLECTED = _Collected()


def _collect(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    _COLLECTED.found.append((exc.start, exc.object[exc.start : exc.end]))
    return "\ufffd", exc.end


codecs.register_error("ctcoop-collect", _collect)


def _bad_bytes(data: bytes, encoding: str) -> list[tuple[int, bytes]]:
    """(offset, bad bytes) of every undecodable sequence."""
    _COLLECTED.found = []
    data.decode(encoding, errors="ctcoop-collect")
    found, _COLLECTED.found = _COLLECTED.found, []
    return found


def encoding_problems(data: bytes) -> list[RawProblem]:
    """One encoding-error per line holding bytes that are not UTF-8."""
    out: list[RawProblem] = []
    seen: set[int] = set()
    for offset, chunk in _bad_bytes(data, "utf-8"):
        line, col = line_of(data, offset)
        if line in seen:
            continue
        seen.add(line)
        out.append(
            RawProblem(
                "encoding-error",
                f"byte {chunk[:4].hex(' ')} at offset {offset} is not valid UTF-8 "
                f"(character {col} of the line)",
                "save the file as UTF-8; the rest of this file is checked once it decodes",
                line=line,
            )
        )
    return out
