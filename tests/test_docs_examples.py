"""The IDs the contributor docs show as examples of existing rows are rows of the package.

A newcomer copies them (a citation's source, the ID rule's examples); one that does not exist
teaches a pattern the package does not use and, copied, is a foreign-key error.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ["CONTRIBUTING.md", "README.md", "docs/data-model.md"]
PREFIXES = "src|org|kind|ins|mech|evt|rtype|rel|mem|par|fig|thm|err|scheme|ident"
#: examples of a row to add, which the docs introduce as new
NEW_ROWS = {"par-icsft-1999-sau-ratification"}


def _ids() -> set[str]:
    ids: set[str] = set()
    for table in sorted((ROOT / "data").glob("*.csv")):
        with table.open(encoding="utf-8", newline="") as f:
            ids |= {row["id"] for row in csv.DictReader(f) if row.get("id")}
    return ids


def _examples(text: str) -> set[str]:
    found = set(re.findall(rf"`((?:{PREFIXES})-[a-z0-9]+(?:-[a-z0-9]+)*)`", text))
    for block in re.findall(r"```csv\n(.*?)```", text, flags=re.S):
        for row in csv.DictReader(block.splitlines()):
            found |= {v for k, v in row.items() if k in ("subject", "source", "id") and v}
    return found


def test_the_docs_show_examples() -> None:
    assert all(_examples((ROOT / doc).read_text(encoding="utf-8")) for doc in DOCS)


def test_every_example_id_is_a_row_of_the_package() -> None:
    ids = _ids()
    missing = {doc: sorted(_examples((ROOT / doc).read_text(encoding="utf-8")) - ids - NEW_ROWS)
               for doc in DOCS}
    assert missing == {doc: [] for doc in DOCS}
