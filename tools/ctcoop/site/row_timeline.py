"""A row's own timeline: the dated rows that point at it (a body's instruments and events), by year.

Which rows count comes from the descriptors only: a row of a table with row labels and a
``ctcoop:dateOrder`` (its first field is the row's date, as on the home page's timeline) that
points at this row through a foreign key or a ``ctcoop:references`` field. One track per (table,
field), e.g. "Instruments · adopting body", "Events · organizer"; one dot per row, stacked by year.
Drawn only when at least :data:`MIN_ITEMS` dated rows point here. The same rows, with their
exact dates and links, are listed under it as the text alternative.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ctcoop.site import labels
from ctcoop.site.model import Row, SiteModel
from ctcoop.site.svg import NARROW, both, clip, date_pos, esc, nice_step, text
from ctcoop.site.timeline import _start_field
from ctcoop.site.values import row_link, scalar

MIN_ITEMS = 2
WIDTH = 1000
SIDE = 24
LABEL = 26
DOT = 13


@dataclass(frozen=True)
class RowTimeline:
    svg: str
    items: list[dict[str, Any]]  #: {"date": str, "track": str, "link": [Part]}, by date


def start_fields(model: SiteModel) -> dict[str, str]:
    """table -> the field holding its rows' dates (tables with labels and ``ctcoop:dateOrder``)."""
    cached: dict[str, str] | None = model.cache.get("start_fields")
    if cached is None:
        cached = model.cache["start_fields"] = {
            t.name: f for t in model.tables.values() if model.has_pages(t.name)
            and (f := _start_field(t)) is not None}
    return cached


def build(row: Row, lang: str, page: str, model: SiteModel) -> RowTimeline | None:
    fields = start_fields(model)
    found: dict[tuple[str, str], list[tuple[float, str, Row]]] = defaultdict(list)
    for inc in model.incoming.get(row.key, []):
        fname = fields.get(inc.table)
        value = inc.source.values.get(fname) if fname else None
        pos = date_pos(value)
        if pos is not None and inc.source is not row:
            found[(inc.table, inc.field)].append((pos, scalar(value), inc.source))
    if sum(len(v) for v in found.values()) < MIN_ITEMS:
        return None
    order = list(model.tables)
    keys = sorted(found, key=lambda k: (order.index(k[0]), model.tables[k[0]].field_names.index(k[1])))
    names = [f"{model.tables[t].title(lang)} · {labels.field_label(f, lang)[0]}" for t, f in keys]
    years = [int(p) for k in keys for p, _, _ in found[k]]
    first, last = min(years), max(years) + 1
    if last - first < 6:
        first, last = first - (6 - (last - first)) // 2, first + 6
    step = max(1, int(nice_step(last - first, 10)))
    first -= first % step
    title = f"{labels.ui('row_timeline', lang)}: {row.label(lang)}"
    desc = "; ".join(f"{n}: {len(found[k])}" for n, k in zip(names, keys, strict=True))
    tracks = [(names[i], found[k]) for i, k in enumerate(keys)]
    svg = both(_svg(tracks, first, last, step, lang, title, desc, WIDTH, ""),
               _svg(tracks, first, last, step * (2 if (last - first) / step > 5 else 1), lang, title, desc,
                    NARROW, "-n"))
    items = sorted(((pos, date, names[i], src) for i, k in enumerate(keys) for pos, date, src in found[k]),
                   key=lambda t: (t[0], t[2], t[3].key))
    links: list[dict[str, Any]] = [{"date": date, "track": name, "link": [row_link(src, lang, page, model)]}
                                   for _, date, name, src in items]
    return RowTimeline(svg, links)


def _svg(tracks: list[tuple[str, list[tuple[float, str, Row]]]], first: int, last: int, step: int,
         lang: str, title: str, desc: str, width: int, suffix: str) -> str:
    """The picture ``width`` units wide (the narrow one with smaller dots, stacked closer);
    ``suffix`` keeps the two layouts' ids apart."""
    rtl = lang == "ar"
    narrow = width < WIDTH
    radius, gap, side = (3.0, 7, 22) if narrow else (5.5, DOT, SIDE)

    def x(year: float) -> float:
        pos = side + (year - first) / (last - first) * (width - 2 * side)
        return width - pos if rtl else pos

    body: list[str] = []
    y = 8
    for i, (name, rows) in enumerate(tracks):
        stacks: dict[int, int] = defaultdict(int)
        dots = []
        for pos, date, src in sorted(rows, key=lambda t: (t[0], t[2].key)):
            year = int(pos)
            stacks[year] += 1
            cy = y + LABEL + 4 + gap * stacks[year]
            dots.append(f'<circle cx="{x(year + 0.5):.1f}" cy="{cy}" r="{radius:g}" class="dot dot-{i % 6}">'
                        f"<title>{esc(date)} · {esc(src.label(lang))}</title></circle>")
        body.append(text(x(first), y + 18, clip(name, 44 if narrow else 80), f"track track-{i % 6}",
                         title=name))
        body.extend(dots)
        y += LABEL + 4 + gap * max(stacks.values()) + 14
    axis = y + 4
    ticks = [f'<line x1="{side}" y1="{axis}" x2="{width - side}" y2="{axis}" class="axis"/>']
    for year in range(first, last + 1, step):
        ticks.append(f'<line x1="{x(year):.1f}" y1="4" x2="{x(year):.1f}" y2="{axis + 4}" class="grid"/>'
                     + text(x(year), axis + 20, str(year), "tick", anchor_="middle"))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {axis + 30}" role="img" '
            f'aria-labelledby="rtl-title{suffix} rtl-desc{suffix}" class="timeline-svg row-timeline" '
            f'direction="{"rtl" if rtl else "ltr"}"><title id="rtl-title{suffix}">{esc(title)}</title>'
            f'<desc id="rtl-desc{suffix}">{esc(desc)}</desc>' + "".join(ticks) + "".join(body) + "</svg>")
