"""Terminal conventions shared by every command: when to colour, and "did you mean".

:func:`use_color` decides colour the same way everywhere: an explicit ``--color`` /
``--no-color`` wins; else ``FORCE_COLOR`` (set, not empty and not ``0``) turns it on; else
``NO_COLOR`` (set and not empty, https://no-color.org) turns it off; else colour is used when
the stream is a terminal whose ``TERM`` is not ``dumb``.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from typing import IO, Any


def use_color(stream: IO[Any] | None, explicit: bool | None = None) -> bool:
    """Whether to colour what goes to ``stream`` (see the module docstring)."""
    if explicit is not None:
        return explicit
    force = os.environ.get("FORCE_COLOR")
    if force is not None and force.strip() not in ("", "0", "false"):
        return True
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except ValueError:  # a closed stream
        return False


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or ``""`` when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in choices}
        hit = lowered.get(word.lower())
        close = [hit] if hit else []
    return f" (did you mean '{close[0]}'?)" if close else ""
