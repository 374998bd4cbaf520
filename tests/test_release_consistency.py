"""The version and the project's address agree everywhere a user reads them."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _read(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def _one(pattern: str, text: str) -> str:
    found = re.search(pattern, text, re.M)
    assert found is not None, pattern
    return found.group(1)


def test_citation_version_and_urls_agree_with_the_descriptor() -> None:
    descriptor = json.loads(_read("datapackage.json"))
    citation = _read("CITATION.cff")
    assert _one(r"^version: (\S+)$", citation) == descriptor["version"]
    homepage = descriptor["homepage"]
    assert _one(r'^repository-code: "([^"]+)"$', citation) == homepage
    for name in (".pre-commit-hooks.yaml", "CONTRIBUTING.md"):
        assert set(re.findall(r"repo: (\S+)", _read(name))) == {homepage}, name


def test_readme_and_pre_commit_name_one_release() -> None:
    readme_versions = set(re.findall(r"ctcoop-(\d+\.\d+\.\d+)", _read("README.md")))
    revs = {
        v
        for name in (".pre-commit-hooks.yaml", "CONTRIBUTING.md")
        for v in re.findall(r"rev: v(\d+\.\d+\.\d+)", _read(name))
    }
    assert len(readme_versions) == 1 and revs == readme_versions
