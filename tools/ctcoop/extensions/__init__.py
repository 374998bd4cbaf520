"""The project's descriptor extensions: every ``ctcoop:`` property, typed, parsed once per descriptor.

One accessor per level, each cached per descriptor object (parse on first use, a dictionary
look-up after); a malformed or unknown property reads as unset and is listed in the result's
``problems``, which the descriptor check reports (one ``vocabulary`` issue each):

=====================  ==================================  ==========================================
level                  accessor                            model
=====================  ==================================  ==========================================
package descriptor     :func:`package_ext`                 :class:`PackageExtensions`
resource descriptor    :func:`resource_ext`                :class:`ResourceExtensions`
Table Schema           :func:`schema_ext`                  :class:`SchemaExtensions`
field descriptor       :func:`field_ext`                   :class:`FieldExtensions`
=====================  ==================================  ==========================================

:func:`list_delimiter` is the one-call form the readers use. Modules: :mod:`.keys` (the
property names), :mod:`.base` (strict model, parsing, cache), :mod:`.configs` (the object-valued
properties), :mod:`.field`, :mod:`.resource`, :mod:`.package` (the level models),
:mod:`.rules_value` (``ctcoop:rules``), :mod:`.catalog` (the list the docs show).

Adding a property: a field with ``prop(keys.NEW, "meaning", "shape")`` on its level's model
(and the constant in :mod:`.keys`); the docs table and the unknown-key check follow.
"""

from __future__ import annotations

from ctcoop.extensions import keys
from ctcoop.extensions.base import Problem
from ctcoop.extensions.configs import (
    ActionOrder,
    AgreesWith,
    Citations,
    CoverageRule,
    HeldColumn,
    IdentifiersConfig,
    NotBeforeReference,
    OfficialHosts,
    StatedTotals,
    TypedLinks,
)
from ctcoop.extensions.field import FieldExtensions, field_ext, list_delimiter
from ctcoop.extensions.package import PackageExtensions, package_ext
from ctcoop.extensions.resource import ResourceExtensions, SchemaExtensions, resource_ext, schema_ext

__all__ = [
    "ActionOrder",
    "AgreesWith",
    "Citations",
    "CoverageRule",
    "FieldExtensions",
    "HeldColumn",
    "IdentifiersConfig",
    "NotBeforeReference",
    "OfficialHosts",
    "PackageExtensions",
    "Problem",
    "ResourceExtensions",
    "SchemaExtensions",
    "StatedTotals",
    "TypedLinks",
    "field_ext",
    "keys",
    "list_delimiter",
    "package_ext",
    "resource_ext",
    "schema_ext",
]
