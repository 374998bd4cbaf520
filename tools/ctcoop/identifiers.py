"""External identifiers: the ``ctcoop:identifiers`` property and the one place data patterns run.

The package property names the resource of identifiers (scheme, value), the resource of schemes
(pattern, URL template) and the columns of content tables that hold the identifiers of one
scheme themselves::

    ctcoop:identifiers: {"resource": "identifiers", "schemeField": "scheme",
                           "valueField": "value", "subjectField": "subject",
                           "schemeResource": "identifier_schemes", "patternField": "pattern",
                           "urlTemplateField": "url_template",
                           "columns": [{"resource": "instruments", "field": "symbol",
                                        "scheme": "scheme-un-symbol"}]}

:mod:`ctcoop.checks.identifiers` validates the values; :mod:`ctcoop.export.sqlite_identifiers`
builds the ``identifier_links`` view from the same declaration.
"""

from __future__ import annotations

from typing import Any

from ctcoop.extensions import HeldColumn, IdentifiersConfig, keys
from ctcoop.regex import PatternError, compile_linear, fullmatch

__all__ = ["PROPERTY", "BadPattern", "HeldColumn", "IdentifiersConfig", "compiled", "matches"]

PROPERTY = keys.IDENTIFIERS


class BadPattern(Exception):
    """A scheme's pattern is not a valid regular expression."""


def compiled(pattern: str) -> Any:
    """The pattern compiled on RE2 (linear time, docs/security.md R6); cached. Raises
    :class:`BadPattern` for a pattern RE2 cannot run (a syntax error, look-around, back-references)."""
    try:
        return compile_linear(pattern)
    except PatternError as exc:
        raise BadPattern(str(exc)) from exc


def matches(pattern: str, value: str) -> bool:
    """True when ``pattern`` matches the whole of ``value``. Raises :class:`BadPattern`.

    The one place that runs a pattern taken from the data, on RE2 (never a backtracking engine).
    """
    compiled(pattern)
    return fullmatch(pattern, value)
