"""Responsibility along the tree (逐级汇总): figures per committee over its whole subtree.

Every committee and working committee (党委, 党工委) answers for the grassroots
organisations below it, however deep (:mod:`queries.tree` walks BELONGS_TO up from
each organisation to its responsible committee, then from committee to committee).
:func:`committee_rollup` adds up, per committee, the organisations of its subtree, how
many are watched (the ``coverage`` analysis's rule: an active mentor or contact point),
the lagging and the weak ones nobody watches (the ones to act on first) and their
stars (the rating of :func:`graphmodel.rules.rating`: mean, and how many reach a
bastion's 6 and a strong bastion's 8). :func:`committee_branches` lists the
organisations a committee answers for directly: the leaves of the drill-down.

A top committee counts everything below it: the city committee's figures are the
city's, a township committee's only its villages'. With ``county`` the tree is that
county's organisations alone (a link up to the city's committee ends there), as a
county-limited user sees it.

Example
-------
>>> from queries.rollup import committee_rollup           # doctest: +SKIP
>>> committee_rollup(store, county="红山区", as_of="2025-01-01")  # doctest: +SKIP
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from graphmodel import rules
from graphmodel.rules import COMMITTEES

from ._common import shape
from .catalogue import analysis
from .coverage import coverage
from .params import Param
from .tree import committee_paths, nearest_committees, org_tree

__all__ = ["ROLLUP_COLUMNS", "BRANCH_COLUMNS", "committee_rollup", "committee_branches"]

#: The columns of :func:`committee_rollup`, in order.
ROLLUP_COLUMNS = [
    "committee_id", "name", "kind", "county", "parent_committee_id", "depth",
    "organisations", "watched", "watched_share", "lagging_unwatched", "weak_unwatched",
    "stars_mean", "at6", "at8",
]  # fmt: skip
#: The columns of :func:`committee_branches`, in order.
BRANCH_COLUMNS = [
    "org_id", "name", "kind", "county", "township", "domain", "tier", "stars", "weak",
    "watchers", "watched", "committee_id", "committee",
]  # fmt: skip

COMMITTEE = Param("committee", "string", help="the committee (its org_id) to drill into")
_FILTERS = ("as_of", "county", "domain", "tier", COMMITTEE)
_FIGURES = ("organisations", "watched", "lagging_unwatched", "weak_unwatched", "at6", "at8")
_LABELS = {
    "name": ("党委名称", "Committee"),
    "watched": ("有人包联数", "Watched"),
}

AsOf = str | date | None


def _organisations(store: Any, *, as_of: AsOf, county: str | None, domain: str | None,
                   tier: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tree and the grassroots organisations' coverage with their responsible committee."""
    tree = org_tree(store, county=county)
    orgs = coverage(store, as_of=as_of, county=county, domain=domain, tier=tier)
    orgs = orgs.merge(nearest_committees(tree), on="org_id", how="left")
    return tree, orgs


@analysis("committee-rollup", title=("各党委逐级汇总", "Figures per committee"),
          description=("每个党委、党工委所辖全部基层组织（含下级党委所辖）的组织数、有人包联数和占比、"
                       "无人包联的后进和软弱涣散组织数、平均星级及 6 星、8 星以上组织数。",
                       "Per committee and working committee, over every grassroots organisation "
                       "below it: organisations, watched and their share, lagging and weak ones "
                       "nobody watches, mean stars and how many reach 6 and 8."),
          params=_FILTERS, columns=ROLLUP_COLUMNS, labels=_LABELS)
def committee_rollup(
    store: Any,
    *,
    as_of: AsOf = None,
    county: str | None = None,
    domain: str | None = None,
    tier: str | None = None,
    committee: str | None = None,
) -> pd.DataFrame:
    """One row per committee with the figures of its whole subtree on ``as_of``.

    Parameters
    ----------
    store : graphmodel.GraphStore
    as_of : 'YYYY-MM-DD', date or None (the store's day, else today)
    county : str, optional
        The tree of this county's organisations only.
    domain, tier : str, optional
        Count only grassroots organisations of this domain or tier (every committee
        stays, with zeros where none is left).
    committee : str, optional
        Only this committee (by org_id) and the committees below it.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`ROLLUP_COLUMNS`: the committee (committee_id, name, kind,
        county), ``parent_committee_id`` (its own responsible committee), ``depth``
        (committees above it), then over the grassroots organisations of its subtree:
        ``organisations``, ``watched``, ``watched_share`` (NaN with none),
        ``lagging_unwatched`` and ``weak_unwatched`` (lagging, or weak, and nobody
        watching; one organisation can be both), ``stars_mean`` (over the rated ones,
        NaN with none), ``at6`` and ``at8`` (rated 6+ and 8+). In tree order: each
        committee followed by those below it, siblings by committee_id.
    """
    tree, orgs = _organisations(store, as_of=as_of, county=county, domain=domain, tier=tier)
    paths = committee_paths(tree)
    stars = orgs["stars"]
    unwatched = ~orgs["watched"].astype(bool)
    # figures per responsible committee first, then each committee's added to every
    # committee on its path: the explode is over committees, not over organisations
    # (at nation 4.9 million organisations, a few levels each, took gigabytes)
    direct = pd.DataFrame({
        "committee_id": orgs["committee_id"],
        "organisations": 1,
        "watched": orgs["watched"].astype(int),
        "lagging_unwatched": (orgs["tier"].eq("lagging") & unwatched).astype(int),
        "weak_unwatched": (orgs["weak"].fillna(False).astype(bool) & unwatched).astype(int),
        "star_sum": stars.astype("float64").fillna(0.0),
        "rated": stars.notna().astype(int),
        "at6": stars.ge(rules.BASTION).fillna(False).astype(int),
        "at8": stars.ge(rules.STRONG_BASTION).fillna(False).astype(int),
    }).dropna(subset=["committee_id"]).groupby("committee_id").sum()
    facts = direct.assign(under=[paths.get(c) for c in direct.index]).dropna(subset=["under"]).explode("under")
    sums = facts.groupby("under")[[*_FIGURES, "star_sum", "rated"]].sum()
    means = (sums["star_sum"] / sums["rated"].where(sums["rated"] > 0)).astype("float64")

    rows = tree[tree["kind"].isin(COMMITTEES)].rename(columns={"org_id": "committee_id"})
    up = nearest_committees(tree).set_index("org_id")["committee_id"]
    rows = rows.assign(parent_committee_id=rows["committee_id"].map(up),
                       _path=rows["committee_id"].map(paths))
    rows["depth"] = rows["_path"].map(len) - 1
    for col in _FIGURES:
        rows[col] = rows["committee_id"].map(sums[col]).fillna(0).astype("int64")
    n = rows["organisations"].where(rows["organisations"] > 0)
    rows["watched_share"] = rows["watched"] / n
    rows["stars_mean"] = pd.to_numeric(rows["committee_id"].map(means), errors="coerce")
    if committee is not None:
        rows = rows[rows["_path"].map(lambda p: committee in p)]
    rows = rows.sort_values("_path", key=lambda s: s.map(list), kind="stable")
    return shape(rows, ROLLUP_COLUMNS, ints=(*_FIGURES, "depth"))


@analysis("committee-branches", title=("党委直属基层组织", "Organisations a committee answers for"),
          description=("负责党委为所选党委的基层组织（中间可隔党总支）及其包联情况，后进、软弱涣散、"
                       "星级低的在前。",
                       "The grassroots organisations whose responsible committee is the one chosen "
                       "(through a general branch too), with their watchers; lagging, weak and "
                       "fewest stars first."),
          params=_FILTERS, columns=BRANCH_COLUMNS, labels={"name": ("组织名称", "Organisation")})
def committee_branches(
    store: Any,
    *,
    as_of: AsOf = None,
    county: str | None = None,
    domain: str | None = None,
    tier: str | None = None,
    committee: str | None = None,
) -> pd.DataFrame:
    """The grassroots organisations and the committee each answers to, neediest first.

    Parameters
    ----------
    store : graphmodel.GraphStore
    as_of, county, domain, tier : as in :func:`committee_rollup`.
    committee : str, optional
        Only the organisations whose responsible committee is this one (by org_id);
        every organisation when not given.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`BRANCH_COLUMNS`: the organisation as in the ``coverage``
        analysis (stars as the rating, ``watchers``, ``watched``) and its responsible
        committee (``committee_id``, ``committee``), ordered lagging first, then weak,
        then fewest stars, then org_id.
    """
    _, orgs = _organisations(store, as_of=as_of, county=county, domain=domain, tier=tier)
    if committee is not None:
        orgs = orgs[orgs["committee_id"].eq(committee)]
    return shape(rules.neediest_first(orgs), BRANCH_COLUMNS, bools=("watched",))
