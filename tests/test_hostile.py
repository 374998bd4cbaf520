"""Every hostile case (tests/hostile/cases.py) through every command it lists, in a subprocess.

Each command must end with exit 1 (invalid input) or 2 (could not run), name the file or the
code point, print no traceback and no "internal error", print no raw control character, write
nothing but its output folder, and stay under 30 s and 1 GiB (address-space limit).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hostile.cases import CASES, Case

ROOT = Path(__file__).resolve().parent.parent
MEMORY = 1024**3  #: peak resident memory allowed per command run (ru_maxrss)
ADDRESS_SPACE = 4 * 1024**3  #: hard cap on the run's address space (thread stacks reserve a lot)
SECONDS = 30
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def snapshot(root: Path, skip: Path) -> dict[str, Any]:
    """What is under ``root`` (not following links): type, size and content hash of regular files."""
    out: dict[str, Any] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            if p == skip or skip in p.parents:
                continue
            st = p.lstat()
            if stat.S_ISREG(st.st_mode):
                digest = hashlib.sha256()
                with open(p, "rb") as fh:
                    for block in iter(lambda fh=fh: fh.read(1 << 20), b""):
                        digest.update(block)
                out[str(p)] = ("file", st.st_size, digest.hexdigest())
            elif stat.S_ISLNK(st.st_mode):
                out[str(p)] = ("link", os.readlink(p))
            else:
                out[str(p)] = (stat.S_IFMT(st.st_mode),)
    return out


def run_case(case: Case, tmp_path: Path) -> tuple[list[dict[str, Any]], Path]:
    pkg = case.build(tmp_path)
    out = tmp_path / "out"
    before = snapshot(tmp_path, out)
    argv = [sys.executable, str(ROOT / "tests" / "hostile" / "run.py"), str(ADDRESS_SPACE), str(pkg),
            str(out), str(tmp_path / "base"), *case.commands]
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT,
                          timeout=SECONDS * len(case.commands) + 20, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["command"] for r in results] == list(case.commands)
    assert snapshot(tmp_path, out) == before, "a command wrote outside its output folder"
    return results, pkg


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_case(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    results, _ = run_case(case, tmp_path)
    for r in results:
        where = f"{name} / {r['command']}: {r['output'][-2000:]!r}"
        assert r["exit"] in ((1, 2) if case.must_fail(r["command"]) else (0, 1, 2)), where
        assert "Traceback" not in r["output"] and "internal error" not in r["output"], where
        assert not RAW_CONTROL.search(r["output"]), where
        if case.must_fail(r["command"]):
            assert case.names in r["output"], where
        assert r["seconds"] < SECONDS, where
        assert r["maxrss_kib"] * 1024 < MEMORY, where
    if "validate-github" in case.commands:
        github = next(r for r in results if r["command"] == "validate-github")["output"]
        for line in github.splitlines():
            assert not line.startswith("::") or line.startswith(("::error ", "::warning ", "::notice ")), line
