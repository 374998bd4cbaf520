"""normalize_arabic folds the spelling variants named in the issue, and nothing else."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ctcoop.arabic import normalize_arabic
from ctcoop.checks.duplicates import dedupe_key


def test_hamza_forms_of_alef_become_alef() -> None:
    assert normalize_arabic("أإآٱ") == "اااا"


def test_alef_maqsura_ta_marbuta_tatweel_and_diacritics() -> None:
    assert normalize_arabic("مصطفى") == "مصطفي"
    assert normalize_arabic("منظمة") == "منظمه"
    assert normalize_arabic("الـــعربية") == "العربيه"
    assert normalize_arabic("مُكَافَحَةُ الإِرْهَابِ") == "مكافحه الارهاب"


def test_presentation_forms_and_latin_pass_through() -> None:
    assert normalize_arabic("ﻻ") == "لا"
    assert normalize_arabic("United Nations (UN)") == "United Nations (UN)"
    assert normalize_arabic("ؤ ئ") == "ؤ ئ"  # only the forms the issue names are folded


@given(st.text())
def test_idempotent(text: str) -> None:
    once = normalize_arabic(text)
    assert normalize_arabic(once) == once


def test_dedupe_key_folds_case_space_and_spelling() -> None:
    assert dedupe_key("  United   NATIONS ") == dedupe_key("united nations")
    assert dedupe_key("الأمم المتحدة") == dedupe_key("الامم المتحده")
    assert dedupe_key("Counter-Terrorism Committee") != dedupe_key("Counter-Terrorism Centre")
