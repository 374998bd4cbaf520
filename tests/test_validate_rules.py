"""Project rules (ctcoop:rules): errors where declared, advice elsewhere, errors under --profile strict."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ctcoop.cli import cli
from ctcoop.validate import validate_package

CSV = "id,name,parent\na, Alpha,b\nb,=Beta,a\n"


def _descriptor(
    package_rules: Any = None, resource_rules: Any = None, field_rules: Any = None
) -> dict[str, Any]:
    name_field: dict[str, Any] = {"name": "name", "type": "string"}
    if field_rules is not None:
        name_field["ctcoop:rules"] = field_rules
    resource: dict[str, Any] = {
        "name": "orgs",
        "path": "orgs.csv",
        "schema": {
            "fields": [{"name": "id", "type": "string"}, name_field, {"name": "parent", "type": "string"}],
            "primaryKey": ["id"],
            "foreignKeys": [{"fields": ["parent"], "reference": {"fields": ["id"]}}],
        },
    }
    if resource_rules is not None:
        resource["ctcoop:rules"] = resource_rules
    desc: dict[str, Any] = {"$schema": "https://datapackage.org/profiles/2.0/datapackage.json"}
    if package_rules is not None:
        desc["ctcoop:rules"] = package_rules
    desc["resources"] = [resource]
    return desc


def _found(root: Path, profile: Any = "standard") -> list[tuple[str, str, str | None]]:
    report = validate_package(root, profile=profile)
    return sorted((i.code, i.severity.value, i.field) for i in report.issues if i.code != "not-canonical")


def test_undeclared_rules_are_advice(make_package: Callable[..., Path]) -> None:
    root = make_package(_descriptor(), {"orgs.csv": CSV})
    assert _found(root) == [
        ("cycle", "warning", "parent"),
        ("formula-injection", "warning", "name"),
        ("whitespace", "warning", "name"),
    ]
    assert validate_package(root).valid


def test_the_strict_profile_makes_them_errors(make_package: Callable[..., Path]) -> None:
    root = make_package(_descriptor(), {"orgs.csv": CSV})
    assert _found(root, "strict") == [
        ("cycle", "error", "parent"),
        ("formula-injection", "error", "name"),
        ("whitespace", "error", "name"),
    ]


def test_the_most_specific_declaration_wins(make_package: Callable[..., Path]) -> None:
    root = make_package(
        _descriptor(
            package_rules={"text-hygiene": "error", "acyclic-self-references": "off"},
            resource_rules={"text-hygiene": "warning"},
            field_rules={"text-hygiene": "error"},
        ),
        {"orgs.csv": CSV},
    )
    assert _found(root, "strict") == [("formula-injection", "error", "name"), ("whitespace", "error", "name")]
    root = make_package(
        _descriptor(package_rules={"text-hygiene": "error"}, field_rules={"text-hygiene": "off"}),
        {"orgs.csv": CSV},
        name="off",
    )
    assert _found(root) == [("cycle", "warning", "parent")]


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ("yes", "ctcoop:rules must be an object mapping rule names to 'error', 'warning' or 'off'"),
        ({"no-spaces": "error"}, "ctcoop:rules names the rule 'no-spaces', which ctcoop does not know"),
        (
            {"text-hygiene": "fatal"},
            "ctcoop:rules.text-hygiene is 'fatal'; it must be 'error', 'warning' or 'off'",
        ),
    ],
)
def test_a_malformed_declaration_is_located(
    make_package: Callable[..., Path], rules: Any, message: str
) -> None:
    root = make_package(_descriptor(package_rules=rules), {"orgs.csv": "id,name,parent\na,Alpha,\n"})
    issues = [i for i in validate_package(root).issues if i.code == "vocabulary"]
    assert len(issues) == 1 and issues[0].message.startswith(message)
    assert (issues[0].file, issues[0].line, issues[0].severity.value) == ("datapackage.json", 3, "error")


def test_cli_profile_option(make_package: Callable[..., Path]) -> None:
    root = make_package(_descriptor(), {"orgs.csv": CSV})
    runner = CliRunner()
    assert runner.invoke(cli, ["validate", str(root)]).exit_code == 0
    result = runner.invoke(cli, ["validate", str(root), "--profile", "strict"])
    assert result.exit_code == 1
    assert "error[whitespace] name ' Alpha' has space at its start or end" in result.output
