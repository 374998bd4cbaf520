"""Profile errors as readable sentences: a JSON Schema error of a Data Package profile, one
``descriptor-profile`` issue each, at the line of the offending property in its JSON file.

For an ``anyOf``/``oneOf`` failure the branch the value was meant for is picked (the one whose
``type`` discriminator matches, else the one with the fewest errors) and its own errors are
reported, naming the property that is wrong. Errors of the profiles that are not errors of the
standard, or that the loader reports better, are left out (:func:`_profile_erratum`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ctcoop.checks.jsonlines import LazyLines, line_of, path_text
from ctcoop.report import Issue


def short(value: Any, limit: int = 80) -> str:
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
            f"{where}.type is {short(error.instance.get('type'))}; it must be one of "
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
        return [(path, f"{where} must be of type {want}, not {_json_type(inst)} ({short(inst)})")]
    if v == "enum":
        return [(path, f"{where} is {short(inst)}; it must be one of {', '.join(short(a) for a in arg)}")]
    if v == "const":
        return [(path, f"{where} is {short(inst)}; it must be {short(arg)}")]
    if v == "pattern" and path and path[-1] == "path":
        return [(path, f"{where} {short(inst)} is not a valid path: it must be {PATH_RULE}")]
    if v == "pattern":
        return [(path, f"{where} {short(inst)} does not match the pattern {arg}")]
    if v in ("minItems", "minLength"):
        return [(path, f"{where} is too short ({short(inst)}); at least {arg} needed")]
    if v == "uniqueItems":
        return [(path, f"{where} has repeated items: {short(inst)}")]
    if v == "additionalProperties":
        return [(path, f"{where}: {error.message}")]
    if v == "format":
        return [(path, f"{where} {short(inst)} is not a valid {arg}")]
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


def profile_issues(
    validator: Any,
    instance: Any,
    file: str,
    text: str | None,
    prefix: str = "",
    base: tuple[Any, ...] = (),
) -> Iterator[Issue]:
    lines = LazyLines(text)
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
