"""The ``ctcoop`` command: a click group whose commands live in :mod:`ctcoop.commands`.

Commands are imported only when invoked, so ``ctcoop --help`` and start-up stay fast. Every
command parses its options, calls one library function and renders the result. Exit codes:
0 valid / no differences, 1 invalid / differences found, 2 usage or operational error.
A :class:`~ctcoop.errors.CtcoopError` or any unexpected exception becomes a one-paragraph
message on stderr and exit code 2, never a traceback (``CTCOOP_DEBUG=1`` shows it).
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from ctcoop import __version__
from ctcoop.errors import CtcoopError

#: command name -> module in ctcoop.commands that defines ``command``
COMMANDS: dict[str, str] = {
    "validate": "validate",
    "diff": "diff",
    "release": "release",
    "export": "export",
    "fmt": "fmt",
    "new": "new",
    "stats": "stats",
    "docs": "docs",
    "countries": "countries",
    "site": "site",
}


class OperationalError(click.ClickException):
    """A run that could not happen: exit code 2, like click's UsageError."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


class LazyGroup(click.Group):
    """Imports a command's module only when that command is run or its help is shown."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(n for n in COMMANDS if _module_exists(COMMANDS[n]))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = COMMANDS.get(cmd_name)
        if module_name is None or not _module_exists(module_name):
            return None
        module = importlib.import_module(f"ctcoop.commands.{module_name}")
        command = module.command
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CtcoopError as exc:
            raise OperationalError(str(exc)) from None
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            raise OperationalError("interrupted") from None
        except Exception as exc:  # never a traceback for a user
            if os.environ.get("CTCOOP_DEBUG"):
                raise
            raise OperationalError(
                f"internal error: {type(exc).__name__}: {exc}\n"
                "  hint: this is a bug in ctcoop; rerun with CTCOOP_DEBUG=1 and report the traceback"
            ) from None


def _module_exists(name: str) -> bool:
    here = os.path.join(os.path.dirname(__file__), "commands", f"{name}.py")
    return os.path.exists(here)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ctcoop")
def cli() -> None:
    """Validate, diff, export and maintain Frictionless Data Packages (and the ctcoop dataset).

    Exit codes: 0 valid or no differences, 1 invalid or differences found, 2 usage or
    operational error.
    """


def main() -> None:  # pragma: no cover - console entry convenience
    sys.exit(cli())
