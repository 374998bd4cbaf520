"""No cycles in self-referencing chains (a body that is its own parent, two bodies each the other's part).

Two sources of chains, both declared in the descriptors:

* every single-field ``foreignKeys`` entry that points into its own resource (``parent``);
* the typed links of a resource with ``ctcoop:typedLinks`` whose config lists
  ``"acyclicTypes": ["rtype-part-of", ...]``: for each such type, subject → object.

Each cycle is reported once, on the row of its member that comes first in the file, with the
whole loop spelled out.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from ctcoop.checks import Check
from ctcoop.checks.context import Context, Table
from ctcoop.checks.keys import foreign_keys
from ctcoop.codes import codes_of
from ctcoop.extensions import resource_ext
from ctcoop.report import Issue


def find_cycles(edges: dict[str, str]) -> list[list[str]]:
    """Every cycle of a functional graph (each node has at most one successor), each once."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    cycles: list[list[str]] = []
    for start in edges:
        if state.get(start):
            continue
        path: list[str] = []
        index: dict[str, int] = {}
        node: str | None = start
        while node is not None and not state.get(node):
            state[node] = 1
            index[node] = len(path)
            path.append(node)
            node = edges.get(node)
        if node is not None and state.get(node) == 1 and node in index:
            cycles.append(path[index[node] :])
        for n in path:
            state[n] = 2
    return cycles


def find_cycles_multi(edges: dict[str, list[str]]) -> list[list[str]]:
    """Cycles of a general directed graph: one per strongly connected component with a loop."""
    index_of: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index_of:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index_of[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            succ = edges.get(node, [])
            if i < len(succ):
                work.append((node, i + 1))
                nxt = succ[i]
                if nxt not in index_of:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index_of[nxt])
                continue
            if low[node] == index_of[node]:
                comp: list[str] = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                if len(comp) > 1 or node in edges.get(node, []):
                    out.append(sorted(comp))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return out


def _self_reference_cycles(ctx: Context, table: Table) -> Iterator[Issue]:
    resource = table.resource
    for fk in foreign_keys(resource):
        if not fk.self_reference or len(fk.fields) != 1:
            continue
        child, ref = fk.fields[0], fk.ref_fields[0]
        severity = ctx.rule_severity("acyclic-self-references", resource, child)
        if severity is None:
            continue
        if not (table.has(child) and table.has(ref)):
            continue
        pairs = table.frame.select(
            pl.col(ref).alias("k"), pl.col(child).alias("p"), pl.int_range(0, pl.len()).alias("row")
        ).drop_nulls()
        row_of = dict(zip(pairs["k"].to_list(), pairs["row"].to_list(), strict=True))
        edges = dict(zip(pairs["k"].to_list(), pairs["p"].to_list(), strict=True))
        for cycle in find_cycles(edges):
            first = min(cycle, key=lambda k: row_of[k])
            at = cycle.index(first)
            loop = cycle[at:] + cycle[:at] + [first]
            yield table.issue(
                "cycle",
                f"{child} chain loops: " + " → ".join(loop),
                hint=f"a row cannot be its own {child}, directly or through others; fix one {child}",
                row=row_of[first],
                field=child,
                value=first,
                severity=severity,
            )


def _typed_link_cycles(table: Table) -> Iterator[Issue]:
    config = resource_ext(table.resource.descriptor).typed_links
    if config is None or not config.acyclicTypes:
        return
    tf, sf, of = config.typeField, config.subjectField, config.objectField
    if not all(table.has(f) for f in (tf, sf, of)):
        return
    rows = table.frame.select(
        pl.col(tf).alias("t"),
        pl.col(sf).alias("s"),
        pl.col(of).alias("o"),
        pl.int_range(0, pl.len()).alias("row"),
    ).drop_nulls()
    for link_type in config.acyclicTypes:
        sub = rows.filter(pl.col("t") == link_type)
        edges: dict[str, list[str]] = {}
        first_row: dict[tuple[str, str], int] = {}
        for s, o, row in sub.select("s", "o", "row").iter_rows():
            edges.setdefault(s, []).append(o)
            first_row.setdefault((s, o), row)
        for comp in find_cycles_multi(edges):
            members = set(comp)
            involved = [row for (s, o), row in first_row.items() if s in members and o in members]
            yield table.issue(
                "cycle",
                f"'{link_type}' links form a loop among: " + ", ".join(comp),
                hint=f"'{link_type}' chains cannot loop back; remove or reverse one of these links",
                row=min(involved),
                field=sf,
            )


def run(ctx: Context) -> Iterator[Issue]:
    for table in ctx.tables():
        yield from _self_reference_cycles(ctx, table)
        yield from _typed_link_cycles(table)


CHECK = Check(
    name="cycles",
    run=run,
    codes=codes_of("cycles"),
)
