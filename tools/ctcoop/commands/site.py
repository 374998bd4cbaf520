"""``ctcoop site``: build the bilingual static website of a valid package into a folder."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ctcoop.report import Severity
from ctcoop.site import SiteRefused, build_site

SHOWN_ERRORS = 50


def _render_refusal(exc: SiteRefused) -> None:
    errors = [i for i in exc.report.issues if i.severity is Severity.ERROR]
    for issue in errors[:SHOWN_ERRORS]:
        click.echo(f"{issue.location()}: {issue.message} [{issue.code}]", err=True)
        if issue.hint:
            click.echo(f"  hint: {issue.hint}", err=True)
    if len(errors) > SHOWN_ERRORS:
        more = len(errors) - SHOWN_ERRORS
        click.echo(f"… and {more} more errors; `ctcoop validate` lists them all", err=True)
    click.echo(f"Error: {exc.report.package} is invalid ({len(errors)} errors); no site was built", err=True)


@click.command("site")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the site into (created if needed).")
@click.option("--no-search", is_flag=True, help="Skip the pagefind search index.")
@click.option("--base-url", default="", metavar="URL",
              help="Address the site is published at; makes the permanent URLs in 'cite this' absolute.")
@click.option("--artifacts", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="Folder of release files (from `ctcoop export`) that the downloads page lists "
                   "with their checksums.")
@click.option("--artifacts-url", default="", metavar="URL",
              help="Address the release files are downloaded from (links on the downloads page).")
@click.option("--json", "as_json", is_flag=True,
              help="Print what was built (or the validation report) as JSON.")
def command(path: Path | None, out: Path, no_search: bool, base_url: str, artifacts: Path | None,
            artifacts_url: str, as_json: bool) -> None:
    """Build the static website of the package at PATH (default: current folder) into --out.

    Every page in Arabic and English, a page per row with its sources and errata, an index per
    table, the data dictionary, the errata, the downloads and a search page (pagefind). Refuses
    an invalid package (exit 1). Two builds of the same package are byte-identical. See docs/site.md.
    """
    try:
        built = build_site(path if path is not None else Path("."), out, search=not no_search,
                           base_url=base_url, artifacts=artifacts, artifacts_url=artifacts_url)
    except SiteRefused as exc:
        if as_json:
            click.echo(json.dumps(exc.report.to_dict(), ensure_ascii=False, indent=2))
        _render_refusal(exc)
        raise SystemExit(1) from None
    if as_json:
        click.echo(json.dumps({"out": str(built.out_dir), "pages": built.pages, "files": built.files,
                               "bytes": built.bytes, "search": built.searchable}, indent=2))
        return
    search = "with a search index" if built.searchable else "without a search index"
    click.echo(f"built {built.pages} pages ({built.files} files, {built.bytes:,} bytes) "
               f"into {built.out_dir}, {search}")
