"""diff text and markdown: a long edited cell shows the words that changed, not the same prefix twice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from ctcoop.cli import cli
from ctcoop.diff.cell_diff import changed_parts, side_text

SCHEMA = {
    "fields": [{"name": "id", "type": "string"}, {"name": "text", "type": "string"}],
    "primaryKey": ["id"],
}
DESCRIPTOR: dict[str, Any] = {
    "name": "long",
    "resources": [{"name": "notes", "path": "data/notes.csv", "schema": SCHEMA}],
}
HEAD = "The committee met in New York and heard the briefings of the member states on the work of the year, "
OLD = HEAD + "then adopted its report by consensus and closed the session on the same day."
NEW = HEAD + "then adopted its report by a recorded vote and closed the session on the same day."


def pair(make_package: Callable[..., Path]) -> tuple[Path, Path]:
    old = make_package(DESCRIPTOR, {"data/notes.csv": f'id,text\nn1,"{OLD}"\n'}, name="old")
    new = make_package(DESCRIPTOR, {"data/notes.csv": f'id,text\nn1,"{NEW}"\n'}, name="new")
    return old, new


def test_text_shows_the_changed_words_with_context(make_package: Callable[..., Path]) -> None:
    old, new = pair(make_package)
    result = CliRunner().invoke(cli, ["diff", str(old), str(new), "--no-color"])
    assert result.exit_code == 1, result.output
    line = next(x for x in result.stdout.splitlines() if x.strip().startswith("text:"))
    assert line == (
        '        text: "…adopted its report by [-consensus-] and closed the session…" → '
        '"…adopted its report by {+a recorded vote+} and closed the session…"'
    )


def test_markdown_marks_the_change_in_the_pr_comment(make_package: Callable[..., Path]) -> None:
    old, new = pair(make_package)
    result = CliRunner().invoke(cli, ["diff", str(old), str(new), "--format", "markdown"])
    assert result.exit_code == 1, result.output
    assert (
        "| n1 | text | …adopted its report by <del>consensus</del> and closed the session… "
        "| …adopted its report by <ins>a recorded vote</ins> and closed the session… |"
    ) in result.stdout


def test_a_change_too_long_to_show_whole_is_cut_after_its_start() -> None:
    old = "a " * 30 + "x " * 100
    new = "a " * 30 + "y " * 100
    parts = changed_parts(old, new, 40)
    assert parts is not None
    before, after = (side_text(p, ("[", "]")) for p in parts)
    assert before.startswith("…a a a a [x x") and before.endswith("…")
    assert len(before.strip("…").replace("[", "").replace("]", "")) == 40
    assert after.startswith("…a a a a [y y") and after.endswith("…")
    assert changed_parts("same", "same", 10) is None
