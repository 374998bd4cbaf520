"""The CSV reader: cells equal Python's csv module on well-formed files, and every row knows its file line."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from ctcoop.tables.dialect import Dialect, dialect_from
from ctcoop.tables.problems import Limits
from ctcoop.tables.records import read_records as read_csv_bytes

CELL = st.text(alphabet=st.sampled_from(list('ab ,"\nءا1-')), max_size=6)


def _csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


def _python_rows_and_lines(data: bytes) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    out = []
    start = 1
    for row in reader:
        out.append((start, row))
        start = reader.line_num + 1
    return out


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(CELL, min_size=3, max_size=3), min_size=1, max_size=12))
def test_cells_and_lines_match_the_csv_module(body: list[list[str]]) -> None:
    rows = [["a", "b", "c"], *body]
    data = _csv(rows)
    table = read_csv_bytes(data)
    expected = [
        (line, row) for line, row in _python_rows_and_lines(data)[1:] if any(cell != "" for cell in row)
    ]
    assert table.header == ["a", "b", "c"]
    got = [(table.line(i), list(r)) for i, r in enumerate(table.frame.rows())]
    assert got == expected
    assert [p.code for p in table.problems] == ["blank-row"] * (len(body) - len(expected))


def test_multiline_cells_shift_lines() -> None:
    table = read_csv_bytes(b'id,text\n1,"a\nb\nc"\n2,x\n3,"y\nz"\n4,w\n')
    assert [table.line(i) for i in range(table.frame.height)] == [2, 5, 6, 8]
    assert table.frame["c1"].to_list() == ["a\nb\nc", "x", "y\nz", "w"]


def test_crlf_and_no_final_newline() -> None:
    table = read_csv_bytes(b"a,b\r\n1,2\r\n3,4")
    assert table.frame.rows() == [("1", "2"), ("3", "4")]
    assert table.row_lines is None and table.line(1) == 3


def test_ragged_rows_are_reported_and_padded_with_null() -> None:
    table = read_csv_bytes(b"a,b,c\n1,2\n3,4,5,6\n7,8,9\n")
    assert table.frame.rows() == [("1", "2", None), ("3", "4", "5"), ("7", "8", "9")]
    assert table.short_rows == {0: 2}
    assert [(p.code, p.line, p.column) for p in table.problems] == [
        ("missing-cell", 2, 3),
        ("extra-cell", 3, 4),
    ]


def test_a_stray_quote_is_literal_and_reported() -> None:
    table = read_csv_bytes(b'a,b\n1,x"y\n2,z\n')
    assert table.frame.rows() == [("1", 'x"y'), ("2", "z")]
    assert [(p.code, p.line) for p in table.problems] == [("quote-error", 2)]


def test_an_unclosed_quote_is_reported_at_its_line() -> None:
    table = read_csv_bytes(b'a,b\n1,2\n3,"4\n5,6\n')
    assert [(p.code, p.line) for p in table.problems] == [("unterminated-quote", 3)]
    assert table.frame.rows() == [("1", "2")]


def test_every_bad_byte_line_is_reported() -> None:
    table = read_csv_bytes(b"a,b\n1,\xe9\n2,ok\n3,\xff\xfe\n")
    assert not table.readable
    assert [(p.code, p.line) for p in table.problems] == [("encoding-error", 2), ("encoding-error", 4)]
    assert "offset 6" in table.problems[0].message


def test_declared_encoding_and_bom() -> None:
    assert read_csv_bytes("a\né\n".encode("latin-1"), encoding="latin-1").frame.rows() == [("é",)]
    table = read_csv_bytes(b"\xef\xbb\xbfa\n1\n")
    assert (
        table.header == ["a"] and table.problems[0].code == "bom" and table.problems[0].severity == "warning"
    )


def test_dialect_delimiter_comments_and_no_header() -> None:
    dialect, unsupported = dialect_from({"delimiter": ";", "commentChar": "#", "header": False})
    assert unsupported == []
    table = read_csv_bytes(b"# note\n1;2\n3;4\n", dialect=dialect, width=2)
    assert table.header is None and table.frame.rows() == [("1", "2"), ("3", "4")]
    assert [table.line(i) for i in range(2)] == [2, 3]


def test_limits() -> None:
    table = read_csv_bytes(b"a\n" + b"x" * 50 + b"\ny\n", limits=Limits(max_line_bytes=10))
    assert [(p.code, p.line) for p in table.problems] == [("line-too-long", 2)]
    assert table.frame.rows() == [("y",)]
    table = read_csv_bytes(b'a\n"' + b"x" * 50 + b'"\n', limits=Limits(max_field_bytes=10))
    assert [(p.code, p.line, p.column) for p in table.problems] == [("field-too-large", 2, 1)]
    assert table.frame.rows() == [(None,)]


def test_default_dialect() -> None:
    assert dialect_from({}) == (Dialect(), [])
