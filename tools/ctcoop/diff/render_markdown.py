"""Render a :class:`~ctcoop.diff.model.PackageDiff` as GitHub-flavoured Markdown.

For a pull-request comment or release notes: a heading, the verdict, a summary table of the
resources that changed (first), then the reasons and one folded ``<details>`` block per
resource with its schema changes and row tables. Row tables hold the rows the diff listed
(``--max-rows``, 20 by default) and always say how many there are in all. Cell text is
escaped so that a ``|``, a line break or markup in the data cannot break the table.
"""

from __future__ import annotations

import re

from pydantic import JsonValue

from ctcoop.diff.cell_diff import changed_parts, side_text
from ctcoop.diff.model import Level, PackageDiff, ResourceDiff, RowList
from ctcoop.diff.render_text import key_text, plural, summary_line, value_text, verdict
from ctcoop.escape import visible

MAX_VALUE = 120
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def md_escape(text: str) -> str:
    """Text safe inside a Markdown table cell (one line, no markup)."""
    text = _SPECIAL.sub(r"\\\1", text)
    return visible(text.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>"))


def md_value(value: JsonValue) -> str:
    if value is None:
        return "*(missing)*"
    if isinstance(value, str):
        shown = value if len(value) <= MAX_VALUE else value[: MAX_VALUE - 1] + "…"
        return md_escape(shown) if shown.strip() else f"`{json_quote(shown)}`"
    return md_escape(value_text(value, MAX_VALUE))


def md_pair(old: JsonValue, new: JsonValue) -> tuple[str, str]:
    """Before and after as table cells; two long strings show the region around the change,
    the changed words in ``<del>`` and ``<ins>``."""
    if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > MAX_VALUE:
        parts = changed_parts(old, new, MAX_VALUE)
        if parts is not None:
            return (side_text(parts[0], ("<del>", "</del>"), md_escape),
                    side_text(parts[1], ("<ins>", "</ins>"), md_escape))
    return md_value(old), md_value(new)


def json_quote(text: str) -> str:
    return value_text(text, None).replace("`", "'")


def _table(header: list[str], rows: list[list[str]], right: set[int] | None = None) -> list[str]:
    right = right or set()
    out = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---:" if i in right else "---" for i in range(len(header))) + "|",
    ]
    out.extend("| " + " | ".join(r) + " |" for r in rows)
    return out


def _shown(count: int, shown: int, noun: str) -> str:
    if shown < count:
        return f"*Showing {shown} of {plural(count, noun)}; run `ctcoop diff --max-rows 0` for all.*"
    return ""


def _summary_table(diff: PackageDiff) -> list[str]:
    rows: list[list[str]] = []
    for r in diff.resources:
        if r.status == "unchanged":
            continue
        if r.status in ("added", "removed"):
            rows_count = r.rows_new if r.status == "added" else r.rows_old
            status = f"{r.status} ({plural(rows_count or 0, 'row')})"
            rows.append([md_escape(r.name), status, *(["–"] * 6)])
            continue
        counts = [
            r.rows_added.count,
            r.rows_removed.count,
            r.rows_changed.count,
            r.rows_changed.cells,
            len(r.id_changes),
            len(r.schema_changes),
        ]
        rows.append([md_escape(r.name), r.status, *(str(n) for n in counts)])
    s = diff.summary
    rows.append(
        [
            "**total**",
            "",
            str(s.rows_added),
            str(s.rows_removed),
            str(s.rows_changed),
            str(s.cells_changed),
            str(s.id_changes),
            str(s.schema_changes),
        ]
    )
    header = [
        "Resource",
        "Status",
        "Rows added",
        "Rows removed",
        "Rows changed",
        "Cells changed",
        "ID changes",
        "Schema changes",
    ]
    return _table(header, rows, right={2, 3, 4, 5, 6, 7})


def _rows_table(title: str, rl: RowList, key: list[str]) -> list[str]:
    if not rl.count:
        return []
    fields: list[str] = []
    for row in rl.rows:
        fields.extend(f for f in row.values if f not in fields)
    header = [md_escape(k) for k in key] + [md_escape(f) for f in fields]
    body = [
        [md_value(row.key.get(k)) for k in key] + [md_value(row.values.get(f)) for f in fields]
        for row in rl.rows
    ]
    out = [f"**{title}** ({rl.count})", ""]
    out += _table(header, body)
    note = _shown(rl.count, len(rl.rows), "row")
    return [*out, *(["", note] if note else []), ""]


def _resource(res: ResourceDiff, limit: int | None) -> list[str]:
    if res.status == "added":
        return [f"- **{md_escape(res.name)}**: added ({plural(res.rows_new or 0, 'row')})"]
    if res.status == "removed":
        return [f"- **{md_escape(res.name)}**: removed (had {plural(res.rows_old or 0, 'row')})"]
    bits = []
    for n, w in [
        (res.rows_added.count, "added"),
        (res.rows_removed.count, "removed"),
        (res.rows_changed.count, "changed"),
    ]:
        if n:
            bits.append(f"{n} {w}")
    if res.schema_changes:
        bits.append(plural(len(res.schema_changes), "schema change"))
    summary = ", ".join(bits) or "descriptor changes"
    out = ["<details>", f"<summary><b>{md_escape(res.name)}</b>: {summary}</summary>", ""]
    out.append(
        f"Key: {', '.join('`' + k + '`' for k in res.primary_key) or 'none'}; "
        f"rows {res.rows_old} → {res.rows_new}."
    )
    out.append("")
    if res.note:
        out += [f"> {md_escape(res.note)}", ""]
    if res.schema_changes:
        out += ["**Schema changes**", ""]
        out += [f"- {sc.level.value}: {md_escape(sc.message)}" for sc in res.schema_changes]
        out.append("")
    if res.metadata_changes:
        out += ["**Descriptor changes**", ""]
        out += [
            f"- {mc.level.value}: `{mc.pointer}` {mc.kind}: " + " → ".join(md_pair(mc.old, mc.new))
            for mc in res.metadata_changes
        ]
        out.append("")
    rc = res.rows_changed
    if rc.count:
        out += [f"**Rows changed** ({plural(rc.count, 'row')}, {plural(rc.cells, 'cell')})", ""]
        body = [
            [md_escape(key_text(row.key)), md_escape(c.field), *md_pair(c.old, c.new)]
            for row in rc.rows
            for c in row.changes
        ]
        out += _table(["Key", "Field", "Before", "After"], body)
        note = _shown(rc.count, len(rc.rows), "changed row")
        out += ["", note, ""] if note else [""]
    out += _rows_table("Rows added", res.rows_added, res.primary_key)
    out += _rows_table("Rows removed", res.rows_removed, res.primary_key)
    if res.id_changes:
        out += [f"**ID changes** ({len(res.id_changes)})", ""]
        shown = res.id_changes if limit is None else res.id_changes[:limit]
        out += _table(
            ["Old ID", "New ID"], [[md_escape(key_text(i.old)), md_escape(key_text(i.new))] for i in shown]
        )
        note = _shown(len(res.id_changes), len(shown), "ID change")
        out += ["", note, ""] if note else [""]
    out += ["</details>"]
    return out


def render_markdown(diff: PackageDiff, *, limit: int | None = 20) -> str:
    """The whole diff as Markdown (ends with a newline); ``limit`` caps each ID-change table.

    Row tables hold what the diff listed (the library's ``max_rows``).
    """
    out = [f"### Data package diff: `{diff.old.label}` → `{diff.new.label}`", ""]
    if diff.level is Level.NONE:
        return "\n".join([*out, "No differences.", ""])
    out += [f"**{verdict(diff)}**", "", *_summary_table(diff), ""]
    out += [f"Summary: {md_escape(summary_line(diff))}.", ""]
    out += [
        "<details>",
        f"<summary>Why {diff.level.value.upper()} ({plural(len(diff.reasons), 'reason')})</summary>",
        "",
    ]
    out += [f"- **{r.level.value}** {md_escape(r.message)}" for r in diff.reasons]
    out += ["", "</details>", ""]
    if diff.metadata_changes:
        out += ["**Package descriptor**", ""]
        out += [
            f"- {mc.level.value}: `{mc.pointer}` {mc.kind}: " + " → ".join(md_pair(mc.old, mc.new))
            for mc in diff.metadata_changes
        ]
        out.append("")
    added_removed = [r for r in diff.resources if r.status in ("added", "removed")]
    for res in added_removed:
        out += _resource(res, limit)
    if added_removed:
        out.append("")
    for res in diff.resources:
        if res.status == "changed":
            out += [*_resource(res, limit), ""]
    unchanged = [r.name for r in diff.resources if r.status == "unchanged"]
    if unchanged:
        out += [f"Unchanged: {md_escape(', '.join(unchanged))}.", ""]
    return "\n".join(out)
