"""External identifiers (``ctcoop:identifiers``): values match their scheme, one truth per fact.

tests/corpus/identifiers holds one broken package with every issue code of the check; these tests
cover the exact messages, the configuration errors and the pattern function.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ctcoop.cli import cli
from ctcoop.identifiers import BadPattern, matches
from ctcoop.validate import available_checks, validate_package

CORPUS = Path(__file__).resolve().parent / "corpus" / "identifiers"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def pkg(tmp_path: Path) -> Path:
    """A valid copy of the corpus package: good rows only."""
    root = tmp_path / "pkg"
    shutil.copytree(CORPUS, root)
    (root / "expected.json").unlink()
    (root / "data" / "things.csv").write_text("id,code\nthing-a,ABC\nthing-b,XYZ\n", encoding="utf-8")
    (root / "data" / "schemes.csv").write_text(
        "id,pattern\nscheme-code,[A-Z]{3}\nscheme-empty,\nscheme-num,[0-9]+\n", encoding="utf-8"
    )
    (root / "data" / "identifiers.csv").write_text(
        "id,scheme,value,subject\nident-1,scheme-num,42,thing-a\nident-2,scheme-empty,any thing,thing-a\n",
        encoding="utf-8",
    )
    return root


def _descriptor(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    return data


def _write(root: Path, descriptor: dict[str, Any]) -> None:
    (root / "datapackage.json").write_text(json.dumps(descriptor, indent=2) + "\n", encoding="utf-8")


def _validate(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["validate", str(root)])
    return result.exit_code, result.output.replace(str(root) + "/", "")


def test_a_valid_package_passes_and_an_empty_pattern_is_not_checked(pkg: Path) -> None:
    code, out = _validate(pkg)
    checks = len(available_checks())
    assert (code, out) == (0, f"valid: 0 errors, 0 warnings in 3 resources (7 rows, {checks} checks)\n")


def test_a_value_that_does_not_match_is_an_error_at_its_cell(pkg: Path) -> None:
    with (pkg / "data" / "identifiers.csv").open("a", encoding="utf-8") as f:
        f.write("ident-3,scheme-num,12a,thing-b\n")
    code, out = _validate(pkg)
    assert code == 1
    assert out == (
        "data/identifiers.csv:4:3: error[identifier-pattern] 'ident-3': '12a' does not match the pattern "
        "of scheme-num ([0-9]+)\n"
        "  hint: write the identifier exactly as scheme-num issues it, or correct the scheme's pattern\n"
        f"invalid: 1 error, 0 warnings in 3 resources (8 rows, {len(available_checks())} checks)\n"
    )


def test_a_column_declared_as_a_scheme_is_checked_too(pkg: Path) -> None:
    (pkg / "data" / "things.csv").write_text("id,code\nthing-a,ABC\nthing-b,XY\n", encoding="utf-8")
    code, out = _validate(pkg)
    assert code == 1
    assert out.splitlines()[0] == (
        "data/things.csv:3:2: error[identifier-pattern] 'thing-b': 'XY' does not match the pattern "
        "of scheme-code ([A-Z]{3})"
    )


def test_a_row_for_a_scheme_a_column_holds_states_the_fact_twice(pkg: Path) -> None:
    with (pkg / "data" / "identifiers.csv").open("a", encoding="utf-8") as f:
        f.write("ident-3,scheme-code,ABC,thing-a\n")
    code, out = _validate(pkg)
    assert code == 1
    assert out.splitlines()[:2] == [
        "data/identifiers.csv:4:2: error[identifier-held-in-column] 'ident-3' gives an identifier of "
        "scheme-code, which the column things.code holds (ctcoop:identifiers.columns): the same fact "
        "would be stated twice",
        "  hint: put the value in things.code and delete this row",
    ]


def test_an_invalid_pattern_is_reported_once_on_the_scheme_row(pkg: Path) -> None:
    (pkg / "data" / "schemes.csv").write_text(
        "id,pattern\nscheme-code,[A-Z]{3}\nscheme-empty,\nscheme-num,([0-9]+\n", encoding="utf-8"
    )
    report = validate_package(pkg)
    assert [(i.code, i.file, i.line, i.column) for i in report.issues] == [
        ("identifier-scheme-pattern", "data/schemes.csv", 4, 2)
    ]
    assert report.issues[0].message == (
        "'scheme-num' has a pattern that is not a valid regular expression: "
        "missing ), unterminated subpattern at position 0"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"resource": "ids"},
            "ctcoop:identifiers.resource names the resource 'ids', which the package does not have",
        ),
        (
            {"patternField": "regex"},
            "ctcoop:identifiers names the field 'regex', which is not a field of 'schemes'",
        ),
        (
            {"columns": [{"resource": "things", "field": "code", "scheme": "scheme-nope"}]},
            "ctcoop:identifiers.columns[0] names the scheme 'scheme-nope', which the package does not have",
        ),
        (
            {"columns": [{"resource": "things", "field": "kode", "scheme": "scheme-code"}]},
            "ctcoop:identifiers.columns[0] names the field 'things.kode', which the package does not have",
        ),
        ({"valueField": 3}, "ctcoop:identifiers is malformed: valueField: Input should be a valid string"),
        ({"extra": True}, "ctcoop:identifiers is malformed: extra: Extra inputs are not permitted"),
    ],
)
def test_a_malformed_property_is_a_vocabulary_issue(pkg: Path, change: dict[str, Any], message: str) -> None:
    descriptor = _descriptor(pkg)
    descriptor["ctcoop:identifiers"].update(change)
    _write(pkg, descriptor)
    issues = [i for i in validate_package(pkg).issues if i.code == "vocabulary"]
    assert [(i.message, i.file) for i in issues] == [(message, "datapackage.json")]
    assert issues[0].line is not None


def test_an_unreadable_scheme_table_gives_no_issue_of_its_own(pkg: Path) -> None:
    (pkg / "data" / "schemes.csv").unlink()
    assert [i.code for i in validate_package(pkg).issues] == ["missing-file"]


def test_a_package_without_the_property_is_not_checked(pkg: Path) -> None:
    descriptor = _descriptor(pkg)
    del descriptor["ctcoop:identifiers"]
    _write(pkg, descriptor)
    with (pkg / "data" / "identifiers.csv").open("a", encoding="utf-8") as f:
        f.write("ident-3,scheme-num,not a number,thing-b\n")
    assert validate_package(pkg).issues == []


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        ("[0-9]+", "38349", True),
        ("[0-9]+", "38349a", False),
        ("[0-9]+", "38349\n", False),
        ("a|b", "ab", False),
        ("a|b", "b", True),
        ("[IVXL]+-[0-9]+(?:-[a-z])?", "XVIII-11", True),
        ("[IVXL]+-[0-9]+(?:-[a-z])?", "XVIII 11", False),
    ],
)
def test_a_pattern_matches_the_whole_value(pattern: str, value: str, expected: bool) -> None:
    assert matches(pattern, value) is expected


def test_a_bad_pattern_raises_bad_pattern() -> None:
    with pytest.raises(BadPattern, match="unterminated character set"):
        matches("[a-", "a")


def test_every_identifier_in_the_package_matches_its_scheme() -> None:
    """The real data: the check runs and finds nothing, and the table holds no column-held scheme."""
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    held = {c["scheme"] for c in descriptor["ctcoop:identifiers"]["columns"]}
    text = (ROOT / "data" / "identifiers.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert text and not {line.split(",")[1] for line in text} & held
    report = validate_package(ROOT)
    assert [i for i in report.issues if i.code.startswith("identifier")] == []


def test_the_data_dictionary_says_which_column_holds_which_scheme() -> None:
    from ctcoop.datadict import data_dictionary
    from ctcoop.package import load_package

    text = data_dictionary(load_package(ROOT))
    assert "- `symbol` holds identifiers of `scheme-un-symbol` and matches that scheme's pattern " \
           "(`ctcoop:identifiers`)." in text
    assert "; schemes held in a column have no rows here: `scheme-un-symbol` in `instruments.symbol`, " \
           "`scheme-iso3166-alpha3` in `countries.id`, `scheme-un-m49` in `countries.numeric`." in text
