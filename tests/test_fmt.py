"""``ctcoop fmt``: canonical form, --check, idempotence, losslessness, refusals."""

from __future__ import annotations

import csv
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ctcoop.cli import cli
from ctcoop.fmt import FileStatus, format_package, non_canonical_files
from ctcoop.package import load_package
from ctcoop.tables.canonical import check_canonical
from ctcoop.tables.typed import read_typed

THINGS_SCHEMA: dict[str, Any] = {
    "fields": [
        {"name": "id", "type": "string", "constraints": {"required": True}},
        {"name": "name_en", "type": "string"},
        {"name": "name_ar", "type": "string"},
        {"name": "n", "type": "integer"},
    ],
    "primaryKey": ["id"],
    "fieldsMatch": "equal",
}
LINKS_SCHEMA: dict[str, Any] = {
    "fields": [{"name": "a", "type": "string"}, {"name": "b", "type": "string"},
               {"name": "note", "type": "string"}],
    "primaryKey": ["a", "b"],
}


def descriptor(**things_extra: Any) -> dict[str, Any]:
    return {"name": "fixture", "resources": [
        {"name": "things", "path": "data/things.csv", "schema": THINGS_SCHEMA, **things_extra},
        {"name": "links", "path": "data/links.csv", "schema": LINKS_SCHEMA},
    ]}


CANONICAL_LINKS = "a,b,note\nx,1,\nx,2,two\n"

# Not canonical in every way at once: BOM, CRLF, columns out of schema order (fieldsMatch equal),
# rows out of order, white space around cells, a decomposed é (not NFC), needless quotes, and a
# multi-line cell with a CR LF inside. (A blank line is validate's error: fmt refuses it.)
MESSY_THINGS = (
    "\ufeffname_en,id,n,name_ar\r\n"
    '"Zeta",t-2, 7 ,زيتا\r\n'
    "  Cafe\u0301  ,t-10,,مقهى\r\n"
    '"Alpha, first",t-1,3,"ألفا\r\nسطر"\r\n'
)
EXPECTED_THINGS = (
    "id,name_en,name_ar,n\n"
    't-1,"Alpha, first","ألفا\nسطر",3\n'
    "t-10,Café,مقهى,\n"
    "t-2,Zeta,زيتا,7\n"
)


@pytest.fixture
def messy(make_package: Callable[..., Path]) -> Path:
    return make_package(descriptor(), {"data/things.csv": MESSY_THINGS, "data/links.csv": CANONICAL_LINKS})


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_check_reports_the_file_and_line_and_exits_1(messy: Path) -> None:
    before = (messy / "data/things.csv").read_bytes()
    result = run("fmt", "--check", str(messy))
    assert result.exit_code == 1, result.output
    assert "data/things.csv:1: not canonical" in result.stdout
    assert "data/links.csv" not in result.stdout
    assert "1 file(s) not in canonical form" in result.stderr
    assert (messy / "data/things.csv").read_bytes() == before, "--check never writes"


def test_fmt_writes_the_canonical_form(messy: Path) -> None:
    result = run("fmt", str(messy))
    assert result.exit_code == 0, result.output
    assert "formatted data/things.csv" in result.stdout
    assert (messy / "data/things.csv").read_bytes() == EXPECTED_THINGS.encode("utf-8")
    assert (messy / "data/links.csv").read_text(encoding="utf-8") == CANONICAL_LINKS
    assert run("fmt", "--check", str(messy)).exit_code == 0


def test_fmt_is_idempotent(messy: Path) -> None:
    assert run("fmt", str(messy)).exit_code == 0
    once = {p.name: p.read_bytes() for p in (messy / "data").iterdir()}
    second = run("fmt", str(messy))
    assert second.exit_code == 0
    assert "0 file(s) formatted, 2 already canonical" in second.stdout
    assert {p.name: p.read_bytes() for p in (messy / "data").iterdir()} == once


def _normalized_typed(root: Path, resource: str) -> list[dict[str, Any]]:
    """The typed rows, sorted, with text cells NFC and trimmed: what fmt must not change."""
    frame = read_typed(load_package(root), resource)

    def norm(v: Any) -> Any:
        if not isinstance(v, str):
            return v
        return unicodedata.normalize("NFC", v.replace("\r\n", "\n")).strip() or None

    rows = [{k: norm(v) for k, v in row.items()} for row in frame.iter_rows(named=True)]
    return sorted(rows, key=lambda r: [str(v) for v in r.values()])


def _independent_rows(path: Path) -> list[dict[str, str]]:
    """The file read with the csv module, cells normalized by hand, sorted: an independent reading."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = [{k.strip(): unicodedata.normalize("NFC", v.replace("\r\n", "\n")).strip()
                 for k, v in row.items()}
                for row in csv.DictReader(fh) if any(v.strip() for v in row.values())]
    return sorted(rows, key=lambda r: sorted(r.items()))


def test_fmt_is_lossless(messy: Path) -> None:
    before = _independent_rows(messy / "data/things.csv")
    assert run("fmt", str(messy)).exit_code == 0
    assert _independent_rows(messy / "data/things.csv") == before
    assert len(before) == 3


def test_fmt_is_lossless_on_typed_values(make_package: Callable[..., Path]) -> None:
    text = "n,name_ar,id,name_en\r\n7,زيتا,t-2, Zeta\r\n,,t-10,Cafe\u0301\r\n3,ألفا,t-1,\"A, b\"\r\n"
    root = make_package(descriptor(), {"data/things.csv": text, "data/links.csv": CANONICAL_LINKS})
    before = _normalized_typed(root, "things")
    assert run("fmt", str(root)).exit_code == 0
    assert _normalized_typed(root, "things") == before
    assert sorted(r["n"] for r in before if r["n"] is not None) == [3, 7]


def test_fmt_sorts_composite_keys_by_key_strings(make_package: Callable[..., Path]) -> None:
    links = "a,b,note\ny,1,\nx,2,two\nx,10,ten\n"
    root = make_package(descriptor(), {"data/things.csv": "id,name_en,name_ar,n\n", "data/links.csv": links})
    assert run("fmt", str(root)).exit_code == 0
    # strings, not numbers: "10" sorts before "2"
    assert (root / "data/links.csv").read_text(encoding="utf-8") == "a,b,note\nx,10,ten\nx,2,two\ny,1,\n"


def test_missing_schema_columns_are_added_empty(make_package: Callable[..., Path]) -> None:
    pkg = descriptor()
    pkg["resources"][0]["schema"] = {**THINGS_SCHEMA, "fieldsMatch": "superset"}
    root = make_package(pkg, {"data/things.csv": "id,n\nt-1,5\n", "data/links.csv": CANONICAL_LINKS})
    assert run("fmt", str(root)).exit_code == 0
    assert (root / "data/things.csv").read_text(encoding="utf-8") == "id,name_en,name_ar,n\nt-1,,,5\n"


@pytest.mark.parametrize(("text", "reason"), [
    ("id,name_en,name_ar,n\r\nt-1,A,ا,1\r\n", "CR LF"),
    ("id,name_en,name_ar,n\nt-2,B,ب,2\nt-1,A,ا,1\n", "not in primary-key order"),
    ("id,name_en,name_ar,n\nt-1, A,ا,1\n", "white space"),
    ('id,name_en,name_ar,n\nt-1,"A",ا,1\n', "quoting"),
    ("id,name_en,name_ar,n\nt-1,Cafe\u0301,ا,1\n", "NFC"),
    ("id,name_en,name_ar,n\nt-1,A,ا,1", "does not end with a line break"),
    ("\ufeffid,name_en,name_ar,n\nt-1,A,ا,1\n", "byte-order mark"),
])
def test_check_canonical_says_where_and_why(
        make_package: Callable[..., Path], text: str, reason: str) -> None:
    root = make_package(descriptor(), {"data/things.csv": text, "data/links.csv": CANONICAL_LINKS})
    found = check_canonical(load_package(root), "things")
    assert not found.canonical
    assert reason in (found.reason or ""), found
    assert found.line is not None and found.line >= 1
    assert non_canonical_files(root) == ["data/things.csv"]


@pytest.mark.parametrize(("text", "message"), [
    ("id,name_en,name_ar,n\nt-1,A,ا\n", "line 2 has 3 cells but the header has 4"),
    ("id,name_en,name_ar,n,extra\nt-1,A,ا,1,x\n", "'extra' is not a field of the schema"),
    ("id,id,name_ar,n\nt-1,A,ا,1\n", "line 1: the header (id, id, name_ar, n) does not fit"),
    ("", "line 1: the file is empty (no header row) [empty-file]"),
    ("id,name_en,name_ar,n\n\nt-1,A,ا,1\n", "line 2: the row is blank [blank-row]"),
    ("id,name_en,name_ar\nt-1,A,ا\n", "line 1: the header (id, name_en, name_ar) does not fit"),
])
def test_unformattable_files_are_left_untouched_with_a_reason(
        make_package: Callable[..., Path], text: str, message: str) -> None:
    root = make_package(descriptor(), {"data/things.csv": text, "data/links.csv": "a,b,note\n1,x, \n"})
    result = run("fmt", str(root))
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert "data/things.csv" in result.stderr
    assert (root / "data/things.csv").read_text(encoding="utf-8") == text
    good = (root / "data/links.csv").read_text(encoding="utf-8")
    assert good == "a,b,note\n1,x,\n", "the other file is formatted"


def test_non_utf8_file_is_refused(make_package: Callable[..., Path]) -> None:
    latin1 = "id,name_en,name_ar,n\nt-1,caf\xe9,,1\n".encode("latin-1")
    root = make_package(descriptor(), {"data/things.csv": latin1, "data/links.csv": CANONICAL_LINKS})
    result = run("fmt", "--check", str(root))
    assert result.exit_code == 1
    assert "line 2 is not valid UTF-8" in result.stderr


def test_a_non_default_dialect_is_refused_not_rewritten(make_package: Callable[..., Path]) -> None:
    text = "id;name_en;name_ar;n\nt-2;B;;\nt-1;A;;\n"
    root = make_package(descriptor(dialect={"delimiter": ";"}),
                        {"data/things.csv": text, "data/links.csv": CANONICAL_LINKS})
    result = format_package(root)
    status = {f.resource: f.status for f in result.files}
    assert status == {"things": FileStatus.ERROR, "links": FileStatus.CANONICAL}
    assert "delimiter" in (result.files[0].error or "")
    assert (root / "data/things.csv").read_text(encoding="utf-8") == text


def test_resource_option_limits_the_run(messy: Path) -> None:
    result = run("fmt", "--check", "--resource", "links", str(messy))
    assert result.exit_code == 0, result.output
    unknown = run("fmt", "--resource", "nope", str(messy))
    assert unknown.exit_code == 2
    assert "no resource named 'nope'" in unknown.stderr


def test_zip_can_be_checked_but_not_rewritten(messy: Path, tmp_path: Path) -> None:
    archive = tmp_path / "pkg.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for p in messy.rglob("*"):
            if p.is_file():
                zf.write(p, p.relative_to(messy).as_posix())
    assert run("fmt", "--check", str(archive)).exit_code == 1
    result = run("fmt", str(archive))
    assert result.exit_code == 2
    assert "use --check on an archive" in result.stderr


def test_repo_package_copy_formats_losslessly(copy_repo_package: Callable[[], Path]) -> None:
    root = copy_repo_package()
    pkg = load_package(root)
    before = {r.name: _normalized_typed(root, r.name) for r in pkg.resources}
    assert run("fmt", str(root)).exit_code == 0
    assert run("fmt", "--check", str(root)).exit_code == 0
    assert {r.name: _normalized_typed(root, r.name) for r in pkg.resources} == before
