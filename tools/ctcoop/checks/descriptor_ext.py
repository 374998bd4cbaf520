"""The descriptor's ``ctcoop:`` properties: each unknown or malformed one is one ``vocabulary`` issue.

Part of the descriptor check (:mod:`ctcoop.checks.descriptor`). The problems come from
:mod:`ctcoop.extensions`, which parses every property once and reads a malformed one as unset,
so the checks that use a property never see (nor report) a value of the wrong shape; they report
only what the shape cannot say (a field or resource it names that does not exist). Each issue
points at the line of the property, in the descriptor or in the resource's schema file.
"""

from __future__ import annotations

from collections.abc import Iterator

from ctcoop.checks.context import Context
from ctcoop.checks.ids import field_path, vocabulary_issue
from ctcoop.extensions import field_ext, package_ext, resource_ext, schema_ext
from ctcoop.report import Issue


def extension_issues(ctx: Context) -> Iterator[Issue]:
    """One ``vocabulary`` issue per unknown or malformed ``ctcoop:`` property, package first."""
    for p in package_ext(ctx.package.descriptor).problems:
        yield vocabulary_issue(ctx, None, p.message, p.hint, (p.key,))
    for resource in ctx.resources:
        for p in resource_ext(resource.descriptor).problems:
            where = "" if p.placed else f"resource '{resource.name}': "
            yield vocabulary_issue(ctx, resource, where + p.message, p.hint, (p.key,))
        for p in schema_ext(resource.schema).problems:
            yield vocabulary_issue(ctx, resource, p.message, p.hint, (p.key,), in_schema=True)
        for fdesc in resource.fields:
            name = str(fdesc.get("name"))
            for p in field_ext(fdesc).problems:
                where = "" if p.placed else f"field '{name}' of '{resource.name}': "
                path = field_path(resource, name, p.key)
                yield vocabulary_issue(ctx, resource, where + p.message, p.hint, path, in_schema=True)
