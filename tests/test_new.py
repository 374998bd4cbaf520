"""``ctcoop new TABLE``: fields from the schema, ID rule, validation, insertion, both input modes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ctcoop.cli import cli
from ctcoop.newrow import add_row, id_prefix, propose_id, row_fields, slugify
from ctcoop.package import load_package
from ctcoop.tables.canonical import check_canonical

ID = {"name": "id", "type": "string", "constraints": {"required": True, "unique": True,
                                                     "pattern": "^org-[a-z0-9]+(?:-[a-z0-9]+)*$"}}
ORGS: dict[str, Any] = {
    "fields": [
        ID,
        {"name": "name_en", "type": "string", "constraints": {"required": True}, "ctcoop:language": "en",
         "description": "English name."},
        {"name": "name_ar", "type": "string", "constraints": {"required": True}, "ctcoop:language": "ar",
         "ctcoop:translationOf": "name_en", "ctcoop:description_ar": "الاسم بالعربية."},
        {"name": "kind", "type": "string", "constraints": {"required": True, "enum": ["agency", "forum"]}},
        {"name": "parent", "type": "string"},
        {"name": "country", "type": "string"},
        {"name": "members", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "active", "type": "boolean"},
        {"name": "tags", "type": "string", "ctcoop:listDelimiter": ";"},
    ],
    "primaryKey": ["id"],
    "foreignKeys": [
        {"fields": ["parent"], "reference": {"resource": "", "fields": ["id"]}},
        {"fields": ["country"], "reference": {"resource": "countries", "fields": ["id"]}},
    ],
}
COUNTRIES: dict[str, Any] = {"fields": [{"name": "id", "type": "string",
                                         "constraints": {"required": True, "pattern": "^[A-Z]{3}$"}},
                                        {"name": "name_en", "type": "string", "ctcoop:language": "en"}],
                             "primaryKey": ["id"]}
LINKS: dict[str, Any] = {"fields": [
    {"name": "id", "type": "string", "constraints": {"required": True, "pattern": "^lnk-[a-z0-9-]+$"}},
    {"name": "subject", "type": "string", "constraints": {"required": True},
     "ctcoop:references": ["orgs", "countries"]},
    {"name": "object", "type": "string", "constraints": {"required": True},
     "ctcoop:references": ["orgs", "countries"]},
], "primaryKey": ["id"]}
CITATIONS: dict[str, Any] = {"fields": [
    {"name": "subject", "type": "string", "constraints": {"required": True}, "ctcoop:references": ["orgs"]},
    {"name": "source", "type": "string", "constraints": {"required": True}},
    {"name": "locator", "type": "string", "constraints": {"required": True}},
], "primaryKey": ["subject", "source", "locator"]}

DESCRIPTOR = {
    "name": "fixture", "ctcoop:globalIds": True,
    "ctcoop:citations": {"resource": "citations", "subjectField": "subject", "sourceField": "source",
                         "locatorField": "locator"},
    "resources": [
        {"name": "orgs", "path": "data/orgs.csv", "schema": ORGS, "ctcoop:requiresCitation": True},
        {"name": "countries", "path": "data/countries.csv", "schema": COUNTRIES},
        {"name": "links", "path": "data/links.csv", "schema": LINKS},
        {"name": "citations", "path": "data/citations.csv", "schema": CITATIONS},
    ],
}
ORGS_CSV = ("id,name_en,name_ar,kind,parent,country,members,active,tags\n"
            "org-alpha,Alpha,ألفا,agency,,SAU,,,\n"
            "org-zeta,Zeta,زيتا,forum,org-alpha,,3,true,a;b\n")
FILES = {
    "data/orgs.csv": ORGS_CSV,
    "data/countries.csv": "id,name_en\nEGY,Egypt\nSAU,Saudi Arabia\n",
    "data/links.csv": "id,subject,object\n",
    "data/citations.csv": "subject,source,locator\norg-alpha,src,p. 1\norg-zeta,src,p. 2\n",
}
GOOD = {"name_en": "Middle Forum", "name_ar": "المنتدى الأوسط", "kind": "forum", "parent": "org-alpha",
        "country": "EGY", "members": 12, "active": False, "tags": ["x", "y"]}


@pytest.fixture
def pkg(make_package: Callable[..., Path]) -> Path:
    return make_package(DESCRIPTOR, FILES)


def run(*args: str, input: str | None = None) -> Any:
    return CliRunner().invoke(cli, list(args), input=input)


def orgs(root: Path) -> str:
    return (root / "data/orgs.csv").read_text(encoding="utf-8")


def test_from_json_file_adds_the_row_in_canonical_position(pkg: Path, tmp_path: Path) -> None:
    row = tmp_path / "row.json"
    row.write_text(json.dumps(GOOD, ensure_ascii=False), encoding="utf-8")
    result = run("new", "orgs", str(pkg), "--from-json", str(row))
    assert result.exit_code == 0, result.output
    assert "added org-middle-forum to data/orgs.csv at line 3" in result.stdout
    assert "must be cited" in result.stderr and "subject=org-middle-forum" in result.stderr
    lines = orgs(pkg).splitlines()
    assert lines[1].startswith("org-alpha,")
    assert lines[2] == "org-middle-forum,Middle Forum,المنتدى الأوسط,forum,org-alpha,EGY,12,false,x;y"
    assert lines[3].startswith("org-zeta,")
    assert check_canonical(load_package(pkg), "orgs").canonical


def test_invalid_row_from_stdin_lists_every_problem_and_writes_nothing(pkg: Path) -> None:
    bad = {"name_en": "Bad", "name_ar": "Bad", "kind": "club", "parent": "org-nope", "country": "XXX",
           "members": -1, "colour": "red"}
    result = run("new", "orgs", str(pkg), "--from-json", "-", input=json.dumps(bad))
    assert result.exit_code == 1, result.output
    err = result.stderr
    assert "'colour' is not a field of orgs" in err
    assert "data/orgs.csv:3:4: error[enum]" in err          # file:line:column of the cell
    assert "error[foreign-key]" in err and "org-nope" in err and "XXX" in err
    assert "data/orgs.csv:3:7: error[minimum]" in err
    assert "error[language]" in err                        # Arabic field without Arabic letters
    assert "the row was not added" in err
    assert orgs(pkg) == ORGS_CSV


def test_an_explicit_duplicate_id_is_refused(pkg: Path) -> None:
    result = run("new", "orgs", str(pkg), "--from-json", "-", input=json.dumps({**GOOD, "id": "org-zeta"}))
    assert result.exit_code == 1
    assert "error[primary-key]" in result.stderr or "error[unique" in result.stderr
    assert orgs(pkg) == ORGS_CSV


def test_dry_run_validates_without_writing(pkg: Path) -> None:
    result = run("new", "orgs", str(pkg), "--dry-run", "--from-json", "-", input=json.dumps(GOOD))
    assert result.exit_code == 0, result.output
    assert "would go to data/orgs.csv at line 3" in result.stdout
    assert orgs(pkg) == ORGS_CSV


def test_json_output(pkg: Path) -> None:
    result = run("new", "orgs", str(pkg), "--format", "json", "--from-json", "-",
                 input=json.dumps({**GOOD, "kind": "club"}))
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert out["valid"] is False and out["written"] is False
    assert out["row"]["id"] == "org-middle-forum" == out["proposed_id"]
    assert [i["code"] for i in out["issues"]] == ["enum"]
    assert out["issues"][0]["line"] == 3 and out["issues"][0]["field"] == "kind"


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (["new", "nope", "--from-json", "-"], "{}", "no resource named 'nope'"),
    (["new", "orgs", "--from-json", "-"], "{not json", "standard input is not valid JSON"),
    (["new", "orgs", "--from-json", "-"], "[1, 2]", "holds a JSON list, not an object"),
    (["new", "orgs", "--from-json", "missing.json"], None, "cannot read missing.json"),
])
def test_usage_errors_exit_2(pkg: Path, args: list[str], stdin: str | None, message: str) -> None:
    result = run(*args[:2], str(pkg), *args[2:], input=stdin)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert orgs(pkg) == ORGS_CSV


def test_interactive_prompts_recheck_each_value_and_offer_ids(pkg: Path) -> None:
    answers = [
        "Prompted Agency",   # name_en
        "وكالة",             # name_ar
        "club",              # kind: refused, asked again
        "agency",
        "?",                 # parent: list the ids
        "org-zeta",
        "",                  # country: optional
        "many",              # members: not an integer, asked again
        "7",
        "",                  # active
        "",                  # tags
        "",                  # id: accept the proposal
    ]
    result = run("new", "orgs", str(pkg), input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "one of: agency, forum" in result.stderr
    assert "'club' is not one of: agency, forum" in result.stderr
    assert "org-alpha\norg-zeta" in result.stderr            # the '?' listing
    assert "'many' is not an integer" in result.stderr
    assert "الاسم بالعربية." in result.stderr                 # Arabic description shown
    assert "[org-prompted-agency]" in result.stderr          # proposed id offered as default
    assert "org-prompted-agency,Prompted Agency,وكالة,agency,org-zeta,,7,," in orgs(pkg)


def test_id_rule() -> None:
    assert slugify("Counter-Terrorism Committee (CTC) — Executive Directorate") == \
        "counter-terrorism-committee-ctc-executive-directorate"
    assert slugify("Café Ünïon") == "cafe-union"
    assert slugify("لجنة") == ""
    long = slugify("word " * 40)
    assert len(long) <= 60 and not long.endswith("-")


def test_proposed_ids_are_unique_across_the_package(pkg: Path) -> None:
    package = load_package(pkg)
    assert id_prefix(package.resource("orgs")) == "org-"
    assert id_prefix(package.resource("countries")) is None
    assert propose_id(package, "orgs", {"name_en": "Zeta"}) == "org-zeta-2"
    assert propose_id(package, "orgs", {"name_en": "منظمة"}) == "org-row"
    assert propose_id(package, "countries", {"name_en": "Atlantis"}) is None
    # a link table has no English name: the slug comes from the ids it joins, prefixes dropped
    assert propose_id(package, "links", {"subject": "org-alpha", "object": "SAU"}) == "lnk-alpha-sau"


def test_global_ids_count_other_tables(make_package: Callable[..., Path]) -> None:
    files = dict(FILES, **{"data/links.csv": "id,subject,object\nlnk-alpha-sau,org-alpha,SAU\n"})
    package = load_package(make_package(DESCRIPTOR, files))
    assert propose_id(package, "links", {"subject": "org-alpha", "object": "SAU"}) == "lnk-alpha-sau-2"


def test_a_table_without_an_id_prefix_needs_the_id(pkg: Path) -> None:
    result = add_row(pkg, "countries", {"name_en": "Atlantis"}, write=True)
    assert not result.valid and not result.written
    assert result.proposed_id is None
    assert any(i.code == "required" and i.field == "id" for i in result.issues)
    ok = add_row(pkg, "countries", {"id": "ATL", "name_en": "Atlantis"})
    assert ok.valid and ok.written and ok.line == 2
    assert (pkg / "data/countries.csv").read_text(encoding="utf-8").splitlines()[1] == "ATL,Atlantis"


def test_row_fields_describe_the_schema(pkg: Path) -> None:
    specs = {s.name: s for s in row_fields(load_package(pkg), "orgs")}
    assert specs["id"].is_id and specs["id"].required
    assert specs["kind"].enum == ["agency", "forum"]
    assert specs["parent"].references == ["orgs"] and specs["parent"].choices == ["org-alpha", "org-zeta"]
    assert specs["country"].references == ["countries"] and specs["country"].choices == ["EGY", "SAU"]
    assert specs["tags"].list_delimiter == ";"
    assert specs["name_ar"].description_ar == "الاسم بالعربية."
    links = {s.name: s for s in row_fields(load_package(pkg), "links")}
    assert links["subject"].choices == ["EGY", "SAU", "org-alpha", "org-zeta"]


def test_a_crlf_file_keeps_its_line_endings_and_other_lines(make_package: Callable[..., Path]) -> None:
    crlf = ORGS_CSV.replace("\n", "\r\n")
    root = make_package(DESCRIPTOR, dict(FILES, **{"data/orgs.csv": crlf}))
    result = add_row(root, "orgs", GOOD)
    assert result.written, result.issues
    text = (root / "data/orgs.csv").read_bytes().decode("utf-8")
    assert text.split("\r\n")[2].startswith("org-middle-forum,")
    added = "org-middle-forum,Middle Forum,المنتدى الأوسط,forum,org-alpha,EGY,12,false,x;y\r\n"
    assert text.replace(added, "") == crlf


def test_repo_package_copy_accepts_a_new_organization(copy_repo_package: Callable[[], Path]) -> None:
    root = copy_repo_package()
    row = {"name_en": "Test Body For New", "name_ar": "هيئة اختبار", "kind": "forum",
           "description_en": "A body used by a test.", "description_ar": "هيئة يستعملها اختبار."}
    result = run("new", "organizations", str(root), "--from-json", "-",
                 input=json.dumps(row, ensure_ascii=False))
    assert result.exit_code == 0, result.output
    assert "org-test-body-for-new," in (root / "data/organizations.csv").read_text(encoding="utf-8")


def test_prompts_that_run_out_of_input_are_a_usage_error(pkg: Path) -> None:
    result = run("new", "orgs", str(pkg), input="Only a name\n")
    assert result.exit_code == 2, result.output
    assert "the input ended" in result.stderr
    assert orgs(pkg) == ORGS_CSV


def test_a_mistyped_answer_at_a_prompt_gets_a_did_you_mean(pkg: Path) -> None:
    answers = ["Prompted Agency", "وكالة", "agncy", "agency", "org-alpa", "org-alpha", "sau", "SAU",
               "", "", "", ""]
    result = run("new", "orgs", str(pkg), input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [
        "Error: 'agncy' is not one of: agency, forum — did you mean 'agency'?",
        "Error: no row of orgs has the id 'org-alpa' — did you mean 'org-alpha'?",
        "Error: no row of countries has the id 'sau' — did you mean 'SAU'?",
    ]
