"""``ctcoop stats``: rows per table and per category, and how many rows are bilingual, cited, dated."""

from __future__ import annotations

import click

from ctcoop.render_stats import render
from ctcoop.stats import package_stats


@click.command("stats")
@click.argument("package", required=False, default=".", type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="text for a terminal, markdown for a CI job summary, json for tools.")
def command(package: str, fmt: str) -> None:
    """Count rows per table and per category value, and the share of rows with both languages,
    with at least one citation, and with a date.

    PACKAGE is a package directory, datapackage.json or release .zip (default: the current
    directory). Exit codes: 0 counted, 2 usage or operational error.
    """
    click.echo(render(package_stats(package), fmt), nl=False)
