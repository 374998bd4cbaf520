"""Generated packages: every command reads them as their reference reading says (agreement_check).

One test per feature (a header in another case, each fieldsMatch mode, each missingValues form,
each dialect property, each format), each over a few generated tables, and one test that combines
features at random. A package the standard accepts must be read, or refused by name (a format or
dialect property refused with the same first reason by every command); a misread is a failure.
Today's disagreements are strict xfails listed in disagreements.json: drop the mark once fixed.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from agreement_check import REFUSAL_CODES, Findings, check_change, check_invalid, check_new, check_valid
from agreement_cli import diff, stats, validate
from agreement_features import FEATURES, write
from agreement_packages import Layout, build
from agreement_tables import NAMES, Table, changed, new_row, tables
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

KNOWN = json.loads((Path(__file__).with_name("disagreements.json")).read_text(encoding="utf-8"))

#: few examples per feature (each runs every command several times); deterministic, no shrinking
#: (a known disagreement fails at its first example instead of being shrunk for minutes)
PER_FEATURE = settings(
    max_examples=4,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
COMBINED = settings(PER_FEATURE, max_examples=25)


def agree(table: Table, layout: Layout, seed: int, work: Path) -> None:
    """Every command reads the package built from ``table`` as ``layout`` as its reference says."""
    built = build(table, layout, seed)
    pkg = write(built, work / "pkg")
    findings = Findings()
    verdict = validate(pkg)
    if not built.valid:
        if verdict.valid:
            findings.add("validate: valid, but the package breaks the standard (header or cell)")
        else:
            check_invalid(pkg, work, verdict, findings)
    elif not verdict.valid and verdict.first_error.code in REFUSAL_CODES:
        check_invalid(pkg, work, verdict, findings)  # refused by name: every command must say so
    elif not verdict.valid:
        first = verdict.first_error
        counted = stats(pkg)
        run, _ = diff(pkg, pkg)
        findings.add(f"validate: misreads a valid package ({first.code} at {first.file}:{first.line}: "
                     f"{first.message}); stats counts {counted.rows}, diff with itself exits {run.exit_code}")
    else:
        got = check_valid(pkg, work, verdict, findings, expected={"items": built.expected}, names=NAMES,
                          fmt_required=layout.default_csv)
        if got is not None:
            after, name, old, new = changed(table, built.columns)
            other = write(build(after, layout, seed), work / "changed")
            check_change(pkg, other, {"row_id": table.rows[0]["row_id"]}, name, old, new, findings)
            check_new(pkg, work, "items", new_row(table, built.columns), built.expected, NAMES, findings,
                      required=layout.default_csv)
    findings.assert_none()


def _param(name: str) -> Any:
    known = KNOWN["generated"].get(name)
    marks = [pytest.mark.xfail(strict=True, reason=f"#11: {known['commands']}")] if known else []
    return pytest.param(name, marks=marks, id=name)


@pytest.mark.parametrize("name", [_param(n) for n in FEATURES])
def test_generated_feature_reads_the_same_in_every_command(name: str) -> None:
    feature = FEATURES[name]
    if feature.layout.format == "xlsx":  # openpyxl is a dev dependency
        pytest.importorskip("openpyxl", reason="an XLSX writer to build the package")

    @PER_FEATURE
    @given(tables(**feature.table), st.integers(0, 2**16))
    def run(table: Table, seed: int) -> None:
        with tempfile.TemporaryDirectory() as work:
            agree(table, feature.layout, seed, Path(work))

    run()


#: (fieldsMatch, columns) pairs the standard accepts
MATCHES = [(None, "schema"), ("exact", "schema"), ("equal", "permuted"), ("subset", "extra"),
           ("superset", "fewer"), ("partial", "fewer-extra")]


@st.composite
def layouts(draw: st.DrawFn) -> Layout:
    """A CSV layout that combines dialect properties, header and missing-value forms at random."""
    match, columns = draw(st.sampled_from(MATCHES))
    escape = draw(st.booleans())
    terminator = draw(st.sampled_from(["\n", "\r\n"]))
    header_rows = draw(st.booleans())
    missing = draw(st.sampled_from(["default", "v1", "v2", "v2-no-blank", "field", "null-sequence"]))
    return Layout(
        delimiter=draw(st.sampled_from([",", ";", "\t", "|"])),
        quote_char=draw(st.sampled_from(['"', "'"])),
        double_quote=not escape,
        escape_char="\\" if escape else None,
        skip_initial_space=draw(st.booleans()),
        quote_all=draw(st.booleans()),
        header_rows=header_rows,
        comment_char=draw(st.sampled_from([None, "#"])),
        comment_rows=not header_rows and draw(st.booleans()),
        line_terminator=terminator,
        declare_line_terminator=draw(st.booleans()),
        header_case=draw(st.booleans()),
        fields_match=match,
        columns=columns,
        missing="default" if escape and missing == "null-sequence" else missing,
        bom=draw(st.booleans()),
    )


def _combined() -> list[Any]:
    known = KNOWN["generated"].get("combined")
    return [pytest.mark.xfail(strict=True, reason=f"#11: {known['commands']}")] if known else []


@pytest.mark.parametrize("_", [pytest.param(None, marks=_combined(), id="combined")])
def test_generated_combinations_read_the_same_in_every_command(_: None) -> None:
    @COMBINED
    @given(layouts(), tables(), st.integers(0, 2**16))
    def run(layout: Layout, table: Table, seed: int) -> None:
        with tempfile.TemporaryDirectory() as work:
            agree(table, layout, seed, Path(work))

    run()


def test_every_known_generated_disagreement_names_a_feature() -> None:
    assert sorted(set(KNOWN["generated"]) - {*FEATURES, "combined"}) == []
