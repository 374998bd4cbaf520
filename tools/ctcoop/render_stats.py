"""Render :class:`ctcoop.stats.PackageStats` as text (terminal), Markdown (CI job summary) or JSON.

The JSON form is ``PackageStats.model_dump()`` plus a ``totals`` object; text and Markdown show
a summary table (rows, then each measure as ``count (share%)``, ``—`` where it does not apply)
and the rows per category value, capped at :data:`TOP` values per field with the rest summed.
"""

from __future__ import annotations

import json

from ctcoop.escape import visible
from ctcoop.render_coverage import coverage_markdown, coverage_text
from ctcoop.stats import CategoryCounts, PackageStats, TableStats

__all__ = ["TOP", "render", "render_json", "render_markdown", "render_text"]

#: values shown per categorical field in text and Markdown (JSON has them all)
TOP = 8
MEASURES = (("bilingual", "both languages"), ("cited", "cited"), ("dated", "with dates"))


def _share(count: int | None, rows: int) -> str:
    if count is None:
        return "—"
    if rows == 0:
        return f"{count}"
    return f"{count} ({100 * count / rows:.0f}%)"


def _total(stats: PackageStats, measure: str) -> str:
    total = stats.total(measure)
    return "—" if total is None else _share(*total)


def _values(cat: CategoryCounts) -> str:
    items = list(cat.counts.items())
    shown = [f"{visible(value) if value else '(empty)'} {count}" for value, count in items[:TOP]]
    rest = sum(count for _, count in items[TOP:])
    if rest:
        shown.append(f"{len(items) - TOP} others {rest}")
    return ", ".join(shown) if shown else "(no rows)"


def _title(stats: PackageStats) -> str:
    name = stats.name or stats.package
    return f"{name} {stats.version}" if stats.version else name


def _cells(table: TableStats) -> list[str]:
    return [str(table.rows)] + [_share(getattr(table, m), table.rows) for m, _ in MEASURES]


def render_text(stats: PackageStats) -> str:
    """A table for a terminal, then the categories, one line per field."""
    header = ["table", "rows"] + [label for _, label in MEASURES]
    body = [[visible(t.name), *_cells(t)] for t in stats.tables]
    body.append(["total", str(stats.rows)] + [_total(stats, m) for m, _ in MEASURES])
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    lines = [f"{visible(_title(stats))}: {len(stats.tables)} tables, {stats.rows} rows", ""]
    for row in [header, *body]:
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                               for i, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip())
    categories = [(t, c) for t in stats.tables for c in t.categories if t.rows]
    if categories:
        lines += ["", "rows per value:"]
        lines += [f"  {visible(t.name)}.{visible(c.field)}: {_values(c)}" for t, c in categories]
    if stats.coverage:
        lines += ["", coverage_text(stats.coverage).rstrip("\n")]
    unreadable = [t for t in stats.tables if t.unreadable]
    if unreadable:
        lines += ["", "not read:"] + [f"  {visible(t.name)}: {visible(t.unreadable)}" for t in unreadable]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return visible(text.replace("|", "\\|").replace("\n", " "))


def render_markdown(stats: PackageStats) -> str:
    """A summary table, then one folded section per table with its rows per value."""
    labels = [label for _, label in MEASURES]
    lines = [f"### Package statistics: {_md(_title(stats))}", "",
             "| table | rows | " + " | ".join(labels) + " |",
             "|---|---:|" + "---:|" * len(labels)]
    for t in stats.tables:
        lines.append(f"| `{t.name}` | " + " | ".join(_cells(t)) + " |")
    totals = " | ".join(_total(stats, m) for m, _ in MEASURES)
    lines.append(f"| **total** | **{stats.rows}** | {totals} |")
    for t in stats.tables:
        cats = [c for c in t.categories if c.counts]
        if not cats:
            continue
        lines += ["", f"<details><summary><code>{t.name}</code>: rows per value</summary>", "",
                  "| field | value | rows |", "|---|---|---:|"]
        for c in cats:
            items = list(c.counts.items())
            for value, count in items[:TOP]:
                lines.append(f"| `{c.field}` | {_md(value) if value else '(empty)'} | {count} |")
            if len(items) > TOP:
                rest = sum(n for _, n in items[TOP:])
                lines.append(f"| `{c.field}` | {len(items) - TOP} others | {rest} |")
        lines += ["", "</details>"]
    if stats.coverage:
        table = coverage_markdown(stats.coverage).rstrip("\n")
        lines += ["", "#### Coverage against stated totals", "", table]
    unreadable = [t for t in stats.tables if t.unreadable]
    if unreadable:
        lines += ["", "**Not read:**", ""] + [f"- `{t.name}`: {_md(t.unreadable or '')}" for t in unreadable]
    return "\n".join(lines) + "\n"


def render_json(stats: PackageStats) -> str:
    """The stats as JSON (non-ASCII written as is), with totals per measure."""
    data = stats.model_dump(mode="json")
    data["totals"] = {"rows": stats.rows}
    for measure, _ in MEASURES:
        total = stats.total(measure)
        data["totals"][measure] = None if total is None else {"count": total[0], "rows": total[1]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render(stats: PackageStats, fmt: str) -> str:
    """``fmt`` is 'text', 'markdown' or 'json'."""
    return {"text": render_text, "markdown": render_markdown, "json": render_json}[fmt](stats)
