"""Refuse to diff or release a package that is not valid (the diff of an invalid table can lie).

Duplicate keys pair the wrong rows, a value that does not cast compares as missing: so both
sides are validated first with :func:`ctcoop.validate.validate_package`, imported when needed.
"""

from __future__ import annotations

from typing import Any

from ctcoop.errors import CtcoopError
from ctcoop.package import Package
from ctcoop.report import Severity


def _validate(package: Package) -> Any:
    try:
        from ctcoop.validate import validate_package
    except ImportError as exc:
        raise CtcoopError(
            f"the validator (ctcoop.validate) cannot be imported: {exc}",
            hint="reinstall ctcoop, or pass --no-validate to compare without validating",
            code="validator-missing",
        ) from None
    return validate_package(package)


def require_valid(package: Package, role: str) -> None:
    """Raise CtcoopError (exit 2) naming the first errors when ``package`` is invalid."""
    errors = [i for i in package.problems if i.severity is Severity.ERROR]
    if not errors:
        report = _validate(package)
        errors = [i for i in report.issues if i.severity is Severity.ERROR]
    if not errors:
        return
    shown = "; ".join(f"{i.location()}: {i.message}" for i in errors[:3])
    more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
    noun = "error" if len(errors) == 1 else "errors"
    raise CtcoopError(
        f"{role} ({package.label}) is not a valid package: {len(errors)} {noun}, e.g. {shown}{more}",
        hint=f"run `ctcoop validate` on {package.label} and fix it first",
        code="invalid-package",
    )
