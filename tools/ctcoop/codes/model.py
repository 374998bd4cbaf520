"""One registered code: where it comes from, its default severity, its meaning and its hint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: ``rule``: the level the descriptor declares in ``ctcoop:rules`` (error, warning or off);
#: undeclared, a warning (an error under ``--profile strict``)
Severity = Literal["error", "warning", "info", "rule"]


@dataclass(frozen=True)
class Code:
    """A code's registry entry. ``source`` is a check family name, a tuple of them, or a
    :data:`ctcoop.codes.SOURCES` key; ``hint`` is the hint the issue carries, ``…`` standing
    for the names and values of the case."""

    source: str | tuple[str, ...]
    severity: Severity
    meaning: str
    hint: str

    @property
    def sources(self) -> tuple[str, ...]:
        return (self.source,) if isinstance(self.source, str) else self.source
