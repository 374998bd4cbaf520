"""A static, bilingual (Arabic and English) website built from a valid package.

:func:`build_site` is the one entry point (``ctcoop site`` calls it)::

    build_site("path/to/package", Path("site"))            # pages, row JSON, search index
    build_site(pkg, Path("site"), search=False)             # without pagefind

It refuses an invalid package (:class:`SiteRefused`, carrying the validation report), reads
each table once as typed values (:func:`ctcoop.tables.typed.read_typed`), indexes the rows
(:mod:`.model`), renders every page twice, in Arabic and in English (:mod:`.pages_row`,
:mod:`.pages_index`, templates in ``templates/``), writes the assets and one JSON file per row,
runs pagefind (:mod:`.search`) and only then moves the site into ``out_dir``. Pages are written
in a fixed order from sorted data with no clock, so two builds of the same package are
byte-identical. Page paths and links: :mod:`.urls`. What the site shows: docs/site.md.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ctcoop.errors import ExportRefused, UsageProblem
from ctcoop.extensions import field_ext

if TYPE_CHECKING:
    from ctcoop.package import Package
    from ctcoop.report import Report
    from ctcoop.site.model import SiteModel, Table

__all__ = ["SiteBuild", "SiteRefused", "build_site"]

LANGS = ("ar", "en")


class SiteRefused(ExportRefused):
    """The package is not valid, so no site is built. ``report`` holds the validation report."""

    def __init__(self, report: Report) -> None:
        super().__init__(report)
        self.message = self.message.replace("nothing was exported", "no site was built")
        self.args = (self.message,)


@dataclass(frozen=True)
class SiteBuild:
    """What a build wrote."""

    out_dir: Path
    pages: int  #: HTML pages
    files: int  #: all files, pagefind's included
    bytes: int  #: their total size
    searchable: bool  #: whether a pagefind index was built


def _load(path: str | Path | Package) -> Package:
    from ctcoop.preflight import open_package

    return open_package(path)


def _frames(package: Package) -> dict[str, list[dict[str, Any]]]:
    from ctcoop.export.context import table_file
    from ctcoop.tables.typed import read_typed

    out = {}
    for res in package.resources:
        table_file(res.name, "")  # a resource name must be usable as a folder name
        out[res.name] = read_typed(package, res).to_dicts()
    return out


def _json_value(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    return value


class _Writer:
    """Writes the site's files: one ``open``/``write``/``close`` each, each folder made once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pages = 0
        self.bytes = 0
        self.files = 0
        self.dirs: set[str] = set()

    def write(self, rel: str, text: str) -> None:
        folder, _, _ = rel.rpartition("/")
        if folder not in self.dirs:
            (self.root / folder).mkdir(parents=True, exist_ok=True)
            self.dirs.add(folder)
        data = text.encode("utf-8")
        fd = os.open(os.path.join(self.root, rel), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        self.pages += rel.endswith(".html")
        self.files += 1
        self.bytes += len(data)

    def counts(self) -> tuple[int, int, int]:
        return self.pages, self.files, self.bytes


#: what a forked worker renders from (set just before the workers start)
_SHARED: dict[str, Any] = {}


def _indexed_tables(model: SiteModel) -> list[str]:
    """The tables whose row pages pagefind indexes (those with row labels: ``data-pagefind-body``)."""
    return [t.name for t in model.tables.values() if model.has_pages(t.name) and t.has_labels]


class _Count:
    """A counter for the no-fork path (``multiprocessing.Value``'s interface, one process)."""

    def __init__(self) -> None:
        self.value = 0

    def get_lock(self) -> contextlib.nullcontext[None]:
        return contextlib.nullcontext()


def _last_indexed(ready: Any) -> bool:
    """Count one language whose indexed pages are written; True for the last one."""
    with ready.get_lock():
        ready.value += 1
        return bool(ready.value == len(LANGS))


def _write_lang(lang: str) -> tuple[int, int, int]:
    """Every page in ``lang`` (run in a worker): the pages pagefind reads (the row pages of
    :func:`_indexed_tables`) first. The worker that writes the last language's share of those
    starts pagefind on both languages' (one run, into ``pagefind/``) and waits for it after
    writing its other pages. Returns (pages, files, bytes) written."""
    from ctcoop.site import pages_index, urls
    from ctcoop.site.render import render
    from ctcoop.site.search import finish_index, index_glob, start_index

    model: SiteModel = _SHARED["model"]
    w = _Writer(_SHARED["root"])
    search = bool(_SHARED["search"])
    indexed = _indexed_tables(model) if search else []
    for name, ctx in pages_index.site_pages(lang, model, _SHARED["downloads"]):
        w.write(str(ctx["page"]), render(name, ctx, lang, model))
    for table in model.tables.values():  # every table's index first: pagefind's glob matches some
        w.write(urls.table_index(lang, table.name),
                render("table.html", pages_index.table_context(table, lang, model), lang, model))
    tables = sorted(model.tables.values(), key=lambda t: t.name not in indexed)  # stable: indexed first
    cut = len(indexed) or len(tables)  # without row labels pagefind reads every page
    started = None
    try:
        for table in tables[:cut]:
            _write_rows(table, lang, model, w, _SHARED["base_url"], search)
        if search and _last_indexed(_SHARED["ready"]):
            started = start_index(w.root, index_glob(LANGS, indexed), w.root / "pagefind")
        for table in tables[cut:]:
            _write_rows(table, lang, model, w, _SHARED["base_url"], search)
    except BaseException:
        if started is not None:  # no pagefind left writing into a build that failed
            started[0].kill()
            started[0].wait()
        raise
    if started is not None:
        finish_index(started)
    return w.counts()


def _write_rows(table: Table, lang: str, model: SiteModel, w: _Writer, base_url: str, search: bool) -> None:
    """The row pages of ``table`` in ``lang`` (Arabic ones with their folded words when searchable)."""
    from ctcoop.site import urls
    from ctcoop.site.pages_row import row_context
    from ctcoop.site.render import render
    from ctcoop.site.search import index_terms

    ar_fields = [str(f.get("name")) for f in table.fields if field_ext(f).language == "ar"]
    for row in table.rows if model.has_pages(table.name) else []:
        ctx = row_context(table, row, lang, model, base_url)
        if search and lang == "ar" and ctx["indexed"]:
            texts = [v for f in ar_fields if isinstance(v := row.values.get(f), str)]
            ctx["fold"] = index_terms(texts)
            ctx["fold_title"] = index_terms([row.label("ar"), *(
                [a] if isinstance(a := row.values.get("acronym_ar"), str) else [])])
        w.write(urls.row_page(lang, table.name, row.slug), render("row.html", ctx, lang, model))


def _write_json(model: SiteModel, w: _Writer) -> None:
    from ctcoop.site import urls

    for table in model.tables.values():
        for row in table.rows if model.has_pages(table.name) else []:
            data = {k: _json_value(v) for k, v in row.values.items()}
            w.write(urls.row_json(table.name, row.slug),
                    json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _can_fork() -> bool:
    import multiprocessing
    import os

    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


def _write_pages(model: SiteModel, w: _Writer, base_url: str, search: bool,
                 meanwhile: Callable[[], None], downloads: tuple[Any, Any]) -> None:
    """Both languages' pages and the search index (two forked processes where the system can fork,
    while this one runs ``meanwhile``, the validation, then writes the rows' JSON), the root page."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from ctcoop.site.render import render_root

    _SHARED.update(model=model, root=w.root, base_url=base_url, search=search, downloads=downloads)
    try:
        if _can_fork():  # the workers use no polars; the validation (polars) runs here, unforked
            fork = multiprocessing.get_context("fork")
            _SHARED["ready"] = fork.Value("i", 0)
            with ProcessPoolExecutor(len(LANGS), mp_context=fork) as pool:
                jobs = [pool.submit(_write_lang, lang) for lang in LANGS]
                try:
                    meanwhile()
                    _write_json(model, w)
                except BaseException:
                    pool.shutdown(cancel_futures=True)
                    raise
                written = [job.result() for job in jobs]
        else:
            _SHARED["ready"] = _Count()
            meanwhile()
            _write_json(model, w)
            written = [_write_lang(lang) for lang in LANGS]
    finally:
        _SHARED.clear()
    for pages, files, size in written:
        w.pages, w.files, w.bytes = w.pages + pages, w.files + files, w.bytes + size
    w.write("index.html", render_root(model))


def descriptor_text(package: Package) -> str:
    """The site's copy of the descriptor (the downloads page lists its checksum)."""
    return json.dumps(package.descriptor, ensure_ascii=False, indent=2) + "\n"


def _write_assets(model: SiteModel, w: _Writer) -> None:
    from importlib.resources import files

    from ctcoop.site.search import fold_js

    assets = files("ctcoop.site").joinpath("assets")
    for name in ("site.css", "site.js", "search.js"):
        w.write(f"assets/{name}", assets.joinpath(name).read_text(encoding="utf-8"))
    w.write("assets/fold.js", fold_js())
    w.write("datapackage.json", descriptor_text(model.package))
    w.write(".nojekyll", "")


def _count_index(folder: Path, w: _Writer) -> None:
    """Add pagefind's files (when it ran) to what ``w`` counts."""
    for top, _, names in os.walk(folder):
        for name in names:
            w.files += 1
            w.bytes += os.stat(os.path.join(top, name)).st_size


def _refuse_invalid(package: Package) -> None:
    """Raise :class:`SiteRefused` when the package is not valid."""
    from ctcoop.validate import validate_package

    if not validate_package(package, errors_only=True).valid:
        raise SiteRefused(validate_package(package))


def build_site(path: str | Path | Package, out_dir: Path, *, search: bool = True,
               base_url: str = "", artifacts: Path | None = None, artifacts_url: str = "") -> SiteBuild:
    """Build the site of the package at ``path`` into ``out_dir``.

    ``search`` runs pagefind (``pagefind[bin]``) to build the search index; ``base_url`` (the
    address the site is published at) makes the permanent URLs in "cite this" absolute;
    ``artifacts`` is a folder of release files the downloads page lists with their checksums,
    linked under ``artifacts_url`` (:mod:`.downloads`). Raises
    :class:`SiteRefused` for an invalid package and :class:`~ctcoop.errors.CtcoopError` when the
    site cannot be built; in both cases ``out_dir`` is left as it was.
    """
    from ctcoop.export.atomic import publish, staging_dir
    from ctcoop.site.model import build_model

    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageProblem(f"--out '{out_dir}' exists and is not a directory", hint="give a directory")
    for option, url in (("--base-url", base_url), ("--artifacts-url", artifacts_url)):
        if url and not url.startswith(("https://", "http://")):
            raise UsageProblem(f"{option} '{url}' is not an http(s) address",
                               hint="e.g. https://example.github.io/ctcoop/")
    from ctcoop.site import downloads, values

    values.forget()

    files = downloads.artifacts(artifacts, artifacts_url)
    package = _load(path)
    from ctcoop.export import check_out  # --out never inside the package (docs/security.md, W1)

    check_out(package, out_dir)
    try:
        with staging_dir(out_dir) as staging:
            try:
                model = build_model(package, _frames(package))
                writer = _Writer(staging)
                _write_pages(model, writer, base_url, search, lambda: _refuse_invalid(package),
                             (files, downloads.snippets(package)))
                _write_assets(model, writer)
            except SiteRefused:
                raise
            except Exception:
                _refuse_invalid(package)  # an invalid package explains the failure: refuse it instead
                raise
            _count_index(staging / "pagefind", writer)
            publish(staging, out_dir, sorted(os.listdir(staging)))
    except OSError as exc:  # a read-only or full disk: exit 2, --out as it was (docs/security.md, W4)
        from ctcoop.safe_write import os_problem

        raise os_problem("write", exc.filename or out_dir, exc) from None
    return SiteBuild(out_dir, writer.pages, writer.files, writer.bytes, search)
