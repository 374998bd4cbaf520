"""Run ctcoop commands in this process under an address-space limit; print one JSON object per command.

Usage: ``python tests/hostile/run.py LIMIT_BYTES PKG OUT BASE COMMAND...`` (names from
``tests.hostile.cases.COMMANDS``). Each command is stopped after 30 s (SIGALRM).
"""

from __future__ import annotations

import json
import resource
import signal
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from ctcoop.cli import cli

SECONDS = 30


def main(argv: list[str]) -> None:
    limit, pkg, out, base, *commands = argv
    resource.setrlimit(resource.RLIMIT_AS, (int(limit), int(limit)))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from hostile.cases import COMMANDS

    def too_slow(signum: int, frame: object) -> None:
        raise TimeoutError(f"over {SECONDS} s")

    signal.signal(signal.SIGALRM, too_slow)
    for name in commands:
        args = [a.format(pkg=pkg, out=out, base=base) for a in COMMANDS[name]]
        start = time.monotonic()
        signal.alarm(SECONDS)
        result = CliRunner().invoke(cli, args)
        signal.alarm(0)
        print(json.dumps({"command": name, "exit": result.exit_code, "output": result.output,
                          "exception": repr(result.exception) if result.exit_code not in (0, 1, 2) else None,
                          "seconds": round(time.monotonic() - start, 2),
                          "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
