"""The two contradictions issue #11 names, and the minimal reproducer of every disagreement found.

disagreements.json lists each disagreement (corpus packages, generated features) with what the
commands do today; its "reproducers" are the minimal packages (agreement_features.reproducer),
checked here to be current, and each still to disagree: once the table layer fixes one, its entry must go.

When a change fixes a disagreement (its test then XPASSes and fails): delete its entry under
"corpus" or "generated" in disagreements.json, run `python tests/agreement/agreement_features.py`
to rewrite "reproducers". The two contradictions below were strict xfails until the table layer fixed them.
"""

from __future__ import annotations

import json
from pathlib import Path

from agreement_cli import export_json, fmt_check, fmt_refused, invoke, stats, validate
from agreement_features import FEATURES, KNOWN_FILE, MINIMAL, reproducer
from test_agreement_generated import agree

KNOWN = json.loads(KNOWN_FILE.read_text(encoding="utf-8"))


def _write(root: Path, descriptor: dict[str, object], files: dict[str, str]) -> Path:
    root.mkdir()
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8", newline="")
    return root


def _items(schema_extra: dict[str, object]) -> dict[str, object]:
    schema = {"fields": [{"name": "id", "type": "string"}, {"name": "n", "type": "integer"}],
              "primaryKey": ["id"], **schema_extra}
    return {"$schema": "https://datapackage.org/profiles/2.0/datapackage.json", "name": "p",
            "resources": [{"name": "items", "path": "data/items.csv", "schema": schema}]}


def _every_command_reads(pkg: Path, tmp_path: Path, rows: list[dict[str, object]]) -> None:
    verdict = validate(pkg)
    assert verdict.valid, verdict.run.describe()
    run, tables = export_json(pkg, tmp_path / "out")
    assert tables == {"items": rows}, run.describe()
    twin = tmp_path / "twin"
    _write(twin, json.loads((pkg / "datapackage.json").read_text(encoding="utf-8")),
           {"data/items.csv": (pkg / "data/items.csv").read_text(encoding="utf-8")})
    same = invoke("diff", str(pkg), str(twin))
    assert same.exit_code == 0, same.describe()
    check = fmt_check(pkg)
    assert not fmt_refused(check), check.describe()
    counted = stats(pkg)
    assert (counted.rows, counted.unreadable) == ({"items": len(rows)}, {}), counted.run.describe()


def test_header_differing_by_case_with_fields_match_equal(tmp_path: Path) -> None:
    pkg = _write(tmp_path / "p", _items({"fieldsMatch": "equal"}), {"data/items.csv": "ID,N\na,1\nb,2\n"})
    _every_command_reads(pkg, tmp_path, [{"id": "a", "n": 1}, {"id": "b", "n": 2}])


def test_v2_missing_values_given_as_objects(tmp_path: Path) -> None:
    pkg = _write(tmp_path / "p", _items({"missingValues": [{"value": "-", "label": "not known"}]}),
                 {"data/items.csv": "id,n\na,1\nb,-\n"})
    _every_command_reads(pkg, tmp_path, [{"id": "a", "n": 1}, {"id": "b", "n": None}])


def test_every_minimal_reproducer_still_disagrees(tmp_path: Path) -> None:
    """Each listed generated disagreement fails on its minimal package (once fixed: retire it)."""
    fixed = []
    for name in (n for n in KNOWN["generated"] if n in FEATURES):
        try:
            agree(MINIMAL, FEATURES[name].layout, 0, tmp_path / name)
        except AssertionError:
            continue
        fixed.append(name)
    assert fixed == [], "these agree now: delete them from disagreements.json"


def test_the_listed_reproducers_are_current() -> None:
    """disagreements.json shows the packages this module runs (regenerate: agreement_features.py)."""
    listed = KNOWN["reproducers"]
    assert listed == {n: reproducer(n) for n in KNOWN["generated"] if n in FEATURES}
