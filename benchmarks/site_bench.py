"""Benchmark ``ctcoop site``: build the repository's package's website and print time and size.

Each build runs in its own subprocess; the parent prints its wall time, CPU time (user + system,
of the build and pagefind) and peak resident memory, then the site's size: files, pages and
bytes, and how much of it is pagefind's index. Target: the whole package in under 10 s with the
search index, on two cores.

``--baseline DIR`` also builds the site of the checkout at DIR with that checkout's toolkit
(``DIR/tools`` first on the path), alternating with this one's, so that a change is measured
against, say, a worktree of ``main`` on the same machine at the same time.

Run: ``.venv/bin/python benchmarks/site_bench.py [--runs N] [--no-search] [--workdir DIR]
[--baseline DIR]``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from checkouts import Checkout, compile_bytecode

ROOT = Path(__file__).resolve().parent.parent


def _build(out: Path, search: bool, checkout: Path = ROOT) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak RSS (KiB) of one build in a child process."""
    code = "import sys; from ctcoop.cli import cli; sys.exit(cli())"
    args = [sys.executable, "-c", code, "site", str(checkout), "--out", str(out)]
    if not search:
        args.append("--no-search")
    env = dict(os.environ, PYTHONPATH=str(checkout / "tools")) if checkout != ROOT else None
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"build failed: {err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-search", action="store_true")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--baseline", type=Path, default=None, help="another checkout to compare with")
    opts = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="site-bench-", dir=opts.workdir))
    try:
        search = "no" if opts.no_search else "yes"
        print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, search={search}")
        kinds = [("baseline", opts.baseline.resolve()), ("this", ROOT)] if opts.baseline else [("this", ROOT)]
        for kind, checkout in kinds:  # as an install has it (PYTHONDONTWRITEBYTECODE: checkouts.py)
            compile_bytecode(Checkout(kind, checkout))
        walls: dict[str, list[float]] = {k: [] for k, _ in kinds}
        for run in range(opts.runs):
            for kind, checkout in kinds:
                out = work / f"{kind}{run}"
                wall, cpu, rss = _build(out, not opts.no_search, checkout)
                walls[kind].append(wall)
                print(f"{kind:8s} build {run + 1}: {wall:6.2f} s wall, {cpu:6.2f} s CPU, "
                      f"peak {rss / 1024:7.1f} MiB")
        for kind, _ in kinds:
            site = work / f"{kind}0"
            files = [p for p in site.rglob("*") if p.is_file()]
            pages = sum(1 for p in files if p.suffix == ".html")
            total = sum(p.stat().st_size for p in files)
            index = sum(p.stat().st_size for p in files if "pagefind" in p.relative_to(site).parts)
            w = sorted(walls[kind])
            print(f"{kind}: best {w[0]:.2f} s, median {w[len(w) // 2]:.2f} s (target: under 10 s); "
                  f"site: {len(files)} files, {pages} HTML pages, {total / 1e6:.1f} MB "
                  f"(search index {index / 1e6:.1f} MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
