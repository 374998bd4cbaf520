"""``ctcoop docs``: generate the data dictionary (docs/data-dictionary.md) from the schemas, and
every generated block of the package's Markdown docs (:mod:`ctcoop.gendocs`)."""

from __future__ import annotations

from pathlib import Path

import click

from ctcoop.commands.generated import check_or_write
from ctcoop.datadict import data_dictionary
from ctcoop.errors import UsageProblem
from ctcoop.gendocs import refresh_folder
from ctcoop.preflight import open_package
from ctcoop.render_coverage import coverage_markdown, with_coverage_block
from ctcoop.stats_coverage import coverage_table

DEFAULT_OUT = Path("docs") / "data-dictionary.md"


def _default_out(package: Path) -> Path:
    if package.is_dir():
        return package / DEFAULT_OUT
    if package.suffix.lower() == ".zip":
        raise UsageProblem(f"'{package}' is an archive; there is no docs/ folder to write to",
                           hint="give --out FILE")
    return package.parent / DEFAULT_OUT


@click.command("docs")
@click.argument("package", required=False, default=".", type=click.Path(exists=True, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write. Default: docs/data-dictionary.md in the package directory.")
@click.option("--check", is_flag=True, help="Do not write; exit 1 if the file is not what would be written.")
def command(package: Path, out: Path | None, check: bool) -> None:
    """Generate the data dictionary from the descriptor and schemas: every table and field, type,
    constraints, allowed values, references and descriptions in English and Arabic, and the
    coverage table; the same table is written into the package's README.md between
    <!-- coverage:start --> and <!-- coverage:end --> when it has those markers. Without --out, also
    rewrites the generated blocks (<!-- generated: NAME -->) of README.md and docs/*.md: the lists
    of issue codes, commands and options, export artifacts and ctcoop: properties, from the code.

    PACKAGE is a package directory or datapackage.json (default: the current directory).
    Exit codes: 0 written (or up to date with --check), 1 out of date (--check) or the descriptor
    has an error, 2 usage or operational error.
    """
    target = out or _default_out(package)
    loaded = open_package(package)
    text = data_dictionary(loaded)
    if check_or_write(target, text, check=check, command="docs"):
        click.echo(f"wrote {target}")
    readme = (package if package.is_dir() else package.parent) / "README.md"
    current = readme.read_text(encoding="utf-8") if out is None and readme.is_file() else ""
    updated = with_coverage_block(current, coverage_markdown(coverage_table(loaded)))
    if updated is not None and check_or_write(readme, updated, check=check, command="docs"):
        click.echo(f"wrote {readme}")
    if out is None:
        for path, text in refresh_folder(readme.parent).items():
            if check_or_write(path, text, check=check, command="docs"):
                click.echo(f"wrote {path}")
