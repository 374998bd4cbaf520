"""Compiler-style text: ``data/x.csv:14:7: error[foreign-key] message`` then an indented hint.

An error that follows from another (``Issue.cause``: a stray quote, an extra cell, see
:mod:`ctcoop.cascade`) is not listed on its own: its cause is shown first, followed by one
line that counts what follows from it and where.

Paths, messages and hints come from the package: control characters are made visible
(:func:`ctcoop.escape.visible`), so a cell cannot drive the terminal or fake a line.
"""

from __future__ import annotations

from collections.abc import Callable

from ctcoop.cascade import CAUSES, cause_location
from ctcoop.escape import visible
from ctcoop.render import summary
from ctcoop.report import Issue, Report


def location(issue: Issue, prefix: str = "", default: str = "datapackage.json") -> str:
    """``file:line:column`` with whatever parts are known, the file prefixed."""
    parts = [prefix + (issue.file or default)]
    if issue.line is not None:
        parts.append(str(issue.line))
        if issue.column is not None:
            parts.append(str(issue.column))
    return visible(":".join(parts))


_FILES = 6


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _lines(numbers: list[int]) -> str:
    low, high = min(numbers), max(numbers)
    return f"line {low}" if low == high else f"lines {low}–{high}"


def followers_line(cause: Issue, followers: list[Issue], prefix: str = "") -> str:
    """``and 237 more errors on lines 12–480 that follow from this quote``."""
    by_file: dict[str, list[int]] = {}
    for f in followers:
        by_file.setdefault(f.file or "", []).extend([f.line] if f.line is not None else [])
    if set(by_file) == {cause.file or ""}:
        where = _lines(by_file[cause.file or ""]) if by_file[cause.file or ""] else ""
        places = f"on {where}" if where else "in the same file"
    else:
        parts = [visible(f"{prefix}{file} ({_lines(n)})" if n else f"{prefix}{file}")
                 for file, n in by_file.items()]
        shown = parts[:_FILES]
        more = f" and {len(parts) - _FILES} more files" if len(parts) > _FILES else ""
        places = "in " + ", ".join(shown) + more
    kinds = {f.severity.value for f in followers}
    noun = next(iter(kinds)) if len(kinds) == 1 else "issue"
    what = CAUSES.get(cause.code, ("", "it"))[1]
    verb = "follows" if len(followers) == 1 else "follow"
    return f"  … and {_plural(len(followers), 'more ' + noun)} {places} that {verb} from {what}"


def issue_lines(issue: Issue, prefix: str) -> list[str]:
    """``file:line:column: severity[code] message`` and the indented hint, as validate prints them."""
    head = f"{location(issue, prefix)}: {issue.severity.value}[{visible(issue.code)}]"
    out = [f"{head} {visible(issue.message)}"]
    if issue.hint:
        out.append(f"  hint: {visible(issue.hint)}")
    return out


def render(
    report: Report,
    *,
    max_issues: int | None = None,
    prefix: str = "",
    paint: Callable[[str, str], str] | None = None,
) -> str:
    """The report as text; ``paint(severity, text)`` colours the severity word (None: no colour)."""
    followers: dict[str, list[Issue]] = {}
    for issue in report.issues:
        if issue.cause is not None:
            followers.setdefault(issue.cause, []).append(issue)
    listed = [i for i in report.issues if i.cause is None]
    shown = listed if max_issues is None else listed[:max_issues]
    lines: list[str] = []
    for issue in shown:
        text = issue_lines(issue, prefix)
        if paint is not None:
            sev = issue.severity.value
            text[0] = text[0].replace(f": {sev}[", f": {paint(sev, sev)}[", 1)
        lines.extend(text)
        after = followers.get(cause_location(issue)) if issue.code in CAUSES else None
        if after:
            lines.append(followers_line(issue, after, prefix))
            lines.append("  hint: fix this first and validate again; what follows from it may go away")
    folded = sum(len(followers.get(cause_location(i), [])) for i in shown if i.code in CAUSES)
    hidden = len(report.issues) - len(shown) - folded
    if hidden:
        lines.append(
            f"… {hidden} more issue{'s' if hidden != 1 else ''} not shown (--max-errors {max_issues})"
        )
        lines.append(
            "  hint: fix these first and validate again, or raise --max-errors (leave it out to see "
            "every issue; --format json lists them all)"
        )
    lines.append(summary(report))
    return "\n".join(lines) + "\n"
