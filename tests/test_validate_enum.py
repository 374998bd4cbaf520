"""A value outside a field's allowed values: one error per cell, with the closest allowed value."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from ctcoop.cli import cli

KINDS = ["un-principal-organ", "un-subsidiary-body", "regional-centre"]
DESCRIPTOR: dict[str, Any] = {
    "name": "kinds",
    "resources": [{
        "name": "bodies",
        "path": "data/bodies.csv",
        "schema": {
            "fields": [
                {"name": "id", "type": "string"},
                # the package's own schemas give both: enum (the rule) and categories (the labels)
                {"name": "kind", "type": "string", "constraints": {"enum": KINDS},
                 "categories": [{"value": k, "label": k.replace("-", " ")} for k in KINDS]},
                {"name": "level", "type": "string", "categories": ["high", "low"]},
            ],
            "primaryKey": ["id"],
        },
    }],
}
CSV = "id,kind,level\nb-1,un-subsidary-body,hihg\nb-2,club,low\nb-3,regional-centre,high\n"


def test_an_enum_typo_is_one_error_with_did_you_mean(make_package: Callable[..., Path]) -> None:
    root = make_package(DESCRIPTOR, {"data/bodies.csv": CSV})
    result = CliRunner().invoke(cli, ["validate", str(root)], env={"NO_COLOR": "1"})
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout == (
        "data/bodies.csv:2:2: error[enum] kind 'un-subsidary-body' is not one of the allowed values"
        " — did you mean 'un-subsidiary-body'?\n"
        "  hint: use one of: un-principal-organ, un-subsidiary-body, regional-centre\n"
        "data/bodies.csv:2:3: error[category] level 'hihg' is not one of the field's categories"
        " — did you mean 'high'?\n"
        "  hint: use one of: high, low\n"
        "data/bodies.csv:3:2: error[enum] kind 'club' is not one of the allowed values\n"
        "  hint: use one of: un-principal-organ, un-subsidiary-body, regional-centre\n"
        "invalid: 3 errors, 0 warnings in 1 resource (3 rows, 25 checks)\n"
    )
