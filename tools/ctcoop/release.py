"""Cut a release: check, diff against the last release tag, bump, write, build, tag on request.

:func:`plan_release` computes everything and writes nothing:

1. the package directory must be inside a git repository whose work tree is clean
   (``git status --porcelain`` empty: a release is cut from a committed state);
2. the package must be valid (:func:`ctcoop.validate.validate_package`);
3. the last release tag is the highest ``vMAJOR.MINOR.PATCH`` tag merged into HEAD; the
   package is diffed against it (:func:`ctcoop.diff.compare.diff_packages`), which gives the
   bump the changes require. Without such a tag this is the first release: the version in
   ``datapackage.json`` is released as it is (or bumped when ``--bump`` names a level);
4. the bump (``auto`` = the required one) is refused when it is smaller than required, and
   ``auto`` is refused when nothing in the package changed;
5. the new texts of ``datapackage.json`` (version), ``CITATION.cff`` (version, date-released),
   ``CHANGELOG.md`` (a generated entry first) and, when IDs changed, ``docs/id-changes.json``.

:func:`apply_release` then writes those files (each atomically; if any write or the artifact
build fails, every file is restored to its previous bytes), builds the release artifacts with
:func:`ctcoop.export.export_package`, and, only with ``tag=True``, commits exactly those files
and creates the annotated tag. Otherwise it returns the git commands to run.
"""

from __future__ import annotations

import datetime as dt
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ctcoop.csvio import atomic_write_bytes
from ctcoop.diff.classify import bump as bump_version
from ctcoop.diff.classify import parse_version
from ctcoop.diff.guard import require_valid
from ctcoop.diff.model import Level, PackageDiff
from ctcoop.errors import CtcoopError, UsageProblem
from ctcoop.gitsource import open_git_package, repo_root, run_git
from ctcoop.package import DESCRIPTOR, Package
from ctcoop.preflight import open_package
from ctcoop.release_files import citation_with_version, descriptor_with_version
from ctcoop.release_git import check_identity, commit_and_tag
from ctcoop.release_notes import (
    ID_CHANGES_FILE,
    changelog_entry,
    id_change_records,
    id_changes_text,
    prepend_entry,
    unreleased_notes,
)
from ctcoop.safe_write import read_for_update

BUMPS = ("auto", "major", "minor", "patch")
NOTABLE_ROWS = 10
#: the version before the first release: an empty history, bumped by what the package requires
FIRST_BASE = "0.0.0"


@dataclass(frozen=True)
class FileChange:
    """One file the release rewrites: its bytes before (None: new file) and after."""

    path: Path
    before: bytes | None
    after: bytes


@dataclass(frozen=True)
class ReleasePlan:
    """Everything a release will do, computed before anything is written."""

    package_dir: Path
    repo: Path
    previous_tag: str | None
    previous_version: str | None
    version: str
    tag: str
    required: Level
    applied: Level
    diff: PackageDiff
    entry: str
    files: list[FileChange] = field(default_factory=list)

    @property
    def first_release(self) -> bool:
        return self.previous_tag is None


@dataclass(frozen=True)
class ReleaseResult:
    plan: ReleasePlan
    written: list[Path]
    artifacts: list[Path]
    tagged: bool
    commands: list[str]


def last_release_tag(repo: Path) -> str | None:
    """The highest ``vMAJOR.MINOR.PATCH`` tag merged into HEAD, or None."""
    out = run_git(["tag", "--list", "v*", "--merged", "HEAD"], repo, check=False)
    if out.returncode != 0:
        return None
    best: tuple[tuple[int, int, int], str] | None = None
    for line in out.stdout.decode("utf-8", "replace").splitlines():
        tag = line.strip()
        parts = parse_version(tag[1:])
        if parts is not None and tag[1:] == ".".join(map(str, parts)) and (best is None or parts > best[0]):
            best = (parts, tag)
    return best[1] if best else None


def dirty_paths(repo: Path) -> list[str]:
    """Paths ``git status`` reports as modified, staged or untracked (ignored files excepted; an
    untracked folder is one path, ``site/``, not each of its files)."""
    out = run_git(["status", "--porcelain=v1", "-z", "--untracked-files=normal"], repo).stdout
    paths: list[str] = []
    entries = out.split(b"\0")
    i = 0
    while i < len(entries):
        entry = entries[i]
        if entry:
            status, path = entry[:2].decode("ascii", "replace"), entry[3:].decode("utf-8", "replace")
            paths.append(path)
            if "R" in status or "C" in status:
                i += 1  # the rename's source path follows
        i += 1
    return paths


def _tag_exists(repo: Path, tag: str) -> bool:
    return (
        run_git(["rev-parse", "--verify", "--quiet", f"refs/tags/{tag}"], repo, check=False).returncode == 0
    )


def _choose(required: Level, wanted: str, since: str, diff: PackageDiff | None) -> Level:
    if wanted not in BUMPS:
        raise UsageProblem(f"unknown bump '{wanted}'", hint="use --bump auto, major, minor or patch")
    if wanted == "auto":
        if required is Level.NONE:
            raise CtcoopError(
                f"nothing in the package changed since {since}",
                code="nothing-to-release",
                hint="pass --bump patch (or minor, major) to release anyway",
            )
        return required
    chosen = Level(wanted)
    if chosen.rank < required.rank:
        reasons = [r.message for r in (diff.reasons if diff else []) if r.level is required][:5]
        raise CtcoopError(
            f"--bump {wanted} is too small: the changes since {since} require a "
            f"{required.value.upper()} bump (e.g. {'; '.join(reasons)})",
            code="bump-too-small",
            hint=f"use --bump {required.value} or --bump auto",
        )
    return chosen


def _empty(package: Package) -> Package:
    """The empty history a first release is compared with: no descriptor properties, no resources."""
    return Package(source=package.source, descriptor={}, resources=[])


def _read(path: Path) -> bytes | None:
    """A file the release rewrites: never read through a symlink (docs/security.md, W2)."""
    return read_for_update(path)


def _text(path: Path) -> str | None:
    data = _read(path)
    return None if data is None else data.decode("utf-8")


def plan_release(
    path: str | Path | None = None, *, bump: str = "auto", today: dt.date | None = None
) -> ReleasePlan:
    """Compute a release of the package at ``path`` (default: current directory); write nothing."""
    package_dir = Path(path or Path.cwd()).resolve()
    if not (package_dir / DESCRIPTOR).is_file():
        raise UsageProblem(
            f"no {DESCRIPTOR} in {package_dir}", hint="run ctcoop release in the package directory"
        )
    repo = repo_root(package_dir)
    if repo is None:
        raise UsageProblem(
            f"{package_dir} is not inside a git repository",
            hint="a release is diffed against the last release tag, so it needs git",
        )
    dirty = dirty_paths(repo)
    if dirty:
        shown = ", ".join(dirty[:5]) + (f" and {len(dirty) - 5} more" if len(dirty) > 5 else "")
        raise CtcoopError(
            f"the work tree is not clean: {shown}",
            code="dirty-work-tree",
            hint="commit or remove these changes first; a release is cut from a committed state",
        )
    package = open_package(package_dir)
    require_valid(package, "the package")
    tag = last_release_tag(repo)
    from ctcoop.diff.compare import diff_packages  # polars: imported when a release is planned

    if tag is not None:
        old = open_git_package(tag, package_dir)
        diff = diff_packages(old, package, max_rows=NOTABLE_ROWS, old_label=tag, new_label="work tree")
        base = tag[1:]
    else:
        diff = diff_packages(_empty(package), package, max_rows=NOTABLE_ROWS, new_label="work tree")
        base = FIRST_BASE
    required = diff.level
    applied = _choose(required, bump, tag or "an empty history", diff)
    if parse_version(base) is None:
        raise UsageProblem(
            f"the current version '{base}' is not MAJOR.MINOR.PATCH",
            hint="tag releases vMAJOR.MINOR.PATCH",
        )
    version = bump_version(base, applied)
    assert version is not None
    declared = parse_version(package.version)
    if tag is None and declared is not None and declared > (parse_version(version) or (0, 0, 0)):
        version = ".".join(map(str, declared))  # a higher version declared by hand is kept
    new_tag = f"v{version}"
    if _tag_exists(repo, new_tag):
        raise CtcoopError(
            f"tag {new_tag} already exists",
            code="tag-exists",
            hint="a released version is never reused; choose a larger bump",
        )
    released = today or dt.date.today()
    changelog = repo / "CHANGELOG.md"
    existing = changelog.read_text(encoding="utf-8") if changelog.is_file() else None
    entry = _entry(version, released, diff, tag, unreleased_notes(existing))
    files = _file_changes(package_dir, repo, version, released, diff if tag else None, entry)
    return ReleasePlan(
        package_dir=package_dir,
        repo=repo,
        previous_tag=tag,
        previous_version=diff.old.version if tag else None,
        version=version,
        tag=new_tag,
        required=required,
        applied=applied,
        diff=diff,
        entry=entry,
        files=files,
    )


def _entry(version: str, released: dt.date, diff: PackageDiff, tag: str | None, notes: str) -> str:
    counts = None
    if tag is None:
        counts = {r.name: r.rows_new for r in diff.resources if r.rows_new is not None}
    id_file = ID_CHANGES_FILE if tag is not None and diff.summary.id_changes else None
    return changelog_entry(
        version,
        released,
        diff if tag is not None else None,
        previous_tag=tag,
        row_counts=counts,
        id_file=id_file,
        limit=NOTABLE_ROWS,
        notes=notes,
    )


def _file_changes(
    package_dir: Path, repo: Path, version: str, released: dt.date, diff: PackageDiff | None, entry: str
) -> list[FileChange]:
    out: list[FileChange] = []

    def change(path: Path, after: bytes) -> None:
        before = _read(path)
        if before != after:
            out.append(FileChange(path=path, before=before, after=after))

    descriptor = package_dir / DESCRIPTOR
    change(
        descriptor, descriptor_with_version(_text(descriptor) or "", version).encode("utf-8")
    )
    citation = repo / "CITATION.cff"
    citation_text = _text(citation)
    if citation_text is not None:
        change(
            citation,
            citation_with_version(citation_text, version, released).encode("utf-8"),
        )
    changelog = repo / "CHANGELOG.md"
    existing = _text(changelog)
    out.append(
        FileChange(
            path=changelog, before=_read(changelog), after=prepend_entry(existing, entry).encode("utf-8")
        )
    )
    if diff is not None and diff.summary.id_changes:
        id_path = repo / ID_CHANGES_FILE
        text = id_changes_text(
            _text(id_path),
            id_change_records(diff, version, released),
            version,
        )
        change(id_path, text.encode("utf-8"))
    return out


def _restore(written: list[FileChange]) -> None:
    for fc in reversed(written):
        if fc.before is None:
            fc.path.unlink(missing_ok=True)
        else:
            atomic_write_bytes(fc.path, fc.before)


def apply_release(
    plan: ReleasePlan, *, out_dir: Path | None = None, formats: Sequence[str] | None = None, tag: bool = False
) -> ReleaseResult:
    """Write the plan's files, build the artifacts, and commit + tag when ``tag`` is true."""
    if tag:
        check_identity(plan.repo)
    written: list[FileChange] = []
    try:
        for fc in plan.files:
            atomic_write_bytes(fc.path, fc.after)
            written.append(fc)
        from ctcoop.export import export_package

        artifacts = export_package(plan.package_dir, out_dir or plan.repo / "dist", formats)
    except BaseException:
        _restore(written)
        raise
    rel = [str(fc.path.relative_to(plan.repo)) for fc in plan.files]
    message = f"Release {plan.tag}"
    commands = [
        "git add -- " + " ".join(shlex.quote(p) for p in rel),
        f"git commit -m {shlex.quote(message)} -- " + " ".join(shlex.quote(p) for p in rel),
        f"git tag -a {plan.tag} -m {shlex.quote(message)}",
    ]
    if tag:
        try:
            commit_and_tag(plan.repo, rel, plan.tag, message)
        except BaseException:
            _restore(written)
            raise
    return ReleaseResult(
        plan=plan,
        written=[fc.path for fc in plan.files],
        artifacts=list(artifacts),
        tagged=tag,
        commands=[] if tag else commands,
    )


def release(
    path: str | Path | None = None,
    *,
    bump: str = "auto",
    out_dir: Path | None = None,
    formats: Sequence[str] | None = None,
    tag: bool = False,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> ReleasePlan | ReleaseResult:
    """``ctcoop release``: the plan alone with ``dry_run``, else the plan applied."""
    plan = plan_release(path, bump=bump, today=today)
    if dry_run:
        return plan
    return apply_release(plan, out_dir=out_dir, formats=formats, tag=tag)
