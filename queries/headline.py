"""The headline figures a planner checks every month, counted in one place.

:func:`summarise` counts them from two plain tables — the organisations in scope
(watched? in an alliance? tier, weak) and the mentors (status, mix, places left) —
so the overview and the demo summary (through :func:`headline`, on the store), the
what-if (on frames it changed) and the proposal (before and after its links) all
give the same figure for the same graph.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from graphmodel import rules

from ._common import run
from .catalogue import analysis
from .coverage import coverage
from .mentors import CAPACITY, mentor_load

__all__ = ["FIGURES", "HEADLINE_COLUMNS", "summarise", "headline"]

#: The figures, in order: key -> (Chinese, English).
FIGURES: dict[str, tuple[str, str]] = {
    "organisations": ("基层组织数", "Grassroots organisations"),
    "watched": ("有人包联", "Watched"),
    "unwatched": ("无人包联", "Nobody watching"),
    "watched_share": ("有人包联占比", "Watched share"),
    "lagging_unwatched": ("无人包联的后进组织", "Lagging, nobody watching"),
    "weak_unwatched": ("无人包联的软弱涣散组织", "Weak, nobody watching"),
    "in_alliance": ("已入联合体", "In an alliance"),
    "alliances": ("联合体数", "Alliances"),
    "mentors": ("包联干部", "Mentors"),
    "over_capacity": ("超出上限的包联干部", "Mentors over capacity"),
    "mix_ok": ("搭配合规的包联干部", "Mentors with a 1/1/1 mix"),
    "places": ("剩余包联名额", "Places left"),
}
HEADLINE_COLUMNS = ["figure", "value"]


def summarise(orgs: pd.DataFrame, mentors: pd.DataFrame, *, alliances: int = 0) -> dict[str, Any]:
    """The headline figures of :data:`FIGURES` from plain tables.

    Parameters
    ----------
    orgs : one row per grassroots organisation in scope: tier, weak, watched (bool),
        allied (bool, in at least one alliance).
    mentors : one row per mentor in scope (or person who may mentor): status, mix_ok and,
        where known, mentored (branches; rows with none are counted for places only)
        and remaining (places left).
    alliances : alliances with a member among ``orgs``.

    >>> o = pd.DataFrame({"tier": ["lagging", "middle", "lagging"], "weak": [True, False, False],
    ...                   "watched": [False, True, True], "allied": [True, False, False]})
    >>> m = pd.DataFrame({"status": ["over", "full"], "mix_ok": [False, True], "remaining": [0, 0]})
    >>> f = summarise(o, m, alliances=1)
    >>> f["unwatched"], f["lagging_unwatched"], f["weak_unwatched"], f["over_capacity"], f["mix_ok"]
    (1, 1, 1, 1, 1)
    """
    watched = orgs["watched"].astype(bool)
    open_ = orgs[~watched]
    n = len(orgs)
    remaining = mentors["remaining"] if "remaining" in mentors.columns else pd.Series(dtype=int)
    return {
        "organisations": n,
        "watched": int(watched.sum()),
        "unwatched": int(len(open_)),
        "watched_share": round(float(watched.sum()) / n, 4) if n else 0.0,
        "lagging_unwatched": int((open_["tier"] == "lagging").sum()),
        "weak_unwatched": int(open_["weak"].astype("boolean").fillna(False).astype(bool).sum()),
        "in_alliance": int(orgs["allied"].astype(bool).sum()),
        "alliances": int(alliances),
        "mentors": int((pd.to_numeric(mentors["mentored"]) > 0).sum())
        if "mentored" in mentors.columns else int(len(mentors)),
        "over_capacity": int((mentors["status"] == "over").sum()),
        "mix_ok": int(mentors["mix_ok"].astype(bool).sum()),
        "places": int(pd.to_numeric(remaining).clip(lower=0).sum()),
    }


@analysis("headline", title=("总体指标", "Headline figures"),
          description=("基层组织数、有人包联占比、无人包联的后进和软弱涣散组织、联合体、包联干部负担。",
                       "Organisations, the share watched, lagging and weak ones nobody watches, "
                       "alliances, mentors over capacity."),
          params=("as_of", "county", "domain", "tier", CAPACITY),
          columns=HEADLINE_COLUMNS, labels={"figure": ("指标", "Figure"), "value": ("数值", "Value")},
          export=False)
def headline(
    store: Any,
    *,
    as_of: str | date | None = None,
    county: str | None = None,
    domain: str | None = None,
    tier: str | None = None,
    default_capacity: int = rules.DEFAULT_CAPACITY,
) -> pd.DataFrame:
    """The headline figures on ``as_of`` for the organisations in scope.

    Returns
    -------
    DataFrame: figure (a key of :data:`FIGURES`), value; one row per figure, in order.
    Mentors are those of ``county`` (all with no county); alliances those with a
    member in scope.
    """
    cov = coverage(store, as_of=as_of, county=county, domain=domain, tier=tier)
    orgs = pd.DataFrame({"tier": cov["tier"], "weak": cov["weak"], "watched": cov["watched"],
                         "allied": cov["alliances"] > 0})
    mentors = mentor_load(store, as_of=as_of, county=county, default_capacity=default_capacity)
    mentors = mentors.assign(remaining=(mentors["capacity"] - mentors["mentored"]).clip(lower=0))
    allied = run(store, "alliances_in_scope", county=county, domain=domain, tier=tier)
    figures = summarise(orgs, mentors, alliances=int(allied["alliances"].iloc[0]))
    return pd.DataFrame({"figure": list(figures),
                         "value": pd.Series(list(figures.values()), dtype=object)},
                        columns=HEADLINE_COLUMNS)
