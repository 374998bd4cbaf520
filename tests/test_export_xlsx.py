"""The XLSX export: README sheet, frozen styled header, right-to-left Arabic, text never a formula."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

from ctcoop.errors import CtcoopError
from ctcoop.export import xlsx_export
from ctcoop.export.context import ExportContext
from ctcoop.export.xlsx_cells import column_letter
from ctcoop.package import load_package
from test_export_support import ROWS, SCHEMAS, mini_package, write_package


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("xlsx")
    ctx = ExportContext.create(load_package(mini_package(tmp / "mini")))
    (tmp / "out").mkdir()
    xlsx_export.write(ctx, tmp / "out")
    return tmp / "out" / "mini-1.2.3.xlsx"


def test_readme_first_then_one_sheet_per_table(workbook: Path) -> None:
    wb = openpyxl.load_workbook(workbook)
    assert wb.sheetnames == ["README", "countries", "orgs", "rtypes", "links", "cites"]
    readme = [[c for c in row if c is not None] for row in wb["README"].iter_rows(values_only=True)]
    flat = [c for row in readme for c in row]
    assert flat[:2] == ["Mini package", "حزمة صغيرة"]
    assert ["version", "1.2.3"] in readme
    assert ["orgs", "Orgs", "جدول", 4, "The orgs table.", "جدول للاختبار."] in readme
    assert ["countries", "name_ar", "string", "الاسم بالعربية"] in readme
    assert ["countries", "id", "string", "primary key"] in readme
    assert ["orgs", "tags", "list (;)"] in readme and ["orgs", "founded", "partial date"] in readme
    assert ["orgs", "name_en", "string", "required"] in readme
    assert ["orgs", "parent", "string", "→ orgs"] in readme
    assert ["orgs", "seat", "string", "→ countries"] in readme
    assert ["links", "subject", "string", "required; → orgs | countries"] in readme


def test_header_is_frozen_styled_and_filtered(workbook: Path) -> None:
    ws = openpyxl.load_workbook(workbook)["orgs"]
    assert ws.freeze_panes == "A2"
    header = next(ws.iter_rows(min_row=1, max_row=1))
    assert [c.value for c in header] == [f["name"] for f in SCHEMAS["orgs"]["fields"]]
    assert all(c.font.b for c in header)
    assert all(c.fill.fgColor.rgb.endswith("DDEBF7") for c in header)
    assert ws.auto_filter.ref == "A1:N5"


def test_arabic_columns_are_right_to_left(workbook: Path) -> None:
    ws = openpyxl.load_workbook(workbook)["orgs"]
    names = [f["name"] for f in SCHEMAS["orgs"]["fields"]]
    for col, name in enumerate(names, start=1):
        cell = ws.cell(row=2, column=col)
        head = ws.cell(row=1, column=col)
        rtl = name.endswith("_ar")
        if cell.value is not None and isinstance(cell.value, str):
            assert (cell.alignment.readingOrder == 2) is rtl, name
            assert (cell.alignment.horizontal == "right") is rtl, name
        assert (head.alignment.readingOrder == 2) is rtl, name


def test_typed_cells(workbook: Path) -> None:
    ws = openpyxl.load_workbook(workbook)["orgs"]
    names = [f["name"] for f in SCHEMAS["orgs"]["fields"]]
    un, _, ictc, jo = (dict(zip(names, [c for c in row], strict=True)) for row in ws.iter_rows(min_row=2))
    assert un["as_of"].value == dt.datetime(2024, 1, 31) and un["as_of"].number_format == "yyyy-mm-dd"
    assert ictc["as_of"].value == "1899-12-31" and ictc["as_of"].data_type == "s"  # before Excel's calendar
    assert un["staff"].value == 37000 and un["staff"].data_type == "n"
    assert un["budget"].value == 3.59 and un["active"].value is True
    assert jo["budget"].value == "NaN"
    assert un["founded"].value == "1945-10-24" and un["founded"].data_type == "s"  # a partial date stays text
    assert un["tags"].value == "global;un"
    assert un["note"].value == "" and un["note"].data_type == "s"  # empty string, not missing
    assert un["parent"].value is None


def test_text_is_never_a_formula(tmp_path: Path) -> None:
    rows = {k: [list(r) for r in v] for k, v in ROWS.items()}
    rows["orgs"][0][13] = "=HYPERLINK(\"http://x\",\"y\")"  # the validator forbids this; the writer must cope
    rows["orgs"][1][11] = "+1+1"
    rows["orgs"][2][13] = "@SUM(A1:A2)"
    rows["orgs"][3][13] = "-2"
    root = write_package(tmp_path / "pkg", SCHEMAS, rows)
    ctx = ExportContext.create(load_package(root))
    xlsx_export.write(ctx, tmp_path)
    with zipfile.ZipFile(tmp_path / "mini-1.2.3.xlsx") as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/")]
        for name in sheets:
            xml = zf.read(name)
            ElementTree.fromstring(xml)  # well-formed
            assert b"<f>" not in xml and b"<f " not in xml
    ws = openpyxl.load_workbook(tmp_path / "mini-1.2.3.xlsx")["orgs"]
    assert ws["N2"].value == "=HYPERLINK(\"http://x\",\"y\")" and ws["N2"].data_type == "s"
    assert ws["L3"].value == "+1+1" and ws["N4"].value == "@SUM(A1:A2)" and ws["N5"].value == "-2"


def test_texts_excel_cannot_hold_stop_the_export(tmp_path: Path) -> None:
    rows = {k: [list(r) for r in v] for k, v in ROWS.items()}
    rows["orgs"][1][11] = "x" * 32_766 + "😀"  # 32,768 UTF-16 code units
    root = write_package(tmp_path / "pkg", SCHEMAS, rows)
    ctx = ExportContext.create(load_package(root))
    with pytest.raises(CtcoopError, match=r"table 'orgs' row 2, field 'description_en'.*32767"):
        xlsx_export.write(ctx, tmp_path)


def test_sheet_names_are_excel_safe() -> None:
    names = xlsx_export.sheet_names(["a" * 40, "a" * 40, "x/y:z", "History", "readme"], {"README"})
    assert names == ["a" * 31, "a" * 29 + "~2", "x_y_z", "History~2", "readme~2"]
    assert all(len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) for n in names)


def test_column_letters() -> None:
    letters = [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)]
    assert letters == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]
