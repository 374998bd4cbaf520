"""A field's categories (the Table Schema v2 ``categories``) with their labels in each language.

The English label is the standard's ``label``; a label in another language is the field's
``ctcoop:categoryLabels_<lang>`` (typed in :mod:`ctcoop.extensions`). The trust-check models
that lived here (:class:`OfficialHosts`, :class:`AgreesWith`) are in :mod:`ctcoop.extensions`
and re-exported.
"""

from __future__ import annotations

from typing import Any

from ctcoop.extensions import AgreesWith, OfficialHosts, field_ext, keys

__all__ = ["LABELS_AR", "AgreesWith", "OfficialHosts", "arabic_labels", "category_labels", "category_values"]

LABELS_AR = keys.CATEGORY_LABELS_AR


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
    """value -> Arabic label (``ctcoop:categoryLabels_ar``)."""
    return field_ext(spec).category_labels("ar") or {}
