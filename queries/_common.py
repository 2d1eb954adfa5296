"""What the analyses share: the as-of day, kinds, filters and typed result frames.

Private to the ``queries`` package: analyses call :func:`run` with their filters
and :func:`shape` to hand back exactly the documented columns with stable types,
whichever backend answered (LadybugDB and Bolt return counts and nulls with
different dtypes).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from .registry import QueryParamError, run_query

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

#: The kinds that are rated, covered and mentored (党支部, 党总支).
GRASSROOTS: tuple[str, ...] = ("branch", "general_branch")
#: Every organisation kind of the data contract.
KINDS: tuple[str, ...] = ("committee", "working_committee", "general_branch", "branch")
#: Tiers in the order planners read them.
TIERS: tuple[str, ...] = ("advanced", "middle", "lagging")
#: Coverage dimensions, in the order ``missing`` lists them.
DIMENSIONS: tuple[str, ...] = ("watched", "mentor", "contact", "alliance", "pairing", "chain")

#: Columns holding whole counts (never null) and their nullable cousins.
_COUNTS = (
    "watchers", "mentors", "contacts", "alliances", "pairings", "chains", "organisations",
    "mentored", "load", "capacity", "advanced", "middle", "lagging",
    "unrated", "people", "max_load", "over_capacity", "mix_broken",
)  # fmt: skip
_NULLABLE_INTS = ("stars",)
_NULLABLE_BOOLS = ("weak",)
_FLOATS = (
    "weighted_load", "watched_share", "mentor_share", "contact_share", "alliance_share",
    "pairing_share", "chain_share", "mean_load", "over_share",
)  # fmt: skip


def as_of_text(as_of: Any = None) -> str:
    """The as-of day as ``YYYY-MM-DD``: None means today; a date, datetime or ISO text.

    >>> as_of_text("2025-01-01")
    '2025-01-01'
    >>> as_of_text(_dt.date(2024, 2, 29))
    '2024-02-29'
    """
    if as_of is None or (isinstance(as_of, str) and not as_of.strip()):
        return _dt.date.today().isoformat()
    if isinstance(as_of, _dt.datetime):
        return as_of.date().isoformat()
    if isinstance(as_of, _dt.date):
        return as_of.isoformat()
    try:
        return _dt.date.fromisoformat(str(as_of).strip()).isoformat()
    except ValueError:
        raise QueryParamError(f"as_of: {as_of!r} is not a date (use YYYY-MM-DD)") from None


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
