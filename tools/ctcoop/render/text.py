"""Compiler-style text: ``data/x.csv:14:7: error[foreign-key] message`` then an indented hint."""

from __future__ import annotations

from ctcoop.render import summary
from ctcoop.report import Issue, Report


def location(issue: Issue, prefix: str = "", default: str = "datapackage.json") -> str:
    """``file:line:column`` with whatever parts are known, the file prefixed."""
    parts = [prefix + (issue.file or default)]
    if issue.line is not None:
        parts.append(str(issue.line))
        if issue.column is not None:
            parts.append(str(issue.column))
    return ":".join(parts)


def render(report: Report, *, max_issues: int | None = None, prefix: str = "") -> str:
    lines: list[str] = []
    shown = report.issues if max_issues is None else report.issues[:max_issues]
    for issue in shown:
        lines.append(f"{location(issue, prefix)}: {issue.severity.value}[{issue.code}] {issue.message}")
        if issue.hint:
            lines.append(f"  hint: {issue.hint}")
    hidden = len(report.issues) - len(shown)
    if hidden:
        lines.append(
            f"… {hidden} more issue{'s' if hidden != 1 else ''} not shown (--max-errors {max_issues})"
        )
    lines.append(summary(report))
    return "\n".join(lines) + "\n"
