"""External identifiers match their scheme's pattern, and each fact lives in one place.

Config on the package (see :class:`ctcoop.identifiers.IdentifiersConfig`)::

    ctcoop:identifiers: {"resource": "identifiers", "schemeField": "scheme",
                           "valueField": "value", "schemeResource": "identifier_schemes",
                           "patternField": "pattern",
                           "columns": [{"resource": "instruments", "field": "symbol",
                                        "scheme": "scheme-un-symbol"}]}

The scheme resource holds one row per identifier scheme (its primary key is the scheme id) with
a regular expression in ``patternField``. Every value in the identifier resource must match the
pattern of the scheme its row names (anchored to the whole value), and so must every filled cell
of a column listed in ``columns``: those columns hold the identifiers of that scheme, and the
identifier resource holds no row of a scheme a column holds (one truth per fact). A scheme with an
empty pattern is not checked; an invalid pattern is an error on the scheme's row. Rows naming a
scheme that does not exist are left to the foreign key check; uniqueness of (scheme, subject) and
(scheme, value) is the schema's ``uniqueKeys``.

Patterns from the data run on one engine, behind :func:`ctcoop.identifiers.matches`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ctcoop.checks import Check
from ctcoop.checks.context import Context, Table
from ctcoop.checks.ids import id_field, vocabulary_issue
from ctcoop.codes import codes_of
from ctcoop.extensions import IdentifiersConfig, package_ext
from ctcoop.identifiers import PROPERTY, BadPattern, compiled, matches
from ctcoop.report import Issue


def _config(ctx: Context) -> tuple[IdentifiersConfig | None, list[Issue]]:
    config = package_ext(ctx.package.descriptor).identifiers
    if config is None:
        return None, []
    example = (
        'e.g. {"resource": "identifiers", "schemeField": "scheme", "valueField": "value", '
        '"schemeResource": "identifier_schemes", "patternField": "pattern"}'
    )
    wanted = (
        ("resource", config.resource, (config.schemeField, config.valueField, config.subjectField)),
        ("schemeResource", config.schemeResource, (config.patternField, config.urlTemplateField)),
    )
    for key, name, fields in wanted:
        resource = ctx.resource(name)
        if resource is None:
            message = f"{PROPERTY}.{key} names the resource '{name}', which the package does not have"
            return None, [vocabulary_issue(ctx, None, message, example, (PROPERTY, key))]
        for fname in fields:
            if fname is not None and resource.field(fname) is None:
                message = f"{PROPERTY} names the field '{fname}', which is not a field of '{name}'"
                hint = "fields: " + ", ".join(resource.field_names)
                return None, [vocabulary_issue(ctx, None, message, hint, (PROPERTY,))]
    return config, []


def _patterns(ctx: Context, config: IdentifiersConfig) -> tuple[dict[str, str | None] | None, list[Issue]]:
    """scheme id -> pattern (None when empty or invalid), and invalid-pattern issues.

    None instead of the mapping when the scheme table could not be read (reported elsewhere).
    """
    resource = ctx.resource(config.schemeResource)
    table = ctx.table(resource) if resource is not None else None
    key = id_field(resource) if resource is not None else None
    if table is None or key is None or not (table.has(key) and table.has(config.patternField)):
        return None, []
    found: dict[str, str | None] = {}
    problems: list[Issue] = []
    ids = table.frame[key].to_list()
    written = table.frame[config.patternField].to_list()
    for row, (scheme, pattern) in enumerate(zip(ids, written, strict=True)):
        if scheme is None:
            continue
        found[scheme] = pattern
        if pattern is None:
            continue
        try:
            compiled(pattern)
        except BadPattern as exc:
            found[scheme] = None
            problems.append(table.issue(
                "identifier-scheme-pattern",
                f"'{scheme}' has a pattern that is not a valid regular expression: {exc}",
                hint="write a regular expression (Python syntax, anchored to the whole value)",
                row=row, field=config.patternField, value=pattern,
            ))
    return found, problems


def _mismatches(table: Table, field: str, scheme_of: list[str | None], patterns: dict[str, str | None],
                who: list[str | None] | None) -> Iterator[Issue]:
    for row, (value, scheme) in enumerate(zip(table.frame[field].to_list(), scheme_of, strict=True)):
        pattern = patterns.get(scheme) if scheme is not None else None
        if value is None or pattern is None or matches(pattern, value):
            continue
        name = f"'{who[row]}'" if who is not None and who[row] is not None else f"row {row + 1}"
        yield table.issue(
            "identifier-pattern",
            f"{name}: '{value}' does not match the pattern of {scheme} ({pattern})",
            hint=f"write the identifier exactly as {scheme} issues it, or correct the scheme's pattern",
            row=row, field=field, value=value,
        )


def _columns(
    ctx: Context, config: IdentifiersConfig, patterns: dict[str, str | None] | None
) -> Iterator[Issue]:
    for i, held in enumerate(config.columns):
        resource = ctx.resource(held.resource)
        unknown = patterns is not None and held.scheme not in patterns
        if resource is None or resource.field(held.field) is None or unknown:
            what = (f"the resource '{held.resource}'" if resource is None
                    else f"the field '{held.resource}.{held.field}'" if resource.field(held.field) is None
                    else f"the scheme '{held.scheme}'")
            yield vocabulary_issue(
                ctx, None, f"{PROPERTY}.columns[{i}] names {what}, which the package does not have",
                "name an existing resource, one of its fields and a scheme id of "
                f"'{config.schemeResource}'", (PROPERTY, "columns", i),
            )
            continue
        table = ctx.table(resource)
        if patterns is None or table is None or not table.has(held.field):
            continue
        key = id_field(resource)
        who = table.frame[key].to_list() if key is not None and table.has(key) else None
        yield from _mismatches(table, held.field, [held.scheme] * table.height, patterns, who)


def run(ctx: Context) -> Iterator[Issue]:
    config, problems = _config(ctx)
    yield from problems
    if config is None:
        return
    patterns, problems = _patterns(ctx, config)
    yield from problems
    yield from _columns(ctx, config, patterns)
    resource = ctx.resource(config.resource)
    table = ctx.table(resource) if resource is not None else None
    if resource is None or table is None:
        return
    if not (table.has(config.schemeField) and table.has(config.valueField)):
        return
    key = id_field(resource)
    who = table.frame[key].to_list() if key is not None and table.has(key) else None
    schemes = table.frame[config.schemeField].to_list()
    if patterns is not None:
        yield from _mismatches(table, config.valueField, schemes, patterns, who)
    held = {c.scheme: f"{c.resource}.{c.field}" for c in config.columns}
    for row, scheme in enumerate(schemes):
        if scheme in held:
            name = f"'{who[row]}'" if who is not None and who[row] is not None else f"row {row + 1}"
            yield table.issue(
                "identifier-held-in-column",
                f"{name} gives an identifier of {scheme}, which the column {held[scheme]} holds "
                f"({PROPERTY}.columns): the same fact would be stated twice",
                hint=f"put the value in {held[scheme]} and delete this row",
                row=row, field=config.schemeField, value=scheme,
            )


CHECK = Check(
    name="identifiers",
    run=run,
    codes=codes_of("identifiers"),
)
