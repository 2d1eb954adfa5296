"""Mentor and contact-point load: who carries how much, who is over capacity, whose mix breaks.

A person's *load* on a day is the number of distinct organisations they mentor
(包联) or keep as a contact point (联系点) through links active that day; the
*weighted load* adds up a weight per organisation by its tier (lagging ones
weigh more). Capacity is the person's own ``capacity`` or a default. The 赤峰
rule: each mentor watches exactly one advanced, one middle and one lagging
branch (mix "1/1/1").

Defaults live here as constants (:data:`DEFAULT_CAPACITY`, :data:`DEFAULT_WEIGHTS`);
the command line and dashboard pass the values from their settings in.
Backed by the named queries ``mentor_load`` and ``person_watches``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd

from ._common import as_of_text, run, shape
from .registry import QueryParamError

__all__ = [
    "DEFAULT_CAPACITY",
    "DEFAULT_WEIGHTS",
    "LOAD_COLUMNS",
    "SUMMARY_COLUMNS",
    "WATCHED_COLUMNS",
    "mentor_load",
    "load_summary",
    "watched_by",
    "parse_weights",
]

#: Organisations a person may watch when their own capacity is not given.
DEFAULT_CAPACITY = 3
#: Weight of one watched organisation in the weighted load, by tier.
DEFAULT_WEIGHTS: Mapping[str, float] = {"advanced": 1.0, "middle": 1.0, "lagging": 2.0, "unrated": 1.0}

LOAD_COLUMNS = [
    "person_id", "name", "role", "level", "county", "mentored", "contacts", "load",
    "weighted_load", "capacity", "status", "advanced", "middle", "lagging", "unrated", "mix",
    "mix_ok",
]  # fmt: skip
SUMMARY_COLUMNS = ["people", "mean_load", "max_load", "over_capacity", "over_share", "mix_broken"]
WATCHED_COLUMNS = ["org_id", "name", "county", "domain", "tier", "stars", "weak", "link"]

#: The one mix a mentor should have: advanced/middle/lagging.
GOOD_MIX = "1/1/1"


def parse_weights(text: str | Mapping[str, Any] | None) -> dict[str, float]:
    """Tier weights from ``"advanced=1,middle=1,lagging=2"`` (or a mapping), over the defaults.

    >>> parse_weights("lagging=3")
    {'advanced': 1.0, 'middle': 1.0, 'lagging': 3.0, 'unrated': 1.0}
    """
    out = dict(DEFAULT_WEIGHTS)
    if text is None:
        return out
    if isinstance(text, Mapping):
        items = list(text.items())
    else:
        items = []
        for part in str(text).split(","):
            if not part.strip():
                continue
            key, sep, value = part.partition("=")
            if not sep:
                raise QueryParamError(f"tier weights: {part.strip()!r} is not TIER=NUMBER")
            items.append((key.strip(), value.strip()))
    for key, value in items:
        if key not in DEFAULT_WEIGHTS:
            raise QueryParamError(
                f"tier weights: unknown tier {key!r}; use {', '.join(DEFAULT_WEIGHTS)}"
            )
        try:
            out[key] = float(value)
        except (TypeError, ValueError):
            raise QueryParamError(f"tier weights: {key}={value!r} is not a number") from None
    return out


def mentor_load(
    store: Any,
    *,
    as_of: str | date | None = None,
    county: str | None = None,
    default_capacity: int = DEFAULT_CAPACITY,
    weights: Mapping[str, float] | str | None = None,
) -> pd.DataFrame:
    """Each person's load on ``as_of`` against their capacity, with their tier mix.

    Parameters
    ----------
    store : graphmodel.GraphStore
    as_of : 'YYYY-MM-DD', date or None (today)
        The day links must be active on.
    county : str, optional
        Only people of this county: the county of the organisation they work in
        (WORKS_IN), else the (alphabetically first) county of those they watch.
    default_capacity : int
        Capacity of a person whose own ``capacity`` is empty.
    weights : mapping or "tier=w,..." text, optional
        Tier weights (keys advanced, middle, lagging, unrated) over :data:`DEFAULT_WEIGHTS`.

    Returns
    -------
    pandas.DataFrame
        One row per person with at least one active mentor or contact-point link,
        columns :data:`LOAD_COLUMNS`: person_id, name, role, level, county,
        ``mentored`` / ``contacts`` (organisations per link type), ``load``
        (distinct organisations watched), ``weighted_load``, ``capacity``,
        ``status`` ('over' load > capacity, 'full' ==, 'under'), ``advanced`` /
        ``middle`` / ``lagging`` / ``unrated`` (tiers of ALL watched organisations,
        summing to load), ``mix`` ("a/m/l" among MENTORED organisations only) and
        ``mix_ok`` (mentored == 3 and mix == "1/1/1"; False for pure contact
        points). Ordered by load, then weighted load (both descending), then person_id.
    """
    w = parse_weights(weights)
    try:
        capacity = int(default_capacity)
    except (TypeError, ValueError):
        raise QueryParamError(f"default_capacity: {default_capacity!r} is not a whole number") from None
    df = run(
        store, "mentor_load", as_of=as_of_text(as_of), county=county, default_capacity=capacity,
        w_advanced=w["advanced"], w_middle=w["middle"], w_lagging=w["lagging"],
        w_unrated=w["unrated"],
    )  # fmt: skip
    df = df.rename(columns={"watching": "load"}).reset_index(drop=True)
    mix_cols = ("mentored_advanced", "mentored_middle", "mentored_lagging")
    parts = [pd.to_numeric(df[c], errors="coerce").fillna(0).astype("int64") for c in mix_cols]
    df["mix"] = pd.Series(
        [f"{a}/{m}/{g}" for a, m, g in zip(*parts)], index=df.index, dtype=object
    )
    mentored = pd.to_numeric(df["mentored"], errors="coerce").fillna(0)
    df["mix_ok"] = (mentored == 3) & (df["mix"] == GOOD_MIX)
    return shape(df, LOAD_COLUMNS, bools=("mix_ok",))


def load_summary(load_df: pd.DataFrame) -> pd.DataFrame:
    """One row that sums up a :func:`mentor_load` table.

    Parameters
    ----------
    load_df : pandas.DataFrame
        The result of :func:`mentor_load` (any filter).

    Returns
    -------
    pandas.DataFrame
        One row, columns :data:`SUMMARY_COLUMNS`: people, mean_load, max_load,
        over_capacity (people with status 'over'), over_share (0..1),
        mix_broken (people who mentor at least one branch and whose mix is not
        one advanced, one middle, one lagging). Zeros for an empty table.
    """
    people = len(load_df)
    if people == 0:
        row = {"people": 0, "mean_load": 0.0, "max_load": 0, "over_capacity": 0,
               "over_share": 0.0, "mix_broken": 0}  # fmt: skip
    else:
        load = pd.to_numeric(load_df["load"])
        over = int((load_df["status"] == "over").sum())
        broken = int(((pd.to_numeric(load_df["mentored"]) > 0) & ~load_df["mix_ok"].astype(bool)).sum())
        row = {"people": people, "mean_load": float(load.mean()), "max_load": int(load.max()),
               "over_capacity": over, "over_share": over / people, "mix_broken": broken}  # fmt: skip
    return shape(pd.DataFrame([row]), SUMMARY_COLUMNS)


def watched_by(store: Any, person_id: str, *, as_of: str | date | None = None) -> pd.DataFrame:
    """The organisations ``person_id`` mentors or keeps as a contact point on ``as_of``.

    Parameters
    ----------
    store : graphmodel.GraphStore
    person_id : str
        The person (人员编码).
    as_of : 'YYYY-MM-DD', date or None (today)

    Returns
    -------
    pandas.DataFrame
        Columns :data:`WATCHED_COLUMNS`: org_id, name, county, domain, tier, stars,
        weak, link ('mentor' or 'contact'); one row per link, so an organisation
        the person both mentors and keeps as contact point appears twice.
        Mentor links first, then by org_id. Empty for an unknown person.
    """
    if person_id is None or not str(person_id).strip():
        raise QueryParamError("person_id: give the person's id (人员编码)")
    df = run(store, "person_watches", person_id=str(person_id), as_of=as_of_text(as_of))
    if not df.empty:
        df = df.assign(_rank=(df["link"] != "mentor").astype(int))
        df = df.sort_values(["_rank", "org_id"], kind="stable")
    return shape(df, WATCHED_COLUMNS)
