"""The descriptor: Data Package v2 profile validity, resource names, and Table Schemas that make sense.

The official v2 profiles are vendored in ``ctcoop/profiles`` (no network). JSON Schema errors
are translated into one readable sentence each: for an ``anyOf``/``oneOf`` failure the branch
the value was meant for is picked (the one whose ``type`` discriminator matches, else the one
with the fewest errors) and its own errors are reported, naming the property that is wrong.
Every issue points at the line of the offending property in its JSON file.

Beyond the profile: resource names unique, field names unique and non-empty, ``primaryKey``,
``uniqueKeys`` and ``foreignKeys`` naming fields and resources that exist, patterns that
compile on a linear-time engine, ``enum``/``minimum``/``maximum`` values of the field's type,
and bounds that do not contradict each other; every ``ctcoop:`` property known and well formed
(:mod:`ctcoop.checks.descriptor_ext`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ctcoop.casting import TYPES, cast_value, cast_values
from ctcoop.checks import Check
from ctcoop.checks.context import Context
from ctcoop.checks.descriptor_ext import extension_issues
from ctcoop.checks.jsonlines import json_lines, line_of, path_text
from ctcoop.checks.profiles import package_profile, schema_profile, v2_profile, version_of
from ctcoop.codes import codes_of
from ctcoop.errors import PackageLoadError
from ctcoop.package import Resource
from ctcoop.report import Issue

PROFILES = ("datapackage", "dataresource", "tableschema", "tabledialect")


def profile(name: str) -> Any:
    """A vendored v2 profile's validator (``datapackage``, ``tableschema``…)."""
    return v2_profile(name)


def _short(value: Any, limit: int = 80) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + "…"


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "null"


def _branch_errors(error: Any) -> list[Any] | tuple[list[Any], str]:
    """The errors of the anyOf/oneOf branch the instance was meant for, or a ready message.

    Branches whose ``type`` discriminator (or JSON type) does not match are set aside; of the
    rest, the one with the fewest errors wins. When every branch is set aside on ``type``, the
    message lists the values ``type`` may take; when every branch only lacks one required
    property, the message names them all.
    """
    from jsonschema.exceptions import best_match

    branches: dict[int, list[Any]] = {}
    for sub in error.context:
        index = sub.relative_schema_path[0] if sub.relative_schema_path else 0
        branches.setdefault(int(index), []).append(sub)
    where = path_text(list(error.absolute_path)) or "the descriptor"

    def discriminator(errs: list[Any]) -> Any:
        for e in errs:
            rel = list(e.relative_path)
            if e.validator in ("enum", "const") and rel == ["type"]:
                return e
            if e.validator == "type" and rel == []:
                return e
        return None

    candidates = [errs for errs in branches.values() if discriminator(errs) is None]
    if candidates:
        if len(candidates) > 1 and all(len(c) == 1 and c[0].validator == "required" for c in candidates):
            props = [c[0].message.split("'")[1] for c in candidates if "'" in c[0].message]
            return [], f"{where} needs at least one of the properties " + ", ".join(f"'{p}'" for p in props)
        return min(candidates, key=len)
    allowed: list[str] = []
    for errs in branches.values():
        d = discriminator(errs)
        if d is not None and d.validator == "enum" and list(d.relative_path) == ["type"]:
            allowed.extend(str(a) for a in d.validator_value)
        elif d is not None and d.validator == "const":
            allowed.append(str(d.validator_value))
    if allowed and isinstance(error.instance, dict):
        return [], (
            f"{where}.type is {_short(error.instance.get('type'))}; it must be one of "
            + ", ".join(dict.fromkeys(allowed))
        )
    best = best_match(error.context)
    return [best] if best is not None else []


def translate(error: Any) -> list[tuple[list[Any], str]]:
    """A jsonschema error as readable (path, message) pairs."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        out: list[tuple[list[Any], str]] = []
        picked = _branch_errors(error)
        if isinstance(picked, tuple):
            extra = ["type"] if "].type is" in picked[1] or picked[1].startswith("type is") else []
            return [(list(error.absolute_path) + extra, picked[1])]
        for sub in picked:
            out.extend(translate(sub))
        if out:
            return out
    path = list(error.absolute_path)
    where = path_text(path) or "the descriptor"
    v, inst, arg = error.validator, error.instance, error.validator_value
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else str(arg)
        return [(path, f"{where} lacks the required property '{missing}'")]
    if v == "type":
        want = " or ".join(arg) if isinstance(arg, list) else str(arg)
        return [(path, f"{where} must be of type {want}, not {_json_type(inst)} ({_short(inst)})")]
    if v == "enum":
        return [(path, f"{where} is {_short(inst)}; it must be one of {', '.join(_short(a) for a in arg)}")]
    if v == "const":
        return [(path, f"{where} is {_short(inst)}; it must be {_short(arg)}")]
    if v == "pattern" and path and path[-1] == "path":
        return [(path, f"{where} {_short(inst)} is not a valid path: it must be {PATH_RULE}")]
    if v == "pattern":
        return [(path, f"{where} {_short(inst)} does not match the pattern {arg}")]
    if v in ("minItems", "minLength"):
        return [(path, f"{where} is too short ({_short(inst)}); at least {arg} needed")]
    if v == "uniqueItems":
        return [(path, f"{where} has repeated items: {_short(inst)}")]
    if v == "additionalProperties":
        return [(path, f"{where}: {error.message}")]
    if v == "format":
        return [(path, f"{where} {_short(inst)} is not a valid {arg}")]
    return [(path, f"{where}: {error.message}")]


FIELDS_MATCH = ("exact", "equal", "subset", "superset", "partial")
PATH_RULE = (
    "a relative path inside the package (no leading '/', '.', '~', no '..', no backslash) "
    "or an http(s)/ftp URL"
)


def _profile_erratum(error: Any) -> bool:
    """Profile errors that are not errors of the standard, or that the loader reports better.

    * The v2 tableschema profile types ``fieldsMatch`` as an array, while the standard's text
      defines it as one of the strings exact, equal, subset, superset, partial.
    * The v1 data-resource profile types ``schema`` and ``dialect`` as objects, while the v1
      text allows a path (string) to a file holding them.
    * An unsafe or remote resource ``path`` is reported by the loader as unsafe-path or
      remote-path, with the reason; the profile's pattern error would repeat it.
    """
    path = list(error.absolute_path)
    if path and path[-1] == "fieldsMatch" and error.instance in FIELDS_MATCH:
        return True
    if (
        len(path) == 3
        and path[0] == "resources"
        and path[2] in ("schema", "dialect")
        and isinstance(error.instance, str)
        and error.validator == "type"
    ):
        return True  # the v1 profiles type these as objects; the v1 text allows a path too
    return (
        len(path) >= 3
        and path[0] == "resources"
        and path[2] == "path"
        and error.validator in ("pattern", "anyOf", "oneOf")
    )


#: items of an ``enum`` or ``categories`` list the profile check looks at (a 100,000-item enum
#: would be validated once per branch of the profile's field-type ``oneOf``); every item is still
#: cast by :func:`_schema_issues` (docs/security.md, R6)
PROFILE_LIST_ITEMS = 1000


def _bounded(value: Any, depth: int = 0) -> Any:
    """``value`` with every ``enum``/``categories`` list cut to :data:`PROFILE_LIST_ITEMS` items."""
    if depth > 100:
        return value
    if isinstance(value, dict):
        return {k: v[:PROFILE_LIST_ITEMS] if k in ("enum", "categories") and isinstance(v, list)
                else _bounded(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_bounded(v, depth + 1) for v in value]
    return value


def _profile_issues(
    validator: Any,
    instance: Any,
    file: str,
    text: str | None,
    prefix: str = "",
    base: tuple[Any, ...] = (),
) -> Iterator[Issue]:
    lines = json_lines(text) if text else {}
    seen: set[tuple[str, str]] = set()
    for error in validator.iter_errors(_bounded(instance)):
        if _profile_erratum(error):
            continue
        for inner, message in translate(error):
            path = (*base, *inner)
            key = (path_text(path), message)
            if key in seen:
                continue
            seen.add(key)
            yield Issue(
                code="descriptor-profile",
                message=prefix + message,
                hint="see https://datapackage.org/standard/ for the property's definition",
                file=file,
                line=line_of(lines, path),
            )


def _text(ctx: Context, relpath: str) -> str | None:
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
            yield (f"field '{name}' has {low_key} {_short(cons[low_key])} and {high_key} "
                   f"{_short(cons[high_key])}: no value can meet both",
                   f"make {low_key} smaller than {high_key}", low_key)
    low_len, high_len = cons.get("minLength"), cons.get("maxLength")
    if (isinstance(low_len, int) and isinstance(high_len, int) and not isinstance(low_len, bool)
            and not isinstance(high_len, bool) and low_len > high_len):
        yield (f"field '{name}' has minLength {low_len} greater than maxLength {high_len}: no value can "
               "meet both", "make minLength at most maxLength", "minLength")


def _schema_issues(ctx: Context, resource: Resource, index: int, names: set[str]) -> Iterator[Issue]:
    """Table Schema semantics the profile cannot express."""
    schema_ref = resource.descriptor.get("schema")
    base: tuple[Any, ...]
    if isinstance(schema_ref, str):
        file, base = schema_ref, ()
        text = _text(ctx, schema_ref)
    else:
        file, base = ctx.package.descriptor_path, ("resources", index, "schema")
        text = _text(ctx, ctx.package.descriptor_path)
    lines = json_lines(text) if text else {}

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
                    f"the {key} {_short(cons[key])} of field '{name}' is not a {ftype}",
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
                        f"enum value {_short(item)} of field '{name}' is not a {ftype}",
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


def run(ctx: Context) -> Iterator[Issue]:
    pkg = ctx.package
    desc_text = _text(ctx, pkg.descriptor_path)
    yield from _profile_issues(
        package_profile(pkg.descriptor), pkg.descriptor, pkg.descriptor_path, desc_text
    )
    version = version_of(pkg.descriptor)
    lines = json_lines(desc_text) if desc_text else {}
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
            yield from _profile_issues(
                schema_profile(resource.schema, version), resource.schema, schema_ref, _text(ctx, schema_ref)
            )
        elif version == "v1" and pkg.descriptor.get("profile") != "tabular-data-package":
            # the v1 data-package profile does not look inside a resource's schema
            yield from _profile_issues(
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
        yield from _schema_issues(ctx, resource, pos, names)
    yield from extension_issues(ctx)


CHECK = Check(
    name="descriptor",
    run=run,
    codes=codes_of("descriptor"),
)
