"""A resource's extensions (:func:`resource_ext`) and its Table Schema's (:func:`schema_ext`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import Field

from ctcoop.extensions import keys
from ctcoop.extensions.base import Problem, Strict, Texts, cached, parse, prop
from ctcoop.extensions.configs import ActionOrder, CoverageRule, NotBeforeReference, OfficialHosts, TypedLinks
from ctcoop.extensions.rules_value import RuleLevel, rule_problems

#: a ``ctcoop:dateOrder`` item: [earlier, later]
Pair = Annotated[list[str], Field(min_length=2, max_length=2)]
_TYPED_LINKS = ("an object with typeField, subjectField, objectField, typeResource, subjectResourcesField, "
                "objectResourcesField (strings) and optionally acyclicTypes (a list of type ids)")


class ResourceExtensions(Texts):
    """The ``ctcoop:`` properties of one resource, typed; a malformed one reads as unset."""

    requires_citation: bool = prop(keys.REQUIRES_CITATION, "every row must be cited", "true or false",
                                   default=False)
    date_order: list[Pair] | None = prop(
        keys.DATE_ORDER, "pairs of date fields that must be in order",
        "a list of [earlier, later] field pairs", default=None)
    row_schema: str | None = prop(keys.ROW_SCHEMA, "JSON Schema applied to each row",
                                  "a path to a JSON Schema file", default=None, min_length=1)
    typed_links: TypedLinks | None = prop(
        keys.TYPED_LINKS, "a link table whose type row says which tables subject and object may be in",
        _TYPED_LINKS, default=None)
    factual_fields: list[str] | None = prop(
        keys.FACTUAL_FIELDS, "fields whose filled cells must be covered by a citation (warning otherwise)",
        "a list of field names", default=None)
    official_hosts: OfficialHosts | None = prop(
        keys.OFFICIAL_HOSTS, '`{"urlField", "gradeField", "grades", "hosts", "archives"}`: rows of those '
        "grades must have their URL on one of the hosts (warning otherwise)", default=None)
    coverage: CoverageRule | None = prop(
        keys.COVERAGE, "the rows list the members of groups whose stated totals are rows of another "
        "resource (see Coverage in docs/data-model.md)", named=True, default=None)
    not_before_reference: list[NotBeforeReference] | None = prop(
        keys.NOT_BEFORE_REFERENCE, "a date field not before a date of the row a foreign key points to",
        named=True, default=None)
    action_order: ActionOrder | None = prop(
        keys.ACTION_ORDER, "within a group of rows, no `then` action dated before a `first` action",
        named=True, default=None)
    rules: dict[str, RuleLevel] | None = prop(
        keys.RULES, "the level (`error`, `warning`, `off`) of the project rules (as on the package)",
        default=None)
    problems: tuple[Problem, ...] = ()


class SchemaExtensions(Strict):
    """The ``ctcoop:`` properties of a Table Schema (at its top level)."""

    inferred: bool = prop(keys.INFERRED, "written by ctcoop on a schema it inferred from the header",
                          "true or false", default=False)
    texts: dict[str, Any] = Field(default_factory=dict)
    problems: tuple[Problem, ...] = ()


#: the families a package or a resource may carry
TEXT_FAMILIES = ("title", "description")


def resource_ext(descriptor: Mapping[str, Any]) -> ResourceExtensions:
    """The resource descriptor's extensions, parsed once per descriptor."""

    def build() -> ResourceExtensions:
        named = f" of '{descriptor.get('name')}'"
        return parse(ResourceExtensions, descriptor, ("", named), TEXT_FAMILIES, rule_problems)

    return cached(ResourceExtensions, descriptor, build)


def schema_ext(schema: Mapping[str, Any]) -> SchemaExtensions:
    """The Table Schema's own extensions, parsed once per schema object."""
    return cached(SchemaExtensions, schema, lambda: parse(SchemaExtensions, schema, ("", "")))
