"""``ctcoop:rules`` at any level: the rule names and levels :mod:`ctcoop.rules` knows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from ctcoop.extensions.base import Problem
from ctcoop.extensions.keys import RULES

RuleLevel = Literal["error", "warning", "off"]


def rule_problems(raw: dict[str, Any]) -> Iterator[Problem]:
    """What is wrong with ``raw``'s ``ctcoop:rules`` (popped when anything is): unplaced problems."""
    if RULES not in raw:
        return
    from ctcoop import rules

    found = [Problem(RULES, m, rules.HINT, placed=False) for m in rules.problems(raw[RULES])]
    if found:
        raw.pop(RULES)
    yield from found
