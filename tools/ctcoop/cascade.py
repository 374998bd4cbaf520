"""Errors that follow from one structural error: find them, so the cause is reported first.

One stray quote can swallow the rest of a file: every later row is read as one cell, and every
reference into that table now misses. One extra comma shifts a row's cells: every cell after it
is checked against the wrong field. Listing those hundreds of errors before (or instead of)
their single cause hides it. :func:`mark_cascades` gives each such error a ``cause`` (the
location of the error it follows from) and puts each cause before the others; the text report
then shows the cause and one line counting what follows from it.

What follows from what, by the cause's code:

* ``unterminated-quote`` (the rest of the file is one cell): every issue in the same file from
  that line on, and every reference error (``foreign-key``, ``reference``, ``list-item``,
  and ``agreement``: a column compared with links into that resource) anywhere that points
  into that resource;
* ``extra-cell``, ``missing-cell``, ``quote-error`` (one row read wrongly): the other issues
  on the same line of the same file.
"""

from __future__ import annotations

from collections.abc import Iterable

from ctcoop.extensions import field_ext
from ctcoop.package import Package, Resource
from ctcoop.report import Issue, Severity

#: cause code -> (scope: "rest" of the file or the same "line", how the summary names the cause)
CAUSES: dict[str, tuple[str, str]] = {
    "unterminated-quote": ("rest", "this quote"),
    "quote-error": ("line", "this quote"),
    "extra-cell": ("line", "this extra cell"),
    "missing-cell": ("line", "this missing cell"),
}
#: errors that a reference into a table whose rows were lost gives: a reference that misses, and a
#: column that must agree with links whose other end is a row of that table (``ctcoop:agreesWith``)
REFERENCE_CODES = frozenset({"foreign-key", "reference", "list-item", "agreement"})


def _points_into(pkg: Package, issue: Issue) -> set[str]:
    """The resources the field of a reference issue points into."""
    res: Resource | None = next((r for r in pkg.resources if r.name == issue.resource), None)
    if res is None or issue.field is None:
        return set()
    out: set[str] = set()
    for fk in res.foreign_keys:
        fields = fk.get("fields")
        fields = [fields] if isinstance(fields, str) else fields
        ref = fk.get("reference")
        if isinstance(fields, list) and issue.field in fields and isinstance(ref, dict):
            target = ref.get("resource") or res.name
            if isinstance(target, str):
                out.add(target)
    out.update(field_ext(res.field(issue.field) or {}).references or [])
    return out


def _follows(pkg: Package, cause: Issue, issue: Issue) -> bool:
    if issue is cause:
        return False
    scope = CAUSES[cause.code][0]
    same_file = issue.file is not None and issue.file == cause.file
    if scope == "line":
        return same_file and issue.line is not None and issue.line == cause.line
    if same_file and issue.line is not None and cause.line is not None and issue.line >= cause.line:
        return True
    return issue.code in REFERENCE_CODES and cause.resource is not None and (
        cause.resource in _points_into(pkg, issue)
    )


def cause_location(issue: Issue) -> str:
    """``file:line`` of a cause, as followers name it."""
    return f"{issue.file or issue.resource or ''}:{issue.line}" if issue.line else (issue.file or "")


def mark_cascades(issues: Iterable[Issue], pkg: Package) -> list[Issue]:
    """``issues`` with each follower's ``cause`` set, and the causes that others follow from first.

    A cause is an error (a quote read as a warning leaves the rows as they are). Order is
    otherwise kept.
    """
    ordered = list(issues)
    causes = [i for i in ordered if i.code in CAUSES and i.line is not None and i.severity is Severity.ERROR]
    if not causes:
        return ordered
    cause_ids = {id(c) for c in causes}
    marked: list[Issue] = []
    led: set[int] = set()
    for issue in ordered:
        if id(issue) in cause_ids:
            marked.append(issue)
            continue
        cause = next((c for c in causes if _follows(pkg, c, issue)), None)
        if cause is not None:
            led.add(id(cause))
        marked.append(issue.model_copy(update={"cause": cause_location(cause)}) if cause else issue)
    first = [i for i in marked if id(i) in led]
    return first + [i for i in marked if id(i) not in led]
