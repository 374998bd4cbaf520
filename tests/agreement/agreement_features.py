"""The features the generated packages vary, one at a time, and a minimal reproducer of each.

Each feature is a :class:`Layout` (format, dialect, header, fieldsMatch, missing values) and the
options of the table strategy. :func:`reproducer` writes a feature over :data:`MINIMAL`, the
package disagreements.json lists for it (``python tests/agreement/agreement_features.py`` rewrites
that list; a test checks it is current).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agreement_packages import Built, Layout, build
from agreement_tables import Table

#: two rows: one with a value in every column, one with every value missing (each missing-value
#: token of a form is written at least once)
MINIMAL = Table(
    [
        {"row_id": "k1", "the_text": "a, b", "the_count": 1, "is_flag": True, "the_tags": ["x", "y"]},
        {"row_id": "k2", "the_text": None, "the_count": None, "is_flag": None, "the_tags": None},
    ]
)
KNOWN_FILE = Path(__file__).with_name("disagreements.json")


@dataclass(frozen=True)
class Feature:
    layout: Layout
    #: options of the table strategy: newlines in text cells, letters only, at least N rows
    table: dict[str, Any] = field(default_factory=dict)


FEATURES: dict[str, Feature] = {
    "plain": Feature(Layout()),
    "header-case": Feature(Layout(header_case=True)),
    "header-case-equal": Feature(Layout(header_case=True, fields_match="equal")),
    "header-case-sensitive": Feature(Layout(header_case=True, case_sensitive_header=True)),
    "case-sensitive-header": Feature(Layout(case_sensitive_header=True)),
    "fields-match-exact": Feature(Layout(fields_match="exact")),
    "fields-match-exact-permuted": Feature(Layout(fields_match="exact", columns="permuted")),
    "fields-match-equal": Feature(Layout(fields_match="equal", columns="permuted")),
    "fields-match-equal-fewer": Feature(Layout(fields_match="equal", columns="fewer")),
    "fields-match-subset": Feature(Layout(fields_match="subset", columns="extra")),
    "fields-match-subset-fewer": Feature(Layout(fields_match="subset", columns="fewer")),
    "fields-match-superset": Feature(Layout(fields_match="superset", columns="fewer")),
    "fields-match-superset-extra": Feature(Layout(fields_match="superset", columns="extra")),
    "fields-match-partial": Feature(Layout(fields_match="partial", columns="fewer-extra")),
    "missing-v1": Feature(Layout(missing="v1")),
    "missing-v2": Feature(Layout(missing="v2")),
    "missing-v2-no-blank": Feature(Layout(missing="v2-no-blank")),
    "missing-field": Feature(Layout(missing="field")),
    "missing-null-sequence": Feature(Layout(missing="null-sequence")),
    "bom": Feature(Layout(bom=True)),
    "quoted-newlines": Feature(Layout(), {"newlines": True}),
    "crlf": Feature(Layout(line_terminator="\r\n")),
    "quote-all": Feature(Layout(quote_all=True)),
    "delimiter-semicolon": Feature(Layout(delimiter=";")),
    "delimiter-tab": Feature(Layout(delimiter="\t")),
    "delimiter-pipe": Feature(Layout(delimiter="|")),
    "quote-char": Feature(Layout(quote_char="'")),
    "double-quote-false-escape-char": Feature(Layout(double_quote=False, escape_char="\\")),
    "skip-initial-space": Feature(Layout(skip_initial_space=True)),
    "no-header": Feature(Layout(header=False)),
    "header-rows-join": Feature(Layout(header_rows=True)),
    "comment-char": Feature(Layout(comment_char="#")),
    "comment-rows": Feature(Layout(comment_rows=True)),
    "line-terminator-crlf": Feature(Layout(line_terminator="\r\n", declare_line_terminator=True)),
    "line-terminator-cr": Feature(Layout(line_terminator="\r", declare_line_terminator=True)),
    "dialect-as-path": Feature(Layout(delimiter=";", dialect_path=True)),
    "schema-as-path": Feature(Layout(schema_path=True)),
    "encoding-utf-16": Feature(Layout(encoding="utf-16")),
    "compression-gz": Feature(Layout(compression="gz")),
    "format-tsv": Feature(Layout(format="tsv"), {"plain": True}),
    "format-json-arrays": Feature(Layout(format="json-arrays")),
    "format-json-objects": Feature(Layout(format="json-objects")),
    "format-ndjson": Feature(Layout(format="ndjson")),
    "format-xlsx": Feature(Layout(format="xlsx")),
    "json-property": Feature(Layout(format="json-objects", json_property="rows")),
    "xlsx-sheet-name": Feature(Layout(format="xlsx", sheet_name="items")),
    "inline-data-arrays": Feature(Layout(format="inline-arrays")),
    "inline-data-objects": Feature(Layout(format="inline-objects")),
    "multipart-path": Feature(Layout(format="multipart"), {"min_rows": 2}),
    "type-error": Feature(Layout(bad_cell=True)),
}


def write(built: Built, root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "datapackage.json").write_text(json.dumps(built.descriptor, ensure_ascii=False, indent=1),
                                           encoding="utf-8")
    for rel, data in built.files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def reproducer(name: str) -> dict[str, Any]:
    """The minimal package for feature ``name``: its descriptor, files (text) and reference rows."""
    feature = FEATURES[name]
    built = build(MINIMAL, feature.layout)
    files = {k: _text(v) for k, v in built.files.items()}
    return {"feature": name, "valid": built.valid, "fmt": feature.layout.default_csv,
            "descriptor": built.descriptor, "files": files, "expected": {"items": built.expected}}


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return "(binary: XLSX, gzip or UTF-16 bytes, written by agreement_features.reproducer)"


def main() -> None:
    """Rewrite the reproducers of disagreements.json from its "generated" entries."""
    known = json.loads(KNOWN_FILE.read_text(encoding="utf-8"))
    known["reproducers"] = {name: reproducer(name) for name in known["generated"] if name in FEATURES}
    KNOWN_FILE.write_text(json.dumps(known, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
