"""Benchmark: ctcoop validate against frictionless validate on a large synthetic package.

Generates a package with a 100,000-row parent table and a 1,000,000-row child table (a foreign
key to the parent, typed fields, constraints) with about 50 seeded errors of every kind both
validators check; runs ``ctcoop validate --format json`` and ``frictionless validate --json
--limit-errors 0`` on it, each in its own subprocess (ctcoop ``--repeat`` times, default 3, the
median wall time is printed); prints wall time and peak memory (the process's maximum resident
set size, ``wait4`` rusage) of both; and checks that each finds every seeded error.

``--baseline DIR`` runs ``ctcoop validate`` with the checkout at DIR too, interleaved with this
one's, and prints both side by side with their ratio and the load average (:mod:`checkouts`).

    .venv/bin/python benchmarks/validate_bench.py            # generate in a temp folder, run both
    .venv/bin/python benchmarks/validate_bench.py --skip-frictionless
    .venv/bin/python benchmarks/validate_bench.py --parent-rows 10000 --child-rows 100000
    .venv/bin/python benchmarks/validate_bench.py --baseline ../wt-base --repeat 3

Exit code 0 when every seeded error is found by ctcoop (and frictionless, when run), else 1.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from checkouts import Run, add_options, checkouts, heading, load_line, measure, rounds, table

VENV_BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Seeded:
    """One seeded error: where it is and the codes it should be reported with."""

    file: str
    line: int
    kind: str  # ctcoop code
    frictionless: str  # frictionless error type


def descriptor() -> dict[str, object]:
    parent = {
        "fields": [
            {"name": "id", "type": "string", "constraints": {"required": True, "pattern": "^p[0-9]{6}$"}},
            {"name": "name", "type": "string", "constraints": {"required": True, "maxLength": 40}},
            {"name": "kind", "type": "string", "constraints": {"enum": ["alpha", "beta", "gamma"]}},
            {"name": "size", "type": "integer", "constraints": {"minimum": 0, "maximum": 1000}},
            {"name": "founded", "type": "date"},
            {"name": "active", "type": "boolean"},
        ],
        "primaryKey": ["id"],
    }
    child = {
        "fields": [
            {"name": "id", "type": "integer", "constraints": {"required": True}},
            {"name": "parent", "type": "string", "constraints": {"required": True}},
            {"name": "amount", "type": "number", "constraints": {"minimum": 0}},
            {"name": "count", "type": "integer", "constraints": {"maximum": 100000}},
            {"name": "code", "type": "string", "constraints": {"pattern": "^[A-Z]{3}$"}},
            {"name": "day", "type": "date"},
            {"name": "status", "type": "string", "constraints": {"enum": ["open", "closed", "pending"]}},
            {"name": "note", "type": "string", "constraints": {"maxLength": 30}},
        ],
        "primaryKey": ["id"],
        "foreignKeys": [{"fields": ["parent"], "reference": {"resource": "parents", "fields": ["id"]}}],
    }
    return {
        "name": "validate-bench",
        "resources": [
            {
                "name": "parents",
                "path": "data/parents.csv",
                "format": "csv",
                "encoding": "utf-8",
                "schema": parent,
            },
            {
                "name": "children",
                "path": "data/children.csv",
                "format": "csv",
                "encoding": "utf-8",
                "schema": child,
            },
        ],
    }


def generate(root: Path, parent_rows: int, child_rows: int, seed: int = 7) -> list[Seeded]:
    """Write the package under ``root``; return the seeded errors."""
    rng = random.Random(seed)
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "datapackage.json").write_text(json.dumps(descriptor(), indent=2), encoding="utf-8")
    seeded: list[Seeded] = []

    # --- parents: id, name, kind, size, founded, active
    kinds = ["alpha", "beta", "gamma"]
    parent_errors = {
        "type-error": ("size", "many"),
        "minimum": ("size", "-5"),
        "maximum": ("size", "5000"),
        "enum": ("kind", "delta"),
        "pattern": ("id", None),
        "max-length": ("name", "x" * 60),
        "required": ("name", ""),
    }
    fr = {
        "type-error": "type-error",
        "minimum": "constraint-error",
        "maximum": "constraint-error",
        "enum": "constraint-error",
        "pattern": "constraint-error",
        "max-length": "constraint-error",
        "required": "constraint-error",
        "foreign-key": "foreign-key",
        "primary-key": "primary-key",
        "missing-cell": "missing-cell",
        "extra-cell": "extra-cell",
        "blank-row": "blank-row",
    }
    plan: dict[int, str] = {}
    for kind in parent_errors:
        for _ in range(2):
            plan[rng.randrange(1, parent_rows)] = kind
    ids = [f"p{i:06d}" for i in range(parent_rows)]
    with (root / "data" / "parents.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["id", "name", "kind", "size", "founded", "active"])
        for i, pid in enumerate(ids):
            row = [
                pid,
                f'Parent {i}, "quoted"' if i % 97 == 0 else f"Parent {i}",
                kinds[i % 3],
                str(i % 1000),
                f"{1950 + i % 70}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "true" if i % 2 else "false",
            ]
            kind = plan.get(i)
            if kind:
                field, value = parent_errors[kind]
                col = ["id", "name", "kind", "size", "founded", "active"].index(field)
                if kind == "pattern":
                    row[0] = pid.upper()  # P000123 breaks the pattern; children never point to it
                    ids[i] = row[0]
                else:
                    row[col] = value if value is not None else row[col]
                seeded.append(Seeded("data/parents.csv", i + 2, kind, fr[kind]))
            writer.writerow(row)

    # --- children: id, parent, amount, count, code, day, status, note
    valid_parents = [p for p in ids if p.startswith("p")]
    child_kinds = [
        "type-error",
        "foreign-key",
        "minimum",
        "maximum",
        "pattern",
        "enum",
        "max-length",
        "required",
        "primary-key",
        "missing-cell",
        "extra-cell",
        "blank-row",
    ]
    child_plan: dict[int, str] = {}
    while len(child_plan) < 3 * len(child_kinds):
        n = rng.randrange(10, child_rows - 10)
        if all(abs(n - m) > 2 for m in child_plan):
            child_plan[n] = child_kinds[len(child_plan) % len(child_kinds)]
    statuses = ["open", "closed", "pending"]
    line = 1
    with (root / "data" / "children.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["id", "parent", "amount", "count", "code", "day", "status", "note"])
        for i in range(child_rows):
            line += 1
            row = [
                str(i + 1),
                valid_parents[i % len(valid_parents)],
                f"{(i % 10000) / 7:.2f}",
                str(i % 1000),
                "ABC" if i % 2 else "XYZ",
                f"20{10 + i % 14}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                statuses[i % 3],
                "short note" if i % 5 else "",
            ]
            kind = child_plan.get(i)
            if kind == "type-error":
                row[3] = "12x"
            elif kind == "foreign-key":
                row[1] = "p999999x"
            elif kind == "minimum":
                row[2] = "-1.5"
            elif kind == "maximum":
                row[3] = "100001"
            elif kind == "pattern":
                row[4] = "abc"
            elif kind == "enum":
                row[6] = "reopened"
            elif kind == "max-length":
                row[7] = "n" * 31
            elif kind == "required":
                row[1] = ""
            elif kind == "primary-key":
                row[0] = "1"
            elif kind == "missing-cell":
                row = row[:-1]
            elif kind == "extra-cell":
                row = [*row, "surplus"]
            elif kind == "blank-row":
                fh.write("\n")
                seeded.append(Seeded("data/children.csv", line, kind, fr[kind]))
                line += 1
                kind = None
            if kind:
                seeded.append(Seeded("data/children.csv", line, kind, fr[kind]))
            writer.writerow(row)
    return seeded


def found_by_ctcoop(output: str) -> set[tuple[str, int, str]]:
    report = json.loads(output)
    return {(i["file"], i["line"], i["code"]) for i in report["issues"]}


def found_by_frictionless(output: str, root: Path) -> set[tuple[str, int, str]]:
    report = json.loads(output)
    found: set[tuple[str, int, str]] = set()
    for task in report["tasks"]:
        place = task.get("place") or task.get("resource", {}).get("path", "")
        for error in task["errors"]:
            if error.get("rowNumber") is not None:
                found.add((place, error["rowNumber"], error["type"]))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parent-rows", type=int, default=100_000)
    parser.add_argument("--child-rows", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, help="generate the package here and keep it")
    parser.add_argument("--skip-frictionless", action="store_true")
    add_options(parser, repeat=3)
    args = parser.parse_args()
    sides = checkouts(args.baseline)

    root = args.out or Path(tempfile.mkdtemp(prefix="ctcoop-bench-"))
    try:
        t = time.perf_counter()
        seeded = generate(root, args.parent_rows, args.child_rows)
        size = sum(p.stat().st_size for p in (root / "data").iterdir())
        print("\n".join(heading(sides, args.repeat)))
        print(
            f"package: {args.parent_rows:,} parent rows, {args.child_rows:,} child rows, "
            f"{size / 1e6:.1f} MB, "
            f"{len(seeded)} seeded errors ({len({s.kind for s in seeded})} kinds), generated in "
            f"{time.perf_counter() - t:.1f} s"
        )
        ok = True
        measured: dict[str, list[Run]] = {}
        outputs: dict[str, str] = {}
        report = root.parent / f"{root.name}-report.json"
        for _, side in rounds(args.repeat, sides):
            cmd = side.ctcoop("validate", ".", "--format", "json")
            measured.setdefault(side.label, []).append(
                measure(cmd, cwd=root, env=side.env, stdout=report, ok=(0, 1))
            )
            outputs[side.label] = report.read_text(encoding="utf-8")
        for side in sides:
            runs, out = measured[side.label], outputs[side.label]
            wall = statistics.median(r.wall for r in runs)
            rss = max(r.peak_mib for r in runs)
            ours = found_by_ctcoop(out)
            missed = [s for s in seeded if (s.file, s.line, s.kind) not in ours]
            print(
                f"ctcoop validate ({side.label}): {wall:6.2f} s wall (median of {args.repeat}), "
                f"{rss:6.0f} MiB ({rss * 1.048576:.0f} MB) peak (max), exit {runs[-1].code}, "
                f"{len(json.loads(out)['issues'])} issues, "
                f"seeded found {len(seeded) - len(missed)}/{len(seeded)}"
            )
            for s in missed:
                print(f"  ctcoop ({side.label}) missed {s.kind} at {s.file}:{s.line}")
            ok &= not missed and runs[-1].code == 1
        rows: list[tuple[str, dict[str, list[Run]]]] = [("ctcoop validate", measured)]
        if not args.skip_frictionless:
            fcmd = [str(VENV_BIN / "frictionless"), "validate", "datapackage.json", "--json"]
            fcmd += ["--limit-errors", "0"]
            fr = measure(fcmd, cwd=root, stdout=report, ok=(0, 1))
            fout = report.read_text(encoding="utf-8")
            theirs = found_by_frictionless(fout, root)
            fmissed = [s for s in seeded if (s.file, s.line, s.frictionless) not in theirs]
            count = sum(len(t["errors"]) for t in json.loads(fout)["tasks"])
            print(
                f"frictionless validate:  {fr.wall:6.2f} s wall, {fr.peak_mib:6.0f} MiB "
                f"({fr.peak_mib * 1.048576:.0f} MB) peak, exit {fr.code}, "
                f"{count} errors, seeded found {len(seeded) - len(fmissed)}/{len(seeded)}"
            )
            for s in fmissed:
                print(f"  frictionless missed {s.kind} at {s.file}:{s.line}")
            for side in sides:
                wall = statistics.median(r.wall for r in measured[side.label])
                rss = max(r.peak_mib for r in measured[side.label])
                print(
                    f"speed-up ({side.label}): {fr.wall / wall:.1f}x; memory: ctcoop {rss:.0f} MiB vs "
                    f"frictionless {fr.peak_mib:.0f} MiB"
                )
            rows.append(("frictionless validate", {"tool": [fr]}))
            ok &= not fmissed
        print("\n".join(table(rows)))
        print(load_line("at end"))
        report.unlink(missing_ok=True)
        return 0 if ok else 1
    finally:
        if args.out is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
