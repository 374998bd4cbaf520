"""The site's page model: every table's rows as Python values, and how rows point at each other.

Everything here comes from the descriptor and the Table Schemas, never from table names:

* a row's **key** is its primary key (several fields joined with `` / ``), its **label** in a
  language the first of ``name_<lang>``, ``title_<lang>``, ``measure_<lang>`` or any field whose
  ``ctcoop:language`` is that language and whose name starts with ``name``/``title`` (else the key);
* **links** are the standard ``foreignKeys`` (self-references included) and the fields with
  ``ctcoop:references`` (a value names a row of one of the listed tables; IDs are global);
* the **citations** resource is the one named by the descriptor's ``ctcoop:citations``;
* a **typed-link** resource is one with ``ctcoop:typedLinks`` (subject, type, object): the type's
  row gives the label (``name_<lang>``) and the inverse label (``inverse_<lang>``);
* an **errata** resource is one whose schema has ``claim_<lang>`` and ``correction_<lang>`` fields
  and a ``ctcoop:references`` field (what the erratum is about).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ctcoop.extensions import Citations, TypedLinks, field_ext, package_ext, resource_ext
from ctcoop.package import Package, Resource
from ctcoop.site.urls import row_slug

LANGS = ("ar", "en")
LABEL_STEMS = ("name", "title", "measure")


@dataclass(frozen=True)
class Ref:
    """Where a field's values point: one table (a foreign key) or any of several (global IDs)."""

    tables: tuple[str, ...]
    target_field: str | None  #: the referenced field for a single-field foreign key


@dataclass
class Table:
    """One tabular resource as the site sees it."""

    resource: Resource
    rows: list[Row] = field(default_factory=list)
    refs: dict[str, Ref] = field(default_factory=dict)  #: field name -> where it points
    shown: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  #: lang -> fields shown (cache)

    @property
    def name(self) -> str:
        return self.resource.name

    def title(self, lang: str) -> str:
        key = ("title", lang)
        if key not in self._texts:
            d = self.resource.descriptor
            value = d.get("title") if lang == "en" else resource_ext(d).title(lang)
            self._texts[key] = value if isinstance(value, str) and value else self.name
        return self._texts[key]

    def description(self, lang: str) -> str:
        key = ("description", lang)
        if key not in self._texts:
            d = self.resource.descriptor
            value = d.get("description") if lang == "en" else resource_ext(d).description(lang)
            self._texts[key] = value if isinstance(value, str) else ""
        return self._texts[key]

    def __post_init__(self) -> None:
        self.fields: list[dict[str, Any]] = self.resource.fields
        self.field_names: list[str] = [str(f.get("name", "")) for f in self.fields]
        self._labels = {lang: self._label_field(lang) for lang in LANGS}
        self._texts: dict[tuple[str, str], str] = {}  #: (title or description, lang) -> text, read once

    def has_field(self, name: str) -> bool:
        return name in self.field_names

    def label_field(self, lang: str) -> str | None:
        return self._labels.get(lang) if lang in self._labels else self._label_field(lang)

    def _label_field(self, lang: str) -> str | None:
        names = self.field_names
        for stem in LABEL_STEMS:
            if f"{stem}_{lang}" in names:
                return f"{stem}_{lang}"
        for f in self.fields:
            n = str(f.get("name", ""))
            if field_ext(f).language == lang and n.startswith(("name", "title")):
                return n
        return None

    @property
    def has_labels(self) -> bool:
        return any(self.label_field(lang) for lang in LANGS)


@dataclass
class Row:
    """One row: its table, key, file-safe slug and typed values (schema order)."""

    table: str
    key: str
    slug: str
    values: dict[str, Any]
    labels: dict[str, str] = field(default_factory=dict)

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.key


@dataclass(frozen=True)
class Incoming:
    """Row ``source`` of table ``table`` points at a row through ``field``."""

    table: str
    field: str
    source: Row


@dataclass
class SiteModel:
    """The package's rows, indexed for the pages."""

    package: Package
    tables: dict[str, Table]
    by_id: dict[str, Row]  #: single-field keys -> row (IDs are global in this project)
    incoming: dict[str, list[Incoming]]  #: row key -> rows pointing at it (citations excluded)
    citations_table: str | None
    typed_links: dict[str, TypedLinks]  #: resource name -> its ctcoop:typedLinks
    errata_tables: list[str]

    def descriptor_text(self, key: str, lang: str) -> str:
        """The descriptor's ``title`` or ``description`` in ``lang`` (read once per build)."""
        memo = f"descriptor:{key}:{lang}"
        if memo not in self.cache:
            d = self.package.descriptor
            if lang == "en":
                value = d.get(key)
            else:
                ext = package_ext(d)
                value = {"title": ext.title, "description": ext.description}.get(key, lambda _: None)(lang)
            self.cache[memo] = value if isinstance(value, str) else ""
        return str(self.cache[memo])

    @property
    def citations_spec(self) -> Citations | None:
        """The descriptor's ``ctcoop:citations`` (read once per build)."""
        if "citations" not in self.cache:
            self.cache["citations"] = package_ext(self.package.descriptor).citations
        spec: Citations | None = self.cache["citations"]
        return spec

    def lookup(self, tables: tuple[str, ...], value: Any) -> Row | None:
        row = self.by_id.get(str(value))
        if row is None or (tables and row.table not in tables):
            return None
        return row

    def has_pages(self, table: str) -> bool:
        """Whether the table's rows get pages (a citation shows on the page of the row it cites)."""
        return table != self.citations_table

    incoming_citations: dict[str, list[Incoming]] = field(default_factory=dict)
    cited_in: dict[str, list[Incoming]] = field(default_factory=dict)  #: source key -> citations using it
    cache: dict[str, Any] = field(default_factory=dict)  #: what the pages compute once per build


def _refs(res: Resource) -> dict[str, Ref]:
    refs: dict[str, Ref] = {}
    for fk in res.foreign_keys:
        fields = fk.get("fields")
        fields = [fields] if isinstance(fields, str) else fields
        ref = fk.get("reference", {})
        if not isinstance(fields, list) or len(fields) != 1 or not isinstance(ref, dict):
            continue
        target = ref.get("resource", "") or res.name
        tfields = ref.get("fields")
        tfields = [tfields] if isinstance(tfields, str) else tfields
        tfield = str(tfields[0]) if isinstance(tfields, list) and len(tfields) == 1 else None
        refs[str(fields[0])] = Ref((str(target),), tfield)
    for f in res.fields:
        targets = field_ext(f).references
        if targets:
            refs[str(f.get("name"))] = Ref(tuple(str(t) for t in targets), None)
    return refs


def _key(res: Resource, values: dict[str, Any]) -> str:
    pk = res.primary_key or res.field_names[:1]
    return " / ".join("" if values.get(k) is None else str(values.get(k)) for k in pk)


def _values(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _is_errata(table: Table) -> bool:
    has_refs = any(len(r.tables) >= 1 and r.target_field is None for r in table.refs.values())
    return has_refs and all(table.has_field(f"claim_{lg}") or table.has_field(f"correction_{lg}")
                            for lg in ("en",))


def build_model(package: Package, frames: dict[str, list[dict[str, Any]]]) -> SiteModel:
    """Index the package's rows (``frames``: resource name -> typed rows as dicts)."""
    tables: dict[str, Table] = {}
    by_id: dict[str, Row] = {}
    for res in package.resources:
        table = Table(res, refs=_refs(res))
        used: set[str] = set()
        for values in frames.get(res.name, []):
            key = _key(res, values)
            row = Row(res.name, key, row_slug(key, used), values)
            for lang in LANGS:
                lf = table.label_field(lang)
                if lf and isinstance(values.get(lf), str):
                    row.labels[lang] = values[lf]
            table.rows.append(row)
            if len(res.primary_key) <= 1:
                by_id.setdefault(key, row)
        tables[res.name] = table
    cit = package_ext(package.descriptor).citations
    citations_table = cit.resource if cit is not None else None
    typed_links = {r.name: spec for r in package.resources
                   if (spec := resource_ext(r.descriptor).typed_links) is not None}
    for name, spec in typed_links.items():  # a typed link's label: "subject → type → object"
        for row in tables[name].rows:
            if not row.labels:
                row.labels = _link_labels(row, spec, by_id)
    incoming: dict[str, list[Incoming]] = defaultdict(list)
    incoming_cit: dict[str, list[Incoming]] = defaultdict(list)
    cited_in: dict[str, list[Incoming]] = defaultdict(list)
    cit_subject = cit.subjectField if cit is not None else None
    cit_source = (cit.sourceField or "source") if cit is not None else None
    for table in tables.values():
        for fname, ref in table.refs.items():
            for row in table.rows:
                for v in _values(row.values.get(fname)):
                    target = by_id.get(str(v))
                    if target is None or target is row or target.table not in ref.tables:
                        continue
                    if table.name != citations_table:
                        incoming[target.key].append(Incoming(table.name, fname, row))
                    elif fname == cit_subject:  # a citation shows on the page of the row it cites
                        incoming_cit[target.key].append(Incoming(table.name, fname, row))
                    elif fname == cit_source:  # and on its source's page, as what the source supports
                        cited_in[target.key].append(Incoming(table.name, fname, row))
    errata = [t.name for t in tables.values() if _is_errata(t)]
    return SiteModel(package, tables, by_id, dict(incoming), citations_table, typed_links, errata,
                     incoming_citations=dict(incoming_cit), cited_in=dict(cited_in))


def _link_labels(row: Row, spec: TypedLinks, by_id: dict[str, Row]) -> dict[str, str]:
    out: dict[str, str] = {}
    subj = by_id.get(str(row.values.get(spec.subjectField)))
    obj = by_id.get(str(row.values.get(spec.objectField)))
    kind = by_id.get(str(row.values.get(spec.typeField)))
    for lang in LANGS:
        parts = [x.label(lang) if x else "?" for x in (subj, kind, obj)]
        out[lang] = " — ".join(parts)
    return out
