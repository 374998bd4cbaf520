"""`ctcoop new`: answers checked at each prompt, saved on a late error; IDs learned from the data."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ctcoop.cli import cli
from ctcoop.newrow import propose_id
from ctcoop.package import load_package

DOCS: dict[str, Any] = {
    "fields": [
        {
            "name": "id",
            "type": "string",
            "constraints": {"required": True, "unique": True, "pattern": "^doc-[a-z0-9]+(?:-[a-z0-9]+)*$"},
        },
        {"name": "title_en", "type": "string", "constraints": {"required": True}, "ctcoop:language": "en"},
        {
            "name": "title_ar",
            "type": "string",
            "constraints": {"required": True},
            "ctcoop:language": "ar",
            "ctcoop:translationOf": "title_en",
        },
        {
            "name": "body",
            "type": "string",
            "constraints": {"required": True, "enum": ["council", "assembly"]},
        },
        {"name": "number", "type": "string"},
        {"name": "adopted", "type": "string", "ctcoop:partialDate": True},
    ],
    "primaryKey": ["id"],
}
DOCS_CSV = (
    "id,title_en,title_ar,body,number,adopted\n"
    "doc-assembly-res-60-288,Assembly resolution 60/288,قرار الجمعية 60/288,assembly,60/288,2006-09-08\n"
    "doc-council-res-1373,Council resolution 1373 (2001),قرار المجلس 1373,council,1373,2001-09-28\n"
    "doc-council-res-2178,Council resolution 2178 (2014),قرار المجلس 2178,council,2178,2014-09-24\n"
    "doc-council-res-2396,Council resolution 2396 (2017),قرار المجلس 2396,council,2396,2017-12-21\n"
)
DESCRIPTOR = {
    "name": "docs-fixture",
    "resources": [{"name": "docs", "path": "data/docs.csv", "schema": DOCS}],
}


@pytest.fixture
def pkg(make_package: Callable[..., Path]) -> Path:
    return make_package(DESCRIPTOR, {"data/docs.csv": DOCS_CSV})


def new(pkg: Path, answers: list[str], monkeypatch: pytest.MonkeyPatch, tmp: Path) -> Any:
    monkeypatch.setenv("TMPDIR", str(tmp))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    return CliRunner().invoke(cli, ["new", "docs", str(pkg)], input="\n".join(answers) + "\n")


def test_each_answer_is_checked_at_its_prompt_and_asked_again(
    pkg: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    answers = [
        "مجلس",  # title_en in Arabic: refused at once
        "Council resolution 2214 (2015)",
        "Council resolution 2214",  # title_ar in Latin script: refused at once
        "قرار المجلس 2214",
        "committee",  # not an allowed value
        "council",
        "2214",
        "2015-02-30",  # not a day of the calendar
        "2015-03-27",
        "",  # id: accept the proposal
    ]
    result = new(pkg, answers, monkeypatch, tmp_path)
    assert result.exit_code == 0, result.output
    err = result.stderr
    assert "title_en is English: write it in Latin script ('مجلس' has Arabic letters)" in err
    assert (
        "title_ar is Arabic: write it in Arabic script ('Council resolution 2214' has no Arabic letter)"
        in err
    )
    assert "'committee' is not one of: council, assembly" in err
    assert "'2015-02-30' is not a date that exists" in err
    assert "[doc-council-res-2214]" in err  # learned from the rows of the table
    text = (pkg / "data/docs.csv").read_text(encoding="utf-8")
    assert (
        "doc-council-res-2214,Council resolution 2214 (2015),قرار المجلس 2214,council,2214,2015-03-27\n"
        in text
    )


def test_a_late_error_saves_the_answers_for_from_json(
    pkg: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    answers = ["Council resolution 1373 again", "قرار آخر", "council", "", "", "doc-council-res-1373"]
    result = new(pkg, answers, monkeypatch, tmp_path)
    assert result.exit_code == 1, result.output
    assert (pkg / "data/docs.csv").read_text(encoding="utf-8") == DOCS_CSV
    m = re.search(
        r"your 6 answer\(s\) are saved in (\S+\.json): correct them there and run "
        r"`ctcoop new docs \S+ --from-json \S+`",
        result.stderr,
    )
    assert m, result.stderr
    saved = Path(m.group(1))
    assert saved.parent == tmp_path
    assert json.loads(saved.read_text(encoding="utf-8")) == {
        "title_en": "Council resolution 1373 again",
        "title_ar": "قرار آخر",
        "body": "council",
        "number": "",
        "adopted": "",
        "id": "doc-council-res-1373",
    }
    fixed = dict(json.loads(saved.read_text(encoding="utf-8")), id="")
    saved.write_text(json.dumps(fixed, ensure_ascii=False), encoding="utf-8")
    again = CliRunner().invoke(cli, ["new", "docs", str(pkg), "--from-json", str(saved)])
    assert again.exit_code == 0, again.output
    assert "added doc-council-resolution-1373-again " in again.stdout


def test_input_that_ends_early_keeps_the_answers_given(
    pkg: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    result = new(pkg, ["Council resolution 9", "قرار 9"], monkeypatch, tmp_path)
    assert result.exit_code == 2
    assert "your 2 answer(s) are saved in " in result.stderr
    saved = next(tmp_path.glob("ctcoop-new-docs-*.json"))
    assert json.loads(saved.read_text(encoding="utf-8")) == {
        "title_en": "Council resolution 9",
        "title_ar": "قرار 9",
    }


def test_ids_follow_the_patterns_of_the_table(pkg: Path) -> None:
    package = load_package(pkg)
    council = {"title_en": "Council resolution 2214 (2015)", "body": "council", "number": "2214"}
    assert propose_id(package, "docs", council) == "doc-council-res-2214"
    assembly = {"title_en": "Assembly resolution 77/298", "body": "assembly", "number": "77/298"}
    assert propose_id(package, "docs", assembly) == "doc-assembly-res-77-298"
    # without the fields the pattern needs, the plain rule: the English title's slug
    assert propose_id(package, "docs", {"title_en": "A Statement", "body": "council"}) == "doc-a-statement"


def test_repository_ids_follow_its_conventions(repo_root: Path) -> None:
    package = load_package(repo_root)
    resolution = {
        "name_en": "Security Council resolution 2214 (2015)",
        "kind": "kind-resolution",
        "number": "2214",
        "symbol": "S/RES/2214 (2015)",
        "adopting_body": "org-unsc",
        "adopted": "2015-03-27",
    }
    assert propose_id(package, "instruments", resolution) == "ins-unsc-res-2214"
    attack = {"name_en": "Christchurch mosque shootings", "kind": "attack", "start_date": "2019-03-15"}
    assert propose_id(package, "events", attack) == "evt-christchurch-mosque-shootings-2019-03"
