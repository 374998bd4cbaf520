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

Each reader returns the model, None when the property is absent, or a :class:`RuleError`
saying what is wrong (the check turns it into a ``vocabulary`` issue).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

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

COVERAGE = "ctcoop:coverage"
NOT_BEFORE = "ctcoop:notBeforeReference"
ACTION_ORDER = "ctcoop:actionOrder"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class StatedTotals(_Strict):
    """Where the stated totals are: rows of ``resource`` about a group that say what they count."""

    resource: str
    aboutField: str = Field(description="Field holding the group's id (e.g. a figure's 'about').")
    countsField: str = Field(description="Field naming what the total counts (a key of CoverageRule.counts).")
    valueField: str
    dateField: str = Field(description="The date the total holds as of.")
    where: dict[str, list[str]] = Field(
        default_factory=dict, description="Only rows whose field holds one of these values count."
    )


class CoverageRule(_Strict):
    """``ctcoop:coverage`` on the resource whose rows list the members."""

    groupField: str
    memberField: str
    kindField: str
    startField: str = Field(description="Date the row's action or membership starts.")
    endField: str | None = Field(default=None, description="Date a membership ended, if a row holds it.")
    counts: dict[str, list[str]] = Field(description="measure -> the kinds of row that count towards it")
    endKinds: list[str] = Field(default_factory=list, description="Kinds of row that end a membership.")
    stated: StatedTotals
    shortfallSeverity: Literal["info", "warning", "error"] | None = Field(
        default=None, description="Undeclared: info, or a warning under --profile strict."
    )


class NotBeforeReference(_Strict):
    """``field`` is not before ``referencedField`` of the row that ``foreignKey`` points to."""

    field: str
    foreignKey: str = Field(description="A field of this resource with a one-field foreign key.")
    referencedField: str


class ActionOrder(_Strict):
    """``ctcoop:actionOrder``: within ``groupFields``, no ``then`` action dated before a ``first`` one."""

    groupFields: list[str]
    kindField: str
    dateField: str
    first: list[str]
    then: list[str]


@dataclass(frozen=True)
class RuleError:
    """A malformed rule property: what is wrong and where in the descriptor."""

    prop: str
    message: str
    hint: str


M = TypeVar("M", bound=BaseModel)


def _parse(resource: Resource, prop: str, model: type[M], value: Any) -> M | RuleError:
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return RuleError(
            prop,
            f"{prop} of '{resource.name}' is malformed: {where + ': ' if where else ''}{first['msg']}",
            "see docs/validate.md for the shape of the property",
        )


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
    value = resource.descriptor.get(COVERAGE)
    if value is None:
        return None
    rule = _parse(resource, COVERAGE, CoverageRule, value)
    if isinstance(rule, RuleError):
        return rule
    names = [rule.groupField, rule.memberField, rule.kindField, rule.startField, rule.endField]
    return _fields_exist(resource, COVERAGE, names) or rule


def not_before_references(resource: Resource) -> list[NotBeforeReference] | RuleError | None:
    """The resource's ``ctcoop:notBeforeReference`` items, typed."""
    value = resource.descriptor.get(NOT_BEFORE)
    if value is None:
        return None
    if not isinstance(value, list):
        return RuleError(NOT_BEFORE, f"{NOT_BEFORE} of '{resource.name}' must be a list",
                         '[{"field": "date", "foreignKey": "instrument", "referencedField": "adopted"}]')
    items: list[NotBeforeReference] = []
    for item in value:
        rule = _parse(resource, NOT_BEFORE, NotBeforeReference, item)
        if isinstance(rule, RuleError):
            return rule
        problem = _fields_exist(resource, NOT_BEFORE, [rule.field, rule.foreignKey])
        if problem is not None:
            return problem
        items.append(rule)
    return items


def action_order(resource: Resource) -> ActionOrder | RuleError | None:
    """The resource's ``ctcoop:actionOrder``, typed."""
    value = resource.descriptor.get(ACTION_ORDER)
    if value is None:
        return None
    rule = _parse(resource, ACTION_ORDER, ActionOrder, value)
    if isinstance(rule, RuleError):
        return rule
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
