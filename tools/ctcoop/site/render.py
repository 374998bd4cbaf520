"""Templates (Jinja2, every value HTML-escaped) and what every page shares: language, links, furniture."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template, select_autoescape
from markupsafe import Markup

from ctcoop.site import labels, urls, values
from ctcoop.site.model import SiteModel
from ctcoop.site.timeline import Timeline


class _Environment(Environment):
    """Jinja's environment with a faster ``a.b`` for dicts.

    Jinja reads ``a.b`` as the attribute ``b`` first and the item ``"b"`` only when that fails;
    the pages' contexts are dicts, so every ``ui.x`` or ``row.title`` cost a raised and caught
    AttributeError. Here a dict's key comes first (the templates call no dict methods), then
    Jinja's own lookup.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


@cache
def environment() -> Environment:
    env = _Environment(loader=PackageLoader("ctcoop.site", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True, auto_reload=False, cache_size=-1)
    env.filters["cell"] = values.html
    return env


@cache
def ui_strings(lang: str) -> dict[str, str]:
    return {key: texts[lang] for key, texts in labels.UI.items()}


def render(template: str, context: dict[str, Any], lang: str, model: SiteModel) -> str:
    """A page in ``lang``: the template with ``context`` plus the shared furniture."""
    page = str(context["page"])
    other = "en" if lang == "ar" else "ar"
    root = "../" * page.count("/")
    shared = {
        "lang": lang, "other": other, "ui": ui_strings(lang), "root": root,
        "twin_href": urls.href(page, urls.twin(page, other)), "home_href": urls.href(page, urls.home(lang)),
        "package_title": model.descriptor_text("title", lang) or str(model.package.descriptor.get("name")),
        "version": model.package.version or "", "indexed": False, "fold": "", "fold_title": "",
    }
    shared.update(context)
    tl = shared.get("timeline")
    if isinstance(tl, Timeline):  # built from escaped parts in ctcoop.site.timeline
        shared["timeline"] = {"svg": Markup(tl.svg), "tables": tl.tables, "rows": tl.rows}
    return _template(template).render(shared)


@cache
def _template(name: str) -> Template:
    """A compiled template, looked up once per build (no file checks per page)."""
    return environment().get_template(name)


def render_root(model: SiteModel) -> str:
    return environment().get_template("root.html").render(
        title_en=model.descriptor_text("title", "en") or "Data package",
        title_ar=model.descriptor_text("title", "ar") or model.descriptor_text("title", "en"))
