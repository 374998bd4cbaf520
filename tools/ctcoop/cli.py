"""The ``ctcoop`` command: a click group whose commands live in :mod:`ctcoop.commands`.

Commands are imported only when invoked, so ``ctcoop --help`` and start-up stay fast. Every
command parses its options, calls one library function and renders the result. Exit codes:
0 valid / no differences, 1 invalid / differences found, 2 usage or operational error.
A package whose descriptor has an error (:class:`~ctcoop.errors.PackageRefused`, raised before
any table is read) is refused with validate's first error and exit code 1
(:mod:`ctcoop.render.refusal`). A :class:`~ctcoop.errors.CtcoopError` or any unexpected exception
becomes a one-paragraph message on stderr and exit code 2, never a traceback (``CTCOOP_DEBUG=1``
shows it).
"""

from __future__ import annotations

import importlib
import io
import os
import sys
from typing import Any

import click

from ctcoop import __version__
from ctcoop.errors import CtcoopError, PackageRefused
from ctcoop.terminal import did_you_mean

#: command name -> module in ctcoop.commands that defines ``command``, in the order the
#: top-level help lists them (everyday commands first)
COMMANDS: dict[str, str] = {
    "validate": "validate",
    "new": "new",
    "fmt": "fmt",
    "diff": "diff",
    "stats": "stats",
    "export": "export",
    "site": "site",
    "release": "release",
    "docs": "docs",
    "countries": "countries",
}

#: the one-line summary of each command in the top-level help, whole (click would cut the
#: docstring's first sentence at 45 characters), without importing any command module
SUMMARIES: dict[str, str] = {
    "validate": "Check a package; every problem as FILE:LINE:COLUMN with a hint",
    "new": "Add one row: prompts per field, proposes the ID, validates",
    "fmt": "Rewrite the CSVs in canonical form (--check only looks)",
    "diff": "Compare two versions and say which version should follow",
    "stats": "Rows per table and category; shares bilingual, cited, dated",
    "export": "Build the zip, JSON, SQLite, XLSX, Parquet and SHA256SUMS",
    "site": "Build the bilingual static website of a valid package",
    "release": "Bump the version, write the CHANGELOG entry, build, tag",
    "docs": "Regenerate the data dictionary and the docs' generated lists",
    "countries": "Regenerate data/countries.csv from ISO 3166-1 and CLDR",
}

if SUMMARIES.keys() != COMMANDS.keys():  # a command without a summary, or a summary of no command
    raise RuntimeError(f"ctcoop.cli: COMMANDS and SUMMARIES name different commands: "
                       f"{sorted(SUMMARIES.keys() ^ COMMANDS.keys())}")


class OperationalError(click.ClickException):
    """A run that could not happen: exit code 2, like click's UsageError."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


class LazyGroup(click.Group):
    """Imports a command's module only when that command is run or its help is shown.

    A :data:`COMMANDS` entry whose module does not exist, or does not define ``command`` as a
    click command of that name, fails loudly when the command is looked up (tests look up
    every one), never hides the command.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Every command with its whole one-line summary, in :data:`COMMANDS` order."""
        rows = [(n, SUMMARIES[n]) for n in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows, col_max=12)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = click.utils.make_str(args[0]) if args else ""
        if args and self.get_command(ctx, name) is None and not name.startswith("-"):
            ctx.fail(f"no such command '{name}'{did_you_mean(name, self.list_commands(ctx))}")
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = COMMANDS.get(cmd_name)
        if module_name is None:
            return None
        module = importlib.import_module(f"ctcoop.commands.{module_name}")
        command = getattr(module, "command", None)
        if not isinstance(command, click.Command) or command.name != cmd_name:
            raise TypeError(f"ctcoop.commands.{module_name}.command is not the click command '{cmd_name}'")
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _quiet_broken_pipe()
        except PackageRefused as exc:  # invalid input: exit 1, validate's first error first
            from ctcoop.render.refusal import render_refusal

            click.echo(render_refusal(exc, ctx.invoked_subcommand), err=True)
            raise SystemExit(1) from None
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


def _quiet_broken_pipe() -> None:
    """The reader of stdout went away (``ctcoop … | head``): stop quietly, exit code 1.

    stdout is pointed at /dev/null so that Python's final flush cannot fail a second time.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass
    sys.exit(1)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ctcoop")
def cli() -> None:
    """Validate, diff, export and maintain Frictionless Data Packages (and the ctcoop dataset).

    Exit codes: 0 valid or no differences, 1 invalid or differences found, 2 usage or
    operational error.
    """


def main() -> None:  # pragma: no cover - console entry convenience
    sys.exit(cli())
