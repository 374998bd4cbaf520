"""The machinery every level of extensions shares: the strict base model, problems, parsing, caching.

A level model (:class:`~ctcoop.extensions.field.FieldExtensions` and its siblings) declares each
``ctcoop:`` property of its level as a field whose alias is the property's name. :func:`parse`
hands it the descriptor's ``ctcoop:`` keys only, so a misspelt key is an ``extra="forbid"`` error
and a value of the wrong type a strict-mode error; each becomes one :class:`Problem`, and the
property reads as unset. The language-suffixed families (``ctcoop:title_ar``,
``ctcoop:description_en``, ``ctcoop:categoryLabels_ar``…) are gathered into one mapping per
family before the model sees them.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ctcoop.extensions.keys import PREFIX

#: a language-suffixed family: ``ctcoop:<stem>_<lang>`` with a two- or three-letter language code
FAMILY_RE = re.compile(r"^ctcoop:(title|description|categoryLabels)_([a-z]{2,3})$")


class Strict(BaseModel):
    """The base of every extension model: unknown keys and loose types are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=False)


class Texts(Strict):
    """A level with the language families ``ctcoop:title_<lang>`` and ``ctcoop:description_<lang>``
    (the package and a resource), gathered by :func:`parse` into :attr:`texts`."""

    #: ``{"title": {lang: text}, "description": {lang: text}}``
    texts: dict[str, Any] = Field(default_factory=dict)

    def title(self, lang: str) -> str | None:
        """``ctcoop:title_<lang>``."""
        value = self.texts.get("title", {}).get(lang)
        return value if isinstance(value, str) else None

    def description(self, lang: str) -> str | None:
        """``ctcoop:description_<lang>``."""
        value = self.texts.get("description", {}).get(lang)
        return value if isinstance(value, str) else None


@dataclass(frozen=True)
class Problem:
    """One malformed or unknown ``ctcoop:`` property of a descriptor.

    ``key`` is the property as written, ``message`` one sentence naming the property (and,
    when ``placed``, the field or resource it is on), ``hint`` the fix.
    """

    key: str
    message: str
    hint: str
    placed: bool = True


def prop(key: str, meaning: str, shape: str | None = None, named: bool = False, **kwargs: Any) -> Any:
    """A model field for the property ``key`` (a constant of :mod:`ctcoop.extensions.keys`).

    ``meaning`` is the one line the docs list; ``shape`` the value's form in words ("true or
    false"), used in the message when a value does not fit (else pydantic's own message);
    ``named``: a message about a resource's value names the resource.
    """
    extra: dict[str, Any] = {"meaning": meaning, "named": named}
    if shape is not None:
        extra["shape"] = shape
    return Field(alias=key, json_schema_extra=extra, **kwargs)


def _extra(model: type[BaseModel], key: str, name: str) -> Any:
    for info in model.model_fields.values():
        if info.alias == key and isinstance(info.json_schema_extra, dict):
            return info.json_schema_extra.get(name)
    return None


def known_keys(model: type[BaseModel]) -> list[str]:
    """The properties (full names) a level model knows, in declaration order."""
    return [info.alias for info in model.model_fields.values() if info.alias]


def _unknown(model: type[BaseModel], key: str, of: str) -> Problem:
    """An unknown key: where it belongs when another level knows it, else the nearest known name."""
    from ctcoop.extensions.catalog import LEVELS, is_known

    here = next((level for level, (m, _) in LEVELS.items() if m is model), "")
    known = "known here: " + ", ".join(known_keys(model)) + " (docs/data-model.md)"
    elsewhere = [level for level in LEVELS if level != here and is_known(key, level)]
    if elsewhere:
        return Problem(key, f"{key}{of} is a property of a {' or '.join(elsewhere)}, not of a {here}",
                       f"move it to the {elsewhere[0]}, or remove it")
    near = get_close_matches(key, known_keys(model), n=1, cutoff=0.8)
    maybe = f"; did you mean '{near[0]}'?" if near else ""
    return Problem(key, f"{key}{of} is not a ctcoop property known here{maybe}", known)


def _message(model: type[BaseModel], key: str, of: tuple[str, str], value: Any,
             error: Mapping[str, Any]) -> Problem:
    if error["type"] == "extra_forbidden" and len(error["loc"]) == 1:
        return _unknown(model, key, of[0])
    shape = _extra(model, key, "shape")
    of_ = of[1] if _extra(model, key, "named") else of[0]
    inner = [str(p) for p in error["loc"][1:]]
    if shape is not None and error["type"] == "literal_error" and not inner:
        return Problem(key, f"{key}{of_} is {value!r}; it must be {shape}", f"write {shape}")
    if shape is not None:
        return Problem(key, f"{key}{of_} must be {shape}", f"write {shape}")
    where = ".".join(inner)
    return Problem(key, f"{key}{of_} is malformed: {where + ': ' if where else ''}{error['msg']}",
                   "see docs/data-model.md for the shape of the property")


def _families(raw: dict[str, Any], stems: tuple[str, ...], of: str) -> tuple[dict[str, Any], list[Problem]]:
    """Split the family keys off ``raw`` (in place): ``{stem: {lang: value}}`` and their problems."""
    found: dict[str, Any] = {stem: {} for stem in stems}
    problems: list[Problem] = []
    for key in list(raw):
        match = FAMILY_RE.match(key)
        if match is None or match.group(1) not in stems:
            continue
        value = raw.pop(key)
        stem, lang = match.group(1), match.group(2)
        if stem == "categoryLabels":
            ok = isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
            want = "an object mapping each category value to its label"
        else:
            ok = isinstance(value, str)
            want = "a string"
        if ok:
            found[stem][lang] = value
        else:
            problems.append(Problem(key, f"{key}{of} must be {want}", f"write {want}"))
    return found, problems


M = TypeVar("M", bound=BaseModel)


def parse(model: type[M], descriptor: Mapping[str, Any], of: tuple[str, str], stems: tuple[str, ...] = (),
          extra: Callable[[dict[str, Any]], Iterator[Problem]] | None = None) -> M:
    """``descriptor``'s ``ctcoop:`` properties as ``model``; what does not fit is left unset and
    listed in the result's ``problems``. ``of`` places a message: (`` of field 'x'``, the same
    for a ``named`` property such as `` of 'resource'``); ``extra`` checks (and pops) what
    the model cannot."""
    raw = {k: v for k, v in descriptor.items() if isinstance(k, str) and k.startswith(PREFIX)}
    texts, problems = _families(raw, stems, of[0])
    if extra is not None:
        problems.extend(extra(raw))
    try:
        parsed = model.model_validate(raw)
    except ValidationError as exc:
        bad: dict[str, Mapping[str, Any]] = {}
        for error in exc.errors():
            bad.setdefault(str(error["loc"][0]), error)
        problems.extend(_message(model, key, of, raw.get(key), err) for key, err in bad.items())
        parsed = model.model_validate({k: v for k, v in raw.items() if k not in bad})
    return parsed.model_copy(update={"texts": texts, "problems": tuple(problems)})


#: how many parsed descriptors are kept (a package has a few hundred fields); past it the cache restarts
CACHE_SIZE = 4096
#: (id of the descriptor, model) -> (the descriptor, what it held when parsed, the result)
_CACHE: dict[tuple[int, type[BaseModel]], tuple[Mapping[str, Any], tuple[Any, ...], BaseModel]] = {}


def _held(descriptor: Mapping[str, Any]) -> tuple[Any, ...]:
    """What a level model read: the descriptor's size and name, and a copy of its ``ctcoop:`` items."""
    items = tuple(copy.deepcopy((k, v)) for k, v in descriptor.items()
                  if isinstance(k, str) and k.startswith(PREFIX))
    return len(descriptor), descriptor.get("name"), items


def _unchanged(descriptor: Mapping[str, Any], held: tuple[Any, ...]) -> bool:
    size, name, items = held
    if len(descriptor) != size or descriptor.get("name") != name:
        return False
    return all(descriptor.get(k, _ABSENT) == v for k, v in items)


_ABSENT = object()


def cached(model: type[M], descriptor: Mapping[str, Any], build: Callable[[], M]) -> M:
    """``build()`` once per descriptor object, again only when its ``ctcoop:`` items or name have
    changed since (a descriptor edited in place, even deep inside a value)."""
    key = (id(descriptor), model)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is descriptor and _unchanged(descriptor, hit[1]):
        result: M = hit[2]  # type: ignore[assignment]
        return result
    value = build()
    if len(_CACHE) >= CACHE_SIZE:
        _CACHE.clear()
    # the descriptor is kept, so its id is not reused while the entry lives
    _CACHE[key] = (descriptor, _held(descriptor), value)
    return value
