"""Descriptor checks: readable profile messages with lines, schema semantics, the ctcoop vocabulary."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ctcoop.checks.jsonlines import json_lines, path_text
from ctcoop.report import Issue
from ctcoop.validate import validate_package

FIELDS = [{"name": "id", "type": "string"}]


def _issues(
    make_package: Callable[..., Path], descriptor: dict[str, Any], files: dict[str, str]
) -> list[Issue]:
    return [i for i in validate_package(make_package(descriptor, files)).issues if i.code != "not-canonical"]


def test_profile_errors_name_the_property_not_the_combinator(make_package: Callable[..., Path]) -> None:
    schema = {"fields": [{"name": "id", "type": "strng"}, {"name": "url", "type": "string", "format": "url"}]}
    issues = _issues(
        make_package,
        {
            "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
            "name": "p",
            "licenses": [{"title": "x"}],
            "resources": [{"name": "a", "path": "a.csv", "schema": "schema.json"}],
        },
        {"a.csv": "id,url\n1,x\n", "schema.json": json.dumps(schema, indent=2)},
    )
    messages = [i.message for i in issues if i.code == "descriptor-profile"]
    assert all("valid under any of the given schemas" not in m for m in messages)
    assert "licenses[0] needs at least one of the properties 'name', 'path'" in messages
    assert any(m.startswith('fields[0].type is "strng"; it must be one of string, number') for m in messages)
    assert any(
        m.startswith('fields[1].format is "url"; it must be one of "default", "email", "uri"')
        for m in messages
    )
    located = {i.message[:9]: (i.file, i.line) for i in issues if i.code == "descriptor-profile"}
    assert located["fields[0]"] == ("schema.json", 5)


def test_schema_semantics(make_package: Callable[..., Path]) -> None:
    schema = {
        "fields": [
            {"name": "id", "type": "string", "constraints": {"pattern": "[a-"}},
            {"name": "id", "type": "integer", "constraints": {"minimum": "x", "enum": [1, "two"]}},
        ],
        "primaryKey": ["ident"],
        "uniqueKeys": [["nope"]],
        "foreignKeys": [
            {"fields": ["id"], "reference": {"resource": "ghost", "fields": ["id"]}},
            {"fields": ["id"], "reference": {"resource": "", "fields": ["zz"]}},
        ],
    }
    issues = _issues(
        make_package,
        {"name": "p", "resources": [{"name": "a", "path": "a.csv", "schema": schema}]},
        {"a.csv": "id,id\n"},
    )
    messages = " | ".join(i.message for i in issues if i.code == "schema-error")
    for needle in (
        "not a valid regular expression",
        "field name 'id' repeats",
        'the minimum "x"',
        'enum value "two"',
        "primaryKey names the field 'ident'",
        "uniqueKey names the field 'nope'",
        "resource 'ghost', which the package does not have",
        "references the field 'zz'",
    ):
        assert needle in messages
    assert all(i.file == "datapackage.json" and i.line for i in issues if i.code == "schema-error")


def test_field_match_as_a_string_is_not_a_profile_error(make_package: Callable[..., Path]) -> None:
    schema = {"fields": FIELDS, "fieldsMatch": "equal"}
    issues = _issues(
        make_package,
        {"name": "p", "resources": [{"name": "a", "path": "a.csv", "schema": schema}]},
        {"a.csv": "id\nx\n"},
    )
    assert issues == []


def test_vocabulary_mistakes_are_reported_where_they_are(make_package: Callable[..., Path]) -> None:
    descriptor = {
        "name": "p",
        "ctcoop:citations": {"resource": "nowhere", "subjectField": "s"},
        "ctcoop:globalIds": "yes",
        "resources": [
            {
                "name": "a",
                "path": "a.csv",
                "ctcoop:requiresCitation": True,
                "ctcoop:typedLinks": {"typeField": "t"},
                "schema": {
                    "fields": [
                        {
                            "name": "id",
                            "type": "string",
                            "ctcoop:language": "fr",
                            "ctcoop:translationOf": "name_en",
                            "ctcoop:partialDate": "yes",
                            "ctcoop:listDelimiter": "",
                        }
                    ]
                },
            }
        ],
    }
    issues = _issues(make_package, descriptor, {"a.csv": "id\nx\n"})
    vocab = [i for i in issues if i.code == "vocabulary"]
    text = " | ".join(i.message for i in vocab)
    for needle in (
        "ctcoop:citations names the resource 'nowhere'",
        "ctcoop:globalIds must be true or false",
        "ctcoop:typedLinks must be an object",
        "ctcoop:language of field 'id' is 'fr'",
        "ctcoop:translationOf of field 'id' names 'name_en'",
        "ctcoop:partialDate of field 'id'",
        "ctcoop:listDelimiter of field 'id'",
    ):
        assert needle in text
    assert all(i.file == "datapackage.json" and i.line for i in vocab)


def test_json_lines_locates_members_and_items() -> None:
    text = '{\n  "a": [\n    1,\n    {"b": 2}\n  ],\n  "c": "x"\n}\n'
    lines = json_lines(text)
    assert lines[("a",)] == 2 and lines[("a", 1, "b")] == 4 and lines[("c",)] == 6
    assert json_lines("{not json") == {}
    assert path_text(("resources", 3, "schema", "fields", 2, "type")) == "resources[3].schema.fields[2].type"


V2 = "https://datapackage.org/profiles/2.0/datapackage.json"


def _profile_messages(make_package: Callable[..., Path], descriptor: dict[str, Any]) -> list[str]:
    files = {
        "a.csv": "tags\na;b\n",
        "schema.json": json.dumps({"fields": [{"name": "tags", "type": "string"}]}),
    }
    return [i.message for i in _issues(make_package, descriptor, files) if i.code == "descriptor-profile"]


def test_a_descriptor_without_schema_is_checked_against_the_v1_profiles(
    make_package: Callable[..., Path],
) -> None:
    v1 = {"name": "p", "resources": [{"name": "Codes All", "path": "a.csv", "schema": "schema.json"}]}
    assert _profile_messages(make_package, v1) == [
        'resources[0].name "Codes All" does not match the pattern ^([-a-z0-9._/])+$'
    ]
    assert _profile_messages(make_package, {"$schema": V2, **v1}) == []


def test_the_list_type_is_accepted_in_v2_and_not_in_v1(make_package: Callable[..., Path]) -> None:
    field = {"name": "tags", "type": "list", "delimiter": ";", "itemType": "string"}
    resource = {"name": "a", "path": "a.csv", "schema": {"fields": [field]}}
    assert _profile_messages(make_package, {"$schema": V2, "name": "p", "resources": [resource]}) == []
    bad = {**field, "itemType": "geopoint"}
    messages = _profile_messages(
        make_package, {"$schema": V2, "name": "p", "resources": [{**resource, "schema": {"fields": [bad]}}]}
    )
    assert len(messages) == 1 and "geopoint" in messages[0]
    v1 = _profile_messages(make_package, {"name": "p", "resources": [resource]})
    assert len(v1) == 1 and v1[0].startswith("resources[0].schema.fields[0]")
