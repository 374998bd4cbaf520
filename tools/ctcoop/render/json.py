"""The stable JSON report (docs/report-schema.md)."""

from __future__ import annotations

import json

from ctcoop.report import Report


def render(report: Report, *, max_issues: int | None = None, prefix: str = "") -> str:
    data = report.to_dict()
    if max_issues is not None and len(data["issues"]) > max_issues:
        data["issues"] = data["issues"][:max_issues]
        data["truncated"] = True
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
