"""``ctcoop export``: build the release artifacts of a valid package into a folder."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ctcoop.errors import PackageRefused
from ctcoop.escape import visible
from ctcoop.export import FORMATS, ExportRefused, export_package
from ctcoop.report import Report, Severity

SHOWN_ERRORS = 50


def _render_refusal(report: Report) -> None:
    errors = [i for i in report.issues if i.severity is Severity.ERROR]
    for issue in errors[:SHOWN_ERRORS]:
        where = visible(issue.location())
        click.echo(f"{where}: {visible(issue.message)} [{issue.code}]", err=True)
        if issue.hint:
            click.echo(f"  hint: {visible(issue.hint)}", err=True)
    if len(errors) > SHOWN_ERRORS:
        more = len(errors) - SHOWN_ERRORS
        click.echo(f"… and {more} more errors; `ctcoop validate` lists them all", err=True)
    click.echo(f"Error: {visible(report.package)} is invalid ({len(errors)} errors); nothing was exported",
               err=True)


@click.command("export")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the artifacts into (created if needed).")
@click.option("--format", "formats", multiple=True, metavar="FORMAT",
              help=f"One of {', '.join(FORMATS)}; repeat it or separate with commas. Default: all.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the artifacts (or the validation report) as JSON.")
def command(path: Path | None, out: Path, formats: tuple[str, ...], as_json: bool) -> None:
    """Export the package at PATH (default: current folder) as a zip, JSON, SQLite, XLSX and Parquet.

    Refuses an invalid package (exit 1, with the validation errors). Builds everything in a
    staging folder and moves it into --out only when all artifacts succeeded, with SHA256SUMS.
    Two exports of the same package are byte-identical. See docs/export.md.
    """
    chosen = [f for item in formats for f in item.split(",") if f.strip()] if formats else None
    try:
        artifacts = export_package(path if path is not None else Path("."), out, chosen,
                                   progress=sys.stderr.isatty())
    except ExportRefused as exc:
        if as_json:
            click.echo(json.dumps(exc.report.to_dict(), ensure_ascii=False, indent=2))
        _render_refusal(exc.report)
        raise SystemExit(1) from None
    except PackageRefused as exc:  # a descriptor error: the errors as JSON, then the CLI's refusal
        if as_json:
            report = Report(package=exc.package, issues=exc.issues)
            click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        raise
    if as_json:
        listing = [{"path": str(p), "bytes": p.stat().st_size} for p in artifacts]
        click.echo(json.dumps({"out": str(out), "artifacts": listing}, ensure_ascii=False, indent=2))
        return
    for p in artifacts:
        click.echo(f"{p}  ({p.stat().st_size:,} bytes)")
    click.echo(f"exported {len(artifacts)} files into {out}", err=True)
