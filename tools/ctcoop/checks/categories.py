"""Coded values carry labels: ``categories`` agree with ``enum``, and each has an Arabic label.

A field may list its codes as Table Schema v2 ``categories`` (``[{"value": "primary",
"label": "Primary"}, …]`` or plain values) and give their Arabic labels in the project
property ``ctcoop:categoryLabels_ar`` (``{"primary": "أولي", …}``). This check holds that

* the categories' values are exactly the field's ``enum`` constraint, when it has one
  (``category-enum``);
* every category has an Arabic label and no Arabic label is for a value that is not a
  category (``category-label``), when the field has ``ctcoop:categoryLabels_ar`` or the
  package's ``languages`` include ``ar``;
* a label is non-empty text.

The shape of ``categories`` itself is the Table Schema profile's to check.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ctcoop.checks import Check
from ctcoop.checks.context import Context
from ctcoop.checks.ids import field_path, vocabulary_issue
from ctcoop.codes import codes_of
from ctcoop.extensions import field_ext
from ctcoop.package import Resource
from ctcoop.properties import LABELS_AR, category_labels, category_values
from ctcoop.report import Issue


def _issue(
    ctx: Context, resource: Resource, code: str, name: str, message: str, hint: str, *path: Any
) -> Issue:
    issue = vocabulary_issue(ctx, resource, message, hint, field_path(resource, name, *path), in_schema=True)
    return issue.model_copy(update={"code": code, "field": name})


def _field(ctx: Context, resource: Resource, spec: dict[str, Any], wants_ar: bool) -> Iterator[Issue]:
    name = str(spec.get("name"))
    values = category_values(spec)
    ext = field_ext(spec)
    raw_ar = ext.category_labels("ar")
    if any(p.key == LABELS_AR for p in ext.problems):
        return  # malformed: the descriptor check reports it
    if values is None:
        if raw_ar is not None:
            yield _issue(
                ctx, resource, "category-label", name,
                f"field '{name}' has {LABELS_AR} but no categories to label",
                'add "categories": [{"value": …, "label": …}] or remove the Arabic labels', LABELS_AR,
            )
        return
    enum = (spec.get("constraints") or {}).get("enum") if isinstance(spec.get("constraints"), dict) else None
    if isinstance(enum, list):
        coded = [str(v) for v in enum]
        missing = [v for v in coded if v not in values]
        extra = [v for v in values if v not in coded]
        if missing or extra:
            parts = ([f"no category for {', '.join(missing)}"] if missing else []) + (
                [f"categories {', '.join(extra)} not in the enum"] if extra else []
            )
            yield _issue(
                ctx, resource, "category-enum", name,
                f"field '{name}': categories and enum disagree ({'; '.join(parts)})",
                "list the same values in categories and in constraints.enum", "categories",
            )
    for value, label in category_labels(spec).items():
        if not label.strip():
            yield _issue(
                ctx, resource, "category-label", name,
                f"field '{name}': category '{value}' has an empty label",
                "write the English label", "categories",
            )
    if raw_ar is None and not wants_ar:
        return
    labels = raw_ar or {}
    unlabelled = [v for v in values if not labels.get(v, "").strip()]
    stray = [k for k in labels if k not in values]
    if unlabelled:
        yield _issue(
            ctx, resource, "category-label", name,
            f"field '{name}': no Arabic label for {', '.join(unlabelled)}",
            f"add each to {LABELS_AR}", LABELS_AR,
        )
    if stray:
        yield _issue(
            ctx, resource, "category-label", name,
            f"field '{name}': {LABELS_AR} labels {', '.join(stray)}, which are not categories",
            "remove them or add them to categories", LABELS_AR,
        )


def run(ctx: Context) -> Iterator[Issue]:
    languages = ctx.package.descriptor.get("languages")
    wants_ar = isinstance(languages, list) and "ar" in languages
    for resource in ctx.resources:
        for spec in resource.fields:
            yield from _field(ctx, resource, spec, wants_ar)


CHECK = Check(
    name="categories",
    run=run,
    codes=codes_of("categories"),
)
