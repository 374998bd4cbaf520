"""The official JSON Schema profiles a descriptor is checked against: v1 or v2, chosen by ``$schema``.

Data Package v2 says a descriptor names its version with ``$schema``
(``https://datapackage.org/profiles/2.0/datapackage.json`` or a profile that extends it); one
without ``$schema`` is a v1 descriptor, checked against the v1 profiles (``profile:
"tabular-data-package"`` selects the tabular one). A Table Schema in its own file follows its own
``$schema`` when it has one, else its package's version. Both sets of profiles are vendored in
``ctcoop/profiles`` (``v1/`` holds the 1.0 ones), so nothing is ever fetched.

The ``email`` and ``date-time`` formats the profiles give (contributors' and sources' email, the
package's ``created``) are asserted (:func:`_format_checker`).

One documented workaround: the published 2.0 Table Schema profile omits the ``list`` field type
that the 2.0 standard defines (the profile is fixed in 2.1), so a ``list`` field would fail
``oneOf``. :func:`_with_list_type` adds the standard's ``list`` field to the v2 profiles as it is
loaded: ``format`` ``default``, ``delimiter`` (a string, default ``,``), ``itemType`` (string,
integer, boolean, number, datetime, date or time) and the ``required``, ``unique``, ``enum``,
``minLength`` and ``maxLength`` constraints.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources as importlib_resources
from typing import Any, Literal

Version = Literal["v1", "v2"]

V2_PREFIX = "https://datapackage.org/profiles/2"
_V2 = {"package": "datapackage", "schema": "tableschema"}
_V1 = {
    "package": "v1/data-package",
    "tabular-package": "v1/tabular-data-package",
    "schema": "v1/table-schema",
}
LIST_ITEM_TYPES = ["string", "integer", "boolean", "number", "datetime", "date", "time"]


def version_of(descriptor: Any, default: Version = "v1") -> Version:
    """``v2`` when the descriptor's ``$schema`` says 2.x (or names another profile), ``v1`` without one."""
    if not isinstance(descriptor, dict):
        return default
    schema = descriptor.get("$schema")
    if schema is None:
        return default
    if isinstance(schema, str) and schema.startswith("https://specs.frictionlessdata.io/"):
        return "v1"
    return "v2"


def _list_field(template: dict[str, Any]) -> dict[str, Any]:
    """The standard's ``list`` field, built from the profile's own string field branch."""
    field = copy.deepcopy(template)
    props = field.setdefault("properties", {})
    field["title"] = "List Field"
    field["description"] = "The field contains lists of values, written as one delimited string."
    props["type"] = {"description": "The type keyword, which `MUST` be a value of `list`.", "enum": ["list"]}
    props["format"] = {"enum": ["default"]}
    props["delimiter"] = {"type": "string", "default": ","}
    props["itemType"] = {"enum": LIST_ITEM_TYPES}
    for key in ("categories", "categoriesOrdered"):
        props.pop(key, None)
    constraints = props.get("constraints")
    if isinstance(constraints, dict) and isinstance(constraints.get("properties"), dict):
        keep = {"required", "unique", "enum", "minLength", "maxLength"}
        constraints["properties"] = {k: v for k, v in constraints["properties"].items() if k in keep}
        if "enum" in constraints["properties"]:
            constraints["properties"]["enum"] = {"type": "array", "minItems": 1, "uniqueItems": True}
    return field


def _with_list_type(node: Any) -> Any:
    """Every Table Schema field ``oneOf`` in ``node`` gains the ``list`` branch (in place)."""
    if isinstance(node, dict):
        branches = node.get("oneOf") or node.get("anyOf")
        if node.get("title") == "Table Schema Field" and isinstance(branches, list):
            types = [
                b.get("properties", {}).get("type", {}).get("enum") for b in branches if isinstance(b, dict)
            ]
            string = next(
                (b for b in branches if isinstance(b, dict) and b.get("title") == "String Field"), None
            )
            if ["list"] not in types and string is not None:
                branches.append(_list_field(string))
        for value in node.values():
            _with_list_type(value)
    elif isinstance(node, list):
        for value in node:
            _with_list_type(value)
    return node


#: RFC 3339 date-time (the profiles' format for ``created``): date, ``T``, time, and a zone
_RFC3339 = r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"


def _format_checker() -> Any:
    """The formats the profiles use that are asserted: ``email`` and ``date-time`` (RFC 3339).

    jsonschema checks ``date-time`` only when an optional package is installed, so it is
    checked here: the RFC 3339 form, then a real calendar date and time.
    """
    import datetime as dt
    import re

    import jsonschema

    def date_time(instance: object) -> bool:
        if not isinstance(instance, str):
            return True
        if re.match(_RFC3339, instance) is None:
            return False
        dt.datetime.fromisoformat(instance.upper().replace("Z", "+00:00"))
        return True

    checker = jsonschema.FormatChecker(formats=("email",))
    checker.checks("date-time", raises=ValueError)(date_time)
    return checker


@cache
def _validator(name: str) -> Any:
    import jsonschema
    from referencing import Registry

    text = (
        importlib_resources.files("ctcoop").joinpath("profiles", f"{name}.json").read_text(encoding="utf-8")
    )
    schema = json.loads(text)
    if not name.startswith("v1/"):
        schema = _with_list_type(schema)
    cls = jsonschema.Draft4Validator if name.startswith("v1/") else jsonschema.Draft7Validator
    # the profiles are self-contained; an empty registry guarantees no $ref is ever fetched
    return cls(schema, registry=Registry(), format_checker=_format_checker())


def package_profile(descriptor: dict[str, Any]) -> Any:
    """The validator for a package descriptor, by its version (and v1 ``profile``)."""
    if version_of(descriptor) == "v2":
        return _validator(_V2["package"])
    tabular = descriptor.get("profile") == "tabular-data-package"
    return _validator(_V1["tabular-package" if tabular else "package"])


def schema_profile(schema: Any, package_version: Version) -> Any:
    """The validator for a Table Schema: its own ``$schema``'s version, else its package's."""
    version = version_of(schema, package_version)
    return _validator(_V2["schema"] if version == "v2" else _V1["schema"])


def v2_profile(name: str) -> Any:
    """A vendored v2 profile's validator by file name (``datapackage``, ``tableschema``…)."""
    return _validator(name)
