"""The built site in a real browser: Debian's Chromium driven by Playwright (no browser download).

Direction and language, no horizontal overflow at 375 and 1280 px, search in Arabic (with and
without diacritics, hamza forms, alef maqsura, ta marbuta, «ال» and attached «و/ب/ل») and in
English, the language switch, the table filter and sort, axe-core on a sample of each page type.
Screenshots of each page type in both languages and the axe results go to test-artifacts/site/.
Skipped, with the reason shown, only on a machine without Chromium (CI installs it in .ci/run).
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ctcoop.site.search import query_terms
from test_site_build import site_once

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "site"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium on this machine (apt-get install chromium; .ci/run installs it)")

#: one page of each type, as a path under <lang>/ (the root page is checked apart)
PAGES = {
    "home": "index.html",
    "table": "organizations/index.html",
    "row": "organizations/org-cted.html",
    "row-instrument": "instruments/ins-unsc-res-1373.html",
    "row-parties": "instruments/ins-tokyo-convention-1963.html",
    "row-body-timeline": "organizations/org-unsc.html",
    "downloads": "downloads.html",
    "dictionary": "dictionary.html",
    "errata": "errata.html",
    "search": "search.html",
}


#: the pictures of a page type, screenshot on their own: (file name, selector)
PICTURES = {
    "row": [("relation-graph", "figure.relgraph-fig")],
    "row-parties": [("parties-over-time", "section.coverage")],
    "row-body-timeline": [("body-timeline", "section[aria-labelledby=rtl-h]")],
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    """The site served from a sub-path (/site/) on the loopback address, as on GitHub Pages."""
    site = site_once()
    handler = functools.partial(_Quiet, directory=str(site.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{site.name}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    pg = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    pg.close()
    assert errors == []


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("kind", sorted(PAGES))
def test_direction_overflow_and_screenshots(page: Any, base_url: str, kind: str, lang: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.goto(base_url + f"{lang}/{PAGES[kind]}").ok
        root = page.evaluate("[document.documentElement.lang, document.documentElement.dir]")
        assert root == [lang, "rtl" if lang == "ar" else "ltr"]
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{kind} {lang} overflows by {overflow}px at {width}px"
        page.screenshot(path=str(ARTIFACTS / f"{kind}-{lang}-{width}.png"))
        if kind == "home":
            page.locator("figure.timeline").screenshot(path=str(ARTIFACTS / f"timeline-{lang}-{width}.png"))
        for name, selector in PICTURES.get(kind, []):
            assert page.locator(selector).count() == 1, (kind, selector)
            page.locator(selector).screenshot(path=str(ARTIFACTS / f"{name}-{lang}-{width}.png"))


#: the pages with charts (a wide and a narrow layout each) and the charts' figures
CHARTS = {"home": "figure.timeline", "row-parties": "figure.chart", "row-body-timeline": "figure.timeline",
          "row": "figure.relgraph-fig"}

#: each SVG shown in a figure: its layout, whether it lies inside the figure, its smallest text's height
_SHOWN = """f => { const box = f.getBoundingClientRect();
  return [...f.querySelectorAll('svg')].map(s => [s, s.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0)
    .map(([s, r]) => [s.parentElement.className, r.left >= box.left - 0.5 && r.right <= box.right + 0.5,
      Math.min(...[...s.querySelectorAll('text')].map(t => t.getBoundingClientRect().height))]); }"""


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("kind", sorted(CHARTS))
def test_charts_fit_a_phone_without_scrolling(page: Any, base_url: str, kind: str, lang: str) -> None:
    """At 375 px each chart shows its narrow layout, inside its box (nothing to scroll sideways),
    with its text at least 10 px high; at 1280 px the wide one."""
    for width, layout in ((375, "pic-narrow"), (1280, "pic-wide")):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.goto(base_url + f"{lang}/{PAGES[kind]}").ok
        figures = page.locator(CHARTS[kind])
        assert figures.count() >= 1
        for i in range(figures.count()):
            fig = figures.nth(i)
            assert fig.evaluate("f => f.scrollWidth <= f.clientWidth"), (kind, lang, width, i)
            shown = fig.evaluate(_SHOWN)
            assert [(cls, inside) for cls, inside, _ in shown] == [(layout, True)], (kind, lang, width, shown)
            assert shown[0][2] >= 10, (kind, lang, width, shown)
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_root_page_offers_both_languages(page: Any, base_url: str) -> None:
    page.goto(base_url)
    page.click("a[hreflang=ar]")
    page.wait_for_load_state("domcontentloaded")  # the click returns once navigation starts
    assert page.url == base_url + "ar/index.html"
    assert page.evaluate("document.documentElement.dir") == "rtl"


def test_language_switch_goes_to_the_twin(page: Any, base_url: str) -> None:
    page.goto(base_url + "ar/organizations/org-cted.html")
    page.click("a.lang-switch")
    assert page.url == base_url + "en/organizations/org-cted.html"
    page.click("a.lang-switch")
    assert page.url == base_url + "ar/organizations/org-cted.html"


def _search(page: Any, base_url: str, lang: str, query: str) -> list[str]:
    page.goto(base_url + f"{lang}/search.html")
    page.fill("#q", query)
    page.press("#q", "Enter")
    page.wait_for_function("document.body.dataset.searchDone !== undefined", timeout=20000)
    hrefs: list[str] = page.eval_on_selector_all("#search-results a", "as => as.map(a => a.href)")
    return [h.removeprefix(base_url) for h in hrefs]


ARABIC_QUERIES = [
    ("المديرية التنفيذية", "org-cted"),
    ("المُدِيرِيَّة التَّنْفِيذِيَّة", "org-cted"),  # diacritics
    ("والمديرية التنفيذية", "org-cted"),  # attached و
    ("الإنتربول", "org-interpol"),
    ("الانتربول", "org-interpol"),  # hamza form
    ("انتربول", "org-interpol"),  # no article
    ("بالإنتربول", "org-interpol"),  # attached ب + article
    ("للشرطة الجنائية", "org-interpol"),  # ل + article
    ("الشرطه الجنائيه", "org-interpol"),  # ta marbuta written as heh
    ("المنتدي العالمي لمكافحة الإرهاب", "org-gctf"),  # alef maqsura written as yeh
]


@pytest.mark.parametrize(("query", "row"), ARABIC_QUERIES)
def test_arabic_search_finds_the_row(page: Any, base_url: str, query: str, row: str) -> None:
    found = _search(page, base_url, "ar", query)
    assert f"ar/organizations/{row}.html" in found, found[:10]
    assert all(h.startswith("ar/") for h in found)
    if query == ARABIC_QUERIES[1][0]:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "search-results-ar-1280.png"))


@pytest.mark.parametrize(("query", "row"), [("CTED", "org-cted"), ("Executive Directorate", "org-cted"),
                                            ("INTERPOL", "org-interpol"),
                                            ("Global Counterterrorism Forum", "org-gctf")])
def test_english_search_finds_the_row(page: Any, base_url: str, query: str, row: str) -> None:
    found = _search(page, base_url, "en", query)
    assert f"en/organizations/{row}.html" in found, found[:10]
    assert all(h.startswith("en/") for h in found)
    if query == "CTED":
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "search-results-en-1280.png"))


def test_browser_folds_queries_like_the_index(page: Any, base_url: str) -> None:
    samples = [q for q, _ in ARABIC_QUERIES] + ["ﻹرهاب وَالأُمَمُ ـالمتّحدة CTED", "فالكبرى", "مستشفى"]
    page.goto(base_url + "ar/search.html")
    got = page.evaluate("qs => qs.map(q => window.ctcoopFold.query(q))", samples)
    assert got == [query_terms(q) for q in samples]


def test_table_index_filters_and_sorts(page: Any, base_url: str) -> None:
    page.goto(base_url + "ar/organizations/index.html")
    total = page.eval_on_selector_all("#rows tbody tr", "rs => rs.length")
    page.fill("#filter", "الامم المتحده")  # folded: finds الأمم المتحدة
    shown = page.eval_on_selector_all("#rows tbody tr:not([hidden])", "rs => rs.length")
    assert 0 < shown < total
    assert page.inner_text("[data-count]") == str(shown)
    page.click("#rows thead th:first-child button")
    assert page.get_attribute("#rows thead th:first-child", "aria-sort") == "ascending"


def test_axe_finds_no_serious_or_critical_violation(page: Any, base_url: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    report: dict[str, Any] = {}
    bad = []
    targets = [""] + [f"{lang}/{path}" for path in sorted(PAGES.values()) for lang in ("ar", "en")]
    for target in targets:
        page.goto(base_url + target)
        violations = axe.run(page).response["violations"]
        report[target or "index.html"] = [{"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"])}
                                          for v in violations]
        bad += [f"{target}: {v['id']} ({v['impact']})" for v in violations
                if v["impact"] in ("serious", "critical")]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "axe.json").write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    assert bad == []
