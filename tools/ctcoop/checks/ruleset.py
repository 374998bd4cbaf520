"""``ctcoop:rules`` declarations are well formed: known rule names, known levels.

The rules themselves are applied by the checks they belong to (:mod:`ctcoop.rules`).
"""

from __future__ import annotations

from collections.abc import Iterator

from ctcoop.checks import Check
from ctcoop.checks.context import Context
from ctcoop.checks.ids import VOCABULARY, field_path, vocabulary_issue
from ctcoop.report import Issue
from ctcoop.rules import PROPERTY, RULES, problems

_HINT = "rules: " + ", ".join(RULES) + "; levels: error, warning, off"


def run(ctx: Context) -> Iterator[Issue]:
    if PROPERTY in ctx.package.descriptor:
        for message in problems(ctx.package.descriptor[PROPERTY]):
            yield vocabulary_issue(ctx, None, message, _HINT, (PROPERTY,))
    for resource in ctx.resources:
        if PROPERTY in resource.descriptor:
            for message in problems(resource.descriptor[PROPERTY]):
                yield vocabulary_issue(
                    ctx, resource, f"resource '{resource.name}': {message}", _HINT, (PROPERTY,)
                )
        for name in resource.field_names:
            fdesc = resource.field(name) or {}
            if PROPERTY in fdesc:
                for message in problems(fdesc[PROPERTY]):
                    yield vocabulary_issue(
                        ctx,
                        resource,
                        f"field '{name}' of '{resource.name}': {message}",
                        _HINT,
                        field_path(resource, name, PROPERTY),
                        in_schema=True,
                    )


CHECK = Check(name="rules", run=run, codes={"vocabulary": VOCABULARY})
