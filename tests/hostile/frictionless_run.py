"""Validate one package with frictionless under the same limits as ctcoop; print one JSON line.

Usage: ``python tests/hostile/frictionless_run.py ADDRESS_SPACE_BYTES PATH``. Prints
``{"outcome": "valid" | "invalid" | "crash", "errors": [...]}``; a run killed by the parent's
timeout or by the memory limit prints nothing useful and the parent records that.
"""

from __future__ import annotations

import json
import resource
import sys


def main(limit: str, path: str) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (int(limit), int(limit)))
    try:
        from frictionless import Package

        report = Package(path).validate()
        errors = sorted({e.type for task in report.tasks for e in task.errors}
                        | {e.type for e in report.errors})
        print(json.dumps({"outcome": "valid" if report.valid else "invalid", "errors": errors}))
    except MemoryError:
        print(json.dumps({"outcome": "memory", "errors": []}))
    except Exception as exc:  # what frictionless raises instead of reporting
        print(json.dumps({"outcome": "crash", "errors": [type(exc).__name__]}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
