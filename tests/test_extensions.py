"""The ctcoop: descriptor properties: typed once (ctcoop.extensions), reported once, read nowhere else."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ctcoop.extensions import field_ext, list_delimiter, package_ext, resource_ext, schema_ext
from ctcoop.extensions.catalog import END, LEVELS, START, is_known, markdown_table, properties
from ctcoop.package import load_package
from ctcoop.validate import validate_package

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools" / "ctcoop"

#: modules that may still read a raw ``"ctcoop:…`` key: none now that the table layer (issue #11)
#: reads ``ctcoop:listDelimiter`` through ctcoop.extensions
RAW_KEYS_ALLOWED: tuple[str, ...] = ()


def test_no_module_outside_the_extensions_names_a_ctcoop_key() -> None:
    found = []
    for path in sorted(TOOLS.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(("tools/ctcoop/extensions/", *RAW_KEYS_ALLOWED)):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if '"ctcoop:' in line:
                found.append(f"{rel}:{number}: {line.strip()}")
    hint = "read ctcoop: properties through ctcoop.extensions (keys, field_ext…):\n"
    assert found == [], hint + "\n".join(found)


def _schemas(root: Path) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    out = []
    for res in descriptor["resources"]:
        schema = res.get("schema")
        if isinstance(schema, str):
            schema = json.loads((root / schema).read_text(encoding="utf-8"))
        out.append((res, schema))
    return out


def test_every_property_the_package_uses_is_known_and_well_formed() -> None:
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    used: list[tuple[str, str]] = [("package", k) for k in descriptor if k.startswith("ctcoop:")]
    assert package_ext(descriptor).problems == ()
    for res, schema in _schemas(ROOT):
        used += [("resource", k) for k in res if k.startswith("ctcoop:")]
        used += [("schema", k) for k in schema if k.startswith("ctcoop:")]
        assert resource_ext(res).problems == () and schema_ext(schema).problems == ()
        for fdesc in schema["fields"]:
            used += [("field", k) for k in fdesc if k.startswith("ctcoop:")]
            assert field_ext(fdesc).problems == (), fdesc["name"]
    assert len(used) > 50
    assert [(level, key) for level, key in used if not is_known(key, level)] == []


def test_the_properties_table_in_the_data_model_is_generated() -> None:
    text = (ROOT / "docs" / "data-model.md").read_text(encoding="utf-8")
    block = text[text.index(START) + len(START) + 1 : text.index(END)]
    assert block == markdown_table(), "docs/data-model.md's property table is stale: run `ctcoop docs`"
    names = [p.name for p in properties()]
    assert len(names) == len(set(names))
    for model, _ in LEVELS.values():
        assert model.model_config.get("extra") == "forbid" and model.model_config.get("strict") is True


def test_a_descriptor_is_parsed_once() -> None:
    fdesc: dict[str, Any] = {"name": "tags", "ctcoop:listDelimiter": ";"}
    first = field_ext(fdesc)
    assert field_ext(fdesc) is first
    fdesc["ctcoop:listDelimiter"] = "|"
    assert field_ext(fdesc).list_delimiter == "|"
    fdesc["ctcoop:references"] = ["a"]
    assert field_ext(fdesc).references == ["a"]
    fdesc["ctcoop:references"].append("b")  # edited in place, deep inside the value
    assert field_ext(fdesc).references == ["a", "b"]


@pytest.mark.parametrize(
    ("value", "delimiter", "problem"),
    [
        (";", ";", None),
        ("", None, "ctcoop:listDelimiter of field 'tags' must be a non-empty string"),
        (1, None, "ctcoop:listDelimiter of field 'tags' must be a non-empty string"),
        (None, None, None),
    ],
)
def test_one_rule_says_whether_a_list_delimiter_is_set(
    value: Any, delimiter: str | None, problem: str | None
) -> None:
    fdesc = {"name": "tags", "ctcoop:listDelimiter": value}
    assert list_delimiter(fdesc) == delimiter
    assert [p.message for p in field_ext(fdesc).problems] == ([problem] if problem else [])
    assert list_delimiter({"name": "tags"}) is None and field_ext({"name": "tags"}).problems == ()


def test_language_families_take_any_language_and_a_value_of_the_right_shape() -> None:
    ext = resource_ext({"name": "r", "ctcoop:title_fr": "Titre", "ctcoop:description_ar": "وصف"})
    got = (ext.title("fr"), ext.description("ar"), ext.title("ar"), ext.problems)
    assert got == ("Titre", "وصف", None, ())
    field = field_ext({"name": "kind", "ctcoop:categoryLabels_ar": {"a": 1}})
    assert field.category_labels("ar") is None
    assert [p.message for p in field.problems] == [
        "ctcoop:categoryLabels_ar of field 'kind' must be an object mapping each category value to its label"
    ]


def _package(make_package: Callable[..., Path], field: dict[str, Any], resource: dict[str, Any],
             package: dict[str, Any]) -> Path:
    descriptor = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "p",
        **package,
        "resources": [
            {
                "name": "things",
                "path": "things.csv",
                "schema": {
                    "fields": [{"name": "id", "type": "string"}, {"name": "tags", "type": "string", **field}],
                    "primaryKey": ["id"],
                },
                **resource,
            }
        ],
    }
    return make_package(descriptor, {"things.csv": "id,tags\na,x;y\n"})


@pytest.mark.parametrize(
    ("field", "resource", "package", "message"),
    [
        ({"ctcoop:listDelimter": ";"}, {}, {},
         "ctcoop:listDelimter of field 'tags' is not a ctcoop property known here; "
         "did you mean 'ctcoop:listDelimiter'?"),
        ({}, {"ctcoop:language": "ar"}, {},
         "ctcoop:language is a property of a field, not of a resource"),
        ({}, {}, {"ctcoop:globalIDs": True},
         "ctcoop:globalIDs is not a ctcoop property known here; did you mean 'ctcoop:globalIds'?"),
        ({"ctcoop:partialDate": "yes"}, {}, {},
         "ctcoop:partialDate of field 'tags' must be true or false"),
        ({}, {"ctcoop:requiresCitation": 1}, {}, "ctcoop:requiresCitation must be true or false"),
        ({}, {"ctcoop:coverage": {"groupField": "id"}}, {},
         "ctcoop:coverage of 'things' is malformed: memberField: Field required"),
    ],
)
def test_an_unknown_or_malformed_property_is_one_vocabulary_issue_at_its_line(
    make_package: Callable[..., Path], field: dict[str, Any], resource: dict[str, Any],
    package: dict[str, Any], message: str,
) -> None:
    root = _package(make_package, field, resource, package)
    issues = [i for i in validate_package(root).issues if i.code != "not-canonical"]
    text = (root / "datapackage.json").read_text(encoding="utf-8").splitlines()
    key = message.split()[0]
    [line] = [n for n, t in enumerate(text, start=1) if t.strip().startswith(f'"{key}"')]
    assert [(i.code, i.severity.value, i.file, i.line, i.message) for i in issues] == [
        ("vocabulary", "error", "datapackage.json", line, message)
    ]


def test_a_schema_inferred_by_the_loader_carries_a_known_flag(make_package: Callable[..., Path]) -> None:
    descriptor = {"name": "p", "resources": [{"name": "things", "path": "things.csv"}]}
    root = make_package(descriptor, {"things.csv": "id,name\na,Alpha\n"})
    [resource] = load_package(root).resources
    assert resource.inferred and schema_ext(resource.schema).problems == ()
    assert not load_package(ROOT).resources[0].inferred
    assert "vocabulary" not in {i.code for i in validate_package(root).issues}
