"""ctcoop release end to end on small git repositories: first release, bumps, refusals, files, tag."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ctcoop.cli import cli
from ctcoop.errors import CtcoopError
from ctcoop.release import last_release_tag, plan_release

SCHEMA = {
    "fields": [
        {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
        {"name": "name_en", "type": "string"},
        {"name": "name_ar", "type": "string"},
        {"name": "members", "type": "integer"},
    ],
    "primaryKey": ["id"],
}
DATA = "id,name_en,name_ar,members\nb-1,Council,مجلس,15\nb-2,Office,مكتب,3\n"
CHANGELOG = "# Changelog\n\nIntro.\n\n## Unreleased\n\n### Added\n- The first tables.\n"
CITATION = 'cff-version: 1.2.0\ntitle: "Mini"\nversion: 0.1.0\nlicense: CC-BY-4.0\n'


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    (root / "data").mkdir(parents=True)
    (root / "schemas").mkdir()
    git(root, "init", "-q", "-b", "main")
    for key, value in [
        ("user.name", "Test"),
        ("user.email", "t@example.org"),
        ("commit.gpgsign", "false"),
        ("tag.gpgsign", "false"),
    ]:
        git(root, "config", key, value)
    desc = {
        "name": "mini",
        "title": "Mini",
        "version": "0.1.0",
        "resources": [
            {"name": "bodies", "path": "data/bodies.csv", "format": "csv", "schema": "schemas/bodies.json"}
        ],
    }
    (root / "datapackage.json").write_text(
        json.dumps(desc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (root / "schemas" / "bodies.json").write_text(json.dumps(SCHEMA, indent=2), encoding="utf-8")
    (root / "data" / "bodies.csv").write_text(DATA, encoding="utf-8")
    (root / "CHANGELOG.md").write_text(CHANGELOG, encoding="utf-8")
    (root / "CITATION.cff").write_text(CITATION, encoding="utf-8")
    (root / ".gitignore").write_text("dist/\n", encoding="utf-8")
    commit(root, "initial")
    monkeypatch.chdir(root)
    return root


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def release(*args: str) -> Any:
    return CliRunner().invoke(cli, ["release", *args])


def edit(root: Path, text: str) -> None:
    (root / "data" / "bodies.csv").write_text(text, encoding="utf-8")
    commit(root, "edit data")


def test_first_release_then_tagged(repo: Path) -> None:
    result = release("--tag")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "First release: no earlier release tag (v*) found. Compared with an empty history the package "
        "requires a MAJOR bump from 0.0.0; releasing 1.0.0.\n"
        "  1 resource added (their row counts are in the CHANGELOG entry)\n"
        "  major  package: descriptor properties added: name\n"
        "  patch  package: descriptor properties added: title\n"
    )
    assert last_release_tag(repo) == "v1.0.0"
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.startswith("# Changelog\n\nIntro.\n\n## Unreleased\n\n## [1.0.0] - ")
    assert "- bodies: 2 rows" in changelog and "- The first tables." in changelog  # hand notes absorbed
    assert 'date-released: "' in (repo / "CITATION.cff").read_text(encoding="utf-8")
    assert git(repo, "status", "--porcelain") == ""  # committed exactly what it wrote
    assert (repo / "dist" / "mini-1.0.0.zip").is_file() and (repo / "dist" / "SHA256SUMS").is_file()


def test_auto_bump_writes_version_everywhere_and_prints_tag_command(repo: Path) -> None:
    assert release("--tag").exit_code == 0
    edit(repo, DATA + "b-3,Forum,منتدى,7\n")
    result = release()
    assert result.exit_code == 0, result.output
    assert "MINOR release v1.0.0 → v1.1.0" in result.stdout
    assert "git tag -a v1.1.0 -m 'Release v1.1.0'" in result.stdout
    desc_text = (repo / "datapackage.json").read_text(encoding="utf-8")
    assert json.loads(desc_text)["version"] == "1.1.0"
    assert git(repo, "diff", "--stat", "datapackage.json").count("1 insertion") == 1  # only the version line
    assert "version: 1.1.0" in (repo / "CITATION.cff").read_text(encoding="utf-8")
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.index("## [1.1.0]") < changelog.index("## [1.0.0]")
    assert "- **minor** bodies: 1 row added" in changelog and "`b-3`" in changelog
    assert git(repo, "tag", "--list") == "v1.0.0\n"  # not tagged without --tag


def test_bump_smaller_than_required_is_refused(repo: Path) -> None:
    assert release("--tag").exit_code == 0
    edit(repo, DATA.replace("b-2,Office,مكتب,3\n", ""))  # a row removed: MAJOR
    before = {
        p: p.read_bytes() for p in (repo / "datapackage.json", repo / "CHANGELOG.md", repo / "CITATION.cff")
    }
    result = release("--bump", "minor")
    assert result.exit_code == 2
    assert "--bump minor is too small" in result.output and "MAJOR" in result.output
    assert all(p.read_bytes() == b for p, b in before.items())
    assert release("--bump", "major", "--dry-run").exit_code == 0
    assert all(p.read_bytes() == b for p, b in before.items())  # a dry run writes nothing


def test_larger_bump_than_required_is_allowed(repo: Path) -> None:
    assert release("--tag").exit_code == 0
    edit(repo, DATA.replace("Council", "Security Council"))  # PATCH
    result = release("--bump", "minor", "--tag")
    assert result.exit_code == 0, result.output
    assert last_release_tag(repo) == "v1.1.0"


def test_dirty_work_tree_is_refused(repo: Path) -> None:
    (repo / "data" / "bodies.csv").write_text(DATA + "b-3,Forum,منتدى,7\n", encoding="utf-8")
    result = release()
    assert result.exit_code == 2 and "not clean" in result.output and "data/bodies.csv" in result.output
    git(repo, "checkout", "--", "data/bodies.csv")
    (repo / "notes.txt").write_text("untracked", encoding="utf-8")
    assert release().exit_code == 2


def test_an_untracked_build_folder_is_named_once(repo: Path) -> None:
    for n in range(8):  # e.g. a website built into the repository: thousands of files, one folder
        (repo / "site" / "en").mkdir(parents=True, exist_ok=True)
        (repo / "site" / "en" / f"page{n}.html").write_text("<p>", encoding="utf-8")
    result = release("--dry-run")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "Error: the work tree is not clean: site/\n"
        "  hint: commit or remove these changes first; a release is cut from a committed state\n"
    )


def test_invalid_package_is_refused(repo: Path) -> None:
    edit(repo, DATA.replace(",15\n", ",fifteen\n"))
    result = release()
    assert result.exit_code == 2 and "not a valid package" in result.output


def test_nothing_changed_needs_an_explicit_bump(repo: Path) -> None:
    assert release("--tag").exit_code == 0
    result = release()
    assert result.exit_code == 2 and "nothing in the package changed since v1.0.0" in result.output
    assert release("--bump", "patch", "--dry-run").exit_code == 0


def test_changed_ids_are_recorded(repo: Path) -> None:
    assert release("--tag").exit_code == 0
    edit(repo, DATA.replace("b-2,", "b-20,"))
    result = release("--tag")
    assert result.exit_code == 0, result.output
    assert last_release_tag(repo) == "v2.0.0"
    log = json.loads((repo / "docs" / "id-changes.json").read_text(encoding="utf-8"))
    assert log["format"] == "ctcoop-id-changes/1"
    assert log["changes"] == [
        {
            "version": "2.0.0",
            "date": dt.date.today().isoformat(),
            "resource": "bodies",
            "key": ["id"],
            "old": {"id": "b-2"},
            "new": {"id": "b-20"},
        }
    ]
    assert "- bodies: `b-2` → `b-20`" in (repo / "CHANGELOG.md").read_text(encoding="utf-8")


def test_failed_artifact_build_restores_every_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ctcoop.export

    before = {
        p: p.read_bytes() for p in (repo / "datapackage.json", repo / "CHANGELOG.md", repo / "CITATION.cff")
    }

    def broken(*_args: Any, **_kw: Any) -> list[Path]:
        raise CtcoopError("disk full")

    monkeypatch.setattr(ctcoop.export, "export_package", broken)
    result = release()
    assert result.exit_code == 2 and "disk full" in result.output
    assert all(p.read_bytes() == b for p, b in before.items())
    assert git(repo, "status", "--porcelain") == ""


def test_existing_tag_for_the_new_version_is_refused(repo: Path) -> None:
    assert release("--tag").exit_code == 0
    git(repo, "checkout", "-q", "-b", "other")
    edit(repo, DATA + "b-9,Elsewhere,مكان,1\n")
    git(repo, "tag", "v1.1.0")  # released from a branch that main never merged
    git(repo, "checkout", "-q", "main")
    edit(repo, DATA + "b-3,Forum,منتدى,7\n")
    assert last_release_tag(repo) == "v1.0.0"
    with pytest.raises(CtcoopError, match=r"tag v1\.1\.0 already exists"):
        plan_release(repo, bump="auto")


def test_dry_run_prints_the_changelog_entry_exactly_as_written_with_the_notes_first(repo: Path) -> None:
    (repo / "CHANGELOG.md").write_text(
        "# Changelog\n\nIntro.\n\n## Unreleased (0.1.0)\n\n### Data\n- Two bodies, in English and Arabic.\n",
        encoding="utf-8",
    )
    commit(repo, "notes")
    dry = release("--dry-run")
    assert dry.exit_code == 0, dry.output
    shown = dry.stdout.split("CHANGELOG entry:\n\n", 1)[1]
    assert shown.index("- Two bodies, in English and Arabic.") < shown.index("- bodies: 2 rows")
    assert release("--tag").exit_code == 0
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog == "# Changelog\n\nIntro.\n\n## Unreleased\n\n" + shown
    assert "(0.1.0)" not in changelog and changelog.count("Two bodies") == 1


def _no_identity(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = repo.parent / "empty-home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(var, raising=False)
    git(repo, "config", "--unset", "user.name")
    git(repo, "config", "--unset", "user.email")
    git(repo, "config", "user.useConfigOnly", "true")  # no guess from the host name either


def _state(repo: Path) -> tuple[dict[str, bytes], str, str, str]:
    names = ("datapackage.json", "CHANGELOG.md", "CITATION.cff")
    files = {name: (repo / name).read_bytes() for name in names}
    head, status = git(repo, "rev-parse", "HEAD"), git(repo, "status", "--porcelain")
    return files, head, status, git(repo, "tag", "--list")


def test_release_tag_without_a_git_identity_changes_nothing(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_identity(repo, monkeypatch)
    before = _state(repo)
    result = release("--tag")
    assert result.exit_code == 2
    assert "git has no identity" in result.output and "git config user.name" in result.output
    assert _state(repo) == before and before[2] == ""


def test_release_tag_whose_commit_fails_restores_files_index_and_history(repo: Path) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'hook says no' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    before = _state(repo)
    result = release("--tag")
    assert result.exit_code == 2 and "git commit" in result.output
    assert _state(repo) == before and before[2] == ""


def test_release_workflow_publishes_the_hand_written_notes(repo: Path) -> None:
    from test_workflows import _python_step, _run_python

    (repo / "CHANGELOG.md").write_text(
        "# Changelog\n\n## [Unreleased]\n\n- Two bodies. / هيئتان.\n", encoding="utf-8"
    )
    commit(repo, "notes")
    assert release("--tag").exit_code == 0
    done = _run_python(_python_step("CHANGELOG.md"), repo, {"VERSION": "1.0.0"})
    assert done.returncode == 0, done.stderr
    notes = (repo / "release-notes.md").read_text(encoding="utf-8")
    assert notes == (
        "First release: no earlier release tag (v*) to compare with.\n\n- Two bodies. / هيئتان.\n\n"
        "### Contents\n\n- bodies: 2 rows\n"
    )
