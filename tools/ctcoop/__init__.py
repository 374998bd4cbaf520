"""The ctcoop toolkit for Frictionless Data Packages, and the ctcoop data package's own checks.

The public API is re-exported here; the CLI in :mod:`ctcoop.cli` is a thin layer over it.
Heavy modules (polars, frictionless, jsonschema) are imported where they are used, so that
``import ctcoop`` and ``ctcoop --help`` stay fast.
"""

from ctcoop.errors import CtcoopError, PackageLoadError, UsageProblem
from ctcoop.package import Package, Resource, load_package
from ctcoop.report import Issue, Report, Severity

__version__ = "1.0.0"

__all__ = [
    "CtcoopError",
    "Issue",
    "Package",
    "PackageLoadError",
    "Report",
    "Resource",
    "Severity",
    "UsageProblem",
    "__version__",
    "load_package",
]
