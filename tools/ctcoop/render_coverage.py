"""Render the coverage table and the gap list (:mod:`ctcoop.stats_coverage`) as text, Markdown or JSON.

The Markdown table is also what ``ctcoop docs`` puts in the data dictionary and the README
(between ``<!-- coverage:start -->`` and ``<!-- coverage:end -->``).
"""

from __future__ import annotations

import json
import textwrap

from ctcoop.stats_coverage import CoverageEntry, Gap

__all__ = ["coverage_markdown", "coverage_text", "gaps_render", "with_coverage_block"]

START, END = "<!-- coverage:start -->", "<!-- coverage:end -->"
HEADER = ("table", "of", "counts", "rows", "held", "stated", "as of", "difference")


def _cells(e: CoverageEntry) -> list[str]:
    def show(v: object) -> str:
        return "—" if v is None else str(v)

    diff = "—" if e.difference is None else (f"+{e.difference}" if e.difference > 0 else str(e.difference))
    return [e.resource, e.group, e.measure, str(e.rows), str(e.held), show(e.stated), show(e.as_of), diff]


def coverage_text(entries: list[CoverageEntry]) -> str:
    """Aligned columns; empty string when there is nothing to show."""
    if not entries:
        return ""
    body = [list(HEADER), *(_cells(e) for e in entries)]
    widths = [max(len(r[i]) for r in body) for i in range(len(HEADER))]
    lines = ["coverage (held: members counted from the rows as of the stated date; "
             "difference: stated - held):"]
    for row in body:
        lines.append("  " + "  ".join(c.ljust(w) if i < 3 else c.rjust(w)
                                      for i, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip())
    return "\n".join(lines) + "\n"


def coverage_markdown(entries: list[CoverageEntry]) -> str:
    """A Markdown table (with a line saying what the columns mean); empty when there is nothing."""
    if not entries:
        return ""
    lines = ["| " + " | ".join(HEADER) + " |", "|---|---|---|---:|---:|---:|---|---:|"]
    for e in entries:
        cells = _cells(e)
        cells[1] = f"`{cells[1]}`"
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "*rows*: rows held for it; *held*: members counted from them as of the stated date; "
              "*stated*: the latest total its source states (a figure with `counts`); "
              "*difference*: stated − held (— where no total is stated yet)."]
    return "\n".join(lines) + "\n"


def _gap_head(g: Gap) -> str:
    e = g.entry
    where = f"{e.stated_id}" + (f", source {e.source}" if e.source else "")
    where += f" <{e.url}>" if e.url else ""
    when = f"as of {e.as_of}" if e.as_of else "without a date"
    return (f"{e.resource} {e.group} {e.measure}: {e.stated} stated {when} "
            f"({where}); {e.held} held; {e.difference} missing")


def gaps_render(gaps: list[Gap], fmt: str) -> str:
    """The gap list: per shortfall, the stated total and where it is, then the ids with no row."""
    if fmt == "json":
        return json.dumps([g.model_dump(mode="json") for g in gaps], ensure_ascii=False, indent=2) + "\n"
    if not gaps:
        return "no gaps: every list matches its latest stated total (or has none)\n"
    lines: list[str] = []
    for g in gaps:
        names = [f"{c.id} {c.name_en}" if c.name_en else c.id for c in g.candidates]
        what = (f"{len(g.candidates)} {g.candidates_from or 'ids'} without a counting row; "
                "check each against the source and add the rows found there")
        if fmt == "markdown":
            lines += [f"### {_gap_head(g)}", "", f"{what}:", ""]
            items = [f"`{c.id}` {c.name_en}" if c.name_en else f"`{c.id}`" for c in g.candidates]
            lines += ["; ".join(items), ""]
        else:
            lines += [_gap_head(g), f"  {what}:"]
            lines += textwrap.wrap("; ".join(names), width=100, initial_indent="    ",
                                   subsequent_indent="    ", break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines).rstrip("\n") + "\n"


def with_coverage_block(text: str, table: str) -> str | None:
    """``text`` with the part between the coverage markers replaced by ``table``; None without markers."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        return None
    return text[: start + len(START)] + "\n" + (table or "(no stated totals yet)\n") + text[end:]
