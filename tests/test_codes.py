"""The code registry (ctcoop.codes) against the source: every code emitted is registered, every
registered code is emitted somewhere, and every entry names a source that exists.

The scan reads the source with :mod:`ast`. A code is *emitted* where a string literal is given as
the ``code`` of an :class:`~ctcoop.report.Issue`, a ``RawProblem``, a
:class:`~ctcoop.errors.CtcoopError` (or a subclass), or as the ``code`` argument of any function
or method with a ``code`` parameter (``table.issue("foreign-key", …)``, a helper such as
``_issue(resource, "hash-mismatch", …)``), including such a parameter's default; not in
ctcoop.diff, whose helpers build its change codes (``rows-added``…), a vocabulary of its own. A code held in
a variable first (a loop over a table of codes) is not seen at the call; the reverse test still
finds its literal.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from ctcoop import errors
from ctcoop.checks import REGISTRY, load_checks
from ctcoop.codes import CODES, SOURCES, codes_of
from ctcoop.validate import available_checks

SRC = Path(__file__).resolve().parent.parent / "tools" / "ctcoop"
MODULES = sorted(p for p in SRC.rglob("*.py") if "codes" not in p.relative_to(SRC).parts)


def _subclasses(cls: type) -> set[str]:
    return {cls.__name__} | {n for sub in cls.__subclasses__() for n in _subclasses(sub)}


#: the classes whose ``code=`` keyword is a registered code (diff's change codes are another vocabulary)
CODED_CLASSES = _subclasses(errors.CtcoopError) | {"Issue", "RawProblem", "__init__"}


def _literals(expr: ast.expr | None) -> list[str]:
    """The string values an expression given as a code can take (a literal, either branch of an if)."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return [expr.value]
    if isinstance(expr, ast.IfExp):
        return _literals(expr.body) + _literals(expr.orelse)
    if isinstance(expr, ast.BoolOp):
        return [v for e in expr.values for v in _literals(e)]
    return []


def _code_params(tree: ast.AST) -> Iterator[tuple[str, int, ast.expr | None]]:
    """(function name, index of its ``code`` parameter among positional arguments, its default)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            fields = [s.target.id for s in node.body
                      if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)]
            if fields and fields[0] == "code":
                yield node.name, 0, None
        if not isinstance(node, ast.FunctionDef):
            continue
        names = [a.arg for a in node.args.posonlyargs + node.args.args]
        kwonly = [a.arg for a in node.args.kwonlyargs]
        if "code" in kwonly:
            yield node.name, -1, node.args.kw_defaults[kwonly.index("code")]
        if "code" not in names:
            continue
        index = names.index("code") - (1 if names[0] in ("self", "cls") else 0)
        defaults = node.args.defaults
        offset = len(names) - len(defaults)
        at = names.index("code")
        yield node.name, index, defaults[at - offset] if at >= offset else None


def _trees() -> dict[Path, ast.Module]:
    return {p: ast.parse(p.read_text(encoding="utf-8")) for p in MODULES}


def emitted() -> dict[str, set[str]]:
    """code -> 'module:line' of every place that emits it."""
    trees = _trees()
    everywhere: dict[str, int] = {}
    found: dict[str, set[str]] = {}

    def add(code: str, path: Path, line: int) -> None:
        found.setdefault(code, set()).add(f"{path.relative_to(SRC)}:{line}")

    for path, tree in trees.items():
        for name, index, default in _code_params(tree):
            everywhere.setdefault(name, index)
            for code in _literals(default):
                add(code, path, getattr(default, "lineno", 0))
    for path, tree in trees.items():
        local = {name: index for name, index, _ in _code_params(tree)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            index = local.get(name, everywhere.get(name))
            if index is not None and path.parent.name == "diff" and name not in CODED_CLASSES:
                index = None  # diff's helpers build its change codes, another vocabulary (docs/diff.md)
            given = [k.value for k in node.keywords if k.arg == "code"
                     and (name in CODED_CLASSES or index is not None)]
            if index is not None and 0 <= index < len(node.args):
                given.append(node.args[index])
            for expr in given:
                for code in _literals(expr):
                    add(code, path, node.lineno)
    return found


def _string_constants() -> set[str]:
    """Every string literal in the source that is not a docstring."""
    out: set[str] = set()
    for tree in _trees().values():
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef)
                      and n.body and isinstance(n.body[0], ast.Expr)}
        out |= {n.value for n in ast.walk(tree)
                if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings}
    return out


def test_every_emitted_code_is_registered() -> None:
    found = emitted()
    assert len(found) > 100, "the scan finds the codes"
    missing = {code: sorted(where) for code, where in found.items() if code not in CODES}
    assert not missing, f"add these codes to ctcoop/codes (meaning, hint, severity): {missing}"


def _patterns() -> list[re.Pattern[str]]:
    """Codes built by an f-string (``f"{what}-unsupported"``), as patterns."""
    out = []
    for tree in _trees().values():
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "code" and isinstance(node.value, ast.JoinedStr):
                parts = [re.escape(v.value) if isinstance(v, ast.Constant) else "[a-z0-9-]+"
                         for v in node.value.values]
                out.append(re.compile("".join(parts)))
    return out


def test_every_registered_code_is_emitted_somewhere() -> None:
    literals = _string_constants()
    patterns = _patterns()
    unused = sorted(code for code in CODES
                    if code not in literals and not any(p.fullmatch(code) for p in patterns))
    assert not unused, f"registered in ctcoop/codes but emitted nowhere (remove them): {unused}"


def test_the_scan_sees_codes_passed_through_helpers() -> None:
    found = emitted()
    for code in ("foreign-key", "hash-mismatch", "schema-contradiction", "schema-error", "missing-cell",
                 "export-io", "invalid-package", "error"):
        assert code in found, code


def test_every_source_is_a_check_family_or_a_known_source() -> None:
    families = {check.name for check in load_checks(REGISTRY)}
    for code, entry in CODES.items():
        assert entry.meaning and entry.hint, code
        for source in entry.sources:
            assert source in families or source in SOURCES, (code, source)
    used = {s for entry in CODES.values() for s in entry.sources}
    assert set(SOURCES) <= used, "a source no code names"


@pytest.mark.parametrize("check", available_checks(), ids=lambda c: c.name)
def test_each_check_takes_its_codes_from_the_registry(check: object) -> None:
    name = check.name  # type: ignore[attr-defined]
    assert dict(check.codes) == codes_of(name)  # type: ignore[attr-defined]


def test_an_unknown_family_has_no_codes() -> None:
    with pytest.raises(KeyError, match="no issue code"):
        codes_of("no-such-family")
