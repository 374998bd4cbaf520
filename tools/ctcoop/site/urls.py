"""Where each page lives in the built site, and relative links between pages.

Every path is relative to the site's root and uses ``/``; links are always relative
(:func:`href`), so the site works from ``file://`` and from a sub-path such as GitHub Pages.

===============================  ===================================================
path                             page
===============================  ===================================================
``index.html``                   language choice (links to both homes)
``<lang>/index.html``            home
``<lang>/<table>/index.html``    a table's index
``<lang>/<table>/<slug>.html``   a row
``<lang>/dictionary.html``       the data dictionary
``<lang>/errata.html``           the errata
``<lang>/search.html``           search (pagefind)
``data/<table>/<slug>.json``     a row's typed values as JSON
``assets/…``                     CSS and JavaScript
===============================  ===================================================
"""

from __future__ import annotations

import hashlib
import re

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def row_slug(key: str, used: set[str]) -> str:
    """A file-name-safe, stable slug for a row key, unique within its table (``used`` is updated).

    A key made only of ``[A-Za-z0-9._-]`` (not starting with ``.``) is its own slug; any other key
    gets its safe characters plus the first 10 hex digits of its SHA-1, so it stays unique.
    """
    if key and not _UNSAFE.search(key) and not key.startswith(".") and len(key) <= 120:
        slug = key
    else:
        safe = _UNSAFE.sub("-", key).strip(".-")[:60]
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
        slug = f"{safe}-{digest}" if safe else digest
    base, n = slug, 2
    while slug.lower() in used:  # case-insensitive file systems
        slug = f"{base}-{n}"
        n += 1
    used.add(slug.lower())
    return slug


def home(lang: str) -> str:
    return f"{lang}/index.html"


def table_index(lang: str, table: str) -> str:
    return f"{lang}/{table}/index.html"


def row_page(lang: str, table: str, slug: str) -> str:
    return f"{lang}/{table}/{slug}.html"


def row_json(table: str, slug: str) -> str:
    return f"data/{table}/{slug}.json"


def page(lang: str, name: str) -> str:
    return f"{lang}/{name}.html"


def twin(path: str, lang: str) -> str:
    """The same page in the other language ``lang``."""
    head, _, rest = path.partition("/")
    return f"{lang}/{rest}" if head in ("ar", "en") else path


def href(from_page: str, to: str) -> str:
    """A relative link from the page at ``from_page`` to the file at ``to`` (both root-relative)."""
    here, _, _ = from_page.rpartition("/")
    there, _, name = to.rpartition("/")
    if here == there:
        return name
    return "../" * from_page.count("/") + to
