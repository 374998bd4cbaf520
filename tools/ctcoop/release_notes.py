"""The words a release leaves behind: a CHANGELOG.md entry and the ID-change log.

:func:`changelog_entry` writes the Markdown entry for one release from its diff (date,
version, level, the classified reasons, the notable row changes, the ID changes);
:func:`prepend_entry` puts it at the top of CHANGELOG.md, under the ``## Unreleased`` heading;
the notes written there by hand (:func:`unreleased_notes`) open the entry, before the
generated sections. :func:`id_changes_text` appends the release's ID
changes to ``docs/id-changes.json`` (format ``ctcoop-id-changes/1``, docs/release.md), so a
downstream user can map every old ID to its new one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from ctcoop.diff.model import PackageDiff, ResourceDiff
from ctcoop.diff.render_text import key_text, plural, summary_line, value_text
from ctcoop.errors import CtcoopError

ID_CHANGES_FORMAT = "ctcoop-id-changes/1"
ID_CHANGES_FILE = "docs/id-changes.json"
#: ``## Unreleased``, ``## [Unreleased]``, ``## Unreleased (0.1.0)``, ``## unreleased - notes`` …
_UNRELEASED = re.compile(r"^##[ \t]+\[?[ \t]*unreleased\b.*$", re.IGNORECASE | re.MULTILINE)
_H2 = re.compile(r"^## ", re.MULTILINE)


def _code(text: str) -> str:
    return "`" + text.replace("`", "'") + "`"


def _notable(res: ResourceDiff, limit: int) -> list[str]:
    out: list[str] = []
    name = f"**{res.name}**"

    def keys(rows: list[Any], count: int) -> str:
        shown = ", ".join(_code(key_text(r.key)) for r in rows[:limit])
        more = f" and {count - min(len(rows), limit)} more" if count > min(len(rows), limit) else ""
        return shown + more

    if res.rows_added.count:
        out.append(
            f"- {name}: {plural(res.rows_added.count, 'row')} added: "
            f"{keys(res.rows_added.rows, res.rows_added.count)}"
        )
    if res.rows_removed.count:
        out.append(
            f"- {name}: {plural(res.rows_removed.count, 'row')} removed: "
            f"{keys(res.rows_removed.rows, res.rows_removed.count)}"
        )
    for row in res.rows_changed.rows[:limit]:
        cells = "; ".join(
            f"{c.field}: {value_text(c.old, 60)} → {value_text(c.new, 60)}" for c in row.changes
        )
        out.append(f"- {name}: {_code(key_text(row.key))} {cells}")
    shown = min(len(res.rows_changed.rows), limit)
    if res.rows_changed.count > shown:
        out.append(f"- {name}: and {res.rows_changed.count - shown} more changed rows")
    return out


def changelog_entry(
    version: str,
    released: dt.date,
    diff: PackageDiff | None,
    *,
    previous_tag: str | None,
    row_counts: dict[str, int] | None = None,
    id_file: str | None = None,
    limit: int = 10,
    notes: str = "",
) -> str:
    """The Markdown entry for one release (``## [version] - date`` and its sections).

    ``notes`` (written by hand under ``## Unreleased``) come right after the one-line summary,
    before the generated sections.
    """
    lines = [f"## [{version}] - {released.isoformat()}", ""]
    hand = ["", notes.strip("\n").rstrip()] if notes.strip() else []
    if diff is None or previous_tag is None:
        lines += ["First release: no earlier release tag (v*) to compare with.", *hand]
        if row_counts:
            lines += ["", "### Contents", ""]
            lines += [f"- {name}: {plural(n, 'row')}" for name, n in row_counts.items()]
        lines.append("")
        return "\n".join(lines) + "\n"
    level = diff.level.value.upper() if diff.reasons else "No data"
    lines.append(
        f"{level} release: compared with {previous_tag} ({diff.old.version or 'no version'}); "
        f"{summary_line(diff)}."
    )
    lines += hand
    if diff.reasons:
        lines += ["", "### What changed", ""]
        lines += [f"- **{r.level.value}** {r.message}" for r in diff.reasons]
    notable = [line for res in diff.resources if res.status == "changed" for line in _notable(res, limit)]
    if notable:
        lines += ["", "### Notable row changes", "", *notable]
        lines.append(f"\nEvery change: `ctcoop diff {previous_tag} v{version}`.")
    ids = [(res.name, idc) for res in diff.resources for idc in res.id_changes]
    if ids:
        lines += ["", "### ID changes", ""]
        lines += [f"- {name}: {_code(key_text(i.old))} → {_code(key_text(i.new))}" for name, i in ids]
        if id_file:
            lines.append(f"\nMachine-readable: `{id_file}`.")
    lines.append("")
    return "\n".join(lines) + "\n"


def _unreleased_span(text: str) -> tuple[int, int, int] | None:
    """Start of the ``## Unreleased`` heading, end of its line, end of its section; None if absent."""
    m = _UNRELEASED.search(text)
    if not m:
        return None
    nxt = _H2.search(text, m.end())
    return m.start(), m.end(), nxt.start() if nxt else len(text)


def unreleased_notes(existing: str | None) -> str:
    """The notes written by hand under the ``Unreleased`` heading (any of its forms), or ``""``."""
    span = _unreleased_span(existing or "")
    if span is None or existing is None:
        return ""
    return existing[span[1] : span[2]].strip("\n").rstrip()


def prepend_entry(existing: str | None, entry: str) -> str:
    """CHANGELOG.md with ``entry`` first, after the title and intro and an empty ``## Unreleased``.

    The ``Unreleased`` section (any form of its heading) is replaced: its notes belong in
    ``entry`` already (:func:`changelog_entry` ``notes=``:func:`unreleased_notes`).
    """
    if not existing or not existing.strip():
        return "# Changelog\n\n## Unreleased\n\n" + entry
    text = existing
    span = _unreleased_span(text)
    if span:
        start, _, end = span
        return text[:start] + "## Unreleased\n\n" + entry.rstrip("\n") + "\n\n" + text[end:]
    first = _H2.search(text)
    at = first.start() if first else len(text)
    head = text[:at]
    if head and not head.endswith("\n\n"):
        head = head.rstrip("\n") + "\n\n"
    return head + "## Unreleased\n\n" + entry.rstrip("\n") + "\n\n" + text[at:]


def id_change_records(diff: PackageDiff, version: str, released: dt.date) -> list[dict[str, Any]]:
    """One record per changed ID in ``diff``."""
    return [
        {
            "version": version,
            "date": released.isoformat(),
            "resource": res.name,
            "key": list(res.primary_key),
            "old": dict(i.old),
            "new": dict(i.new),
        }
        for res in diff.resources
        for i in res.id_changes
    ]


def id_changes_text(existing: str | None, records: list[dict[str, Any]], version: str) -> str:
    """``docs/id-changes.json`` with this release's records appended (a rerun replaces them)."""
    doc: dict[str, Any] = {
        "format": ID_CHANGES_FORMAT,
        "description": "IDs that changed between releases: each record maps a row's old primary key "
        "to its new one (same content, new ID). Written by `ctcoop release`.",
        "changes": [],
    }
    if existing and existing.strip():
        try:
            loaded = json.loads(existing)
        except json.JSONDecodeError:
            loaded = None
        if not (isinstance(loaded, dict) and isinstance(loaded.get("changes"), list)):
            raise CtcoopError(
                "the ID-change log is not a JSON object with a 'changes' array, so it is not rewritten",
                file=ID_CHANGES_FILE,
                code="id-changes-invalid",
                hint="repair the file (or move it away) and run the release again",
            )
        kept = [c for c in loaded["changes"] if not (isinstance(c, dict) and c.get("version") == version)]
        doc["changes"] = kept
    doc["changes"].extend(records)
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
