"""A failure anywhere leaves --out exactly as it was; success replaces only what the export makes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ctcoop.errors
import ctcoop.export
import ctcoop.export.parquet_export
import ctcoop.export.xlsx_export
from ctcoop.errors import CtcoopError, UsageProblem
from ctcoop.export import ExportRefused, export_package
from ctcoop.export.context import ExportContext
from ctcoop.package import load_package
from test_export_support import mini_package


def _snapshot(root: Path) -> dict[str, bytes | None]:
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))}


def _prepared_out(tmp_path: Path) -> Path:
    out = tmp_path / "dist"
    (out / "parquet").mkdir(parents=True)
    (out / "parquet" / "old.parquet").write_bytes(b"old")
    (out / "mini-1.2.3.zip").write_bytes(b"an older build")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    return out


def test_a_failing_writer_leaves_out_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = mini_package(tmp_path / "mini")
    out = _prepared_out(tmp_path)
    before = _snapshot(out)

    def broken(ctx: ExportContext, staging: Path) -> list[str]:
        (staging / "mini-1.2.3.xlsx").write_bytes(b"half written")
        raise CtcoopError("injected failure", code="test")

    monkeypatch.setattr(ctcoop.export.xlsx_export, "write", broken)
    with pytest.raises(CtcoopError, match="injected failure"):
        export_package(root, out)
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist", "mini"], "no staging folder is left behind"


def test_an_os_error_becomes_a_clear_error_and_leaves_no_out(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    root = mini_package(tmp_path / "mini")

    def disk_full(ctx: ExportContext, staging: Path) -> list[str]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ctcoop.export.parquet_export, "write", disk_full)
    with pytest.raises(CtcoopError, match="cannot write the parquet export: No space left on device"):
        export_package(root, tmp_path / "new")
    assert not (tmp_path / "new").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini"]


def test_an_invalid_package_is_refused_with_its_report(tmp_path: Path) -> None:
    root = mini_package(tmp_path / "mini")
    csv = root / "data" / "orgs.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",37000,", ",many,"), encoding="utf-8")
    with pytest.raises(ExportRefused) as caught:
        export_package(root, tmp_path / "out")
    assert not caught.value.report.valid
    assert isinstance(caught.value, ctcoop.errors.ExportRefused) and isinstance(caught.value, CtcoopError)
    assert caught.value.code == "invalid-package"
    assert any(i.field == "staff" for i in caught.value.report.issues)
    assert not (tmp_path / "out").exists()


def test_success_replaces_artifacts_and_keeps_other_files(tmp_path: Path) -> None:
    root = mini_package(tmp_path / "mini")
    out = _prepared_out(tmp_path)
    artifacts = export_package(root, out, ["zip", "parquet"])
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "mini-1.2.3.zip").read_bytes() != b"an older build"
    assert not (out / "parquet" / "old.parquet").exists(), "an artifact folder is replaced as a whole"
    assert sorted(p.relative_to(out).as_posix() for p in artifacts) == [
        "SHA256SUMS", "mini-1.2.3.zip", *(f"parquet/{t}.parquet" for t in
                                          ["cites", "countries", "links", "orgs", "rtypes"])]
    assert all(p.is_file() for p in artifacts)


def test_bad_formats_and_out_paths_are_usage_problems(tmp_path: Path) -> None:
    root = mini_package(tmp_path / "mini")
    with pytest.raises(UsageProblem, match="unknown export format: pdf"):
        export_package(root, tmp_path / "out", ["zip", "pdf"])
    a_file = tmp_path / "file"
    a_file.write_text("x", encoding="utf-8")
    with pytest.raises(UsageProblem, match="is not a directory"):
        export_package(root, a_file)
    assert a_file.read_text(encoding="utf-8") == "x"


def test_unsafe_resource_names_do_not_become_paths(tmp_path: Path) -> None:
    root = mini_package(tmp_path / "mini")
    desc = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    desc["resources"][0]["name"] = "../escape"
    (root / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    ctx = ExportContext.create(load_package(root))
    staging = tmp_path / "staging"
    staging.mkdir()
    with pytest.raises(CtcoopError, match="cannot be used as a file name"):
        ctcoop.export.parquet_export.write(ctx, staging)
    assert not (tmp_path / "escape.parquet").exists()


def _refuse_later(package: object) -> None:
    import time

    from ctcoop.report import Issue, Report

    time.sleep(0.3)  # the writers are already running (or done) by now
    raise ExportRefused(Report(package="mini", issues=[Issue(code="type-error", message="bad", hint="fix")]))


def test_a_refusal_wins_over_a_writer_that_failed_first(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Validation runs beside the writers; a writer may fail on an invalid package before it ends."""
    root = mini_package(tmp_path / "mini")
    monkeypatch.setattr(ctcoop.export, "_require_valid", _refuse_later)

    def broken(ctx: ExportContext, staging: Path) -> list[str]:
        raise CtcoopError("a writer tripped on bad data", code="test")

    monkeypatch.setattr(ctcoop.export.parquet_export, "write", broken)
    with pytest.raises(ExportRefused):
        export_package(root, tmp_path / "out", ["parquet"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini"]


def test_a_refusal_after_every_writer_finished_publishes_nothing(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    root = mini_package(tmp_path / "mini")
    out = _prepared_out(tmp_path)
    before = _snapshot(out)
    monkeypatch.setattr(ctcoop.export, "_require_valid", _refuse_later)
    with pytest.raises(ExportRefused):
        export_package(root, out, ["zip", "parquet"])
    assert _snapshot(out) == before


def test_a_writer_error_on_a_valid_package_is_reported_after_validation(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = mini_package(tmp_path / "mini")
    checked: list[bool] = []
    real = ctcoop.export._require_valid

    def slow_but_valid(package: object) -> None:
        import time

        time.sleep(0.3)
        real(package)  # type: ignore[arg-type]
        checked.append(True)

    monkeypatch.setattr(ctcoop.export, "_require_valid", slow_but_valid)

    def broken(ctx: ExportContext, staging: Path) -> list[str]:
        raise CtcoopError("injected failure", code="test")

    monkeypatch.setattr(ctcoop.export.parquet_export, "write", broken)
    with pytest.raises(CtcoopError, match="injected failure"):
        export_package(root, tmp_path / "out", ["parquet"])
    assert checked == [True]


def test_an_oversized_file_is_validated_before_any_writer_reads_it(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Writers start beside validation only when every data file is within the size limit."""
    import types

    import ctcoop.tables.problems
    from ctcoop.report import Issue, Report

    root = mini_package(tmp_path / "mini")
    assert ctcoop.export._within_limits(load_package(root))
    monkeypatch.setattr(ctcoop.tables.problems, "Limits", lambda: types.SimpleNamespace(max_file_bytes=100))
    assert not ctcoop.export._within_limits(load_package(root))
    events: list[str] = []

    def refuse(package: object) -> None:
        events.append("validate")
        raise ExportRefused(Report(package="mini", issues=[Issue(code="file-too-large", message="big",
                                                                 hint="split it")]))

    def record(ctx: ExportContext, staging: Path) -> list[str]:
        events.append("write")
        return []

    monkeypatch.setattr(ctcoop.export, "_require_valid", refuse)
    monkeypatch.setattr(ctcoop.export.parquet_export, "write", record)
    with pytest.raises(ExportRefused):
        export_package(root, tmp_path / "out", ["parquet"])
    assert events == ["validate"]
    assert not (tmp_path / "out").exists()
