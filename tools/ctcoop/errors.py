"""Exceptions of the ctcoop library, all in one place.

::

    CtcoopError                 a run that cannot happen (CLI exit code 2)
    ├── UsageProblem            the caller asked for something impossible (bad path, bad option)
    ├── PackageLoadError        the package cannot be opened at all (no descriptor, unsafe archive)
    ├── PackageRefused          the descriptor has an error, found before any table is read
                                (carries those errors; every command refuses it, exit 1)
    └── ExportRefused           export of an invalid package (carries the validation report;
                                ``ctcoop export`` renders it and exits 1, not 2)

Problems *in* a package (invalid data, broken references) are never exceptions: they are
:class:`ctcoop.report.Issue` records in a :class:`ctcoop.report.Report`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from ctcoop.report import Issue, Report


class CtcoopError(Exception):
    """A run of the toolkit that cannot happen. Carries a message, a hint and the file concerned."""

    def __init__(
        self, message: str, *, hint: str | None = None, file: str | None = None, code: str = "error"
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.file = file
        self.code = code

    def __str__(self) -> str:
        from ctcoop.escape import visible  # paths and messages may hold a package's bytes

        where = f"{visible(self.file)}: " if self.file else ""
        tail = f"\n  hint: {visible(self.hint)}" if self.hint else ""
        return f"{where}{visible(self.message)}{tail}"


class UsageProblem(CtcoopError):
    """The caller asked for something that cannot be done (a missing path, a bad option value)."""


class PackageLoadError(CtcoopError):
    """The package cannot be opened: no readable descriptor, an unsafe or oversized archive."""


class PackageRefused(CtcoopError):
    """The package's descriptor or a Table Schema has an error (an unsafe or remote path, a profile
    error, two resources of one name, a schema that names a missing field…), found by
    :func:`ctcoop.preflight.open_package` before any table is read. ``issues`` holds those errors
    in the order ``ctcoop validate`` reports them (the first is validate's first error);
    ``folder`` is the package's folder when it is one (for the file paths a command prints);
    ``role`` names the package where a command reads two (diff's ``OLD`` and ``NEW``).
    """

    def __init__(self, issues: list[Issue], package: str, folder: Path | None = None) -> None:
        first = issues[0]
        super().__init__(first.message, hint=first.hint, file=first.file, code=first.code)
        self.issues = issues
        self.package = package
        self.folder = folder
        self.role: str | None = None


class ExportRefused(CtcoopError):
    """The package is not valid, so nothing is exported. ``report`` holds the validation report."""

    def __init__(self, report: Report) -> None:
        errors = report.counts().get("error", 0)
        plural = "s" if errors != 1 else ""
        super().__init__(
            f"the package is invalid ({errors} error{plural}); nothing was exported",
            hint="run `ctcoop validate` and fix the errors first",
            code="invalid-package",
        )
        self.report = report
