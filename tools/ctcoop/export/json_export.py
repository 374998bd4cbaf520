"""``<base>.json`` (the whole package) and ``ndjson/<table>.ndjson`` (one file per table).

Every row is a JSON object with one key per field, in schema order, holding the typed value:

=====================================  ===============================================
Table Schema field                     JSON value
=====================================  ===============================================
``string`` (also partial dates)        string
``string`` + ``ctcoop:listDelimiter``  array of strings
``integer``, ``year``                  number without a fraction
``number``                             number (``NaN``, ``INF``, ``-INF`` as those strings,
                                       since JSON has no such numbers)
``boolean``                            ``true`` / ``false``
``date``                               ``"YYYY-MM-DD"``
``datetime``                           ``"YYYY-MM-DDTHH:MM:SS[.fff]"`` (UTC)
``time``                               ``"HH:MM:SS[.fff]"``
missing value                          ``null`` (the key is always present)
=====================================  ===============================================

``<base>.json`` is ``{"package": <descriptor, each schema inlined>, "tables": {"<name>": [rows]}}``
with one row per line. Both files are UTF-8 (no escaping of non-ASCII), LF line endings.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, BinaryIO

import polars as pl

from ctcoop.export.context import ExportContext, table_file

NDJSON_DIR = "ndjson"


def _json_ready(frame: pl.DataFrame) -> pl.DataFrame:
    """Datetimes and times as ISO strings (polars would write a space instead of the 'T')."""
    exprs = []
    for name, dtype in frame.schema.items():
        if isinstance(dtype, pl.Datetime):
            exprs.append(pl.col(name).dt.to_string("%Y-%m-%dT%H:%M:%S%.f"))
        elif dtype == pl.Time:
            exprs.append(pl.col(name).dt.to_string("%H:%M:%S%.f"))
    return frame.with_columns(exprs) if exprs else frame


def _has_non_finite(frame: pl.DataFrame) -> bool:
    floats = [n for n, t in frame.schema.items() if t in (pl.Float64, pl.Float32)]
    if not floats or frame.height == 0:
        return False
    return bool(frame.select(pl.any_horizontal([~pl.col(n).is_finite() for n in floats]).any()).item())


def _plain(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("INF" if value > 0 else "-INF")
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def row_objects(frame: pl.DataFrame) -> pl.DataFrame:
    """One text column, ``json``: each row of the typed frame as a JSON object (keys in field order)."""
    frame = _json_ready(frame)
    if frame.width == 0:
        return pl.DataFrame({"json": ["{}"] * frame.height}, schema={"json": pl.String})
    if not _has_non_finite(frame):
        return frame.select(pl.struct(pl.all()).struct.json_encode().alias("json"))
    # JSON has no NaN or infinity: this rare path writes them as the Table Schema's strings.
    lines = [json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False, allow_nan=False,
                        separators=(",", ":"), default=str)
             for row in frame.iter_rows(named=True)]
    return pl.DataFrame({"json": lines}, schema={"json": pl.String})


def write_lines(lines: pl.DataFrame, out: BinaryIO | Path, terminator: str) -> None:
    """Write each JSON text of ``lines`` followed by ``terminator`` (nothing when there are none).

    polars writes them (a one-column CSV, never quoted: a JSON text holds no raw line break),
    so a million rows never become Python strings.
    """
    if lines.height:
        lines.write_csv(out, include_header=False, quote_style="never", line_terminator=terminator)


def package_document_head(ctx: ExportContext) -> dict[str, Any]:
    """The descriptor with each resource's Table Schema inlined."""
    descriptor = dict(ctx.package.descriptor)
    schemas = {r.name: r.schema for r in ctx.package.resources}
    resources = []
    for res in descriptor.get("resources", []):
        if isinstance(res, dict) and res.get("name") in schemas:
            res = {**res, "schema": schemas[res["name"]]}
        resources.append(res)
    descriptor["resources"] = resources
    return descriptor


def write(ctx: ExportContext, staging: Path) -> list[str]:
    """Build ``<base>.json`` and ``ndjson/<table>.ndjson`` in ``staging``."""
    (staging / NDJSON_DIR).mkdir()
    written: list[str] = []
    whole = staging / f"{ctx.base}.json"
    with whole.open("wb") as out:
        head = json.dumps(package_document_head(ctx), ensure_ascii=False, indent=2)
        out.write(b'{\n"package": ' + head.encode("utf-8") + b',\n"tables": {')
        for index, res in enumerate(ctx.resources):
            lines = row_objects(ctx.frame(res))
            rel = f"{NDJSON_DIR}/{table_file(res.name, '.ndjson')}"
            with (staging / rel).open("wb") as nd:
                write_lines(lines, nd, "\n")
            written.append(rel)
            out.write(b"," if index else b"")
            out.write(b"\n" + json.dumps(res.name, ensure_ascii=False).encode("utf-8") + b": [")
            if lines.height:
                out.write(b"\n")
                write_lines(lines.head(-1), out, ",\n")
                write_lines(lines.tail(1), out, "\n")
            out.write(b"]")
        out.write(b"\n}\n}\n")
    return [whole.name, *written]
