"""``ctcoop diff OLD NEW``: what changed between two versions of a data package."""

from __future__ import annotations

import sys

import click

from ctcoop.diff.render_json import render_json
from ctcoop.diff.render_markdown import render_markdown
from ctcoop.diff.render_text import render_text

DEFAULT_ROWS = 20


def parse_keys(specs: tuple[str, ...]) -> dict[str, list[str]]:
    """``--key`` values as {resource or "*": fields}."""
    keys: dict[str, list[str]] = {}
    for spec in specs:
        resource, _, fields = spec.rpartition(":")
        names = [f.strip() for f in fields.split(",") if f.strip()]
        if not names:
            raise click.BadParameter(f"{spec!r} names no field", param_hint="--key")
        keys[resource.strip() or "*"] = names
    return keys


@click.command("diff")
@click.argument("old")
@click.argument("new", default=".")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="text for a terminal, markdown for a pull request or release notes, json for programs.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=0),
    default=None,
    help=f"Rows listed per kind and resource; 0 lists all. Default: {DEFAULT_ROWS} "
    "(text, markdown), all (json). Counts are always complete.",
)
@click.option(
    "--validate/--no-validate",
    "validate",
    default=False,
    show_default=True,
    help="Validate OLD and NEW first and refuse an invalid one. Without it, duplicate keys and values "
    "that do not cast in the cells compared or listed still stop the diff.",
)
@click.option(
    "--key",
    "key_specs",
    multiple=True,
    metavar="[RESOURCE:]FIELD[,FIELD…]",
    help="Pair rows on these fields instead of the primary key: for RESOURCE, or for every "
    "resource when no RESOURCE is named. Repeatable. Tables with no key are compared as a "
    "multiset of rows.",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the text format (default: on a terminal; FORCE_COLOR and NO_COLOR are honoured).",
)
def command(
    old: str,
    new: str,
    fmt: str,
    max_rows: int | None,
    validate: bool,
    key_specs: tuple[str, ...],
    color: bool | None,
) -> None:
    """Compare OLD and NEW and say which version should follow OLD's.

    OLD and NEW are each a package directory, a datapackage.json, a release .zip, or a git
    revision of the current repository (v1.0.0, HEAD~3, main), read from git without touching
    the work tree. NEW defaults to the current directory. Rows are matched by primary key (or
    --key) and compared as typed values; a table without a key is compared as a multiset of
    rows (an edited row shows as one removed and one added).

    Exit codes: 0 no differences, 1 differences (or OLD or NEW refused: its descriptor has an
    error, printed on stderr as validate prints it; nothing on stdout), 2 error.
    """
    if max_rows is None:
        limit = None if fmt == "json" else DEFAULT_ROWS
    else:
        limit = None if max_rows == 0 else max_rows
    from ctcoop.diff.compare import diff_specs  # polars: imported only when a diff runs

    diff = diff_specs(old, new, validate=validate, max_rows=limit, keys=parse_keys(key_specs))
    from ctcoop.terminal import use_color as want_color

    use_color = fmt == "text" and want_color(sys.stdout, color)
    if fmt == "json":
        text = render_json(diff)
    elif fmt == "markdown":
        text = render_markdown(diff, limit=limit)
    else:
        text = render_text(diff, color=use_color, limit=limit)
    click.echo(text, nl=False, color=use_color)
    if diff.has_differences:
        raise SystemExit(1)
