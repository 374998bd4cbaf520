"""The trust checks: official hosts, field names, column/link agreement and category labels.

The corpus (tests/corpus/unofficial_host, field_name, agreement, category_labels) holds one
broken package per issue code; these tests cover the configurations and edge cases around them.
"""

from __future__ import annotations

import copy
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ctcoop.checks.hosts import judged_host, on_hosts
from ctcoop.datadict import data_dictionary
from ctcoop.export.sqlite_views import named_view_sql
from ctcoop.package import Resource, load_package
from ctcoop.properties import OfficialHosts
from ctcoop.validate import validate_package

CORPUS = Path(__file__).resolve().parent / "corpus"

HOSTS = OfficialHosts(
    urlField="url",
    gradeField="reliability",
    grades=["primary"],
    hosts=["un.org", "interpol.int"],
    archives=["web.archive.org", "arquivo.pt", "archive.iwlearn.net"],
)


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://press.un.org/en/2001/sc7158.doc.htm", "press.un.org"),
        ("https://WWW.UN.ORG./x", "www.un.org"),
        ("https://web.archive.org/web/20160311065502/http://www.interpol.int/Forensics", "www.interpol.int"),
        ("https://arquivo.pt/wayback/20140429205151/http:/www.imo.org/Pages/x.aspx", "www.imo.org"),
        ("http://archive.iwlearn.net/oas.org/en/about/who_we_are.html", "oas.org"),
        ("https://web.archive.org/", "web.archive.org"),
        ("not a url", ""),
    ],
)
def test_a_url_is_judged_by_the_host_it_shows(url: str, host: str) -> None:
    assert judged_host(url, HOSTS) == host


def test_a_host_suffix_covers_subdomains_only() -> None:
    assert on_hosts("press.un.org", ["un.org"])
    assert on_hosts("un.org", ["UN.ORG."])
    assert not on_hosts("notun.org", ["un.org"])
    assert not on_hosts("un.org.evil.example", ["un.org"])


def _line_of(root: Path, needle: str) -> int:
    """1-based line of the first line of the descriptor that contains ``needle``."""
    lines = (root / "datapackage.json").read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, start=1) if needle in text)


def _codes(root: Path) -> list[tuple[str, str | None, int | None, str]]:
    report = validate_package(root)
    return [(i.code, i.file, i.line, i.severity.value) for i in report.issues if i.code != "not-canonical"]


def _corpus(name: str) -> dict[str, Any]:
    descriptor: dict[str, Any] = json.loads((CORPUS / name / "datapackage.json").read_text(encoding="utf-8"))
    return descriptor


def _files(name: str) -> dict[str, str]:
    return {
        f"data/{p.name}": p.read_text(encoding="utf-8") for p in sorted((CORPUS / name / "data").iterdir())
    }


def test_a_malformed_official_hosts_property_is_a_vocabulary_error(make_package: Callable[..., Path]) -> None:
    descriptor = _corpus("unofficial_host")
    descriptor["resources"][0]["ctcoop:officialHosts"] = {"urlField": "url", "grade": "primary"}
    root = make_package(descriptor, _files("unofficial_host"))
    issues = validate_package(root).issues
    vocab = [i for i in issues if i.code == "vocabulary"]
    assert [i.code for i in issues if i.code != "not-canonical"] == ["vocabulary"]
    assert vocab[0].message.startswith("ctcoop:officialHosts is malformed: gradeField: Field required")
    assert vocab[0].file == "datapackage.json"
    assert vocab[0].line == _line_of(root, '"ctcoop:officialHosts"')


def test_official_hosts_naming_a_missing_field_is_a_vocabulary_error(
    make_package: Callable[..., Path],
) -> None:
    descriptor = _corpus("unofficial_host")
    descriptor["resources"][0]["ctcoop:officialHosts"]["urlField"] = "link"
    issues = validate_package(make_package(descriptor, _files("unofficial_host"))).issues
    assert [(i.code, i.message) for i in issues if i.code != "not-canonical"] == [
        ("vocabulary", "ctcoop:officialHosts.urlField 'link' is not a field of 'sources'")
    ]


def test_member_match_accepts_extra_links_that_equal_match_reports(make_package: Callable[..., Path]) -> None:
    descriptor = _corpus("agreement")
    files = _files("agreement")
    strict = _codes(make_package(descriptor, files, name="equal"))
    relaxed = copy.deepcopy(descriptor)
    relaxed["resources"][0]["schema"]["fields"][1]["ctcoop:agreesWith"]["match"] = "member"
    loose = _codes(make_package(relaxed, files, name="member"))
    # org-e has links to org-top (its parent) and org-a: an error only when the links must equal the column
    assert ("agreement", "data/orgs.csv", 6, "error") in strict
    assert ("agreement", "data/orgs.csv", 6, "error") not in loose
    assert [c for c in loose if c[2] != 6] == [c for c in strict if c[2] != 6]


def test_agreement_without_an_end_field_counts_ended_links(make_package: Callable[..., Path]) -> None:
    descriptor = _corpus("agreement")
    del descriptor["resources"][0]["schema"]["fields"][1]["ctcoop:agreesWith"]["endField"]
    lines = [c[2] for c in _codes(make_package(descriptor, _files("agreement"))) if c[0] == "agreement"]
    # org-c now has two links (org-a, and org-top which ended in 2010): still not only its parent
    assert lines == [3, 4, 5, 6]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"relationType": "part-of", "direction": "sideways"},
         "ctcoop:agreesWith of field 'parent' is malformed"),
        ({"relationType": "part-of", "endField": "until"},
         "ctcoop:agreesWith: 'until' is not a field of 'links'"),
        ({"relationType": "part-of", "resource": "other"}, "needs exactly one ctcoop:typedLinks resource"),
    ],
)
def test_a_bad_agrees_with_is_a_vocabulary_error(
    make_package: Callable[..., Path], config: dict[str, Any], message: str
) -> None:
    descriptor = _corpus("agreement")
    descriptor["resources"][0]["schema"]["fields"][1]["ctcoop:agreesWith"] = config
    issues = [i for i in validate_package(make_package(descriptor, _files("agreement"))).issues
              if i.code != "not-canonical"]
    assert [i.code for i in issues] == ["vocabulary"]
    assert message in issues[0].message


def test_field_of_must_name_a_field_of_the_same_resource(make_package: Callable[..., Path]) -> None:
    descriptor = _corpus("field_name")
    descriptor["resources"][1]["schema"]["fields"][2]["ctcoop:fieldOf"] = "row"
    issues = [i for i in validate_package(make_package(descriptor, _files("field_name"))).issues
              if i.code not in ("not-canonical",)]
    assert [(i.code, i.file) for i in issues] == [
        ("vocabulary", "datapackage.json"),
        ("field-name", "data/citations.csv"),
    ]
    assert issues[0].message == "ctcoop:fieldOf of field 'field' is 'row', which is not a field of 'errata'"


def test_field_names_report_whole_messages() -> None:
    report = validate_package(CORPUS / "field_name")
    assert [(i.message, i.hint) for i in report.issues if i.code == "field-name"] == [
        (
            "the field cell names 'seat', which is not a field of 'orgs' (the table of about 'org-a')",
            "fields of orgs: id, founded",
        ),
        (
            "the fields cell names 'parent', which is not a field of 'orgs' (the table of subject 'org-a')",
            "fields of orgs: id, founded",
        ),
    ]


def test_arabic_labels_are_required_only_where_asked(make_package: Callable[..., Path]) -> None:
    descriptor = _corpus("category_labels")
    fields = descriptor["resources"][0]["schema"]["fields"]
    fields[1]["categories"].append({"value": "low", "label": "Low"})
    fields[1]["ctcoop:categoryLabels_ar"]["low"] = "منخفض"
    del fields[2]["ctcoop:categoryLabels_ar"]
    root = make_package(descriptor, _files("category_labels"), name="ar")
    issues = validate_package(root).issues
    assert [(i.code, i.message) for i in issues if i.code != "not-canonical"] == [
        ("category-label", "field 'kind': no Arabic label for news, report")
    ]
    descriptor["languages"] = ["en"]
    assert _codes(make_package(descriptor, _files("category_labels"), name="en")) == []


def test_plain_categories_without_an_enum_are_accepted(make_package: Callable[..., Path]) -> None:
    descriptor = _corpus("category_labels")
    fields = descriptor["resources"][0]["schema"]["fields"]
    fields[1] = {"name": "reliability", "type": "string", "categories": ["primary", "secondary"],
                 "ctcoop:categoryLabels_ar": {"primary": "أولي", "secondary": "ثانوي"}}
    fields[2]["ctcoop:categoryLabels_ar"] = {"news": "خبر", "report": "تقرير"}
    assert _codes(make_package(descriptor, _files("category_labels"))) == []


def test_labels_without_categories_are_reported(make_package: Callable[..., Path]) -> None:
    descriptor = _corpus("category_labels")
    fields = descriptor["resources"][0]["schema"]["fields"]
    fields[1] = {"name": "reliability", "type": "string", "ctcoop:categoryLabels_ar": {"primary": "أولي"}}
    fields[2]["ctcoop:categoryLabels_ar"] = {"news": "خبر", "report": "تقرير"}
    issues = validate_package(make_package(descriptor, _files("category_labels"))).issues
    assert [(i.code, i.message) for i in issues if i.code != "not-canonical"] == [
        ("category-label", "field 'reliability' has ctcoop:categoryLabels_ar but no categories to label")
    ]


def _coded_resource() -> Resource:
    schema = {
        "fields": [
            {"name": "id", "type": "string"},
            {
                "name": "reliability",
                "type": "string",
                "categories": [
                    {"value": "primary", "label": "Primary"},
                    {"value": "low", "label": "It's low"},
                ],
                "ctcoop:categoryLabels_ar": {"primary": "أولي"},
            },
        ],
        "primaryKey": ["id"],
    }
    return Resource(name="sources", path="data/sources.csv", descriptor={}, schema=schema)


def test_named_views_show_both_labels_of_a_code() -> None:
    res = _coded_resource()
    made = named_view_sql(res, {"sources": res})
    assert made is not None and made[0] == "sources_named"
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE sources (id TEXT PRIMARY KEY, reliability TEXT)")
    db.executemany("INSERT INTO sources VALUES (?, ?)", [("a", "primary"), ("b", "low"), ("c", None)])
    db.execute(made[1])
    rows = db.execute("SELECT * FROM sources_named ORDER BY id").fetchall()
    assert rows == [
        ("a", "primary", "Primary", "أولي"),
        ("b", "low", "It's low", None),
        ("c", None, None, None),
    ]


def test_the_data_dictionary_lists_each_code_with_both_labels() -> None:
    text = data_dictionary(load_package(Path(__file__).resolve().parent.parent))
    assert (
        "Codes in `sources.reliability`:\n\n| code | label | التسمية |\n|---|---|---|\n"
        "| `primary` | Primary | أولي |\n| `secondary` | Secondary | ثانوي |\n| `low` | Low | منخفض |\n"
    ) in text


def test_factual_fields_need_the_citations_fields_field(make_package: Callable[..., Path]) -> None:
    descriptor = _corpus("uncited_fact")
    del descriptor["ctcoop:citations"]["fieldsField"]
    issues = [i for i in validate_package(make_package(descriptor, _files("uncited_fact"))).issues
              if i.code != "not-canonical"]
    assert [(i.code, i.resource) for i in issues] == [("vocabulary", "orgs")]
    assert issues[0].message.startswith("ctcoop:factualFields needs ctcoop:citations.fieldsField")


def test_factual_fields_must_exist(make_package: Callable[..., Path]) -> None:
    descriptor = _corpus("uncited_fact")
    descriptor["resources"][0]["ctcoop:factualFields"] = ["founded", "seat"]
    issues = [i for i in validate_package(make_package(descriptor, _files("uncited_fact"))).issues
              if i.code != "not-canonical"]
    assert [(i.code, i.message) for i in issues] == [
        ("vocabulary", "ctcoop:factualFields names 'seat', which is not a field of 'orgs'")
    ]


def test_data_text_names_the_articles_by_publisher_and_title() -> None:
    """No cell of text calls a source article by the project's internal number ('seed 002', «البذرة»)."""
    import csv
    import re

    root = Path(__file__).resolve().parent.parent
    internal = re.compile(r"\bseeds?\b|البذر|المقال 00\d", re.IGNORECASE)
    found = []
    for path in sorted((root / "data").glob("*.csv")):
        schema = json.loads((root / "schemas" / f"{path.stem}.json").read_text(encoding="utf-8"))
        text_fields = {f["name"] for f in schema["fields"] if f.get("ctcoop:language") in ("en", "ar")}
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                cells = [(field, row.get(field) or "") for field in sorted(text_fields)]
                found += [(path.name, field) for field, text in cells if internal.search(text)]
    assert found == []
