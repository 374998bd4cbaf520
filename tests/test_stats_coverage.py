"""``ctcoop stats``: the coverage table and ``--gaps``, on the broken package tests/corpus/coverage
(t-1: 3 parties stated as of 2010, 2 held after CCC's denunciation; t-2: 2 of 2) and on the
repository (the README and the data dictionary carry the generated table)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from ctcoop.cli import cli
from ctcoop.render_coverage import coverage_markdown, with_coverage_block
from ctcoop.stats_coverage import coverage_gaps, coverage_table

ROOT = Path(__file__).resolve().parent.parent
CASE = Path(__file__).resolve().parent / "corpus" / "coverage"


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_the_coverage_table_compares_rows_with_the_latest_total() -> None:
    rows = [(e.group, e.measure, e.rows, e.held, e.stated, e.as_of, e.difference, e.stated_id)
            for e in coverage_table(CASE)]
    assert rows == [("t-1", "parties", 4, 2, 3, "2010-01-01", 1, "f2"),
                    ("t-2", "parties", 2, 2, 2, "2008", 0, "f3")]


def test_stats_text_ends_with_the_coverage_table() -> None:
    result = run("stats", str(CASE))
    assert result.exit_code == 0
    assert result.output.endswith(
        "coverage (held: members counted from the rows as of the stated date; difference: stated - held):\n"
        "  table          of   counts   rows  held  stated       as of  difference\n"
        "  participation  t-1  parties     4     2       3  2010-01-01          +1\n"
        "  participation  t-2  parties     2     2       2        2008           0\n"
    )


def test_stats_markdown_and_json_carry_the_coverage() -> None:
    markdown = run("stats", str(CASE), "--format", "markdown").output
    assert "#### Coverage against stated totals\n\n| table | of | counts |" in markdown
    assert "| participation | `t-1` | parties | 4 | 2 | 3 | 2010-01-01 | +1 |" in markdown
    data = json.loads(run("stats", str(CASE), "--format", "json").output)
    assert [(c["group"], c["difference"]) for c in data["coverage"]] == [("t-1", 1), ("t-2", 0)]


def test_gaps_list_the_states_without_a_counting_row() -> None:
    result = run("stats", str(CASE), "--gaps")
    assert result.exit_code == 0
    assert result.output == (
        "participation t-1 parties: 3 stated as of 2010-01-01 (f2); 2 held; 1 missing\n"
        "  2 states without a counting row; check each against the source and add the rows found there:\n"
        "    CCC; DDD\n"
    )
    [gap] = json.loads(run("stats", str(CASE), "--gaps", "--format", "json").output)
    assert [c["id"] for c in gap["candidates"]] == ["CCC", "DDD"] and gap["candidates_from"] == "states"
    assert [g.entry.group for g in coverage_gaps(CASE)] == ["t-1"]


def test_no_gaps_says_so(tmp_path: Path) -> None:
    assert run("stats", str(ROOT / "tests" / "corpus" / "foreign_key"), "--gaps").output == (
        "no gaps: every list matches its latest stated total (or has none)\n")


def test_readme_and_data_dictionary_show_the_current_coverage_table() -> None:
    table = coverage_markdown(coverage_table(ROOT))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert table and with_coverage_block(readme, table) == readme, "stale README table: `ctcoop docs`"
    assert table in (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")


def test_two_totals_of_the_same_date_give_one_latest_line() -> None:
    import polars as pl

    from ctcoop.coverage import coverage_lines
    from ctcoop.dataset_rules import CoverageRule

    rule = CoverageRule.model_validate({
        "groupField": "g", "memberField": "m", "kindField": "k", "startField": "d",
        "counts": {"members": ["member"]},
        "stated": {"resource": "s", "aboutField": "about", "countsField": "counts", "valueField": "value",
                   "dateField": "as_of"}})
    rows = pl.DataFrame({"g": ["o"], "m": ["AAA"], "k": ["member"], "d": [None]},
                        schema={c: pl.String for c in "gmkd"})
    stated = pl.DataFrame({"id": ["f1", "f2"], "about": ["o", "o"], "counts": ["members"] * 2,
                           "value": ["2", "2"], "as_of": ["2023", "2023"]})
    lines = coverage_lines(rule, rows, stated, "id")
    assert [(line.stated_id, line.latest, line.held) for line in lines] == [("f1", False, 0), ("f2", True, 1)]


def test_a_former_member_counts_against_a_total_stated_before_it_left() -> None:
    """The G5 Sahel had five members in 2020; three have left since (role ``former-member``)."""
    import polars as pl

    from ctcoop.coverage import coverage_lines
    from ctcoop.extensions import CoverageRule

    root = Path(__file__).resolve().parent.parent
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    [raw] = [r["ctcoop:coverage"] for r in descriptor["resources"] if r["name"] == "memberships"]
    rule = CoverageRule.model_validate(raw)
    rows = pl.read_csv(root / "data" / "memberships.csv", infer_schema=False).filter(
        pl.col("organization") == "org-g5-sahel")
    stated = pl.DataFrame({"id": ["f2020", "f2024"], "about": ["org-g5-sahel"] * 2, "counts": ["members"] * 2,
                           "value": ["5", "2"], "as_of": ["2020-02-25", "2024-01-01"],
                           "verification": ["confirmed"] * 2})
    lines = coverage_lines(rule, rows, stated, "id")
    assert [(line.as_of, line.held, line.stated) for line in lines] == [
        ("2020-02-25", 5, 5), ("2024-01-01", 2, 2)]
