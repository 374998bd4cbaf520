"""Validation issues and the report that collects them.

An :class:`Issue` is one problem with a stable ``code`` (a slug such as ``foreign-key``), a
severity, where it is (resource, file, line in the file, column number, field) and what to do
about it (``hint``). A :class:`Report` is the list of issues found in one run plus counts.
The JSON form of a report (``Report.to_dict``) is documented in docs/report-schema.md and is
stable: fields are only ever added.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

#: version of the JSON report's schema; bumped only if a field changes meaning (fields are only added)
REPORT_VERSION = 1


class Severity(StrEnum):
    """How serious an issue is. Errors make a package invalid; warnings and notes do not."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Issue(BaseModel):
    """One problem found in a package."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    code: str = Field(description="Stable slug naming the rule, e.g. 'foreign-key'.")
    severity: Severity = Severity.ERROR
    message: str = Field(description="What is wrong, in one sentence.")
    hint: str | None = Field(default=None, description="How to fix it.")
    resource: str | None = Field(default=None, description="Resource name, when the issue is in one.")
    file: str | None = Field(default=None, description="Path of the file, relative to the package.")
    line: int | None = Field(default=None, description="1-based line in the file (not a row index).")
    column: int | None = Field(default=None, description="1-based column (field position) in the row.")
    field: str | None = Field(default=None, description="Field name, when the issue is in one.")
    value: str | None = Field(default=None, description="The offending cell value, when there is one.")
    cause: str | None = Field(
        default=None,
        description="'file:line' of the error this one follows from (a stray quote, an extra cell), if any.",
    )

    def location(self) -> str:
        """``file:line:column`` with whatever parts are known."""
        parts = [self.file or self.resource or "datapackage.json"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class Report(BaseModel):
    """Everything one validation run found."""

    model_config = ConfigDict(extra="forbid", strict=True)

    package: str = Field(description="What was validated, as given.")
    issues: list[Issue] = Field(default_factory=list)
    stats: dict[str, int] = Field(default_factory=dict, description="Counts: resources, rows, checks run.")

    @property
    def valid(self) -> bool:
        return not any(i.severity is Severity.ERROR for i in self.issues)

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Severity}
        for issue in self.issues:
            out[issue.severity.value] += 1
        return out

    def errors(self) -> list[Issue]:
        """The issues of severity error."""
        return [i for i in self.issues if i.severity is Severity.ERROR]

    def codes(self) -> dict[str, int]:
        """How many issues of each code, sorted by code."""
        out: dict[str, int] = {}
        for issue in self.issues:
            out[issue.code] = out.get(issue.code, 0) + 1
        return dict(sorted(out.items()))

    def to_dict(self) -> dict[str, Any]:
        """The JSON report, schema version ``REPORT_VERSION`` (docs/report-schema.md)."""
        return {
            "report_version": REPORT_VERSION,
            "package": self.package,
            "valid": self.valid,
            "counts": self.counts(),
            "stats": dict(self.stats),
            "codes": self.codes(),
            "issues": [i.model_dump(mode="json") for i in self.issues],
        }
