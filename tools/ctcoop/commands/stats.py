"""``ctcoop stats``: rows per table and per category, how many rows are bilingual, cited, dated,
and how complete each member list is against its stated total (``--gaps``: what is missing)."""

from __future__ import annotations

import click

from ctcoop.render_coverage import gaps_render
from ctcoop.render_stats import render
from ctcoop.stats import package_stats
from ctcoop.stats_coverage import coverage_gaps


@click.command("stats")
@click.argument("package", required=False, default=".", type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="text for a terminal, markdown for a CI job summary, json for tools.")
@click.option("--gaps", is_flag=True,
              help="List, for each list short of its stated total, the ids that have no row yet.")
def command(package: str, fmt: str, gaps: bool) -> None:
    """Count rows per table and per category value, and the share of rows with both languages,
    with at least one citation, and with a date; then the coverage table: for each instrument
    and body with a stated total (parties, signatories, members), the rows held, the total with
    its as-of date, and the difference.

    With --gaps, list instead every shortfall with the ids (states) that have no row, to look
    up in the source of the stated total.

    PACKAGE is a package directory, datapackage.json or release .zip (default: the current
    directory). Exit codes: 0 counted, 1 the descriptor has an error (the package is refused before
    any table is read, with validate's first error), 2 usage or operational error.
    """
    if gaps:
        click.echo(gaps_render(coverage_gaps(package), fmt), nl=False)
        return
    click.echo(render(package_stats(package), fmt), nl=False)
