"""What changed inside one long cell: a word-level diff, cut to the region around the change.

Shortening both values of a long edited cell to the same prefix hides the edit (a description
changed in its last sentence shows twice the same first 80 characters). :func:`changed_parts`
compares the two texts word by word (:class:`difflib.SequenceMatcher` over words and the white
space between them) and keeps, for each side, the words that changed with a few words of
context around them, cut to a length limit around the first difference. Renderers mark the
changed parts their own way (``[-…-]``/``{+…+}`` or colour in text, ``<del>``/``<ins>`` in
Markdown).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher

CONTEXT_WORDS = 4
_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Side:
    """One side of a changed cell: (text, changed) segments, and whether text was cut before/after."""

    segments: tuple[tuple[str, bool], ...]
    cut_start: bool
    cut_end: bool


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _side(tokens: list[str], spans: list[tuple[int, int, bool]], start: int, end: int, limit: int) -> Side:
    segments: list[tuple[str, bool]] = []
    used = 0
    cut_end = False
    for lo, hi, changed in spans:
        lo, hi = max(lo, start), min(hi, end)
        if lo >= hi:
            continue
        text = "".join(tokens[lo:hi])
        if used + len(text) > limit:
            text = text[: max(limit - used, 0)]
            cut_end = True
        if text:
            if segments and segments[-1][1] == changed:
                segments[-1] = (segments[-1][0] + text, changed)
            else:
                segments.append((text, changed))
        used += len(text)
        if cut_end:
            break
    return Side(tuple(segments), start > 0, cut_end or end < len(tokens))


def changed_parts(old: str, new: str, limit: int) -> tuple[Side, Side] | None:
    """Each side around its changed words, at most ``limit`` characters; None when nothing differs."""
    a, b = _tokens(old), _tokens(new)
    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    changes = [op for op in ops if op[0] != "equal"]
    if not changes:
        return None
    context = CONTEXT_WORDS * 2  # a word and the space after it
    a_start, b_start = max(changes[0][1] - context, 0), max(changes[0][3] - context, 0)
    a_end, b_end = min(changes[-1][2] + context, len(a)), min(changes[-1][4] + context, len(b))
    # white space alone between two changes is part of the change: one marked run, not one per word
    flags = [tag != "equal" for tag, *_ in ops]
    for k in range(1, len(ops) - 1):
        tag, i1, i2, _, _ = ops[k]
        if tag == "equal" and flags[k - 1] and flags[k + 1] and not "".join(a[i1:i2]).strip():
            flags[k] = True
    a_spans = [(op[1], op[2], flag) for op, flag in zip(ops, flags, strict=True)]
    b_spans = [(op[3], op[4], flag) for op, flag in zip(ops, flags, strict=True)]
    return _side(a, a_spans, a_start, a_end, limit), _side(b, b_spans, b_start, b_end, limit)


def side_text(side: Side, mark: tuple[str, str], escape: Callable[[str], str] | None = None) -> str:
    """One side as text, changed parts between ``mark`` (e.g. ``("[-", "-]")``), ``…`` where cut."""
    esc = escape or (lambda s: s)
    body = "".join(f"{mark[0]}{esc(t)}{mark[1]}" if changed else esc(t) for t, changed in side.segments)
    return ("…" if side.cut_start else "") + body + ("…" if side.cut_end else "")
