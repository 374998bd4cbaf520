"""The tables of issue codes (docs/validate.md) and of run error codes (docs/cli.md), from ctcoop.codes."""

from __future__ import annotations

from ctcoop.codes import SOURCES, Code, issue_codes, run_codes

_SEVERITY = {"rule": "rule level¹"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _source(code: Code) -> str:
    if len(code.sources) > 3:
        return "any check reading a `ctcoop:` property"
    return ", ".join(f"`{s}`" if s not in SOURCES else s for s in code.sources)


def _table(codes: dict[str, Code]) -> list[str]:
    lines = ["| code | severity | from | meaning | hint |", "|---|---|---|---|---|"]
    for name, code in codes.items():
        lines.append(f"| `{name}` | {_SEVERITY.get(code.severity, code.severity)} | {_source(code)} | "
                     f"{_cell(code.meaning)} | {_cell(code.hint)} |")
    return lines


def issue_codes_table() -> str:
    """Every code a validation report can hold: severity, check family (or loading), meaning, hint."""
    codes = issue_codes()
    lines = [f"{len(codes)} codes. *from*: the check family (`--check NAME`), or *load* for opening "
             "the package; *hint*: the hint the issue carries, `…` standing for the names and values of "
             "the case.", "", *_table(codes), "",
             "¹ the level the descriptor declares in `ctcoop:rules` (see Project rules); undeclared, a "
             "warning, an error under `--profile strict`."]
    return "\n".join(lines) + "\n"


def run_codes_table() -> str:
    """Every code of an error that stops a command, or of a command's own finding (`ctcoop new`)."""
    codes = run_codes()
    lines = [f"{len(codes)} codes (issue codes of `ctcoop validate` are in [validate.md](validate.md)). "
             "*from*: " + "; ".join(f"**{k}** {v}" for k, v in SOURCES.items() if k != "load") + ".",
             "", *_table(codes)]
    return "\n".join(lines) + "\n"
