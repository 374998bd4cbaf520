"""`ctcoop --help` lists every command without importing the heavy engines (fast start-up)."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from click.testing import CliRunner
from ctcoop.cli import cli
result = CliRunner().invoke(cli, ["--help"])
assert result.exit_code == 0, result.output
heavy = [m for m in ("polars", "frictionless", "pyarrow", "xlsxwriter", "jsonschema") if m in sys.modules]
print(",".join(heavy))
"""


def test_top_level_help_imports_no_heavy_module() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_every_command_is_listed_in_help() -> None:
    from click.testing import CliRunner

    from ctcoop.cli import COMMANDS, cli

    result = CliRunner().invoke(cli, ["--help"])
    for name in COMMANDS:
        assert f"  {name} " in result.output
