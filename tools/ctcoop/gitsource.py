"""A package as it was at a git revision, read straight from git, and the OLD/NEW spec resolver.

:class:`GitSource` is a :class:`ctcoop.sources.Source` over one commit's tree: it lists the
tree once (``git ls-tree -r -l -z``) and reads blobs with ``git cat-file blob``. It never
checks anything out, so the work tree, the index and HEAD are untouched. Symlinks and
submodules in the tree are refused like unsafe paths.

:func:`resolve_package` turns what a user typed (``ctcoop diff OLD NEW``) into a loaded
package: a spec that is an existing path is a package directory, a ``datapackage.json`` or a
``.zip``; anything else is a git revision (``v1.0.0``, ``HEAD~3``, ``main``, a commit id) of the
repository that contains ``cwd``, and the package is the one at ``cwd``'s place in that
repository (or at the repository root when there is none there).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from ctcoop.errors import PackageLoadError, PackageRefused, UsageProblem
from ctcoop.package import DESCRIPTOR, Package, load_from_source
from ctcoop.paths import path_problem
from ctcoop.sources import BUDGET
from ctcoop.terminal import did_you_mean


@dataclass(frozen=True)
class _Blob:
    mode: str
    sha: str
    size: int


def run_git(args: list[str], cwd: Path, *, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    """Run git with a neutral configuration; UsageProblem when git is missing or fails (if ``check``)."""
    try:
        proc = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args], cwd=cwd, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise UsageProblem(
            "git is not installed or not on PATH",
            hint="install git, or give OLD and NEW as directories or .zip files",
        ) from None
    if check and proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        why = err[-1] if err else f"exit {proc.returncode}"
        raise UsageProblem(f"`git {' '.join(args)}` failed: {why}")
    return proc


def repo_root(cwd: Path) -> Path | None:
    """The top of the git work tree containing ``cwd``, or None outside a repository."""
    proc = run_git(["rev-parse", "--show-toplevel"], cwd, check=False)
    if proc.returncode != 0:
        return None
    return Path(proc.stdout.decode("utf-8").strip())


def resolve_commit(rev: str, cwd: Path) -> str | None:
    """The full commit id ``rev`` names in the repository at ``cwd``, or None."""
    if rev.startswith("-"):
        return None  # never let a spec become a git option
    proc = run_git(
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], cwd, check=False
    )
    if proc.returncode != 0:
        return None
    return proc.stdout.decode("ascii").strip() or None


class GitSource:
    """The files under ``prefix`` in the tree of ``commit`` (read-only, nothing checked out)."""

    def __init__(self, repo: Path, commit: str, prefix: str = "", label: str | None = None) -> None:
        self.repo = repo
        self.commit = commit
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.label = label or commit[:12]
        self._tree = self._list_tree()

    def _list_tree(self) -> dict[str, _Blob]:
        args = ["ls-tree", "-r", "-l", "-z", "--full-tree", self.commit]
        if self.prefix:
            args += ["--", self.prefix]
        out = run_git(args, self.repo).stdout
        tree: dict[str, _Blob] = {}
        for entry in out.split(b"\0"):
            if not entry:
                continue
            meta, _, name = entry.partition(b"\t")
            mode, kind, sha, size = meta.decode("ascii").split()
            path = name.decode("utf-8", "surrogateescape")
            if not path.startswith(self.prefix):
                continue
            rel = path[len(self.prefix) :]
            tree[rel] = _Blob(
                mode=mode if kind == "blob" else kind, sha=sha, size=int(size) if size != "-" else 0
            )
        return tree

    def _blob(self, relpath: str) -> _Blob | None:
        if path_problem(relpath) is not None and relpath != DESCRIPTOR:
            raise PackageLoadError(
                f"'{relpath}' is not a safe path inside the package", file=relpath, code="unsafe-path"
            )
        blob = self._tree.get(relpath)
        if blob is not None and blob.mode not in ("100644", "100755"):
            raise PackageLoadError(
                f"'{relpath}' is a symlink or submodule in {self.label}, not a file",
                file=relpath,
                code="unsafe-path",
                hint="a package read from git must hold its files, not links to them",
            )
        return blob

    def exists(self, relpath: str) -> bool:
        return self._blob(relpath) is not None

    def size(self, relpath: str) -> int:
        blob = self._blob(relpath)
        return blob.size if blob else 0

    def read(self, relpath: str) -> bytes:
        blob = self._blob(relpath)
        if blob is None:
            raise PackageLoadError(
                f"file '{relpath}' is not in {self.label}",
                file=relpath,
                code="missing-file",
                hint="check the path in datapackage.json at that revision",
            )
        if blob.size > BUDGET.max_file_bytes:  # the per-file read budget (docs/security.md, R2)
            raise PackageLoadError(
                f"'{relpath}' has {blob.size} bytes in {self.label}, more than the limit of "
                f"{BUDGET.max_file_bytes}", file=relpath, code="file-too-large",
            )
        return run_git(["cat-file", "blob", blob.sha], self.repo).stdout


def _names(root: Path, prefix: str) -> list[str]:
    """The short names of the refs under ``prefix`` (tags by version order, oldest first)."""
    order = ["--sort=version:refname"] if prefix == "refs/tags" else []
    out = run_git(["for-each-ref", *order, "--format=%(refname:short)", prefix], root, check=False).stdout
    return [n for n in out.decode("utf-8", "replace").splitlines() if n]


def open_git_package(rev: str, cwd: Path | None = None) -> Package:
    """The package at revision ``rev`` of the repository containing ``cwd`` (default: current directory)."""
    here = (cwd or Path.cwd()).resolve()
    root = repo_root(here)
    if root is None:
        raise UsageProblem(
            f"'{rev}' is not a path, and {here} is not inside a git repository",
            hint="give a package directory, a datapackage.json or a .zip, or run inside the repository",
        )
    commit = resolve_commit(rev, root)
    if commit is None:
        tags, branches = _names(root, "refs/tags"), _names(root, "refs/heads")
        shown = ", ".join(tags[-3:]) if tags else "none yet"
        raise UsageProblem(
            f"'{rev}' is neither an existing path nor a git revision of {root}"
            + did_you_mean(rev, tags + branches),
            hint=f"use a tag ({shown}), a branch, HEAD~1, or a path to a package",
        )
    try:
        prefix = here.relative_to(root.resolve()).as_posix()
    except ValueError:
        prefix = ""
    prefix = "" if prefix == "." else prefix
    source = GitSource(root, commit, prefix, label=rev)
    if prefix and not source.exists(DESCRIPTOR):
        source = GitSource(root, commit, "", label=rev)
    return load_from_source(source, DESCRIPTOR)


def resolve_package(spec: str, cwd: Path | None = None, *, role: str | None = None) -> Package:
    """Open OLD or NEW of a diff, its descriptor checked (:func:`ctcoop.preflight.open_package`): an
    existing path is a package, anything else a git revision. ``role`` names it in a refusal."""
    from ctcoop.preflight import open_package

    base = cwd or Path.cwd()
    path = Path(spec)
    if not path.is_absolute():
        path = base / path
    try:
        return open_package(path if path.exists() else open_git_package(spec, base))
    except PackageRefused as exc:
        exc.role, exc.package = role, spec
        raise
