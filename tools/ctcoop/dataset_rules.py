"""Dataset rules a resource declares in its descriptor, read into typed models.

Three resource properties, each read by one function here and checked by one check in
:mod:`ctcoop.checks` (the checks never parse the raw JSON themselves):

``ctcoop:coverage`` (:class:`CoverageRule`, check ``coverage``)
    The rows of this resource list the members of groups (the parties of an instrument, the
    members of a body) whose stated totals are held elsewhere, as rows of a "stated" resource
    (a figure about the group that says what it counts). The number of members computed from
    the rows as of a stated total's date may not exceed it (error); a shortfall is reported at
    ``shortfallSeverity``; undeclared, it is advice: ``info`` (an honest gap, not a fault), a
    warning under ``--profile strict``.

``ctcoop:notBeforeReference`` (list of :class:`NotBeforeReference`, check ``reference-dates``)
    A date field may not be earlier than a date field of the row a foreign key points to (a
    participation date not before the instrument's adoption).

``ctcoop:actionOrder`` (:class:`ActionOrder`, check ``action-order``)
    Within a group of rows (one state and one instrument), an action of the ``then`` kinds may
    not be dated before an action of the ``first`` kinds (no ratification before the signature).

The models live in :mod:`ctcoop.extensions` (re-exported here), which parses them once and
reports a malformed one; each reader here returns the model, None when the property is absent
or malformed, or a :class:`RuleError` when it names a field the resource does not have (the
check turns it into a ``vocabulary`` issue).
"""

from __future__ import annotations

from dataclasses import dataclass

from ctcoop.extensions import ActionOrder, CoverageRule, NotBeforeReference, StatedTotals, keys, resource_ext
from ctcoop.package import Resource

__all__ = [
    "ActionOrder",
    "CoverageRule",
    "NotBeforeReference",
    "RuleError",
    "StatedTotals",
    "action_order",
    "coverage_rule",
    "not_before_references",
]

COVERAGE = keys.COVERAGE
NOT_BEFORE = keys.NOT_BEFORE_REFERENCE
ACTION_ORDER = keys.ACTION_ORDER


@dataclass(frozen=True)
class RuleError:
    """A malformed rule property: what is wrong and where in the descriptor."""

    prop: str
    message: str
    hint: str


def _fields_exist(resource: Resource, prop: str, names: list[str | None]) -> RuleError | None:
    missing = [n for n in names if n is not None and resource.field(n) is None]
    if missing:
        return RuleError(
            prop,
            f"{prop} of '{resource.name}' names {', '.join(repr(m) for m in missing)}, "
            f"not a field of '{resource.name}'",
            "fields: " + ", ".join(resource.field_names),
        )
    return None


def coverage_rule(resource: Resource) -> CoverageRule | RuleError | None:
    """The resource's ``ctcoop:coverage``, typed (fields of the resource itself are checked here)."""
    rule = resource_ext(resource.descriptor).coverage
    if rule is None:
        return None
    names = [rule.groupField, rule.memberField, rule.kindField, rule.startField, rule.endField]
    return _fields_exist(resource, COVERAGE, names) or rule


def not_before_references(resource: Resource) -> list[NotBeforeReference] | RuleError | None:
    """The resource's ``ctcoop:notBeforeReference`` items, typed."""
    value = resource_ext(resource.descriptor).not_before_reference
    if value is None:
        return None
    items: list[NotBeforeReference] = []
    for rule in value:
        problem = _fields_exist(resource, NOT_BEFORE, [rule.field, rule.foreignKey])
        if problem is not None:
            return problem
        items.append(rule)
    return items


def action_order(resource: Resource) -> ActionOrder | RuleError | None:
    """The resource's ``ctcoop:actionOrder``, typed."""
    rule = resource_ext(resource.descriptor).action_order
    if rule is None:
        return None
    return _fields_exist(resource, ACTION_ORDER, [*rule.groupFields, rule.kindField, rule.dateField]) or rule


def foreign_target(resource: Resource, field: str) -> tuple[str, str] | None:
    """(resource, field) a one-field foreign key on ``field`` points to (``""`` = the resource itself)."""
    for fk in resource.foreign_keys:
        fields, ref = fk.get("fields"), fk.get("reference")
        fields = [fields] if isinstance(fields, str) else fields
        if fields != [field] or not isinstance(ref, dict):
            continue
        target = ref.get("resource") or resource.name
        ref_fields = ref.get("fields")
        ref_fields = [ref_fields] if isinstance(ref_fields, str) else ref_fields
        if isinstance(target, str) and isinstance(ref_fields, list) and len(ref_fields) == 1:
            return target, str(ref_fields[0])
    return None
