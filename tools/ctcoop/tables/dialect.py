"""The CSV dialect of a resource (Table Dialect v1 and v2): what the parser reads it with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Dialect:
    """The CSV dialect properties this reader supports (Table Dialect v2 subset)."""

    delimiter: str = ","
    quote_char: str = '"'
    header: bool = True
    comment_char: str | None = None
    null_sequence: str | None = None
    skip_initial_space: bool = False
    case_sensitive_header: bool = False


def dialect_from(descriptor: dict[str, Any]) -> tuple[Dialect, list[str]]:
    """The reader's dialect from a resource's ``dialect`` object, and the properties it cannot honour."""
    unsupported: list[str] = []
    d = descriptor if isinstance(descriptor, dict) else {}
    delimiter = d.get("delimiter", ",")
    quote = d.get("quoteChar", '"')
    header = d.get("header", True)
    header_rows = d.get("headerRows", [1])
    if header_rows not in ([1], [0], []) and header is not False:
        unsupported.append("headerRows")
    if d.get("doubleQuote", True) is not True:
        unsupported.append("doubleQuote")
    if d.get("escapeChar") is not None:
        unsupported.append("escapeChar")
    if d.get("commentRows"):
        unsupported.append("commentRows")
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in "\r\n":
        unsupported.append("delimiter")
        delimiter = ","
    if not isinstance(quote, str) or len(quote) != 1 or quote == delimiter:
        unsupported.append("quoteChar")
        quote = '"'
    comment = d.get("commentChar")
    null_seq = d.get("nullSequence")
    return Dialect(
        delimiter=delimiter,
        quote_char=quote,
        header=header is not False and header_rows not in ([], [0]),
        comment_char=comment if isinstance(comment, str) and comment else None,
        null_sequence=null_seq if isinstance(null_seq, str) else None,
        skip_initial_space=d.get("skipInitialSpace") is True,
        case_sensitive_header=d.get("caseSensitiveHeader") is True,
    ), unsupported
