"""A Table Schema field's extensions: :func:`field_ext` (and :func:`list_delimiter`, its one-call form)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import Field

from ctcoop.extensions import keys
from ctcoop.extensions.base import Problem, Strict, cached, parse, prop
from ctcoop.extensions.configs import AgreesWith
from ctcoop.extensions.rules_value import RuleLevel, rule_problems


class FieldExtensions(Strict):
    """The ``ctcoop:`` properties of one field, typed; a malformed one reads as unset."""

    list_delimiter: str | None = prop(
        keys.LIST_DELIMITER, "the cell holds a list, split on this string", "a non-empty string",
        default=None, min_length=1)
    partial_date: bool = prop(keys.PARTIAL_DATE, "an ISO date of year, month or day precision",
                              "true or false", default=False)
    language: Literal["ar", "en"] | None = prop(keys.LANGUAGE, "`ar` or `en`", "'ar' or 'en'", default=None)
    translation_of: str | None = prop(keys.TRANSLATION_OF, "the other-language twin of this field",
                                      "the name of a field", default=None, min_length=1)
    references: list[str] | None = prop(
        keys.REFERENCES, "the tables a value may point into", "a non-empty list of resource names",
        default=None, min_length=1)
    dedupe: bool = prop(keys.DEDUPE, "rows whose values become equal after normalization are likely "
                        "duplicates", "true or false", default=False)
    field_of: str | None = prop(
        keys.FIELD_OF, "the value names fields of the row whose id is in the named field of the same "
        "resource", "the name of a field", default=None, min_length=1)
    agrees_with: AgreesWith | None = prop(
        keys.AGREES_WITH, '`{"relationType", "direction", "match", "endField"}`: the column and the '
        "typed links of that type agree", default=None)
    rules: dict[str, RuleLevel] | None = prop(
        keys.RULES, "the level (`error`, `warning`, `off`) of the project rules `text-hygiene`, "
        "`acyclic-self-references` and `rfc4180-quotes`", default=None)
    #: ``{"title": {lang: text}, "description": {lang: text}, "categoryLabels": {lang: {value: label}}}``
    texts: dict[str, Any] = Field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    def description(self, lang: str) -> str | None:
        """``ctcoop:description_<lang>``."""
        value = self.texts.get("description", {}).get(lang)
        return value if isinstance(value, str) else None

    def category_labels(self, lang: str) -> dict[str, str] | None:
        """``ctcoop:categoryLabels_<lang>``: value -> label, or None when not given (or malformed)."""
        value = self.texts.get("categoryLabels", {}).get(lang)
        return dict(value) if isinstance(value, dict) else None

    @property
    def is_list(self) -> bool:
        """True when the field holds a delimited list."""
        return self.list_delimiter is not None


#: the families a field may carry: ``ctcoop:title_<lang>``, ``ctcoop:description_<lang>``…
FIELD_FAMILIES = ("title", "description", "categoryLabels")


def _build(fdesc: Mapping[str, Any]) -> FieldExtensions:
    of = f" of field '{fdesc.get('name')}'"
    return parse(FieldExtensions, fdesc, (of, of), FIELD_FAMILIES, rule_problems)


def field_ext(fdesc: Mapping[str, Any]) -> FieldExtensions:
    """The field descriptor's extensions, parsed once per descriptor."""
    return cached(FieldExtensions, fdesc, lambda: _build(fdesc))


def list_delimiter(fdesc: Mapping[str, Any]) -> str | None:
    """The field's list delimiter (``ctcoop:listDelimiter``), or None when it holds no list."""
    return field_ext(fdesc).list_delimiter
