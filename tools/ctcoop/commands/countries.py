"""``ctcoop countries``: regenerate data/countries.csv from ISO 3166-1 and CLDR."""

from __future__ import annotations

from pathlib import Path

import click

from ctcoop.commands.generated import check_or_write
from ctcoop.countries import countries_csv


@click.command("countries")
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("data/countries.csv"),
    show_default=True,
    help="File to write.",
)
@click.option(
    "--check", is_flag=True, help="Do not write; exit 1 if the file differs from the generated table."
)
def command(out: Path, check: bool) -> None:
    """Regenerate the countries table from pycountry (ISO 3166-1) and babel (CLDR Arabic names)."""
    text = countries_csv()
    if check_or_write(out, text, check=check, command="countries"):
        click.echo(f"wrote {out} ({text.count(chr(10)) - 1} countries)")
