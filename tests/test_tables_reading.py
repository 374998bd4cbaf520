"""One rule for every view (ctcoop.tables.reading): a table validate cannot read is refused by every
other command with validate's code and line; declared encodings; what fmt and new write for a header
that differs from the schema where fieldsMatch allows it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ctcoop.cli import cli

FIELDS = [{"name": "id", "type": "string"}, {"name": "n", "type": "integer"}]


def _package(root: Path, body: bytes, *, schema: dict[str, Any] | None = None, **resource: Any) -> Path:
    root.mkdir()
    res = {"name": "items", "path": "data/items.csv", **resource,
           "schema": {"fields": FIELDS, "primaryKey": ["id"], **(schema or {})}}
    (root / "datapackage.json").write_text(json.dumps({"name": "p", "resources": [res]}), encoding="utf-8")
    (root / "data").mkdir()
    (root / "data" / "items.csv").write_bytes(body)
    return root


def _run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, result.output


def test_a_blank_row_is_refused_by_every_command_with_validate_s_code_and_line(tmp_path: Path) -> None:
    pkg = _package(tmp_path / "p", b"id,n\na,1\n\nb,2\n")
    code, out = _run("validate", str(pkg))
    assert (code, out.splitlines()[0]) == (1, "data/items.csv:3: error[blank-row] the row is blank")
    refusal = "data/items.csv: line 3: the row is blank [blank-row]\n  hint: delete the empty line"
    assert _run("diff", str(pkg), str(pkg)) == (2, f"Error: {refusal}\n")
    assert _run("fmt", "--check", str(pkg))[1].startswith(f"cannot format {refusal}")
    assert _run("new", "items", str(pkg), "--from-json", "-", stdin='{"id": "c", "n": 3}') == (
        2, f"Error: {refusal}\n")
    stats = json.loads(_run("stats", str(pkg), "--format", "json")[1])
    assert [t["unreadable"] for t in stats["tables"]] == [refusal]


@pytest.mark.parametrize(("rules", "refused"), [(None, False), ({"rfc4180-quotes": "error"}, True)])
def test_a_stray_quote_is_refused_where_the_project_rule_makes_it_an_error(
    tmp_path: Path, rules: dict[str, str] | None, refused: bool
) -> None:
    pkg = _package(tmp_path / "p", b'id,n\na"b,1\n', **({"ctcoop:rules": rules} if rules else {}))
    out = _run("stats", str(pkg), "--format", "json")[1]
    [table] = json.loads(out)["tables"]
    if refused:
        assert table["unreadable"].startswith(
            'data/items.csv: line 2: a " appears inside an unquoted cell or after a closing " [quote-error]')
    else:
        assert (table["rows"], table.get("unreadable")) == (1, None)


@pytest.mark.parametrize(
    ("encoding", "body"),
    [
        ("utf-16", "id,n\nä,1\n".encode("utf-16")),  # with the BOM that gives the byte order
        ("utf-16-le", "\ufeffid,n\nä,1\n".encode("utf-16-le")),  # a BOM besides the declared order
        ("latin-1", "id,n\nä,1\n".encode("latin-1")),
        ("cp1256", "id,n\nع,1\n".encode("cp1256")),
    ],
)
def test_every_encoding_python_knows_is_read(tmp_path: Path, encoding: str, body: bytes) -> None:
    pkg = _package(tmp_path / "p", body, encoding=encoding)
    assert _run("validate", str(pkg))[0] == 0
    out = tmp_path / "out"
    assert _run("export", str(pkg), "--out", str(out), "--format", "json")[0] == 0
    [value] = json.loads((out / "p.json").read_text(encoding="utf-8"))["tables"]["items"]
    assert value["n"] == 1 and value["id"] == body.decode(encoding).lstrip("\ufeff")[5]


@pytest.mark.parametrize("encoding", ["klingon", "base64"])
def test_an_unknown_encoding_is_refused_by_name(tmp_path: Path, encoding: str) -> None:
    pkg = _package(tmp_path / "p", b"id,n\na,1\n", encoding=encoding)
    code, out = _run("validate", str(pkg))
    assert code == 1
    assert (f"error[encoding-error] the declared encoding '{encoding}' is unknown (it is not a text encoding "
            "Python's codecs know)") in out
    assert _run("diff", str(pkg), str(pkg))[1].startswith(
        f"Error: data/items.csv: the declared encoding '{encoding}' is unknown")


def test_fmt_writes_schema_order_and_spelling_and_keeps_extra_columns_after_fields(tmp_path: Path) -> None:
    pkg = _package(tmp_path / "p", b"note,N,ID\nx,2,b\ny,1,a\n", schema={"fieldsMatch": "subset"})
    assert _run("validate", str(pkg))[0] == 0
    assert _run("fmt", str(pkg))[0] == 0
    assert (pkg / "data" / "items.csv").read_bytes() == b"id,n,note\na,1,y\nb,2,x\n"
    assert _run("validate", str(pkg))[0] == 0
    assert _run("fmt", "--check", str(pkg)) == (0, "1 file(s) in canonical form\n")


def test_new_writes_the_row_in_the_file_s_own_column_order(tmp_path: Path) -> None:
    pkg = _package(tmp_path / "p", b"NOTE,N,ID\nx,2,b\n", schema={"fieldsMatch": "partial"})
    code, out = _run("new", "items", str(pkg), "--from-json", "-", stdin='{"id": "a", "n": 5}')
    assert code == 0, out
    assert (pkg / "data" / "items.csv").read_bytes() == b"NOTE,N,ID\n,5,a\nx,2,b\n"


@pytest.mark.parametrize(("header", "code"), [(b"n,id", "incorrect-label"), (b"id", "missing-label")])
def test_fmt_refuses_a_header_validate_refuses_with_its_code(tmp_path: Path, header: bytes,
                                                             code: str) -> None:
    pkg = _package(tmp_path / "p", header + b"\n1,a\n")
    exit_code, out = _run("fmt", "--check", str(pkg))
    assert exit_code == 1 and f"[{code}]" in out and "data/items.csv: line 1: the header" in out
