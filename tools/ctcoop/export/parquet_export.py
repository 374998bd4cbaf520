"""``parquet/<table>.parquet``: one file per table, typed by the Table Schema.

Column types are those of :func:`ctcoop.tables.typed.read_typed`: ``string`` → UTF-8 string,
``integer`` → int64, ``number`` → float64, ``boolean`` → boolean, ``date`` → date32,
``datetime`` → timestamp[us] (UTC, naive), ``time`` → time64[us], ``year`` → int32, a
``ctcoop:listDelimiter`` string → list<string>, a partial date → string as written. A missing
value is a Parquet null. The file's key-value metadata holds the resource descriptor with its
Table Schema inlined under ``frictionless:resource``, so the file documents itself.

Reproducible: zstd at a fixed level, polars' fixed row-group size, no timestamps in the file
(``created_by`` names the polars version, which the lock file pins).
"""

from __future__ import annotations

import json
from pathlib import Path

from ctcoop.export.context import ExportContext, table_file

PARQUET_DIR = "parquet"
_ZSTD_LEVEL = 3


def write(ctx: ExportContext, staging: Path) -> list[str]:
    """Build ``parquet/<table>.parquet`` for every resource in ``staging``."""
    (staging / PARQUET_DIR).mkdir()
    written: list[str] = []
    for res in ctx.resources:
        rel = f"{PARQUET_DIR}/{table_file(res.name, '.parquet')}"
        described = {**res.descriptor, "schema": res.schema}
        ctx.frame(res).write_parquet(
            staging / rel, compression="zstd", compression_level=_ZSTD_LEVEL, statistics=True,
            metadata={"frictionless:resource": json.dumps(described, ensure_ascii=False, sort_keys=True)},
        )
        written.append(rel)
    return written
