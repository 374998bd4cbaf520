"""Every issue and error code ctcoop emits, with its meaning, hint and severity: one registry.

A code is a stable slug (``foreign-key``, ``export-io``). :data:`CODES` maps each to a
:class:`Code`: where it comes from (``source``: a check family of :mod:`ctcoop.checks`, or one of
:data:`SOURCES`), its default severity, what it means in one line and the hint it carries (or
the hint's shape, ``…`` standing for the names and values of the case). The checks take their
``codes`` from here (:func:`codes_of`), ``ctcoop validate --list-checks`` prints them, and the
lists in docs/validate.md and docs/cli.md are generated from them (:mod:`ctcoop.docgen`).

``tests/test_codes.py`` scans the source for every code it emits (``Issue(code=…)``,
``table.issue("…")``, ``RawProblem("…")``, ``CtcoopError(code=…)``…) and fails when one is not
registered here, or when a registered code is emitted nowhere. Adding a code is adding its line
to :mod:`.validation` (an issue in a validation report) or :mod:`.commands` (a command that
cannot run).
"""

from __future__ import annotations

from ctcoop.codes.commands import RUN_CODES
from ctcoop.codes.model import Code
from ctcoop.codes.validation import ISSUE_CODES

__all__ = ["CODES", "SOURCES", "Code", "codes_of", "issue_codes", "run_codes"]

#: sources that are not check families: what emits the code, in a few words
SOURCES: dict[str, str] = {
    "load": "opening the package (the descriptor, an archive, a git revision, a remote file)",
    "read": "reading a table as typed values (diff, export, stats, site, release)",
    "fmt": "`ctcoop fmt` and `ctcoop new` (the canonical form)",
    "new": "`ctcoop new`",
    "diff": "`ctcoop diff`",
    "export": "`ctcoop export` and `ctcoop release`",
    "release": "`ctcoop release`",
    "docs": "`ctcoop docs`",
    "output": "any command that writes a file",
    "any": "any command",
}

#: every code, sorted by name
CODES: dict[str, Code] = dict(sorted({**ISSUE_CODES, **RUN_CODES}.items()))

def codes_of(family: str) -> dict[str, str]:
    """The codes a check family may yield, each with its meaning (a :class:`ctcoop.checks.Check`'s ``codes``).

    Raises KeyError when no code names ``family`` as a source: a check without codes is a typo.
    """
    found = {name: code.meaning for name, code in ISSUE_CODES.items() if family in code.sources}
    if not found:
        raise KeyError(f"no issue code is registered for the check family '{family}' (ctcoop/codes)")
    return found


def issue_codes() -> dict[str, Code]:
    """The codes that can appear in a validation report, sorted by name."""
    return dict(sorted(ISSUE_CODES.items()))


def run_codes() -> dict[str, Code]:
    """The codes of errors that stop a command (exit 2) or of a command's own findings, sorted."""
    return dict(sorted(RUN_CODES.items()))

