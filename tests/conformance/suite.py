"""The conformance suite: its cases, and each tool's verdict on them.

Two kinds of case:

* ``spec/NAME``: a small package in ``tests/conformance/cases/NAME/`` written from the
  specification's text, with ``case.json`` stating the standard's verdict, why, and the section;
* ``external/PATH``: a published package, an earlier version of one, or a frictionless-py
  fixture under ``../shared/conformance/PATH`` (never copied here), with the verdict judged
  by reading it and recorded in ``tests/conformance/external.json``. Entries of kind ``skip``
  are not packages the standard can judge (spreadsheets, pipelines, compressed data...).

A resource descriptor or a YAML descriptor is wrapped for ctcoop (which reads only
``datapackage.json``) in an in-memory descriptor over the same folder: ``{"resources": [R]}``.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CASES = HERE / "cases"
EXTERNAL = HERE / "external.json"
WRAPPED = "datapackage.json"


def shared_root() -> Path:
    """Where the external cases are: $CTCOOP_CONFORMANCE, else ../shared/conformance beside the checkout."""
    env = os.environ.get("CTCOOP_CONFORMANCE")
    if env:
        return Path(env)
    for parent in (ROOT.parent, ROOT.parent.parent):
        candidate = parent / "shared" / "conformance"
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared" / "conformance"


@dataclass(frozen=True)
class Case:
    """One case: where it is, what the standard says about it, and why."""

    id: str
    path: Path
    kind: str  # package | resource
    verdict: str  # valid | invalid
    why: str
    url: str
    section: str

    @property
    def spec_derived(self) -> bool:
        return self.id.startswith("spec/")


def spec_cases() -> list[Case]:
    out = []
    for folder in sorted(p for p in CASES.iterdir() if p.is_dir()):
        meta = json.loads((folder / "case.json").read_text(encoding="utf-8"))
        out.append(Case(f"spec/{folder.name}", folder / "datapackage.json", "package", meta["verdict"],
                        meta["why"], meta["spec"]["url"], meta["spec"]["section"]))
    return out


def external_index() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = json.loads(EXTERNAL.read_text(encoding="utf-8"))
    return data


def external_cases(root: Path | None = None) -> list[Case]:
    """The judged external cases (skips left out); empty when the shared folder is absent."""
    base = root or shared_root()
    if not base.is_dir():
        return []
    out = []
    for rel, entry in sorted(external_index().items()):
        if entry["kind"] == "skip":
            continue
        out.append(Case(f"external/{rel}", base / rel, entry["kind"], entry["verdict"], entry["why"],
                        entry["spec"]["url"], entry["spec"]["section"]))
    return out


def all_cases() -> list[Case]:
    return spec_cases() + external_cases()


# ---------------------------------------------------------------- ctcoop


class _WrappedSource:
    """A package folder whose descriptor is served from memory (a wrapped resource or a YAML file)."""

    def __init__(self, folder: Path, descriptor: dict[str, Any]) -> None:
        from ctcoop.sources import DirectorySource

        self._dir = DirectorySource(folder)
        self._descriptor = json.dumps(descriptor, ensure_ascii=False, default=str).encode("utf-8")
        self.label = str(folder)

    def read(self, relpath: str) -> bytes:
        return self._descriptor if relpath == WRAPPED else self._dir.read(relpath)

    def exists(self, relpath: str) -> bool:
        return True if relpath == WRAPPED else self._dir.exists(relpath)

    def size(self, relpath: str) -> int:
        return len(self._descriptor) if relpath == WRAPPED else self._dir.size(relpath)

    def local_path(self, relpath: str) -> Path:
        return self._dir.local_path(relpath)


def _load_descriptor(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".yaml", ".yml"):
        import yaml

        return yaml.safe_load(text)
    return json.loads(text)


def ctcoop_target(case: Case) -> Any:
    """What ctcoop validates for ``case``: a path, or a Package over a wrapped descriptor."""
    from ctcoop.package import load_from_source

    plain = case.kind == "package" and case.path.suffix in (".json", ".zip")
    if plain:
        return case.path
    descriptor = _load_descriptor(case.path)
    if case.kind == "resource":
        descriptor = {"resources": [descriptor]}
    return load_from_source(_WrappedSource(case.path.parent, descriptor), WRAPPED)  # type: ignore[arg-type]


def ctcoop_verdict(case: Case) -> dict[str, Any]:
    """ctcoop's verdict: valid or invalid, the error codes, or the exception it raised."""
    from ctcoop.errors import PackageLoadError
    from ctcoop.validate import validate_package

    try:
        report = validate_package(ctcoop_target(case))
    except PackageLoadError as exc:
        return {"verdict": "invalid", "codes": [exc.code]}
    except Exception as exc:
        return {"verdict": "crash", "codes": [f"{type(exc).__name__}: {exc}"[:160]]}
    codes = sorted({i.code for i in report.errors()})
    return {"verdict": "valid" if report.valid else "invalid", "codes": codes}


# ---------------------------------------------------------------- frictionless


def frictionless_verdict(case: Case) -> dict[str, Any]:
    """frictionless's verdict (Package or Resource ``validate()``); an exception counts as invalid."""
    import warnings

    from frictionless import Package, Resource

    warnings.simplefilter("ignore")
    try:
        if case.kind == "resource":
            report = Resource(str(case.path)).validate()
        else:
            report = Package(str(case.path)).validate()
    except Exception as exc:
        text = str(exc).replace(str(shared_root()), "../shared/conformance").replace(f"{ROOT}/", "")
        text = re.sub(r"^\[[a-z-]+\] The data (package|resource) has an error: ", "", text)
        note = " ".join(text.split())[:110]
        return {"verdict": "invalid", "codes": [f"raised {type(exc).__name__}: {note}"]}
    codes = sorted({e.type for task in report.tasks for e in task.errors} | {e.type for e in report.errors})
    return {"verdict": "valid" if report.valid else "invalid", "codes": codes}


# ---------------------------------------------------------------- export


def export_result(case: Case) -> str | None:
    """None when ``ctcoop export`` (all formats) succeeds on the case, else why it failed."""
    import tempfile

    from ctcoop.export import ExportRefused, export_package

    with tempfile.TemporaryDirectory() as tmp:
        try:
            export_package(ctcoop_target(case), Path(tmp) / "out")
        except ExportRefused as exc:
            codes = sorted({i.code for i in exc.report.errors()})
            return "refused as invalid: " + ", ".join(codes)
        except Exception as exc:
            return f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
    return None
