"""``ctcoop site``: what it builds from the package, from a corpus package and from a small package;
refusal of an invalid package; escaping; links; twins; reproducibility."""

from __future__ import annotations

import atexit
import csv
import functools
import hashlib
import html
import posixpath
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markupsafe
import pytest
from click.testing import CliRunner

from ctcoop.cli import cli
from ctcoop.site import build_site

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"


_ATTR = re.compile(r'\s(href|src|id)="([^"]*)"')
_HTML = re.compile(r"<html([^>]*)>")


class _Page:
    """Every href/src, every id, and the <html> attributes of one page (the builder's own markup)."""

    def __init__(self, text: str) -> None:
        self.links: list[str] = []
        self.ids: set[str] = set()
        for name, value in _ATTR.findall(text):
            if name == "id":
                self.ids.add(html.unescape(value))
            else:
                self.links.append(html.unescape(value))
        head = _HTML.search(text)
        self.root = dict(re.findall(r'(\w+)="([^"]*)"', head.group(1))) if head else {}


def _parse(path: Path) -> _Page:
    return _Page(path.read_text(encoding="utf-8"))


def _csv(name: str) -> list[dict[str, str]]:
    with (ROOT / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _esc(text: str) -> str:
    return str(markupsafe.escape(text))


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@functools.cache
def site_once() -> Path:
    """The package's site with its search index, built once per test run (the browser tests use it too)."""
    base = Path(tempfile.mkdtemp(prefix="ctcoop-site-"))
    atexit.register(shutil.rmtree, base, ignore_errors=True)
    build_site(ROOT, base / "site")
    return base / "site"


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The package's site, built twice (with the search index)."""
    second = tmp_path_factory.mktemp("site") / "two"
    build_site(ROOT, second)
    return site_once(), second


def test_two_builds_are_byte_identical(builds: tuple[Path, Path]) -> None:
    first, second = builds
    one, two = _digest(first), _digest(second)
    assert len(one) > 1000
    assert one == two


def test_every_internal_link_resolves(builds: tuple[Path, Path]) -> None:
    site = builds[0]
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    parsed = {rel: _parse(site / rel) for rel in sorted(files) if rel.endswith(".html")
              and not rel.startswith("pagefind/")}
    broken, checked = [], 0
    for page, info in parsed.items():
        for link in info.links:
            if link.startswith(("https://", "http://", "data:", "mailto:")):
                continue
            assert not link.startswith("/"), f"{page}: absolute link {link}"
            target, _, fragment = link.partition("#")
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), target.split("?")[0])) \
                if target else page
            checked += 1
            if resolved not in files:
                broken.append(f"{page} -> {link}")
            elif fragment and resolved.endswith(".html") and fragment not in parsed[resolved].ids:
                broken.append(f"{page} -> {link} (no such anchor)")
    assert broken == []
    assert checked > 10 * len(parsed)


def test_every_page_has_its_twin_and_direction(builds: tuple[Path, Path]) -> None:
    site = builds[0]
    for lang, other, direction in (("ar", "en", "rtl"), ("en", "ar", "ltr")):
        pages = sorted((site / lang).rglob("*.html"))
        assert pages
        for page in pages:
            info = _parse(page)
            assert info.root == {"lang": lang, "dir": direction}, page
            twin = site / other / page.relative_to(site / lang)
            assert twin.is_file(), page
            switch = Path(page.parent / next(x for x in info.links if x.endswith(twin.name) and other in x))
            assert switch.resolve() == twin.resolve()


def test_a_page_per_row_of_every_table_but_citations(builds: tuple[Path, Path]) -> None:
    site = builds[0]
    for csv_file in sorted((ROOT / "data").glob("*.csv")):
        table = csv_file.stem
        rows = _csv(table)
        if table == "citations":
            assert not any((site / "en" / table).glob("*-*.html"))
            continue
        for row in rows:
            for lang in ("ar", "en"):
                assert (site / lang / table / f"{row['id']}.html").is_file(), (table, row["id"])
            assert (site / "data" / table / f"{row['id']}.json").is_file()


def test_row_pages_show_citations_errata_and_relations_both_ways(builds: tuple[Path, Path]) -> None:
    site = builds[0]
    types = {r["id"]: r for r in _csv("relation_types")}
    pages: dict[tuple[str, str], str] = {}

    def page(lang: str, row_id: str) -> str:
        if (lang, row_id) not in pages:
            found = next((site / lang).glob(f"*/{row_id}.html"))
            pages[(lang, row_id)] = found.read_text(encoding="utf-8")
        return pages[(lang, row_id)]

    for rel in _csv("relations")[:60]:
        t = types[rel["type"]]
        assert _esc(t["name_en"]) in page("en", rel["subject"])
        assert _esc(t["inverse_en"]) in page("en", rel["object"])
        assert _esc(t["inverse_ar"]) in page("ar", rel["object"])
    for err in (e for e in _csv("errata") if e["about"]):
        assert _esc(err["claim_en"]) in page("en", err["about"])
        assert _esc(err["correction_ar"]) in page("ar", err["about"])
    for cit in _csv("citations")[::40]:
        if cit["subject"].startswith(("org-", "ins-", "evt-", "mech-")):
            assert _esc(cit["locator"]) in page("en", cit["subject"])


def test_home_has_a_timeline_with_a_text_alternative(builds: tuple[Path, Path]) -> None:
    for lang in ("ar", "en"):
        text = (builds[0] / lang / "index.html").read_text(encoding="utf-8")
        assert '<svg xmlns="http://www.w3.org/2000/svg"' in text and 'role="img"' in text
        adopted = {r["adopted"][:4] for r in _csv("instruments") if r["adopted"]}
        for year in sorted(adopted)[:5]:
            assert f'<th scope="row">{year}</th>' in text


def test_arabic_pages_carry_the_folded_text_for_search(builds: tuple[Path, Path]) -> None:
    text = (builds[0] / "ar" / "organizations" / "org-cted.html").read_text(encoding="utf-8")
    fold = re.search(r'<div class="fold" hidden aria-hidden="true">'
                     r'<span data-pagefind-weight="10">([^<]*)</span>([^<]*)</div>', text)
    assert fold is not None
    title = fold.group(1).split()  # the name, weighted: المديرية التنفيذية للجنة مكافحة الإرهاب
    assert {"المديريه", "مديريه", "تنفيذيه", "للجنه", "لجنه", "مكافحه", "الارهاب", "ارهاب"} <= set(title)
    assert title == sorted(set(title))
    words = fold.group(2).split()
    assert "ارهاب" in words and "مديريه" in words  # الإرهاب and المديرية, folded and stripped
    assert "class=\"fold\"" not in (builds[0] / "en" / "organizations" / "org-cted.html").read_text("utf-8")


def test_cli_builds_a_corpus_package(tmp_path: Path) -> None:
    out = tmp_path / "site"
    args = ["site", str(CORPUS / "likely_duplicate"), "--out", str(out), "--no-search"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    files = sum(1 for p in out.rglob("*") if p.is_file())
    assert result.output == (f"built {len(pages)} pages ({files} files, {size:,} bytes) into {out}, "
                             "without a search index\n")
    with (CORPUS / "likely_duplicate/data/orgs.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r["id"] for r in csv.DictReader(fh)]
    expected = {"index.html"} | {f"{lg}/{p}.html" for lg in ("ar", "en") for p in
                                 ("index", "dictionary", "errata", "search", "downloads", "orgs/index")}
    expected |= {f"{lg}/orgs/{r}.html" for lg in ("ar", "en") for r in rows}
    assert set(pages) == expected
    ar = (out / "ar" / "orgs" / "o1.html").read_text(encoding="utf-8")
    assert ('<h1 data-pagefind-meta="title" data-pagefind-weight="10">'
            '<bdi dir="rtl">الأمم المتحدة</bdi></h1>') in ar
    assert '<bdi lang="en" dir="ltr">United Nations</bdi>' in ar


def test_one_process_builds_what_two_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without fork the languages are written one after the other and pagefind is started by the
    second: the same files, and the counts the build reports are what is on disk."""
    import ctcoop.site

    package = CORPUS / "likely_duplicate"
    forked = build_site(package, tmp_path / "two")
    monkeypatch.setattr(ctcoop.site, "_can_fork", lambda: False)
    alone = build_site(package, tmp_path / "one")
    assert _digest(tmp_path / "one") == _digest(tmp_path / "two")
    files = [p for p in (tmp_path / "one").rglob("*") if p.is_file()]
    assert any(p.parent.name == "fragment" for p in files)  # the search index was built
    on_disk = (sum(p.suffix == ".html" and "pagefind" not in p.parts for p in files), len(files),
               sum(p.stat().st_size for p in files))
    assert (alone.pages, alone.files, alone.bytes) == on_disk
    assert (forked.pages, forked.files, forked.bytes) == on_disk


def test_cli_refuses_an_invalid_package(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["site", str(CORPUS / "foreign_key"), "--out", str(out)])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].endswith("errors); no site was built")
    assert not out.exists()


def _small(make_package: Callable[..., Path], name_en: str) -> Path:
    fields: list[dict[str, Any]] = [
        {"name": "id", "type": "string"},
        {"name": "name_en", "type": "string", "ctcoop:language": "en"},
        {"name": "name_ar", "type": "string", "ctcoop:language": "ar"},
        {"name": "url", "type": "string"},
    ]
    descriptor = {"name": "small", "version": "1.0.0", "resources": [
        {"name": "things", "path": "data/things.csv", "schema": {"fields": fields, "primaryKey": ["id"]}},
        {"name": "links", "path": "data/links.csv", "schema": {
            "fields": [{"name": "id", "type": "string"},
                       {"name": "thing", "type": "string"},
                       {"name": "about", "type": "string", "ctcoop:references": ["things"]}],
            "primaryKey": ["id"],
            "foreignKeys": [{"fields": ["thing"], "reference": {"resource": "things", "fields": ["id"]}}]}},
    ]}
    return make_package(descriptor, {
        "data/things.csv": f'id,name_en,name_ar,url\nt1,"{name_en}",شيء,javascript:alert(1)\nt2,Two,اثنان,\n',
        "data/links.csv": "id,thing,about\nl1,t1,t2\n",
    })


def test_every_value_is_escaped_and_only_http_links_are_made(make_package: Callable[..., Path],
                                                             tmp_path: Path) -> None:
    pkg = _small(make_package, "<script>alert('x')</script> & co")
    out = tmp_path / "out"
    build_site(pkg, out, search=False)
    page = (out / "en" / "things" / "t1.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co" in page
    assert 'href="javascript:' not in page
    linked = (out / "en" / "things" / "t2.html").read_text(encoding="utf-8")
    assert '<a href="../../en/links/l1.html">' in linked
    assert '<a href="../../en/links/l1.html">' in page


def test_the_output_is_left_alone_when_the_build_cannot_run(tmp_path: Path) -> None:
    out = tmp_path / "file"
    out.write_text("not a folder")
    result = CliRunner().invoke(cli, ["site", str(CORPUS / "bom"), "--out", str(out)])
    assert result.exit_code == 2
    assert f"Error: Invalid value for '--out': Directory '{out}' is a file." in result.output
    assert out.read_text() == "not a folder"
