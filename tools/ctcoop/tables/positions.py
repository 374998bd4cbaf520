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
    """Line ``n`` of the data came from a file and a line there, stored as runs: a run starts at a
    data line and maps it and the lines after it onto consecutive lines of one file, so a table
    whose rows follow each other costs a few entries, not one per line."""

    def __init__(self, files: list[str]) -> None:
        self.files = files
        self._starts = array("Q")  # first data line of each run
        self._lines = array("Q")  # the file line it maps to
        self._file = array("I")  # the file's number
        self._count = 0  # data lines mapped so far

    def __len__(self) -> int:
        return self._count

    def _map(self, file: int, line: int) -> None:
        self._count += 1
        if (
            self._starts
            and self._file[-1] == file
            and self._lines[-1] + self._count - self._starts[-1] == line
        ):
            return  # continues the last run
        self._starts.append(self._count)
        self._lines.append(line)
        self._file.append(file)

    def add(self, file: int, line: int, count: int = 1, *, span: int = 1) -> None:
        """``count`` lines of the data from ``line`` of file number ``file`` on; a record whose
        source spans ``span`` lines maps its later lines onto them (and the rest onto the last)."""
        if count == 1:
            self._map(file, line)
            return
        for k in range(count):
            self._map(file, line + min(k, max(span, 1) - 1))

    def origin(self, line: int) -> Origin:
        if not self._starts:
            return Origin(self.files[0] if self.files else "", line)
        i = max(bisect.bisect_right(self._starts, line) - 1, 0)
        return Origin(self.files[self._file[i]], int(self._lines[i]) + line - int(self._starts[i]))


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
