"""Members over time (an instrument's parties and signatories, a body's members) and how complete
the list is against the stated total, for the page of each group row.

Everything comes from a resource's ``ctcoop:coverage`` (:class:`ctcoop.dataset_rules.CoverageRule`):
its rows are grouped by ``groupField`` (the row whose page shows the chart); each measure of
``counts`` is a line. The count at a date is :func:`ctcoop.coverage.members_as_of` at that date,
the same rule ``ctcoop validate`` and ``ctcoop stats`` use: a member counts from its row of one of
the measure's kinds until a later row of an ``endKinds`` kind (or its ``endField`` date). The
stated totals (the ``stated`` resource's rows about the group that say what they count) are drawn
as diamonds at their as-of dates, and the newest one is set beside the chart with the count held
at its date. Rows without a date are not on the line; they are counted against the newest total
only, as in ``ctcoop stats``. Drawn only for a group with at least one dated row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ctcoop.coverage import _Row as CoverageRow
from ctcoop.coverage import members_as_of
from ctcoop.dataset_rules import CoverageRule, coverage_rule
from ctcoop.site import labels
from ctcoop.site.model import Row, SiteModel
from ctcoop.site.svg import NARROW, both, date_pos, esc, nice_step, text
from ctcoop.site.values import category_label, row_link, scalar

WIDTH = 1000
HEIGHT = 320
PAD_START = 64
PAD_END = 24
PAD_TOP = 44
PAD_BOTTOM = 40


@dataclass(frozen=True)
class Group:
    """The member rows of one group under one rule."""

    resource: str
    rule: CoverageRule
    rows: list[CoverageRow]


def _groups(model: SiteModel) -> dict[str, list[Group]]:
    """group key -> its member rows under every rule whose group field points at a table here."""
    cached: dict[str, list[Group]] | None = model.cache.get("coverage")
    if cached is not None:
        return cached
    out: dict[str, list[Group]] = defaultdict(list)
    for table in model.tables.values():
        rule = coverage_rule(table.resource)
        if not isinstance(rule, CoverageRule) or rule.groupField not in table.refs:
            continue
        by_group: dict[str, list[CoverageRow]] = defaultdict(list)
        for row in table.rows:
            v = row.values
            group, member, kind = v.get(rule.groupField), v.get(rule.memberField), v.get(rule.kindField)
            if group is None or member is None or kind is None:
                continue
            start, end = v.get(rule.startField), v.get(rule.endField) if rule.endField else None
            by_group[str(group)].append(CoverageRow(str(member), str(kind), None if start is None
                                                    else scalar(start), None if end is None else scalar(end)))
        for group, rows in sorted(by_group.items()):
            out[group].append(Group(table.name, rule, rows))
    model.cache["coverage"] = dict(out)
    return model.cache["coverage"]  # type: ignore[no-any-return]


def _stated(model: SiteModel, rule: CoverageRule, group: str,
            measure: str) -> list[tuple[str | None, int, Row]]:
    """The stated totals of ``measure`` for ``group``: (as of, value, row), oldest first."""
    s = rule.stated
    table = model.tables.get(s.resource)
    if table is None:
        return []
    out: list[tuple[str | None, int, Row, int]] = []
    for i, row in enumerate(table.rows):
        v = row.values
        if str(v.get(s.aboutField)) != group or v.get(s.countsField) != measure:
            continue
        if any(str(v.get(k)) not in allowed for k, allowed in s.where.items()):
            continue
        value = v.get(s.valueField)
        if isinstance(value, int | float) and float(value).is_integer():
            as_of = v.get(s.dateField)
            out.append((None if as_of is None else scalar(as_of), int(value), row, i))
    out.sort(key=lambda t: (t[0] or "", t[3]))
    return [(a, n, r) for a, n, r, _ in out]


def _measure_label(model: SiteModel, rule: CoverageRule, measure: str, lang: str) -> str:
    table = model.tables.get(rule.stated.resource)
    fdesc = next((f for f in table.fields if f.get("name") == rule.stated.countsField), {}) if table else {}
    label = category_label(fdesc, measure, lang)
    return label[:1].upper() + label[1:] if lang == "en" else label


def build(row: Row, lang: str, page: str, model: SiteModel) -> list[dict[str, Any]]:
    """One chart per rule that has dated rows for this row: {"title", "svg", "summary", "points"}."""
    out = []
    for group in _groups(model).get(row.key, []):
        chart = _chart(row, group, lang, page, model)
        if chart is not None:
            out.append(chart)
    return out


def _chart(row: Row, group: Group, lang: str, page: str, model: SiteModel) -> dict[str, Any] | None:
    rule = group.rule
    end_kinds = set(rule.endKinds)
    dates = sorted({d for r in group.rows for d in (r.start, r.end) if d is not None and date_pos(d)},
                   key=lambda d: (date_pos(d) or 0.0, d))
    if not dates:
        return None
    measures = list(rule.counts)
    series = {m: [(d, len(members_as_of(group.rows, set(rule.counts[m]), end_kinds, d, False)))
                  for d in dates] for m in measures}
    stated = {m: _stated(model, rule, row.key, m) for m in measures}
    measures = [m for m in measures if any(n for _, n in series[m]) or stated[m]]
    if not measures:
        return None
    names = {m: _measure_label(model, rule, m, lang) for m in measures}
    summary = []
    for m in measures:
        undated = len(members_as_of(group.rows, set(rule.counts[m]), end_kinds, None, True)) \
            - len(members_as_of(group.rows, set(rule.counts[m]), end_kinds, None, False))
        latest = stated[m][-1] if stated[m] else None
        item: dict[str, Any] = {"measure": names[m], "now": series[m][-1][1], "date": dates[-1],
                                "undated": undated, "stated": None}
        if latest is not None:
            as_of, value, srow = latest
            held = len(members_as_of(group.rows, set(rule.counts[m]), end_kinds, as_of, True))
            item["stated"] = {"value": value, "as_of": as_of or "", "held": held,
                              "percent": round(100 * held / value) if value else None,
                              "link": [row_link(srow, lang, page, model)]}
        summary.append(item)
    shown = ({m: series[m] for m in measures}, {m: stated[m] for m in measures})
    svg = both(_svg(row, dates, *shown, names, lang, WIDTH), _svg(row, dates, *shown, names, lang, NARROW))
    points = [{"date": d, "counts": [series[m][i][1] for m in measures]} for i, d in enumerate(dates)]
    sep = " / "
    return {"title": labels.ui("over_time", lang).format(what=sep.join(names[m] for m in measures)),
            "svg": svg, "summary": summary, "measures": [names[m] for m in measures], "points": points,
            "table": model.tables[group.resource].title(lang)}


def _svg(row: Row, dates: list[str], series: dict[str, list[tuple[str, int]]],
         stated: dict[str, list[tuple[str | None, int, Row]]], names: dict[str, str], lang: str,
         width: int) -> str:
    """The chart ``width`` units wide; the narrow layout puts each legend item on a line of its own
    and has fewer ticks."""
    rtl = lang == "ar"
    narrow = width < WIDTH
    legend_lines = len(series) + (1 if narrow and any(stated.values()) else 0)
    pad_top = max(PAD_TOP, 26 + 20 * legend_lines) if narrow else PAD_TOP
    height = 240 + pad_top if narrow else HEIGHT
    pad_start = 44 if narrow else PAD_START
    pad_end = 14 if narrow else PAD_END
    stated_dates = [d for rows in stated.values() for d, _, _ in rows if d and date_pos(d)]
    positions = [p for d in [*dates, *stated_dates] if (p := date_pos(d)) is not None]
    x_first = float(int(min(positions)))
    x_last = max(float(int(max(positions)) + 1), x_first + 5)
    top_value = max([n for s in series.values() for _, n in s] + [n for rows in stated.values()
                                                                  for _, n, _ in rows] + [1])
    y_step = nice_step(top_value, 5)
    y_top = y_step * -(-top_value // y_step)
    plot_w = width - pad_start - pad_end
    plot_h = height - pad_top - PAD_BOTTOM

    def x(pos: float) -> float:
        along = pad_start + (pos - x_first) / (x_last - x_first) * plot_w
        return width - along if rtl else along

    def y(n: float) -> float:
        return height - PAD_BOTTOM - n / y_top * plot_h

    parts = []
    v = 0.0
    while v <= y_top:
        parts.append(f'<line x1="{x(x_first):.1f}" y1="{y(v):.1f}" x2="{x(x_last):.1f}" y2="{y(v):.1f}" '
                     f'class="grid"/>' + text(x(x_first) + (8 if rtl else -8), y(v) + 4, f"{v:g}", "tick",
                                              anchor_="start" if rtl else "end", rtl=False))
        v += y_step
    step = max(1, int(nice_step(x_last - x_first, 5 if narrow else 10)))
    year = int(x_first) - int(x_first) % step
    while year <= x_last:
        if year >= x_first:
            parts.append(f'<line x1="{x(year):.1f}" y1="{y(0):.1f}" x2="{x(year):.1f}" y2="{y(0) + 5:.1f}" '
                         f'class="axis"/>' + text(x(year), y(0) + 20, str(year), "tick", anchor_="middle"))
        year += step
    parts.append(f'<line x1="{x(x_first):.1f}" y1="{y(0):.1f}" x2="{x(x_last):.1f}" y2="{y(0):.1f}" '
                 'class="axis"/>')
    legend_x = x(x_first) + (-4 if rtl else 4)
    for i, (m, points) in enumerate(series.items()):
        d = [f"M{x(x_first):.1f},{y(0):.1f}"]
        for date, n in points:
            d.append(f"H{x(date_pos(date) or x_first):.1f}V{y(n):.1f}")
        d.append(f"H{x(x_last):.1f}")
        parts.append(f'<path d="{"".join(d)}" class="step step-{i % 4}"/>')
        for as_of, n, _ in stated[m]:
            if as_of and (p := date_pos(as_of)) is not None:
                cx, cy = x(p), y(n)
                parts.append(f'<path d="M{cx:.1f},{cy - 7:.1f}l7,7l-7,7l-7,-7z" '
                             f'class="stated stated-{i % 4}"><title>{esc(names[m])}: {n} ({esc(as_of)})'
                             "</title></path>"
                             + text(cx, cy - 11, str(n), "stated-n", anchor_="middle"))
        ly = 16 + 20 * i
        sample = (f'<line x1="{legend_x:.1f}" y1="{ly - 4}" x2="{legend_x + (-26 if rtl else 26):.1f}" '
                  f'y2="{ly - 4}" class="step step-{i % 4}"/>')
        parts.append(sample + text(legend_x + (-34 if rtl else 34), ly, names[m], "legend"))
    if any(stated.values()):  # beside the first legend item, or under the last one when narrow
        lx = legend_x + (-13 if rtl else 13) if narrow else x(x_first) + (-260 if rtl else 260)
        ty = 16 + 20 * len(series) if narrow else 20
        tx = lx + (-21 if rtl else 21) if narrow else lx + (-14 if rtl else 14)
        parts.append(f'<path d="M{lx:.1f},{ty - 11:.1f}l7,7l-7,7l-7,-7z" class="stated stated-0"/>'
                     + text(tx, ty, labels.ui("stated_total", lang), "legend"))
    title = f"{' / '.join(names.values())}: {row.label(lang)}"
    desc = "; ".join(f"{names[m]}: {s[-1][1]} ({s[-1][0]})" for m, s in series.items())
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="{esc(title)}. {esc(desc)}" class="stepchart" direction="{"rtl" if rtl else "ltr"}">'
            + "".join(parts) + "</svg>")

