"""The bundled package against the standard: the official v2 profiles and frictionless."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

ROOT = Path(__file__).resolve().parent.parent
#: the official profiles as vendored in the package (tools/ctcoop/profiles/README.md), so the test
#: runs wherever the repository is checked out
PROFILES = ROOT / "tools" / "ctcoop" / "profiles"


def _inlined_descriptor() -> dict[str, object]:
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        res["schema"] = json.loads((ROOT / res["schema"]).read_text(encoding="utf-8"))
    return descriptor


def test_descriptor_matches_official_v2_profile() -> None:
    profile = json.loads((PROFILES / "datapackage.json").read_text(encoding="utf-8"))
    errors = [
        f"{list(e.path)}: {e.message[:200]}"
        for e in jsonschema.Draft7Validator(profile).iter_errors(_inlined_descriptor())
    ]
    assert errors == []


def test_frictionless_validates_the_package() -> None:
    from frictionless import Package, system

    with system.use_context(trusted=True):
        report = Package(str(ROOT / "datapackage.json")).validate()
    problems = [f"{t.name}: {e.type} {e.message}" for t in report.tasks for e in t.errors]
    assert report.valid, problems[:20]


def test_every_schema_and_row_schema_is_referenced_and_parses() -> None:
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    named = {res["schema"] for res in descriptor["resources"]}
    named |= {res["ctcoop:rowSchema"] for res in descriptor["resources"] if "ctcoop:rowSchema" in res}
    on_disk = {f"schemas/{p.name}" for p in (ROOT / "schemas").glob("*.json")}
    assert named == on_disk
    for rel in on_disk:
        json.loads((ROOT / rel).read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        if "ctcoop:rowSchema" in res:
            schema = json.loads((ROOT / res["ctcoop:rowSchema"]).read_text(encoding="utf-8"))
            jsonschema.Draft202012Validator.check_schema(schema)
