"""The GitHub workflows, pre-commit hooks and issue forms: parsed and checked, not run on GitHub.

What is checked: triggers, minimal permissions and no secrets, actions pinned by version, the
steps the contribution workflow promises (install from pyproject, tests, validate with
annotations, fmt --check, stats and diff in the job summary, one updated pull-request comment,
export and a release with the CHANGELOG entry), that every ctcoop option the files use exists,
and, by running the very command lines of the workflow on fixture packages, that a broken
reference fails the job. The two Python steps of the release workflow run here on samples.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from ctcoop.cli import COMMANDS, cli

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict[Any, Any]) -> Any:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as True


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for job in workflow["jobs"].values() for s in job["steps"]]


def runs(workflow: dict[str, Any]) -> str:
    return "\n".join(str(s.get("run", "")) for s in steps(workflow))


def step_running(workflow: dict[str, Any], text: str) -> dict[str, Any]:
    found = [s for s in steps(workflow) if text in str(s.get("run", ""))]
    assert len(found) == 1, f"expected one step running {text!r}"
    return found[0]


CI = load(WORKFLOWS / "ci.yml")
RELEASE = load(WORKFLOWS / "release.yml")
HOOKS = load(ROOT / ".pre-commit-hooks.yaml")


# --- ci.yml ------------------------------------------------------------------------------------

def test_ci_runs_on_pull_requests_and_pushes() -> None:
    on = triggers(CI)
    assert "pull_request" in on and "push" in on


def test_ci_installs_from_pyproject_then_tests() -> None:
    order = [str(s.get("run", s.get("uses", ""))) for s in steps(CI)]
    install = next(i for i, r in enumerate(order) if "pip install -e '.[dev]'" in r)
    tests = next(i for i, r in enumerate(order) if r.startswith("pytest"))
    validate = next(i for i, r in enumerate(order) if "ctcoop validate" in r)
    assert install < tests < validate
    assert any(s.get("uses", "").startswith("actions/setup-python@") for s in steps(CI))


def test_ci_checks_the_data_and_writes_the_job_summary() -> None:
    assert step_running(CI, "ctcoop validate --format github")
    assert step_running(CI, "ctcoop fmt --check")
    stats = step_running(CI, "ctcoop stats")
    assert stats["run"].strip() == 'ctcoop stats --format markdown >> "$GITHUB_STEP_SUMMARY"'
    diff = step_running(CI, "ctcoop diff")
    assert re.search(r'ctcoop diff "\$BASE" HEAD --format markdown', diff["run"])
    assert '>> "$GITHUB_STEP_SUMMARY"' in diff["run"]
    assert "pull_request.base.sha" in diff["env"]["BASE"]


def test_failures_fail_the_job_and_information_runs_anyway() -> None:
    for text in ("ctcoop validate", "ctcoop fmt --check", "pytest"):
        step = next(s for s in steps(CI) if str(s.get("run", "")).startswith(text))
        assert not step.get("continue-on-error"), f"{text} must be able to fail the job"
        assert "|| true" not in step["run"]
    for text in ("ctcoop validate", "ctcoop fmt --check", "ctcoop stats", "ctcoop diff"):
        assert step_running(CI, text).get("if") == "${{ !cancelled() }}", f"{text} runs even when tests fail"


def test_one_pull_request_comment_updated_not_repeated() -> None:
    diff = step_running(CI, "ctcoop diff")
    marker = re.search(r"marker='(<!-- [^']+ -->)'", diff["run"])
    assert marker, "the diff step writes a hidden marker into the comment"
    comment = next(s for s in steps(CI) if s.get("uses", "").startswith("actions/github-script@"))
    script = comment["with"]["script"]
    assert marker.group(1) in script
    assert "updateComment" in script and "createComment" in script
    assert script.index("updateComment") < script.index("createComment"), "update an existing one first"
    assert "github.paginate" in script, "find the comment among all of them"
    assert "github.event_name == 'pull_request'" in comment["if"]
    assert "head.repo.full_name == github.repository" in comment["if"], "forks get a read-only token"


def _all_permissions(workflow: dict[str, Any]) -> list[dict[str, str]]:
    jobs = workflow["jobs"].values()
    return [workflow.get("permissions", {})] + [job.get("permissions", {}) for job in jobs]


@pytest.mark.parametrize("name", ["ci.yml", "release.yml"])
def test_minimal_permissions_and_no_secrets(name: str) -> None:
    workflow = load(WORKFLOWS / name)
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    assert workflow["permissions"] == {"contents": "read"}, "read-only unless a job says otherwise"
    allowed = {"ci.yml": {"contents": {"read"}, "pull-requests": {"write", "read"}},
               "release.yml": {"contents": {"read", "write"}}}[name]
    for perms in _all_permissions(workflow):
        for scope, level in perms.items():
            assert scope in allowed and level in allowed[scope], (scope, level)
    assert "secrets." not in text, "only the default GITHUB_TOKEN"
    assert "pull_request_target" not in text


@pytest.mark.parametrize("name", ["ci.yml", "release.yml"])
def test_actions_are_pinned_by_version(name: str) -> None:
    uses = [s["uses"] for s in steps(load(WORKFLOWS / name)) if "uses" in s]
    assert uses
    for ref in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})", ref), f"{ref} is not pinned"


def test_untrusted_values_reach_scripts_through_env_only() -> None:
    for workflow in (CI, RELEASE):
        for step in steps(workflow):
            assert "${{" not in str(step.get("run", "")), f"use env: for expressions in {step.get('name')}"


# --- every ctcoop command line in the files exists ---------------------------------------------

def _ctcoop_lines() -> list[list[str]]:
    texts = [runs(CI), runs(RELEASE)] + [hook["entry"] for hook in HOOKS]
    found = []
    for text in texts:
        for match in re.finditer(r"(?m)^\s*(ctcoop [^\n|>;&]*)", text):  # command lines, not messages
            words = shlex.split(match.group(1))
            if len(words) > 1 and not words[1].startswith("-"):
                found.append(words)
    return found


def test_every_ctcoop_option_used_exists() -> None:
    lines = _ctcoop_lines()
    assert {w[1] for w in lines} >= {"validate", "fmt", "stats", "diff", "export"}
    for words in lines:
        name = words[1]
        assert name in COMMANDS, f"ctcoop {name} does not exist"
        help_text = CliRunner().invoke(cli, [name, "--help"]).stdout
        for i, word in enumerate(words):
            if word.startswith("--"):
                assert word in help_text, f"ctcoop {name} has no option {word}"
                if word == "--format":
                    assert words[i + 1] in help_text, f"ctcoop {name} --format has no {words[i + 1]}"


# --- the workflow's command lines, run on fixtures ----------------------------------------------

SCHEMA_PARENT = {"fields": [{"name": "id", "type": "string"}], "primaryKey": ["id"]}
SCHEMA_CHILD = {"fields": [{"name": "id", "type": "string"}, {"name": "parent", "type": "string"}],
                "primaryKey": ["id"],
                "foreignKeys": [{"fields": ["parent"],
                                 "reference": {"resource": "parents", "fields": ["id"]}}]}
DESCRIPTOR = {"name": "fixture", "resources": [
    {"name": "parents", "path": "parents.csv", "schema": SCHEMA_PARENT},
    {"name": "children", "path": "children.csv", "schema": SCHEMA_CHILD},
]}


def _invoke(command_line: str, root: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    words = shlex.split(command_line)
    assert words[0] == "ctcoop"
    monkeypatch.chdir(root)
    return CliRunner().invoke(cli, words[1:])


def test_a_broken_reference_fails_the_validate_step(make_package: Callable[..., Path],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    command = step_running(CI, "ctcoop validate")["run"].strip()
    parents = {"parents.csv": "id\np1\n"}
    good = make_package(DESCRIPTOR, {**parents, "children.csv": "id,parent\nc1,p1\n"}, name="good")
    assert _invoke(command, good, monkeypatch).exit_code == 0
    bad = make_package(DESCRIPTOR, {**parents, "children.csv": "id,parent\nc1,p9\n"}, name="bad")
    result = _invoke(command, bad, monkeypatch)
    assert result.exit_code == 1, "a referential-integrity error fails the job"
    assert re.search(r"::error file=children\.csv,line=2\b.*p9", result.stdout), result.stdout


def test_a_non_canonical_csv_fails_the_fmt_step(make_package: Callable[..., Path],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    command = step_running(CI, "ctcoop fmt --check")["run"].strip()
    root = make_package(DESCRIPTOR, {"parents.csv": "id\np2\np1\n", "children.csv": "id,parent\n"})
    assert _invoke(command, root, monkeypatch).exit_code == 1
    assert CliRunner().invoke(cli, ["fmt", str(root)]).exit_code == 0
    assert _invoke(command, root, monkeypatch).exit_code == 0


# --- release.yml ---------------------------------------------------------------------------------

def test_release_runs_on_version_tags_only() -> None:
    assert triggers(RELEASE) == {"push": {"tags": ["v*"]}}


def test_release_builds_with_export_and_publishes_with_the_changelog_notes() -> None:
    order = [str(s.get("run", "")) for s in steps(RELEASE)]
    export = next(i for i, r in enumerate(order) if r.startswith("ctcoop export --out dist"))
    notes = next(i for i, r in enumerate(order) if "CHANGELOG.md" in r)
    publish = next(i for i, r in enumerate(order) if r.startswith("gh release create"))
    assert export < publish and notes < publish
    command = order[publish]
    assert '"$TAG" assets/*' in command and "--notes-file release-notes.md" in command
    assert "--verify-tag" in command
    assert step_running(RELEASE, "gh release create")["env"]["GH_TOKEN"] == "${{ github.token }}"


def _python_step(text: str) -> dict[str, Any]:
    step = next(s for s in steps(RELEASE) if text in str(s.get("run", "")))
    assert step.get("shell") == "python"
    return step


def _run_python(step: dict[str, Any], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", step["run"]], cwd=cwd, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=60)


def test_release_notes_are_the_tag_changelog_entry(tmp_path: Path) -> None:
    from ctcoop.release_notes import changelog_entry, prepend_entry

    first = changelog_entry("0.1.0", dt.date(2026, 1, 2), None, previous_tag=None)
    changelog = prepend_entry("# Changelog\n\nIntro.\n", first)
    changelog = prepend_entry(changelog, "## [0.1.1] - 2026-02-03\n\n- Fixed a date.\n")
    (tmp_path / "CHANGELOG.md").write_text(changelog, encoding="utf-8")
    step = _python_step("CHANGELOG.md")
    done = _run_python(step, tmp_path, {"VERSION": "0.1.0"})
    assert done.returncode == 0, done.stderr
    notes = (tmp_path / "release-notes.md").read_text(encoding="utf-8")
    assert notes == first.split("\n", 1)[1].strip() + "\n"
    assert _run_python(step, tmp_path, {"VERSION": "0.1.1"}).returncode == 0
    assert (tmp_path / "release-notes.md").read_text(encoding="utf-8") == "- Fixed a date.\n"
    missing = _run_python(step, tmp_path, {"VERSION": "0.1"})
    assert missing.returncode != 0 and "no entry" in missing.stderr


def test_release_refuses_a_tag_that_is_not_the_package_version(tmp_path: Path) -> None:
    (tmp_path / "datapackage.json").write_text(json.dumps({"version": "1.2.0"}), encoding="utf-8")
    output = tmp_path / "github-output"
    step = _python_step("GITHUB_OUTPUT")
    ok = _run_python(step, tmp_path, {"TAG": "v1.2.0", "GITHUB_OUTPUT": str(output)})
    assert ok.returncode == 0, ok.stderr
    assert output.read_text(encoding="utf-8") == "version=1.2.0\n"
    wrong = _run_python(step, tmp_path, {"TAG": "v1.3.0", "GITHUB_OUTPUT": str(output)})
    assert wrong.returncode != 0 and "does not match" in wrong.stderr


@pytest.mark.skipif(shutil.which("tar") is None or shutil.which("gzip") is None, reason="needs tar and gzip")
def test_release_assets_are_flat_and_reproducible(tmp_path: Path) -> None:
    step = step_running(RELEASE, "mkdir assets")
    built: list[dict[str, bytes]] = []
    for attempt in ("a", "b"):
        work = tmp_path / attempt
        (work / "dist" / "parquet").mkdir(parents=True)
        (work / "dist" / "ctcoop-1.0.0.zip").write_bytes(b"zip")
        (work / "dist" / "parquet" / "t.parquet").write_bytes(b"pq")
        os.utime(work / "dist" / "parquet" / "t.parquet", (1000 + len(attempt) * ord(attempt),) * 2)
        done = subprocess.run(["bash", "-c", step["run"]], cwd=work, env={**os.environ, "VERSION": "1.0.0"},
                              capture_output=True, text=True, timeout=60)
        if done.returncode != 0 and "--sort" in done.stderr:
            pytest.skip("this tar has no --sort (GNU tar ≥ 1.28 on the runner has)")
        assert done.returncode == 0, done.stderr
        built.append({p.name: p.read_bytes() for p in (work / "assets").iterdir()})
    assert sorted(built[0]) == ["ctcoop-1.0.0-parquet.tar.gz", "ctcoop-1.0.0.zip"]
    assert built[0] == built[1], "the same files give the same bytes"


# --- pre-commit hooks ------------------------------------------------------------------------------

def test_pre_commit_hooks() -> None:
    hooks = {h["id"]: h for h in HOOKS}
    assert hooks["ctcoop-fmt-check"]["entry"] == "ctcoop fmt --check"
    assert hooks["ctcoop-validate"]["entry"] == "ctcoop validate"
    for hook in hooks.values():
        assert hook["language"] == "python", "pre-commit installs the toolkit from pyproject.toml"
        assert hook["pass_filenames"] is False, "the commands check the whole package"
        assert hook["name"] and hook["description"]
        pattern = re.compile(hook["files"])
        assert pattern.search("data/organizations.csv") and pattern.search("datapackage.json")
        assert not pattern.search("README.md") and not pattern.search("tools/ctcoop/cli.py")
    assert re.search(hooks["ctcoop-validate"]["files"], "schemas/organizations.json")


# --- issue forms and pull request template -----------------------------------------------------------

FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"
FIELD_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


@pytest.mark.parametrize("name", ["propose-row.yml", "report-correction.yml", "toolkit-problem.yml"])
def test_issue_form_is_well_formed(name: str) -> None:
    form = load(FORMS / name)
    assert {"name", "description", "body"} <= set(form)
    ids = [item["id"] for item in form["body"] if "id" in item]
    assert len(ids) == len(set(ids)), "ids are unique"
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)
    for item in form["body"]:
        assert item["type"] in FIELD_TYPES
        attrs = item["attributes"]
        if item["type"] == "markdown":
            assert attrs["value"].strip()
            continue
        assert "id" in item and attrs["label"].strip()
        if item["type"] == "dropdown":
            assert attrs["options"] and len(attrs["options"]) == len(set(attrs["options"]))
        if item["type"] == "checkboxes":
            assert all(o["label"].strip() for o in attrs["options"])
    assert any(i.get("validations", {}).get("required") for i in form["body"])


def test_issue_forms_follow_the_schemas() -> None:
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    tables = {r["name"] for r in descriptor["resources"]}
    propose = {i["id"]: i for i in load(FORMS / "propose-row.yml")["body"] if "id" in i}
    assert set(propose["table"]["attributes"]["options"]) <= tables
    errata = next(r for r in descriptor["resources"] if r["name"] == "errata")
    schema = json.loads((ROOT / errata["schema"]).read_text(encoding="utf-8"))
    kinds = next(f for f in schema["fields"] if f["name"] == "kind")["constraints"]["enum"]
    correction = {i["id"]: i for i in load(FORMS / "report-correction.yml")["body"] if "id" in i}
    assert correction["kind"]["attributes"]["options"] == kinds
    for key in ("row", "correct", "evidence"):
        assert correction[key]["validations"]["required"] is True


def test_issue_chooser_and_pull_request_template() -> None:
    config = load(FORMS / "config.yml")
    assert config["blank_issues_enabled"] is False
    urls = [link["url"] for link in config["contact_links"]]
    assert any(u.endswith("/CONTRIBUTING.md") for u in urls)
    template = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    for must in ("citations.csv", "ctcoop validate", "ctcoop fmt", "errata", "ctcoop docs"):
        assert must in template
