"""Put a new version into ``datapackage.json`` and ``CITATION.cff`` text, changing nothing else.

Both functions take the file's current text and return the new text; they never write. The
descriptor keeps its formatting: the top-level ``"version"`` value is replaced in place and the
result is re-parsed to prove that nothing but the version changed (otherwise the descriptor is
re-serialised with two-space indentation). In ``CITATION.cff`` the top-level ``version:`` and
``date-released:`` lines are replaced, or appended when absent.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from ctcoop.errors import CtcoopError

_VERSION_LINE = re.compile(r'^(  "version"\s*:\s*)"(?:[^"\\]|\\.)*"', re.MULTILINE)


def descriptor_with_version(text: str, version: str) -> str:
    """``datapackage.json`` text with the package's ``version`` set to ``version``."""
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CtcoopError(
            f"datapackage.json is not valid JSON: {exc.msg} at line {exc.lineno}",
            file="datapackage.json",
            code="descriptor-json",
        ) from None
    if not isinstance(data, dict):
        raise CtcoopError(
            "datapackage.json is not a JSON object", file="datapackage.json", code="descriptor-json"
        )
    wanted = dict(data)
    wanted["version"] = version
    matches = list(_VERSION_LINE.finditer(text))
    if len(matches) == 1:
        m = matches[0]
        candidate = text[: m.start()] + m.group(1) + json.dumps(version) + text[m.end() :]
        try:
            if json.loads(candidate) == wanted:
                return candidate
        except json.JSONDecodeError:
            pass
    ordered: dict[str, Any] = {}
    for key, value in data.items():
        ordered[key] = value
        if key in ("name", "id") and "version" not in data:
            ordered["version"] = version
    ordered["version"] = version
    return json.dumps(ordered, ensure_ascii=False, indent=2) + "\n"


def _yaml_scalar(value: str) -> str:
    return value if re.fullmatch(r"[0-9A-Za-z.+-]+", value) else json.dumps(value)


def citation_with_version(text: str, version: str, released: dt.date) -> str:
    """``CITATION.cff`` text with ``version`` and ``date-released`` set."""
    lines = text.splitlines(keepends=True)
    newline = "\n"
    values = {"version": _yaml_scalar(version), "date-released": f'"{released.isoformat()}"'}
    found: set[str] = set()
    out: list[str] = []
    for line in lines:
        key = line.split(":", 1)[0] if ":" in line and not line[:1].isspace() else None
        if key in values:
            out.append(f"{key}: {values[key]}{newline}")
            found.add(key)
        else:
            out.append(line)
    missing = [k for k in values if k not in found]
    if missing:
        if out and not out[-1].endswith("\n"):
            out[-1] += newline
        out.extend(f"{k}: {values[k]}{newline}" for k in missing)
    return "".join(out)
