"""A row's typed relations as a picture: the row in the middle, what points at it on one side,
what it points at on the other, each arrow labelled with the relation type.

The relations are the rows of a resource with ``ctcoop:typedLinks`` (as in the list under the
picture, which is its text alternative). The links from this row (it is the subject) are drawn
on the reading direction's far side, the links to it (it is the object) on the near side, so the
arrows run in the direction of reading: left to right in English, right to left in Arabic. The
verb is the type's ``name_<lang>`` from the subject and ``inverse_<lang>`` from the object, as
in the list. A side shows at most :data:`MAX_SIDE` rows and says how many more there are. The
narrow layout (for phones) puts the rows that point at this one above it and the rows it points at
below it, one box a line.
"""

from __future__ import annotations

from dataclasses import dataclass

from ctcoop.site import labels
from ctcoop.site.model import Row, SiteModel
from ctcoop.site.svg import NARROW, anchor, both, clip, esc, text

MAX_SIDE = 14
WIDTH = 1000
BOX_W = 330
BOX_H = 46
GAP = 10
MID_W = 250
TOP = 10
NAME_CHARS = 41
MAX_NARROW = 6  #: boxes a side in the narrow layout
ARROW = 30  #: the narrow layout's arrow between a group and the row


@dataclass(frozen=True)
class Edge:
    verb: str
    other: Row | None
    other_label: str
    outgoing: bool  #: this row is the subject


def edges(row: Row, lang: str, model: SiteModel) -> list[Edge]:
    """The row's typed relations, both ways, sorted by verb then the other row's name."""
    out = []
    for inc in model.incoming.get(row.key, []):
        spec = model.typed_links.get(inc.table)
        if spec is None:
            continue
        rel = inc.source.values
        outgoing = inc.field == spec.subjectField
        other_value = rel.get(spec.objectField if outgoing else spec.subjectField)
        other = model.by_id.get(str(other_value))
        rtype = model.by_id.get(str(rel.get(spec.typeField)))
        stem = "name" if outgoing else "inverse"
        verb = str(rtype.values.get(f"{stem}_{lang}") or rtype.key) if rtype else str(rel.get("type"))
        out.append(Edge(verb, other, other.label(lang) if other else str(other_value), outgoing))
    out.sort(key=lambda e: (not e.outgoing, e.verb, e.other_label))
    return out


def _side(items: list[Edge], more_text: str, most: int = MAX_SIDE) -> list[tuple[Edge | None, str]]:
    if len(items) <= most:
        return [(e, "") for e in items]
    shown = [(e, "") for e in items[: most - 1]]
    return [*shown, (None, more_text.format(n=len(items) - most + 1))]


def _label_rtl(row: Row | None, lang: str, model: SiteModel) -> bool:
    """Whether a row's label, as shown on a page in ``lang``, is right-to-left text."""
    if row is None:
        return lang == "ar"
    table = model.tables[row.table]
    return lang == "ar" and table.label_field(lang) is not None


def build(row: Row, lang: str, model: SiteModel) -> str | None:
    """The picture as SVG text (a wide and a narrow layout), or None when the row has no typed relations."""
    found = edges(row, lang, model)
    if not found:
        return None
    return both(_wide(row, found, lang, model), _narrow(row, found, lang, model))


def _wide(row: Row, found: list[Edge], lang: str, model: SiteModel) -> str:
    rtl = lang == "ar"
    more = labels.ui("more_relations", lang)
    near = _side([e for e in found if not e.outgoing], more)  # pointing at this row
    far = _side([e for e in found if e.outgoing], more)
    rows = max(len(near), len(far), 1)
    height = TOP * 2 + rows * (BOX_H + GAP)
    mid_y = height / 2

    def left_of(box_on_near: bool) -> float:
        """The x of a side's boxes: the near side is the reading start (left in LTR)."""
        return (WIDTH - BOX_W - 2.0) if box_on_near == rtl else 2.0

    mid_x0 = (WIDTH - MID_W) / 2
    parts = ['<defs><marker id="rg-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
             'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow"/>'
             "</marker></defs>"]
    for on_near, side in ((True, near), (False, far)):
        x0 = left_of(on_near)
        top = mid_y - len(side) * (BOX_H + GAP) / 2 + GAP / 2
        on_left = x0 < mid_x0
        box_edge = x0 + BOX_W if on_left else x0
        mid_edge = mid_x0 if on_left else mid_x0 + MID_W
        for i, (edge, more_text) in enumerate(side):
            y = top + i * (BOX_H + GAP)
            cy = y + BOX_H / 2
            if edge is not None:  # the arrow runs from the subject to the object
                a, b = ((box_edge, cy), (mid_edge, mid_y)) if on_near else ((mid_edge, mid_y), (box_edge, cy))
                parts.append(f'<path d="M{a[0]:.1f},{a[1]:.1f} C{(a[0] + b[0]) / 2:.1f},{a[1]:.1f} '
                             f'{(a[0] + b[0]) / 2:.1f},{b[1]:.1f} {b[0]:.1f},{b[1]:.1f}" class="edge" '
                             'marker-end="url(#rg-arrow)"/>')
            parts.append(f'<rect x="{x0:.1f}" y="{y:.1f}" width="{BOX_W}" height="{BOX_H}" rx="6" '
                         f'class="node{" more" if edge is None else ""}"/>')
            start = x0 + BOX_W - 10 if rtl else x0 + 10
            if edge is None:
                parts.append(text(start, y + 28, more_text, "verb"))
                continue
            parts.append(text(start, y + 17, clip(edge.verb, 52), "verb", title=edge.verb))
            name_rtl = _label_rtl(edge.other, lang, model)
            parts.append(text(start, y + 37, clip(edge.other_label, NAME_CHARS), "name",
                              anchor_=anchor(rtl, name_rtl), rtl=name_rtl, title=edge.other_label))
    parts.append(f'<rect x="{mid_x0:.1f}" y="{mid_y - BOX_H / 2:.1f}" width="{MID_W}" height="{BOX_H}" '
                 'rx="8" class="self"/>')
    own_rtl = _label_rtl(row, lang, model)
    parts.append(text(WIDTH / 2, mid_y + 5, clip(row.label(lang), 27), "self-name", anchor_="middle",
                      rtl=own_rtl, title=row.label(lang)))
    title = f"{labels.ui('relations', lang)}: {row.label(lang)}"
    sep = "؛ " if rtl else "; "
    desc = sep.join(f"{e.verb} {e.other_label}" for e in found)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
            f'aria-labelledby="rg-title rg-desc" class="relgraph" direction="{"rtl" if rtl else "ltr"}">'
            f'<title id="rg-title">{esc(title)}</title><desc id="rg-desc">{esc(desc)}</desc>'
            + "".join(parts) + "</svg>")


def _narrow(row: Row, found: list[Edge], lang: str, model: SiteModel) -> str:
    """The phone layout: the rows that point at this one above it, the rows it points at below,
    one box a line (at most :data:`MAX_NARROW` a side), an arrow down between the groups."""
    rtl = lang == "ar"
    more = labels.ui("more_relations", lang)
    groups = [_side([e for e in found if not e.outgoing], more, MAX_NARROW),
              _side([e for e in found if e.outgoing], more, MAX_NARROW)]
    width, x0 = NARROW, 2.0
    box_w = width - 4
    start = x0 + box_w - 10 if rtl else x0 + 10
    parts = ['<defs><marker id="rg-arrow-n" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
             'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow"/>'
             "</marker></defs>"]
    y = float(TOP)

    def arrow() -> None:
        nonlocal y
        parts.append(f'<path d="M{width / 2:.1f},{y:.1f} V{y + ARROW - 2:.1f}" class="edge" '
                     'marker-end="url(#rg-arrow-n)"/>')
        y += ARROW

    for i, group in enumerate(groups):
        if i == 1:  # this row, between the two groups
            if groups[0]:
                arrow()
            parts.append(f'<rect x="{x0:.1f}" y="{y:.1f}" width="{box_w:.0f}" height="{BOX_H}" rx="8" '
                         'class="self"/>')
            parts.append(text(width / 2, y + 28, clip(row.label(lang), 40), "self-name", anchor_="middle",
                              rtl=_label_rtl(row, lang, model), title=row.label(lang)))
            y += BOX_H
            if group:
                arrow()
        for edge, more_text in group:
            parts.append(f'<rect x="{x0:.1f}" y="{y:.1f}" width="{box_w:.0f}" height="{BOX_H}" rx="6" '
                         f'class="node{" more" if edge is None else ""}"/>')
            if edge is None:
                parts.append(text(start, y + 28, more_text, "verb"))
            else:
                parts.append(text(start, y + 17, clip(edge.verb, 46), "verb", title=edge.verb))
                name_rtl = _label_rtl(edge.other, lang, model)
                parts.append(text(start, y + 37, clip(edge.other_label, NAME_CHARS), "name",
                                  anchor_=anchor(rtl, name_rtl), rtl=name_rtl, title=edge.other_label))
            y += BOX_H + GAP
    title = f"{labels.ui('relations', lang)}: {row.label(lang)}"
    desc = ("؛ " if rtl else "; ").join(f"{e.verb} {e.other_label}" for e in found)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {y + TOP:.0f}" role="img" '
            f'aria-labelledby="rg-title-n rg-desc-n" class="relgraph" direction="{"rtl" if rtl else "ltr"}">'
            f'<title id="rg-title-n">{esc(title)}</title><desc id="rg-desc-n">{esc(desc)}</desc>'
            + "".join(parts) + "</svg>")
