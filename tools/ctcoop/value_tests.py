"""Tests of one text value, for the types polars has no vectorized test for.

:mod:`ctcoop.casting` runs each once per distinct value of a column (:func:`by_unique`): a JSON
``object`` or ``array``, a ``geojson`` object (RFC 7946, or a TopoJSON ``Topology``), a
``geopoint`` in each of its three formats, a ``duration`` (ISO 8601) and ``binary`` (base64).
Each returns True when the text is a valid lexical form of its type.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from typing import Any

import polars as pl

DURATION = re.compile(
    r"^P(?!$)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$"
)


def is_duration(text: str) -> bool:
    return bool(DURATION.match(text))


def is_base64(text: str) -> bool:
    try:
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def by_unique(s: pl.Series, valid: Callable[[str], bool]) -> pl.Series:
    """Apply a Python test once per distinct present value; the mask of cells that pass."""
    distinct = s.drop_nulls().unique().to_list()
    good = [v for v in distinct if valid(v)]
    return s.is_in(good)


def json_of(kind: type) -> Callable[[str], bool]:
    def test(text: str) -> bool:
        try:
            return isinstance(json.loads(text), kind)
        except (ValueError, RecursionError):
            return False

    return test


#: GeoJSON (RFC 7946) object type -> the member it must have and that member's JSON kind
_GEOJSON_MEMBERS: dict[str, tuple[str, type]] = {
    **{t: ("coordinates", list) for t in (
        "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")},
    "GeometryCollection": ("geometries", list),
    "Feature": ("geometry", object),
    "FeatureCollection": ("features", list),
}


def geojson_test(fmt: Any) -> Callable[[str], bool]:
    """format default: a GeoJSON object of a type RFC 7946 names, with its required member;
    format topojson: a Topology with its objects."""

    def test(text: str) -> bool:
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            return False
        if not isinstance(value, dict):
            return False
        kind = value.get("type")
        if fmt == "topojson":
            return kind == "Topology" and isinstance(value.get("objects"), dict)
        if not isinstance(kind, str) or kind not in _GEOJSON_MEMBERS:
            return False
        member, of = _GEOJSON_MEMBERS[kind]
        return member in value and isinstance(value[member], of)

    return test


def geopoint_test(fmt: Any) -> Callable[[str], bool]:
    def in_range(lon: Any, lat: Any) -> bool:
        try:
            x, y = float(lon), float(lat)
        except (TypeError, ValueError):
            return False
        return -180 <= x <= 180 and -90 <= y <= 90

    def test(text: str) -> bool:
        if fmt == "array":
            try:
                value = json.loads(text)
            except (ValueError, RecursionError):
                return False
            return isinstance(value, list) and len(value) == 2 and in_range(*value)
        if fmt == "object":
            try:
                value = json.loads(text)
            except (ValueError, RecursionError):
                return False
            return (
                isinstance(value, dict)
                and set(value) == {"lon", "lat"}
                and in_range(value["lon"], value["lat"])
            )
        parts = text.split(",")
        return len(parts) == 2 and in_range(parts[0].strip(), parts[1].strip())

    return test
