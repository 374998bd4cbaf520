"""What the README tells a newcomer to build inside the repository is ignored by git.

An output folder that git sees (``ctcoop site --out site`` before ``site/`` was ignored) leaves
thousands of untracked files, and ``ctcoop release`` then refuses the dirty work tree.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]


def _outputs() -> set[str]:
    """The concrete folders given to ``--out`` in the docs' commands (not placeholders like DIR)."""
    found: set[str] = set()
    for doc in DOCS:
        found |= set(re.findall(r"--out ([a-z][a-z0-9_.-]*)\b", doc.read_text(encoding="utf-8")))
    return found


def test_the_readme_builds_dist_and_site() -> None:
    assert _outputs() >= {"dist", "site"}


def test_every_documented_output_folder_is_ignored(tmp_path: Path) -> None:
    shutil.copy2(ROOT / ".gitignore", tmp_path / ".gitignore")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    outputs = sorted(_outputs())
    probe = subprocess.run(["git", "check-ignore", *[f"{o}/index.html" for o in outputs]],
                           cwd=tmp_path, capture_output=True, text=True, check=False)
    assert probe.stdout.splitlines() == [f"{o}/index.html" for o in outputs]
