"""Every package in tests/corpus/: the commands agree with `ctcoop validate` (see agreement_check).

Today's disagreements are listed in disagreements.json (strict xfail: the mark goes once fixed).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from agreement_check import Findings, check_invalid, check_valid
from agreement_cli import validate

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
KNOWN = json.loads((Path(__file__).with_name("disagreements.json")).read_text(encoding="utf-8"))
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "datapackage.json").exists())


def _param(case: str) -> object:
    known = KNOWN["corpus"].get(case)
    marks = [pytest.mark.xfail(strict=True, reason=f"#11: {known['commands']}")] if known else []
    return pytest.param(case, marks=marks, id=case)


def _fmt_applies(descriptor: dict[str, object]) -> bool:
    """fmt must format every resource: CSV files with the default dialect."""
    resources = descriptor.get("resources")
    return isinstance(resources, list) and all(
        isinstance(r, dict) and "dialect" not in r and isinstance(r.get("path"), str)
        and str(r["path"]).endswith(".csv")
        for r in resources
    )


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_corpus_package_reads_the_same_in_every_command(case: str, tmp_path: Path) -> None:
    pkg = tmp_path / "package" / case  # the commands' output goes beside, never inside its parent
    shutil.copytree(CORPUS / case, pkg)
    tmp_path = tmp_path / "work"
    tmp_path.mkdir()
    descriptor = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    findings = Findings()
    verdict = validate(pkg)
    if verdict.valid:
        check_valid(pkg, tmp_path, verdict, findings, fmt_required=_fmt_applies(descriptor))
    else:
        check_invalid(pkg, tmp_path, verdict, findings)
    findings.assert_none()


def test_every_known_corpus_disagreement_names_a_corpus_package() -> None:
    assert sorted(set(KNOWN["corpus"]) - set(CASES)) == []
