"""The export's list of artifacts (ctcoop.export.artifacts, docs/export.md's table) is what it builds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ctcoop.export import FORMATS, export_package
from ctcoop.export.artifacts import ARTIFACTS, expected_files

DESCRIPTOR = {
    "name": "tiny", "version": "1.2.0",
    "resources": [
        {"name": "things", "path": "data/things.csv",
         "schema": {"fields": [{"name": "id", "type": "string"}, {"name": "size", "type": "integer"}],
                    "primaryKey": ["id"]}},
        {"name": "notes", "path": "data/notes.csv",
         "schema": {"fields": [{"name": "id", "type": "string"}, {"name": "text", "type": "string"}]}},
    ],
}
FILES = {"data/things.csv": "id,size\na,1\nb,2\n", "data/notes.csv": "id,text\nn1,hello\n"}


def test_every_format_has_artifacts_and_every_artifact_a_format() -> None:
    formats = {a.format for a in ARTIFACTS}
    assert formats - {"always"} == set(FORMATS)


@pytest.mark.parametrize("fmt", [*FORMATS, "all"])
def test_the_files_built_are_the_ones_listed(fmt: str, make_package: Callable[..., Path],
                                            tmp_path: Path) -> None:
    root = make_package(DESCRIPTOR, FILES)
    out = tmp_path / "out"
    formats = list(FORMATS) if fmt == "all" else [fmt]
    built = export_package(root, out, formats)
    names = sorted(p.relative_to(out).as_posix() for p in built)
    assert names == expected_files(formats, "tiny-1.2.0", ["things", "notes"])
