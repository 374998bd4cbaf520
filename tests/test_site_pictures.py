"""The site's pictures and downloads page: a row's timeline, its relation graph, members over time
with coverage against the stated total, each with its text alternative; the downloads page with
the release files' checksums and the README's snippets, linked from every page."""

from __future__ import annotations

import csv
import hashlib
import html
import re
from collections import defaultdict
from pathlib import Path

import markupsafe
from click.testing import CliRunner

from ctcoop.cli import cli
from test_site_build import CORPUS, ROOT, site_once


def _csv(name: str) -> list[dict[str, str]]:
    with (ROOT / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _page(lang: str, table: str, row: str) -> str:
    return (site_once() / lang / table / f"{row}.html").read_text(encoding="utf-8")


def _section(text: str, cls: str) -> str:
    found = re.search(rf'<section class="{cls}".*?</section>', text, re.S)
    assert found is not None, cls
    return found.group(0)


def test_an_instrument_shows_its_parties_over_time_and_the_newest_stated_total() -> None:
    stated: dict[str, list[dict[str, str]]] = defaultdict(list)
    for fig in _csv("figures"):
        if fig["counts"] == "parties" and fig["verification"] in ("confirmed", "unverified", "outdated"):
            stated[fig["about"]].append(fig)
    dated = {r["instrument"] for r in _csv("participation") if r["date"]}
    checked = 0
    for instrument in sorted(dated & set(stated)):
        newest = max(stated[instrument], key=lambda f: f["as_of"])
        for lang in ("ar", "en"):
            box = _section(_page(lang, "instruments", instrument), "coverage")
            assert '<svg xmlns="http://www.w3.org/2000/svg"' in box and 'class="stepchart"' in box
            assert f'<bdi dir="ltr" class="n">{int(float(newest["value"]))}</bdi>' in box
            assert f'<bdi dir="ltr" class="nw">{newest["as_of"]}</bdi>' in box
            assert f'{newest["id"]}.html' in box  # the stated total links to its row
            assert ('direction="rtl"' in box) == (lang == "ar")
        checked += 1
    assert checked >= 3
    no_rows = {r["id"] for r in _csv("instruments")} - {r["instrument"] for r in _csv("participation")}
    assert 'class="coverage"' not in _page("en", "instruments", sorted(no_rows)[0])


def test_the_chart_table_counts_parties_step_by_step() -> None:
    rows = [r for r in _csv("participation") if r["instrument"] == "ins-tokyo-convention-1963" and r["date"]]
    parties = {r["party"] for r in rows if r["action"] in ("ratification", "accession", "acceptance",
                                                             "approval", "succession")}
    box = _section(_page("en", "instruments", "ins-tokyo-convention-1963"), "coverage")
    last = re.findall(r'<tr><th scope="row"><bdi dir="ltr">([^<]+)</bdi></th><td>(\d+)</td>', box)[-1]
    assert last == (max(r["date"] for r in rows), str(len(parties)))


def test_a_body_shows_its_dated_instruments_and_events_on_a_timeline() -> None:
    adopted = sorted((r["adopted"], r["id"]) for r in _csv("instruments")
                     if r["adopting_body"] == "org-gctf" and r["adopted"])
    held = sorted((r["start_date"], r["id"]) for r in _csv("events") if r["organizer"] == "org-gctf"
                  and r["start_date"])
    assert len(adopted) + len(held) >= 2
    for lang in ("ar", "en"):
        text = _page(lang, "organizations", "org-gctf")
        part = text[text.index('<h2 id="rtl-h">'):]
        part = part[:part.index("</section>")]
        assert 'class="timeline-svg row-timeline"' in part and 'role="img"' in part
        listed = re.findall(r'<tr><td><bdi dir="ltr" class="nw">([^<]+)</bdi></td><td><a href="'
                            r'[^"]*/(?:instruments|events)/([^"/]+)\.html"', part)
        assert sorted(listed) == sorted(adopted + held)


def test_a_relation_graph_labels_both_directions() -> None:
    types = {r["id"]: r for r in _csv("relation_types")}
    rels = _csv("relations")
    row = "org-cted"
    out = [types[r["type"]] for r in rels if r["subject"] == row]
    inc = [types[r["type"]] for r in rels if r["object"] == row]
    assert out and inc
    for lang in ("ar", "en"):
        text = _page(lang, "organizations", row)
        svg = re.search(r'<svg [^>]*class="relgraph".*?</svg>', text, re.S)
        assert svg is not None
        shown = {html.unescape(v) for v in re.findall(r'class="verb"[^>]*>(?:<title>[^<]*</title>)?([^<]+)<',
                                                       svg.group(0))}
        assert {t[f"name_{lang}"] for t in out} | {t[f"inverse_{lang}"] for t in inc} <= shown
        assert 'marker-end="url(#rg-arrow)"' in svg.group(0)
        assert ('direction="rtl"' in svg.group(0)) == (lang == "ar")
    lonely = {r["id"] for r in _csv("countries")} - {x for r in rels for x in (r["subject"], r["object"])}
    assert 'class="relgraph"' not in _page("en", "countries", sorted(lonely)[0])


def test_every_page_links_to_the_downloads_page_which_quotes_the_readme() -> None:
    site = site_once()
    for lang in ("ar", "en"):
        for page in sorted((site / lang).rglob("*.html"))[::97]:
            rel = page.relative_to(site / lang)
            href = "../" * len(rel.parts) + f"{lang}/downloads.html"
            assert f'<a href="{href}">' in page.read_text(encoding="utf-8"), page
        text = (site / lang / "downloads.html").read_text(encoding="utf-8")
        descriptor = (site / "datapackage.json").read_bytes()
        assert hashlib.sha256(descriptor).hexdigest() in text
        assert str(markupsafe.escape('pd.read_parquet("parquet/organizations.parquet")')) in text


def test_the_downloads_page_lists_the_given_files_with_their_checksums(tmp_path: Path) -> None:
    files = tmp_path / "dist"
    files.mkdir()
    (files / "one.zip").write_bytes(b"zip bytes")
    (files / "SHA256SUMS").write_text("…\n", encoding="utf-8")
    out = tmp_path / "site"
    args = ["site", str(CORPUS / "likely_duplicate"), "--out", str(out), "--no-search",
            "--artifacts", str(files), "--artifacts-url", "https://example.org/releases/v1/"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    for lang in ("ar", "en"):
        text = (out / lang / "downloads.html").read_text(encoding="utf-8")
        for name in ("SHA256SUMS", "one.zip"):
            digest = hashlib.sha256((files / name).read_bytes()).hexdigest()
            size = (files / name).stat().st_size
            row = (f'<tr><th scope="row"><a href="https://example.org/releases/v1/{name}"><bdi dir="ltr">'
                   f'{name}</bdi></a></th><td><bdi dir="ltr" class="nw" title="{size}">')
            assert row in text and digest in text
        assert "<svg" not in (out / lang / "orgs" / "o1.html").read_text(encoding="utf-8")
