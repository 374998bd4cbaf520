"""Pair the rows of two versions of a table by primary key (composite keys included).

:func:`match_rows` returns row positions, not rows: which OLD row goes with which NEW row,
and which rows have no partner. The join runs on a 64-bit hash of the key (much faster than
joining on text keys); every matched pair is then checked on the real key values, and if a
hash collision ever paired two different keys the join is redone on the key values
themselves, so the result is always exact. Key fields whose type differs between the
versions are compared as text.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

_OI = "\x00oi"
_NI = "\x00ni"
_HASH = "\x00h"
_SEED = 0x5EED


@dataclass(frozen=True)
class Matching:
    """Row positions: ``old[i]`` pairs with ``new[i]``; ``removed`` (OLD) and ``added`` (NEW) are alone.

    ``unique`` is False when a key value occurs more than once on either side (then the pairs
    are not one-to-one and the diff must not go on).
    """

    old: pl.Series
    new: pl.Series
    removed: pl.Series
    added: pl.Series
    unique: bool


def as_text(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A column as text: lists joined with ';', everything else cast."""
    if isinstance(dtype, pl.List):
        return expr.list.join(";")
    return expr.cast(pl.String)


def key_frames(old: pl.DataFrame, new: pl.DataFrame, key: list[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The key columns of both sides, in one dtype per column."""
    o_exprs, n_exprs = [], []
    for k in key:
        ot, nt = old.schema[k], new.schema[k]
        same = ot == nt
        o_exprs.append(pl.col(k) if same else as_text(pl.col(k), ot).alias(k))
        n_exprs.append(pl.col(k) if same else as_text(pl.col(k), nt).alias(k))
    return old.select(o_exprs), new.select(n_exprs)


def _unmatched(positions: pl.Series, height: int) -> pl.Series:
    """Positions in ``range(height)`` that are not in ``positions``."""
    seen = pl.repeat(False, height, dtype=pl.Boolean, eager=True)
    if positions.len():
        seen = seen.scatter(positions, True)
    return (~seen).arg_true().cast(pl.UInt32)


def _split(pairs: pl.DataFrame, ko: pl.DataFrame, kn: pl.DataFrame) -> Matching:
    """A Matching from the inner join's (old, new) position pairs."""
    old, new = pairs[_OI], pairs[_NI]
    removed, added = _unmatched(old, ko.height), _unmatched(new, kn.height)
    # A row paired twice makes the counts overflow, so equal counts <=> no key repeats among
    # matched rows; unmatched rows are few, so their keys are checked directly.
    unique = (
        ko.height == old.len() + removed.len()
        and kn.height == new.len() + added.len()
        and not ko.gather(removed).is_duplicated().any()
        and not kn.gather(added).is_duplicated().any()
    )
    return Matching(old=old, new=new, removed=removed, added=added, unique=unique)


def _exact(ko: pl.DataFrame, kn: pl.DataFrame, key: list[str]) -> Matching:
    pairs = ko.with_row_index(_OI).join(kn.with_row_index(_NI), on=key, how="inner", nulls_equal=True)
    return _split(pairs.select(_OI, _NI), ko, kn)


def match_rows(old: pl.DataFrame, new: pl.DataFrame, key: list[str]) -> Matching:
    """Pair OLD's and NEW's rows on ``key`` (exact; see the module docstring)."""
    ko, kn = key_frames(old, new, key)
    ho = ko.select(pl.struct(key).hash(_SEED).alias(_HASH)).with_row_index(_OI)
    hn = kn.select(pl.struct(key).hash(_SEED).alias(_HASH)).with_row_index(_NI)
    pairs = ho.join(hn, on=_HASH, how="inner").select(_OI, _NI)
    exact = all(ko[k].gather(pairs[_OI]).eq_missing(kn[k].gather(pairs[_NI])).all() for k in key)
    return _split(pairs, ko, kn) if exact else _exact(ko, kn, key)
