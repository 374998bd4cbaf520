"""``ctcoop new``: what only a later row can resolve is a note saying what to add next.

A column that a typed link must also state (``ctcoop:agreesWith``) cannot agree before the
link exists, and the link cannot point at a row that does not exist yet: the new row is added
with a note naming the link row to add, and that row is then accepted. A row without a citation
gets one note covering its factual fields, not one warning per field.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ctcoop.cli import cli
from ctcoop.validate import validate_package

ORGS: dict[str, Any] = {
    "fields": [
        {"name": "id", "type": "string",
         "constraints": {"required": True, "pattern": "^org-[a-z0-9]+(?:-[a-z0-9]+)*$"}},
        {"name": "name_en", "type": "string", "constraints": {"required": True}},
        {"name": "parent", "type": "string",
         "ctcoop:agreesWith": {"relationType": "part-of", "direction": "subject", "match": "member"}},
        {"name": "founded", "type": "string"},
    ],
    "primaryKey": ["id"],
    "foreignKeys": [{"fields": ["parent"], "reference": {"resource": "", "fields": ["id"]}}],
}
TYPES: dict[str, Any] = {"fields": [{"name": "id", "type": "string"}, {"name": "subjects", "type": "string"},
                                    {"name": "objects", "type": "string"}], "primaryKey": ["id"]}
LINKS: dict[str, Any] = {
    "fields": [
        {"name": "id", "type": "string",
         "constraints": {"required": True, "pattern": "^lnk-[a-z0-9]+(?:-[a-z0-9]+)*$"}},
        {"name": "subject", "type": "string", "constraints": {"required": True},
         "ctcoop:references": ["orgs"]},
        {"name": "type", "type": "string", "constraints": {"required": True}},
        {"name": "object", "type": "string", "constraints": {"required": True},
         "ctcoop:references": ["orgs"]},
    ],
    "primaryKey": ["id"],
    "foreignKeys": [{"fields": ["type"], "reference": {"resource": "types", "fields": ["id"]}}],
}
CITATIONS: dict[str, Any] = {"fields": [
    {"name": "subject", "type": "string", "constraints": {"required": True}, "ctcoop:references": ["orgs"]},
    {"name": "source", "type": "string", "constraints": {"required": True}},
    {"name": "locator", "type": "string", "constraints": {"required": True}},
    {"name": "fields", "type": "string", "ctcoop:listDelimiter": ";"},
], "primaryKey": ["subject", "source", "locator"]}
DESCRIPTOR = {
    "name": "links-fixture",
    "ctcoop:citations": {"resource": "citations", "subjectField": "subject", "sourceField": "source",
                         "locatorField": "locator", "fieldsField": "fields"},
    "resources": [
        {"name": "orgs", "path": "data/orgs.csv", "schema": ORGS, "ctcoop:requiresCitation": True,
         "ctcoop:factualFields": ["parent", "founded"]},
        {"name": "types", "path": "data/types.csv", "schema": TYPES},
        {"name": "links", "path": "data/links.csv", "schema": LINKS,
         "ctcoop:typedLinks": {"typeField": "type", "subjectField": "subject", "objectField": "object",
                               "typeResource": "types", "subjectResourcesField": "subjects",
                               "objectResourcesField": "objects"}},
        {"name": "citations", "path": "data/citations.csv", "schema": CITATIONS},
    ],
}
FILES = {
    "data/orgs.csv": "id,name_en,parent,founded\norg-top,Top,,\n",
    "data/types.csv": "id,subjects,objects\npart-of,orgs,orgs\n",
    "data/links.csv": "id,subject,type,object\n",
    "data/citations.csv": "subject,source,locator,fields\norg-top,src,p. 1,\n",
}


@pytest.fixture
def pkg(make_package: Callable[..., Path]) -> Path:
    return make_package(DESCRIPTOR, FILES)


def new(pkg: Path, table: str, row: dict[str, str]) -> Any:
    return CliRunner().invoke(cli, ["new", table, str(pkg), "--from-json", "-"], input=json.dumps(row))


def test_a_row_whose_parent_needs_a_link_is_added_then_the_link(pkg: Path) -> None:
    first = new(pkg, "orgs", {"id": "org-child", "name_en": "Child", "parent": "org-top", "founded": "2001"})
    assert (first.exit_code, first.stdout) == (0, "added org-child to data/orgs.csv at line 2\n")
    assert first.stderr == (
        "note: orgs rows must be cited: add a row to data/citations.csv with subject=org-child, the source id"
        " and a locator (section, paragraph or page); its fields founded, parent need a citation that names"
        " them or cites the whole row\n"
        "note: orgs.parent 'org-top' must also be a links row: add it next with `ctcoop new links`"
        " (type=part-of, subject=org-child, object=org-top); until then `ctcoop validate` reports the"
        " agreement error\n"
    )
    second = new(pkg, "links", {"subject": "org-child", "type": "part-of", "object": "org-top"})
    assert (second.exit_code, second.stdout, second.stderr) == (
        0, "added lnk-child-part-of-top to data/links.csv at line 2\n", "")
    errors = [i.code for i in validate_package(pkg).issues if i.severity.value == "error"]
    assert errors == ["citation-missing"]


def test_a_link_that_says_something_else_is_still_an_error(pkg: Path) -> None:
    (pkg / "data/orgs.csv").write_text("id,name_en,parent,founded\norg-other,Other,,\norg-top,Top,,\n",
                                       encoding="utf-8")
    links = "id,subject,type,object\nlnk-child-other,org-child,part-of,org-other\n"
    (pkg / "data/links.csv").write_text(links, encoding="utf-8")
    before = (pkg / "data/orgs.csv").read_text(encoding="utf-8")
    result = new(pkg, "orgs", {"id": "org-child", "name_en": "Child", "parent": "org-top"})
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "data/orgs.csv:2:3: error[agreement] parent is 'org-top', but the 'part-of' rows of links"
        " with subject 'org-child' give 'org-other'\n"
        "  hint: add or correct the links row, or correct parent, so that both say the same\n"
        "the row was not added: 1 error(s)\n"
    )
    assert (pkg / "data/orgs.csv").read_text(encoding="utf-8") == before
