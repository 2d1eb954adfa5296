"""Star ratings (星级): the rule, checks against it, distributions and targets.

The rule (赤峰市, see ``shared/domain.md``)
------------------------------------------
* Five **base stars** — organisation, team, system, activities, support — each
  awarded when its standard is met: ``base_stars`` is 0..5.
* **Feature stars** come only after all five base stars. They are earned from the
  domain task score (``task_score``, out of 100) plus the highlight score
  (``highlight_score``, out of 10). branchgraph adds the two:
  ``points = task_score + highlight_score`` (0..110), and every full 20 points earns
  one feature star, at most 5: ``feature = min(5, floor(points / 20))``.
* ``stars = base_stars`` when ``base_stars < 5``; ``stars = 5 + feature`` when it is 5.
  So 10 stars at most; 6+ is a bastion (堡垒支部), 8+ a strong bastion, 10 a model.

Worked example: a village branch with all five base stars, a task score of 72.5
and a highlight score of 8 has 80.5 points: four full twenties, so 4 feature stars
and 9 stars in all. With 71 + 8 = 79 points it would have 3 feature stars (8 stars).
With 95 + 10 = 105 points the cap applies: 5 feature stars, 10 stars. A branch with
only four base stars has 4 stars whatever its scores.

Missing inputs: no ``base_stars`` -> the rule cannot say (``<NA>``); five base
stars and neither score -> ``<NA>`` too; five base stars and only one score -> the
other counts as 0.

>>> computed_stars(5, 72.5, 8)
9
>>> computed_stars(4, 100, 10)
4
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from graphmodel import GraphStore

from .registry import run_query

__all__ = [
    "BASE_STARS",
    "POINTS_PER_STAR",
    "MAX_FEATURE_STARS",
    "TARGETS",
    "computed_stars",
    "star_check",
    "star_distribution",
    "star_progress",
    "star_counts",
    "ratings",
]

BASE_STARS = 5
POINTS_PER_STAR = 20
MAX_FEATURE_STARS = 5
GRASSROOTS = ("branch", "general_branch")

#: (target, lowest star count, goal share). This year's targets in 赤峰:
#: 6,000 of ~9,850 organisations at 6+ (60.9%) and 1,000 at 8+ (10.1%); within
#: three years every branch at 6+ and a third at 8+.
TARGETS: tuple[tuple[str, int, float], ...] = (
    ("6+", 6, 0.609),
    ("8+", 8, 0.101),
    ("6+ 3y", 6, 1.0),
    ("8+ 3y", 8, 1 / 3),
)

CHECK_COLUMNS = [
    "org_id", "name", "county", "domain", "stars", "base_stars",
    "task_score", "highlight_score", "computed", "agrees",
]
STAR_COLUMNS = [f"s{i}" for i in range(11)]
DIST_COLUMNS = ["group", "organisations", *STAR_COLUMNS, "rated", "at6_share", "at8_share"]
PROGRESS_COLUMNS = ["target", "goal_share", "organisations", "at_target", "share", "gap"]
RATING_COLUMNS = [
    "org_id", "name", "kind", "county", "township", "domain", "tier",
    "stars", "base_stars", "task_score", "highlight_score",
]
_GROUPS = ("county", "domain", "tier", "township", "kind")


def computed_stars(base_stars: Any, task_score: Any, highlight_score: Any) -> Any:
    """The stars the rule gives (see the module docstring).

    Parameters
    ----------
    base_stars : int 0..5, or a Series of them (missing -> ``<NA>``).
    task_score : number 0..100, or a Series (missing counts 0 if the other score is there).
    highlight_score : number 0..10, or a Series.

    Returns
    -------
    int or None for scalars; a nullable ``Int64`` Series for Series input.

    >>> computed_stars(5, 60, 0), computed_stars(5, 59.9, 0), computed_stars(None, 80, 5)
    (8, 7, None)
    """
    scalar = not any(isinstance(x, pd.Series) for x in (base_stars, task_score, highlight_score))
    index = next(
        (x.index for x in (base_stars, task_score, highlight_score) if isinstance(x, pd.Series)),
        None,
    )

    def as_series(x: Any) -> pd.Series:
        if isinstance(x, pd.Series):
            return pd.to_numeric(x, errors="coerce").astype("Float64")
        return pd.Series([x] * (1 if index is None else len(index)), index=index, dtype="Float64")

    base, task, high = as_series(base_stars), as_series(task_score), as_series(highlight_score)
    no_scores = task.isna() & high.isna()
    # round first so 59.9 + 0.1 is 60 points, not 59.99999
    points = (task.fillna(0) + high.fillna(0)).round(6)
    feature = np.floor(points / POINTS_PER_STAR).clip(lower=0, upper=MAX_FEATURE_STARS)
    base = np.floor(base.clip(lower=0, upper=BASE_STARS))
    full = (base >= BASE_STARS).fillna(False).astype(bool)
    out = base.copy()
    out[full] = BASE_STARS + feature[full]
    out[full & no_scores.astype(bool)] = pd.NA
    out = out.astype("Int64")
    if scalar:
        v = out.iloc[0]
        return None if pd.isna(v) else int(v)
    return out


def ratings(
    store: GraphStore,
    *,
    county: str | None = None,
    domain: str | None = None,
    kinds: Sequence[str] = GRASSROOTS,
) -> pd.DataFrame:
    """The rating inputs of each organisation (named query ``stars_ratings``).

    Returns
    -------
    DataFrame: org_id, name, kind, county, township, domain, tier, stars (Int64),
    base_stars (Int64), task_score (Float64), highlight_score (Float64); by org_id.
    """
    df = run_query(
        store, "stars_ratings", {"kinds": list(kinds), "county": county, "domain": domain}
    )
    df = df.reindex(columns=RATING_COLUMNS)
    for col in ("stars", "base_stars"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
    for col in ("task_score", "highlight_score"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("Float64")
    return df.reset_index(drop=True)


def star_check(
    store: GraphStore,
    *,
    county: str | None = None,
    domain: str | None = None,
    kinds: Sequence[str] = GRASSROOTS,
    only_disagreements: bool = False,
) -> pd.DataFrame:
    """Compare each organisation's recorded ``stars`` with what the rule computes.

    Parameters
    ----------
    store : the graph store.
    county, domain : keep only this county / domain (None: all).
    kinds : organisation kinds to check (grassroots branches by default).
    only_disagreements : keep only rows where ``agrees`` is False.

    Returns
    -------
    DataFrame: org_id, name, county, domain, stars, base_stars, task_score,
    highlight_score, computed (Int64; ``<NA>`` where base_stars is missing),
    agrees (nullable boolean; ``<NA>`` where stars or computed is missing).
    Disagreements first, then rows the rule cannot check, then agreements; by org_id.
    """
    df = ratings(store, county=county, domain=domain, kinds=kinds)
    df["computed"] = computed_stars(df["base_stars"], df["task_score"], df["highlight_score"])
    known = df["stars"].notna() & df["computed"].notna()
    agrees = pd.Series(pd.NA, index=df.index, dtype="boolean")
    agrees[known] = (df.loc[known, "stars"] == df.loc[known, "computed"]).astype(bool)
    df["agrees"] = agrees
    # disagreements (0), then rows the rule cannot check (1), then agreements (2)
    order = pd.Series(1, index=df.index)
    order[agrees.eq(False).fillna(False).astype(bool)] = 0
    order[agrees.eq(True).fillna(False).astype(bool)] = 2
    df = df.assign(_o=order).sort_values(["_o", "org_id"], kind="stable").drop(columns="_o")
    if only_disagreements:
        df = df[df["agrees"].eq(False).fillna(False)]
    return df[CHECK_COLUMNS].reset_index(drop=True)


def star_distribution(
    store: GraphStore, *, by: str = "county", kinds: Sequence[str] = GRASSROOTS
) -> pd.DataFrame:
    """How many organisations hold each star count, per group.

    Parameters
    ----------
    store : the graph store.
    by : "county" (default), "domain", "tier", "township" or "kind".
    kinds : organisation kinds counted.

    Returns
    -------
    DataFrame: group, organisations, s0 .. s10 (count with that many recorded stars),
    rated (organisations with stars), at6_share and at8_share (share of ALL the
    group's organisations at 6+ / 8+ stars; unrated ones count as not there, as the
    targets are set over all organisations). Groups in order; a missing group
    (e.g. no county) comes last as ``<NA>``.
    """
    if by not in _GROUPS:
        raise ValueError(f"cannot group stars by {by!r}; use one of: {', '.join(_GROUPS)}")
    counts = star_counts(store, by=by, kinds=kinds)
    rows = []
    for group, part in counts.groupby("group", dropna=False, sort=False):
        n = int(part["organisations"].sum())
        per = part.dropna(subset=["stars"]).groupby("stars")["organisations"].sum()
        row: dict[str, Any] = {"group": None if pd.isna(group) else group, "organisations": n}
        for i in range(11):
            row[f"s{i}"] = int(per.get(i, 0))
        row["rated"] = int(per.sum())
        row["at6_share"] = float(per[per.index >= 6].sum()) / n
        row["at8_share"] = float(per[per.index >= 8].sum()) / n
        rows.append(row)
    out = pd.DataFrame(rows, columns=DIST_COLUMNS)
    if out.empty:
        return _typed_dist(out)
    out = out.assign(_missing=out["group"].isna()).sort_values(
        ["_missing", "group"], kind="stable"
    )
    return _typed_dist(out.drop(columns="_missing").reset_index(drop=True))


def star_counts(
    store: GraphStore,
    *,
    by: str = "county",
    kinds: Sequence[str] = GRASSROOTS,
    county: str | None = None,
    domain: str | None = None,
) -> pd.DataFrame:
    """Organisations per group and recorded star count, counted in the store
    (named query ``stars_counts``): a few hundred rows however many organisations.

    Returns
    -------
    DataFrame: group (None where the organisation has none), stars (Int64; <NA>
    for unrated), organisations (int64).
    """
    df = run_query(store, "stars_counts", {
        "by": by, "kinds": list(kinds), "county": county, "domain": domain,
    })
    return pd.DataFrame({
        "group": df["grp"].astype(object).where(df["grp"].notna(), None) if len(df) else [],
        "stars": pd.to_numeric(df["stars"], errors="coerce").astype("Float64").round().astype("Int64"),
        "organisations": pd.to_numeric(df["organisations"]).astype("int64"),
    })


def _typed_dist(out: pd.DataFrame) -> pd.DataFrame:
    out["group"] = out["group"].astype(object)
    for col in ["organisations", *STAR_COLUMNS, "rated"]:
        out[col] = out[col].astype("int64")
    for col in ("at6_share", "at8_share"):
        out[col] = out[col].astype("float64")
    return out


def star_progress(
    store: GraphStore,
    *,
    kinds: Sequence[str] = GRASSROOTS,
    county: str | None = None,
    domain: str | None = None,
) -> pd.DataFrame:
    """How far the organisations are from the star targets.

    Parameters
    ----------
    store : the graph store.
    kinds : organisation kinds counted.
    county, domain : measure one county / domain only (None: all).

    Returns
    -------
    DataFrame, one row per target in :data:`TARGETS`: target ("6+", "8+" this
    year; "6+ 3y", "8+ 3y" the three-year goal), goal_share (0.609, 0.101, 1.0,
    0.333…), organisations, at_target (organisations with at least that many
    stars), share (at_target / organisations; NaN with no organisations) and gap
    (organisations still needed: ``ceil(goal_share * organisations) - at_target``,
    never below 0).

    Example: 10 branches, 5 of them at 6+ and 1 at 8+ -> the "6+" gap is
    ceil(6.09) - 5 = 2 and the "8+" gap is ceil(1.01) - 1 = 1.
    """
    counts = star_counts(store, by="kind", kinds=kinds, county=county, domain=domain)
    n = int(counts["organisations"].sum())
    rated = counts.dropna(subset=["stars"])
    rows = []
    for target, least, goal in TARGETS:
        at = int(rated.loc[rated["stars"] >= least, "organisations"].sum())
        needed = math.ceil(round(goal * n, 9))
        rows.append(
            {
                "target": target,
                "goal_share": goal,
                "organisations": n,
                "at_target": at,
                "share": at / n if n else float("nan"),
                "gap": max(0, needed - at),
            }
        )
    out = pd.DataFrame(rows, columns=PROGRESS_COLUMNS)
    return out.astype({"organisations": "int64", "at_target": "int64", "gap": "int64"})
