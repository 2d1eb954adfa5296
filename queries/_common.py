"""What the analyses share: the as-of day, kinds, filters and typed result frames.

Private to the ``queries`` package: analyses call :func:`run` with their filters
and :func:`shape` to hand back exactly the documented columns with stable types,
whichever backend answered (LadybugDB and Bolt return counts and nulls with
different dtypes).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graphmodel import rules
from graphmodel.rules import GRASSROOTS, KINDS, TIERS

from .params import QueryParamError
from .registry import run_query

__all__ = [
    "GRASSROOTS",
    "KINDS",
    "TIERS",
    "DIMENSIONS",
    "as_of_text",
    "kinds_list",
    "run",
    "shape",
]

#: Coverage dimensions, in the order ``missing`` lists them.
DIMENSIONS: tuple[str, ...] = ("watched", "mentor", "contact", "alliance", "pairing", "chain")

#: Columns holding whole counts (never null) and their nullable cousins.
_COUNTS = (
    "watchers", "mentors", "contacts", "alliances", "pairings", "chains", "organisations",
    "mentored", "load", "capacity", "advanced", "middle", "lagging",
    "unrated", "people", "max_load", "over_capacity", "mix_broken", "branches", "committees",
)  # fmt: skip
_NULLABLE_INTS = ("stars",)
_NULLABLE_BOOLS = ("weak",)
_FLOATS = (
    "weighted_load", "watched_share", "mentor_share", "contact_share", "alliance_share",
    "pairing_share", "chain_share", "mean_load", "over_share", "stars_mean",
)  # fmt: skip


def as_of_text(as_of: Any = None, store: Any = None) -> str:
    """:func:`graphmodel.rules.as_of_text`, with a bad date as a :class:`QueryParamError`.

    >>> as_of_text("2025-01-01")
    '2025-01-01'
    """
    try:
        return rules.as_of_text(as_of, store)
    except ValueError as exc:
        raise QueryParamError(f"as_of: {exc}") from None


#: The organisation properties the rating is computed from (:func:`graphmodel.rules.rating`).
STAR_INPUTS = ("base_stars", "task_score", "highlight_score")

def rated(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with ``stars`` replaced by the rating (by the rule where the star inputs
    allow it, else as recorded) and the input columns dropped.

    >>> rated(pd.DataFrame({"stars": [10, 7], "base_stars": [4, None],
    ...                     "task_score": [None, None], "highlight_score": [None, None]}))["stars"].tolist()
    [4, 7]
    """
    out = df.copy()
    out["stars"] = rules.rating(out["stars"], *(out.pop(c) for c in STAR_INPUTS))
    return out


def kinds_list(kinds: str | Iterable[str] | None) -> list[str]:
    """``kinds`` as a list of known organisation kinds (None: the grassroots ones)."""
    if kinds is None:
        return list(GRASSROOTS)
    items = [kinds] if isinstance(kinds, str) else list(kinds)
    bad = [k for k in items if k not in KINDS]
    if bad or not items:
        raise QueryParamError(
            f"kinds: {', '.join(map(repr, bad)) or 'nothing'} given; choose from {', '.join(KINDS)}"
        )
    return items


def run(store: Any, name: str, **params: Any) -> pd.DataFrame:
    """Run the named query; keyword arguments that are None take the query's default."""
    return run_query(store, name, {k: v for k, v in params.items() if v is not None})


def shape(
    df: pd.DataFrame, columns: Sequence[str], *, ints: Iterable[str] = (), bools: Iterable[str] = ()
) -> pd.DataFrame:
    """``df`` with exactly ``columns`` (in order, missing ones empty) and stable dtypes.

    Counts (known names, plus ``ints``) become int64, ``stars`` nullable Int64,
    ``weak`` nullable boolean, shares and loads float64, flags (``bools``, or any
    column that arrives boolean) bool; text stays object with None for missing values.
    """
    counts, flags = {*_COUNTS, *ints}, set(bools)
    df = df.reset_index(drop=True)
    out = pd.DataFrame(index=pd.RangeIndex(len(df)))
    for col in columns:
        s = df[col] if col in df.columns else pd.Series([None] * len(df), dtype=object)
        if col in counts:
            s = pd.to_numeric(s, errors="coerce").fillna(0).astype("int64")
        elif col in _NULLABLE_INTS:
            s = pd.to_numeric(s, errors="coerce").astype("Float64").round().astype("Int64")
        elif col in _NULLABLE_BOOLS:
            s = s.astype(object).where(s.notna(), None).astype("boolean")
        elif col in _FLOATS:
            s = pd.to_numeric(s, errors="coerce").astype("float64")
        elif col in flags or s.dtype == bool or str(s.dtype) == "boolean":
            s = s.fillna(False).astype(bool)
        else:
            s = s.astype(object).where(s.notna(), None)
        out[col] = s
    return out


def arrow_text(s: pd.Series | pa.Array | pa.ChunkedArray) -> pa.Array:
    """A text column as one Arrow large_string array (no copy when it is Arrow-backed)."""
    arr = s if isinstance(s, (pa.Array, pa.ChunkedArray)) else pa.array(s, from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr.cast(pa.large_string())


def positions(values: pa.Array, among: pa.Array) -> np.ndarray:
    """Where each of ``values`` first stands in ``among`` (int64; -1 where it is absent
    or missing): a hash join of two text columns without a Python object per cell."""
    return pc.index_in(values, value_set=among).fill_null(-1).to_numpy(zero_copy_only=False).astype("int64")
