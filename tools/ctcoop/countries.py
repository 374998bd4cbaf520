"""The countries reference table, generated from ISO 3166-1 (pycountry) and CLDR (babel).

``ctcoop countries`` rewrites ``data/countries.csv``; ``ctcoop countries --check`` and the test
suite prove the committed file equals what the libraries give. English names are the ISO 3166-1
short names (``common_name`` where ISO gives one, as for Bolivia or Taiwan); Arabic names are
CLDR's Arabic territory names.
"""

from __future__ import annotations

import unicodedata

HEADER = ["id", "alpha2", "numeric", "name_en", "name_ar"]


def build_countries() -> list[list[str]]:
    """One row per ISO 3166-1 country, sorted by alpha-3 code."""
    import pycountry
    from babel import Locale

    arabic = Locale("ar").territories
    rows: list[list[str]] = []
    for country in pycountry.countries:
        name_en = getattr(country, "common_name", None) or country.name
        name_ar = arabic.get(country.alpha_2, "")
        rows.append(
            [
                country.alpha_3,
                country.alpha_2,
                country.numeric,
                unicodedata.normalize("NFC", name_en).strip(),
                unicodedata.normalize("NFC", name_ar).strip(),
            ]
        )
    rows.sort(key=lambda r: r[0])
    return rows


def countries_csv() -> str:
    """The canonical text of data/countries.csv."""
    from ctcoop.csvio import csv_text

    return csv_text(HEADER, build_countries())
