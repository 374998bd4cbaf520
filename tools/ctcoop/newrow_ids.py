"""IDs for new rows: the ID rule, and the patterns learned from the rows a table already has.

The rule (docs/data-model.md, "Identifiers"): a lowercase ASCII slug that starts with the
table's prefix, which the ``id`` field's ``pattern`` gives (``^org-…`` → ``org-``), unique
(across the package when it declares ``ctcoop:globalIds``; a clash gets ``-2``, ``-3``…).

What follows the prefix is learned from the table's own rows, so the proposal reads like the
IDs around it, in any package:

1. every existing ID is explained from its own row: each run of its hyphen-separated words that
   equals a cell (slugified; a referenced ID without its prefix, ``org-unsc`` → ``unsc``; a date
   as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) becomes that field, the other words stay literal.
   ``ins-unsc-res-1373`` with ``adopting_body = org-unsc``, ``number = 1373`` becomes the
   template ``{adopting_body}-res-{number}``;
2. the rows most like the new one vote (the same values in the most categorical fields:
   allowed values or references; if they agree on nothing, the rows a little less alike).
   The template most of them share (at least two, at least half) that the new row can fill
   is used. When the literal words vary from row to row, they are left open and the new row's
   name fills them; failing that, only the fields that end most IDs are kept
   (``evt-ankara-bombing-2015-10``: the name's slug, then ``{start_date:YYYY-MM}``). Text
   whose letters have no ASCII form (Arabic) is never used;
3. otherwise the slug of the row's first English text field (``name_en``, ``title_en``…) or,
   for link tables, of the IDs it points to (prefixes dropped).

The result must match the ``id`` field's pattern, else the plain rule of step 3 is used.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from ctcoop.errors import CtcoopError
from ctcoop.extensions import field_ext, list_delimiter, package_ext
from ctcoop.package import Package, Resource
from ctcoop.regex import fullmatch
from ctcoop.tables.canonical import read_raw_table
from ctcoop.tables.row_order import sort_key

_PREFIX = re.compile(r"^\^([a-z0-9]+-)")
_MAX_SLUG = 60
_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
_SHAPES = {"YYYY": 4, "YYYY-MM": 7, "YYYY-MM-DD": 10}

#: one part of a template: ("lit", words) or ("field", name, shape); shape "" = the whole value
Part = tuple[str, ...]


def single_pk(res: Resource) -> str | None:
    return res.primary_key[0] if len(res.primary_key) == 1 else None


def table_ids(package: Package, name: str) -> list[str]:
    """The single-field primary-key values of a resource (empty when it has none or is unreadable)."""
    try:
        res = package.resource(name)
    except CtcoopError:
        return []
    key = sort_key(res)
    if len(key) != 1:
        return []
    try:
        rows = read_raw_table(package, res).rows
    except CtcoopError:
        return []
    return sorted({r[key[0]] for r in rows if r[key[0]]})


def targets(res: Resource, name: str) -> list[str]:
    """The tables a field of ``res`` points into (foreignKeys and ``ctcoop:references``)."""
    out: list[str] = []
    for fk in res.foreign_keys:
        fields = fk.get("fields")
        fields = [fields] if isinstance(fields, str) else fields
        ref = fk.get("reference", {})
        if fields == [name] and isinstance(ref, dict):
            target = ref.get("resource") or res.name
            if isinstance(target, str):
                out.append(target)
    extra = field_ext(res.field(name) or {}).references
    out.extend(t for t in extra or [] if t not in out)
    return out


def id_prefix(res: Resource) -> str | None:
    """The ID prefix the primary key's pattern requires (``'^org-…'`` → ``'org-'``), or None."""
    pk = single_pk(res)
    fdesc = res.field(pk) if pk else None
    cons = fdesc.get("constraints", {}) if fdesc else {}
    pattern = cons.get("pattern") if isinstance(cons, dict) else None
    match = _PREFIX.match(pattern) if isinstance(pattern, str) else None
    return match.group(1) if match else None


def slugify(text: str) -> str:
    """Lowercase ASCII slug: letters and digits joined by single hyphens, at most 60 characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > _MAX_SLUG:
        slug = slug[:_MAX_SLUG].rsplit("-", 1)[0] if "-" in slug[:_MAX_SLUG] else slug[:_MAX_SLUG]
    return slug


@dataclass(frozen=True)
class _Table:
    """What the learning needs of a table: its fields' roles and the other tables' ID prefixes."""

    res: Resource
    pk: str
    prefixes: frozenset[str]
    categorical: tuple[str, ...]

    @classmethod
    def of(cls, package: Package, res: Resource, pk: str) -> _Table:
        prefixes = frozenset(p for r in package.resources if (p := id_prefix(r)))
        cats = []
        for fdesc in res.fields:
            name = str(fdesc.get("name", ""))
            cons = fdesc.get("constraints")
            cons = cons if isinstance(cons, dict) else {}
            if name != pk and list_delimiter(fdesc) is None and (
                isinstance(cons.get("enum"), list) or targets(res, name)
            ):
                cats.append(name)
        return cls(res, pk, prefixes, tuple(cats))

    def unprefixed(self, value: str) -> str:
        head = value.split("-", 1)[0] + "-"
        return value[len(head) :] if head in self.prefixes and value != head else value


def _renderings(table: _Table, name: str, value: str) -> list[tuple[str, str]]:
    """(shape, slug) for each way a cell may appear in an ID, longest first."""
    out = [("", slugify(text)) for text in dict.fromkeys([table.unprefixed(value), value])]
    if _DATE.match(value):  # a date may appear shortened; the whole value comes first (1373 is a number)
        out += [(shape, value[:n]) for shape, n in _SHAPES.items() if len(value) > n]
    return [(s, v) for s, v in out if v]


def _explain(table: _Table, body: str, row: Mapping[str, str]) -> tuple[Part, ...]:
    """The template of one existing ID body (the part after the prefix), from its own row."""
    words = body.split("-")
    cands: list[tuple[list[str], Part]] = []
    for fdesc in table.res.fields:
        name = str(fdesc.get("name", ""))
        if name != table.pk and row.get(name) and _latin(row[name]):
            for shape, slug in _renderings(table, name, row[name]):
                cands.append((slug.split("-"), ("field", name, shape)))
    cands.sort(key=lambda c: -len(c[0]))
    parts: list[Part] = []
    i = 0
    while i < len(words):
        hit = next((c for c in cands if words[i : i + len(c[0])] == c[0]), None)
        if hit:
            parts.append(hit[1])
            i += len(hit[0])
        else:
            if parts and parts[-1][0] == "lit":
                parts[-1] = ("lit", parts[-1][1] + "-" + words[i])
            else:
                parts.append(("lit", words[i]))
            i += 1
    return tuple(parts)


def _shape(template: tuple[Part, ...]) -> tuple[Part, ...]:
    """The template with its literal words left open (``*``: the new row's name fills them)."""
    return tuple(("lit", "*") if p[0] == "lit" else p for p in template)


def _tail(template: tuple[Part, ...]) -> tuple[Part, ...]:
    """Everything up to the last literal left open: only the fields that end the ID remain."""
    last = max((i for i, p in enumerate(template) if p[0] == "lit"), default=-1)
    return (("lit", "*"), *template[last + 1 :]) if last >= 0 else template


def _latin(value: str) -> bool:
    """True when every letter of ``value`` has an ASCII form (an Arabic name is no ID material)."""
    return all(c.isascii() or not c.isalpha() for c in unicodedata.normalize("NFKD", value))


def _fill(table: _Table, template: tuple[Part, ...], cells: Mapping[str, str], name_slug: str) -> str | None:
    out: list[str] = []
    values: list[str] = []
    for part in template:
        if part[0] == "field":
            value = cells.get(part[1], "")
            if not value or (part[2] and (not _DATE.match(value) or len(value) < _SHAPES[part[2]])):
                return None
            rendered = value[: _SHAPES[part[2]]] if part[2] else slugify(table.unprefixed(value))
            if not rendered:
                return None
            out.append(rendered)
            values.append(rendered)
        else:
            out.append(part[1])
    if any(p == ("lit", "*") for p in template):
        taken = {w for v in values for w in v.split("-")}
        words = [w for w in name_slug.split("-") if w not in taken]
        if not words:
            return None
        out = ["-".join(words) if p == ("lit", "*") else o for p, o in zip(template, out, strict=True)]
    return "-".join(out)


def _score(table: _Table, row: Mapping[str, str], cells: Mapping[str, str]) -> int:
    """In how many categorical fields ``row`` has the new row's value."""
    return sum(1 for f in table.categorical if cells.get(f) and row.get(f) == cells.get(f))


def learned_body(
    package: Package, res: Resource, prefix: str, cells: Mapping[str, str], name_slug: str
) -> str | None:
    """The part after ``prefix`` that the table's existing IDs suggest for ``cells``, or None."""
    pk = single_pk(res)
    if pk is None:
        return None
    try:
        rows = [dict(zip(res.field_names, r, strict=False)) for r in read_raw_table(package, res).rows]
    except CtcoopError:
        return None
    table = _Table.of(package, res, pk)
    scored = [(_score(table, r, cells), r) for r in rows if r.get(pk, "").startswith(prefix)]
    for least in sorted({score for score, _ in scored}, reverse=True):
        templates = [_explain(table, r[pk][len(prefix) :], r) for score, r in scored if score >= least]
        body = _vote(table, templates, cells, name_slug)
        if body:
            return body
    return None


def _last(template: tuple[Part, ...]) -> tuple[Part, ...]:
    """Only the field that ends the ID (after words from the name), when one does."""
    return (("lit", "*"), template[-1]) if template and template[-1][0] == "field" else template


def _vote(
    table: _Table, templates: list[tuple[Part, ...]], cells: Mapping[str, str], name_slug: str
) -> str | None:
    need = max(2, (len(templates) + 1) // 2)
    open_ = [_shape(t) for t in templates]
    levels = (templates, open_, [_tail(t) for t in open_], [_last(t) for t in open_])
    for counted in (Counter(level) for level in levels):
        for template, support in counted.most_common():
            if support < need:
                break
            if not any(p[0] == "field" for p in template):
                continue
            body = _fill(table, template, cells, name_slug)
            if body:
                return body
    return None


def base_text(package: Package, res: Resource, cells: Mapping[str, str]) -> str:
    """The text the plain rule slugifies: the first English text, else the IDs the row points to."""
    for fdesc in res.fields:
        name = str(fdesc.get("name", ""))
        if field_ext(fdesc).language == "en" and cells.get(name):
            return cells[name]
    prefixes = {p for r in package.resources if (p := id_prefix(r))}
    parts: list[str] = []
    for fdesc in res.fields:
        name = str(fdesc.get("name", ""))
        if name != single_pk(res) and targets(res, name) and cells.get(name):
            for item in re.split(r"[;,\s]+", cells[name]):
                head = item.split("-", 1)[0] + "-"
                parts.append(item[len(head) :] if head in prefixes and item != head else item)
    return " ".join(parts)


def _taken(package: Package, res: Resource) -> set[str]:
    if package_ext(package.descriptor).global_ids:
        return {i for r in package.resources if single_pk(r) for i in table_ids(package, r.name)}
    return set(table_ids(package, res.name))


def _matches(res: Resource, candidate: str) -> bool:
    from ctcoop.checks.constraints import compile_pattern

    fdesc = res.field(single_pk(res) or "") or {}
    cons = fdesc.get("constraints")
    pattern = cons.get("pattern") if isinstance(cons, dict) else None
    if not isinstance(pattern, str):
        return True
    import polars as pl

    rust, python, _ = compile_pattern(pattern)
    if rust is not None:
        return bool(pl.select(pl.lit(candidate).str.contains(rust)).item())
    return python is None or fullmatch(python, candidate)  # RE2 (docs/security.md, R6)


def propose_id(package: Package, table: str, cells: Mapping[str, str]) -> str | None:
    """An ID for a new row of ``table`` (see the module docstring), or None.

    None when the table's key has no prefix pattern (e.g. ISO codes): the contributor gives it.
    """
    res = package.resource(table)
    prefix = id_prefix(res)
    if prefix is None:
        return None
    plain = slugify(base_text(package, res, cells))
    learned = learned_body(package, res, prefix, cells, plain)
    slug = slugify(learned) if learned else ""
    if not slug or not _matches(res, prefix + slug):
        slug = plain or "row"
    taken = _taken(package, res)
    candidate, n = prefix + slug, 2
    while candidate in taken:
        candidate, n = f"{prefix}{slug}-{n}", n + 1
    return candidate
