"""One stray quote or one extra comma: the cause first, what follows from it counted under it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from ctcoop.cli import cli
from ctcoop.validate import available_checks

CHECKS = len(available_checks())

BODIES = {
    "fields": [
        {"name": "id", "type": "string", "constraints": {"required": True}},
        {"name": "members", "type": "integer"},
        {"name": "founded", "type": "date"},
    ],
    "primaryKey": ["id"],
}
LINKS = {
    "fields": [
        {"name": "id", "type": "string", "constraints": {"required": True}},
        {"name": "body", "type": "string"},
    ],
    "primaryKey": ["id"],
    "foreignKeys": [{"fields": ["body"], "reference": {"resource": "bodies", "fields": ["id"]}}],
}
DESCRIPTOR: dict[str, Any] = {
    "name": "cascade",
    "resources": [
        {"name": "bodies", "path": "data/bodies.csv", "schema": BODIES},
        {"name": "links", "path": "data/links.csv", "schema": LINKS},
    ],
}
BODIES_CSV = "".join(f"b{i},{i},2001-01-0{i % 9 + 1}\n" for i in range(1, 9))
LINKS_CSV = "id,body\n" + "".join(f"l{i},b{i}\n" for i in range(1, 9))


def validate(root: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["validate", str(root), *args])


def test_a_stray_quote_is_reported_first_with_what_follows_counted(make_package: Callable[..., Path]) -> None:
    bodies = "id,members,founded\n" + BODIES_CSV.replace("b3,3,", 'b3,"3,')
    root = make_package(DESCRIPTOR, {"data/bodies.csv": bodies, "data/links.csv": LINKS_CSV})
    result = validate(root)
    assert result.exit_code == 1
    assert result.stdout == (
        "data/bodies.csv:4: error[unterminated-quote] a quoted cell opened on line 4 is never closed; "
        "the rest of the file is read as part of it\n"
        '  hint: add the closing " or remove the stray one\n'
        "  … and 6 more errors in data/links.csv (lines 4–9) that follow from this quote\n"
        "  hint: fix this first and validate again; what follows from it may go away\n"
        f"invalid: 7 errors, 0 warnings in 2 resources (10 rows, {CHECKS} checks)\n"
    )
    issues = json.loads(validate(root, "--format", "json").stdout)["issues"]
    assert issues[0]["code"] == "unterminated-quote" and issues[0]["cause"] is None
    assert {i["cause"] for i in issues[1:]} == {"data/bodies.csv:4"}


def test_an_extra_comma_is_reported_before_the_shifted_cells(make_package: Callable[..., Path]) -> None:
    bodies = "id,members,founded\n" + BODIES_CSV.replace("b3,3,", "b3,,3,")
    root = make_package(DESCRIPTOR, {"data/bodies.csv": bodies, "data/links.csv": LINKS_CSV})
    result = validate(root)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("data/bodies.csv:4:4: error[extra-cell] ")
    assert lines[2] == "  … and 1 more error on line 4 that follows from this extra cell"
    assert len(lines) == 5 and lines[-1].startswith("invalid: 2 errors")


def test_a_capped_report_says_how_to_see_the_rest(make_package: Callable[..., Path]) -> None:
    links = "id,body\n" + "".join(f"l{i},x{i}\n" for i in range(1, 6))
    root = make_package(
        DESCRIPTOR, {"data/bodies.csv": "id,members,founded\n" + BODIES_CSV, "data/links.csv": links}
    )
    result = validate(root, "--max-errors", "2")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-3:] == [
        "… 3 more issues not shown (--max-errors 2)",
        "  hint: fix these first and validate again, or raise --max-errors (leave it out to see every issue; "
        "--format json lists them all)",
        f"invalid: 5 errors, 0 warnings in 2 resources (13 rows, {CHECKS} checks)",
    ]


def test_a_column_that_must_agree_with_links_into_the_quoted_table_follows_the_quote(
    make_package: Callable[..., Path],
) -> None:
    """``ctcoop:agreesWith`` compares with the links whose other end is a row of the referenced
    table: rows lost to the quote leave a column with no link to agree with."""
    mechs = {
        "fields": [
            {"name": "id", "type": "string"},
            {"name": "operator", "type": "string",
             "ctcoop:agreesWith": {"relationType": "operated-by", "direction": "subject"}},
        ],
        "primaryKey": ["id"],
        "foreignKeys": [{"fields": ["operator"], "reference": {"resource": "bodies", "fields": ["id"]}}],
    }
    types = {"fields": [{"name": "id", "type": "string"}, {"name": "subjects", "type": "string"},
                        {"name": "objects", "type": "string"}], "primaryKey": ["id"]}
    rels = {"fields": [{"name": "id", "type": "string"}, {"name": "subject", "type": "string"},
                       {"name": "type", "type": "string"}, {"name": "object", "type": "string"}],
            "primaryKey": ["id"]}
    descriptor: dict[str, Any] = {"name": "cascade-agree", "resources": [
        {"name": "bodies", "path": "data/bodies.csv", "schema": BODIES},
        {"name": "mechs", "path": "data/mechs.csv", "schema": mechs},
        {"name": "types", "path": "data/types.csv", "schema": types},
        {"name": "rels", "path": "data/rels.csv", "schema": rels,
         "ctcoop:typedLinks": {"typeField": "type", "subjectField": "subject", "objectField": "object",
                               "typeResource": "types", "subjectResourcesField": "subjects",
                               "objectResourcesField": "objects"}},
    ]}
    root = make_package(descriptor, {
        "data/bodies.csv": "id,members,founded\n" + BODIES_CSV.replace("b3,3,", 'b3,"3,'),
        "data/mechs.csv": "id,operator\nm1,b1\nm7,b7\n",
        "data/types.csv": "id,subjects,objects\noperated-by,mechs,bodies\n",
        "data/rels.csv": "id,subject,type,object\nr1,m1,operated-by,b1\nr7,m7,operated-by,b7\n",
    })
    result = validate(root)
    assert result.exit_code == 1
    assert result.stdout == (
        "data/bodies.csv:4: error[unterminated-quote] a quoted cell opened on line 4 is never closed; "
        "the rest of the file is read as part of it\n"
        '  hint: add the closing " or remove the stray one\n'
        "  … and 2 more errors in data/mechs.csv (line 3) that follow from this quote\n"
        "  hint: fix this first and validate again; what follows from it may go away\n"
        f"invalid: 3 errors, 0 warnings in 4 resources (7 rows, {CHECKS} checks)\n"
    )
