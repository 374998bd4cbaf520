"""The home page's timeline: rows per year for each table that has a start date, as an SVG.

A table takes part when it has row labels and a ``ctcoop:dateOrder`` (its first field is the
start date: an instrument's adoption, an event's start, a body's founding, a mechanism's launch).
One track per table, one circle per year whose area grows with the count; in Arabic the years
run from right to left. The SVG is built here as text with every value escaped, and comes with a
table of the same counts as its text alternative.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from html import escape
from typing import Any

from ctcoop.extensions import resource_ext
from ctcoop.site.model import SiteModel, Table
from ctcoop.site.svg import NARROW, both

WIDTH = 1000
TRACK = 56
TOP = 30
SIDE = 30


@dataclass(frozen=True)
class Timeline:
    svg: str  #: the wide layout and the narrow one (:func:`ctcoop.site.svg.both`)
    tables: list[str]
    rows: list[dict[str, Any]]  #: {"year": int, "counts": [n per table]}


def _start_field(table: Table) -> str | None:
    order = resource_ext(table.resource.descriptor).date_order
    if not table.has_labels or not order:
        return None
    first = order[0][0]
    return first if table.has_field(first) else None


def _year(value: Any) -> int | None:
    if isinstance(value, dt.date):
        return value.year
    if isinstance(value, str) and len(value) >= 4 and value[:4].isdigit():
        return int(value[:4])
    return None


def counts(model: SiteModel) -> dict[str, dict[int, int]]:
    """table name -> year -> rows starting that year (tables in descriptor order)."""
    out: dict[str, dict[int, int]] = {}
    for table in model.tables.values():
        fname = _start_field(table)
        if fname is None:
            continue
        per: dict[int, int] = {}
        for row in table.rows:
            year = _year(row.values.get(fname))
            if year is not None:
                per[year] = per.get(year, 0) + 1
        if per:
            out[table.name] = per
    return out


def build(model: SiteModel, lang: str) -> Timeline | None:
    data = counts(model)
    if not data:
        return None
    names = list(data)
    titles = [model.tables[n].title(lang) for n in names]
    years = sorted({y for per in data.values() for y in per})
    rows = [{"year": y, "counts": [data[n].get(y, 0) for n in names]} for y in years]
    return Timeline(both(_svg(data, titles, lang, WIDTH, ""), _svg(data, titles, lang, NARROW, "-n")),
                    titles, rows)


def _svg(data: dict[str, dict[int, int]], titles: list[str], lang: str, width: int, suffix: str) -> str:
    """The timeline ``width`` units wide (the narrow layout: decades two by two, smaller circles);
    ``suffix`` keeps the two layouts' ids apart."""
    years = sorted({y for per in data.values() for y in per})
    first, last = (years[0] // 10) * 10, max(years[-1], years[0] + 1)
    span = max(last - first, 1)
    rtl = lang == "ar"
    narrow = width < WIDTH
    scale = 0.6 if narrow else 1.0
    side = 22 if narrow else SIDE

    def x(year: float) -> float:
        pos = side + (year - first) / span * (width - 2 * side)
        return round(width - pos if rtl else pos, 1)

    names = list(data)
    height = TOP + TRACK * len(names) + 30
    title = "Timeline" if lang == "en" else "الخط الزمني"
    desc = ", ".join(f"{t}: {sum(data[n].values())}" for n, t in zip(names, titles, strict=True))
    ids = f"tl-title{suffix} tl-desc{suffix}"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
           f'aria-labelledby="{ids}" class="timeline-svg" direction="{"rtl" if rtl else "ltr"}">',
           f'<title id="tl-title{suffix}">{escape(title)}</title>'
           f'<desc id="tl-desc{suffix}">{escape(desc)}</desc>']
    axis_y = TOP + TRACK * len(names)
    out.append(f'<line x1="{side:g}" y1="{axis_y}" x2="{width - side:g}" y2="{axis_y}" class="axis"/>')
    step = 20 if narrow and span > 60 else 10
    for decade in range(first, last + 1, step):
        pos = x(decade)
        out.append(f'<line x1="{pos}" y1="{TOP - 10}" x2="{pos}" y2="{axis_y + 4}" class="grid"/>'
                   f'<text x="{pos}" y="{axis_y + 20}" text-anchor="middle" class="tick">{decade}</text>')
    for i, (name, label) in enumerate(zip(names, titles, strict=True)):
        y = TOP + TRACK * i + TRACK // 2
        # "start" is the right end on an rtl SVG (the direction attribute is inherited)
        out.append(f'<text x="{x(first)}" y="{y - 16}" text-anchor="start" class="track track-{i % 6}">'
                   f'{escape(label)}</text>')
        for year, n in sorted(data[name].items()):
            r = round((2.5 + 2.2 * math.sqrt(n)) * scale, 1)
            out.append(f'<circle cx="{x(year)}" cy="{y + 4}" r="{r}" class="dot dot-{i % 6}">'
                       f'<title>{year}: {n} · {escape(label)}</title></circle>')
    out.append("</svg>")
    return "".join(out)
