"""Writing rules (docs/security.md, W1-W4): never inside the package, never through a symlink,
atomically, and a clean exit 2 on a read-only or full disk that leaves everything as it was."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ctcoop import safe_write
from ctcoop.cli import cli

FIELDS = [{"name": "id", "type": "string"}, {"name": "n", "type": "integer"}]
DESCRIPTOR = {"name": "w", "resources": [{"name": "items", "path": "data/items.csv",
                                          "schema": {"fields": FIELDS, "primaryKey": ["id"]}}]}
CSV = "id,n\na1,1\nb2,2\n"


@pytest.fixture
def pkg(make_package: Callable[..., Path]) -> Path:
    return make_package(DESCRIPTOR, {"data/items.csv": CSV})


def tree(root: Path) -> dict[str, bytes | str]:
    out: dict[str, bytes | str] = {}
    for p in sorted(root.rglob("*")):
        if p.is_symlink():
            out[str(p.relative_to(root))] = "-> " + os.readlink(p)
        elif p.is_file():
            out[str(p.relative_to(root))] = p.read_bytes()
    return out


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


# --- W1: export --out never inside the package ----------------------------------------------------


@pytest.mark.parametrize("where", [".", "data", "data/sub", "schemas/.."])
def test_export_into_the_package_is_refused(pkg: Path, where: str) -> None:
    before = tree(pkg)
    result = run("export", str(pkg), "--out", str(pkg / where), "--format", "json")
    assert result.exit_code == 2, result.output
    assert "--out" in result.output and "overwrite" in result.output
    assert "Traceback" not in result.output
    assert tree(pkg) == before


def test_export_into_a_folder_of_its_own_inside_the_package_is_allowed(pkg: Path) -> None:
    result = run("export", str(pkg), "--out", str(pkg / "dist"), "--format", "json")
    assert result.exit_code == 0, result.output
    assert (pkg / "dist" / "w.json").is_file()


# --- W2: never through a symlink --------------------------------------------------------------------


def test_docs_does_not_write_through_a_symlinked_dictionary(pkg: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.md"
    victim.write_text("keep me\n")
    (pkg / "docs").mkdir()
    (pkg / "docs" / "data-dictionary.md").symlink_to(victim)
    for args in (("docs", str(pkg)), ("docs", "--check", str(pkg))):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert "symlink" in result.output and "data-dictionary.md" in result.output
    assert victim.read_text() == "keep me\n"
    assert (pkg / "docs" / "data-dictionary.md").is_symlink()


def test_write_bytes_refuses_a_symlinked_folder(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "docs").symlink_to(real)
    with pytest.raises(safe_write.UsageProblem, match="symlink"):
        safe_write.write_bytes(tmp_path / "root" / "docs" / "x.md", b"x", within=tmp_path / "root")
    assert list(real.iterdir()) == []


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.mark.parametrize("name", ["CHANGELOG.md", "CITATION.cff"])
def test_release_neither_reads_nor_writes_a_symlinked_file(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("cff-version: 1.2.0\nversion: 0.1.0\nTOP SECRET\n")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "datapackage.json").write_text(json.dumps({**DESCRIPTOR, "version": "0.1.0"}))
    (repo / "data").mkdir()
    (repo / "data" / "items.csv").write_text(CSV)
    (repo / "CHANGELOG.md").write_text("# Changelog\n\n## Unreleased\n")
    (repo / "CITATION.cff").write_text("cff-version: 1.2.0\nversion: 0.1.0\n")
    (repo / name).unlink()
    (repo / name).symlink_to(secret)
    (repo / ".gitignore").write_text("dist/\n")
    _git(repo, "init", "-q", "-b", "main")
    for key, value in [("user.name", "T"), ("user.email", "t@example.org"), ("commit.gpgsign", "false")]:
        _git(repo, "config", key, value)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "init")
    monkeypatch.chdir(repo)
    result = run("release")
    assert result.exit_code == 2, result.output
    assert "symlink" in result.output and name in result.output
    assert "TOP SECRET" not in result.output
    assert secret.read_text().endswith("TOP SECRET\n")
    assert not (repo / "dist").exists()


# --- W3/W4: atomic, and a clean error on a read-only or full disk ------------------------------------


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC])
def test_export_on_a_read_only_or_full_disk_exits_2_and_leaves_out_as_it_was(
    pkg: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "w.json").write_text("old export\n")
    real_replace = os.replace

    def failing(src: Any, dst: Any) -> None:
        if Path(dst).parent == out or Path(dst) == out:
            raise OSError(code, os.strerror(code), str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    result = run("export", str(pkg), "--out", str(out), "--format", "json")
    assert result.exit_code == 2, result.output
    assert os.strerror(code) in result.output and str(out) in result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert [p.name for p in out.iterdir()] == ["w.json"]
    assert (out / "w.json").read_text() == "old export\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.export-")]


class _FullFile:
    """A file object whose writes fail as on a full disk."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __enter__(self) -> _FullFile:
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC])
def test_fmt_on_a_read_only_or_full_disk_exits_2_and_leaves_the_file(
    make_package: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    pkg = make_package(DESCRIPTOR, {"data/items.csv": "id,n\nb2,2\na1,1\n"})
    before = tree(pkg)
    if code == errno.EROFS:  # the temporary file cannot even be created

        def refuse(*args: Any, **kwargs: Any) -> Any:
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(safe_write.tempfile, "mkstemp", refuse)
    else:  # created, then the disk fills up while writing
        monkeypatch.setattr(safe_write.os, "fdopen", lambda fd, mode: _FullFile(fd))
    result = run("fmt", str(pkg))
    assert result.exit_code == 2, result.output
    assert os.strerror(code) in result.output and "items.csv" in result.output
    assert "internal error" not in result.output
    assert tree(pkg) == before


def test_write_bytes_leaves_no_temporary_file_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "f.txt"
    target.write_text("before")

    def failing(src: Any, dst: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(safe_write.UsageProblem, match="No space left"):
        safe_write.write_bytes(target, b"after")
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]
    assert target.read_text() == "before"


def test_export_publish_failure_midway_puts_the_old_artifacts_back(
    pkg: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert run("export", str(pkg), "--out", str(out), "--format", "json,sqlite").exit_code == 0
    before = tree(out)
    (pkg / "data" / "items.csv").write_text(CSV + "c3,3\n")
    real_replace = os.replace

    def failing(src: Any, dst: Any) -> None:
        if Path(dst) == out / "SHA256SUMS":  # the last one: every other artifact is already in place
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    result = run("export", str(pkg), "--out", str(out), "--format", "json,sqlite")
    assert result.exit_code == 2, result.output
    assert tree(out) == before
    shutil.rmtree(out)


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC])
def test_site_on_a_read_only_or_full_disk_exits_2_and_leaves_out_as_it_was(
    pkg: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    from ctcoop.site import _Writer

    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("old site\n")

    def failing(self: Any, rel: str, text: str) -> None:
        raise OSError(code, os.strerror(code), str(self.root / rel))

    monkeypatch.setattr(_Writer, "write", failing)
    monkeypatch.setattr("ctcoop.site._write_pages", lambda model, w, *rest: w.write("x.html", ""))
    result = run("site", str(pkg), "--out", str(out), "--no-search")
    assert result.exit_code == 2, result.output
    assert os.strerror(code) in result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert (out / "index.html").read_text() == "old site\n"
