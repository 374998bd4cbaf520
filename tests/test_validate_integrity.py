"""A resource's declared ``bytes`` and ``hash`` are checked against its file."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctcoop.checks.integrity import ALGORITHMS
from ctcoop.validate import validate_package

CSV = b"id,name\n1,a\n2,b\n"
SCHEMA = {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}]}


def _descriptor(**extra: Any) -> dict[str, Any]:
    resource = {"name": "t", "path": "t.csv", "schema": SCHEMA, **extra}
    return {"$schema": "https://datapackage.org/profiles/2.0/datapackage.json", "resources": [resource]}


def _found(root: Path) -> list[tuple[str, str | None, str]]:
    return [(i.code, i.file, i.message) for i in validate_package(root).issues]


@pytest.mark.parametrize("algorithm", sorted(ALGORITHMS))
def test_a_matching_declaration_is_valid(make_package: Callable[..., Path], algorithm: str) -> None:
    digest = hashlib.new(algorithm, CSV).hexdigest()
    root = make_package(_descriptor(bytes=len(CSV), hash=f"{algorithm}:{digest}"), {"t.csv": CSV})
    assert _found(root) == []


def test_a_bare_hex_hash_is_md5(make_package: Callable[..., Path]) -> None:
    root = make_package(_descriptor(hash=hashlib.md5(CSV).hexdigest()), {"t.csv": CSV})
    assert _found(root) == []


def test_a_swapped_file_is_caught(make_package: Callable[..., Path]) -> None:
    digest = hashlib.sha256(CSV).hexdigest()
    swapped = b"id,name\n1,a\n2,c\n"
    root = make_package(_descriptor(bytes=len(CSV), hash=f"sha256:{digest}"), {"t.csv": swapped})
    assert _found(root) == [
        (
            "hash-mismatch",
            "t.csv",
            f"the sha256 hash of 't.csv' is {hashlib.sha256(swapped).hexdigest()}, not the declared {digest}",
        )
    ]


def test_a_truncated_file_is_caught(make_package: Callable[..., Path]) -> None:
    digest = hashlib.sha256(CSV).hexdigest()
    root = make_package(_descriptor(bytes=len(CSV), hash=f"sha256:{digest}"), {"t.csv": CSV[:-2] + b"\n"})
    codes = [code for code, _, _ in _found(root)]
    assert codes == ["bytes-mismatch", "hash-mismatch"]


@pytest.mark.parametrize(
    "extra",
    [
        {"hash": "crc32:1234abcd"},
        {"hash": "sha256:abc"},
        {"hash": "md5:" + "z" * 32},
        {"bytes": -1},
        {"bytes": "16"},
    ],
)
def test_a_malformed_declaration_is_named(make_package: Callable[..., Path], extra: dict[str, Any]) -> None:
    root = make_package(_descriptor(**extra), {"t.csv": CSV})
    codes = {i.code for i in validate_package(root).issues}
    assert "integrity-declaration" in codes
    assert "hash-mismatch" not in codes and "bytes-mismatch" not in codes


def test_the_release_zip_declarations_hold(tmp_path: Path, make_package: Callable[..., Path]) -> None:
    digest = hashlib.sha256(CSV).hexdigest()
    root = make_package(_descriptor(bytes=len(CSV), hash=f"sha256:{digest}"), {"t.csv": CSV})
    archive = tmp_path / "p.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(root / "datapackage.json", "datapackage.json")
        zf.writestr("t.csv", CSV[::-1])
    assert "hash-mismatch" in {i.code for i in validate_package(archive).issues}


@settings(deadline=None, max_examples=50)  # validation, not a timing test: no per-example deadline
@given(st.binary(min_size=0, max_size=200), st.sampled_from(sorted(ALGORITHMS)))
def test_any_content_verifies_against_its_own_digest(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, algorithm: str
) -> None:
    from ctcoop.checks.context import Context
    from ctcoop.checks.integrity import run
    from ctcoop.package import load_package

    root = tmp_path_factory.mktemp("p")
    (root / "t.csv").write_bytes(data)
    digest = hashlib.new(algorithm, data).hexdigest()
    import json

    (root / "datapackage.json").write_text(
        json.dumps(_descriptor(bytes=len(data), hash=f"{algorithm}:{digest}"))
    )
    assert list(run(Context(load_package(root)))) == []
