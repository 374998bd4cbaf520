"""The object-valued extensions: one strict model per property whose value has keys of its own.

These were typed in ``ctcoop.properties``, ``ctcoop.identifiers`` and ``ctcoop.dataset_rules``
(which re-export them); the level models in this package use them as the types of their
properties, so each is parsed once, with the rest of its descriptor.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ctcoop.extensions.base import Strict


class Citations(Strict):
    """``ctcoop:citations`` on the package: where the citations live."""

    resource: str = Field(min_length=1, description="The resource that holds the citations.")
    subjectField: str = Field(min_length=1, description="Its field holding the cited row's id.")
    sourceField: str | None = None
    locatorField: str | None = None
    fieldsField: str | None = Field(
        default=None, description="Its field listing the fields a citation supports (ctcoop:factualFields)."
    )


class TypedLinks(Strict):
    """``ctcoop:typedLinks`` on a link resource: subject, type and object, and where types live."""

    typeField: str
    subjectField: str
    objectField: str
    typeResource: str
    subjectResourcesField: str
    objectResourcesField: str
    acyclicTypes: list[str] = Field(default_factory=list)


class OfficialHosts(Strict):
    """``ctcoop:officialHosts`` on a resource that lists sources.

    A row whose ``gradeField`` is one of ``grades`` must have a URL (in ``urlField``) whose
    host is one of ``hosts`` or a subdomain of one (``un.org`` covers ``press.un.org``). A URL
    on one of the ``archives`` hosts (a web archive such as ``web.archive.org``) is judged by
    the address it archives, which follows in its path (``/web/20170703/http://www.fatf-gafi.org/…``).
    A row with no URL is not checked.
    """

    urlField: str = Field(min_length=1)
    gradeField: str = Field(min_length=1)
    grades: list[str] = Field(min_length=1)
    hosts: list[str] = Field(min_length=1)
    archives: list[str] = Field(default_factory=list)


class AgreesWith(Strict):
    """``ctcoop:agreesWith`` on a field whose value a typed link also states.

    ``relationType`` is the link type (a row id of the typed-links' type resource). With
    ``direction`` ``subject`` the row is the link's subject and the column holds its object;
    with ``object`` the other way round. Only links whose other end is an id of the table the
    column references (its foreign key) are compared, and links with a value in ``endField``
    (a field of the link resource) are history and are left out, unless all of a row's links
    have ended (a dissolved body keeps its last parent). ``match`` ``equal``: the
    column's value is the one current link's other end (a missing link, a different one or an
    extra one is reported); ``member``: the column's value is among the current links' other
    ends, and a row with such links has the column filled.
    ``resource`` names the link resource when the package has more than one
    ``ctcoop:typedLinks`` resource.
    """

    relationType: str = Field(min_length=1)
    direction: Literal["subject", "object"] = "subject"
    match: Literal["equal", "member"] = "equal"
    endField: str | None = None
    resource: str | None = None


class HeldColumn(Strict):
    """A column whose filled cells are identifiers of one scheme."""

    resource: str = Field(min_length=1)
    field: str = Field(min_length=1)
    scheme: str = Field(min_length=1)


class IdentifiersConfig(Strict):
    """``ctcoop:identifiers`` on the package."""

    resource: str = Field(min_length=1)
    schemeField: str = Field(min_length=1)
    valueField: str = Field(min_length=1)
    schemeResource: str = Field(min_length=1)
    patternField: str = Field(min_length=1)
    subjectField: str | None = None
    urlTemplateField: str | None = None
    columns: list[HeldColumn] = Field(default_factory=list)


class StatedTotals(Strict):
    """Where the stated totals are: rows of ``resource`` about a group that say what they count."""

    resource: str
    aboutField: str = Field(description="Field holding the group's id (e.g. a figure's 'about').")
    countsField: str = Field(description="Field naming what the total counts (a key of CoverageRule.counts).")
    valueField: str
    dateField: str = Field(description="The date the total holds as of.")
    where: dict[str, list[str]] = Field(
        default_factory=dict, description="Only rows whose field holds one of these values count."
    )


class CoverageRule(Strict):
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


class NotBeforeReference(Strict):
    """``field`` is not before ``referencedField`` of the row that ``foreignKey`` points to."""

    field: str
    foreignKey: str = Field(description="A field of this resource with a one-field foreign key.")
    referencedField: str


class ActionOrder(Strict):
    """``ctcoop:actionOrder``: within ``groupFields``, no ``then`` action dated before a ``first`` one."""

    groupFields: list[str]
    kindField: str
    dateField: str
    first: list[str]
    then: list[str]
