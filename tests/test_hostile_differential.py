"""The hostile corpus through ctcoop validate and frictionless validate: the table in docs/security.md.

Regenerates the table (tests/hostile/differential.py) and checks that docs/security.md holds
the same one, and that ctcoop reports every case (no "ctcoop MISSES IT" row). A frictionless
run that ends by the 30 s bound is compared loosely: how close it comes depends on the load.
"""

from __future__ import annotations

import pytest

from hostile import differential


@pytest.fixture(scope="module")
def table() -> str:
    return differential.table()


def test_ctcoop_reports_every_case(table: str) -> None:
    assert "MISSES" not in table, table


def test_docs_security_holds_the_generated_table(table: str) -> None:
    documented = differential.in_document(differential.DOC.read_text(encoding="utf-8"))
    hint = "run `python tests/hostile/differential.py --write` to update the document"
    assert differential.differences(documented, table) == [], hint
