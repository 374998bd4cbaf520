"""The release workflow publishes the site: built on every version tag after the release assets
(so its downloads page lists them with their checksums), zipped into the release's assets, and
pushed to the branch GitHub Pages serves; the README links to the site and says how to build it."""

from __future__ import annotations

import shlex

from test_workflows import RELEASE, ROOT, steps, triggers


def _runs() -> list[str]:
    return [str(s.get("run", "")) for s in steps(RELEASE)]


def test_every_tag_builds_the_site_after_the_assets_and_attaches_it_zipped() -> None:
    assert triggers(RELEASE) == {"push": {"tags": ["v*"]}}
    runs = _runs()
    collect = next(i for i, r in enumerate(runs) if "mkdir assets" in r)
    site = next(i for i, r in enumerate(runs) if "ctcoop site " in r)
    publish = next(i for i, r in enumerate(runs) if r.startswith("gh release create"))
    pages = next(i for i, r in enumerate(runs) if "refs/heads/gh-pages" in r)
    assert collect < site < publish < pages
    line = next(x for x in runs[site].splitlines() if x.strip().startswith("ctcoop site "))
    words = shlex.split(line)
    assert words[words.index("--out") + 1] == "_site"
    assert words[words.index("--artifacts") + 1] == "assets"
    assert {"--base-url", "--artifacts-url"} <= set(words)
    assert 'zip -X -D -q "../assets/ctcoop-$VERSION-site.zip"' in runs[site]
    assert "git --work-tree=_site add --all" in runs[pages]


def test_the_readme_links_to_the_site_and_says_how_to_build_it() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The website"):]
    section = section[:section.index("\n## ", 1)]
    assert "https://ctcoop.github.io/ctcoop/" in section
    assert ".venv/bin/ctcoop site --out site" in section
    assert "[docs/site.md](docs/site.md)" in section
