"""``ctcoop new TABLE``: add one row, prompted field by field or read from JSON, validated first."""

from __future__ import annotations

import json
import os
import shlex
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from ctcoop.errors import CtcoopError, UsageProblem
from ctcoop.escape import visible
from ctcoop.newrow import FieldSpec, NewRow, add_row, check_value, propose_id, row_fields, values_from_json
from ctcoop.preflight import open_package
from ctcoop.safe_write import MAX_UPDATE_BYTES, read_input

_SHOWN_CHOICES = 8


def _describe(spec: FieldSpec) -> str:
    kind = spec.type + (f" ({spec.format})" if spec.format else "")
    if spec.list_delimiter:
        kind = f"list of {kind}, separated by '{spec.list_delimiter}'"
    lines = [f"{spec.name}: {kind}, {'required' if spec.required else 'optional (Enter leaves it empty)'}"]
    if spec.description:
        lines.append(f"  {spec.description}")
    if spec.description_ar:
        lines.append(f"  {spec.description_ar}")
    if spec.enum:
        lines.append(f"  one of: {', '.join(spec.enum)}")
    if spec.references:
        where = " / ".join(spec.references)
        some = ", ".join(spec.choices[:_SHOWN_CHOICES]) + (" …" if len(spec.choices) > _SHOWN_CHOICES else "")
        lines.append(f"  an id in {where}: {len(spec.choices)} exist" + (f" ({some}; type ? to list all)"
                                                                          if spec.choices else ""))
    elif spec.pattern:
        lines.append(f"  pattern: {spec.pattern}")
    return "\n".join(lines)


def _prompt(spec: FieldSpec, default: str | None) -> str:
    def proc(value: str) -> str:
        if value.strip() == "?" and spec.choices:
            click.echo("\n".join(spec.choices), err=True)
            raise click.UsageError("pick one of the ids listed above")
        problem = check_value(spec, value)
        if problem:
            raise click.BadParameter(problem)
        return value.strip()

    click.echo(_describe(spec), err=True)
    if default is None and not spec.required:
        default = ""
    answer = click.prompt(spec.name, default=default, show_default=bool(default), value_proc=proc, err=True)
    return str(answer)


def _interactive(package_path: str, table: str, values: dict[str, Any]) -> None:
    """Ask for each field into ``values`` (filled as the answers come, so none is lost)."""
    package = open_package(package_path)
    specs = row_fields(package, table)
    res = package.resource(table)
    click.echo(f"New row for {table} ({res.path}). Enter a value for each field.", err=True)
    for spec in [s for s in specs if not s.is_id] + [s for s in specs if s.is_id]:
        default = propose_id(package, table, values) if spec.is_id else None
        values[spec.name] = _prompt(spec, default)


def _save_answers(table: str, package: str, values: dict[str, Any]) -> str:
    """Write the answers given so far where ``--from-json`` can read them; the sentence that says so."""
    fd, name = tempfile.mkstemp(prefix=f"ctcoop-new-{table}-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(values, ensure_ascii=False, indent=2) + "\n")
    where = "" if package == "." else f" {shlex.quote(package)}"
    return (f"your {len(values)} answer(s) are saved in {name}: correct them there and run "
            f"`ctcoop new {shlex.quote(table)}{where} --from-json {shlex.quote(name)}`")


def _render_text(result: NewRow, dry_run: bool) -> None:
    for issue in result.issues:
        where = visible(issue.location())
        click.echo(f"{where}: {issue.severity.value}[{issue.code}] {visible(issue.message)}", err=True)
        if issue.hint:
            click.echo(f"  hint: {issue.hint}", err=True)
    if not result.valid:
        errors = sum(i.severity.value == "error" for i in result.issues)
        click.echo(f"the row was not added: {errors} error(s)", err=True)
        return
    if result.written:
        click.echo(f"added {result.key} to {result.file} at line {result.line}")
    elif dry_run:
        click.echo(f"the row is valid; it would go to {result.file} at line {result.line} "
                   "(not written: --dry-run)")
    for note in result.notes:
        click.echo(f"note: {note}", err=True)


@click.command("new")
@click.argument("table")
@click.argument("package", required=False, default=".", type=click.Path(exists=True))
@click.option("--from-json", "from_json", metavar="FILE|-",
              help="Read the row from a JSON object in FILE ('-' for standard input) instead of prompting.")
@click.option("--dry-run", is_flag=True, help="Validate the row and say where it would go; write nothing.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
def command(table: str, package: str, from_json: str | None, dry_run: bool, fmt: str) -> None:
    """Add one row to TABLE: prompt for each field (type, allowed values, referenced IDs shown),
    propose an ID by the project's rule, validate the row, and insert it in canonical position.

    PACKAGE is a package directory (default: the current directory). With --from-json the row
    comes from a JSON object (field name -> value) and nothing is asked; an empty or absent id
    gets the proposed one. Exit codes: 0 added (or valid, with --dry-run), 1 the row is invalid
    (nothing is written), 2 usage or operational error.
    """
    asked = from_json is None
    values: dict[str, Any] = {}
    if from_json is None:
        try:
            _interactive(package, table, values)
        except click.Abort:
            hint = "answer every prompt, or give the row with --from-json FILE|-"
            if values:
                hint = _save_answers(table, package, values)
            raise UsageProblem("no answer: the input ended (or was interrupted) before the row was complete",
                               hint=hint) from None
    elif from_json == "-":
        values = values_from_json(sys.stdin.read(MAX_UPDATE_BYTES + 1), "standard input")
    else:
        path = Path(from_json)
        try:
            text = read_input(path).decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageProblem(f"cannot read {from_json}: {exc}",
                               hint="give a UTF-8 JSON file, or - for standard input") from None
        values = values_from_json(text, from_json)
    try:
        result = add_row(package, table, values, write=not dry_run)
    except CtcoopError as exc:
        if asked and values:
            exc.hint = ((exc.hint + "; ") if exc.hint else "") + _save_answers(table, package, values)
        raise
    if fmt == "json":
        click.echo(json.dumps({
            "table": result.table, "file": result.file, "valid": result.valid, "written": result.written,
            "line": result.line, "key": result.key, "proposed_id": result.proposed_id, "row": result.row,
            "issues": [i.model_dump(mode="json") for i in result.issues], "notes": result.notes,
        }, ensure_ascii=False, indent=2))
    else:
        _render_text(result, dry_run)
    if not result.valid:
        if asked:
            click.echo(_save_answers(table, package, values), err=True)
        raise SystemExit(1)
