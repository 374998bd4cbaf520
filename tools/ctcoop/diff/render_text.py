"""Render a :class:`~ctcoop.diff.model.PackageDiff` as plain text for a terminal.

ANSI colours are added only when ``color`` is true (the command passes "stdout is a
terminal"): added in green, removed in red, changed in yellow, levels by severity. Long values
are shortened to :data:`MAX_VALUE` characters; when both sides of a change are long strings,
each shows the region around the words that changed, marked ``[-removed-]`` and ``{+added+}``
(:mod:`ctcoop.diff.cell_diff`). The JSON format has every value in full.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import click
from pydantic import JsonValue

from ctcoop.diff.cell_diff import changed_parts, side_text
from ctcoop.diff.model import ChangedRows, Level, PackageDiff, ResourceDiff, RowList
from ctcoop.escape import visible

MAX_VALUE = 80
_LEVEL_FG = {Level.MAJOR: "red", Level.MINOR: "yellow", Level.PATCH: "cyan", Level.NONE: "green"}


def value_text(value: JsonValue, limit: int | None = MAX_VALUE) -> str:
    """A cell value as shown to people: JSON notation (strings quoted), '(missing)' for null."""
    if value is None:
        return "(missing)"
    text = visible(json.dumps(value, ensure_ascii=False))
    if limit is not None and len(text) > limit:
        return text[: limit - 1] + "…"
    return text


def changed_text(old: JsonValue, new: JsonValue, limit: int = MAX_VALUE) -> tuple[str, str] | None:
    """Two long strings as the region around what changed, the changed words marked
    ``[-removed-]`` and ``{+added+}``; None when they are not two strings, one of them too long."""
    if not (isinstance(old, str) and isinstance(new, str)) or max(len(old), len(new)) + 2 <= limit:
        return None
    parts = changed_parts(old, new, limit - 2)
    if parts is None:
        return None
    return '"' + side_text(parts[0], ("[-", "-]")) + '"', '"' + side_text(parts[1], ("{+", "+}")) + '"'


def key_text(key: Mapping[str, JsonValue]) -> str:
    """A primary key as shown to people: the value, or ``field=value`` pairs for a composite key."""
    if len(key) == 1:
        value = next(iter(key.values()))
        return visible(value) if isinstance(value, str) else value_text(value)
    return ", ".join(f"{visible(k)}={visible(v) if isinstance(v, str) else value_text(v)}"
                     for k, v in key.items())


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def summary_line(diff: PackageDiff) -> str:
    s = diff.summary
    parts = []
    res = [(s.resources_added, "added"), (s.resources_removed, "removed"), (s.resources_changed, "changed")]
    if any(n for n, _ in res):
        parts.append("resources: " + ", ".join(f"{n} {w}" for n, w in res if n))
    rows = [(s.rows_added, "added"), (s.rows_removed, "removed"), (s.rows_changed, "changed")]
    if any(n for n, _ in rows):
        cells = f" ({plural(s.cells_changed, 'cell')})" if s.cells_changed else ""
        parts.append("rows: " + ", ".join(f"{n} {w}" for n, w in rows if n) + cells)
    if s.id_changes:
        parts.append(plural(s.id_changes, "ID change"))
    if s.schema_changes:
        parts.append(plural(s.schema_changes, "schema change"))
    if s.metadata_changes:
        parts.append(plural(s.metadata_changes, "metadata change"))
    return "; ".join(parts) or "no differences"


def verdict(diff: PackageDiff) -> str:
    """One sentence: the level and the version that should follow OLD's."""
    if diff.level is Level.NONE:
        return "No differences."
    old = diff.old.version
    if diff.next_version is None:
        why = f"OLD's version '{old}' is not MAJOR.MINOR.PATCH" if old else "OLD has no version"
        return f"{diff.level.value.upper()} change; no next version can be suggested ({why})."
    return f"{diff.level.value.upper()} change: the version after {old} should be {diff.next_version}."


class _Out:
    def __init__(self, color: bool) -> None:
        self.color = color
        self.lines: list[str] = []

    def style(self, text: str, **kw: object) -> str:
        return click.style(text, **kw) if self.color and kw else text  # type: ignore[arg-type]

    def level(self, text: str, level: Level) -> str:
        return self.style(text, fg=_LEVEL_FG[level], bold=level is Level.MAJOR)

    def add(self, text: str = "") -> None:
        self.lines.append(text)


def _more(out: _Out, shown: int, count: int, indent: str) -> None:
    if count > shown:
        out.add(f"{indent}… and {count - shown} more (use --max-rows 0 to list all)")


def _row_lists(out: _Out, res: ResourceDiff, limit: int | None) -> None:
    def rows(title: str, rl: RowList, mark: str, fg: str) -> None:
        if not rl.count:
            return
        out.add(f"  {title} ({rl.count})")
        for row in rl.rows:
            values = "  ".join(f"{k}={value_text(v, 40)}" for k, v in row.values.items() if v is not None)
            out.add(out.style(f"    {mark} {key_text(row.key)}", fg=fg) + (f"  {values}" if values else ""))
        _more(out, len(rl.rows), rl.count, "    ")

    rows("Rows added", res.rows_added, "+", "green")
    rows("Rows removed", res.rows_removed, "-", "red")
    _changed_rows(out, res.rows_changed)
    if res.id_changes:
        out.add(f"  ID changes ({len(res.id_changes)})")
        shown = res.id_changes if limit is None else res.id_changes[:limit]
        for idc in shown:
            out.add(out.style(f"    {key_text(idc.old)} → {key_text(idc.new)}", fg="magenta"))
        _more(out, len(shown), len(res.id_changes), "    ")


def _changed_rows(out: _Out, rc: ChangedRows) -> None:
    if not rc.count:
        return
    out.add(f"  Rows changed ({rc.count}, {plural(rc.cells, 'cell')})")
    for row in rc.rows:
        out.add(out.style(f"    ~ {key_text(row.key)}", fg="yellow"))
        for cell in row.changes:
            old, new = changed_text(cell.old, cell.new) or (value_text(cell.old), value_text(cell.new))
            out.add(f"        {cell.field}: " + out.style(old, fg="red") + " → " + out.style(new, fg="green"))
    _more(out, len(rc.rows), rc.count, "    ")


def _resource(out: _Out, res: ResourceDiff, limit: int | None) -> None:
    if res.status == "added":
        out.add(
            out.style(f"+ resource {res.name} added", fg="green", bold=True)
            + f" ({plural(res.rows_new or 0, 'row')})"
        )
        return
    if res.status == "removed":
        out.add(
            out.style(f"- resource {res.name} removed", fg="red", bold=True)
            + f" (had {plural(res.rows_old or 0, 'row')})"
        )
        return
    key = ", ".join(res.primary_key) or "none"
    out.add(
        out.style(f"~ resource {res.name}", bold=True)
        + f" (key: {key}; rows {res.rows_old} → {res.rows_new})"
    )
    if res.note:
        out.add(f"  note: {res.note}")
    if res.schema_changes:
        out.add("  Schema")
        for sc in res.schema_changes:
            out.add(f"    {out.level(sc.level.value, sc.level)}  {sc.message}")
    if res.metadata_changes:
        out.add("  Descriptor")
        for mc in res.metadata_changes:
            old, new = changed_text(mc.old, mc.new) or (value_text(mc.old), value_text(mc.new))
            out.add(f"    {out.level(mc.level.value, mc.level)}  {mc.pointer} {mc.kind}: {old} → {new}")
    _row_lists(out, res, limit)


def render_text(diff: PackageDiff, *, color: bool = False, limit: int | None = 20) -> str:
    """The whole diff as text (ends with a newline); ``limit`` caps each ID-change list.

    Row lists hold what the diff listed (the library's ``max_rows``).
    """
    out = _Out(color)
    out.add(f"OLD  {diff.old.label}" + (f"  (version {diff.old.version})" if diff.old.version else ""))
    out.add(f"NEW  {diff.new.label}" + (f"  (version {diff.new.version})" if diff.new.version else ""))
    out.add()
    out.add(out.level(verdict(diff), diff.level))
    if diff.level is Level.NONE:
        return "\n".join(out.lines) + "\n"
    out.add(f"Summary: {summary_line(diff)}")
    out.add()
    out.add("Why:")
    for reason in diff.reasons:
        out.add(f"  {out.level(reason.level.value.ljust(5), reason.level)}  {reason.message}")
    if diff.metadata_changes:
        out.add()
        out.add(out.style("~ package descriptor", bold=True))
        for mc in diff.metadata_changes:
            old, new = changed_text(mc.old, mc.new) or (value_text(mc.old), value_text(mc.new))
            out.add(f"    {mc.pointer} {mc.kind}: {old} → {new}")
    for res in diff.resources:
        if res.status == "unchanged":
            continue
        out.add()
        _resource(out, res, limit)
    unchanged = [r.name for r in diff.resources if r.status == "unchanged"]
    if unchanged:
        out.add()
        out.add(f"Unchanged: {', '.join(unchanged)}")
    return "\n".join(out.lines) + "\n"
