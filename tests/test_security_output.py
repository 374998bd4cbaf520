"""Output rules (docs/security.md, O1-O2): nothing from a package reaches a terminal or a CI log raw."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from ctcoop.cli import cli
from ctcoop.escape import gh_data, gh_property, visible

FIELDS = [{"name": "id", "type": "string"}, {"name": "n", "type": "integer"}]


def test_visible_writes_every_control_character_as_an_escape() -> None:
    assert visible("a\x1b[31mb\x07c\rd\ne\x00f\x85g\u202eh\tok") == (
        "a\\x1b[31mb\\x07c\\rd\\ne\\x00f\\x85g\\u202eh\tok"
    )
    assert visible("Arabic عربي stays") == "Arabic عربي stays"


def test_github_escaping_follows_the_workflow_command_rules() -> None:
    assert gh_data("50% done\r\n::notice::x") == "50%25 done%0D%0A::notice::x"
    assert gh_property("data/a,b:c\n%") == "data/a%2Cb%3Ac%0A%25"
    assert gh_data("bell\x07 esc\x1b") == "bell\\x07 esc\\x1b"


def _package(make_package: Callable[..., Path], path: str, csv: str) -> Path:
    resource = {"name": "items", "path": path, "schema": {"fields": FIELDS, "primaryKey": ["id"]}}
    descriptor = {"name": "o", "ctcoop:rules": {"text-hygiene": "error"}, "resources": [resource]}
    return make_package(descriptor, {path: csv} if "\n" not in path else {})


def test_validate_text_shows_esc_and_bel_as_escapes(make_package: Callable[..., Path]) -> None:
    pkg = _package(make_package, "data/items.csv", "id,n\na\x1b]0;pwned\x07,1\n")
    result = CliRunner().invoke(cli, ["validate", str(pkg)])
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    expected = "data/items.csv:2:1: error[control-character] id holds the control character U+001B"
    assert expected in result.output


def test_validate_github_cannot_start_a_workflow_command(make_package: Callable[..., Path]) -> None:
    pkg = _package(make_package, "data/x\n::notice file=a::pwned.csv", "")
    result = CliRunner().invoke(cli, ["validate", "--format", "github", str(pkg)])
    assert result.exit_code == 1
    own = ("::error ", "::warning ", "::notice ")
    assert all(line.startswith(own) for line in result.output.splitlines() if line.startswith("::"))
    assert "control or invisible character U+000A" in result.output


def test_fmt_check_output_escapes_what_comes_from_the_package(capsys: pytest.CaptureFixture[str]) -> None:
    from ctcoop.commands.fmt import _render
    from ctcoop.errors import CtcoopError
    from ctcoop.fmt import FileStatus, FmtFile, FmtResult
    from ctcoop.tables.canonical import CanonicalCheck

    where = CanonicalCheck(resource="items", file="data/x\n::notice::pwned.csv", canonical=False, line=2,
                           reason="cell\r\x1b[2J")
    error = str(CtcoopError("line 3\n::error::holds x", file="data/y\n::error::x", hint="fix\nit"))
    result = FmtResult(package="p", check_only=True, files=[
        FmtFile("items", "data/x\n::notice::pwned.csv", FileStatus.NOT_CANONICAL, check=where),
        FmtFile("other", "data/y.csv", FileStatus.ERROR, error=error),
    ])
    _render(result)
    out = capsys.readouterr()
    assert out.out == "data/x\\n::notice::pwned.csv:2: not canonical: cell\\r\\x1b[2J\n"
    assert out.err.splitlines() == ["cannot format data/y\\n::error::x: line 3\\n::error::holds x",
                                    "  hint: fix\\nit",
                                    "2 file(s) not in canonical form; run `ctcoop fmt` to fix them"]
