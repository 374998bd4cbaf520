"""``ctcoop fmt``: rewrite the package's CSVs in canonical form, or check that they are."""

from __future__ import annotations

import click

from ctcoop.escape import visible, visible_lines
from ctcoop.fmt import FileStatus, FmtResult, format_package


def _render(result: FmtResult) -> None:
    for f in result.files:
        if f.status is FileStatus.FORMATTED:
            click.echo(f"formatted {visible(f.file)}")
        elif f.status is FileStatus.NOT_CANONICAL and f.check is not None:
            click.echo(f"{visible(f.file)}:{f.check.line}: not canonical: {visible(f.check.reason)}")
        elif f.status is FileStatus.ERROR:
            click.echo(f"cannot format {visible_lines(str(f.error))}", err=True)
    bad = len(result.not_canonical)
    if result.check_only:
        if bad:
            click.echo(f"{bad} file(s) not in canonical form; run `ctcoop fmt` to fix them", err=True)
        else:
            click.echo(f"{len(result.files)} file(s) in canonical form")
    else:
        click.echo(f"{len(result.formatted)} file(s) formatted, "
                   f"{sum(f.status is FileStatus.CANONICAL for f in result.files)} already canonical"
                   + (f", {bad} could not be formatted" if bad else ""))


@click.command("fmt")
@click.argument("package", required=False, default=".", type=click.Path(exists=True))
@click.option("--check", is_flag=True, help="Do not write; exit 1 if a file is not in canonical form.")
@click.option("--resource", "-r", "resources", multiple=True, metavar="NAME",
              help="Only this resource (repeatable). Default: every resource.")
def command(package: str, check: bool, resources: tuple[str, ...]) -> None:
    """Rewrite CSVs in canonical form: rows sorted by primary key, NFC text, trimmed cells,
    minimal quoting, LF endings, header in schema order.

    PACKAGE is a package directory or datapackage.json (default: the current directory).
    Exit codes: 0 every file canonical, 1 a file is not canonical (--check) or cannot be
    formatted, or the descriptor has an error (nothing is read), 2 usage or operational error.
    """
    result = format_package(package, check=check, resources=resources or None)
    _render(result)
    if not result.ok:
        raise SystemExit(1)
