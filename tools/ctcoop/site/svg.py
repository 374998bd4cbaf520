"""Small helpers for the pictures drawn at build time as SVG text (every value escaped here).

An SVG is laid out in a fixed ``viewBox`` and scaled by CSS to the page's width. A chart comes in
two layouts, a wide one (1000 units) and a narrow one (:data:`NARROW`, for a phone, with its text at
the same size), one after the other (:func:`both`); the stylesheet shows the narrow one when the
picture's box is narrow (a container query), so no picture scrolls sideways or shrinks its text.
On Arabic pages the pictures are mirrored: time runs from right to left and the text sits on the
right; a text's own direction (an English name on an Arabic page) sets its ``direction`` and
anchor so that it still lines up with the layout's edge.
"""

from __future__ import annotations

import datetime as dt
import math
from html import escape
from typing import Any

__all__ = ["NARROW", "anchor", "both", "clip", "date_pos", "esc", "nice_step", "text"]

#: the width of a picture's narrow layout (a phone's screen), beside the wide one's 1000
NARROW = 360


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def clip(value: str, size: int) -> str:
    """``value`` cut to ``size`` characters, with an ellipsis when cut."""
    return value if len(value) <= size else value[: size - 1].rstrip() + "…"


def date_pos(value: Any) -> float | None:
    """A date (``date`` or ISO ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) as a fractional year."""
    if isinstance(value, dt.date):
        return value.year + (value.timetuple().tm_yday - 1) / 366
    if not isinstance(value, str) or len(value) < 4 or not value[:4].isdigit():
        return None
    year = int(value[:4])
    parts = value.split("-")
    month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1
    day = int(parts[2][:2]) if len(parts) > 2 and parts[2][:2].isdigit() else 1
    return year + (min(max(month, 1), 12) - 1) / 12 + (min(max(day, 1), 31) - 1) / 372


def nice_step(span: float, most: int) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving at most ``most`` ticks over ``span``."""
    if span <= 0:
        return 1.0
    raw = span / max(most, 1)
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return float(m * power)
    return float(10 * power)


def anchor(layout_rtl: bool, text_rtl: bool) -> str:
    """The ``text-anchor`` that puts a text's start at the layout's start edge."""
    return "start" if layout_rtl == text_rtl else "end"


def text(x: float, y: float, value: str, cls: str, *, anchor_: str = "start",
         rtl: bool | None = None, title: str | None = None) -> str:
    """A ``<text>``; ``rtl`` sets its own direction (None: inherit the picture's)."""
    direction = "" if rtl is None else f' direction="{"rtl" if rtl else "ltr"}"'
    tip = f"<title>{esc(title)}</title>" if title and title != value else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" class="{cls}" text-anchor="{anchor_}"{direction}>'
            f"{tip}{esc(value)}</text>")


def both(wide: str, narrow: str) -> str:
    """The two layouts of a picture; the stylesheet shows one (``.pic-wide``, ``.pic-narrow``)."""
    return f'<div class="pic-wide">{wide}</div><div class="pic-narrow">{narrow}</div>'
