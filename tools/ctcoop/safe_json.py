"""JSON from a package, parsed with limits (docs/security.md, rule R5).

Python's ``json`` accepts a duplicate key (the last one wins, silently), nests until the
interpreter's recursion limit, and turns a 100,000-digit integer into a ValueError (or, below
the interpreter's limit, into an integer whose every use is slow). :func:`loads` refuses all
three with :class:`JsonLimitError`, a ``ValueError`` whose message names the key or the place.
Every descriptor, Table Schema, row JSON Schema and ``new --from-json`` row goes through it.
:func:`parse` is :func:`loads` for a file of a package (a descriptor, a schema, a dialect, a JSON or
NDJSON table): every failure a :class:`~ctcoop.errors.PackageLoadError` naming the file and place.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ctcoop.errors import PackageLoadError

MAX_DEPTH = 64
MAX_NUMBER_CHARS = 100


class JsonLimitError(ValueError):
    """JSON that parses but breaks a limit (duplicate key, depth, number size)."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise JsonLimitError(f"the key '{key}' appears twice in one object; JSON readers disagree "
                                 "on which value wins")
        out[key] = value
    return out


def _number(kind: type[int] | type[float]) -> Any:
    def parse(text: str) -> int | float:
        if len(text) > MAX_NUMBER_CHARS:
            raise JsonLimitError(f"a number has {len(text)} characters, more than the limit of "
                                 f"{MAX_NUMBER_CHARS} ({text[:12]}…)")
        return kind(text)
    return parse


_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(r"[\[\]{}]")


def depth(text: str) -> int:
    """The deepest nesting of arrays and objects in JSON ``text`` (brackets in strings ignored)."""
    deepest = level = 0
    for match in _BRACKETS.finditer(_STRINGS.sub("", text)):
        level += 1 if match.group() in "[{" else -1
        deepest = max(deepest, level)
    return deepest


def loads(text: str | bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse JSON; :class:`JsonLimitError` (a ValueError) for a duplicate key, nesting deeper than
    ``max_depth`` or a number longer than :data:`MAX_NUMBER_CHARS`; ``json.JSONDecodeError`` for
    bad syntax."""
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig")
    # a cheap bound first: no more brackets than the limit means no deeper nesting
    if text.count("[") + text.count("{") > max_depth and depth(text) > max_depth:
        raise JsonLimitError(f"the JSON is nested more than {max_depth} levels deep")
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_int=_number(int),
                          parse_float=_number(float), parse_constant=_constant)
    except RecursionError:
        raise JsonLimitError(f"the JSON is nested more than {max_depth} levels deep") from None


def _constant(name: str) -> float:
    raise JsonLimitError(f"'{name}' is not a JSON number")


SYNTAX_HINT = "fix the JSON syntax (a trailing comma or a missing quote is typical)"
LIMITS_HINT = (f"write each key once per object, nest at most {MAX_DEPTH} levels, numbers of at most "
               f"{MAX_NUMBER_CHARS} characters")


def parse(data: str | bytes, file: str, *, code: str = "descriptor-json",
          encoding_code: str = "descriptor-encoding", line: int | None = None) -> Any:
    """:func:`loads` for the file ``file`` of a package (``line``: the line of a JSON Lines file
    that ``data`` is). Raises :class:`~ctcoop.errors.PackageLoadError`: ``encoding_code`` for bytes
    that are not UTF-8, ``code`` for bad syntax or a broken limit, its message naming the place."""
    what = f"line {line} of '{file}'" if line is not None else f"'{file}'"
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    except UnicodeDecodeError as exc:
        raise PackageLoadError(f"{what} is not UTF-8 (byte {exc.start})", file=file, code=encoding_code,
                               hint="save the file as UTF-8") from None
    try:
        return loads(text)
    except json.JSONDecodeError as exc:
        where = "" if line is not None else f" at line {exc.lineno}, column {exc.colno}"
        raise PackageLoadError(f"{what} is not valid JSON: {exc.msg}{where}", file=file, code=code,
                               hint=SYNTAX_HINT) from None
    except ValueError as exc:  # the limits: a duplicate key, the nesting depth, a number's size
        raise PackageLoadError(f"{what} is refused: {exc}", file=file, code=code, hint=LIMITS_HINT) from None
