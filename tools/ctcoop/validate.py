"""Validate a Data Package: load it, run every registered check, return a :class:`Report`.

:func:`validate_package` is the library entry point (``ctcoop validate`` renders its result;
``ctcoop diff``, ``export``, ``new`` and ``release`` call it to refuse invalid packages). It never prints
and never caps: every issue found is in the report, sorted by file, line and column.

A package that cannot be opened at all (no descriptor, JSON that does not parse, an unsafe
archive) gives a report with that one error rather than an exception; only a path that does
not exist (:class:`~ctcoop.errors.UsageProblem`) raises.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ctcoop.cascade import mark_cascades
from ctcoop.checks import REGISTRY, Check, load_checks
from ctcoop.checks.context import Context, Options
from ctcoop.errors import PackageLoadError, UsageProblem
from ctcoop.package import Package, load_package
from ctcoop.preflight import before_tables_families, descriptor_issues, sort_issues
from ctcoop.report import Issue, Report
from ctcoop.rules import Profile
from ctcoop.tables.problems import Limits

#: progress(done, total, label): called before each check and once at the end
Progress = Callable[[int, int, str], None]


def available_checks() -> list[Check]:
    """Every registered check, in run order."""
    return load_checks(REGISTRY)


def validate_package(
    package: str | Path | Package | None = None,
    *,
    allow_remote: bool = False,
    checks: Sequence[str] | None = None,
    limits: Limits | None = None,
    progress: Progress | None = None,
    errors_only: bool = False,
    profile: Profile = "standard",
) -> Report:
    """Validate ``package`` (a directory, a ``datapackage.json``, a ``.zip``, or a loaded Package).

    ``checks`` restricts the run to these check families (names as in ``available_checks``);
    ``limits`` bounds file, line and cell sizes; ``progress`` is told which check runs.
    ``errors_only`` skips the families that can only warn (``Check.warns_only``): the report then
    says whether the package is valid, faster, but may lack warnings. ``profile`` sets the level
    of the project rules the package does not declare (:mod:`ctcoop.rules`).
    """
    label = str(package.label if isinstance(package, Package) else (package or Path.cwd()))
    if isinstance(package, Package):
        pkg = package
    else:
        try:
            pkg = load_package(package, allow_remote=allow_remote)
        except PackageLoadError as exc:
            issue = Issue(
                code=exc.code if exc.code != "error" else "package-load",
                message=exc.message,
                hint=exc.hint,
                file=exc.file,
            )
            return Report(package=label, issues=[issue], stats={"resources": 0, "rows": 0, "checks": 0})
    selected = available_checks()
    if checks is not None:
        known = {c.name for c in selected}
        unknown = [c for c in checks if c not in known]
        if unknown:
            raise UsageProblem(
                f"unknown check(s): {', '.join(unknown)}", hint="checks: " + ", ".join(sorted(known))
            )
        selected = [c for c in selected if c.name in checks]
    if errors_only:
        selected = [c for c in selected if not c.warns_only]
    ctx = Context(pkg, Options(limits=limits or Limits(), allow_remote=allow_remote, profile=profile))
    # the descriptor-level checks, as every command runs them before reading a table
    issues = descriptor_issues(ctx, {c.name for c in selected})
    before_tables = before_tables_families()
    for index, check in enumerate(selected):
        if progress is not None:
            progress(index, len(selected), check.name)
        if check.name not in before_tables:
            issues.extend(check.run(ctx))
    if progress is not None:
        progress(len(selected), len(selected), "done")
    return Report(
        package=label,
        issues=mark_cascades(sort_issues(issues, pkg), pkg),
        stats={"resources": len(pkg.resources), "rows": sum(ctx.rows.values()), "checks": len(selected)},
    )

