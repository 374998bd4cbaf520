"""``ctcoop validate``: check a Data Package and report every problem, compiler-style."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Literal

import click

from ctcoop.render import FORMATS, package_prefix
from ctcoop.terminal import use_color

_SEVERITY_STYLE: dict[str, dict[str, Any]] = {
    "error": {"fg": "red", "bold": True},
    "warning": {"fg": "yellow", "bold": True},
    "info": {"fg": "cyan"},
}


def _paint(severity: str, text: str) -> str:
    return click.style(text, **_SEVERITY_STYLE.get(severity, {}))


def _list_checks() -> str:
    from ctcoop.validate import available_checks

    lines = []
    for check in available_checks():
        lines.append(f"{check.name}:")
        lines.extend(f"  {code:20s} {text}" for code, text in check.codes.items())
    return "\n".join(lines)


class _Bar:
    """A tqdm progress bar over the checks, shown only when stderr is a terminal."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __call__(self, done: int, total: int, label: str) -> None:
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc="validate", unit="check", file=sys.stderr, leave=False)
        self.bar.n = done
        self.bar.set_postfix_str(label, refresh=True)
        if done >= total:
            self.bar.close()


@click.command("validate")
@click.argument("path", required=False, type=click.Path(path_type=Path), default=Path("."))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text (compiler style), json (docs/report-schema.md) or github (Actions annotations).",
)
@click.option(
    "--max-errors",
    type=click.IntRange(min=0),
    default=None,
    help="Show at most this many issues; the summary still counts all of them.",
)
@click.option("--allow-remote", is_flag=True, help="Fetch resources given as http(s) URLs (off by default).")
@click.option(
    "--check",
    "checks",
    multiple=True,
    metavar="NAME",
    help="Run only this family of checks (repeatable); see --list-checks.",
)
@click.option(
    "--profile",
    type=click.Choice(["standard", "strict"]),
    default="standard",
    show_default=True,
    help="Project rules (ctcoop:rules) the package does not declare: advice (warnings) under "
    "standard, errors under strict.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors for the exit code.")
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the severities in the text format (default: on a terminal; FORCE_COLOR, NO_COLOR).",
)
@click.option("--list-checks", is_flag=True, help="List the check families and their issue codes, then exit.")
def command(
    path: Path,
    fmt: str,
    max_errors: int | None,
    allow_remote: bool,
    checks: tuple[str, ...],
    profile: Literal["standard", "strict"],
    strict: bool,
    color: bool | None,
    list_checks: bool,
) -> None:
    """Validate the Data Package at PATH (a folder, a datapackage.json or a .zip; default: here).

    Every problem is reported as FILE:LINE:COLUMN: SEVERITY[CODE] MESSAGE with a hint on how to
    fix it. Exit code 0: valid; 1: invalid (errors found, or warnings with --strict);
    2: the package could not be validated (bad path or option).
    """
    if list_checks:
        click.echo(_list_checks())
        return
    # polars' allocator returns freed memory to the system at once (lower peak memory on big
    # tables); set before polars is first imported, and only when the user has not chosen
    os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")
    from ctcoop.errors import UsageProblem
    from ctcoop.render import renderer
    from ctcoop.validate import validate_package

    if not path.exists():
        raise UsageProblem(
            f"'{path}' does not exist", hint="give a package folder, a datapackage.json or a .zip"
        )
    if path.is_dir() and not (path / "datapackage.json").exists():
        where = "here" if path.resolve() == Path.cwd().resolve() else f"in {path}"
        raise UsageProblem(
            f"no datapackage.json {where}",
            hint="run ctcoop validate in a package folder, or give its path (a folder, a datapackage.json "
            "or a .zip)",
        )
    progress = _Bar() if sys.stderr.isatty() else None
    report = validate_package(
        path, allow_remote=allow_remote, checks=list(checks) or None, progress=progress, profile=profile
    )
    extra = {}
    if fmt == "text" and use_color(sys.stdout, color):
        extra["paint"] = _paint
    out = renderer(fmt)(report, max_issues=max_errors, prefix=package_prefix(path), **extra)
    click.echo(out, nl=False, color=bool(extra))
    failed = not report.valid or (strict and report.counts()["warning"] > 0)
    sys.exit(1 if failed else 0)
