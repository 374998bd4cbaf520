"""The one escaping layer for text that reaches a terminal or a CI log (docs/security.md, rule O1).

A package is untrusted: a cell value, a field name or a path may hold ESC (terminal control
sequences), BEL, CR, LF or other control characters. :func:`visible` writes every such
character as a visible escape (``\\x1b``, ``\\n``…) so that it can neither move the cursor, set
the window title, ring the bell, fake a line of output nor start a GitHub workflow command.
:func:`gh_data` and :func:`gh_property` add GitHub's workflow-command escaping on top
(``%`` ``\\r`` ``\\n``, and ``:`` ``,`` in properties).
"""

from __future__ import annotations

import re

# C0 controls except TAB, DEL, C1 controls, and the bidi/line separators that reorder or break
# a terminal line (U+2028/9, U+202A-E, U+2066-9)
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\x1b": "\\x1b", "\x07": "\\x07", "\x00": "\\x00"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object) -> str:
    """``text`` with every control character (CR and LF too) written as a visible escape."""
    value = text if isinstance(text, str) else str(text)
    return _CONTROL.sub(_escape, value)


def visible_lines(text: str) -> str:
    """Like :func:`visible` but keeps LF line breaks: for a message made of several lines."""
    return "\n".join(visible(line) for line in text.split("\n"))


def gh_data(text: object) -> str:
    """A workflow command's message: ``%``, CR and LF escaped as GitHub requires, other controls visible."""
    value = text if isinstance(text, str) else str(text)
    return visible(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def gh_property(text: object) -> str:
    """A workflow command's property value (``file=…``, ``title=…``): also ``:`` and ``,``."""
    return gh_data(text).replace(":", "%3A").replace(",", "%2C")
