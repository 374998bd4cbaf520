"""Every command's usage and options (docs/cli.md), from click's own description of the commands."""

from __future__ import annotations

import click

from ctcoop.cli import COMMANDS, SUMMARIES, cli


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def _command(name: str) -> list[str]:
    root = click.Context(cli, info_name="ctcoop", **cli.context_settings)
    command = cli.get_command(root, name)
    if command is None:  # pragma: no cover - cli.get_command raises for a registered name
        raise LookupError(name)
    ctx = click.Context(command, info_name=name, parent=root)
    usage = " ".join(command.collect_usage_pieces(ctx))
    lines = [f"### `ctcoop {name}`", "", SUMMARIES[name] + ".", "",
             "```", f"ctcoop {name} {usage}", "```", "", "| option | meaning |", "|---|---|"]
    for param in command.params:  # not get_params: click caches the help option of a command once used
        if isinstance(param, click.Argument):
            kind = "argument (required)" if param.required else "argument (optional)"
            lines.append(f"| `{param.make_metavar(ctx)}` | {kind} |")
            continue
        record = param.get_help_record(ctx)
        if record is not None:
            lines.append(f"| `{_cell(record[0])}` | {_cell(record[1])} |")
    helps = ", ".join(cli.context_settings["help_option_names"])
    lines.append(f"| `{helps}` | Show this message and exit. |")
    return [*lines, ""]


def commands_reference() -> str:
    """One section per command, in the order of ``ctcoop --help``: its summary, usage and options."""
    lines: list[str] = []
    for name in COMMANDS:
        lines += _command(name)
    return "\n".join(lines)
