"""Write a generated file, or with ``--check`` say whether it is up to date (docs, countries)."""

from __future__ import annotations

from pathlib import Path

import click

from ctcoop.csvio import atomic_write_bytes
from ctcoop.escape import visible
from ctcoop.safe_write import read_for_update


def check_or_write(target: Path, text: str, *, check: bool, command: str) -> bool:
    """With ``check``, exit 1 when ``target`` differs from ``text`` (else say it is up to date)
    and return False; otherwise write ``text`` to ``target`` atomically and return True."""
    if check:
        existing = read_for_update(target)
        current = existing.decode("utf-8", errors="replace") if existing is not None else ""
        if current != text:
            click.echo(f"{visible(target)} is out of date; run `ctcoop {command}` to regenerate it", err=True)
            raise SystemExit(1)
        click.echo(f"{visible(target)} is up to date")
        return False
    atomic_write_bytes(target, text.encode("utf-8"))
    return True
