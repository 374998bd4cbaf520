"""ctcoop validate and frictionless validate on every hostile case: the table in docs/security.md.

``python tests/hostile/differential.py`` prints the table; ``--write`` puts it into
docs/security.md between the ``differential`` markers. ``tests/test_hostile_differential.py``
regenerates it and checks that the document holds the same table.

Both run in a subprocess under the same bounds (30 s, 4 GiB of address space). The verdict
says where ctcoop is stricter (it reports an error frictionless accepts), safer (frictionless
hangs, runs out of memory or crashes where ctcoop reports) or the same.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from hostile.cases import CASES  # noqa: E402

ROOT = HERE.parent.parent
DOC = ROOT / "docs" / "security.md"
START, END = "<!-- differential:start -->", "<!-- differential:end -->"
SECONDS = 30
ADDRESS_SPACE = 4 * 1024**3


def _run(argv: list[str]) -> tuple[int | None, str]:
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=SECONDS, cwd=ROOT, check=False)
    except subprocess.TimeoutExpired:
        return None, ""
    return proc.returncode, proc.stdout


def ctcoop_outcome(path: Path, tmp: Path) -> str:
    code, out = _run([sys.executable, str(HERE / "run.py"), str(ADDRESS_SPACE), str(path), str(tmp / "out"),
                      str(tmp / "base"), "validate"])
    if code is None:
        return "over 30 s"
    if code != 0 or not out.strip():
        return "crash"
    result = json.loads(out.splitlines()[-1])
    if "internal error" in result["output"] or "Traceback" in result["output"]:
        return "crash"
    return {0: "valid", 1: "invalid", 2: "refused (exit 2)"}.get(result["exit"], "crash")


def frictionless_outcome(path: Path) -> str:
    target = path / "datapackage.json" if path.is_dir() else path
    code, out = _run([sys.executable, str(HERE / "frictionless_run.py"), str(ADDRESS_SPACE), str(target)])
    if code is None:
        return "over 30 s"
    if code != 0 or not out.strip():
        return "out of memory" if "MemoryError" in out or code in (-9, -6, 1) else "crash"
    result = json.loads(out.splitlines()[-1])
    outcome = result["outcome"]
    if outcome == "crash" and result["errors"] == ["FrictionlessException"]:
        return "refused (FrictionlessException)"  # frictionless's own way of reporting a broken package
    if outcome == "crash":
        return f"crash ({result['errors'][0]})"
    if outcome == "memory":
        return "out of memory"
    return str(outcome)


def verdict(ours: str, theirs: str) -> str:
    ours_reports = ours in ("invalid", "refused (exit 2)")
    if not ours_reports:
        return "ctcoop MISSES IT"
    if theirs == "invalid" or theirs.startswith("refused"):
        return "same"
    if theirs == "valid":
        return "ctcoop stricter"
    return "ctcoop safer"


def row(name: str) -> list[str]:
    case = CASES[name]
    with tempfile.TemporaryDirectory(prefix=f"diff-{name}-") as tmp:
        path = case.build(Path(tmp))
        ours = ctcoop_outcome(path, Path(tmp))
        theirs = frictionless_outcome(path)
    return [name, case.klass, ours, theirs, verdict(ours, theirs)]


def table() -> str:
    names = sorted(n for n, c in CASES.items() if c.differential and c.klass != "write")
    with ThreadPoolExecutor(max_workers=2) as pool:  # 2 cores: more would measure contention
        rows = list(pool.map(row, names))
    lines = ["| case | class | ctcoop validate | frictionless validate | verdict |",
             "| --- | --- | --- | --- | --- |"]
    lines += ["| " + " | ".join(f"`{r[0]}`" if i == 0 else r[i] for i in range(len(r))) + " |" for r in rows]
    return "\n".join(lines) + "\n"


#: cases where frictionless's outcome depends on the machine or on chance: it finishes a 100k-item
#: enum in about 22 s on an idle 2-core machine, and it may or may not stop reading /dev/urandom
UNSTABLE = {"enum-100k", "dev-urandom-descriptor"}


def rows_of(table_text: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip("|").split("|")] for line in table_text.splitlines()[2:]]


def differences(documented: str, generated: str) -> list[str]:
    """Rows that differ, comparing the frictionless outcome and verdict only where they do not
    depend on timing (neither side over 30 s, the case not in :data:`UNSTABLE`)."""
    a, b = rows_of(documented), rows_of(generated)
    if [r[:3] for r in a] != [r[:3] for r in b]:
        return [f"{x[:3]} != {y[:3]}" for x, y in zip(a, b, strict=False) if x[:3] != y[:3]] or ["row count"]
    out = []
    for x, y in zip(a, b, strict=True):
        timing = "over 30 s" in (x[3], y[3]) or x[0].strip("`") in UNSTABLE
        if not timing and x[3:] != y[3:]:
            out.append(f"{x} != {y}")
    return out


def in_document(text: str) -> str:
    """The table currently between the markers of docs/security.md."""
    return text.split(START, 1)[1].split(END, 1)[0].strip("\n") + "\n"


def main(argv: list[str]) -> None:
    generated = table()
    if "--write" in argv:
        text = DOC.read_text(encoding="utf-8")
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1]
        DOC.write_text(f"{head}{START}\n{generated}{END}{tail}", encoding="utf-8")
    else:
        sys.stdout.write(generated)


if __name__ == "__main__":
    main(sys.argv[1:])
