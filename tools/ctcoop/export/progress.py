"""A tqdm bar over the steps of an export (validate, each format, SHA256SUMS), on stderr.

Disabled unless asked for: the CLI asks when stderr is a terminal, so logs and pipes stay clean.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any


class Steps:
    """``with Steps(enabled, total) as steps: steps.advance("zip") …``: one tick per finished step."""

    def __init__(self, enabled: bool, total: int) -> None:
        self._bar: Any = None
        if enabled:
            from tqdm import tqdm

            # a handful of steps: show each one as it finishes
            self._bar = tqdm(total=total, file=sys.stderr, desc="export", unit="step", leave=False,
                             mininterval=0, miniters=1)

    def advance(self, finished: str) -> None:
        """Count one step as done and name it."""
        if self._bar is not None:
            self._bar.set_postfix_str(finished, refresh=False)
            self._bar.update()  # refreshes

    def __enter__(self) -> Steps:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.close()
