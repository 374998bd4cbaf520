"""Row rules in JSON Schema (``ctcoop:rowSchema: "schemas/x.rows.json"``), applied to each row.

Each row is an object of typed values (integers, numbers, booleans; dates and times as ISO
strings; JSON objects and arrays parsed) with missing values absent. Only the fields the
schema mentions are built, and each distinct combination of them is validated once, so a
large table with few distinct combinations costs little. An error is named by the ``title``
of the rule (the nearest enclosing subschema with a title) and the field it concerns.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import polars as pl

from ctcoop import safe_json
from ctcoop.checks import Check
from ctcoop.checks.context import Context, Table
from ctcoop.checks.ids import vocabulary_issue
from ctcoop.codes import codes_of
from ctcoop.errors import PackageLoadError
from ctcoop.extensions import resource_ext
from ctcoop.extensions.keys import ROW_SCHEMA
from ctcoop.package import Resource
from ctcoop.paths import is_remote, path_problem
from ctcoop.regex import PatternError, compile_linear, jsonschema_keywords, schema_patterns
from ctcoop.report import Issue

_OPEN_KEYWORDS = {
    "additionalProperties",
    "patternProperties",
    "propertyNames",
    "unevaluatedProperties",
    "minProperties",
    "maxProperties",
    "$ref",
    "$dynamicRef",
}


def _mentioned(schema: Any, out: set[str]) -> bool:
    """Collect field names the schema mentions; False when it may look at every property."""
    if isinstance(schema, dict):
        if _OPEN_KEYWORDS & schema.keys():
            return False
        props = schema.get("properties")
        if isinstance(props, dict):
            out.update(props)
        for key in ("required",):
            if isinstance(schema.get(key), list):
                out.update(str(v) for v in schema[key])
        for key in ("dependentRequired", "dependentSchemas"):
            dep = schema.get(key)
            if isinstance(dep, dict):
                out.update(dep)
                for v in dep.values():
                    if isinstance(v, list):
                        out.update(str(x) for x in v)
        return all(_mentioned(v, out) for v in schema.values() if isinstance(v, dict | list))
    if isinstance(schema, list):
        return all(_mentioned(v, out) for v in schema)
    return True


def load_row_schema(ctx: Context, resource: Resource) -> tuple[Any | None, list[Issue]]:
    """The resource's row JSON Schema validator, or None with the issues that prevent it."""
    import jsonschema

    ref = resource_ext(resource.descriptor).row_schema
    if ref is None:
        return None, []
    path = (ROW_SCHEMA,)

    def problem(message: str, hint: str) -> list[Issue]:
        return [vocabulary_issue(ctx, resource, message, hint, path)]

    if is_remote(ref) and not ctx.options.allow_remote:
        return None, problem(
            f"{ROW_SCHEMA} '{ref}' is remote and network access is off",
            "ship the schema in the package or pass --allow-remote",
        )
    why = None if is_remote(ref) else path_problem(ref)
    if why:
        return None, problem(
            f"{ROW_SCHEMA} path '{ref}' is unsafe: {why}", "point to a file inside the package"
        )
    try:
        schema = safe_json.loads(ctx.package.read(ref))
    except PackageLoadError as exc:
        return None, problem(f"{ROW_SCHEMA}: {exc.message}", exc.hint or "check the path")
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        return None, problem(f"{ROW_SCHEMA} '{ref}' is not valid JSON ({exc})", "fix the JSON syntax")
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    for patrn in schema_patterns(schema):
        try:
            compile_linear(patrn)
        except PatternError as exc:
            return None, problem(f"{ROW_SCHEMA} '{ref}' has the pattern {patrn!r}, which ctcoop does not "
                                 f"run: {exc}", "rewrite the pattern without look-around or back-references")
    if _has_ref_loop(schema):
        return None, problem(f"{ROW_SCHEMA} '{ref}' has a $ref loop: a reference leads back to itself",
                             "inline the definition or break the cycle of $ref")
    try:
        cls.check_schema(schema)
    except jsonschema.exceptions.SchemaError as exc:
        return None, problem(
            f"{ROW_SCHEMA} '{ref}' is not a valid JSON Schema: {exc.message}",
            "fix the schema (JSON Schema 2020-12)",
        )
    from referencing import Registry

    # an empty registry that retrieves nothing: a $ref to a URL is never fetched (no network)
    linear = jsonschema.validators.extend(cls, jsonschema_keywords())  # patterns on RE2, never `re`
    return linear(schema, registry=Registry()), []


def _has_ref_loop(schema: Any) -> bool:
    """Whether a local ``$ref`` (``#``, ``#/$defs/x``) leads, through $refs alone, back to itself."""
    if not isinstance(schema, dict):
        return False

    def target(ref: str) -> Any:
        node: Any = schema
        for part in ref.removeprefix("#").strip("/").split("/") if ref not in ("#", "#/") else []:
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                return None
        return node

    def refs(node: Any, depth: int = 0) -> Iterator[str]:
        """The local $refs evaluated on the same instance as ``node`` (in-place applicators only:
        recursion through ``properties`` or ``items`` descends into the data and ends)."""
        if depth > 200 or not isinstance(node, dict):
            return
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            yield ref
        for key in ("allOf", "anyOf", "oneOf"):
            for sub in node.get(key) or [] if isinstance(node.get(key), list) else []:
                yield from refs(sub, depth + 1)
        for key in ("not", "if", "then", "else"):
            yield from refs(node.get(key), depth + 1)
        dependent = node.get("dependentSchemas")
        for sub in dependent.values() if isinstance(dependent, dict) else []:
            yield from refs(sub, depth + 1)

    def all_refs(node: Any, depth: int = 0) -> Iterator[str]:
        if depth > 200:
            return
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#"):
                yield ref
            for value in node.values():
                yield from all_refs(value, depth + 1)
        elif isinstance(node, list):
            for item in node:
                yield from all_refs(item, depth + 1)

    # a graph of refs: ref -> the refs its target evaluates in place; a cycle is a loop
    graph: dict[str, set[str]] = {}
    todo = list(all_refs(schema))
    while todo:
        ref = todo.pop()
        if ref in graph:
            continue
        graph[ref] = set(refs(target(ref)))
        todo.extend(graph[ref] - graph.keys())
    state: dict[str, int] = {}

    def cyclic(ref: str) -> bool:
        stack = [(ref, iter(sorted(graph.get(ref, ()))))]
        state[ref] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                return True
            elif child not in state:
                state[child] = 1
                stack.append((child, iter(sorted(graph.get(child, ())))))
        return False

    return any(cyclic(r) for r in list(graph) if r not in state)


def _json_ready(frame: pl.DataFrame, resource: Resource) -> pl.DataFrame:
    exprs = []
    for name, dtype in frame.schema.items():
        if dtype.is_temporal():
            exprs.append(pl.col(name).cast(pl.String))
    return frame.with_columns(exprs) if exprs else frame


def _parse_json_fields(row: dict[str, Any], json_fields: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in row.items():
        if v is None:
            continue
        if k in json_fields:
            try:
                v = json.loads(v)
            except (ValueError, RecursionError):
                continue
        out[k] = v
    return out


def _title(validator: Any, error: Any) -> str | None:
    """The title of the nearest enclosing subschema with one."""
    node: Any = validator.schema
    title = node.get("title") if isinstance(node, dict) else None
    best = None
    for part in list(error.schema_path):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("title"), str):
            best = node["title"]
    return best or title


def _field_of(error: Any) -> str | None:
    if error.path:
        return str(error.path[0])
    if error.validator == "required" and "'" in error.message:
        return str(error.message.split("'")[1])
    if error.validator == "dependentRequired" and "'" in error.message:
        return str(error.message.split("'")[1])
    return None


def _describe(error: Any) -> str:
    field = _field_of(error)
    if error.validator == "required" and field:
        return f"{field} is required"
    if (
        error.validator == "not"
        and isinstance(error.validator_value, dict)
        and "required" in error.validator_value
    ):
        names = ", ".join(error.validator_value["required"])
        return f"{names} must be empty"
    if error.validator in ("oneOf", "anyOf"):
        if "valid under each of" in error.message:
            return "the row fits more than one of the alternatives, exactly one is allowed"
        return "the row fits none of the alternatives"
    if field and error.validator in ("pattern", "enum", "const", "minimum", "maximum", "type"):
        return f"{field} {error.message}"
    return str(error.message)


def check_table(ctx: Context, table: Table, validator: Any) -> Iterator[Issue]:
    resource = table.resource
    typed = ctx.typed(resource).frame
    names: set[str] = set()
    columns = list(typed.columns)
    if _mentioned(validator.schema, names):
        columns = [c for c in typed.columns if c in names]
    if not columns:
        return
    sub = _json_ready(typed.select(columns), resource)
    json_fields = {
        n for n in columns if (resource.field(n) or {}).get("type") in ("object", "array", "geojson")
    }
    distinct = sub.unique(maintain_order=True)
    failing: list[dict[str, Any]] = []
    messages: dict[int, list[tuple[str, str | None]]] = {}
    for combo in distinct.iter_rows(named=True):
        instance = _parse_json_fields(combo, json_fields)
        try:
            errors = list(validator.iter_errors(instance))
        except Exception as exc:  # an unresolvable $ref (never fetched) or a schema the library rejects
            from referencing.exceptions import Unresolvable

            if not isinstance(exc, Unresolvable):
                raise
            yield vocabulary_issue(
                ctx,
                resource,
                f"{ROW_SCHEMA} has a $ref that cannot be resolved inside the "
                f"schema ({exc}); references are never fetched",
                "inline the referenced definitions under $defs",
                (ROW_SCHEMA,),
            )
            return
        if not errors:
            continue
        found: list[tuple[str, str | None]] = []
        for error in errors:
            leaves = _leaves(error)
            for leaf in leaves:
                title = _title(validator, leaf)
                text = _describe(leaf)
                found.append(((f"{title}: {text}" if title else text), _field_of(leaf)))
        messages[len(failing)] = found
        failing.append(combo)
    if not failing:
        return
    bad = pl.DataFrame(failing, schema=sub.schema, orient="row").with_row_index("__combo")
    rows = sub.with_row_index("__i").join(bad, on=columns, how="inner", nulls_equal=True).sort("__i")
    for row, combo in zip(rows["__i"].to_list(), rows["__combo"].to_list(), strict=True):
        for message, field in messages[combo]:
            yield table.issue(
                "row-schema",
                message,
                hint=f"see the rule in {resource_ext(resource.descriptor).row_schema}",
                row=row,
                field=field if field in table.columns else None,
            )


def _leaves(error: Any) -> list[Any]:
    """The specific errors under a combinator failure (oneOf with no match reports the combinator itself)."""
    if error.validator == "allOf" and error.context:
        out: list[Any] = []
        for sub in error.context:
            out.extend(_leaves(sub))
        return out
    return [error]


def run(ctx: Context) -> Iterator[Issue]:
    for resource in ctx.resources:
        validator, problems = load_row_schema(ctx, resource)
        yield from problems
        table = ctx.table(resource)
        if validator is None or table is None or ctx.typed(resource) is None:
            continue
        yield from check_table(ctx, table, validator)


CHECK = Check(
    name="rowschema",
    run=run,
    codes=codes_of("rowschema"),
)
