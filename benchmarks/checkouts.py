"""What the benchmarks share: running a command in a child process and measuring it, and comparing
this checkout's toolkit with another checkout's (``--baseline DIR``), run by run, side by side.

A checkout runs with its own virtual environment (``DIR/.venv/bin/python`` and ``ctcoop``) when it
has one, else with this interpreter and ``DIR/tools`` first on the path. The runs alternate
(this, baseline, this, baseline…, ``--repeat N`` rounds), so both meet the same machine load;
the one-minute load average is noted at the start of every run and printed with the figures,
since other work on a shared machine slows polars (which uses every core) the most.

Every figure is the child process's own: wall time, CPU time (user + system) and peak resident
memory from ``wait4``'s rusage. The ratio is this checkout's figure over the baseline's (under
1.00: this one is faster or smaller).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Checkout:
    """A checkout of the repository whose toolkit a benchmark runs."""

    label: str  #: "this" or "baseline"
    root: Path

    @property
    def venv(self) -> Path | None:
        bin_dir = self.root / ".venv" / "bin"
        return bin_dir if (bin_dir / "python").exists() else None

    @property
    def python(self) -> str:
        """The checkout's interpreter (this one when it has no virtual environment)."""
        return str(self.venv / "python") if self.venv else sys.executable

    @property
    def env(self) -> dict[str, str] | None:
        """The environment its commands run in (``tools`` first on the path when it has no venv)."""
        if self.venv or self.root == ROOT:
            return None
        return dict(os.environ, PYTHONPATH=str(self.root / "tools"))

    def ctcoop(self, *args: str) -> list[str]:
        """The command line of ``ctcoop ARGS`` with this checkout's toolkit."""
        if self.venv and (self.venv / "ctcoop").exists():
            return [str(self.venv / "ctcoop"), *args]
        return [self.python, "-c", "import sys; from ctcoop.cli import cli; sys.exit(cli())", *args]

    def describe(self) -> str:
        """Label, commit and folder, e.g. ``baseline: e69f6bc (/work/wt-base)``."""
        try:
            commit = subprocess.run(
                ["git", "-C", str(self.root), "rev-parse", "--short", "HEAD"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            commit = "?"
        dirty = subprocess.run(
            ["git", "-C", str(self.root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        return f"{self.label}: {commit}{' + uncommitted changes' if dirty else ''} ({self.root})"


@dataclass(frozen=True)
class Run:
    """One measured child process."""

    wall: float  #: seconds
    cpu: float  #: user + system seconds
    peak_mib: float  #: peak resident set size
    code: int  #: exit code
    load: float  #: one-minute load average when it started


def add_options(parser: argparse.ArgumentParser, repeat: int = 1) -> None:
    """``--baseline DIR`` and ``--repeat N`` (rounds of interleaved runs)."""
    parser.add_argument(
        "--baseline",
        type=Path,
        default=None,
        help="another checkout (its own .venv if it has one) to run the same workload with, interleaved",
    )
    parser.add_argument("--repeat", type=int, default=repeat, help="rounds of runs (interleaved)")


def checkouts(baseline: Path | None) -> list[Checkout]:
    """This checkout, then the baseline when one is given, each with its toolkit's bytecode compiled."""
    this = Checkout("this", ROOT)
    sides = [this]
    if baseline is not None:
        base = baseline.resolve()
        if not (base / "tools" / "ctcoop").is_dir():
            raise SystemExit(f"--baseline {baseline}: not a checkout of this repository (no tools/ctcoop)")
        sides.append(Checkout("baseline", base))
    for side in sides:
        compile_bytecode(side)
    return sides


def compile_bytecode(side: Checkout) -> None:
    """Write the bytecode of the checkout's ``tools/`` (``__pycache__``, ignored by git), as an installed
    package has it: with ``PYTHONDONTWRITEBYTECODE`` set, every run would otherwise compile each
    module it imports again, and a toolkit of more, smaller modules would pay more for it."""
    subprocess.run(
        [side.python, "-m", "compileall", "-q", str(side.root / "tools")],
        stdout=subprocess.DEVNULL,
        check=True,
    )


def rounds(repeat: int, sides: Sequence[Checkout]) -> Iterator[tuple[int, Checkout]]:
    """(round, checkout) in the order the runs are made: A B A B …"""
    for n in range(repeat):
        for side in sides:
            yield n, side


def measure(
    cmd: Sequence[str],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdout: Path | None = None,
    ok: Sequence[int] = (0,),
) -> Run:
    """Run ``cmd`` (stdout to the file ``stdout``, else discarded) and measure it; SystemExit with its
    error output when its exit code is not in ``ok``."""
    load = os.getloadavg()[0]
    start = time.perf_counter()
    with open(stdout, "wb") if stdout else open(os.devnull, "wb") as out:
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=subprocess.PIPE, cwd=cwd, env=env)
        assert proc.stderr is not None
        err = proc.stderr.read()  # read before waiting: a full pipe would block the child
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        raise SystemExit(f"{' '.join(cmd[:3])}… failed with exit {code}:\n{err.decode('utf-8', 'replace')}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code, load)


def load_line(when: str) -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {when}: {one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min; {os.cpu_count()} CPUs)"


def _figures(runs: Sequence[Run]) -> str:
    walls = [r.wall for r in runs]
    return (
        f"{min(walls):6.2f} s {statistics.median(walls):6.2f} s "
        f"{statistics.median(r.cpu for r in runs):6.2f} s {max(r.peak_mib for r in runs):6.0f} MiB"
    )


HEADER = f"{'best':>8} {'median':>8} {'CPU':>8} {'peak':>10}"


def table(rows: Sequence[tuple[str, dict[str, list[Run]]]]) -> list[str]:
    """Lines of a table: per measurement, each side's (a checkout's, or another tool's) best and median
    wall time, median CPU time, largest peak memory and the range of load averages its runs started
    at; then, with a baseline, this over baseline for median wall time, CPU time and peak memory."""
    width = max([len(label) for label, _ in rows] + [12])
    lines = [f"{'':<{width}}  {'':<8} {HEADER}   load at start"]
    for label, runs in rows:
        for side, got in runs.items():
            loads = [r.load for r in got]
            lines.append(f"{label:<{width}}  {side:<8} {_figures(got)}   {min(loads):.2f}-{max(loads):.2f}")
        this, base = runs.get("this", []), runs.get("baseline", [])
        if this and base:
            wall = statistics.median(r.wall for r in this) / statistics.median(r.wall for r in base)
            cpu = statistics.median(r.cpu for r in this) / statistics.median(r.cpu for r in base)
            peak = max(r.peak_mib for r in this) / max(r.peak_mib for r in base)
            lines.append(
                f"{label:<{width}}  {'ratio':<8} this/baseline: median wall {wall:.2f}x, "
                f"CPU {cpu:.2f}x, peak memory {peak:.2f}x"
            )
    return lines


def heading(sides: Sequence[Checkout], repeat: int) -> list[str]:
    """What is compared, with the load average at the start."""
    lines = [side.describe() for side in sides]
    lines.append("bytecode: compiled for each checkout's tools/ before the runs (as an install has it)")
    if len(sides) > 1:
        lines.append(f"{repeat} round(s), runs interleaved (this, baseline, this, baseline, ...)")
    lines.append(load_line("at start"))
    return lines
