"""Benchmark ``ctcoop diff`` against ``csv-diff --key`` on two versions of a large table.

Generates two packages holding one 8-column table (a string key, Latin and Arabic text, two
integer fields, a number field, two dates) of ``--rows`` rows (default 1,000,000). The second
version changes one cell in about 0.5% of the rows, removes 0.2% and adds 0.2% new rows. Then
it runs, one after the other, as subprocesses:

* ``ctcoop diff OLD NEW --format json`` (the default: compare only),
* ``ctcoop diff OLD NEW --format json --validate`` (validates both packages first),
* ``csv-diff OLD.csv NEW.csv --key id --json``,

and prints, for each, the wall time (best and median of ``--repeat`` interleaved runs), the
peak resident memory (``wait4`` rusage of that child) and the rows added / removed / changed
it found, then checks the counts agree with each other and with what was generated. Exit code
0 when they agree, 1 when not. The machine's load average is printed too: polars uses every
core, so other work on the machine slows ``ctcoop diff`` more than single-threaded csv-diff.

``--baseline DIR`` runs both ``ctcoop diff`` commands with the checkout at DIR too, interleaved
with this one's, and prints both side by side with their ratio (:mod:`checkouts`).

Run: ``.venv/bin/python benchmarks/diff_bench.py [--rows N] [--repeat N] [--workdir DIR]
[--baseline DIR]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

import polars as pl
from checkouts import Checkout, Run, add_options, checkouts, heading, load_line, measure, table

VENV_BIN = Path(sys.executable).parent
LATIN = [
    "Council",
    "Committee",
    "Resolution",
    "Convention",
    "Office",
    "Centre",
    "Forum",
    "Network",
    "Task",
    "Force",
    "Strategy",
    "Working",
    "Group",
    "Regional",
    "Global",
    "Initiative",
]
ARABIC = [
    "مجلس",
    "لجنة",
    "قرار",
    "اتفاقية",
    "مكتب",
    "مركز",
    "منتدى",
    "شبكة",
    "فرقة",
    "عمل",
    "استراتيجية",
    "فريق",
    "إقليمي",
    "عالمي",
    "مبادرة",
    "التعاون",
]
FIELDS = [
    {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
    {"name": "name_en", "type": "string"},
    {"name": "name_ar", "type": "string"},
    {"name": "members", "type": "integer"},
    {"name": "staff", "type": "integer"},
    {"name": "budget", "type": "number"},
    {"name": "start", "type": "date"},
    {"name": "end", "type": "date"},
]


def _pick(words: list[str], seed: int) -> pl.Expr:
    return pl.lit(pl.Series(words)).gather(pl.col("i").hash(seed) % len(words))


def base_table(n: int) -> pl.DataFrame:
    frame = pl.DataFrame({"i": pl.int_range(0, n, eager=True)})
    return frame.select(
        pl.format("r{}", pl.col("i").cast(pl.String).str.zfill(7)).alias("id"),
        pl.format("{} {} {}", _pick(LATIN, 1), _pick(LATIN, 2), pl.col("i")).alias("name_en"),
        pl.format("{} {} {}", _pick(ARABIC, 3), _pick(ARABIC, 4), pl.col("i")).alias("name_ar"),
        (pl.col("i").hash(5) % 200).cast(pl.Int64).alias("members"),
        (pl.col("i").hash(6) % 5000).cast(pl.Int64).alias("staff"),
        ((pl.col("i").hash(7) % 10_000_000).cast(pl.Float64) / 100).alias("budget"),
        (pl.date(1990, 1, 1) + pl.duration(days=(pl.col("i").hash(8) % 12000).cast(pl.Int64))).alias("start"),
        (pl.date(2026, 1, 1) + pl.duration(days=(pl.col("i").hash(9) % 3000).cast(pl.Int64))).alias("end"),
        pl.col("i"),
    )


def new_version(old: pl.DataFrame, n: int) -> tuple[pl.DataFrame, dict[str, int]]:
    bucket = pl.col("i").hash(42) % 1000
    removed = bucket < 2
    changed = (bucket >= 2) & (bucket < 7)
    which = pl.col("i").hash(43) % 5
    kept = old.filter(~removed)
    edited = kept.with_columns(
        pl.when(changed & (which == 0)).then(pl.col("name_en") + " (rev.)").otherwise(pl.col("name_en")),
        pl.when(changed & (which == 1)).then(pl.col("name_ar") + " (مراجعة)").otherwise(pl.col("name_ar")),
        pl.when(changed & (which == 2)).then(pl.col("members") + 1).otherwise(pl.col("members")),
        pl.when(changed & (which == 3)).then(pl.col("budget") + 0.5).otherwise(pl.col("budget")),
        pl.when(changed & (which == 4))
        .then(pl.col("start") + pl.duration(days=1))
        .otherwise(pl.col("start")),
    )
    added_n = n * 2 // 1000
    added = base_table(n + added_n).tail(added_n)
    counts = {
        "added": added_n,
        "removed": int(old.select(removed.sum()).item()),
        "changed": int(kept.select(changed.sum()).item()),
    }
    return pl.concat([edited, added]), counts


def write_package(root: Path, frame: pl.DataFrame, version: str) -> Path:
    (root / "data").mkdir(parents=True, exist_ok=True)
    frame.drop("i").write_csv(root / "data" / "bodies.csv")
    descriptor = {
        "name": "bench",
        "version": version,
        "resources": [
            {
                "name": "bodies",
                "path": "data/bodies.csv",
                "format": "csv",
                "encoding": "utf-8",
                "schema": {"fields": FIELDS, "primaryKey": ["id"]},
            }
        ],
    }
    (root / "datapackage.json").write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return root


def _counts(label: str, doc: dict[str, Any]) -> dict[str, int]:
    if label.startswith("ctcoop"):
        s = doc["summary"]
        return {"added": s["rows_added"], "removed": s["rows_removed"], "changed": s["rows_changed"]}
    return {"added": len(doc["added"]), "removed": len(doc["removed"]), "changed": len(doc["changed"])}


def bench(work: Path, rows: int, repeat: int, sides: list[Checkout]) -> int:
    old = base_table(rows)
    new, expected = new_version(old, rows)
    old_dir = write_package(work / "old", old, "1.0.0")
    new_dir = write_package(work / "new", new, "1.0.0")
    del old, new
    size = (old_dir / "data" / "bodies.csv").stat().st_size / 1024**2
    print(
        f"diff benchmark, {dt.date.today().isoformat()}, {platform.python_implementation()} "
        f"{platform.python_version()}, polars {pl.__version__}, {os.cpu_count()} CPUs"
    )
    print("\n".join(heading(sides, repeat)))
    print(
        f"table: {rows:,} rows x 8 columns, {size:.0f} MiB per version; generated: "
        f"{expected['changed']:,} changed, {expected['removed']:,} removed, {expected['added']:,} added"
    )
    old_csv, new_csv = str(old_dir / "data" / "bodies.csv"), str(new_dir / "data" / "bodies.csv")
    diff = [str(old_dir), str(new_dir), "--format", "json"]
    runs: dict[str, dict[str, tuple[list[str], dict[str, str] | None]]] = {
        "ctcoop diff": {s.label: (s.ctcoop("diff", *diff), s.env) for s in sides},
        "ctcoop diff --validate": {s.label: (s.ctcoop("diff", *diff, "--validate"), s.env) for s in sides},
        "csv-diff --key id": {
            "tool": ([str(VENV_BIN / "csv-diff"), old_csv, new_csv, "--key", "id", "--json"], None)
        },
    }
    measured: dict[str, dict[str, list[Run]]] = {k: {} for k in runs}
    counts: dict[tuple[str, str], dict[str, int]] = {}
    out = work / "out.json"
    for _ in range(repeat):  # interleaved, so that every tool and checkout meets the same machine load
        for label, by_side in runs.items():
            for side, (cmd, env) in by_side.items():
                got = measure(cmd, env=env, stdout=out, ok=(0, 1))
                measured[label].setdefault(side, []).append(got)
                counts[label, side] = _counts(label, json.loads(out.read_text(encoding="utf-8")))
    this = {label: by_side.get("this", by_side.get("tool", [])) for label, by_side in measured.items()}
    base = "csv-diff --key id"
    print(f"{'':<27} {'best':>8} {'median':>8}  {'peak RSS':>9}  rows added / removed / changed")
    for label, got in this.items():
        c = counts[label, "tool" if label == base else "this"]
        walls = [r.wall for r in got]
        print(
            f"{label:<27} {min(walls):7.2f}s {statistics.median(walls):7.2f}s  "
            f"{max(r.peak_mib for r in got):6.0f} MiB  {c['added']:,} / {c['removed']:,} / {c['changed']:,}"
        )
    for label in ("ctcoop diff", "ctcoop diff --validate"):
        for side in sides:
            got, ref = measured[label][side.label], measured[base]["tool"]
            best = min(r.wall for r in ref) / min(r.wall for r in got)
            median = statistics.median(r.wall for r in ref) / statistics.median(r.wall for r in got)
            memory = max(r.peak_mib for r in got) / max(r.peak_mib for r in ref)
            print(
                f"{label} ({side.label}): {best:.1f}x faster than csv-diff (best of {repeat}), "
                f"{median:.1f}x (median); {memory:.2f}x its peak memory"
            )
    print("\n".join(table(list(measured.items()))))
    print(load_line("at end"))
    agree = all(c == expected for c in counts.values())
    print("counts agree (ctcoop, csv-diff and the generator):", "yes" if agree else "NO")
    return 0 if agree else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=None, help="keep the generated packages here")
    add_options(parser)
    args = parser.parse_args()
    sides = checkouts(args.baseline)
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        return bench(args.workdir, args.rows, args.repeat, sides)
    with tempfile.TemporaryDirectory(prefix="ctcoop-diff-bench-") as tmp:
        return bench(Path(tmp), args.rows, args.repeat, sides)


if __name__ == "__main__":
    sys.exit(main())
