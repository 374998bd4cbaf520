"""Table Schema semantics the profile cannot express, one issue each at the property's line.

Field names unique and non-empty; ``primaryKey``, ``uniqueKeys`` and ``foreignKeys`` naming
fields and resources that exist (``schema-error``); patterns that compile on a linear-time
engine; ``enum``/``minimum``/``maximum`` values of the field's type; bounds that no value can
meet (``schema-contradiction``, docs/security.md S1). Part of the descriptor check.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ctcoop.casting import TYPES, cast_value, cast_values
from ctcoop.checks.context import Context
from ctcoop.checks.jsonlines import LazyLines, line_of
from ctcoop.checks.profile_errors import short
from ctcoop.errors import PackageLoadError
from ctcoop.package import Resource
from ctcoop.report import Issue


def file_text(ctx: Context, relpath: str) -> str | None:
    """The text of a JSON file of the package (to find the line of a property), or None."""
    try:
        return ctx.package.read(relpath).decode("utf-8-sig")
    except (PackageLoadError, UnicodeDecodeError):
        return None


def _contradictions(name: str, cons: dict[str, Any], fdesc: dict[str, Any], ftype: str,
                    ) -> Iterator[tuple[str, str, str]]:
    """(message, hint, constraint key) for bounds that no value can meet: minimum > maximum,
    minLength > maxLength (docs/security.md, S1)."""
    for low_key, high_key in (("minimum", "maximum"), ("exclusiveMinimum", "exclusiveMaximum"),
                              ("minimum", "exclusiveMaximum"), ("exclusiveMinimum", "maximum")):
        if low_key not in cons or high_key not in cons or ftype in ("string", "any", "boolean"):
            continue
        low, high = cast_value(cons[low_key], fdesc), cast_value(cons[high_key], fdesc)
        try:
            empty = low > high if low_key == "minimum" and high_key == "maximum" else low >= high
        except TypeError:
            continue  # a bound of the wrong type is reported above
        if empty:
            yield (f"field '{name}' has {low_key} {short(cons[low_key])} and {high_key} "
                   f"{short(cons[high_key])}: no value can meet both",
                   f"make {low_key} smaller than {high_key}", low_key)
    low_len, high_len = cons.get("minLength"), cons.get("maxLength")
    if (isinstance(low_len, int) and isinstance(high_len, int) and not isinstance(low_len, bool)
            and not isinstance(high_len, bool) and low_len > high_len):
        yield (f"field '{name}' has minLength {low_len} greater than maxLength {high_len}: no value can "
               "meet both", "make minLength at most maxLength", "minLength")


def schema_issues(ctx: Context, resource: Resource, index: int, names: set[str]) -> Iterator[Issue]:
    """Table Schema semantics the profile cannot express."""
    schema_ref = resource.descriptor.get("schema")
    base: tuple[Any, ...]
    if isinstance(schema_ref, str):
        file, base = schema_ref, ()
        text = file_text(ctx, schema_ref)
    else:
        file, base = ctx.package.descriptor_path, ("resources", index, "schema")
        text = file_text(ctx, ctx.package.descriptor_path)
    lines = LazyLines(text)

    def issue(message: str, hint: str, path: tuple[Any, ...], code: str = "schema-error") -> Issue:
        return Issue(
            code=code,
            message=message,
            hint=hint,
            resource=resource.name,
            file=file,
            line=line_of(lines, base + path),
        )

    field_names = resource.field_names
    seen: set[str] = set()
    for i, fdesc in enumerate(resource.fields):
        name = fdesc.get("name")
        if not isinstance(name, str) or not name:
            yield issue(
                f"field {i + 1} of resource '{resource.name}' has no name",
                "give the field a name",
                ("fields", i),
            )
            continue
        if name in seen:
            yield issue(
                f"field name '{name}' repeats in resource '{resource.name}'",
                "give every field a distinct name",
                ("fields", i, "name"),
            )
        seen.add(name)
        ftype = fdesc.get("type", "any")
        if ftype not in TYPES:
            continue  # the profile check names the allowed types
        cons = fdesc.get("constraints")
        if not isinstance(cons, dict):
            continue
        pattern = cons.get("pattern")
        if isinstance(pattern, str):
            from ctcoop.checks.constraints import compile_pattern

            _, _, error = compile_pattern(pattern)
            if error is not None:
                yield issue(
                    f"the pattern of field '{name}' is not a valid regular expression: {error}",
                    "fix the regular expression",
                    ("fields", i, "constraints", "pattern"),
                )
        for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if (
                key in cons
                and ftype not in ("string", "any", "boolean")
                and cast_value(cons[key], fdesc) is None
            ):
                yield issue(
                    f"the {key} {short(cons[key])} of field '{name}' is not a {ftype}",
                    f"write the {key} as a {ftype} value",
                    ("fields", i, "constraints", key),
                )
        yield from (issue(m, h, ("fields", i, "constraints", k), "schema-contradiction")
                    for m, h, k in _contradictions(name, cons, fdesc, ftype))
        enum = cons.get("enum")
        if isinstance(enum, list) and ftype not in ("string", "any"):
            for j, (item, typed) in enumerate(zip(enum, cast_values(enum, fdesc), strict=True)):
                if typed is None:
                    yield issue(
                        f"enum value {short(item)} of field '{name}' is not a {ftype}",
                        f"list {ftype} values only",
                        ("fields", i, "constraints", "enum", j),
                    )

    def check_fields(fields: Any, path: tuple[Any, ...], what: str) -> Iterator[Issue]:
        for f in [fields] if isinstance(fields, str) else fields if isinstance(fields, list) else []:
            if isinstance(f, str) and f not in field_names:
                yield issue(
                    f"{what} names the field '{f}', which resource '{resource.name}' does not have",
                    "fields: " + ", ".join(field_names),
                    path,
                )

    pk = resource.schema.get("primaryKey")
    if pk is not None:
        yield from check_fields(pk, ("primaryKey",), "the primaryKey")
    uks = resource.schema.get("uniqueKeys")
    if isinstance(uks, list):
        for j, uk in enumerate(uks):
            yield from check_fields(uk, ("uniqueKeys", j), "a uniqueKey")
    for j, fk in enumerate(resource.foreign_keys):
        yield from check_fields(fk.get("fields"), ("foreignKeys", j, "fields"), "a foreignKey")
        ref = fk.get("reference")
        if not isinstance(ref, dict):
            continue
        target_name = ref.get("resource", "")
        if not isinstance(target_name, str):
            continue
        if target_name not in ("", resource.name) and target_name not in names:
            yield issue(
                f"a foreignKey of resource '{resource.name}' points to the resource '{target_name}', "
                "which the package does not have",
                "resources: " + ", ".join(sorted(names)),
                ("foreignKeys", j, "reference", "resource"),
            )
            continue
        target = resource if target_name in ("", resource.name) else ctx.resource(target_name)
        ref_fields = ref.get("fields")
        ref_list = (
            [ref_fields]
            if isinstance(ref_fields, str)
            else ref_fields
            if isinstance(ref_fields, list)
            else []
        )
        fk_fields = fk.get("fields")
        fk_list = (
            [fk_fields] if isinstance(fk_fields, str) else fk_fields if isinstance(fk_fields, list) else []
        )
        if len(ref_list) != len(fk_list):
            yield issue(
                f"a foreignKey of resource '{resource.name}' has {len(fk_list)} field(s) but references "
                f"{len(ref_list)}",
                "list as many reference fields as fields",
                ("foreignKeys", j),
            )
        if target is not None:
            for f in ref_list:
                if isinstance(f, str) and f not in target.field_names:
                    yield issue(
                        f"a foreignKey references the field '{f}', which resource '{target.name}' does "
                        "not have",
                        "fields: " + ", ".join(target.field_names),
                        ("foreignKeys", j, "reference", "fields"),
                    )
