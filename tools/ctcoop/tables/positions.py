"""Where each line of the bytes :func:`ctcoop.tables.source.table_bytes` returns came from.

Two maps, both implementing :class:`ctcoop.tables.source.Positions`:

* :class:`LinePositions`: one entry per line (plain CSV written from rows: other formats,
  inline data, dialects brought to the parser's form); two compact arrays, not objects;
* :class:`PartPositions`: the parts of a multipart resource concatenated as they are, one
  entry per part (the line a part starts at, and how many of its lines were dropped).
"""

from __future__ import annotations

import bisect
from array import array
from dataclasses import dataclass, field

from ctcoop.tables.origin import Origin


class LinePositions:
    """Line ``n`` of the data came from ``files[file[n-1]]``, line ``line[n-1]``."""

    def __init__(self, files: list[str]) -> None:
        self.files = files
        self._file = array("I")
        self._line = array("Q")

    def __len__(self) -> int:
        return len(self._line)

    def add(self, file: int, line: int, count: int = 1, *, span: int = 1) -> None:
        """``count`` lines of the data from ``line`` of file number ``file`` on; a record whose
        source spans ``span`` lines maps its later lines onto them (and the rest onto the last)."""
        for k in range(count):
            self._file.append(file)
            self._line.append(line + min(k, max(span, 1) - 1))

    def origin(self, line: int) -> Origin:
        if not self._line:
            return Origin(self.files[0] if self.files else "", line)
        i = min(max(line, 1), len(self._line)) - 1
        beyond = max(line - len(self._line), 0)  # a line past the end (end of file): count on
        return Origin(self.files[self._file[i]], int(self._line[i]) + beyond)


@dataclass
class PartPositions:
    """Parts concatenated: part ``i`` starts at data line ``starts[i]`` and had ``dropped[i]``
    leading lines left out (a repeated header)."""

    files: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    dropped: list[int] = field(default_factory=list)

    def add(self, file: str, start: int, dropped: int = 0) -> None:
        self.files.append(file)
        self.starts.append(start)
        self.dropped.append(dropped)

    def origin(self, line: int) -> Origin:
        i = max(bisect.bisect_right(self.starts, line) - 1, 0)
        return Origin(self.files[i], line - self.starts[i] + 1 + self.dropped[i])
