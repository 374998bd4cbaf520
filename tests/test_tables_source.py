"""ctcoop.tables.source.table_bytes: every format, source form and dialect property, as whole outputs.

Each test builds a small package, reads one resource through ``table_bytes`` and compares the
bytes the CSV parser gets, their dialect, and the origin (file, line) of every line of them.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ctcoop.errors import PackageLoadError
from ctcoop.package import load_package
from ctcoop.tables.dialect import DIALECT_PROPERTIES, Dialect, TableDialect, parse_dialect
from ctcoop.tables.formats import COMPRESSIONS, FORMATS
from ctcoop.tables.source import TableBytes, rewrite_problem, table_bytes

SCHEMA = {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}]}
PLAIN = Dialect()


def _package(tmp_path: Path, resource: dict[str, Any], files: dict[str, str | bytes]) -> Path:
    root = tmp_path / "pkg"
    root.mkdir(parents=True)
    res = {"name": "t", "schema": SCHEMA, **resource}
    (root / "datapackage.json").write_text(json.dumps({"name": "t", "resources": [res]}), encoding="utf-8")
    for rel, content in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return root


def read(tmp_path: Path, resource: dict[str, Any], files: dict[str, str | bytes] | None = None) -> TableBytes:
    package = load_package(_package(tmp_path, resource, files or {}))
    assert package.problems == []
    return table_bytes(package, package.resources[0])


def origins(tb: TableBytes) -> list[tuple[str, int]] | None:
    """The origin of every line of the data (None when the lines are the file's own)."""
    if tb.positions is None:
        return None
    lines = tb.data.count(b"\n") + (0 if tb.data.endswith(b"\n") else 1)
    return [(o.file, o.line) for o in (tb.positions.origin(n) for n in range(1, lines + 1))]


def summary(tb: TableBytes) -> tuple[bytes, Dialect, str, str, str, list[str]]:
    return tb.data, tb.dialect, tb.encoding, tb.file, tb.format, tb.unsupported


def refusal(
    tmp_path: Path, resource: dict[str, Any], files: dict[str, str | bytes] | None = None
) -> tuple[str, str]:
    with pytest.raises(PackageLoadError) as caught:
        read(tmp_path, resource, files)
    return caught.value.code, caught.value.message


# ------------------------------------------------------------------ sources


def test_an_ordinary_csv_file_is_returned_untouched(tmp_path: Path) -> None:
    data = b'\xef\xbb\xbfid,name\r\n1,"a, b"\r\n'
    tb = read(tmp_path, {"path": "d.csv"}, {"d.csv": data})
    assert summary(tb) == (data, PLAIN, "utf-8", "d.csv", "csv", [])
    assert (tb.positions, tb.verbatim) == (None, True)


def test_a_gzip_file_by_extension_and_a_declared_compression(tmp_path: Path) -> None:
    tb = read(tmp_path / "a", {"path": "d.csv.gz"}, {"d.csv.gz": gzip.compress(b"id,name\n1,a\n")})
    assert summary(tb) == (b"id,name\n1,a\n", PLAIN, "utf-8", "d.csv.gz", "csv", [])
    assert (tb.positions, tb.verbatim) == (None, False)
    tb = read(
        tmp_path / "b",
        {"path": "d.bin", "format": "csv", "compression": "gz"},
        {"d.bin": gzip.compress(b"id,name\n1,a\n")},
    )
    assert tb.data == b"id,name\n1,a\n"


def test_a_zip_holding_one_file_is_read_with_its_own_extension(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("inner.tsv", "id\tname\n1\ta\n")
    tb = read(tmp_path, {"path": "d.zip"}, {"d.zip": buffer.getvalue()})
    assert summary(tb) == (b"id\tname\n1\ta\n", Dialect(delimiter="\t"), "utf-8", "d.zip", "tsv", [])


def test_a_zip_of_several_files_needs_innerpath(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("a.csv", "id,name\n1,a\n")
        zf.writestr("b.csv", "id,name\n2,b\n")
    assert refusal(tmp_path / "a", {"path": "d.zip"}, {"d.zip": buffer.getvalue()}) == (
        "zip-member",
        "'d.zip' holds 2 files (a.csv, b.csv); ctcoop reads a zip that holds one data file",
    )
    tb = read(tmp_path / "b", {"path": "d.zip", "innerpath": "b.csv"}, {"d.zip": buffer.getvalue()})
    assert tb.data == b"id,name\n2,b\n"


def test_parts_are_concatenated_and_a_repeated_header_line_left_out(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "a.csv": "id,name\n1,a\n",
        "b.csv.gz": gzip.compress(b"id,name\n2,b\n3,c"),
        "c.csv": "4,d\n",
    }
    tb = read(tmp_path, {"path": ["a.csv", "b.csv.gz", "c.csv"]}, files)
    assert summary(tb) == (b"id,name\n1,a\n2,b\n3,c\n4,d\n", PLAIN, "utf-8", "a.csv", "csv", [])
    assert origins(tb) == [("a.csv", 1), ("a.csv", 2), ("b.csv.gz", 2), ("b.csv.gz", 3), ("c.csv", 1)]


def test_parts_with_a_dialect_the_parser_does_not_speak_become_plain_csv(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"a.csv": "id;name\n1;'a;b'\n", "b.csv": "id;name\n2;b\n"}
    tb = read(
        tmp_path,
        {
            "path": ["a.csv", "b.csv"],
            "dialect": {"delimiter": ";", "quoteChar": "'", "skipInitialSpace": True},
        },
        files,
    )
    assert summary(tb) == (b"id,name\n1,a;b\n2,b\n", PLAIN, "utf-8", "a.csv", "csv", [])
    assert origins(tb) == [("a.csv", 1), ("a.csv", 2), ("b.csv", 2)]


def test_inline_arrays_and_objects(tmp_path: Path) -> None:
    tb = read(tmp_path / "a", {"data": [["id", "name"], [1, "a"], [2, None]]})
    assert summary(tb) == (b"id,name\n1,a\n2,\n", PLAIN, "utf-8", "<inline data>", "inline", [])
    assert origins(tb) == [("<inline data>", 1), ("<inline data>", 2), ("<inline data>", 3)]
    tb = read(tmp_path / "b", {"data": [{"name": "a", "id": 1}, {"id": 2, "extra": True}]})
    assert tb.data == b"id,name,extra\n1,a,\n2,,true\n"
    assert origins(tb) == [("<inline data>", 1), ("<inline data>", 1), ("<inline data>", 2)]


# ------------------------------------------------------------------ formats


def test_tsv_is_the_csv_dialect_with_a_tab(tmp_path: Path) -> None:
    tb = read(tmp_path, {"path": "d.tsv"}, {"d.tsv": 'id\tname\n1\t"a\tb"\n'})
    assert summary(tb) == (b'id\tname\n1\t"a\tb"\n', Dialect(delimiter="\t"), "utf-8", "d.tsv", "tsv", [])
    assert tb.positions is None


def test_json_arrays_under_a_property_and_objects_with_item_keys(tmp_path: Path) -> None:
    doc = {"result": {"rows": [["id", "name"], [1, "a,b"], [2.5, 'q"\nr'], [3, {"k": [1]}]]}}
    tb = read(
        tmp_path / "a",
        {"path": "d.json", "dialect": {"property": "result.rows"}},
        {"d.json": json.dumps(doc)},
    )
    assert summary(tb) == (
        b'id,name\n1,"a,b"\n2.5,"q""\nr"\n3,"{""k"":[1]}"\n',
        PLAIN,
        "utf-8",
        "d.json",
        "json",
        [],
    )
    assert origins(tb) == [("d.json", 1), ("d.json", 2), ("d.json", 3), ("d.json", 3), ("d.json", 4)]
    rows = [{"name": "a", "id": 1, "x": 0}, {"id": 2}]
    tb = read(
        tmp_path / "b",
        {"path": "d.json", "dialect": {"itemType": "object", "itemKeys": ["name", "id"]}},
        {"d.json": json.dumps(rows)},
    )
    assert tb.data == b"name,id\na,1\n,2\n"


def test_ndjson_and_jsonl(tmp_path: Path) -> None:
    text = '{"id": 1, "name": "x"}\n\n{"id": 2, "name": null}\n'
    tb = read(tmp_path / "a", {"path": "d.ndjson", "dialect": {"nullSequence": "NA"}}, {"d.ndjson": text})
    assert summary(tb) == (
        b"id,name\n1,x\n2,NA\n",
        Dialect(null_sequence="NA"),
        "utf-8",
        "d.ndjson",
        "ndjson",
        [],
    )
    assert origins(tb) == [("d.ndjson", 1), ("d.ndjson", 1), ("d.ndjson", 3)]
    tb = read(tmp_path / "b", {"path": "d.jsonl"}, {"d.jsonl": '["id","name"]\n[1,"a"]\n'})
    assert (tb.data, tb.format) == (b"id,name\n1,a\n", "ndjson")


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.append(["other"])
    sheet = book.create_sheet("data")
    sheet.append(["id", "name", "when", "ok"])
    sheet.append([1, "a", dt.date(2020, 1, 2), True])
    sheet.append([2.5, None, dt.datetime(2020, 1, 2, 3, 4, 5), False])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_by_sheet_name_or_number(tmp_path: Path) -> None:
    want = b"id,name,when,ok\n1,a,2020-01-02,true\n2.5,,2020-01-02T03:04:05,false\n"
    tb = read(tmp_path / "a", {"path": "d.xlsx", "dialect": {"sheetName": "data"}}, {"d.xlsx": _xlsx()})
    assert summary(tb) == (want, PLAIN, "utf-8", "d.xlsx", "xlsx", [])
    assert origins(tb) == [("d.xlsx", 1), ("d.xlsx", 2), ("d.xlsx", 3)]
    tb = read(tmp_path / "b", {"path": "d.xlsx", "dialect": {"sheetNumber": 2}}, {"d.xlsx": _xlsx()})
    assert tb.data == want
    assert refusal(
        tmp_path / "c", {"path": "d.xlsx", "dialect": {"sheetName": "x"}}, {"d.xlsx": _xlsx()}
    ) == ("sheet-missing", "'d.xlsx' has no sheet named 'x'")


def _ods(rows: list[list[Any]]) -> bytes:
    def cell(v: Any) -> str:
        kind = "float" if isinstance(v, int | float) else "string"
        value = f' office:value="{v}"' if kind == "float" else ""
        return f'<table:table-cell office:value-type="{kind}"{value}><text:p>{v}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(cell(v) for v in r) + "</table:table-row>" for r in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
        f'<office:spreadsheet><table:table table:name="S">{body}</table:table></office:spreadsheet>'
        "</office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", MANIFEST)
    return out.getvalue()


MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def test_ods(tmp_path: Path) -> None:
    tb = read(tmp_path, {"path": "d.ods"}, {"d.ods": _ods([["id", "name"], [1, "a"], [2, "b"]])})
    assert summary(tb) == (b"id,name\n1,a\n2,b\n", PLAIN, "utf-8", "d.ods", "ods", [])
    assert origins(tb) == [("d.ods", 1), ("d.ods", 2), ("d.ods", 3)]


@pytest.mark.parametrize(
    ("resource", "files", "code", "message"),
    [
        (
            {"path": "d.xml"},
            {"d.xml": "<x/>"},
            "format-unsupported",
            "'d.xml' is in the format 'xml', which ctcoop does not read",
        ),
        (
            {"path": "d.csv", "format": "parquet"},
            {"d.csv": "x"},
            "format-unsupported",
            "'d.csv' is in the format 'parquet', which ctcoop does not read",
        ),
        (
            {"path": "d.dat", "mediatype": "application/x-parquet"},
            {"d.dat": "x"},
            "format-unsupported",
            "'d.dat' is in the format 'application/x-parquet', which ctcoop does not read",
        ),
        (
            {"path": "d.xls"},
            {"d.xls": "x"},
            "format-unsupported",
            "'d.xls' is in the format 'xls', which ctcoop does not read",
        ),
        (
            {"path": "d.csv.bz2"},
            {"d.csv.bz2": "x"},
            "compression-unsupported",
            "'d.csv.bz2' uses the compression 'bz2', which ctcoop does not read",
        ),
        (
            {"path": "d.csv.gz"},
            {"d.csv.gz": "not gzip"},
            "compressed-corrupt",
            "'d.csv.gz' is not a readable gzip stream "
            "(Error -3 while decompressing data: incorrect header check)",
        ),
        (
            {"path": "d.json"},
            {"d.json": '{"a": 1}'},
            "json-rows",
            "'d.json': holds an object, not an array of rows "
            "(name the property holding them in the dialect's \"property\")",
        ),
        (
            {"path": "d.json"},
            {"d.json": "[[1], {}]"},
            "json-rows",
            "'d.json': item 2 is dict, not an array like the first item",
        ),
        (
            {"path": "d.json"},
            {"d.json": "[" * 100 + "]" * 100},
            "json-parse",
            "'d.json' is refused: the JSON is nested more than 64 levels deep",
        ),
        (
            {"path": "d.ndjson"},
            {"d.ndjson": '[1]\n{"a": 1, "a": 2}\n'},
            "json-parse",
            "line 2 of 'd.ndjson' is refused: the key 'a' appears twice in one object; "
            "JSON readers disagree on which value wins",
        ),
        (
            {"path": ["a.json", "b.json"]},
            {"a.json": "[]", "b.json": "[]"},
            "multipart-unsupported",
            "the resource's data is JSON in 2 files; parts are concatenated, which gives no JSON file",
        ),
        (
            {"path": "d.csv", "dialect": {"escapeChar": "\\"}},
            {"d.csv": b"id,name\n1,\xff\n"},
            "encoding-error",
            "line 2 of 'd.csv' is not valid utf-8 (byte 10)",
        ),
    ],
)
def test_what_cannot_be_read_is_refused_by_name(
    tmp_path: Path, resource: dict[str, Any], files: dict[str, str | bytes], code: str, message: str
) -> None:
    assert refusal(tmp_path, resource, files) == (code, message)


# ------------------------------------------------------------------ dialect


def test_header_rows_joined_rows_before_them_and_comment_rows_left_out(tmp_path: Path) -> None:
    text = "title\nid,full\n,name\n1,alpha\nnot,data\n2,beta\n"
    tb = read(
        tmp_path,
        {"path": "d.csv", "dialect": {"headerRows": [2, 3], "headerJoin": "_", "commentRows": [5]}},
        {"d.csv": text},
    )
    assert summary(tb) == (b"id,full_name\n1,alpha\n2,beta\n", PLAIN, "utf-8", "d.csv", "csv", [])
    assert origins(tb) == [("d.csv", 2), ("d.csv", 4), ("d.csv", 6)]


def test_escape_char_and_double_quote_false(tmp_path: Path) -> None:
    text = 'id,name\n1,a\\,b\n2,"say \\"hi\\""\n'
    tb = read(
        tmp_path, {"path": "d.csv", "dialect": {"escapeChar": "\\", "doubleQuote": False}}, {"d.csv": text}
    )
    assert tb.data == b'id,name\n1,"a,b"\n2,"say ""hi"""\n'
    assert origins(tb) == [("d.csv", 1), ("d.csv", 2), ("d.csv", 3)]


def test_skip_initial_space_applies_to_the_header_too(tmp_path: Path) -> None:
    tb = read(
        tmp_path, {"path": "d.csv", "dialect": {"skipInitialSpace": True}}, {"d.csv": "id, name\n1,  a\n"}
    )
    assert tb.data == b"id,name\n1,a\n"


def test_comment_char_with_a_dialect_brought_to_plain_csv_and_on_the_fast_path(tmp_path: Path) -> None:
    text = "# note\nid,name\n#x,y\n1,a\n"
    tb = read(
        tmp_path / "a",
        {"path": "d.csv", "dialect": {"commentChar": "#", "skipInitialSpace": True}},
        {"d.csv": text},
    )
    assert (tb.data, origins(tb)) == (b"id,name\n1,a\n", [("d.csv", 2), ("d.csv", 4)])
    tb = read(tmp_path / "b", {"path": "d.csv", "dialect": {"commentChar": "#"}}, {"d.csv": text})
    assert (tb.data, tb.dialect, tb.positions) == (text.encode(), Dialect(comment_char="#"), None)


def test_a_line_terminator_and_a_delimiter_of_several_characters(tmp_path: Path) -> None:
    text = 'id||name;1||"a;b";2||c'
    tb = read(
        tmp_path, {"path": "d.csv", "dialect": {"lineTerminator": ";", "delimiter": "||"}}, {"d.csv": text}
    )
    assert tb.data == b"id,name\n1,a;b\n2,c\n"
    assert origins(tb) == [("d.csv", 1), ("d.csv", 2), ("d.csv", 3)]  # record numbers: no line breaks


def test_no_header_and_the_flags_the_parser_keeps(tmp_path: Path) -> None:
    dialect = {"header": False, "nullSequence": "NULL", "caseSensitiveHeader": True, "escapeChar": "\\"}
    tb = read(tmp_path, {"path": "d.csv", "dialect": dialect}, {"d.csv": "1,a\n2,NULL\n"})
    assert summary(tb) == (
        b"1,a\n2,NULL\n",
        Dialect(header=False, null_sequence="NULL", case_sensitive_header=True),
        "utf-8",
        "d.csv",
        "csv",
        [],
    )


def test_a_dialect_given_as_a_path(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"d.csv": "id;name\n1;a\n", "dialect.json": '{"delimiter": ";"}'}
    tb = read(tmp_path / "a", {"path": "d.csv", "dialect": "dialect.json"}, files)
    assert (tb.data, tb.dialect) == (b"id;name\n1;a\n", Dialect(delimiter=";"))
    assert refusal(tmp_path / "b", {"path": "d.csv", "dialect": "../dialect.json"}, files)[0] == "unsafe-path"
    files["dialect.json"] = '{"delimiter": ";", "delimiter": ","}'
    assert (
        refusal(tmp_path / "c", {"path": "d.csv", "dialect": "dialect.json"}, files)[0] == "descriptor-json"
    )


def test_values_that_cannot_be_honoured_are_reported_by_name() -> None:
    table, bad = parse_dialect(
        {
            "quoteChar": "ab",
            "header": "yes",
            "headerRows": [0, 2],
            "sheetNumber": 0,
            "itemType": "row",
            "delimiter": "\n",
        }
    )
    assert bad == ["delimiter", "header", "headerRows", "itemType", "quoteChar", "sheetNumber"]
    assert table == TableDialect()


def test_every_dialect_property_of_v1_and_v2_is_listed_and_every_format_has_a_meaning() -> None:
    v2 = [
        "header",
        "headerRows",
        "headerJoin",
        "commentRows",
        "commentChar",
        "delimiter",
        "lineTerminator",
        "quoteChar",
        "doubleQuote",
        "escapeChar",
        "nullSequence",
        "skipInitialSpace",
        "property",
        "itemType",
        "itemKeys",
        "sheetNumber",
        "sheetName",
        "table",
    ]
    v1 = [
        "delimiter",
        "doubleQuote",
        "lineTerminator",
        "nullSequence",
        "quoteChar",
        "escapeChar",
        "skipInitialSpace",
        "header",
        "commentChar",
        "caseSensitiveHeader",
        "csvddfVersion",
    ]
    assert sorted(DIALECT_PROPERTIES) == sorted(set(v1 + v2))
    assert sorted(FORMATS) == ["csv", "inline", "json", "ndjson", "ods", "tsv", "xlsx"]
    assert sorted(COMPRESSIONS) == ["gz", "zip"]
    assert all(DIALECT_PROPERTIES.values()) and all(FORMATS.values())


def test_fmt_rewrites_only_one_plain_csv_file(tmp_path: Path) -> None:
    cases = [
        ({"path": "d.csv"}, None),
        ({"path": "d.tsv"}, "'d.tsv' is TSV, not CSV; fmt rewrites CSV files only"),
        ({"path": "d.csv.gz"}, "'d.csv.gz' is compressed (gz); fmt rewrites plain CSV files"),
        ({"path": ["a.csv", "b.csv"]}, "its data is in 2 files; fmt rewrites a table kept in one CSV file"),
        ({"data": [["id"]]}, "its rows are inline data in the descriptor, not a CSV file"),
        (
            {"path": "d.csv", "dialect": "x.json"},
            "its dialect is a separate file; fmt rewrites files in the default CSV dialect only",
        ),
    ]
    for i, (resource, why) in enumerate(cases):
        files: dict[str, str | bytes] = {
            "d.csv": "id\n",
            "d.tsv": "id\n",
            "a.csv": "id\n",
            "b.csv": "",
            "d.csv.gz": gzip.compress(b"id\n"),
            "x.json": "{}",
        }
        package = load_package(_package(tmp_path / str(i), resource, files))
        assert rewrite_problem(package.resources[0]) == why

