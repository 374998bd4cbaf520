"""The text edits a release makes: descriptor version, CITATION.cff, CHANGELOG.md entry, ID-change log."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ctcoop.errors import CtcoopError
from ctcoop.release_files import citation_with_version, descriptor_with_version
from ctcoop.release_notes import changelog_entry, id_changes_text, prepend_entry, unreleased_notes

DAY = dt.date(2026, 11, 24)
ENTRY = "## [0.2.0] - 2026-11-24\n\nMINOR release.\n"


def test_descriptor_version_replaced_in_place() -> None:
    text = '{\n  "name": "x",\n  "version": "0.1.0",\n'
    text += '  "sources": [{"title": "t", "version": "9"}],\n  "k": [1,2]\n}\n'
    out = descriptor_with_version(text, "0.2.0")
    assert out == text.replace('"version": "0.1.0"', '"version": "0.2.0"')  # formatting kept


def test_descriptor_without_version_gets_one_after_the_name() -> None:
    out = descriptor_with_version('{"name": "x", "title": "T"}', "1.0.0")
    assert list(json.loads(out)) == ["name", "version", "title"] and json.loads(out)["version"] == "1.0.0"


def test_descriptor_that_is_not_json_is_refused() -> None:
    with pytest.raises(CtcoopError, match="not valid JSON"):
        descriptor_with_version("{", "1.0.0")


def test_citation_lines_replaced_or_appended() -> None:
    text = 'cff-version: 1.2.0\nversion: 0.1.0\ndate-released: "2020-01-01"\nkeywords:\n  - a\n'
    assert citation_with_version(text, "0.2.0", DAY) == text.replace("0.1.0", "0.2.0").replace(
        "2020-01-01", "2026-11-24"
    )
    bare = "cff-version: 1.2.0\nkeywords:\n  - version: not-top-level"
    out = citation_with_version(bare, "1.0.0", DAY)
    assert out.endswith('  - version: not-top-level\nversion: 1.0.0\ndate-released: "2026-11-24"\n')


@pytest.mark.parametrize(
    "heading",
    [
        "## Unreleased",
        "## [Unreleased]",
        "## Unreleased (0.1.0)",
        "## unreleased",
        "## UNRELEASED",
        "## [unreleased] - next",
        "##  Unreleased  ",
    ],
)
def test_every_form_of_the_unreleased_heading_gives_its_notes_to_the_entry(heading: str) -> None:
    text = (
        f"# Changelog\n\nIntro.\n\n{heading}\n\n### Fixed\n- a typo\n\n## [0.1.0] - 2026-01-01\n\nFirst.\n"
    )
    notes = unreleased_notes(text)
    assert notes == "### Fixed\n- a typo"
    entry = changelog_entry("0.2.0", DAY, None, previous_tag=None, row_counts={"bodies": 2}, notes=notes)
    assert entry == (
        "## [0.2.0] - 2026-11-24\n\nFirst release: no earlier release tag (v*) to compare with.\n\n"
        "### Fixed\n- a typo\n\n### Contents\n\n- bodies: 2 rows\n\n"
    )
    assert prepend_entry(text, entry) == (
        "# Changelog\n\nIntro.\n\n## Unreleased\n\n" + entry + "## [0.1.0] - 2026-01-01\n\nFirst.\n"
    )


def test_unreleased_is_a_word_not_a_prefix() -> None:
    assert unreleased_notes("# C\n\n## Unreleasedness\n\nx\n") == ""
    assert unreleased_notes("# C\n\n## Unreleased\n\n## [0.1.0]\n") == ""


def test_changelog_without_unreleased_or_without_file() -> None:
    out = prepend_entry("# Changelog\n\n## [0.1.0] - 2026-01-01\n", ENTRY)
    assert (
        out == "# Changelog\n\n## Unreleased\n\n## [0.2.0] - 2026-11-24\n\nMINOR release.\n\n"
        "## [0.1.0] - 2026-01-01\n"
    )
    assert prepend_entry(None, ENTRY) == "# Changelog\n\n## Unreleased\n\n" + ENTRY


def test_id_change_log_appends_and_replaces_a_rerun() -> None:
    rec = {
        "version": "0.2.0",
        "date": "2026-11-24",
        "resource": "r",
        "key": ["id"],
        "old": {"id": "a"},
        "new": {"id": "b"},
    }
    first = id_changes_text(None, [rec], "0.2.0")
    again = id_changes_text(first, [rec], "0.2.0")
    assert json.loads(again)["changes"] == [rec]
    later = dict(rec, version="0.3.0")
    assert [c["version"] for c in json.loads(id_changes_text(again, [later], "0.3.0"))["changes"]] == [
        "0.2.0",
        "0.3.0",
    ]
    with pytest.raises(CtcoopError, match="not rewritten"):
        id_changes_text("[]", [rec], "0.2.0")
