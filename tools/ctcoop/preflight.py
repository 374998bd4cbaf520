"""Open a package for a command: load it, then check its descriptor before any table is read.

Every command opens its package through :func:`open_package`: ``stats``, ``fmt``, ``diff`` (both
versions), ``export``, ``new``, ``site``, ``release`` and ``docs``. It loads the package
(:func:`ctcoop.package.load_package`, which never reads a file an unsafe or remote path names)
and runs :func:`descriptor_issues`: the loader's problems (``unsafe-path``, ``remote-path``, a
schema file that is missing or not JSON) and the issues of the checks registered in
:data:`ctcoop.checks.BEFORE_TABLES` (the profile, duplicate resource names, Table Schemas that
name missing fields or contradict themselves, ``ctcoop:`` properties). Those are the functions
``ctcoop validate`` runs, not copies: validate gets its first issues from
:func:`descriptor_issues` too. When one of them is an error, :func:`open_package` raises
:class:`~ctcoop.errors.PackageRefused` with the errors in validate's order, so a command refuses
with validate's first error (the CLI prints them and exits 1). No cell is read: a command that
reads tables without validating them (``diff``, ``stats``) stays as fast as before.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path

from ctcoop.checks import BEFORE_TABLES, load_checks
from ctcoop.checks.context import Context, Options
from ctcoop.errors import PackageLoadError, PackageRefused
from ctcoop.package import Package, load_package
from ctcoop.report import Issue, Severity


def descriptor_issues(ctx: Context, families: Collection[str] | None = None) -> list[Issue]:
    """The problems met while loading ``ctx.package``, then the issues of every check of
    :data:`~ctcoop.checks.BEFORE_TABLES` (of those named in ``families`` when given), unsorted.
    Those :func:`open_package` found already are not looked for again."""
    checks = [c for c in load_checks(BEFORE_TABLES) if families is None or c.name in families]
    if ctx.package.descriptor_issues is not None and len(checks) == len(BEFORE_TABLES):
        return list(ctx.package.descriptor_issues)
    issues = list(ctx.package.problems)
    for check in checks:
        issues.extend(check.run(ctx))
    return issues


def before_tables_families() -> set[str]:
    """The names of the check families :func:`descriptor_issues` runs."""
    return {check.name for check in load_checks(BEFORE_TABLES)}


def open_package(package: str | Path | Package | None = None, *, allow_remote: bool = False) -> Package:
    """The package at ``package`` (a folder, a descriptor, a .zip; default: the current folder;
    or a package already loaded), its descriptor checked.

    Raises :class:`~ctcoop.errors.PackageRefused` when :func:`descriptor_issues` holds an error,
    :class:`~ctcoop.errors.PackageLoadError` when the package cannot be opened at all, and
    :class:`~ctcoop.errors.UsageProblem` when ``package`` does not exist.
    """
    pkg = package if isinstance(package, Package) else load_package(package, allow_remote=allow_remote)
    if pkg.descriptor_issues is not None:
        return pkg
    issues = descriptor_issues(Context(pkg, Options(allow_remote=allow_remote or pkg.allow_remote)))
    errors = [i for i in sort_issues(issues, pkg) if i.severity is Severity.ERROR]
    if errors:
        raise PackageRefused(errors, pkg.label, folder=_folder(pkg))
    pkg.descriptor_issues = issues
    return pkg


def _folder(pkg: Package) -> Path | None:
    """The folder holding the package's descriptor, when the package is a folder on disk."""
    local = getattr(pkg.source, "local_path", None)
    if local is None:
        return None
    try:
        path = local(pkg.descriptor_path)
    except PackageLoadError:  # only a nicety of the message: no folder then
        return None
    return path.parent if isinstance(path, Path) else None


def sort_issues(issues: Iterable[Issue], pkg: Package) -> list[Issue]:
    """Descriptor first, then schema files, then data files in resource order; by line and column within.

    A schema file ranks as one even when its resource could not be loaded (a missing or remote
    schema), so the descriptor's and schemas' problems always come before the tables'.
    """
    rank: dict[str, int] = {pkg.descriptor_path: 0}
    declared = pkg.descriptor.get("resources")
    for res in declared if isinstance(declared, list) else []:
        schema = res.get("schema") if isinstance(res, dict) else None
        if isinstance(schema, str):
            rank.setdefault(schema, 1)
    for i, loaded in enumerate(pkg.resources):
        rank.setdefault(loaded.path, 2 + i)
    last = 2 + len(pkg.resources)

    def key(issue: Issue) -> tuple[int, str, int, int, str]:
        file = issue.file or pkg.descriptor_path
        return (rank.get(file, last), file, issue.line or 0, issue.column or 0, issue.code)

    return sorted(issues, key=key)
