"""Encoding problems are found per table even when tables are read in threads at once (``export``
validates beside its writers)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from ctcoop.tables.decode import encoding_problems


@pytest.fixture
def frequent_switches() -> Iterator[None]:
    """Threads switched as often as the interpreter can, so an overlap is met in every run."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


@pytest.mark.usefixtures("frequent_switches")
def test_two_tables_decoded_at_once_keep_their_own_problems() -> None:
    first = b"a,b\n" + b"".join(b"x,\xff%d\n" % i for i in range(3000))  # a bad byte on every line
    second = b"a,b\n" + b"y,z\n" * 2999 + b"\xfe,z\n"  # one, on the last line
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = [
            (pool.submit(encoding_problems, first), pool.submit(encoding_problems, second))
            for _ in range(40)
        ]
        for one, two in runs:
            assert [p.line for p in one.result()] == list(range(2, 3002))
            assert [p.line for p in two.result()] == [3001]
