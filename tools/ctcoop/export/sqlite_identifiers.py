"""The ``identifier_links`` view: every external identifier of every row, with its link.

Built from the package's ``ctcoop:identifiers`` declaration (:mod:`ctcoop.identifiers`), never
from table names. One row per identifier, whether the identifier resource holds it or a column
declared in ``columns`` does (``instruments.symbol``, ``countries.id``…):

``subject``, ``subject_table``, ``scheme``, ``scheme_name_en``, ``scheme_name_ar`` (when the
scheme resource has a name pair), ``value``, ``url`` (the scheme's URL template with ``{value}``
replaced by the value; NULL when the scheme has no template) and ``held_in`` (the resource, or
``resource.field`` for a column).

The view is made only when the declaration is complete: the resources and fields it names exist,
and the identifier resource declares ``subjectField``.
"""

from __future__ import annotations

from typing import Any

from ctcoop.export.sqlite_views import labels, references
from ctcoop.export.sqlsyntax import quote_ident as _q
from ctcoop.export.sqlsyntax import quote_literal as _lit
from ctcoop.extensions import IdentifiersConfig, package_ext
from ctcoop.package import Resource

VIEW = "identifier_links"


def _config(descriptor: dict[str, Any], by_name: dict[str, Resource]) -> IdentifiersConfig | None:
    config = package_ext(descriptor).identifiers
    if config is None:
        return None
    ids, schemes = by_name.get(config.resource), by_name.get(config.schemeResource)
    if ids is None or schemes is None or config.subjectField is None or len(schemes.primary_key) != 1:
        return None
    needed = [(ids, config.schemeField), (ids, config.valueField), (ids, config.subjectField)]
    if config.urlTemplateField is not None:
        needed.append((schemes, config.urlTemplateField))
    for held in config.columns:
        table = by_name.get(held.resource)
        if table is None or len(table.primary_key) != 1:
            return None
        needed.append((table, held.field))
    return config if all(res.field(name) is not None for res, name in needed) else None


def _scheme_columns(config: IdentifiersConfig, schemes: Resource, alias: str, value: str) -> list[str]:
    pair = labels(schemes)
    names = [f"{alias}.{_q(pair[0])}", f"{alias}.{_q(pair[1])}"] if pair else ["NULL", "NULL"]
    url = "NULL"
    if config.urlTemplateField is not None:
        template = f"{alias}.{_q(config.urlTemplateField)}"
        url = f"CASE WHEN {template} IS NOT NULL THEN replace({template}, '{{value}}', {value}) END"
    return [f"{names[0]} AS scheme_name_en", f"{names[1]} AS scheme_name_ar", f"{url} AS url"]


def _subject_table(resource: Resource, subject: str, by_name: dict[str, Resource]) -> str:
    """SQL naming the table the subject id was found in (a polymorphic reference)."""
    refs = next((r for r in references(resource, by_name) if r.field == subject), None)
    if refs is None:
        return "NULL"
    cases = " ".join(
        f"WHEN EXISTS (SELECT 1 FROM {_q(table)} WHERE {_q(key)} = i.{_q(subject)}) THEN {_lit(table)}"
        for table, key in refs.targets
    )
    return f"CASE {cases} END"


def identifier_view_sql(descriptor: dict[str, Any], by_name: dict[str, Resource]) -> tuple[str, str] | None:
    """``(view name, CREATE VIEW statement)``, or None when the package declares no identifiers."""
    config = _config(descriptor, by_name)
    if config is None or config.subjectField is None:
        return None
    schemes = by_name[config.schemeResource]
    key = _q(schemes.primary_key[0])
    value = f"i.{_q(config.valueField)}"
    parts = [
        "SELECT " + ", ".join([
            f"i.{_q(config.subjectField)} AS subject",
            f"{_subject_table(by_name[config.resource], config.subjectField, by_name)} AS subject_table",
            f"i.{_q(config.schemeField)} AS scheme",
            *_scheme_columns(config, schemes, "s", value)[:2],
            f"{value} AS value",
            _scheme_columns(config, schemes, "s", value)[2],
            f"{_lit(config.resource)} AS held_in",
        ])
        + f"\nFROM {_q(config.resource)} AS i LEFT JOIN {_q(schemes.name)} AS s"
        f" ON s.{key} = i.{_q(config.schemeField)}"
    ]
    for held in config.columns:
        table = by_name[held.resource]
        cell = f"t.{_q(held.field)}"
        cols = _scheme_columns(config, schemes, "s", cell)
        parts.append(
            "SELECT " + ", ".join([
                f"t.{_q(table.primary_key[0])} AS subject",
                f"{_lit(table.name)} AS subject_table",
                f"{_lit(held.scheme)} AS scheme",
                *cols[:2],
                f"{cell} AS value",
                cols[2],
                f"{_lit(held.resource + '.' + held.field)} AS held_in",
            ])
            + f"\nFROM {_q(table.name)} AS t LEFT JOIN {_q(schemes.name)} AS s"
            f" ON s.{key} = {_lit(held.scheme)}\nWHERE {cell} IS NOT NULL"
        )
    return VIEW, f"CREATE VIEW {_q(VIEW)} AS\n" + "\nUNION ALL\n".join(parts)
