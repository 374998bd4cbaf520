"""A package is untrusted input: paths stay inside it, no network, bounded sizes, nothing executed.

Each case builds its package on tmp_path (symlinks, archives and size limits cannot be stored
as plain corpus files) and checks the issue code and that the message names the problem.
"""

from __future__ import annotations

import io
import json
import socket
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ctcoop import package as package_module
from ctcoop import sources
from ctcoop.report import Issue
from ctcoop.tables.problems import Limits
from ctcoop.validate import validate_package

CORPUS = Path(__file__).resolve().parent / "corpus"
FIELDS = [{"name": "id", "type": "string"}, {"name": "n", "type": "integer"}]


def _descriptor(path: str = "data/items.csv", **extra: Any) -> dict[str, Any]:
    resource = {"name": "items", "path": path, "schema": {"fields": FIELDS, "primaryKey": ["id"]}}
    resource.update(extra)
    return {"name": "safety", "resources": [resource]}


def _codes(issues: list[Issue]) -> set[str]:
    return {i.code for i in issues if i.code != "not-canonical"}


def _one(report_issues: list[Issue], code: str) -> Issue:
    found = [i for i in report_issues if i.code == code]
    assert found, f"no {code} in {[(i.code, i.message) for i in report_issues]}"
    return found[0]


# --- paths that leave the package -------------------------------------------------------------


@pytest.mark.parametrize(
    "case, why",
    [
        ("path_absolute", "absolute"),
        ("path_dotdot", "'..'"),
        ("path_dotdot_inner", "'..'"),
        ("path_hidden", "hidden"),
        ("path_hidden_inner", "hidden"),
        ("path_backslash", "backslash"),
        ("path_drive", "absolute"),
        ("schema_path_dotdot", "'..'"),
    ],
)
def test_unsafe_paths_are_refused_with_the_reason(case: str, why: str) -> None:
    issue = _one(validate_package(CORPUS / case).issues, "unsafe-path")
    assert why in issue.message and issue.hint


def test_a_symlinked_file_pointing_outside_is_refused(
    make_package: Callable[..., Path], tmp_path: Path
) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text("id,n\nleak,1\n", encoding="utf-8")
    root = make_package(_descriptor(), {})
    (root / "data").mkdir()
    (root / "data" / "items.csv").symlink_to(secret)
    report = validate_package(root)
    issue = _one(report.issues, "unsafe-path")
    assert "outside the package" in issue.message and issue.file == "data/items.csv"
    assert not report.valid


def test_a_symlinked_folder_pointing_outside_is_refused(
    make_package: Callable[..., Path], tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "items.csv").write_text("id,n\nleak,1\n", encoding="utf-8")
    root = make_package(_descriptor(), {})
    (root / "data").symlink_to(outside, target_is_directory=True)
    assert "outside the package" in _one(validate_package(root).issues, "unsafe-path").message


def test_a_symlink_inside_the_package_is_fine(make_package: Callable[..., Path]) -> None:
    root = make_package(_descriptor(), {"data/real.csv": "id,n\na,1\n"})
    (root / "data" / "items.csv").symlink_to(root / "data" / "real.csv")
    assert _codes(validate_package(root).issues) == set()


def test_a_folder_where_a_file_should_be_is_unreadable(make_package: Callable[..., Path]) -> None:
    root = make_package(_descriptor(), {"data/items.csv/x": "id,n\n"})
    assert _one(validate_package(root).issues, "unreadable-file").file == "data/items.csv"


# --- no network --------------------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("validation tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)


@pytest.mark.parametrize(
    "case, code",
    [
        ("remote_data", "remote-path"),
        ("remote_schema", "remote-path"),
        ("rowschema_remote_ref", "vocabulary"),
    ],
)
def test_remote_content_is_never_fetched_by_default(no_network: None, case: str, code: str) -> None:
    issue = _one(validate_package(CORPUS / case).issues, code)
    assert "--allow-remote" in (issue.hint or "") or "never fetched" in issue.message


def test_remote_schema_urls_in_the_descriptor_are_not_fetched(
    no_network: None, make_package: Callable[..., Path]
) -> None:
    descriptor = _descriptor()
    descriptor["$schema"] = "https://example.org/not-fetched.json"
    descriptor["resources"][0]["schema"]["$schema"] = "https://example.org/neither.json"
    root = make_package(descriptor, {"data/items.csv": "id,n\na,1\n"})
    assert validate_package(root).valid


def test_allow_remote_fetches_http_resources(
    monkeypatch: pytest.MonkeyPatch, make_package: Callable[..., Path]
) -> None:
    class Response(io.BytesIO):
        def __enter__(self) -> Response:
            return self

        def __exit__(self, *args: object) -> None:
            return None

    fetched: list[str] = []

    def fake_urlopen(url: str, timeout: float) -> Response:
        fetched.append(url)
        return Response(b"id,n\na,1\nb,x\n")

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)
    root = make_package(_descriptor("https://example.org/items.csv"), {})
    report = validate_package(root, allow_remote=True)
    assert fetched == ["https://example.org/items.csv"]
    assert _one(report.issues, "type-error").line == 3


# --- zip archives --------------------------------------------------------------------------------


def _zip(path: Path, entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def _package_entries() -> dict[str, bytes]:
    return {
        "pkg/datapackage.json": json.dumps(_descriptor()).encode(),
        "pkg/data/items.csv": b"id,n\na,1\nb,x\n",
    }


def test_a_release_zip_validates_with_lines(tmp_path: Path) -> None:
    report = validate_package(_zip(tmp_path / "release.zip", _package_entries()))
    issue = _one(report.issues, "type-error")
    assert (issue.file, issue.line, issue.column) == ("data/items.csv", 3, 2)


def test_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    entries = _package_entries()
    entries["pkg/data/zeros.bin"] = b"\0" * (4 * 1024 * 1024)
    report = validate_package(_zip(tmp_path / "bomb.zip", entries))
    issue = _one(report.issues, "zip-bomb")
    assert "expands" in issue.message and not report.valid


def test_a_zip_with_too_many_entries_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "ZipLimits", _small_limits(max_entries=5))
    entries = _package_entries() | {f"pkg/extra/{i}.txt": b"x" for i in range(10)}
    assert (
        "entries"
        in _one(validate_package(_zip(tmp_path / "many.zip", entries)).issues, "zip-too-many-entries").message
    )


def test_a_zip_too_large_once_expanded_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "ZipLimits", _small_limits(max_total_bytes=1000))
    entries = _package_entries() | {"pkg/data/big.txt": bytes(range(256)) * 8}
    assert (
        "expands to"
        in _one(validate_package(_zip(tmp_path / "big.zip", entries)).issues, "zip-too-large").message
    )


@pytest.mark.parametrize("name", ["../evil.csv", "/abs/evil.csv", "pkg/../../evil.csv"])
def test_a_zip_entry_leaving_the_archive_is_refused(tmp_path: Path, name: str) -> None:
    entries = _package_entries() | {name: b"x"}
    assert (
        "unsafe path"
        in _one(validate_package(_zip(tmp_path / "evil.zip", entries)).issues, "zip-unsafe-entry").message
    )


def test_a_file_that_is_not_a_zip_is_reported(tmp_path: Path) -> None:
    fake = tmp_path / "fake.zip"
    fake.write_bytes(b"not a zip")
    assert _one(validate_package(fake).issues, "bad-zip").message


def _small_limits(**kw: Any) -> Callable[[], sources.ZipLimits]:
    original = sources.ZipLimits
    return lambda: original(**kw)


# --- bounded sizes -------------------------------------------------------------------------------


def test_an_overlong_line_is_reported_and_its_row_skipped(make_package: Callable[..., Path]) -> None:
    root = make_package(_descriptor(), {"data/items.csv": "id,n\na,1\n" + "b" * 200 + ",2\nc,x\n"})
    report = validate_package(root, limits=Limits(max_line_bytes=100))
    assert _one(report.issues, "line-too-long").line == 3
    assert _one(report.issues, "type-error").line == 4


def test_an_oversized_cell_is_reported(make_package: Callable[..., Path]) -> None:
    root = make_package(_descriptor(), {"data/items.csv": 'id,n\n"' + "x" * 300 + '",1\n'})
    issue = _one(validate_package(root, limits=Limits(max_field_bytes=100)).issues, "field-too-large")
    assert (issue.line, issue.column) == (2, 1)


def test_an_oversized_file_is_refused(make_package: Callable[..., Path]) -> None:
    root = make_package(_descriptor(), {"data/items.csv": "id,n\n" + "a,1\n" * 100})
    issue = _one(validate_package(root, limits=Limits(max_file_bytes=100)).issues, "file-too-large")
    assert "limit" in issue.message


def test_an_oversized_descriptor_is_refused(
    make_package: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(package_module, "MAX_DESCRIPTOR_BYTES", 10)
    root = make_package(_descriptor(), {"data/items.csv": "id,n\n"})
    assert _one(validate_package(root).issues, "descriptor-too-large")


# --- nothing is executed -------------------------------------------------------------------------


def test_nothing_in_a_package_is_executed_or_imported(
    make_package: Callable[..., Path], tmp_path: Path
) -> None:
    marker = tmp_path / "executed"
    code = f"open({str(marker)!r}, 'w').write('x')\n"
    descriptor = _descriptor("data/items.py")
    descriptor["resources"][0]["ctcoop:rowSchema"] = "schemas/rows.py"
    root = make_package(
        descriptor,
        {
            "data/items.py": "id,n\n" + code,
            "schemas/rows.py": code,
            "datapackage.py": code,
            "__init__.py": code,
            "conftest.py": code,
        },
    )
    report = validate_package(root)
    assert not marker.exists()
    assert "not valid JSON" in _one(report.issues, "vocabulary").message


# --- descriptors that cannot be read ---------------------------------------------------------------


def test_descriptor_problems_become_a_report_not_a_crash(
    tmp_path: Path, make_package: Callable[..., Path]
) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "datapackage.json").write_text('{"resources": [,]}', encoding="utf-8")
    assert "not valid JSON" in _one(validate_package(bad).issues, "descriptor-json").message
    (bad / "datapackage.json").write_bytes(b'{"name": "\xff"}')
    assert _one(validate_package(bad).issues, "descriptor-encoding")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _one(validate_package(empty).issues, "missing-descriptor")
    root = make_package({"name": "x"}, {}, name="nores")
    assert _one(validate_package(root).issues, "descriptor-resources")


def test_resource_level_load_problems(make_package: Callable[..., Path]) -> None:
    descriptor = {
        "name": "x",
        "resources": [
            {"name": "inline", "data": [{"a": 1}]},
            {"name": "missingschema", "path": "data/a.csv", "schema": "schemas/none.json"},
            {"name": "badschema", "path": "data/a.csv", "schema": "schemas/list.json"},
        ],
    }
    root = make_package(descriptor, {"data/a.csv": "a\n1\n", "schemas/list.json": "[]"})
    codes = _codes(validate_package(root).issues)
    assert {"schema-inferred", "schema-missing", "schema-invalid"} <= codes


def test_an_empty_file_a_blank_header_and_an_unsupported_dialect(make_package: Callable[..., Path]) -> None:
    root = make_package(_descriptor(dialect={"quoteChar": "<<"}), {"data/items.csv": "\n"})
    codes = _codes(validate_package(root).issues)
    assert {"empty-file", "dialect-unsupported"} <= codes
    root = make_package(_descriptor(), {"data/items.csv": "\nid,n\n"}, name="blank")
    assert _one(validate_package(root).issues, "blank-header").line == 1
