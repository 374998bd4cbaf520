"""Search: Arabic folding shared by the index and the browser, and the pagefind run.

Pagefind builds one index per ``<html lang>``. It does not fold Arabic spelling, so each Arabic
row page carries, hidden, the folded forms of its Arabic text (:func:`index_terms`), and the
search page folds the query the same way before searching (``assets/fold.js``, generated here
from the same tables, so the two cannot drift):

1. :func:`ctcoop.arabic.normalize_arabic`: NFKC, no diacritics or tatweel, أ إ آ ٱ → ا, ى → ي,
   ة → ه;
2. clitics: a word that starts with one of :data:`PREFIXES` (``ال``, ``و``, ``ب``, ``ل``, ``لل``,
   ``وال``…) also stands for the word without it, as long as three letters remain. The index
   holds every such form of a word (:func:`variants`); the query keeps only the shortest, by
   stripping the longest matching prefix again and again (:func:`query_stem`). That form is always
   among the index's forms of any word that is the query word with prefixes added.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from ctcoop.arabic import normalize_arabic
from ctcoop.errors import CtcoopError

#: clitic prefixes, longest first (folded forms: ال, not أل)
PREFIXES = ("وبال", "وال", "فال", "بال", "كال", "ولل", "لل", "ال", "و", "ف", "ب", "ل", "ك")
MIN_STEM = 3
_WORD = re.compile(r"\w+")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def fold(text: str) -> str:
    return normalize_arabic(text).lower()


@functools.cache
def variants(word: str) -> frozenset[str]:
    """A folded word and every form with clitic prefixes stripped (at least MIN_STEM letters left)."""
    seen = {word}
    todo = [word]
    while todo:
        w = todo.pop()
        for p in PREFIXES:
            if w.startswith(p) and len(w) - len(p) >= MIN_STEM and (rest := w[len(p):]) not in seen:
                seen.add(rest)
                todo.append(rest)
    return frozenset(seen)


def query_stem(word: str) -> str:
    """The shortest form: the longest matching prefix stripped, again and again."""
    while True:
        for p in PREFIXES:
            if word.startswith(p) and len(word) - len(p) >= MIN_STEM:
                word = word[len(p):]
                break
        else:
            return word


def query_terms(text: str) -> str:
    """What the search page sends to pagefind for ``text`` (``fold.js`` does the same in the browser)."""
    return " ".join(query_stem(w) if _ARABIC.search(w) else w for w in _WORD.findall(fold(text)))


def index_terms(texts: list[str]) -> str:
    """The folded forms of the Arabic words in ``texts``, sorted, one space apart."""
    terms: set[str] = set()
    for text in texts:
        for word in _WORD.findall(fold(text)):
            if _ARABIC.search(word):
                terms |= variants(word)
    return " ".join(sorted(terms))


def fold_js() -> str:
    """``assets/fold.js``: the same folding for the browser (``window.ctcoopFold``)."""
    from importlib.resources import files

    from ctcoop.arabic import folding_steps

    singles = {s: r for s, r in folding_steps() if len(s) == 1}
    template = files("ctcoop.site").joinpath("assets", "fold.template.js").read_text(encoding="utf-8")
    return (template.replace("__MAP__", json.dumps(singles, ensure_ascii=False, sort_keys=True))
            .replace("__PREFIXES__", json.dumps(list(PREFIXES), ensure_ascii=False))
            .replace("__MIN_STEM__", str(MIN_STEM)))


def pagefind_binary() -> list[str] | None:
    """The command that runs pagefind: the ``pagefind_bin`` package's binary, else one on PATH."""
    spec = importlib.util.find_spec("pagefind_bin")
    if spec is not None and spec.origin:
        exe = Path(spec.origin).parent / ("pagefind.exe" if sys.platform == "win32" else "pagefind")
        if exe.exists():
            return [str(exe)]
    found = shutil.which("pagefind")
    return [found] if found else None


def index_glob(langs: tuple[str, ...], tables: list[str]) -> str:
    """The pages pagefind reads: the row pages of ``tables`` in each of ``langs`` (every page of
    those languages when no table is given)."""
    where = f"{{{','.join(langs)}}}" if len(langs) > 1 else langs[0]
    if not tables:
        return f"{where}/**/*.html"
    return f"{where}/{{{','.join(tables)}}}/*.html" if len(tables) > 1 else f"{where}/{tables[0]}/*.html"


def build_index(site: Path, glob: str = "**/*.{html}", out: Path | None = None) -> None:
    """Run pagefind over the pages of ``site`` that match ``glob``, writing its bundle to ``out``
    (default ``site/pagefind/``); CtcoopError when it cannot run."""
    finish_index(start_index(site, glob, out))


def start_index(site: Path, glob: str, out: Path | None = None) -> tuple[subprocess.Popen[str], Path]:
    """Start pagefind (see :func:`build_index`) and return at once; :func:`finish_index` waits for it.
    The pages that match ``glob`` must all be written before."""
    cmd = pagefind_binary()
    if cmd is None:
        raise CtcoopError("pagefind is not installed, so the search index cannot be built",
                          hint="pip install 'pagefind[bin]', or build with --no-search")
    out = out if out is not None else site / "pagefind"
    args = [*cmd, "--site", str(site), "--glob", glob, "--output-path", str(out), "--silent"]
    try:
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except OSError as exc:
        raise CtcoopError(f"cannot run pagefind: {exc}", hint="pip install 'pagefind[bin]'") from None
    return proc, out


def finish_index(started: tuple[subprocess.Popen[str], Path]) -> None:
    """Wait for a pagefind run from :func:`start_index`; CtcoopError when it failed."""
    proc, out = started
    try:
        stdout, stderr = proc.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise CtcoopError("pagefind took more than 10 minutes",
                          hint="build with --no-search to skip the search index") from None
    if proc.returncode != 0:
        raise CtcoopError(f"pagefind failed: {(stderr or stdout).strip()[:500]}",
                          hint="build with --no-search to skip the search index")
    _sort_entry(out)


def _sort_entry(bundle: Path) -> None:
    entry = bundle / "pagefind-entry.json"
    if entry.exists():  # pagefind lists the languages in no fixed order: sort them (same JSON)
        data = json.loads(entry.read_text(encoding="utf-8"))
        entry.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")), encoding="utf-8")
