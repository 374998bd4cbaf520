"""The downloads page: the release's files with their sizes and SHA-256, and the README's snippets.

The files are those of a folder given at build time (``ctcoop site --artifacts DIR``: the output
of ``ctcoop export``, or the release's assets), each with its size and SHA-256 computed here, and
linked under ``--artifacts-url`` (the release's download address) when one is given. The site's
own copy of the descriptor is always listed. The snippets are the code blocks of the package's
``README.md`` (read from the package, a folder or a release zip) in its section on using the
release files: the first ``##`` section whose title holds "download", "use" or "usage", each
block with the bold line that names it (``**pandas**``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ctcoop.errors import UsageProblem
from ctcoop.package import Package

SECTION = re.compile(r"\b(download|use|usage)\b", re.IGNORECASE)
_BOLD = re.compile(r"^\*\*(.+?)\*\*")


@dataclass(frozen=True)
class Artifact:
    name: str
    size: int
    sha256: str
    href: str | None


@dataclass(frozen=True)
class Snippet:
    title: str
    lang: str
    code: str


def artifacts(folder: Path | None, base_url: str) -> list[Artifact]:
    """The regular files at the top of ``folder`` (sorted by name), with size and SHA-256."""
    if folder is None:
        return []
    if not folder.is_dir():
        raise UsageProblem(f"--artifacts '{folder}' is not a folder",
                           hint="give the folder `ctcoop export --out DIR` wrote")
    base = base_url if not base_url or base_url.endswith("/") else base_url + "/"
    out = []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        out.append(Artifact(path.name, path.stat().st_size, digest.hexdigest(),
                            base + path.name if base else None))
    return out


def snippets(package: Package) -> list[Snippet]:
    """The README's code blocks in its first section about downloading or using the release."""
    try:
        if not package.source.exists("README.md"):
            return []
        text = package.source.read("README.md").decode("utf-8", errors="replace")
    except (OSError, ValueError):
        return []
    out: list[Snippet] = []
    section: str | None = None
    title = ""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("## "):
            if section is not None and out:
                break
            section = line if SECTION.search(line[3:]) else None
        elif section is not None and (m := _BOLD.match(line)):
            title = m.group(1)
        elif section is not None and line.startswith("```"):
            lang = line[3:].strip()
            end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith("```")), len(lines))
            out.append(Snippet(title, lang, "\n".join(lines[i + 1:end])))
            title, i = "", end
        i += 1
    return out


def size_text(size: int) -> str:
    """A size in bytes, kB or MB (SI units, Western digits)."""
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1_000_000:.1f} MB"


def context(lang: str, files: list[Artifact], code: list[Snippet], descriptor: bytes) -> dict[str, Any]:
    from ctcoop.site import labels, urls

    page = urls.page(lang, "downloads")
    own = Artifact("datapackage.json", len(descriptor), hashlib.sha256(descriptor).hexdigest(),
                   urls.href(page, "datapackage.json"))
    rows = [{"name": a.name, "size": size_text(a.size), "bytes": a.size, "sha256": a.sha256, "href": a.href}
            for a in [*files, own]]
    return {"page": page, "title": labels.ui("downloads_page", lang), "files": rows,
            "given": bool(files), "snippets": code}
