"""Benchmark ``ctcoop export``: the real package, and a synthetic 1,000,000-row package.

Each measurement runs in its own subprocess; the parent prints its wall time and peak resident
memory (``wait4`` rusage of that child):

* ``export real``: :func:`ctcoop.export.export_package` on the repository's package, all formats
  (target: under 2 s);
* ``read CSV``: polars reading every CSV of the synthetic package as text, the floor;
* ``read typed``: :func:`ctcoop.tables.typed.read_typed` on every table of it;
* ``export synthetic``: ``export_package`` on it, all formats (validation included, running
  beside the writers), then the same with one writer at a time instead of two; with its CPU
  time (user + system), which shows how close the run is to keeping both CPUs busy;
* ``breakdown``: in one process, validation (errors only, as export runs it), the typed read,
  then each writer alone, each as a multiple of the CSV read, so the slow parts show.

The synthetic package has three tables (10 relation types, 20,000 organizations and the rest
links, ``--rows`` rows in all, default 1,000,000) with every field type the package uses:
English and Arabic text (with diacritics and hamza forms), partial dates, integers, numbers,
booleans, dates, ``;``-lists, a foreign key and polymorphic ``ctcoop:references``.

``--baseline DIR`` runs every measurement with the checkout at DIR too (its own package for
``export real``, the same synthetic package for the rest), interleaved with this one's, ``--repeat``
rounds, and prints both side by side with their ratio and the load average (:mod:`checkouts`).

Run: ``.venv/bin/python benchmarks/export_bench.py [--rows N] [--workdir DIR] [--skip-synthetic]
[--baseline DIR] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl
from checkouts import Checkout, Run, add_options, checkouts, heading, load_line, measure, table

EN = ["Council", "Committee", "Resolution", "Convention", "Office", "Centre", "Forum", "Network",
      "Task", "Force", "Strategy", "Working", "Group", "Regional", "Global", "Initiative", "of the \"Arab\"",
      "League, Cairo"]
AR = ["مجلس", "لجنة", "قرار", "اتفاقية", "مكتب", "مركز", "منتدى", "شبكة", "فرقة", "عمل", "استراتيجية",
      "فريق", "إقليمي", "عالمي", "مبادرة", "التعاون", "الأُمَم", "المتّحدة", "مستوى", "آليّة"]
PARTIAL = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
TS = "https://datapackage.org/profiles/2.0/tableschema.json"
REQUIRED = {"required": True}


def _text(words: list[str], seed: pl.Expr, count: int) -> pl.Expr:
    """``count`` words picked from ``words`` by a deterministic hash of ``seed``."""
    parts = [pl.lit(pl.Series(words)).gather((seed * (7919 + 104729 * k) + k * 13) % len(words))
             for k in range(count)]
    return pl.concat_str(parts, separator=" ")


SCHEMAS: dict[str, dict[str, Any]] = {
    "rtypes": {"fields": [
        {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
        {"name": "name_en", "type": "string", "ctcoop:language": "en", "constraints": {"required": True}},
        {"name": "name_ar", "type": "string", "ctcoop:language": "ar", "ctcoop:translationOf": "name_en",
         "constraints": {"required": True}},
    ], "primaryKey": ["id"]},
    "orgs": {"fields": [
        {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
        {"name": "name_en", "type": "string", "ctcoop:language": "en", "constraints": {"required": True}},
        {"name": "name_ar", "type": "string", "ctcoop:language": "ar", "ctcoop:translationOf": "name_en",
         "constraints": {"required": True}},
        {"name": "parent", "type": "string"},
        {"name": "founded", "type": "string", "ctcoop:partialDate": True,
         "constraints": {"pattern": PARTIAL}},
        {"name": "staff", "type": "integer"},
        {"name": "budget", "type": "number"},
        {"name": "active", "type": "boolean"},
        {"name": "as_of", "type": "date"},
        {"name": "tags", "type": "string", "ctcoop:listDelimiter": ";"},
        {"name": "description_en", "type": "string", "ctcoop:language": "en"},
        {"name": "description_ar", "type": "string", "ctcoop:language": "ar",
         "ctcoop:translationOf": "description_en"},
    ], "primaryKey": ["id"],
        "foreignKeys": [{"fields": ["parent"], "reference": {"resource": "", "fields": ["id"]}}]},
    "links": {"fields": [
        {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
        {"name": "subject", "type": "string", "ctcoop:references": ["orgs"], "constraints": REQUIRED},
        {"name": "type", "type": "string", "constraints": {"required": True}},
        {"name": "object", "type": "string", "ctcoop:references": ["orgs"], "constraints": REQUIRED},
        {"name": "start_date", "type": "string", "ctcoop:partialDate": True,
         "constraints": {"pattern": PARTIAL}},
        {"name": "weight", "type": "number"},
        {"name": "confirmed", "type": "boolean"},
        {"name": "note_en", "type": "string", "ctcoop:language": "en"},
        {"name": "note_ar", "type": "string", "ctcoop:language": "ar", "ctcoop:translationOf": "note_en"},
    ], "primaryKey": ["id"],
        "foreignKeys": [{"fields": ["type"], "reference": {"resource": "rtypes", "fields": ["id"]}}]},
}


def _frames(rows: int) -> dict[str, pl.DataFrame]:
    n_types, n_orgs = 10, 20_000
    n_links = rows - n_types - n_orgs
    rtypes = pl.DataFrame({"n": pl.int_range(0, n_types, eager=True)}).select(
        pl.format("rtype-{}", pl.col("n")).alias("id"),
        _text(EN, pl.col("n"), 2).alias("name_en"), _text(AR, pl.col("n"), 2).alias("name_ar"))
    base = pl.DataFrame({"n": pl.int_range(0, n_orgs, eager=True)})
    n = pl.col("n")
    day = pl.lit(dt.date(1945, 1, 1)) + pl.duration(days=(n * 37) % 29_000)
    orgs = base.select(
        pl.format("org-{}", n.cast(pl.String).str.zfill(6)).alias("id"),
        _text(EN, n, 4).alias("name_en"), _text(AR, n, 4).alias("name_ar"),
        pl.when(n % 10 == 0).then(None).otherwise(pl.format("org-{}", (n // 10).cast(pl.String).str.zfill(6)))
        .alias("parent"),
        pl.when(n % 3 == 0).then(day.dt.year().cast(pl.String))
        .when(n % 3 == 1).then(day.dt.strftime("%Y-%m"))
        .otherwise(day.dt.strftime("%Y-%m-%d")).alias("founded"),
        ((n * 31) % 50_000).cast(pl.String).alias("staff"),
        ((n * 7) % 100_000 / 100).cast(pl.String).alias("budget"),
        pl.when(n % 2 == 0).then(pl.lit("true")).otherwise(pl.lit("false")).alias("active"),
        pl.when(n % 5 == 0).then(None).otherwise(day.dt.strftime("%Y-%m-%d")).alias("as_of"),
        pl.format("tag{};t{}", n % 17, n % 5).alias("tags"),
        _text(EN, n + 3, 12).alias("description_en"), _text(AR, n + 3, 12).alias("description_ar"),
    )
    m = pl.col("n")
    links = pl.DataFrame({"n": pl.int_range(0, n_links, eager=True)}).select(
        pl.format("rel-{}", m.cast(pl.String).str.zfill(7)).alias("id"),
        pl.format("org-{}", (m % n_orgs).cast(pl.String).str.zfill(6)).alias("subject"),
        pl.format("rtype-{}", m % n_types).alias("type"),
        pl.format("org-{}", ((m * 7 + 1) % n_orgs).cast(pl.String).str.zfill(6)).alias("object"),
        pl.when(m % 4 == 0).then(None).otherwise((1990 + m % 35).cast(pl.String)).alias("start_date"),
        ((m % 1000) / 8).cast(pl.String).alias("weight"),
        pl.when(m % 3 == 0).then(None).when(m % 3 == 1).then(pl.lit("true")).otherwise(pl.lit("false"))
        .alias("confirmed"),
        pl.when(m % 2 == 0).then(None).otherwise(_text(EN, m, 5)).alias("note_en"),
        pl.when(m % 2 == 0).then(None).otherwise(_text(AR, m, 5)).alias("note_ar"),
    )
    return {"rtypes": rtypes, "orgs": orgs, "links": links}


def make_synthetic(root: Path, rows: int) -> Path:
    """Write the synthetic package into ``root`` (replacing it)."""
    shutil.rmtree(root, ignore_errors=True)
    (root / "data").mkdir(parents=True)
    (root / "schemas").mkdir()
    resources = []
    for name, frame in _frames(rows).items():
        schema = {"$schema": TS, **SCHEMAS[name], "missingValues": [""]}
        text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
        (root / "schemas" / f"{name}.json").write_text(text, encoding="utf-8")
        frame.write_csv(root / "data" / f"{name}.csv", line_terminator="\n", null_value="")
        resources.append({"name": name, "type": "table", "path": f"data/{name}.csv", "format": "csv",
                          "mediatype": "text/csv", "encoding": "utf-8", "title": name.title(),
                          "schema": f"schemas/{name}.json"})
    descriptor = {"name": "synthetic", "version": "1.0.0", "title": "Synthetic benchmark package",
                  "created": "2026-01-01T00:00:00Z", "resources": resources}
    (root / "datapackage.json").write_text(json.dumps(descriptor, indent=2) + "\n", encoding="utf-8")
    for doc in ("README.md", "LICENSE"):
        (root / doc).write_text(f"{doc}\n", encoding="utf-8")
    return root


# ---------------------------------------------------------------- child tasks

def _child(task: str, package: Path, out: Path) -> dict[str, Any]:
    from ctcoop.package import load_package

    result: dict[str, Any] = {}
    if task == "read-csv":
        pkg = load_package(package)
        for res in pkg.resources:
            pl.read_csv(package / res.path, infer_schema=False)
    elif task == "read-typed":
        try:
            from ctcoop.tables.typed import read_typed
        except ImportError:  # a baseline from before the table layer (ctcoop.typed)
            from ctcoop.typed import read_typed  # type: ignore[import-not-found,no-redef]

        pkg = load_package(package)
        for res in pkg.resources:
            read_typed(pkg, res)
    elif task.startswith("export"):
        from ctcoop.export import export_package, writers

        if task == "export-serial":
            writers.WORKERS = 1
        artifacts = export_package(package, out)
        result["bytes"] = sum(p.stat().st_size for p in artifacts)
    elif task == "breakdown":
        from ctcoop.export.context import ExportContext
        from ctcoop.export.writers import FORMATS, writer
        from ctcoop.validate import validate_package

        steps: dict[str, float] = {}
        t = time.perf_counter()
        pkg = load_package(package)
        assert validate_package(pkg, errors_only=True).valid  # what export runs
        steps["validate"] = time.perf_counter() - t
        ctx = ExportContext.create(pkg)
        t = time.perf_counter()
        for res in ctx.resources:
            ctx.frame(res)
        steps["read typed"] = time.perf_counter() - t
        for fmt in FORMATS:
            staging = out / fmt
            staging.mkdir(parents=True)
            t = time.perf_counter()
            writer(fmt)(ctx, staging)
            steps[fmt] = time.perf_counter() - t
        if "sqlite" in FORMATS:
            built = out / "sqlite" / f"{ctx.base}.sqlite"
            steps["sqlite, C only"] = _sqlite_floor(built, out / "floor.sqlite")
        result["steps"] = steps
    return result


def _sqlite_floor(exported: Path, target: Path) -> float:
    """Seconds SQLite itself needs to build what the export built, with no Python in the loop.

    Copies every table of the exported database into a new file with SQL, creates the same
    indexes and search tables (filled from the exported ones), then runs ANALYZE: the work no
    faster way of handing rows to SQLite can avoid, since one database is written by one thread.
    """
    import sqlite3

    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("ATTACH ? AS src", (str(exported),))
    objects = conn.execute("SELECT type, name, sql FROM src.sqlite_master WHERE sql IS NOT NULL "
                           "ORDER BY rowid").fetchall()
    fts = [name for kind, name, sql in objects if kind == "table" and "VIRTUAL TABLE" in sql.upper()]
    shadow = tuple(f"{name}_" for name in fts)
    start = time.perf_counter()
    conn.execute("BEGIN")
    for kind, name, sql in objects:
        if kind != "table" or name.startswith(shadow) or name.startswith("sqlite_"):
            continue
        conn.execute(sql)
        if name in fts:
            cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')]
            listed = ", ".join(f'"{c}"' for c in cols)
            conn.execute(f'INSERT INTO "{name}" (rowid, {listed}) SELECT rowid, {listed} FROM src."{name}"')
        else:
            conn.execute(f'INSERT INTO main."{name}" SELECT * FROM src."{name}"')
    for kind, _name, sql in objects:
        if kind == "index":
            conn.execute(sql)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    seconds = time.perf_counter() - start
    conn.close()
    return seconds


def _run(task: str, package: Path, out: Path, side: Checkout) -> tuple[Run, dict[str, Any]]:
    """One child task with ``side``'s toolkit: its measurement and what it printed."""
    shutil.rmtree(out, ignore_errors=True)
    report = out.parent / f"{out.name}.json"
    args = [side.python, __file__, "--child", task, "--package", str(package), "--out", str(out)]
    run = measure(args, env=side.env, stdout=report)
    result: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    report.unlink()
    return run, result


def _median(runs: list[Run]) -> float:
    return statistics.median(r.wall for r in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--child", default=None)
    parser.add_argument("--package", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=None)
    add_options(parser)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, args.package, args.out)))
        return 0
    sides = checkouts(args.baseline)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="export-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"ctcoop export benchmark, {dt.date.today().isoformat()}, Python {platform.python_version()}, "
          f"polars {pl.__version__}, {os.cpu_count()} CPUs")
    print("\n".join(heading(sides, args.repeat)))
    measured: dict[str, dict[str, list[Run]]] = {}
    results: dict[tuple[str, str], dict[str, Any]] = {}

    def run(label: str, task: str, package: Path | None) -> None:
        for side in sides:
            got, result = _run(task, package or side.root, work / f"out-{task}-{side.label}", side)
            measured.setdefault(label, {}).setdefault(side.label, []).append(got)
            results[label, side.label] = result

    for _ in range(args.repeat):
        run("export real", "export", None)
    real, real_bytes = measured["export real"]["this"], results["export real", "this"]["bytes"]
    print(f"export real package (all formats, validation included): {_median(real):.2f} s, "
          f"peak {max(r.peak_mib for r in real):.0f} MiB, {real_bytes / 1e6:.1f} MB written"
          + (" (each checkout exports its own package)" if len(sides) > 1 else ""))
    if args.skip_synthetic:
        print("\n".join(table(list(measured.items()))))
        print(load_line("at end"))
        return 0
    t = time.perf_counter()
    synthetic = make_synthetic(work / "synthetic", args.rows)
    size = sum(p.stat().st_size for p in (synthetic / "data").iterdir())
    print(f"synthetic package: {args.rows:,} rows, {size / 1e6:.0f} MB of CSV (generated in "
          f"{time.perf_counter() - t:.1f} s)")
    for _ in range(args.repeat):  # interleaved: every task with every checkout in each round
        run("read CSV", "read-csv", synthetic)
        run("read typed", "read-typed", synthetic)
        run("export synthetic", "export", synthetic)
        run("export, one writer", "export-serial", synthetic)
    read, typed = measured["read CSV"]["this"], measured["read typed"]["this"]
    export, serial = measured["export synthetic"]["this"], measured["export, one writer"]["this"]
    written = results["export synthetic", "this"]["bytes"]
    print(f"read CSV (polars, text):   {_median(read):.2f} s, peak {max(r.peak_mib for r in read):.0f} MiB")
    print(f"read typed (ctcoop.tables.typed): {_median(typed):.2f} s, "
          f"peak {max(r.peak_mib for r in typed):.0f} MiB")
    print(f"export (all formats):      {_median(export):.2f} s, "
          f"peak {max(r.peak_mib for r in export):.0f} MiB, "
          f"{written / 1e6:.0f} MB written; {_median(export) / _median(read):.1f}x the CSV read "
          f"(target 5x); CPU time {statistics.median(r.cpu for r in export):.1f} s on {os.cpu_count()} CPUs")
    print(f"export, one writer at a time: {_median(serial):.2f} s, "
          f"peak {max(r.peak_mib for r in serial):.0f} MiB")
    print(f"figures above: this checkout, median of {args.repeat}; side by side:")
    print("\n".join(table(list(measured.items()))))
    run("breakdown", "breakdown", synthetic)
    steps = {side.label: results["breakdown", side.label]["steps"] for side in sides}
    read_s = _median(read)
    print("breakdown, each step alone in one process (x the CSV read):"
          + ("   (baseline, ratio this/baseline)" if len(sides) > 1 else ""))
    for step, seconds in steps["this"].items():
        line = f"  {step:<15} {seconds:5.2f} s  {seconds / read_s:5.1f}x"
        if "baseline" in steps and step in steps["baseline"]:
            base = steps["baseline"][step]
            line += f"   {base:5.2f} s  {seconds / base:5.2f}x" if base else f"   {base:5.2f} s"
        print(line)
    print(load_line("at end"))
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
