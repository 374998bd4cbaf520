"""The names of the ``ctcoop:`` properties, as constants (the level models use them as aliases).

Code elsewhere names a property through these (``keys.LIST_DELIMITER``), never as a string
literal, so a search for ``"ctcoop:`` finds the properties only here.
"""

from __future__ import annotations

PREFIX = "ctcoop:"

# package
GLOBAL_IDS = PREFIX + "globalIds"
CITATIONS = PREFIX + "citations"
IDENTIFIERS = PREFIX + "identifiers"
# package, resource, field
RULES = PREFIX + "rules"
# resource
REQUIRES_CITATION = PREFIX + "requiresCitation"
DATE_ORDER = PREFIX + "dateOrder"
ROW_SCHEMA = PREFIX + "rowSchema"
TYPED_LINKS = PREFIX + "typedLinks"
FACTUAL_FIELDS = PREFIX + "factualFields"
OFFICIAL_HOSTS = PREFIX + "officialHosts"
COVERAGE = PREFIX + "coverage"
NOT_BEFORE_REFERENCE = PREFIX + "notBeforeReference"
ACTION_ORDER = PREFIX + "actionOrder"
# schema (written by the loader for a schema inferred from the header)
INFERRED = PREFIX + "inferred"
# field
LIST_DELIMITER = PREFIX + "listDelimiter"
PARTIAL_DATE = PREFIX + "partialDate"
LANGUAGE = PREFIX + "language"
TRANSLATION_OF = PREFIX + "translationOf"
REFERENCES = PREFIX + "references"
DEDUPE = PREFIX + "dedupe"
FIELD_OF = PREFIX + "fieldOf"
AGREES_WITH = PREFIX + "agreesWith"


def title(lang: str) -> str:
    """``ctcoop:title_<lang>`` (the package's or a resource's title in that language)."""
    return f"{PREFIX}title_{lang}"


def description(lang: str) -> str:
    """``ctcoop:description_<lang>``."""
    return f"{PREFIX}description_{lang}"


def category_labels(lang: str) -> str:
    """``ctcoop:categoryLabels_<lang>`` (a field's category labels in that language)."""
    return f"{PREFIX}categoryLabels_{lang}"


TITLE_AR = title("ar")
DESCRIPTION_AR = description("ar")
CATEGORY_LABELS_AR = category_labels("ar")
