"""Regular expressions from a package, run on a linear-time engine (docs/security.md, rule R6).

A ``pattern`` constraint or a row JSON Schema ``pattern`` is written by whoever wrote the
package. Python's ``re`` backtracks: ``(a|a)+$`` on forty ``a`` and a ``!`` runs for hours.
Every such pattern is compiled by RE2 (the ``google-re2`` package), whose matching time is
linear in the text; a pattern that needs a feature RE2 lacks (look-around, back-references,
possessive quantifiers) is refused with :class:`PatternError`, never run on a backtracking
engine. polars' own regex engine (Rust ``regex``, also linear) runs the vectorized checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

MAX_PATTERN_CHARS = 10_000


class PatternError(ValueError):
    """A pattern RE2 cannot compile: a syntax error or a feature without a linear-time match."""


@lru_cache(maxsize=1024)
def compile_linear(pattern: str) -> Any:
    """The RE2 program of ``pattern``; :class:`PatternError` with the reason when it has none."""
    import re2  # imported when a pattern needs it: polars' engine runs most of them (memory)

    if len(pattern) > MAX_PATTERN_CHARS:
        raise PatternError(f"the pattern has {len(pattern)} characters, more than {MAX_PATTERN_CHARS}")
    options = re2.Options()
    options.log_errors = False  # RE2 would print its parse errors on stderr
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        first = exc.args[0] if exc.args else exc
        reason = first.decode("utf-8", "replace") if isinstance(first, bytes) else str(first)
    try:  # compiling (never matching) on Python's engine tells a syntax error from a missing feature
        re.compile(pattern)
    except re.error as exc:
        raise PatternError(str(exc)) from None
    raise PatternError(f"{reason} (look-around and back-references have no linear-time match, "
                       "so ctcoop does not run them)")


def search(pattern: str, text: str) -> bool:
    """Whether ``pattern`` matches somewhere in ``text`` (JSON Schema semantics), on RE2."""
    return compile_linear(pattern).search(text) is not None


def fullmatch(pattern: str, text: str) -> bool:
    """Whether ``pattern`` matches the whole of ``text`` (Table Schema semantics), on RE2."""
    return compile_linear(pattern).fullmatch(text) is not None


def schema_patterns(schema: Any, depth: int = 0) -> Iterator[str]:
    """Every ``pattern`` value and ``patternProperties`` key in a JSON Schema (nested too)."""
    if depth > 200:
        return
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            elif key == "patternProperties" and isinstance(value, dict):
                yield from (k for k in value if isinstance(k, str))
            yield from schema_patterns(value, depth + 1)
    elif isinstance(schema, list):
        for item in schema:
            yield from schema_patterns(item, depth + 1)


def jsonschema_keywords() -> dict[str, Any]:
    """``pattern`` and ``patternProperties`` for ``jsonschema.validators.extend``, on RE2."""
    from jsonschema.exceptions import ValidationError

    def pattern(validator: Any, patrn: str, instance: Any, schema: Any) -> Iterator[Any]:
        if validator.is_type(instance, "string") and not search(patrn, instance):
            yield ValidationError(f"{instance!r} does not match {patrn!r}")

    def pattern_properties(validator: Any, props: dict[str, Any], instance: Any,
                           schema: Any) -> Iterator[Any]:
        if not validator.is_type(instance, "object"):
            return
        for patrn, subschema in props.items():
            for key, value in instance.items():
                if search(patrn, key):
                    yield from validator.descend(value, subschema, path=key, schema_path=patrn)

    return {"pattern": pattern, "patternProperties": pattern_properties}
