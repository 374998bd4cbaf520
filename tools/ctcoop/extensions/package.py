"""The package descriptor's extensions: :func:`package_ext`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ctcoop.extensions import keys
from ctcoop.extensions.base import Problem, Texts, cached, parse, prop
from ctcoop.extensions.configs import Citations, IdentifiersConfig
from ctcoop.extensions.resource import TEXT_FAMILIES
from ctcoop.extensions.rules_value import RuleLevel, rule_problems


class PackageExtensions(Texts):
    """The ``ctcoop:`` properties of the package descriptor, typed; a malformed one reads as unset."""

    global_ids: bool = prop(keys.GLOBAL_IDS, "single-field primary-key values are unique across all "
                            "resources", "true or false", default=False)
    citations: Citations | None = prop(
        keys.CITATIONS, "the resource and fields that hold citations (`fieldsField`: the field listing "
        "the fields a citation supports)", default=None)
    identifiers: IdentifiersConfig | None = prop(
        keys.IDENTIFIERS, '`{"resource", "schemeField", "valueField", "subjectField", "schemeResource", '
        '"patternField", "urlTemplateField", "columns"}`: identifier values match their scheme\'s pattern; '
        "`columns` lists the columns that hold one scheme's identifiers (see External identifiers in "
        "docs/data-model.md)", default=None)
    rules: dict[str, RuleLevel] | None = prop(
        keys.RULES, "the level (`error`, `warning`, `off`) of the project rules `text-hygiene`, "
        "`acyclic-self-references` and `rfc4180-quotes`", default=None)
    problems: tuple[Problem, ...] = ()


def package_ext(descriptor: Mapping[str, Any]) -> PackageExtensions:
    """The package descriptor's extensions, parsed once per descriptor."""
    return cached(PackageExtensions, descriptor,
                  lambda: parse(PackageExtensions, descriptor, ("", ""), TEXT_FAMILIES, rule_problems))
