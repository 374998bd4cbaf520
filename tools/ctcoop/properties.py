"""The typed form of the project properties that switch on the trust checks.

Each property is a strict pydantic model (``extra="forbid"``): a descriptor that misspells a
key or gives a value of the wrong type is reported as a ``vocabulary`` issue by the check that
reads it (:func:`parse`), never silently ignored.

========================  ========  ==========================================================
property                  where     model
========================  ========  ==========================================================
``ctcoop:officialHosts``  resource  :class:`OfficialHosts`: sources of some grades must sit on
                                    the issuing bodies' own hosts
``ctcoop:agreesWith``     field     :class:`AgreesWith`: the column holds the same fact as the
                                    typed links of one type
``ctcoop:fieldOf``        field     the name of a field of this resource that holds a row id;
                                    the value (or each list item) names a field of that row's
                                    table (a plain string, no model)
``ctcoop:categoryLabels_ar``  field  ``{"value": "Arabic label", ...}`` beside the Table
                                    Schema v2 ``categories`` (a plain mapping, no model)
========================  ========  ==========================================================
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class OfficialHosts(_Strict):
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


class AgreesWith(_Strict):
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


LABELS_AR = "ctcoop:categoryLabels_ar"


def category_values(spec: dict[str, Any]) -> list[str] | None:
    """The values of a field's ``categories`` as text, or None when it has none (or a bad shape)."""
    cats = spec.get("categories")
    if not isinstance(cats, list):
        return None
    values: list[str] = []
    for item in cats:
        value = item.get("value") if isinstance(item, dict) else item
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            return None
        values.append(str(value))
    return values


def category_labels(spec: dict[str, Any]) -> dict[str, str]:
    """value -> English (``label``) label of a field's categories; values without one are left out."""
    cats = spec.get("categories")
    found: dict[str, str] = {}
    if isinstance(cats, list):
        for item in cats:
            if isinstance(item, dict) and isinstance(item.get("label"), str):
                found[str(item.get("value"))] = item["label"]
    return found


def arabic_labels(spec: dict[str, Any]) -> dict[str, str]:
    """value -> Arabic label (``ctcoop:categoryLabels_ar``), text values only."""
    raw = spec.get(LABELS_AR)
    if not isinstance(raw, dict):
        return {}
    return {str(k): v for k, v in raw.items() if isinstance(v, str)}


M = TypeVar("M", bound=BaseModel)


def parse(model: type[M], value: object) -> M | str:
    """The property as its model, or a one-line reason why it does not fit."""
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(the property)"
        return f"{where}: {first['msg']}"
