"""A tqdm bar over the steps of an export (validate, each format, SHA256SUMS), on stderr.

Disabled unless asked for: the CLI asks when stderr is a terminal, so logs and pipes stay clean.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any


class Steps:
    """``with Steps(enabled, total) as steps: steps.start("zip") …``: one bar tick per finished step."""

    def __init__(self, enabled: bool, total: int) -> None:
        self._bar: Any = None
        self._running = False
        if enabled:
            from tqdm import tqdm

            self._bar = tqdm(total=total, file=sys.stderr, desc="export", unit="step", leave=False)

    def start(self, label: str) -> None:
        """Mark the previous step done and show ``label`` as the one running."""
        if self._bar is None:
            return
        if self._running:
            self._bar.update()
        self._bar.set_postfix_str(label)
        self._running = True

    def __enter__(self) -> Steps:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._bar is not None:
            if self._running and kind is None:
                self._bar.update()
            self._bar.close()
