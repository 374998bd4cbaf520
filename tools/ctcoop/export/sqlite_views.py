"""Views that put names next to IDs: ``<table>_named`` for every table that refers to others.

Built from the descriptor alone. A *reference* is a scalar field that is either a one-field
``foreignKeys`` entry (``resource: ""`` meaning the table itself) or carries
``ctcoop:references`` (a polymorphic reference: the value is the primary key of a row in one
of the listed tables; list fields are left out). For each reference ``f`` the view adds:

* ``f_table``: the table the value was found in (polymorphic references only);
* ``f_name_en`` / ``f_name_ar``: that row's ``name_en`` / ``name_ar`` (or ``title_en`` /
  ``title_ar`` for tables that have titles instead of names), when the table has them.

For each coded field ``f`` (Table Schema ``categories`` with labels, and the Arabic labels in
``ctcoop:categoryLabels_ar``) the view adds ``f_label_en`` / ``f_label_ar``: the code's label in
each language (NULL for a code without one). A table with codes but no references gets a view
too.

Every row of the table appears once in its view (LEFT JOINs on primary keys).
"""

from __future__ import annotations

from dataclasses import dataclass

from ctcoop.export.sqlsyntax import quote_ident as _q
from ctcoop.export.sqlsyntax import quote_literal as _lit
from ctcoop.extensions import field_ext
from ctcoop.package import Resource
from ctcoop.properties import arabic_labels, category_labels

LABELS = (("name_en", "name_ar"), ("title_en", "title_ar"))


@dataclass(frozen=True)
class Reference:
    """One scalar reference field and the tables (with their key field) it may point into."""

    field: str
    targets: tuple[tuple[str, str], ...]  #: (table, key field)


def references(resource: Resource, by_name: dict[str, Resource]) -> list[Reference]:
    """The resource's scalar references, in field order."""
    found: dict[str, list[tuple[str, str]]] = {}
    for fk in resource.foreign_keys:
        fields, ref = fk.get("fields"), fk.get("reference")
        fields = [fields] if isinstance(fields, str) else fields
        if not isinstance(ref, dict) or not isinstance(fields, list) or len(fields) != 1:
            continue
        target = ref.get("resource") or resource.name
        ref_fields = ref.get("fields")
        ref_fields = [ref_fields] if isinstance(ref_fields, str) else ref_fields
        if isinstance(target, str) and target in by_name and isinstance(ref_fields, list) \
                and len(ref_fields) == 1:
            found.setdefault(str(fields[0]), []).append((target, str(ref_fields[0])))
    for fdesc in resource.fields:
        ext = field_ext(fdesc)
        targets = ext.references
        if targets is None or ext.list_delimiter is not None:
            continue
        for target in targets:
            if isinstance(target, str) and target in by_name and len(by_name[target].primary_key) == 1:
                found.setdefault(str(fdesc["name"]), []).append((target, by_name[target].primary_key[0]))
    order = {name: i for i, name in enumerate(resource.field_names)}
    ordered = sorted(found.items(), key=lambda kv: order.get(kv[0], 0))
    return [Reference(f, tuple(dict.fromkeys(t))) for f, t in ordered]


def labels(resource: Resource) -> tuple[str, str] | None:
    """The (English, Arabic) label fields of a table, if it has a pair."""
    names = set(resource.field_names)
    return next((pair for pair in LABELS if pair[0] in names and pair[1] in names), None)


def coded_fields(resource: Resource) -> list[tuple[str, dict[str, str], dict[str, str]]]:
    """(field, code -> English label, code -> Arabic label) for each field with labelled categories."""
    found = []
    for fdesc in resource.fields:
        en, ar = category_labels(fdesc), arabic_labels(fdesc)
        if en or ar:
            found.append((str(fdesc.get("name")), en, ar))
    return found


def _label_case(field: str, labels: dict[str, str]) -> str:
    whens = " ".join(f"WHEN {_lit(code)} THEN {_lit(label)}" for code, label in labels.items())
    return f"CASE t.{_q(field)} {whens} END" if whens else "NULL"


def _free(name: str, taken: set[str]) -> str:
    while name in taken:
        name += "_"
    taken.add(name)
    return name


def named_view_sql(resource: Resource, by_name: dict[str, Resource]) -> tuple[str, str] | None:
    """``(view name, CREATE VIEW statement)`` for a table with references or codes, else None."""
    refs = references(resource, by_name)
    coded = coded_fields(resource)
    if not refs and not coded:
        return None
    taken = set(resource.field_names)
    columns = ["t.*"]
    joins: list[str] = []
    for ref in refs:
        aliases: list[tuple[str, str, str]] = []  # (alias, table, key)
        for target, key in ref.targets:
            alias = f"j{len(joins)}"
            joins.append(f"LEFT JOIN {_q(target)} AS {alias} ON {alias}.{_q(key)} = t.{_q(ref.field)}")
            aliases.append((alias, target, key))
        if len(aliases) > 1:
            cases = " ".join(f"WHEN {a}.{_q(k)} IS NOT NULL THEN {_lit(tbl)}" for a, tbl, k in aliases)
            columns.append(f"CASE {cases} END AS {_q(_free(ref.field + '_table', taken))}")
        labelled = [(a, pair) for a, tbl, _ in aliases if (pair := labels(by_name[tbl])) is not None]
        if labelled:
            for i, suffix in enumerate(("_name_en", "_name_ar")):
                parts = [f"{a}.{_q(pair[i])}" for a, pair in labelled]
                expr = parts[0] if len(parts) == 1 else f"COALESCE({', '.join(parts)})"
                columns.append(f"{expr} AS {_q(_free(ref.field + suffix, taken))}")
    for field, en, ar in coded:
        columns.append(f"{_label_case(field, en)} AS {_q(_free(field + '_label_en', taken))}")
        columns.append(f"{_label_case(field, ar)} AS {_q(_free(field + '_label_ar', taken))}")
    view = f"{resource.name}_named"
    body = ",\n  ".join(columns)
    sql = f"CREATE VIEW {_q(view)} AS SELECT\n  {body}\nFROM {_q(resource.name)} AS t\n" + "\n".join(joins)
    return view, sql
