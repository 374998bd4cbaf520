"""The XLSX README sheet reads well: long texts get the rows they need, the titles the room they need.

Without row heights a spreadsheet shows a long wrapped description on one line's height and the
next row's text is drawn over it; an Arabic title right-aligned in a narrow cell is cut off. The
rendering test converts the sheet with LibreOffice (when installed) and checks the PDF's text.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from ctcoop.export import export_package

POINTS_PER_LINE = 15


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    from conftest import ROOT

    root = tmp_path_factory.mktemp("xlsx") / "pkg"
    root.mkdir()
    shutil.copy2(ROOT / "datapackage.json", root / "datapackage.json")
    shutil.copytree(ROOT / "schemas", root / "schemas")
    shutil.copytree(ROOT / "data", root / "data")
    out = root.parent / "out"
    export_package(root, out, ["xlsx"])
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    return next(out.glob("*.xlsx")), descriptor


def test_titles_and_descriptions_span_columns_and_rows_fit_their_text(
    workbook: tuple[Path, dict[str, object]],
) -> None:
    path, descriptor = workbook
    ws = openpyxl.load_workbook(path)["README"]
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert {"A1:C1", "A2:C2", "A3:C3", "A4:C4"} <= merged
    assert ws["A2"].value == descriptor["ctcoop:title_ar"] and ws["A2"].alignment.horizontal == "right"
    widths = {}
    for dim in ws.column_dimensions.values():  # a dimension may cover several columns (min..max)
        for index in range(dim.min, dim.max + 1):
            widths[openpyxl.utils.get_column_letter(index)] = dim.width
    too_short = []
    for row in ws.iter_rows():
        for cell in row:
            if not (isinstance(cell.value, str) and cell.alignment.wrap_text):
                continue
            span = (
                sum(widths[c] for c in "ABC")
                if f"A{cell.row}:C{cell.row}" in merged
                else widths[cell.column_letter]
            )
            need = math.ceil(len(cell.value) / span) * POINTS_PER_LINE  # a lower bound: no line is longer
            height = ws.row_dimensions[cell.row].height or POINTS_PER_LINE
            if height < need:
                too_short.append((cell.coordinate, height, need))
    assert too_short == []


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or poppler's pdftotext is not installed",
)
def test_libreoffice_renders_the_readme_without_overlap(
    workbook: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    path, descriptor = workbook
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = tmp_path / (path.stem + ".pdf")
    html = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    import re

    words = [
        (w, float(y1), float(y2))
        for y1, y2, w in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', html
        )
    ]
    # the PDF holds Arabic in visual order (reversed, ligatures kept): compare a word's letters
    letters = {"".join(sorted(w)) for w, _, _ in words}
    for word in str(descriptor["ctcoop:title_ar"]).split():
        assert "".join(sorted(word)) in letters, word  # the whole Arabic title is on the page
    en_last = str(descriptor["description"]).split()[-1]
    ar_first = str(descriptor["ctcoop:description_ar"]).split()[0]
    en = [y2 for w, _, y2 in words if w == en_last]
    ar = [y1 for w, y1, _ in words if sorted(w) == sorted(ar_first)]
    assert en and ar
    assert en[0] <= ar[0] + 1  # the English description ends above where the Arabic one starts
