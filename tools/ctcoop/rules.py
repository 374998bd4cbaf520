"""Project rules: checks beyond the standard that a package opts into, and at what severity.

The Data Package standard asks nothing about white space in cells or loops in a ``parent``
chain; a project may. Such rules run at the level a descriptor declares with the property
``ctcoop:rules``, an object mapping a rule name to ``"error"``, ``"warning"`` or ``"off"``,
at the package, resource or field level; the most specific declaration wins. Where nothing is
declared a rule is advice: a warning under the ``standard`` profile (the default), an error
under ``strict``. The rules that already switch themselves on from their own property
(``ctcoop:language``, ``ctcoop:citations``, ``ctcoop:typedLinks``…) are declared by that
property and are not listed here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal

from ctcoop.extensions import field_ext, keys, package_ext, resource_ext
from ctcoop.report import Severity

#: rule name -> what it checks (the issue codes it governs in parentheses)
RULES: dict[str, str] = {
    "text-hygiene": "string cells without leading or trailing white space, bidirectional control "
    "characters, or a leading = + - @ that a spreadsheet would run as a formula (whitespace, "
    "bidi-control, formula-injection)",
    "acyclic-self-references": "a self-referencing foreign key (such as parent) never loops back "
    "to the row it starts from (cycle)",
    "rfc4180-quotes": "no quote inside an unquoted cell or after a closing quote, as RFC 4180 says; "
    "mainstream readers take such a cell as written (quote-error)",
}

PROPERTY = keys.RULES

#: the hint of a malformed ``ctcoop:rules``
HINT = "rules: " + ", ".join(RULES) + "; levels: error, warning, off"

Level = Literal["error", "warning", "off"]
LEVELS: tuple[Level, ...] = ("error", "warning", "off")
Profile = Literal["standard", "strict"]
PROFILES: tuple[Profile, ...] = ("standard", "strict")


def level(
    rule: str,
    profile: Profile,
    package: Mapping[str, Any],
    resource: Mapping[str, Any] | None = None,
    field: Mapping[str, Any] | None = None,
) -> Level:
    """The level ``rule`` runs at for a field (or a resource, or the package)."""
    if rule not in RULES:
        raise KeyError(f"unknown project rule {rule!r}")
    for declared in (
        field_ext(field).rules if field is not None else None,
        resource_ext(resource).rules if resource is not None else None,
        package_ext(package).rules,
    ):
        if declared is not None and rule in declared:
            return declared[rule]
    return "error" if profile == "strict" else "warning"


def severity(level: Level) -> Severity | None:
    """The issue severity for a level; None for ``off``."""
    return {"error": Severity.ERROR, "warning": Severity.WARNING}.get(level)


def problems(value: object) -> Iterator[str]:
    """What is wrong with a ``ctcoop:rules`` value, one sentence each."""
    if not isinstance(value, dict):
        yield f"{PROPERTY} must be an object mapping rule names to 'error', 'warning' or 'off'"
        return
    for name, lvl in value.items():
        if name not in RULES:
            known = ", ".join(RULES)
            yield f"{PROPERTY} names the rule {name!r}, which ctcoop does not know (rules: {known})"
        elif lvl not in LEVELS:
            yield f"{PROPERTY}.{name} is {lvl!r}; it must be 'error', 'warning' or 'off'"
