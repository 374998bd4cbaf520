"""ctcoop diff, library level: rows by key (composite too), typed values, every kind of change, levels."""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctcoop.diff.classify import bump, level_between, parse_version
from ctcoop.diff.compare import diff_packages
from ctcoop.diff.model import Level, PackageDiff
from ctcoop.errors import CtcoopError
from ctcoop.package import load_package

BODIES_FIELDS: list[dict[str, Any]] = [
    {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
    {"name": "name_en", "type": "string"},
    {"name": "name_ar", "type": "string"},
    {"name": "members", "type": "integer"},
    {"name": "budget", "type": "number"},
    {"name": "kind", "type": "string", "constraints": {"enum": ["council", "office"]}},
]
BODIES_CSV = (
    "id,name_en,name_ar,members,budget,kind\n"
    "b-1,Council,مجلس,15,4331,council\n"
    "b-2,Office,مكتب,3,20.5,office\n"
    "b-3,Forum,منتدى,7,1,office\n"
)
CITES_FIELDS: list[dict[str, Any]] = [
    {"name": "subject", "type": "string"},
    {"name": "source", "type": "string"},
    {"name": "locator", "type": "string"},
    {"name": "quote", "type": "string"},
]
CITES_CSV = "subject,source,locator,quote\nb-1,src-a,p. 1,alpha\nb-1,src-a,p. 2,beta\nb-2,src-b,p. 1,gamma\n"


def descriptor(**extra: Any) -> dict[str, Any]:
    return {
        "name": "mini",
        "version": "1.4.2",
        "title": "Mini",
        "resources": [
            {
                "name": "bodies",
                "path": "data/bodies.csv",
                "schema": {"fields": copy.deepcopy(BODIES_FIELDS), "primaryKey": ["id"]},
            },
            {
                "name": "citations",
                "path": "data/citations.csv",
                "schema": {
                    "fields": copy.deepcopy(CITES_FIELDS),
                    "primaryKey": ["subject", "source", "locator"],
                },
            },
        ],
        **extra,
    }


def write(root: Path, desc: dict[str, Any], files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False, indent=2), encoding="utf-8")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8", newline="")
    return root


def base_files() -> dict[str, str]:
    return {"data/bodies.csv": BODIES_CSV, "data/citations.csv": CITES_CSV}


def run_diff(
    tmp_path: Path,
    new_desc: dict[str, Any] | None = None,
    new_files: dict[str, str] | None = None,
    old_desc: dict[str, Any] | None = None,
) -> PackageDiff:
    old = write(tmp_path / "old", old_desc or descriptor(), base_files())
    files = base_files()
    files.update(new_files or {})
    new = write(tmp_path / "new", new_desc or descriptor(), files)
    return diff_packages(load_package(old), load_package(new))


def res(diff: PackageDiff, name: str) -> Any:
    return next(r for r in diff.resources if r.name == name)


def codes(diff: PackageDiff) -> set[str]:
    return {r.code for r in diff.reasons}


def test_identical_packages_have_no_differences(tmp_path: Path) -> None:
    diff = run_diff(tmp_path)
    assert diff.level is Level.NONE and not diff.has_differences
    assert diff.next_version == "1.4.2"
    assert all(r.status == "unchanged" for r in diff.resources)


def test_formatting_only_edits_are_not_changes(tmp_path: Path) -> None:
    text = BODIES_CSV.replace("4331,", "4331.0,").replace("20.5,", "20.50,").replace(",15,", ",015,")
    text = text.replace("b-2,Office", '"b-2","Office"')
    diff = run_diff(tmp_path, new_files={"data/bodies.csv": text})
    assert diff.level is Level.NONE, diff.reasons


def test_rows_added_removed_changed_with_before_and_after(tmp_path: Path) -> None:
    text = (
        "id,name_en,name_ar,members,budget,kind\n"
        "b-1,Council,مجلس الأمن,16,4331,council\n"
        "b-3,Forum,منتدى,7,1,office\n"
        "b-9,Network,شبكة,2,,office\n"
    )
    diff = run_diff(tmp_path, new_files={"data/bodies.csv": text})
    bodies = res(diff, "bodies")
    assert bodies.rows_added.count == 1 and bodies.rows_added.rows[0].key == {"id": "b-9"}
    assert bodies.rows_added.rows[0].values["budget"] is None
    assert bodies.rows_removed.count == 1 and bodies.rows_removed.rows[0].key == {"id": "b-2"}
    assert bodies.rows_changed.count == 1 and bodies.rows_changed.cells == 2
    changed = bodies.rows_changed.rows[0]
    assert changed.key == {"id": "b-1"}
    assert [(c.field, c.old, c.new) for c in changed.changes] == [
        ("name_ar", "مجلس", "مجلس الأمن"),
        ("members", 15, 16),
    ]
    assert bodies.rows_changed.by_field == {"name_ar": 1, "members": 1}
    assert diff.level is Level.MAJOR  # a row was removed
    assert {"rows-added", "rows-removed", "rows-changed"} <= codes(diff)
    assert diff.next_version == "2.0.0"


def test_cell_corrections_only_are_patch(tmp_path: Path) -> None:
    diff = run_diff(tmp_path, new_files={"data/bodies.csv": BODIES_CSV.replace("Forum", "Forum 2")})
    assert diff.level is Level.PATCH and diff.next_version == "1.4.3"


def test_rows_added_only_are_minor(tmp_path: Path) -> None:
    diff = run_diff(tmp_path, new_files={"data/bodies.csv": BODIES_CSV + "b-4,Centre,مركز,1,2,office\n"})
    assert diff.level is Level.MINOR and diff.next_version == "1.5.0"


def test_composite_key_rows(tmp_path: Path) -> None:
    text = (
        "subject,source,locator,quote\n"
        "b-1,src-a,p. 1,alpha (corrected)\n"
        "b-1,src-a,p. 3,beta\n"
        "b-2,src-b,p. 1,gamma\n"
    )
    cites = res(run_diff(tmp_path, new_files={"data/citations.csv": text}), "citations")
    assert cites.primary_key == ["subject", "source", "locator"]
    assert [r.key for r in cites.rows_changed.rows] == [
        {"subject": "b-1", "source": "src-a", "locator": "p. 1"}
    ]
    assert cites.rows_added.rows[0].key["locator"] == "p. 3"
    assert cites.rows_removed.rows[0].key["locator"] == "p. 2"
    # same quote, new locator: the row's identity changed
    assert [(i.old["locator"], i.new["locator"]) for i in cites.id_changes] == [("p. 2", "p. 3")]


def test_id_change_detected_and_major(tmp_path: Path) -> None:
    diff = run_diff(tmp_path, new_files={"data/bodies.csv": BODIES_CSV.replace("b-3,", "b-30,")})
    bodies = res(diff, "bodies")
    assert [(i.old, i.new) for i in bodies.id_changes] == [({"id": "b-3"}, {"id": "b-30"})]
    assert "ids-changed" in codes(diff) and diff.level is Level.MAJOR


def test_renamed_column_found_by_content_and_values_still_compared(tmp_path: Path) -> None:
    desc = descriptor()
    desc["resources"][0]["schema"]["fields"][1]["name"] = "title_en"
    text = BODIES_CSV.replace("name_en", "title_en", 1).replace("Office", "Bureau")
    bodies = res(run_diff(tmp_path, new_desc=desc, new_files={"data/bodies.csv": text}), "bodies")
    # only b-2 differs, so the columns are not equal: not a rename by values
    assert {c.code for c in bodies.schema_changes} == {"field-removed", "field-added"}
    text = BODIES_CSV.replace("name_en", "title_en", 1)
    diff = run_diff(tmp_path / "2", new_desc=desc, new_files={"data/bodies.csv": text})
    bodies = res(diff, "bodies")
    renamed = [c for c in bodies.schema_changes if c.code == "field-renamed"]
    assert [(c.old, c.new) for c in renamed] == [("name_en", "title_en")]
    assert bodies.rows_changed.count == 0
    assert diff.level is Level.MAJOR


def test_retyped_reordered_and_field_added_removed(tmp_path: Path) -> None:
    desc = descriptor()
    fields = desc["resources"][0]["schema"]["fields"]
    fields[3]["type"] = "number"  # members: integer -> number (15 and 15.0 are equal)
    fields[1], fields[2] = fields[2], fields[1]  # name_ar before name_en
    del fields[5]  # kind removed
    fields.append({"name": "founded", "type": "year"})
    text = (
        "id,name_ar,name_en,members,budget,founded\n"
        "b-1,مجلس,Council,15.0,4331,1945\n"
        "b-2,مكتب,Office,3,20.5,\n"
        "b-3,منتدى,Forum,7,1,\n"
    )
    diff = run_diff(tmp_path, new_desc=desc, new_files={"data/bodies.csv": text})
    bodies = res(diff, "bodies")
    got = {c.code: c for c in bodies.schema_changes}
    assert set(got) == {"field-retyped", "fields-reordered", "field-removed", "field-added"}
    assert (got["field-retyped"].old, got["field-retyped"].new) == ("integer", "number")
    assert got["field-removed"].field == "kind" and got["field-added"].field == "founded"
    assert bodies.rows_changed.count == 0  # 15 vs 15.0 across the retype
    levels = {c.code: c.level for c in bodies.schema_changes}
    assert levels["field-added"] is Level.MINOR and levels["field-retyped"] is Level.MAJOR


def test_constraints_tightened_and_loosened(tmp_path: Path) -> None:
    desc = descriptor()
    fields = desc["resources"][0]["schema"]["fields"]
    fields[5]["constraints"]["enum"] = ["council", "office", "forum"]  # loosened
    fields[3]["constraints"] = {"minimum": 0}  # tightened (new bound)
    diff = run_diff(tmp_path, new_desc=desc)
    changes = {(c.code, c.property) for c in res(diff, "bodies").schema_changes}
    assert changes == {("constraint-loosened", "enum"), ("constraint-tightened", "minimum")}
    assert diff.level is Level.MAJOR
    loose = descriptor()
    loose["resources"][0]["schema"]["fields"][0]["constraints"] = {"required": True}  # unique dropped
    diff = run_diff(tmp_path / "2", new_desc=loose)
    assert [c.code for c in res(diff, "bodies").schema_changes] == ["constraint-loosened"]
    assert diff.level is Level.MINOR


def test_categories_keys_and_foreign_keys(tmp_path: Path) -> None:
    old = descriptor()
    old["resources"][0]["schema"]["fields"][5]["categories"] = ["council", "office"]
    new = copy.deepcopy(old)
    new["resources"][0]["schema"]["fields"][5]["categories"] = ["council", "office", "forum"]
    new["resources"][1]["schema"]["foreignKeys"] = [
        {"fields": ["subject"], "reference": {"resource": "bodies", "fields": ["id"]}}
    ]
    diff = run_diff(tmp_path, new_desc=new, old_desc=old)
    assert {"categories-added", "foreign-keys-changed"} <= codes(diff)
    pk = copy.deepcopy(old)
    pk["resources"][1]["schema"]["primaryKey"] = ["subject", "source", "locator", "quote"]
    diff = run_diff(tmp_path / "2", new_desc=pk, old_desc=old)
    assert "primary-key-changed" in codes(diff) and diff.level is Level.MAJOR


def test_resources_added_and_removed_and_descriptor_metadata(tmp_path: Path) -> None:
    new = descriptor(title="Mini, revised", keywords=["x"])
    new["resources"].pop(1)
    new["resources"].append(
        {
            "name": "themes",
            "path": "data/themes.csv",
            "schema": {"fields": [{"name": "id", "type": "string"}], "primaryKey": ["id"]},
        }
    )
    diff = run_diff(tmp_path, new_desc=new, new_files={"data/themes.csv": "id\nthm-a\nthm-b\n"})
    assert res(diff, "themes").status == "added" and res(diff, "themes").rows_new == 2
    assert res(diff, "citations").status == "removed"
    assert {(m.pointer, m.kind) for m in diff.metadata_changes} == {
        ("/title", "changed"),
        ("/keywords", "added"),
    }
    assert diff.summary.resources_added == 1 and diff.summary.resources_removed == 1
    assert diff.level is Level.MAJOR


def test_descriptive_metadata_only_is_patch_and_version_ignored(tmp_path: Path) -> None:
    new = descriptor(description="Now described")
    new["version"] = "9.9.9"
    new["resources"][0]["schema"]["fields"][1]["description"] = "English name"
    diff = run_diff(tmp_path, new_desc=new)
    assert diff.level is Level.PATCH
    assert diff.new.version == "9.9.9"
    assert "field-metadata-changed" in codes(diff)


def test_list_fields_compare_as_lists(tmp_path: Path) -> None:
    old = descriptor()
    old["resources"][1]["schema"]["fields"][3]["ctcoop:listDelimiter"] = ";"
    text = CITES_CSV.replace("alpha", "a;b")
    old_root = write(tmp_path / "old", old, {"data/bodies.csv": BODIES_CSV, "data/citations.csv": text})
    new_root = write(
        tmp_path / "new",
        old,
        {"data/bodies.csv": BODIES_CSV, "data/citations.csv": text.replace("a;b", "a; b")},
    )
    assert diff_packages(load_package(old_root), load_package(new_root)).level is Level.NONE


def _keyless() -> dict[str, Any]:
    desc = descriptor()
    del desc["resources"][0]["schema"]["primaryKey"]
    return desc


def test_a_table_without_a_key_is_compared_as_a_multiset(tmp_path: Path) -> None:
    text = BODIES_CSV.replace("b-2,Office,مكتب,3,20.5,office\n", "")  # one row removed
    text = text.replace("4331,", "4331.0,")  # formatting only: not a change
    text += "b-3,Forum,منتدى,7,1,office\nb-4,Fund,صندوق,2,9,office\n"  # a duplicate and a new row
    diff = run_diff(tmp_path, new_files={"data/bodies.csv": text}, old_desc=_keyless(), new_desc=_keyless())
    bodies = res(diff, "bodies")
    assert bodies.primary_key == [] and bodies.rows_changed.count == 0
    assert [(r.key, r.values["id"]) for r in bodies.rows_removed.rows] == [({}, "b-2")]
    assert [r.values for r in bodies.rows_added.rows] == [
        {"id": "b-3", "name_en": "Forum", "name_ar": "منتدى", "members": 7, "budget": 1.0, "kind": "office"},
        {"id": "b-4", "name_en": "Fund", "name_ar": "صندوق", "members": 2, "budget": 9.0, "kind": "office"},
    ]
    assert bodies.note is not None and "multiset" in bodies.note
    assert diff.level is Level.MAJOR  # a row removed, as with a key


def test_an_unchanged_table_without_a_key_is_unchanged(tmp_path: Path) -> None:
    diff = run_diff(tmp_path, old_desc=_keyless(), new_desc=_keyless())
    assert diff.level is Level.NONE and res(diff, "bodies").status == "unchanged"


def test_a_key_given_on_the_command_line_pairs_rows(tmp_path: Path) -> None:
    old = write(tmp_path / "old", _keyless(), base_files())
    new = write(
        tmp_path / "new", _keyless(), {**base_files(), "data/bodies.csv": BODIES_CSV.replace(",15,", ",16,")}
    )
    keyed = diff_packages(load_package(old), load_package(new), keys={"bodies": ["id"]})
    bodies = res(keyed, "bodies")
    assert bodies.primary_key == ["id"] and bodies.rows_changed.count == 1
    assert (bodies.rows_added.count, bodies.rows_removed.count) == (0, 0)
    unkeyed = res(diff_packages(load_package(old), load_package(new)), "bodies")
    assert (unkeyed.rows_added.count, unkeyed.rows_removed.count, unkeyed.rows_changed.count) == (1, 1, 0)
    with pytest.raises(CtcoopError, match="'nope'"):
        diff_packages(load_package(old), load_package(new), keys={"*": ["nope"]})
    with pytest.raises(CtcoopError, match="--key names the resource 'bodys', which is not in both versions"):
        diff_packages(load_package(old), load_package(new), keys={"bodys": ["id"]})  # never ignored


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.sampled_from(["b-1", "b-2", "b-3"]), max_size=8),
    st.lists(st.sampled_from(["b-1", "b-2", "b-3"]), max_size=8),
)
def test_multiset_counts_equal_the_counter_difference(
    tmp_path: Path, old_ids: list[str], new_ids: list[str]
) -> None:
    rows = {line.split(",")[0]: line for line in BODIES_CSV.splitlines()[1:]}
    header = BODIES_CSV.splitlines()[0]

    def table(ids: list[str]) -> str:
        return "\n".join([header, *(rows[i] for i in ids)]) + "\n"

    import uuid

    base = tmp_path / uuid.uuid4().hex
    old = write(base / "old", _keyless(), {**base_files(), "data/bodies.csv": table(old_ids)})
    new = write(base / "new", _keyless(), {**base_files(), "data/bodies.csv": table(new_ids)})
    bodies = res(diff_packages(load_package(old), load_package(new)), "bodies")
    removed, added = Counter(old_ids) - Counter(new_ids), Counter(new_ids) - Counter(old_ids)
    assert Counter(r.values["id"] for r in bodies.rows_removed.rows) == removed
    assert Counter(r.values["id"] for r in bodies.rows_added.rows) == added


@pytest.mark.parametrize(
    ("old_extra", "new_extra", "side"),
    [
        ("", "b-1,X,س,1,1,office\n", "NEW"),  # duplicate of a matched key
        ("", "b-9,X,س,1,1,office\nb-9,Y,س,1,1,office\n", "NEW"),  # duplicate among added rows
        ("b-8,X,س,1,1,office\nb-8,Y,س,1,1,office\n", "", "OLD"),  # duplicate among removed rows
        ("b-1,X,س,1,1,office\n", "b-1,X,س,1,1,office\n", "OLD"),  # duplicated on both sides
    ],
)
def test_duplicate_keys_are_refused(tmp_path: Path, old_extra: str, new_extra: str, side: str) -> None:
    old = write(tmp_path / "old", descriptor(), {**base_files(), "data/bodies.csv": BODIES_CSV + old_extra})
    new = write(tmp_path / "new", descriptor(), {**base_files(), "data/bodies.csv": BODIES_CSV + new_extra})
    with pytest.raises(
        CtcoopError, match=f"^data/bodies.csv: {side}: resource 'bodies' has 2 rows sharing a primary key"
    ):
        diff_packages(load_package(old), load_package(new))


def test_versions() -> None:
    assert parse_version("1.2.3-rc.1") == (1, 2, 3) and parse_version("1.2") is None
    assert bump("0.4.2", Level.MAJOR) == "1.0.0" and bump("0.4.2", Level.MINOR) == "0.5.0"
    assert bump("0.4.2", Level.PATCH) == "0.4.3" and bump("x", Level.PATCH) is None
    assert level_between("1.2.3", "2.0.0") is Level.MAJOR and level_between("1.2.3", "1.2.2") is None


def test_hash_collisions_fall_back_to_an_exact_join(monkeypatch: pytest.MonkeyPatch) -> None:
    import polars as pl

    from ctcoop.diff.match import match_rows

    old = pl.DataFrame({"k": ["a", "b", "c"]})
    new = pl.DataFrame({"k": ["c", "d", "a"]})
    monkeypatch.setattr(
        pl.Expr, "hash", lambda self, *a, **kw: pl.lit(7, dtype=pl.UInt64)
    )  # every key collides
    m = match_rows(old, new, ["k"])
    assert m.unique
    assert sorted(zip(m.old.to_list(), m.new.to_list(), strict=True)) == [(0, 2), (2, 0)]
    assert m.removed.to_list() == [1] and m.added.to_list() == [1]


def test_integer_keys_are_matched_as_numbers_and_retyped_keys_as_text(tmp_path: Path) -> None:
    fields = [{"name": "n", "type": "integer"}, {"name": "v", "type": "string"}]
    old_desc = {
        "name": "k",
        "resources": [{"name": "t", "path": "t.csv", "schema": {"fields": fields, "primaryKey": ["n"]}}],
    }
    old = write(tmp_path / "old", old_desc, {"t.csv": "n,v\n1,a\n2,b\n"})
    new = write(tmp_path / "new", old_desc, {"t.csv": "n,v\n01,a\n+2,B\n"})
    t = res(diff_packages(load_package(old), load_package(new)), "t")
    assert (t.rows_added.count, t.rows_removed.count, t.rows_changed.count) == (0, 0, 1)
    retyped = copy.deepcopy(old_desc)
    retyped["resources"][0]["schema"]["fields"][0]["type"] = "string"
    new2 = write(tmp_path / "new2", retyped, {"t.csv": "n,v\n1,a\n2,b\n"})
    diff = diff_packages(load_package(old), load_package(new2))
    t = res(diff, "t")
    assert (t.rows_added.count, t.rows_removed.count, t.rows_changed.count) == (0, 0, 0)
    assert [c.code for c in t.schema_changes] == ["field-retyped"]


def test_a_changed_reading_compares_typed_values(tmp_path: Path) -> None:
    fields = [{"name": "id", "type": "string"}, {"name": "b", "type": "boolean"}]
    desc = {
        "name": "k",
        "resources": [{"name": "t", "path": "t.csv", "schema": {"fields": fields, "primaryKey": ["id"]}}],
    }
    old = write(tmp_path / "old", desc, {"t.csv": "id,b\nx,true\ny,false\n"})
    new_desc = copy.deepcopy(desc)
    new_desc["resources"][0]["schema"]["fields"][1].update(trueValues=["yes"], falseValues=["no"])
    new = write(tmp_path / "new", new_desc, {"t.csv": "id,b\nx,yes\ny,yes\n"})
    t = res(diff_packages(load_package(old), load_package(new)), "t")
    assert [(r.key["id"], r.changes[0].old, r.changes[0].new) for r in t.rows_changed.rows] == [
        ("y", False, True)
    ]
    assert {c.code for c in t.schema_changes} == {"field-format-changed"}
