"""Where a value sits in a JSON file: the line of every member and item, by path.

Descriptor issues point at a line (``datapackage.json:57``) like data issues do. The standard
``json`` module does not keep positions, so :func:`json_lines` walks the text once with the
decoder's own string scanner and records the line where each object member's key and each
array item starts, keyed by its path (``("resources", 3, "schema")``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

_WS = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")

Path = tuple[str | int, ...]


def json_lines(text: str) -> dict[Path, int]:
    """Path -> 1-based line, for every value in ``text``; empty when the text is not JSON."""
    breaks = [m.start() for m in re.finditer("\n", text)]
    out: dict[Path, int] = {}

    def line(pos: int) -> int:
        return bisect.bisect_left(breaks, pos) + 1

    def ws(pos: int) -> int:
        m = _WS.match(text, pos)
        return m.end() if m else pos

    def value(pos: int, path: Path, depth: int) -> int:
        if depth > 200:
            raise ValueError("too deep")
        pos = ws(pos)
        out.setdefault(path, line(pos))
        ch = text[pos : pos + 1]
        if ch == "{":
            pos = ws(pos + 1)
            if text[pos : pos + 1] == "}":
                return pos + 1
            while True:
                pos = ws(pos)
                if text[pos : pos + 1] != '"':
                    raise ValueError("key expected")
                key_line = line(pos)
                key, pos = scanstring(text, pos + 1)
                pos = ws(pos)
                if text[pos : pos + 1] != ":":
                    raise ValueError("colon expected")
                out[(*path, key)] = key_line
                pos = value(pos + 1, (*path, key), depth + 1)
                out[(*path, key)] = key_line
                pos = ws(pos)
                if text[pos : pos + 1] == ",":
                    pos += 1
                    continue
                if text[pos : pos + 1] == "}":
                    return pos + 1
                raise ValueError("comma expected")
        if ch == "[":
            pos = ws(pos + 1)
            if text[pos : pos + 1] == "]":
                return pos + 1
            index = 0
            while True:
                pos = value(pos, (*path, index), depth + 1)
                index += 1
                pos = ws(pos)
                if text[pos : pos + 1] == ",":
                    pos += 1
                    continue
                if text[pos : pos + 1] == "]":
                    return pos + 1
                raise ValueError("comma expected")
        if ch == '"':
            _, pos = scanstring(text, pos + 1)
            return pos
        m = _SCALAR.match(text, pos)
        if not m:
            raise ValueError("value expected")
        return m.end()

    try:
        value(0, (), 0)
    except (ValueError, IndexError):
        return {}
    return out


class LazyLines(Mapping[Path, int]):
    """:func:`json_lines` of ``text`` (None: no text), walked only when a line is first asked for:
    a descriptor without problems is never walked (every command checks the descriptor)."""

    def __init__(self, text: str | None) -> None:
        self._text = text
        self._lines: dict[Path, int] | None = None

    def _all(self) -> dict[Path, int]:
        if self._lines is None:
            self._lines = json_lines(self._text) if self._text else {}
        return self._lines

    def __getitem__(self, path: Path) -> int:
        return self._all()[path]

    def __iter__(self) -> Iterator[Path]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def line_of(lines: Mapping[Path, int], path: Any) -> int | None:
    """The line of ``path`` or of its nearest known ancestor."""
    p: Path = tuple(path)
    while p not in lines and p:
        p = p[:-1]
    return lines.get(p)


def path_text(path: Any) -> str:
    """``resources[3].schema.fields[2].type`` for ``("resources", 3, "schema", "fields", 2, "type")``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
