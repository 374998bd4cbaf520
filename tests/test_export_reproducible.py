"""Two exports of the same package are byte-identical, whatever the folder, time zone or umask."""

from __future__ import annotations

import os
import shutil
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from ctcoop.export import export_package
from test_export_support import mini_package


@pytest.fixture
def other_machine() -> Iterator[None]:
    """Another time zone and umask for the duration of a test."""
    old_tz, old_umask = os.environ.get("TZ"), os.umask(0o077)
    os.environ["TZ"] = "Asia/Riyadh"
    time.tzset()
    try:
        yield
    finally:
        os.umask(old_umask)
        if old_tz is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old_tz
        time.tzset()


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_exports_are_byte_identical(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    first_pkg = mini_package(tmp_path / "a" / "mini")
    first = export_package(first_pkg, tmp_path / "out1")
    second_pkg = tmp_path / "elsewhere" / "copy"
    shutil.copytree(first_pkg, second_pkg)
    time.sleep(1.1)  # a clock read anywhere would now show
    request.getfixturevalue("other_machine")
    second = export_package(second_pkg, tmp_path / "out2")
    one, two = _tree(tmp_path / "out1"), _tree(tmp_path / "out2")
    assert sorted(one) == sorted(two) == sorted(p.relative_to(tmp_path / "out1").as_posix() for p in first)
    assert len(second) == len(first)
    different = [name for name in one if one[name] != two[name]]
    assert different == []
    assert {"mini-1.2.3.zip", "mini-1.2.3.json", "mini-1.2.3.sqlite", "mini-1.2.3.xlsx", "metadata.json",
            "SHA256SUMS", "parquet/orgs.parquet", "ndjson/orgs.ndjson"} <= set(one)


def test_archives_carry_fixed_timestamps_and_modes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    export_package(mini_package(tmp_path / "mini"), out, ["zip", "xlsx"])
    for archive in ("mini-1.2.3.zip", "mini-1.2.3.xlsx"):
        with zipfile.ZipFile(out / archive) as zf:
            infos = zf.infolist()
            # the descriptor's created (2026-01-02T03:04:05Z), rounded down to even seconds as zip stores them
            assert {i.date_time for i in infos} == {(2026, 1, 2, 3, 4, 4)}
            assert {i.external_attr >> 16 for i in infos} == {0o100644}
            assert {i.create_system for i in infos} == {3}
    with zipfile.ZipFile(out / "mini-1.2.3.zip") as zf:
        assert zf.namelist() == sorted(zf.namelist())
    with zipfile.ZipFile(out / "mini-1.2.3.xlsx") as zf:
        assert zf.namelist()[0] == "[Content_Types].xml"
        core = zf.read("docProps/core.xml").decode("utf-8")
        assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-01-02T03:04:04Z</dcterms:created>" in core


def test_sha256sums_lists_every_artifact(tmp_path: Path) -> None:
    import hashlib

    out = tmp_path / "out"
    artifacts = export_package(mini_package(tmp_path / "mini"), out)
    lines = (out / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    listed = {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in lines}
    on_disk = {p.relative_to(out).as_posix() for p in artifacts} - {"SHA256SUMS"}
    assert set(listed) == on_disk
    assert [line.split("  ", 1)[1] for line in lines] == sorted(listed)
    for rel, digest in listed.items():
        assert hashlib.sha256((out / rel).read_bytes()).hexdigest() == digest
