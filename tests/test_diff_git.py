"""ctcoop diff with git revisions (tags, HEAD~1, branches), zips and descriptors; work tree untouched."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ctcoop.cli import cli
from ctcoop.gitsource import GitSource, resolve_package

SCHEMA = {
    "fields": [
        {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
        {"name": "name_en", "type": "string"},
        {"name": "members", "type": "integer"},
    ],
    "primaryKey": ["id"],
}
V1 = "id,name_en,members\nb-1,Council,15\nb-2,Office,3\n"
V2 = "id,name_en,members\nb-1,Council,16\nb-2,Office,3\nb-3,Forum,7\n"


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "tag.gpgsign=false",
            *args,
        ],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    )
    return proc.stdout


def make_repo(root: Path, subdir: str = "") -> Path:
    """A repository with the package at ``subdir``: v0.1.0 (V1) tagged, then HEAD (V2) on main."""
    root.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    pkg = root / subdir if subdir else root
    (pkg / "data").mkdir(parents=True)
    desc: dict[str, Any] = {
        "name": "mini",
        "version": "0.1.0",
        "resources": [{"name": "bodies", "path": "data/bodies.csv", "schema": "schemas/b.json"}],
    }
    (pkg / "datapackage.json").write_text(json.dumps(desc, indent=2), encoding="utf-8")
    (pkg / "schemas").mkdir()
    (pkg / "schemas" / "b.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    (pkg / "data" / "bodies.csv").write_text(V1, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "v1")
    git(root, "tag", "-a", "v0.1.0", "-m", "v0.1.0")
    (pkg / "data" / "bodies.csv").write_text(V2, encoding="utf-8")
    git(root, "commit", "-q", "-am", "v2")
    return pkg


def diff(*args: str) -> Any:
    return CliRunner().invoke(cli, ["diff", *args])


def test_tag_head_branch_and_work_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = make_repo(tmp_path / "repo")
    monkeypatch.chdir(pkg)
    (pkg / "data" / "bodies.csv").write_text(V2.replace("Forum", "Forum (edited)"), encoding="utf-8")
    status_before = git(pkg, "status", "--porcelain")
    result = diff("v0.1.0", "HEAD", "--format", "json")
    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout)["summary"]
    assert (summary["rows_added"], summary["rows_changed"], summary["rows_removed"]) == (1, 1, 0)
    assert diff("main", "HEAD").exit_code == 0
    assert diff("HEAD~1", "v0.1.0").exit_code == 0
    worktree = json.loads(diff("HEAD", ".", "--format", "json").stdout)  # uncommitted edit only
    assert worktree["summary"]["rows_changed"] == 1 and worktree["old"]["label"] == "HEAD"
    # nothing was checked out or staged
    assert git(pkg, "status", "--porcelain") == status_before
    assert "Forum (edited)" in (pkg / "data" / "bodies.csv").read_text(encoding="utf-8")


def test_package_in_a_subdirectory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = make_repo(tmp_path / "repo", subdir="package")
    monkeypatch.chdir(pkg)
    result = diff("v0.1.0", ".", "--format", "json")
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["summary"]["rows_added"] == 1
    source = resolve_package("v0.1.0", pkg).source
    assert isinstance(source, GitSource) and source.prefix == "package/"


def test_unknown_revision_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = make_repo(tmp_path / "repo")
    monkeypatch.chdir(pkg)
    result = diff("v9.9.9", ".")
    assert result.exit_code == 2
    assert "neither an existing path nor a git revision" in result.output
    assert diff("--upload-pack=x", ".").exit_code == 2


def test_a_mistyped_revision_gets_a_did_you_mean_and_the_real_tags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pkg = make_repo(tmp_path / "repo")
    monkeypatch.chdir(pkg)
    root = pkg.resolve()
    result = diff("v0.1", ".")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"Error: 'v0.1' is neither an existing path nor a git revision of {root} (did you mean 'v0.1.0'?)\n"
        "  hint: use a tag (v0.1.0), a branch, HEAD~1, or a path to a package\n"
    )
    git(pkg, "tag", "-d", "v0.1.0")
    result = diff("mian", ".")
    assert result.stderr == (
        f"Error: 'mian' is neither an existing path nor a git revision of {root} (did you mean 'main'?)\n"
        "  hint: use a tag (none yet), a branch, HEAD~1, or a path to a package\n"
    )


def test_zip_and_descriptor_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = make_repo(tmp_path / "repo")
    archive = tmp_path / "release.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for rel in ("datapackage.json", "schemas/b.json", "data/bodies.csv"):
            zf.write(pkg / rel, f"mini-0.2.0/{rel}")
    monkeypatch.chdir(pkg)
    assert diff(str(archive), "datapackage.json").exit_code == 0
    assert diff("v0.1.0", str(archive)).exit_code == 1


def test_symlink_in_the_tree_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = make_repo(tmp_path / "repo")
    (pkg / "data" / "bodies.csv").unlink()
    (pkg / "data" / "bodies.csv").symlink_to("/etc/hostname")
    git(pkg, "commit", "-q", "-am", "link")
    monkeypatch.chdir(pkg)
    result = diff("HEAD", "v0.1.0", "--no-validate")
    assert result.exit_code == 2 and "symlink" in result.output
