"""Shared fixtures: the repository root and small packages built on tmp_path."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from ctcoop.tables.records import Records

# Property tests check results, never speed: no per-example deadline (a loaded CI machine or a
# slow first import must not fail them; speed is measured by benchmarks/).
settings.register_profile("ctcoop", deadline=None)
settings.load_profile("ctcoop")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def repo_root() -> Path:
    return ROOT


@pytest.fixture
def make_package(tmp_path: Path) -> Callable[..., Path]:
    """Write a package from a descriptor dict and {path: text} files; return its directory."""

    def make(descriptor: dict[str, Any], files: dict[str, str | bytes], name: str = "pkg") -> Path:
        root = tmp_path / name
        root.mkdir(parents=True, exist_ok=True)
        (root / "datapackage.json").write_text(
            json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        for rel, content in files.items():
            p = root / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                p.write_bytes(content)
            else:
                p.write_text(content, encoding="utf-8", newline="")
        return root

    return make


@pytest.fixture
def copy_repo_package(tmp_path: Path) -> Callable[[], Path]:
    """A copy of the repository's own package (descriptor, schemas, data) to modify in a test."""

    def copy() -> Path:
        dest = tmp_path / "ctcoop"
        dest.mkdir()
        shutil.copy2(ROOT / "datapackage.json", dest / "datapackage.json")
        shutil.copytree(ROOT / "schemas", dest / "schemas")
        shutil.copytree(ROOT / "data", dest / "data")
        return dest

    return copy


def records_summary(table: Records) -> tuple[Any, ...]:
    """What a records stage produced, for comparing two ways of reading the same bytes."""
    return (
        table.readable,
        table.header,
        table.header_line,
        table.frame.rows(),
        [table.line(i) for i in range(table.frame.height)],
        [vars(p) for p in table.problems],
        table.short_rows,
    )
