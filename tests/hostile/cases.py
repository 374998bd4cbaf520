"""Hostile packages, written by code into a folder (nothing large is checked in).

Each :class:`Case` builds one package under a folder and says which commands to run on it
and what the output must name. ``tests/test_hostile.py`` runs every case through every command
it lists in a subprocess with a time and memory limit (``tests/hostile/run.py``);
``tests/test_hostile_differential.py`` runs the validate cases through ``frictionless`` too.
The classes follow issue 13: read, zip, json, regex, garbage, schema, text, inject, write.
"""

from __future__ import annotations

import gzip
import json
import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FIELDS: list[dict[str, Any]] = [
    {"name": "id", "type": "string"},
    {"name": "n", "type": "integer"},
    {"name": "name", "type": "string"},
]
CSV = "id,n,name\na1,1,Alpha\nb2,2,Beta\n"

#: the commands a case may list; ``{pkg}`` is the package path, ``{out}`` a fresh output folder
COMMANDS: dict[str, list[str]] = {
    "validate": ["validate", "{pkg}"],
    "validate-github": ["validate", "--format", "github", "{pkg}"],
    "fmt-check": ["fmt", "--check", "{pkg}"],
    "fmt": ["fmt", "{pkg}"],
    "stats": ["stats", "{pkg}"],
    "export": ["export", "{pkg}", "--out", "{out}", "--format", "json"],
    "docs": ["docs", "{pkg}"],
    "diff": ["diff", "--no-validate", "{base}", "{pkg}"],
    "diff-validate": ["diff", "{base}", "{pkg}"],
    "diff-markdown": ["diff", "--no-validate", "--format", "markdown", "{base}", "{pkg}"],
    "docs-check": ["docs", "--check", "{pkg}"],
    "export-into-package": ["export", "{pkg}", "--out", "{pkg}", "--format", "json"],
    "export-into-data": ["export", "{pkg}", "--out", "{pkg}/data", "--format", "json"],
    "new-from-json": ["new", "items", "{pkg}", "--from-json", "{base}/row.json", "--dry-run"],
}
DEFAULT = ("validate", "validate-github", "fmt-check", "stats", "export")


def descriptor(fields: list[dict[str, Any]] | None = None, **resource: Any) -> dict[str, Any]:
    res: dict[str, Any] = {"name": "items", "path": "data/items.csv",
                           "schema": {"fields": fields or FIELDS, "primaryKey": ["id"]}}
    res.update(resource)
    return {"name": "hostile", "resources": [res]}


def write_package(root: Path, desc: dict[str, Any] | str | bytes, files: dict[str, str | bytes]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    text = desc if isinstance(desc, str | bytes) else json.dumps(desc, ensure_ascii=False, indent=2)
    (root / "datapackage.json").write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return root


@dataclass(frozen=True)
class Case:
    """One hostile input: how to build it, which commands run on it, what their output must name."""

    klass: str
    build: Callable[[Path], Path]
    names: str
    commands: tuple[str, ...] = DEFAULT
    #: the differential test runs frictionless on it (a package folder with a descriptor)
    differential: bool = True
    #: the commands that must end with exit 1 or 2 and name ``names`` (default: those that judge
    #: validity, and every command of a write case); the others must stay clean and bounded but may
    #: exit 0: ``stats`` lists a table it cannot read under "not read:", ``fmt --check`` judges
    #: the form of the files it can read
    fails: tuple[str, ...] | None = None

    def must_fail(self, command: str) -> bool:
        if self.fails is not None:
            return command in self.fails
        if self.klass == "write":
            return True
        return command in ("validate", "validate-github", "export")


def _pkg(desc: dict[str, Any] | str | bytes, files: dict[str, str | bytes] | None = None,
         ) -> Callable[[Path], Path]:
    return lambda root: write_package(root / "pkg", desc, {"data/items.csv": CSV} if files is None else files)


def _rows(rows: str, desc: dict[str, Any] | None = None) -> Callable[[Path], Path]:
    """A package whose data file is the header ``id,n,name`` then ``rows``."""
    return _pkg(desc or descriptor(), {"data/items.csv": "id,n,name\n" + rows})


# --- reading ----------------------------------------------------------------------------------

def _fifo(root: Path) -> Path:
    pkg = write_package(root / "pkg", descriptor(), {})
    (pkg / "data").mkdir()
    os.mkfifo(pkg / "data" / "items.csv")
    return pkg


def _fifo_descriptor(root: Path) -> Path:
    pkg = root / "pkg"
    pkg.mkdir(parents=True)
    os.mkfifo(pkg / "datapackage.json")
    return pkg


def _link(target: str, name: str = "data/items.csv") -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        pkg = write_package(root / "pkg", descriptor(), {})
        link = pkg / name
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(target)
        return pkg
    return build


def _symlink_loop(root: Path) -> Path:
    pkg = write_package(root / "pkg", descriptor(), {})
    (pkg / "data").mkdir()
    (pkg / "data" / "a.csv").symlink_to("b.csv")
    (pkg / "data" / "b.csv").symlink_to("a.csv")
    (pkg / "data" / "items.csv").symlink_to("a.csv")
    return pkg


def _dev_descriptor(device: str) -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        root.mkdir(parents=True, exist_ok=True)
        return Path(device)
    return build


def _big_csv(root: Path) -> Path:
    """A sparse file far over the per-file byte budget (no disk used)."""
    pkg = write_package(root / "pkg", descriptor(), {"data/items.csv": CSV})
    with open(pkg / "data" / "items.csv", "r+b") as fh:
        fh.truncate(3 * 1024**3)
    return pkg


# --- zip ----------------------------------------------------------------------------------------

def _zip(entries: dict[str, bytes], name: str = "pkg.zip") -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        root.mkdir(parents=True, exist_ok=True)
        path = root / name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for entry, data in entries.items():
                zf.writestr(entry, data)
        return path
    return build


def _zip_files() -> dict[str, bytes]:
    return {"datapackage.json": json.dumps(descriptor()).encode(), "data/items.csv": CSV.encode()}


def _patch_sizes(path: Path, member: str, size: int, zip64: bool) -> None:
    """Make the headers of ``member`` claim ``size`` uncompressed bytes (ZIP64 extra if asked)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    # central directory entry: signature PK\1\2, uncompressed size at +24, name at +46
    pos = data.find(b"PK\x01\x02" + bytes(0))
    while pos != -1:
        nlen = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46 : pos + 46 + nlen] == name:
            struct.pack_into("<I", data, pos + 24, 0xFFFFFFFF if zip64 else size)
            if zip64:
                extra = struct.pack("<HHQ", 0x0001, 8, size)
                xlen = struct.unpack_from("<H", data, pos + 30)[0]
                at = pos + 46 + nlen + xlen
                data[at:at] = extra
                struct.pack_into("<H", data, pos + 30, xlen + len(extra))
                eocd = data.rfind(b"PK\x05\x06")
                cd_size = struct.unpack_from("<I", data, eocd + 12)[0]
                struct.pack_into("<I", data, eocd + 12, cd_size + len(extra))
            break
        pos = data.find(b"PK\x01\x02", pos + 4)
    local = data.find(b"PK\x03\x04" + bytes(0))
    while local != -1:
        nlen = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + nlen] == name:
            struct.pack_into("<I", data, local + 22, size & 0xFFFFFFFF)
            break
        local = data.find(b"PK\x03\x04", local + 4)
    path.write_bytes(bytes(data))


def _zip_lying(zip64: bool) -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        files = _zip_files()
        # 3 GiB of zeros would be too slow to compress here: 1 GiB compresses in a few seconds
        files["data/items.csv"] = CSV.encode()
        path = _zip(files)(root)
        body = zlib.compressobj(9, zlib.DEFLATED, -15)
        chunk = b"0" * (1 << 20)
        parts = [body.compress(chunk) for _ in range(1024)] + [body.flush()]
        comp = b"".join(parts)
        # rebuild the archive with the bomb stored as a raw deflate stream under small sizes
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("datapackage.json", files["datapackage.json"])
            info = zipfile.ZipInfo("data/items.csv")
            info.compress_type = zipfile.ZIP_STORED
            zf.writestr(info, comp)
        data = bytearray(path.read_bytes())
        # flip the member to deflate in both headers; sizes now lie about what it expands to
        for sig, off, name_at in ((b"PK\x03\x04", 8, 30), (b"PK\x01\x02", 10, 46)):
            pos = data.find(sig)
            while pos != -1:
                if data[pos + name_at : pos + name_at + 14] == b"data/items.csv":
                    struct.pack_into("<H", data, pos + off, zipfile.ZIP_DEFLATED)
                pos = data.find(sig, pos + 4)
        path.write_bytes(bytes(data))
        _patch_sizes(path, "data/items.csv", len(comp) * 2 if not zip64 else 1 << 33, zip64)
        return path
    return build


def _zip_encrypted(root: Path) -> Path:
    path = _zip(_zip_files())(root)
    data = bytearray(path.read_bytes())
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        pos = data.find(sig)
        while pos != -1:
            flags = struct.unpack_from("<H", data, pos + off)[0]
            struct.pack_into("<H", data, pos + off, flags | 0x1)
            pos = data.find(sig, pos + 4)
    path.write_bytes(bytes(data))
    return path


def _zip_corrupt(root: Path) -> Path:
    path = _zip({**_zip_files(), "data/items.csv": (CSV * 50).encode()})(root)
    data = bytearray(path.read_bytes())
    pos = data.rfind(b"PK\x03\x04")
    nlen, xlen = struct.unpack_from("<HH", data, pos + 26)
    start = pos + 30 + nlen + xlen
    for i in range(start + 2, start + 40):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


# --- JSON ---------------------------------------------------------------------------------------

def _dup_keys() -> str:
    text = json.dumps(descriptor(), indent=2)
    return text.replace('"name": "hostile"', '"name": "hostile", "name": "other"', 1)


def _deep(depth: int) -> str:
    return '{"name": "hostile", "x": ' + "[" * depth + "]" * depth + ', "resources": []}'


def _big_int_descriptor() -> str:
    text = json.dumps(descriptor(), indent=2)
    return text.replace('"name": "hostile"', '"name": "hostile", "x": ' + "9" * 100_000, 1)


# --- regex --------------------------------------------------------------------------------------

REDOS_VALUE = "a" * 40 + "!"


def _redos_pattern(root: Path) -> Path:
    fields = [dict(FIELDS[0], constraints={"pattern": "(?=a)(a|a)+"}), *FIELDS[1:]]
    return write_package(root / "pkg", descriptor(fields),
                         {"data/items.csv": f"id,n,name\n{REDOS_VALUE},1,x\n"})


def _redos_rowschema(root: Path) -> Path:
    rows = {"type": "object", "properties": {"id": {"type": "string", "pattern": "^(a|a)+$"}}}
    return write_package(root / "pkg", descriptor(**{"ctcoop:rowSchema": "schemas/items.rows.json"}),
                         {"data/items.csv": f"id,n,name\n{REDOS_VALUE},1,x\n",
                          "schemas/items.rows.json": json.dumps(rows)})


def _ref_loop(root: Path) -> Path:
    rows = {"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}
    return write_package(root / "pkg", descriptor(**{"ctcoop:rowSchema": "schemas/items.rows.json"}),
                         {"data/items.csv": CSV, "schemas/items.rows.json": json.dumps(rows)})


def _enum_100k(root: Path) -> Path:
    values = [f"v{i}" for i in range(100_000)]
    fields = [*FIELDS[:2], dict(FIELDS[2], constraints={"enum": values})]
    rows = "".join(f"r{i},{i},v{(i * 7919) % 120_000}\n" for i in range(20_000))
    return write_package(root / "pkg", descriptor(fields), {"data/items.csv": "id,n,name\n" + rows})


# --- schemas that contradict themselves --------------------------------------------------------

def _schema(fields: list[dict[str, Any]], pk: list[str] | None = None) -> Callable[[Path], Path]:
    desc = descriptor(fields)
    if pk is not None:
        desc["resources"][0]["schema"]["primaryKey"] = pk
    return _pkg(desc)


def _with(index: int, **extra: Any) -> list[dict[str, Any]]:
    fields = [dict(f) for f in FIELDS]
    fields[index].update(extra)
    return fields


# --- writing ------------------------------------------------------------------------------------

def _docs_symlink(root: Path) -> Path:
    victim = root / "outside" / "victim.md"
    victim.parent.mkdir(parents=True)
    victim.write_text("not yours\n")
    pkg = write_package(root / "pkg", descriptor(), {"data/items.csv": CSV})
    (pkg / "docs").mkdir()
    (pkg / "docs" / "data-dictionary.md").symlink_to(victim)
    return pkg


def _docs_folder_symlink(root: Path) -> Path:
    elsewhere = root / "outside"
    elsewhere.mkdir(parents=True)
    (elsewhere / "data-dictionary.md").write_text("not yours\n")
    pkg = write_package(root / "pkg", descriptor(), {"data/items.csv": CSV})
    (pkg / "docs").symlink_to(elsewhere)
    return pkg


def _row_json(text: str) -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        (root / "base").mkdir(parents=True)
        (root / "base" / "row.json").write_text(text)
        return write_package(root / "pkg", descriptor(), {"data/items.csv": CSV})
    return build


# --- output injection --------------------------------------------------------------------------

def _path_newline(root: Path) -> Path:
    path = "data/items\n::notice::pwned.csv"
    return write_package(root / "pkg", descriptor(path=path), {path: CSV})


def _diff_missing_key(root: Path) -> Path:
    write_package(root / "base", descriptor(), {"data/items.csv": CSV})
    fields = [f for f in FIELDS if f["name"] != "id"]
    desc = descriptor(fields)  # the primary key still names 'id', which this version lacks
    return write_package(root / "pkg", desc, {"data/items.csv": "n,name\n1,Alpha\n2,Beta\n"})



# --- formats: compressed, JSON and spreadsheet resources (ctcoop.tables) --------------------------

def _gzip_bomb(root: Path) -> Path:
    """A 160 MiB CSV gzipped to a few hundred KiB: refused as a bomb while decompressing."""
    body = zlib.compressobj(9, zlib.DEFLATED, 31)
    row = b"a1,1,Alpha\n" * 65536
    data = body.compress(b"id,n,name\n") + b"".join(body.compress(row) for _ in range(240)) + body.flush()
    return write_package(root / "pkg", descriptor(path="data/items.csv.gz"), {"data/items.csv.gz": data})


def _zip_bomb_resource(root: Path) -> Path:
    """A zipped resource whose one member expands more than 200-fold."""
    pkg = write_package(root / "pkg", descriptor(path="data/items.zip"), {})
    (pkg / "data").mkdir()
    with zipfile.ZipFile(pkg / "data" / "items.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("items.csv", b"id,n,name\n" + b"a1,1,Alpha\n" * 5_000_000)
    return pkg


def _xlsx_bomb(root: Path) -> Path:
    """An .xlsx whose sheet XML expands more than 200-fold (refused before the workbook is parsed)."""
    pkg = write_package(root / "pkg", descriptor(path="data/items.xlsx"), {})
    (pkg / "data").mkdir()
    with zipfile.ZipFile(pkg / "data" / "items.xlsx", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"<sheetData>" + b" " * 60_000_000 + b"</sheetData>")
    return pkg


def _huge_sheet(root: Path) -> Path:
    """A small .xlsx with one cell at A1 and one at XFD1048576: 17 billion cells if padded."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "id"
    sheet["XFD1048576"] = "far"
    out = io.BytesIO()
    book.save(out)
    files: dict[str, str | bytes] = {"data/items.xlsx": out.getvalue()}
    return write_package(root / "pkg", descriptor(path="data/items.xlsx"), files)


CASES: dict[str, Case] = {
    # read: only regular files inside the package, within a byte budget
    "fifo-resource": Case("read", _fifo, "data/items.csv"),
    "fifo-descriptor": Case("read", _fifo_descriptor, "datapackage.json"),
    "dev-zero-descriptor": Case("read", _dev_descriptor("/dev/zero"), "zero"),
    "dev-urandom-descriptor": Case("read", _dev_descriptor("/dev/urandom"), "urandom"),
    "symlink-dev-zero": Case("read", _link("/dev/zero"), "data/items.csv"),
    "symlink-outside": Case("read", _link("/etc/passwd"), "data/items.csv"),
    "symlink-loop": Case("read", _symlink_loop, "data/items.csv"),
    "multipart-escape": Case("read", _pkg(descriptor(path=["data/items.csv", "/etc/passwd"])), "/etc/passwd"),
    "multipart-dotdot": Case("read", _pkg(descriptor(path=["data/items.csv", "../../../../etc/passwd"])),
                             "etc/passwd"),
    "sparse-3gib": Case("read", _big_csv, "data/items.csv"),
    "gzip-csv": Case("read", _pkg(descriptor(), {"data/items.csv": gzip.compress(CSV.encode() * 1000)}),
                     "data/items.csv"),
    "zip-member-csv": Case("read", _pkg(descriptor(), {"data/items.csv": b"PK\x03\x04" + b"\x00" * 60}),
                           "data/items.csv"),
    # zip archives
    "zip-lying-sizes": Case("zip", _zip_lying(False), "data/items.csv"),
    "zip64-lying-sizes": Case("zip", _zip_lying(True), "data/items.csv"),
    "zip-encrypted": Case("zip", _zip_encrypted, "encrypted"),
    "zip-corrupt-member": Case("zip", _zip_corrupt, "data/items.csv"),
    # formats (ctcoop.tables): compressed, JSON and spreadsheet resources
    "gzip-bomb-resource": Case("zip", _gzip_bomb, "data/items.csv.gz", differential=False),
    "zip-bomb-resource": Case("zip", _zip_bomb_resource, "data/items.zip", differential=False),
    "xlsx-bomb": Case("zip", _xlsx_bomb, "data/items.xlsx", differential=False),
    "huge-sheet": Case("read", _huge_sheet, "data/items.xlsx", differential=False),
    "json-deep-resource": Case("json", _pkg(descriptor(path="data/items.json"),
                                            {"data/items.json": "[" * 100_000 + "]" * 100_000}),
                               "data/items.json", differential=False),
    # JSON descriptors
    "json-duplicate-keys": Case("json", _pkg(_dup_keys()), "datapackage.json"),
    "json-deep": Case("json", _pkg(_deep(100_000)), "datapackage.json"),
    "json-big-int": Case("json", _pkg(_big_int_descriptor()), "datapackage.json"),
    "json-big-int-cell": Case("json", _pkg(descriptor(_with(2, type="object")),
                                          {"data/items.csv": 'id,n,name\na1,1,"{""x"": ' + "7" * 100_000
                                           + '}"\n'}), "data/items.csv"),
    "json-deep-cell": Case("json", _pkg(descriptor(_with(2, type="array")),
                                       {"data/items.csv": "id,n,name\na1,1," + "[" * 50_000 + "]" * 50_000
                                        + "\n"}), "data/items.csv"),
    "int-100k-digits-cell": Case("json", _rows("a1," + "8" * 100_000 + ",x\n"), "data/items.csv"),
    # regular expressions and large constraints
    "redos-pattern": Case("regex", _redos_pattern, "datapackage.json"),
    "redos-row-schema": Case("regex", _redos_rowschema, "items.rows.json"),
    "ref-loop-row-schema": Case("regex", _ref_loop, "items.rows.json"),
    "enum-100k": Case("regex", _enum_100k, "data/items.csv"),
    # accepted garbage
    "nul-bytes": Case("garbage", _pkg(descriptor(), {"data/items.csv": "id,n,name\na1,1,Al\x00pha\n"}),
                      "data/items.csv"),
    "lone-cr": Case("garbage", _pkg(descriptor(), {"data/items.csv": "id,n,name\na1,1,Al\rpha\nb2,2,Beta\n"}),
                    "data/items.csv"),
    "lone-cr-end": Case("garbage", _pkg(descriptor(), {"data/items.csv": "id,n,name\ra1,1,Alpha\rb2,2,B\r"}),
                        "data/items.csv"),
    # schemas that contradict themselves
    "duplicate-field-names": Case("schema", _schema([*FIELDS, {"name": "n", "type": "string"}]),
                                  "datapackage.json", commands=(*DEFAULT, "docs-check", "diff")),
    "minimum-over-maximum": Case("schema", _schema(_with(1, constraints={"minimum": 5, "maximum": 1})),
                                 "datapackage.json"),
    "minlength-over-maxlength": Case("schema",
                                     _schema(_with(2, constraints={"minLength": 9, "maxLength": 2})),
                                     "datapackage.json"),
    "primary-key-missing-field": Case("schema", _schema(FIELDS, ["nope"]), "datapackage.json"),
    # invisible characters in IDs and names
    "zero-width-id": Case("text", _pkg(descriptor(), {"data/items.csv": "id,n,name\na\u200b1,1,Alpha\n"}),
                          "U+200B"),
    "zero-width-joiner-name": Case("text", _rows("a1,1,Al\u200dpha\n"), "U+200D"),
    "word-joiner-id": Case("text", _pkg(descriptor(), {"data/items.csv": "id,n,name\na1\u2060,1,Alpha\n"}),
                           "U+2060"),
    "bom-inside-name": Case("text", _pkg(descriptor(), {"data/items.csv": "id,n,name\na1,1,\ufeffAlpha\n"}),
                            "U+FEFF"),
    # output injection
    "esc-bel-cells": Case("inject", _rows("a1,x\x1b[31m\x07,Al\x1b]0;t\x07\n"), "data/items.csv",
                          commands=(*DEFAULT, "fmt")),
    "path-newline-workflow-command": Case("inject", _path_newline, "data/items"),
    "control-chars-fmt": Case("inject", _rows("a1,1,Al\x01pha\x1c\n"), "data/items.csv",
                              commands=(*DEFAULT, "fmt"),
                              fails=("fmt-check", "fmt"),  # validate: advice unless text-hygiene is declared
                              differential=False),
    # writing: never inside the package, never through a symlink
    "export-out-package-root": Case("write", _pkg(descriptor()), "--out", commands=("export-into-package",)),
    "export-out-data-folder": Case("write", _pkg(descriptor()), "--out", commands=("export-into-data",)),
    "docs-symlink-file": Case("write", _docs_symlink, "symlink", commands=("docs", "docs-check"),
                              differential=False),
    "docs-symlink-folder": Case("write", _docs_folder_symlink, "symlink", commands=("docs", "docs-check"),
                                differential=False),
    # new --from-json
    "new-json-big-int": Case("json", _row_json('{"id": "z9", "n": ' + "9" * 100_000 + "}"), "row.json",
                             commands=("new-from-json",), differential=False),
    "new-json-deep": Case("json", _row_json('{"id": ' + "[" * 100_000 + "]" * 100_000 + "}"), "row.json",
                          commands=("new-from-json",), differential=False),
    "new-json-duplicate-key": Case("json", _row_json('{"id": "z9", "id": "z8"}'), "row.json",
                                   commands=("new-from-json",), differential=False),
    # diff
    "diff-key-missing": Case("schema", _diff_missing_key, "id",
                             commands=("diff", "diff-validate", "diff-markdown"), differential=False,
                             fails=("diff", "diff-validate", "diff-markdown")),
}
