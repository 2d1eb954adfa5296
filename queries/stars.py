"""Star ratings (星级): the rule, checks against it, distributions and targets.

The rule (赤峰市, see ``shared/domain.md``) lives in :mod:`graphmodel.rules`
(:func:`~graphmodel.rules.computed_stars`): five **base stars**; after all five, one
**feature star** per full 20 points of ``task_score + highlight_score``, at most five.
Worked example: all five base stars, a task score of 72.5 and a highlight score of 8
make 80.5 points, four full twenties: 4 feature stars, 9 stars in all; 71 + 8 = 79
points give 8 stars; 95 + 10 = 105 points hit the cap, 10 stars. Four base stars are
4 stars whatever the scores.

**Which rating the figures use** (:func:`graphmodel.rules.rating`): the computed one
wherever the components allow it (base stars given, and a score when all five base
stars are there), else the recorded ``stars``. The distribution, the progress
towards the targets and the order of every gap list use that rating and say how many
came from the rule (``by_rule``); :func:`star_check` lists where the two disagree.

**Targets** are settings (``star_targets``; defaults from domain.md: 6,000 organisations,
60.9%, at 6+ and 1,000, 10.1%, at 8+ this year; every organisation at 6+ and a third
at 8+ within three years), measured over every rated organisation of the kinds asked
(all kinds by default), with the gap in organisations and in share.

>>> computed_stars(5, 72.5, 8)
9
>>> computed_stars(4, 100, 10)
4
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from graphmodel import GraphStore, rules
from graphmodel.rules import BASE_STARS, MAX_FEATURE_STARS, POINTS_PER_STAR, computed_stars

from ._common import KINDS
from .catalogue import analysis
from .config import DEFAULT_TARGETS, ConfigError, Target, parse_targets
from .params import Param, QueryParamError, standard
from .registry import run_query

__all__ = [
    "BASE_STARS",
    "POINTS_PER_STAR",
    "MAX_FEATURE_STARS",
    "computed_stars",
    "star_check",
    "star_distribution",
    "star_progress",
    "star_counts",
    "ratings",
]

CHECK_COLUMNS = [
    "org_id", "name", "county", "domain", "stars", "base_stars",
    "task_score", "highlight_score", "computed", "agrees",
]
STAR_COLUMNS = [f"s{i}" for i in range(11)]
DIST_COLUMNS = ["group", "organisations", *STAR_COLUMNS, "rated", "by_rule", "at6_share",
                "at8_share"]
PROGRESS_COLUMNS = ["target", "stars", "goal_count", "goal_share", "organisations", "at_target",
                    "share", "count_gap", "share_gap", "by_rule"]
RATING_COLUMNS = [
    "org_id", "name", "kind", "county", "township", "domain", "tier",
    "stars", "base_stars", "task_score", "highlight_score",
]
_GROUPS = ("county", "domain", "tier", "township", "kind")
_ORG = {"name": ("组织名称", "Organisation")}
#: Every kind, the default of the star figures (the targets count all organisations).
_ALL_KINDS = standard("kinds")


def ratings(
    store: GraphStore,
    *,
    county: str | None = None,
    domain: str | None = None,
    kinds: Sequence[str] = KINDS,
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


@analysis("stars", title=("星级核对", "Star check"),
          description=("登记星级与按规则（基础星加特色星）应得星级的对照，不一致的在前。",
                       "Recorded stars against the stars the rule gives (base plus feature "
                       "stars), disagreements first."),
          params=("county", "domain", _ALL_KINDS,
                  Param("only_disagreements", "bool", help="only the rows that disagree")),
          columns=CHECK_COLUMNS, labels=_ORG)
def star_check(
    store: GraphStore,
    *,
    county: str | None = None,
    domain: str | None = None,
    kinds: Sequence[str] = KINDS,
    only_disagreements: bool = False,
) -> pd.DataFrame:
    """Compare each organisation's recorded ``stars`` with what the rule computes.

    Parameters
    ----------
    store : the graph store.
    county, domain : keep only this county / domain (None: all).
    kinds : organisation kinds to check (every kind by default).
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


_BY = Param("by", "string", help="group by county, domain, tier, township or kind",
            choices=_GROUPS)


@analysis("star-distribution", title=("星级分布", "Star distribution"),
          description=("各组（旗县区、领域等）每个星级的组织数和 6 星、8 星以上的占比；有评定要素的"
                       "按规则计星（by_rule 列为按规则计星的组织数）。",
                       "Per group, organisations at each star rating and the 6+ and 8+ shares; "
                       "ratings follow the rule where the components are given (by_rule counts "
                       "them)."),
          params=(_BY, _ALL_KINDS), columns=DIST_COLUMNS, values={"group": "$by"})
def star_distribution(
    store: GraphStore, *, by: str = "county", kinds: Sequence[str] = KINDS
) -> pd.DataFrame:
    """How many organisations hold each star rating, per group.

    Parameters
    ----------
    store : the graph store.
    by : "county" (default), "domain", "tier", "township" or "kind".
    kinds : organisation kinds counted (every kind by default).

    Returns
    -------
    DataFrame: group, organisations, s0 .. s10 (organisations with that rating), rated
    (organisations with a rating), by_rule (of them, rated by the rule rather than the
    recorded stars), at6_share and at8_share (share of the group's RATED organisations
    at 6+ / 8+, 0 with none rated). Groups in order; a missing group (e.g. no county)
    comes last as None.
    """
    if by not in _GROUPS:
        raise ValueError(f"cannot group stars by {by!r}; use one of: {', '.join(_GROUPS)}")
    counts = star_counts(store, by=by, kinds=kinds)
    rows = []
    for group, part in counts.groupby("group", dropna=False, sort=False):
        rated = part.dropna(subset=["stars"])
        per = rated.groupby("stars")["organisations"].sum()
        n_rated = int(per.sum())
        row: dict[str, Any] = {"group": None if pd.isna(group) else group,
                               "organisations": int(part["organisations"].sum())}
        for i in range(11):
            row[f"s{i}"] = int(per.get(i, 0))
        row["rated"] = n_rated
        row["by_rule"] = int(rated.loc[rated["by_rule"], "organisations"].sum())
        for col, mark in (("at6_share", rules.BASTION), ("at8_share", rules.STRONG_BASTION)):
            row[col] = float(per[per.index >= mark].sum()) / n_rated if n_rated else 0.0
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
    kinds: Sequence[str] = KINDS,
    county: str | None = None,
    domain: str | None = None,
) -> pd.DataFrame:
    """Organisations per group and star rating, counted in the store (named query
    ``stars_counts``: a few hundred rows however many organisations) and rated by
    :func:`graphmodel.rules.rating`.

    Returns
    -------
    DataFrame: group (None where the organisation has none), stars (the rating, Int64;
    <NA> for unrated), by_rule (bool: the rating came from the rule), organisations.
    """
    df = run_query(store, "stars_counts", {
        "by": by, "kinds": list(kinds), "county": county, "domain": domain,
    })
    if df.empty:
        return pd.DataFrame({"group": pd.Series([], dtype=object),
                             "stars": pd.Series([], dtype="Int64"),
                             "by_rule": pd.Series([], dtype=bool),
                             "organisations": pd.Series([], dtype="int64")})
    points = pd.to_numeric(df["points"], errors="coerce")
    computed = computed_stars(df["base_stars"], points, points * 0)
    rating = rules.rating(df["stars"], df["base_stars"], points, points * 0)
    out = pd.DataFrame({
        "group": df["grp"].astype(object).where(df["grp"].notna(), None),
        "stars": rating,
        "by_rule": computed.notna().to_numpy(dtype=bool),
        "organisations": pd.to_numeric(df["organisations"]).astype("int64"),
    })
    out = out.groupby(["group", "stars", "by_rule"], dropna=False, as_index=False)["organisations"].sum()
    out["stars"] = out["stars"].astype("Int64")
    out["group"] = out["group"].astype(object).where(out["group"].notna(), None)
    return out


def _typed_dist(out: pd.DataFrame) -> pd.DataFrame:
    out["group"] = out["group"].astype(object)
    for col in ["organisations", *STAR_COLUMNS, "rated", "by_rule"]:
        out[col] = out[col].astype("int64")
    for col in ("at6_share", "at8_share"):
        out[col] = out[col].astype("float64")
    return out


@analysis("star-progress", title=("星级目标进度", "Star targets"),
          description=("已评星组织中达到各星级目标（数量和占比）的情况，以及还差多少个、多少个百分点。",
                       "How far the rated organisations are from each star target, in organisations "
                       "and in share."),
          params=(_ALL_KINDS, "county", "domain",
                  Param("targets", "string", help="the star targets, NAME=STARS:COUNT:SHARE;... "
                        "(e.g. 8+=8:1000:10.1%)", setting="star_targets")),
          columns=PROGRESS_COLUMNS)
def star_progress(
    store: GraphStore,
    *,
    kinds: Sequence[str] = KINDS,
    county: str | None = None,
    domain: str | None = None,
    targets: Sequence[Target] | str = DEFAULT_TARGETS,
) -> pd.DataFrame:
    """How far the organisations are from the star targets.

    Parameters
    ----------
    store : the graph store.
    kinds : organisation kinds counted (every kind by default).
    county, domain : measure one county / domain only (None: all).
    targets : the targets (the ``star_targets`` setting; domain.md's by default).

    Returns
    -------
    DataFrame, one row per target: target (its name, e.g. "8+"), stars (the lowest
    rating that counts), goal_count (organisations wanted; None when the target is a
    share only), goal_share, organisations (rated ones counted), at_target (rated at
    least ``stars``), share (at_target / organisations; NaN with none), count_gap
    (organisations still needed: the count goal, or ``ceil(goal_share × organisations)``
    where there is none, minus at_target, never below 0), share_gap (goal_share − share,
    never below 0) and by_rule (organisations rated by the rule, not the recorded stars).

    Example: 10 rated organisations, 5 of them at 6+ and 1 at 8+, targets 60.9% and
    10.1% with no count -> the "6+" gap is ceil(6.09) - 5 = 2, the "8+" gap 1.
    """
    if isinstance(targets, str):
        try:
            targets = parse_targets(targets)
        except ConfigError as exc:
            raise QueryParamError(str(exc)) from None
    counts = star_counts(store, by="kind", kinds=kinds, county=county, domain=domain)
    rated = counts.dropna(subset=["stars"])
    n = int(rated["organisations"].sum())
    by_rule = int(rated.loc[rated["by_rule"], "organisations"].sum())
    rows = []
    for t in targets:
        at = int(rated.loc[rated["stars"] >= t.stars, "organisations"].sum())
        needed = t.count if t.count is not None else math.ceil(round(t.share * n, 9))
        share = at / n if n else float("nan")
        rows.append({"target": t.name, "stars": t.stars, "goal_count": t.count,
                     "goal_share": t.share, "organisations": n, "at_target": at, "share": share,
                     "count_gap": max(0, needed - at),
                     "share_gap": max(0.0, t.share - share) if n else t.share,
                     "by_rule": by_rule})
    out = pd.DataFrame(rows, columns=PROGRESS_COLUMNS)
    out["goal_count"] = pd.array(out["goal_count"].tolist(), dtype="Int64")
    return out.astype({"stars": "int64", "organisations": "int64", "at_target": "int64",
                       "count_gap": "int64", "by_rule": "int64"})
