"""The validation rules: one module per rule family, one registry that lists them.

Writing a check
===============

A check is a module in this package that defines ``CHECK``, a :class:`Check`::

    from collections.abc import Iterator

    from ctcoop.checks import Check
    from ctcoop.checks.context import Context
    from ctcoop.report import Issue

    def run(ctx: Context) -> Iterator[Issue]:
        for table in ctx.tables():               # the resources whose file could be read
            ...
            yield table.issue("my-code", "what is wrong", hint="how to fix it", row=row, field=name)

    CHECK = Check(name="my-family", run=run, codes=codes_of("my-family"))

and is registered by adding its module path to :data:`REGISTRY` (one line). Each code it yields
has its line in :mod:`ctcoop.codes` (source ``"my-family"``, severity, meaning, hint). Checks run in
registry order; each is imported only when validation runs, so the CLI starts fast.

What a check gets: :class:`ctcoop.checks.context.Context`
    ``ctx.package``            the loaded :class:`ctcoop.package.Package` (descriptor, resources)
    ``ctx.resources``          the resources that have a usable schema and a CSV path
    ``ctx.resource(name)``     one resource by name, or None
    ``ctx.raw(resource)``      the file's bytes (read anew on each call), or None if unreadable
    ``ctx.table(resource)``    the parsed CSV, cached: a :class:`ctcoop.checks.context.Table`
                               whose ``frame`` is a polars DataFrame with one String column per
                               schema field (missing values are null) and which maps every row
                               to its line in the file (``table.line(row)``); None if the file
                               could not be read (the structure check reports why)
    ``ctx.tables()``           the parsed table of every resource whose file could be read
    ``ctx.typed(resource)``    the same rows cast to the fields' types (integers, dates…), cached;
                               cells that do not cast are null (the types check reports them)
    ``ctx.options``            :class:`ctcoop.checks.context.Options` (limits, allow_remote)

Rules of the road: a check never raises for a problem in the package (it yields an
:class:`~ctcoop.report.Issue`), never prints, never reads outside the package (use
``ctx.raw``/``ctx.package.read``), never executes package content, and switches itself on from
descriptor properties (``ctcoop:…``, ``foreignKeys``…), never from resource names. Every issue
code it may yield is registered in :mod:`ctcoop.codes` (tests/test_codes.py scans the source for
every emitted code; docs/validate.md lists them all, generated).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ctcoop.checks.context import Context
    from ctcoop.report import Issue

#: The checks that look at the descriptor and the Table Schemas only, never at a table. Every
#: command runs them before it reads a table (:func:`ctcoop.preflight.open_package`) and refuses a
#: package they find an error in, with validate's first error; validate runs them first.
BEFORE_TABLES: tuple[str, ...] = ("ctcoop.checks.descriptor",)

#: The checks, in the order they run. Registering a check is adding one line here (to
#: :data:`BEFORE_TABLES` when it reads no table).
REGISTRY: tuple[str, ...] = (
    *BEFORE_TABLES,
    "ctcoop.checks.structure",
    "ctcoop.checks.integrity",
    "ctcoop.checks.types",
    "ctcoop.checks.constraints",
    "ctcoop.checks.keys",
    "ctcoop.checks.references",
    "ctcoop.checks.rowschema",
    "ctcoop.checks.text",
    "ctcoop.checks.citations",
    "ctcoop.checks.coverage",
    "ctcoop.checks.fieldnames",
    "ctcoop.checks.hosts",
    "ctcoop.checks.agreement",
    "ctcoop.checks.identifiers",
    "ctcoop.checks.categories",
    "ctcoop.checks.dates",
    "ctcoop.checks.cycles",
    "ctcoop.checks.links",
    "ctcoop.checks.statedtotals",
    "ctcoop.checks.refdates",
    "ctcoop.checks.actionorder",
    "ctcoop.checks.duplicates",
    "ctcoop.checks.globalids",
    "ctcoop.checks.canonical",
)


@dataclass(frozen=True)
class Check:
    """One family of rules.

    ``name`` names the family (shown in progress and ``--checks``); ``run`` yields the issues
    found in a package; ``codes`` maps every issue code the family may yield to a one-line
    description. ``warns_only`` says the family never yields an error, so a caller that only
    needs to know whether a package is valid (``ctcoop export``) may skip it.
    """

    name: str
    run: Callable[[Context], Iterable[Issue]]
    codes: Mapping[str, str] = field(default_factory=dict)
    warns_only: bool = False


def load_checks(modules: Iterable[str] = REGISTRY) -> list[Check]:
    """Import the check modules and return their ``CHECK`` objects, in order.

    A registry line naming a module that does not exist, or one without a ``CHECK``, is an error
    (ModuleNotFoundError, TypeError), never skipped: a check that silently does not run would
    let invalid packages pass.
    """
    checks: list[Check] = []
    for name in modules:
        module = importlib.import_module(name)
        check = getattr(module, "CHECK", None)
        if not isinstance(check, Check):
            raise TypeError(f"{name}.CHECK is not a ctcoop.checks.Check")
        checks.append(check)
    return checks
