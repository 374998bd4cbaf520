"""No silent skips: every registry entry (a command, a check, an export format, a report format)
names something that exists, and one that does not fails loudly instead of being left out."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import ctcoop.checks
from ctcoop import cli as cli_module
from ctcoop.checks import REGISTRY, load_checks
from ctcoop.cli import COMMANDS, SUMMARIES, cli
from ctcoop.export.writers import FORMATS as EXPORT_FORMATS
from ctcoop.export.writers import writer
from ctcoop.render import FORMATS as REPORT_FORMATS
from ctcoop.render import renderer

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_registered_command_is_a_click_command_of_that_name(name: str) -> None:
    command = cli.get_command(click.Context(cli), name)
    assert isinstance(command, click.Command) and command.name == name
    assert SUMMARIES[name]


def test_every_command_module_is_registered() -> None:
    modules = {m.name for m in pkgutil.iter_modules([str(ROOT / "tools/ctcoop/commands")])}
    helpers = {"generated"}  # shared by docs and countries; defines no command
    assert modules - helpers == set(COMMANDS.values())


def test_a_command_whose_module_is_missing_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(cli_module.COMMANDS, "ghost", "ghost")
    monkeypatch.setitem(cli_module.SUMMARIES, "ghost", "A command that does not exist")
    with pytest.raises(ModuleNotFoundError, match="ghost"):
        cli.get_command(click.Context(cli), "ghost")
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0 and "ghost" in result.output, "listed, never hidden"


def test_a_command_module_without_its_command_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(cli_module.COMMANDS, "misnamed", "generated")
    with pytest.raises(TypeError, match="is not the click command 'misnamed'"):
        cli.get_command(click.Context(cli), "misnamed")


def test_every_check_module_is_registered_and_every_registered_check_exists() -> None:
    package = Path(ctcoop.checks.__file__).parent
    defining = set()
    for info in pkgutil.iter_modules([str(package)]):
        module = importlib.import_module(f"ctcoop.checks.{info.name}")
        if hasattr(module, "CHECK"):
            defining.add(module.__name__)
    assert defining == set(REGISTRY), "a check module that is not in REGISTRY never runs"
    assert len(load_checks(REGISTRY)) == len(REGISTRY)


def test_a_registered_check_that_does_not_exist_fails_loudly() -> None:
    with pytest.raises(ModuleNotFoundError):
        load_checks(["ctcoop.checks.no_such_check"])
    with pytest.raises(TypeError, match=r"is not a ctcoop\.checks\.Check"):
        load_checks(["ctcoop.checks.ids"])


@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
def test_every_export_format_has_a_writer(fmt: str) -> None:
    assert callable(writer(fmt))


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_every_report_format_has_a_renderer(fmt: str) -> None:
    assert callable(renderer(fmt))


def test_an_unknown_report_format_is_an_error_not_text() -> None:
    with pytest.raises(ValueError, match="no report format 'xml'"):
        renderer("xml")
