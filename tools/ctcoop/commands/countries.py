"""``ctcoop countries``: regenerate data/countries.csv from ISO 3166-1 and CLDR."""

from __future__ import annotations

from pathlib import Path

import click

from ctcoop.countries import countries_csv
from ctcoop.csvio import atomic_write_bytes


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
    if check:
        current = out.read_text(encoding="utf-8") if out.exists() else ""
        if current != text:
            click.echo(f"{out} is out of date; run `ctcoop countries` to regenerate it", err=True)
            raise SystemExit(1)
        click.echo(f"{out} is up to date")
        return
    atomic_write_bytes(out, text.encode("utf-8"))
    click.echo(f"wrote {out} ({text.count(chr(10)) - 1} countries)")
