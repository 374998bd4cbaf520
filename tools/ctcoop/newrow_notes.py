"""What a new row's issues mean for the person adding it (``ctcoop new``): errors, or notes.

Two kinds of issue are not the new row's fault, because they can only be resolved once the row
exists, and so become notes saying what to add next:

* a missing citation (``citation-missing``) and, with it, the ``uncited-fact`` warnings of
  its filled factual fields: the citations table may only point at a row that exists;
* a column that a typed link must also state (``ctcoop:agreesWith``, the ``agreement``
  issue), when no link of that type names the new row yet: the link's own reference to
  the row would be refused before the row is there.

A link that exists but says something else is a real disagreement and stays an error.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping

from ctcoop.errors import CtcoopError
from ctcoop.extensions import field_ext, package_ext, resource_ext
from ctcoop.newrow_ids import single_pk
from ctcoop.package import Package, Resource
from ctcoop.report import Issue
from ctcoop.tables.canonical import read_raw_table

__all__ = ["citation_note", "link_note", "sort_issues"]


def citation_note(package: Package, res: Resource, row_id: str, fields: Iterable[str] = ()) -> str:
    """How to cite the new row (and which of its factual fields a citation must cover)."""
    conf = package_ext(package.descriptor).citations
    where = "the citations table"
    with contextlib.suppress(CtcoopError):
        where = package.resource(conf.resource if conf is not None else "citations").path
    subject = conf.subjectField if conf is not None else "subject"
    source = (conf.sourceField if conf is not None else None) or "source"
    locator = (conf.locatorField if conf is not None else None) or "locator"
    note = (f"{res.name} rows must be cited: add a row to {where} with {subject}={row_id}, the {source} id "
            f"and a {locator} (section, paragraph or page)")
    covered = sorted(set(fields))
    if covered:
        note += f"; its fields {', '.join(covered)} need a citation that names them or cites the whole row"
    return note


def link_note(package: Package, res: Resource, row_id: str, issue: Issue) -> str | None:
    """The note for an ``agreement`` issue of the new row when no link names the row yet."""
    config = field_ext(res.field(issue.field or "") or {}).agrees_with
    if issue.code != "agreement" or config is None or issue.value is None:
        return None
    links = [r for r in package.resources if resource_ext(r.descriptor).typed_links is not None
             and (config.resource is None or r.name == config.resource)]
    spec = resource_ext(links[0].descriptor).typed_links if len(links) == 1 else None
    if spec is None:
        return None
    own, other = ((spec.subjectField, spec.objectField) if config.direction == "subject"
                  else (spec.objectField, spec.subjectField))
    names = links[0].field_names
    if own not in names or spec.typeField not in names:
        return None
    try:
        rows = read_raw_table(package, links[0]).rows
    except CtcoopError:
        return None
    at, typed = names.index(own), names.index(spec.typeField)
    if any(r[at] == row_id and r[typed] == config.relationType for r in rows):
        return None  # a link exists and says something else: the row's own error
    return (f"{res.name}.{issue.field} '{issue.value}' must also be a {links[0].name} row: add it next "
            f"with `ctcoop new {links[0].name}` ({spec.typeField}={config.relationType}, {own}={row_id}, "
            f"{other}={issue.value}); until then `ctcoop validate` reports the {issue.code} error")


def sort_issues(package: Package, res: Resource, cells: Mapping[str, str], line: int,
                issues: Iterable[Issue]) -> tuple[list[Issue], list[str]]:
    """The new row's issues (at ``line`` of its file) split into issues and notes."""
    row_id = cells.get(single_pk(res) or "", "")
    mine = [(i, i.file == res.path and i.line == line) for i in issues]
    uncited = any(own and i.code == "citation-missing" for i, own in mine)
    kept: list[Issue] = []
    notes: list[str] = []
    fields: list[str] = []
    for issue, own in mine:
        note = link_note(package, res, row_id, issue) if own else None
        if note is not None:
            notes.append(note)
        elif own and uncited and issue.code == "uncited-fact" and issue.field:
            fields.append(issue.field)
        elif not (own and issue.code == "citation-missing"):
            kept.append(issue)
    if uncited:
        notes.insert(0, citation_note(package, res, row_id, fields))
    return kept, notes
