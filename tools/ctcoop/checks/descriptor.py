"""The descriptor: Data Package profile validity, resource names, and Table Schemas that make sense.

The official v2 profiles are vendored in ``ctcoop/profiles`` (no network); their errors are
translated into one readable sentence each, at the line of the offending property
(:mod:`ctcoop.checks.profile_errors`). Beyond the profile: resource names unique
(``duplicate-resource``), Table Schema semantics (:mod:`ctcoop.checks.schema_rules`), and every
``ctcoop:`` property known and well formed (:mod:`ctcoop.checks.descriptor_ext`).

Reads the descriptor and schema files only, never a table: it is registered in
:data:`ctcoop.checks.BEFORE_TABLES`, so every command runs it before reading a table
(:func:`ctcoop.preflight.open_package`).
"""

from __future__ import annotations

from collections.abc import Iterator

from ctcoop.checks import Check
from ctcoop.checks.context import Context
from ctcoop.checks.descriptor_ext import extension_issues
from ctcoop.checks.jsonlines import LazyLines, line_of
from ctcoop.checks.profile_errors import profile_issues
from ctcoop.checks.profiles import package_profile, schema_profile, version_of
from ctcoop.checks.schema_rules import file_text, schema_issues
from ctcoop.codes import codes_of
from ctcoop.report import Issue


def run(ctx: Context) -> Iterator[Issue]:
    pkg = ctx.package
    desc_text = file_text(ctx, pkg.descriptor_path)
    yield from profile_issues(
        package_profile(pkg.descriptor), pkg.descriptor, pkg.descriptor_path, desc_text
    )
    version = version_of(pkg.descriptor)
    lines = LazyLines(desc_text)
    resources = pkg.descriptor.get("resources")
    names: set[str] = set()
    if isinstance(resources, list):
        for i, res in enumerate(resources):
            name = res.get("name") if isinstance(res, dict) else None
            if isinstance(name, str):
                if name in names:
                    yield Issue(
                        code="duplicate-resource",
                        message=f"two resources are named '{name}'",
                        hint="give every resource a distinct name",
                        file=pkg.descriptor_path,
                        line=line_of(lines, ("resources", i, "name")),
                    )
                names.add(name)
    for index, resource in enumerate(pkg.resources):
        schema_ref = resource.descriptor.get("schema")
        if isinstance(schema_ref, str):
            schema_text = file_text(ctx, schema_ref)
            yield from profile_issues(schema_profile(resource.schema, version), resource.schema, schema_ref,
                                      schema_text)
        elif version == "v1" and pkg.descriptor.get("profile") != "tabular-data-package":
            # the v1 data-package profile does not look inside a resource's schema
            yield from profile_issues(
                schema_profile(resource.schema, version),
                resource.schema,
                pkg.descriptor_path,
                desc_text,
                prefix=f"resources[{index}].schema.",
                base=("resources", index, "schema"),
            )
        pos = next(
            (
                i
                for i, r in enumerate(resources or [])
                if isinstance(r, dict) and r.get("name") == resource.name
            ),
            index,
        )
        yield from schema_issues(ctx, resource, pos, names)
    yield from extension_issues(ctx)


CHECK = Check(
    name="descriptor",
    run=run,
    codes=codes_of("descriptor"),
)
