"""Quoting for SQL built from descriptor names (which are untrusted input)."""

from __future__ import annotations


def quote_ident(name: str) -> str:
    """``name`` as an SQLite identifier: double quotes, inner quotes doubled."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """``text`` as an SQLite string literal: single quotes, inner quotes doubled."""
    return "'" + text.replace("'", "''") + "'"
