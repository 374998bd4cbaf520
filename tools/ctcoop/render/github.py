"""GitHub Actions workflow commands: one ``::error``/``::warning`` annotation per issue, then a summary.

See https://docs.github.com/actions/reference/workflow-commands-for-github-actions: property
values escape ``%``, CR, LF, ``:`` and ``,``; messages escape ``%``, CR and LF; every other
control character is made visible (:mod:`ctcoop.escape`).
"""

from __future__ import annotations

from ctcoop.escape import gh_data, gh_property
from ctcoop.render import summary
from ctcoop.report import Report, Severity

_data = gh_data  # one escaping layer for every output (ctcoop.escape)
_prop = gh_property


def render(report: Report, *, max_issues: int | None = None, prefix: str = "") -> str:
    lines: list[str] = []
    shown = report.issues if max_issues is None else report.issues[:max_issues]
    for issue in shown:
        kind = {Severity.ERROR: "error", Severity.WARNING: "warning"}.get(issue.severity, "notice")
        props = [f"file={_prop(prefix + (issue.file or 'datapackage.json'))}"]
        if issue.line is not None:
            props.append(f"line={issue.line}")
            if issue.column is not None:
                props.append(f"col={issue.column}")
        props.append(f"title={_prop(issue.code)}")
        message = issue.message + (f" (hint: {issue.hint})" if issue.hint else "")
        lines.append(f"::{kind} {','.join(props)}::{_data(message)}")
    hidden = len(report.issues) - len(shown)
    if hidden:
        lines.append(
            f"{hidden} more issue{'s' if hidden != 1 else ''} not annotated (--max-errors {max_issues})"
        )
    lines.append(summary(report))
    return "\n".join(lines) + "\n"
