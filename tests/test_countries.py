"""data/countries.csv is exactly what the generator gives (ISO 3166-1 + CLDR)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from ctcoop.commands.countries import command
from ctcoop.countries import build_countries, countries_csv

ROOT = Path(__file__).resolve().parent.parent


def test_countries_csv_is_in_sync_with_generator() -> None:
    assert (ROOT / "data" / "countries.csv").read_text(encoding="utf-8") == countries_csv()


def test_generated_rows_are_complete_and_arabic() -> None:
    rows = build_countries()
    assert len(rows) >= 249
    by_id = {r[0]: r for r in rows}
    assert by_id["SAU"][1:4] == ["SA", "682", "Saudi Arabia"]
    assert by_id["SAU"][4] == "المملكة العربية السعودية"
    assert all(r[4] for r in rows), "every country has a CLDR Arabic name"


def test_check_flag_exits_1_on_a_stale_file(tmp_path: Path) -> None:
    stale = tmp_path / "countries.csv"
    stale.write_text("id,alpha2,numeric,name_en,name_ar\n", encoding="utf-8")
    result = CliRunner().invoke(command, ["--out", str(stale), "--check"])
    assert result.exit_code == 1
    fresh = tmp_path / "fresh.csv"
    assert CliRunner().invoke(command, ["--out", str(fresh)]).exit_code == 0
    assert CliRunner().invoke(command, ["--out", str(fresh), "--check"]).exit_code == 0
