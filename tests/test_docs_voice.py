"""The docs speak to users about what the code does, not about the project's issues and targets."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HISTORY = re.compile(r"\bissue #\d+|\bthe issue's\b|\bthe issue (asks|wants|says)\b", re.IGNORECASE)


def test_user_docs_do_not_talk_about_issues() -> None:
    pages = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
    found = [
        f"{page.relative_to(ROOT)}:{n}: {line.strip()[:100]}"
        for page in pages
        for n, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1)
        if HISTORY.search(line)
    ]
    assert found == []
