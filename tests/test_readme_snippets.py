"""Every code block of README.md runs: Python, R, and shell, in a temporary copy of the repository.

Blocks in "Download and use" run in a folder holding the release files (``ctcoop export`` of
the copy, its zip unzipped by the section's own ``unzip`` block, which comes before any block
that reads the unzipped package); every other block runs at the root of the copy, which is a git
repository with two commits (the toolkit snippet diffs ``HEAD~1``), and must leave it clean (a
snippet that writes into the repository fails). A block whose tool or R package is not
installed is skipped, saying which. A block preceded by ``<!-- snippet: skip, REASON -->`` is
skipped with that reason (``pytest -rs`` lists the reasons).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BIN = Path(sys.executable).parent
RELEASE_SECTION = "Download and use"
_SKIP = re.compile(r"<!--\s*snippet:\s*skip,\s*(.+?)\s*-->")

#: what a snippet must also leave true, by a text it contains: code of its language appended to it
CHECKS = {
    'countries = pd.read_csv("ctcoop-': (
        'assert countries.loc[countries.id == "AFG", "numeric"].item() == "004", "ISO numeric kept as text"\n'
        'assert countries.loc[countries.id == "NAM", "alpha2"].item() == "NA", "Namibia is not missing"\n'
    ),
    'countries <- read.csv("ctcoop-': (
        'stopifnot("ISO numeric kept as text" = identical(countries$numeric[countries$id == "AFG"], "004"))\n'
        'stopifnot("Namibia is not missing" = identical(countries$alpha2[countries$id == "NAM"], "NA"))\n'
    ),
}


@dataclass(frozen=True)
class Snippet:
    line: int
    lang: str
    code: str
    section: str
    skip: str | None

    @property
    def id(self) -> str:
        return f"README.md:{self.line}:{self.lang or 'text'}"


def snippets() -> list[Snippet]:
    out: list[Snippet] = []
    lines = README.read_text(encoding="utf-8").splitlines()
    section, i = "", 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("## "):
            section = line[3:].strip()
        if line.startswith("```"):
            lang, start, body = line[3:].strip(), i + 1, []
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            before = next((lines[k] for k in range(start - 2, -1, -1) if lines[k].strip()), "")
            skip = _SKIP.search(before)
            out.append(Snippet(start, lang, "\n".join(body) + "\n", section, skip.group(1) if skip else None))
        i += 1
    return out


def _git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    return subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("readme") / "ctcoop"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False)
    names = [n for n in tracked.stdout.decode("utf-8").split("\0") if n] if tracked.returncode == 0 else []
    if not names:  # not a git checkout (an unpacked source archive): copy what is there
        shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(".git", ".venv", "dist", "__pycache__"))
    for name in names:
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    _git(dest, "init", "-q")
    _git(dest, "add", "-A")
    _git(dest, "commit", "-q", "-m", "copy")
    _git(dest, "commit", "-q", "--allow-empty", "-m", "second")
    return dest


@pytest.fixture(scope="module")
def release_dir(repo_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ctcoop.export import export_package

    out = tmp_path_factory.mktemp("release")
    export_package(repo_copy, out)
    done = _run(_unzip_snippet(), out)  # as a reader does: the README's own unzip command
    assert done.returncode == 0, done.stderr
    return out


def _unzip_snippet() -> Snippet:
    """The "Download and use" block that unzips the release's package."""
    found = [s for s in ALL
             if s.section == RELEASE_SECTION and s.lang == "bash" and s.code.startswith("unzip ")]
    assert found, f"'{RELEASE_SECTION}' has no block that starts with unzip"
    return found[0]


def _missing_tool(snippet: Snippet) -> str | None:
    if snippet.lang == "r":
        if shutil.which("Rscript") is None:
            return "Rscript is not installed"
        wanted = {a or b for a, b in re.findall(r"library\((\w+)\)|(\w+)::", snippet.code)}
        for listed in re.findall(r"install\.packages\(([^)]*)\)", snippet.code):  # named in a comment
            wanted |= set(re.findall(r'"(\w+)"', listed))
        for name in sorted(wanted):
            probe = subprocess.run(
                ["Rscript", "-e", f"quit(status = !requireNamespace('{name}', quietly = TRUE))"],
                capture_output=True,
                check=False,
            )
            if probe.returncode != 0:
                return f"the R package {name} is not installed"
    if snippet.lang == "bash":
        for tool in ("sqlite3", "unzip"):
            if re.search(rf"(^|\s){tool}\s", snippet.code) and shutil.which(tool) is None:
                return f"{tool} is not installed"
    return None


def _run(snippet: Snippet, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "NO_COLOR": "1"}
    if snippet.lang == "python":
        code = snippet.code + "".join(extra for key, extra in CHECKS.items() if key in snippet.code)
        cmd = [sys.executable, "-c", code]
    elif snippet.lang == "r":
        code = snippet.code + "".join(extra for key, extra in CHECKS.items() if key in snippet.code)
        cmd = ["Rscript", "-e", code]
    else:
        cmd = ["bash", "-euo", "pipefail", "-c", snippet.code]
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)


ALL = snippets()


def test_the_readme_has_snippets_of_each_kind() -> None:
    assert {s.lang for s in ALL} >= {"python", "r", "bash"}


def test_the_package_is_unzipped_before_a_snippet_reads_it() -> None:
    """A reader runs the blocks in order: none may read ``ctcoop-<version>/`` before it is unzipped."""
    unzip = _unzip_snippet()
    readers = [s.line for s in ALL
               if s.section == RELEASE_SECTION and s is not unzip and re.search(r"ctcoop-[0-9.]+/", s.code)]
    assert readers and unzip.line < min(readers)


@pytest.mark.parametrize("snippet", ALL, ids=[s.id for s in ALL])
def test_readme_snippet_runs(snippet: Snippet, repo_copy: Path, request: pytest.FixtureRequest) -> None:
    if snippet.skip:
        pytest.skip(f"README.md line {snippet.line}: {snippet.skip}")
    if snippet.lang not in ("python", "r", "bash"):
        pytest.skip(f"README.md line {snippet.line}: a '{snippet.lang or 'text'}' block is not code to run")
    missing = _missing_tool(snippet)
    if missing:
        pytest.skip(f"README.md line {snippet.line}: {missing}")
    in_release = snippet.section == RELEASE_SECTION
    cwd = request.getfixturevalue("release_dir") if in_release else repo_copy
    runs = 1 if in_release else 2  # a snippet run twice must give the same output (no duplicated rows)
    outputs = []
    for _ in range(runs):
        done = _run(snippet, cwd)
        assert done.returncode == 0, f"README.md line {snippet.line} failed:\n{done.stderr[-3000:]}"
        outputs.append(done.stdout)
        if not in_release:
            assert _git(repo_copy, "status", "--porcelain") == "", "the snippet wrote into the repository"
    assert len(set(outputs)) == 1, "the snippet's output changed when it ran again"
