"""The release zip explains itself, checks itself, and validates with frictionless and ctcoop."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

from frictionless import validate as frictionless_validate

from ctcoop.export import export_package
from ctcoop.validate import validate_package
from test_export_support import mini_package, zip_names

DOCS = ["CHANGELOG.md", "CITATION.cff", "LICENSE", "LICENSE-DATA", "README.md"]


def _unzip(archive: Path, dest: Path) -> Path:
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(dest)
    return dest


def test_zip_holds_descriptor_schemas_data_and_documents(tmp_path: Path) -> None:
    root = mini_package(tmp_path / "mini")
    out = tmp_path / "out"
    export_package(root, out, ["zip"])
    names = zip_names(out / "mini-1.2.3.zip")
    tables = ["cites", "countries", "links", "orgs", "rtypes"]
    assert sorted(names) == sorted(
        [f"mini-1.2.3/{d}" for d in DOCS] + ["mini-1.2.3/datapackage.json"]
        + [f"mini-1.2.3/data/{t}.csv" for t in tables] + [f"mini-1.2.3/schemas/{t}.json" for t in tables])
    with zipfile.ZipFile(out / "mini-1.2.3.zip") as zf:
        descriptor = json.loads(zf.read("mini-1.2.3/datapackage.json"))
        for res in descriptor["resources"]:
            data = zf.read(f"mini-1.2.3/{res['path']}")
            assert data == (root / res["path"]).read_bytes(), "data files are copied byte for byte"
            assert res["bytes"] == len(data)
            assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    original = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        del res["bytes"], res["hash"]
    assert descriptor == original, "nothing else in the descriptor changes"


def test_unzipped_release_passes_frictionless_and_zip_passes_ctcoop(tmp_path: Path) -> None:
    out = tmp_path / "out"
    export_package(mini_package(tmp_path / "mini"), out, ["zip"])
    unzipped = _unzip(out / "mini-1.2.3.zip", tmp_path / "unzipped") / "mini-1.2.3"
    report = frictionless_validate(unzipped / "datapackage.json")
    assert report.valid, report.flatten(["type", "note"])
    assert validate_package(out / "mini-1.2.3.zip").valid


def test_frictionless_notices_a_tampered_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    export_package(mini_package(tmp_path / "mini"), out, ["zip"])
    unzipped = _unzip(out / "mini-1.2.3.zip", tmp_path / "unzipped") / "mini-1.2.3"
    csv = unzipped / "data" / "countries.csv"
    csv.write_bytes(csv.read_bytes().replace(b"Egypt", b"Egipt"))
    report = frictionless_validate(unzipped / "datapackage.json")
    assert not report.valid
    assert "hash-count" in {e[0] for e in report.flatten(["type"])}


def test_repository_package_exports_and_its_release_validates(copy_repo_package: Callable[[], Path],
                                                              tmp_path: Path) -> None:
    root = copy_repo_package()
    for doc in DOCS:  # the fixture copies only descriptor, schemas and data
        (root / doc).write_bytes((Path(__file__).resolve().parent.parent / doc).read_bytes())
    out = tmp_path / "out"
    artifacts = export_package(root, out)
    version = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["version"]
    archive = out / f"ctcoop-{version}.zip"
    assert archive in artifacts
    assert validate_package(archive).valid
    unzipped = _unzip(archive, tmp_path / "unzipped") / f"ctcoop-{version}"
    assert sorted(p.name for p in unzipped.iterdir() if p.is_file()) == sorted([*DOCS, "datapackage.json"])
    report = frictionless_validate(unzipped / "datapackage.json")
    assert report.valid, report.flatten(["type", "note"])


def test_exporting_the_release_zip_gives_the_same_zip(tmp_path: Path) -> None:
    out = tmp_path / "out"
    export_package(mini_package(tmp_path / "mini"), out, ["zip"])
    again = tmp_path / "again"
    export_package(out / "mini-1.2.3.zip", again, ["zip"])
    assert (again / "mini-1.2.3.zip").read_bytes() == (out / "mini-1.2.3.zip").read_bytes()


def test_ctcoop_validate_command_accepts_the_release_zip(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from ctcoop.cli import cli

    out = tmp_path / "out"
    export_package(mini_package(tmp_path / "mini"), out, ["zip"])
    result = CliRunner().invoke(cli, ["validate", str(out / "mini-1.2.3.zip")])
    assert result.exit_code == 0, result.output
