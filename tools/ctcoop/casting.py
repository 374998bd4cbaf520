"""Cast text cells to their Table Schema types, vectorized, marking cells that do not cast.

The one casting engine of the toolkit: the validator (:mod:`ctcoop.checks.casting` adapts it to
its tables) and the typed reader used by export, diff, release and stats (:mod:`ctcoop.tables.typed`)
both call :func:`cast_series`. It takes a String Series (missing values already null) and a
field descriptor and returns ``(typed, bad)``: the typed values (null where missing or
invalid) and a Boolean mask of present cells that do not cast (None when every cell casts).
Types with no vectorized test (object, array, geojson, geopoint, duration, list) are checked
once per distinct value in Python (:mod:`ctcoop.value_tests`) and stay text.

===========================  =========================  ==========================================
Table Schema field           polars dtype (:func:`dtype`)  accepted lexical forms
===========================  =========================  ==========================================
``integer``                  ``Int64``                  ``[+-]digits`` (64-bit); ``groupChar``;
                                                        ``bareNumber: false`` strips leading and
                                                        trailing non-numeric characters
``number``                   ``Float64``                ``.`` (or ``decimalChar``, and then a
                                                        ``.`` is invalid), optional exponent,
                                                        ``NaN``/``INF``/``-INF``; ``groupChar``,
                                                        ``bareNumber`` as for integer
``boolean``                  ``Boolean``                ``trueValues``/``falseValues`` (defaults
                                                        ``true True TRUE 1`` / ``false False FALSE 0``)
``date``                     ``Date``                   ``YYYY-MM-DD``; ``format`` a strptime
                                                        pattern, or ``any`` (a fixed list of
                                                        common forms, day-first before month-first)
``datetime``                 ``Datetime("us")``         ``YYYY-MM-DDThh:mm:ss[.f][Z|±hh:mm|±hhmm]``;
                                                        an offset is converted to UTC and dropped
                                                        (naive UTC); or a strptime ``format``
``time``                     ``Time``                   ``hh:mm:ss[.f][Z|±hh:mm]``: the offset is
                                                        checked and dropped (wall-clock time as
                                                        written); a leap second ``:60`` reads ``:59``
``year``                     ``Int32``                  ``YYYY``
``yearmonth``                ``String``                 ``YYYY-MM``
``string``                   ``String``                 ``format`` ``email``, ``uri``, ``uuid``,
                                                        ``binary`` (base64) checked
other types                  ``String``                 checked per distinct value, kept as text
===========================  =========================  ==========================================
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from ctcoop.value_tests import by_unique, geojson_test, geopoint_test, is_base64, is_duration, json_of

DEFAULT_TRUE = ["true", "True", "TRUE", "1"]
DEFAULT_FALSE = ["false", "False", "FALSE", "0"]
INTEGER_RE = r"^[+-]?[0-9]+$"
NUMBER_RE = r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
DATE_RE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DATETIME_RE = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]+)?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):?[0-5][0-9])?$"
)
TIME_RE = r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]+)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?$"
YEAR_RE = r"^[0-9]{4}$"
YEARMONTH_RE = r"^[0-9]{4}-(?:0[1-9]|1[0-2])$"
EMAIL_RE = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
URI_RE = r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$"
UUID_RE = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
#: what each type expects, for messages: "'x' is not <expected>"
EXPECTED: dict[str, str] = {
    "integer": "an integer (digits with an optional sign, e.g. 42)",
    "number": "a number (e.g. 3.14, 1e6, NaN, INF)",
    "boolean": "a boolean",
    "date": "a date (YYYY-MM-DD)",
    "datetime": "a date and time (YYYY-MM-DDThh:mm:ss, optionally Z or ±hh:mm)",
    "time": "a time (hh:mm:ss)",
    "year": "a year (YYYY)",
    "yearmonth": "a year and month (YYYY-MM)",
    "duration": "an ISO 8601 duration (e.g. P1Y2M, PT30M)",
    "geopoint": "a geographic point ('lon, lat')",
    "geojson": "a GeoJSON object",
    "object": "a JSON object",
    "array": "a JSON array",
    "list": "a list",
    "string": "a string",
}
FORMAT_EXPECTED: dict[str, str] = {
    "email": "an e-mail address (name@example.org)",
    "uri": "a URI with a scheme (e.g. https://example.org/page)",
    "uuid": "a UUID (8-4-4-4-12 hexadecimal digits)",
    "binary": "base64-encoded data",
}
TYPES = frozenset(EXPECTED) | {"any"}


_DTYPES: dict[str, pl.DataType] = {
    "integer": pl.Int64(),
    "number": pl.Float64(),
    "boolean": pl.Boolean(),
    "date": pl.Date(),
    "datetime": pl.Datetime("us"),
    "time": pl.Time(),
    "year": pl.Int32(),
}


def dtype(fdesc: dict[str, Any]) -> pl.DataType:
    """The polars dtype :func:`cast_series` gives a field (String for types kept as text)."""
    return _DTYPES.get(str(fdesc.get("type", "string")), pl.String())


def expected(fdesc: dict[str, Any]) -> str:
    """What a field's cells should look like, for messages."""
    ftype = str(fdesc.get("type", "string"))
    fmt = fdesc.get("format", "default")
    if ftype == "string" and isinstance(fmt, str) and fmt in FORMAT_EXPECTED:
        return FORMAT_EXPECTED[fmt]
    if ftype in ("date", "datetime", "time") and isinstance(fmt, str) and fmt not in ("default", "any"):
        return f"a {ftype} in the format {fmt}"
    if ftype == "boolean":
        tv = _strs(fdesc.get("trueValues"), DEFAULT_TRUE)
        fv = _strs(fdesc.get("falseValues"), DEFAULT_FALSE)
        return f"a boolean ({', '.join(tv)} / {', '.join(fv)})"
    return EXPECTED.get(ftype, ftype)


def cast_series(s: pl.Series, fdesc: dict[str, Any]) -> tuple[pl.Series, pl.Series | None]:
    """``(typed values, mask of present cells that do not cast or None when all cast)``."""
    ftype = str(fdesc.get("type", "string"))
    caster = _CASTERS.get(ftype)
    if caster is None:
        return s, None
    typed, ok = caster(s, fdesc)
    if ok is None:
        return typed, None
    mask = s.is_not_null() & ~ok.fill_null(False)
    return typed, mask


def cast_value(value: Any, fdesc: dict[str, Any]) -> Any:
    """One descriptor value (an enum item, a minimum) as the field's typed value, or None."""
    if value is None:
        return None
    return cast_values([value], fdesc)[0]


def _value_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    return str(value)


def cast_values(values: list[Any], fdesc: dict[str, Any]) -> list[Any]:
    """Descriptor values (an ``enum`` of 100,000 items) as the field's typed values, None where one
    does not cast: one vectorized cast, so a long enum costs what a column of that length does."""
    texts = [_value_text(v) for v in values]
    spec = dict(fdesc)
    if spec.get("type") == "boolean":
        spec["trueValues"] = [*_strs(spec.get("trueValues"), DEFAULT_TRUE), "true"]
        spec["falseValues"] = [*_strs(spec.get("falseValues"), DEFAULT_FALSE), "false"]
    if spec.get("type") in ("integer", "number"):
        spec.pop("groupChar", None)
        spec.pop("decimalChar", None)
        spec.pop("bareNumber", None)
    typed, mask = cast_series(pl.Series(texts, dtype=pl.String), spec)
    out = typed.to_list()
    if mask is not None:
        out = [None if bad else v for v, bad in zip(out, mask.fill_null(False).to_list(), strict=True)]
    return out


def _strs(value: Any, default: list[str]) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else list(default)


def _matches(s: pl.Series, pattern: str) -> pl.Series:
    return s.str.contains(pattern)


def _string(s: pl.Series, fdesc: dict[str, Any]) -> tuple[pl.Series, pl.Series | None]:
    fmt = fdesc.get("format", "default")
    if fmt == "email":
        return s, _matches(s, EMAIL_RE)
    if fmt == "uri":
        return s, _matches(s, URI_RE)
    if fmt == "uuid":
        return s, _matches(s, UUID_RE)
    if fmt == "binary":
        return s, by_unique(s, is_base64)
    return s, None


def _numeric_text(s: pl.Series, fdesc: dict[str, Any]) -> pl.Series:
    group = fdesc.get("groupChar")
    if isinstance(group, str) and group:
        s = s.str.replace_all(group, "", literal=True)
    if fdesc.get("bareNumber") is False:
        s = s.str.replace_all(r"^[^-+0-9.]*|[^0-9.]*$", "")
    return s


def _integer(s: pl.Series, fdesc: dict[str, Any]) -> tuple[pl.Series, pl.Series | None]:
    text = _numeric_text(s, fdesc)
    # polars parses exactly [+-]digits (no space, no underscore, no other digits); 64-bit range
    typed = text.cast(pl.Int64, strict=False)
    return typed, typed.is_not_null()


def _number(s: pl.Series, fdesc: dict[str, Any]) -> tuple[pl.Series, pl.Series | None]:
    text = _numeric_text(s, fdesc)
    dec = fdesc.get("decimalChar")
    if isinstance(dec, str) and dec and dec != ".":
        has_dot = text.str.contains(".", literal=True)
        text = pl.select(
            pl.when(has_dot).then(None).otherwise(text.str.replace_all(dec, ".", literal=True))
        ).to_series()
    typed = text.cast(pl.Float64, strict=False)
    ok = typed.is_not_null()
    special = typed.is_nan() | typed.is_infinite()
    if bool(special.any()):
        # polars also reads infinity, +inf…; Table Schema allows NaN, INF and -INF, "case need
        # not be respected" (Table Schema, number: lexical form)
        ok = ok & (~special | text.str.to_uppercase().is_in(["NAN", "INF", "-INF"]))
        typed = pl.select(pl.when(ok).then(typed).otherwise(None)).to_series()
    return typed, ok


def _boolean(s: pl.Series, fdesc: dict[str, Any]) -> tuple[pl.Series, pl.Series | None]:
    tv = _strs(fdesc.get("trueValues"), DEFAULT_TRUE)
    fv = _strs(fdesc.get("falseValues"), DEFAULT_FALSE)
    typed = pl.select(
        pl.when(s.is_in(tv)).then(True).when(s.is_in(fv)).then(False).otherwise(None)
    ).to_series()
    return typed, typed.is_not_null()


_ANY_DATE_FORMATS = [
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%d %B %Y",
    "%B %d, %Y",
    "%d %b %Y",
    "%b %d, %Y",
    # a month alone (1979-01) is read as its first day, as the month's date, never today's day
    "%Y-%m",
]


def _date(s: pl.Series, fdesc: dict[str, Any]) -> tuple[pl.Series, pl.Series | None]:
    fmt = fdesc.get("format", "default")
    if fmt in (None, "default"):
        parsed = s.str.strptime(pl.Date, "%Y-%m-%d", strict=False)
        # strptime also takes 2024-1-1; the standard's form is exactly YYYY-MM-DD
        shape = (s.str.len_bytes() == 10) & s.str.contains(DATE_RE)
        typed = pl.select(pl.when(shape).then(parsed).otherwise(None)).to_series()
        return typed, typed.is_not_null()
    formats = _ANY_DATE_FORMATS if fmt == "any" else [str(fmt)]
    parsed_all = [s.str.strptime(pl.Date, f, strict=False) for f in formats]
    typed = pl.select(pl.coalesce(parsed_all)).to_series() if len(parsed_all) > 1 else parsed_all[0]
    return typed, typed.is_not_null()


_OFFSET_RE = r"(?:Z|[+-][0-9]{2}:?[0-9]{2})$"


def _datetime(s: pl.Series, fdesc: dict[str, Any]) -> tuple[pl.Series, pl.Series | None]:
    fmt = fdesc.get("format", "default")
    col = pl.col("v")
    if fmt in (None, "default", "any"):
        zoned = col.str.replace(r"Z$", "+00:00").str.to_datetime(
            "%Y-%m-%dT%H:%M:%S%.f%z", time_unit="us", strict=False
        )
        naive = col.str.to_datetime("%Y-%m-%dT%H:%M:%S%.f", time_unit="us", strict=False)
        expr = (
            pl.when(~col.str.contains(DATETIME_RE))
            .then(None)
            .when(col.str.contains(_OFFSET_RE))
            .then(zoned.dt.replace_time_zone(None))  # UTC, naive
            .otherwise(naive)
        )
    else:
        # a %z in the format gives UTC: made naive so every datetime column has one dtype
        expr = col.str.to_datetime(str(fmt), time_unit="us", strict=False).dt.replace_time_zone(None)
    typed = pl.DataFrame({"v": s}).select(expr.cast(pl.Datetime("us"))).to_series().alias(s.name)
    return typed, typed.is_not_null()


def _time(s: pl.Series, fdesc: dict[str, Any]) -> tuple[pl.Series, pl.Series | None]:
    fmt = fdesc.get("format", "default")
    if fmt in (None, "default", "any"):
        head = (
            pl.when(pl.col("v").str.contains(TIME_RE))
            .then(pl.col("v").str.extract(r"^([0-9:]{8}(?:\.[0-9]+)?)", 1))
            .str.replace(r"^([0-9]{2}:[0-9]{2}):60", "${1}:59")
            .str.strptime(pl.Time, "%H:%M:%S%.f", strict=False)
        )
        typed = pl.DataFrame({"v": s}).select(head).to_series()
        return typed.alias(s.name), typed.is_not_null()
    typed = s.str.strptime(pl.Time, str(fmt), strict=False)
    return typed, typed.is_not_null()


def _year(s: pl.Series, fdesc: dict[str, Any]) -> tuple[pl.Series, pl.Series | None]:
    ok = _matches(s, YEAR_RE)
    typed = pl.select(pl.when(ok).then(s).otherwise(None).cast(pl.Int32, strict=False)).to_series()
    return typed, ok


def _yearmonth(s: pl.Series, fdesc: dict[str, Any]) -> tuple[pl.Series, pl.Series | None]:
    ok = _matches(s, YEARMONTH_RE)
    return pl.select(pl.when(ok).then(s).otherwise(None)).to_series(), ok


def _py(
    test_of: Callable[[dict[str, Any]], Callable[[str], bool]],
) -> Callable[[pl.Series, dict[str, Any]], tuple[pl.Series, pl.Series | None]]:
    def caster(s: pl.Series, fdesc: dict[str, Any]) -> tuple[pl.Series, pl.Series | None]:
        return s, by_unique(s, test_of(fdesc))

    return caster


def _list_test(fdesc: dict[str, Any]) -> Callable[[str], bool]:
    delimiter = fdesc.get("delimiter", ",")
    item = {"type": fdesc.get("itemType", "string")}

    def test(text: str) -> bool:
        items = pl.Series(
            text.split(delimiter if isinstance(delimiter, str) and delimiter else ","), dtype=pl.String
        )
        _, mask = cast_series(items, item)
        return mask is None or not bool(mask.any())

    return test


_CASTERS: dict[str, Callable[[pl.Series, dict[str, Any]], tuple[pl.Series, pl.Series | None]]] = {
    "string": _string,
    "integer": _integer,
    "number": _number,
    "boolean": _boolean,
    "date": _date,
    "datetime": _datetime,
    "time": _time,
    "year": _year,
    "yearmonth": _yearmonth,
    "duration": _py(lambda f: is_duration),
    "object": _py(lambda f: json_of(dict)),
    "array": _py(lambda f: json_of(list)),
    "geojson": _py(lambda f: geojson_test(f.get("format", "default"))),
    "geopoint": _py(lambda f: geopoint_test(f.get("format", "default"))),
    "list": _py(_list_test),
}
