"""Coverage: who is looked after, on which dimension, and where the gaps are.

A grassroots organisation is *watched* on a day when at least one person has an
active mentor (包联) or contact-point (联系点) link to it; alliances, pairings and
industry chains are further dimensions of coverage. A dated link is active on
day D when ``since`` is empty or not after D and ``until`` is empty or not
before D.

Each dimension is counted by its own small aggregation query from the library
(``coverage_orgs`` lists the organisations, ``coverage_watchers``,
``coverage_mentors``, ``coverage_contacts``, ``coverage_alliances``,
``coverage_pairings`` and ``coverage_chains`` count per organisation) and the
counts are joined here in pandas: chaining the six ``OPTIONAL MATCH … count``
steps in one query (the library's ``coverage`` / ``coverage_gaps`` /
``coverage_by_county`` / ``coverage_by_domain``, kept for planners) makes
LadybugDB materialise every intermediate row and runs out of buffer pool at
nation scale (millions of organisations). ``single_watcher`` is one query.

Example
-------
>>> from queries import coverage_gaps                       # doctest: +SKIP
>>> coverage_gaps(store, county="红山区", as_of="2025-01-01")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from graphmodel import rules

from ._common import (DIMENSIONS, GRASSROOTS, arrow_text, as_of_text, kinds_list, positions, rated,
                      run, shape)
from .catalogue import analysis
from .params import Param, QueryParamError
from .tree import with_committee

__all__ = [
    "COVERAGE_COLUMNS",
    "GAP_COLUMNS",
    "RATE_COLUMNS",
    "SINGLE_WATCHER_COLUMNS",
    "DIMENSIONS",
    "coverage",
    "coverage_gaps",
    "coverage_rates",
    "single_watcher",
    "unwatched_in",
    "NO_COUNTY",
]

#: How the queries' ``counties`` parameter names the organisations without a county.
NO_COUNTY = "-"

COVERAGE_COLUMNS = [
    "org_id", "name", "kind", "county", "township", "domain", "tier", "stars", "weak",
    "watchers", "mentors", "contacts", "alliances", "pairings", "chains", "watched",
]  # fmt: skip
GAP_COLUMNS = [
    "org_id", "name", "kind", "county", "township", "domain", "tier", "stars", "weak", "missing",
    "committee_id", "committee",
]  # fmt: skip
RATE_COLUMNS = [
    "group", "organisations", "watched", "watched_share", "mentor_share", "contact_share",
    "alliance_share", "pairing_share", "chain_share",
]  # fmt: skip
SINGLE_WATCHER_COLUMNS = [
    "org_id", "name", "county", "domain", "tier", "stars", "weak", "person_id", "person_name",
]  # fmt: skip

#: Which count column says whether an organisation has each dimension.
_COUNT_OF = {
    "watched": "watchers",
    "mentor": "mentors",
    "contact": "contacts",
    "alliance": "alliances",
    "pairing": "pairings",
    "chain": "chains",
}

#: The coverage-gap dimension parameter, as every caller sees it.
DIMENSION = Param("dimension", "string", help="the coverage they lack", choices=DIMENSIONS)
_FILTERS = ("as_of", "county", "domain", "tier", "kinds")
_ORG = {"name": ("组织名称", "Organisation")}

Kinds = Iterable[str]
AsOf = str | date | None


@analysis("coverage", title=("各组织的覆盖情况", "Coverage per organisation"),
          description=("每个基层组织在截至日期的包联、联系点、联合体、结对、产业链覆盖。",
                       "Every grassroots organisation with its watchers, mentors, contact points, "
                       "alliances, pairings and chains on the day."),
          params=_FILTERS, columns=COVERAGE_COLUMNS, labels=_ORG, export=False)
def coverage(
    store: Any,
    *,
    as_of: AsOf = None,
    county: str | None = None,
    domain: str | None = None,
    tier: str | None = None,
    kinds: Kinds = GRASSROOTS,
) -> pd.DataFrame:
    """Every organisation of ``kinds`` with its coverage on ``as_of``.

    Parameters
    ----------
    store : graphmodel.GraphStore
    as_of : 'YYYY-MM-DD', date or None (today)
        The day links must be active on.
    county, domain, tier : str, optional
        Keep only organisations of this county (旗县区), domain (领域) or tier.
    kinds : iterable of str
        Organisation kinds to include (default: branch and general_branch).

    Returns
    -------
    pandas.DataFrame
        One row per organisation, ordered by ``org_id``, with columns
        :data:`COVERAGE_COLUMNS`: org_id, name, kind, county, township, domain,
        tier, stars, weak, then ``watchers`` (distinct people with an active
        mentor or contact-point link), ``mentors`` and ``contacts`` (distinct
        people per link type), ``alliances``, ``pairings`` (distinct partner
        organisations, either direction, active on the day), ``chains``, and
        ``watched`` (watchers > 0).
    """
    df = _counts(store, as_of=as_of, county=county, domain=domain, tier=tier, kinds=kinds)
    return shape(df, COVERAGE_COLUMNS, bools=("watched",))


@analysis("coverage-gaps", title=("无人包联的基层组织", "Organisations nobody watches"),
          description=("截至日期没有包联干部和联系点的基层组织（或缺少所选的覆盖），后进、软弱涣散、"
                       "星级低的在前。",
                       "Grassroots organisations with no active mentor or contact point on the day "
                       "(or lacking the chosen dimension), lagging, weak and fewest stars first."),
          params=(*_FILTERS[:4], DIMENSION, "kinds"), columns=GAP_COLUMNS, labels=_ORG)
def coverage_gaps(
    store: Any,
    *,
    as_of: AsOf = None,
    county: str | None = None,
    domain: str | None = None,
    tier: str | None = None,
    dimension: str = "watched",
    kinds: Kinds = GRASSROOTS,
) -> pd.DataFrame:
    """Organisations lacking ``dimension`` on ``as_of``, the ones to act on first at the top.

    Parameters
    ----------
    store : graphmodel.GraphStore
    as_of : 'YYYY-MM-DD', date or None (today)
    county, domain, tier : str, optional
        Filters, as in :func:`coverage`.
    dimension : str
        The coverage they lack: ``watched`` (no active mentor or contact point,
        the default), ``mentor``, ``contact``, ``alliance``, ``pairing`` or ``chain``.
    kinds : iterable of str
        Organisation kinds to include (default: branch and general_branch).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`GAP_COLUMNS`: org_id, name, kind, county, township, domain,
        tier, stars, weak, ``missing`` (the dimensions it lacks, '|'-joined in the
        order watched|mentor|contact|alliance|pairing|chain), ``committee_id`` and
        ``committee``: the responsible committee, who should act
        (:func:`queries.tree.responsible`; None where no committee is above it).
        Ordered lagging first, then weak first, then fewest stars (unrated first),
        then org_id.

    Raises
    ------
    queries.registry.QueryParamError
        For an unknown dimension, kind or tier.
    """
    if dimension not in DIMENSIONS:
        raise QueryParamError(
            f"dimension: {dimension!r} is not one of {', '.join(DIMENSIONS)}"
        )
    df = _counts(store, as_of=as_of, county=county, domain=domain, tier=tier, kinds=kinds)
    df = df[df[_COUNT_OF[dimension]].eq(0)]
    df = rules.neediest_first(df)
    df["missing"] = _missing(df)
    return shape(with_committee(store, df, county=county), GAP_COLUMNS)


def unwatched_in(
    store: Any,
    *,
    as_of: AsOf = None,
    counties: Iterable[str] | None = None,
    domain: str | None = None,
    kinds: Kinds = GRASSROOTS,
) -> pd.DataFrame:
    """The organisations nobody watches on ``as_of`` in ``counties`` — the ``watched``
    gaps of :func:`coverage_gaps` by the same rule and order, read for a group of
    counties at a time (the proposal's per-county reads) and without the committee.

    ``counties``: county names, :data:`NO_COUNTY` for the organisations without one;
    None for all. Columns org_id, name, kind, county, township, domain, tier, stars, weak.
    """
    df = _counts(store, as_of=as_of, counties=counties, domain=domain, kinds=kinds,
                 only=("watchers",))
    return shape(rules.neediest_first(df[~df["watched"]]), GAP_COLUMNS[:9])


def _counts(
    store: Any,
    *,
    as_of: AsOf = None,
    county: str | None = None,
    counties: Iterable[str] | None = None,
    domain: str | None = None,
    tier: str | None = None,
    kinds: Kinds = GRASSROOTS,
    only: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """The organisations with one count column per dimension and ``watched``, by org_id.

    One aggregation query per dimension (only organisations that have some come
    back), left-joined on ``org_id`` to the organisation list; absent means 0.
    ``counties`` and ``only`` (count columns, e.g. ``("watchers",)``) narrow it; only
    ``coverage_orgs`` and ``coverage_watchers`` take ``counties``.
    """
    filters = dict(county=county, domain=domain, tier=tier, kinds=kinds_list(kinds))
    group = {} if counties is None else {"counties": list(counties)}
    day = as_of_text(as_of, store)
    orgs = rated(run(store, "coverage_orgs", **filters, **group).reset_index(drop=True))
    ids = arrow_text(orgs["org_id"])
    for col in only or _COUNT_OF.values():
        dated = col not in ("alliances", "chains")
        part = run(store, f"coverage_{col}", **filters, **({"as_of": day} if dated else {}),
                   **(group if col == "watchers" else {}))
        if part.empty:
            orgs[col] = pd.Series(0, index=orgs.index, dtype="int64")
            continue
        # position of each organisation in the answer (-1: not there, count 0)
        at = positions(ids, arrow_text(part["org_id"]))
        found = pd.to_numeric(part[col]).to_numpy(dtype="int64")
        orgs[col] = np.where(at >= 0, found[at], 0).astype("int64")
    orgs["watched"] = orgs["watchers"].gt(0).astype(bool)
    return orgs


def _missing(df: pd.DataFrame) -> pd.Series:
    """'|'-joined names of the dimensions each row has a zero count for (vectorised)."""
    code = np.zeros(len(df), dtype="int64")
    for bit, dim in enumerate(DIMENSIONS):
        lacks = pd.to_numeric(df[_COUNT_OF[dim]], errors="coerce").fillna(0).eq(0)
        code |= lacks.to_numpy(dtype=bool).astype("int64") << bit
    names = np.array([
        "|".join(d for bit, d in enumerate(DIMENSIONS) if c >> bit & 1)
        for c in range(1 << len(DIMENSIONS))
    ], dtype=object)  # fmt: skip
    return pd.Series(names[code], index=df.index, dtype=object)


@analysis("coverage-rates", title=("包联覆盖率", "Coverage rates"),
          description=("各旗县区（或各领域）有人包联、有包联干部、有联系点、入联合体、有结对、"
                       "入产业链的比例。",
                       "Per county (or domain): the shares watched, with a mentor, a contact point, "
                       "an alliance, a pairing, a chain."),
          params=("as_of", Param("by", "string", help="group by county or domain",
                                 choices=("county", "domain")), "kinds"),
          columns=RATE_COLUMNS, values={"group": "$by"})
def coverage_rates(
    store: Any, *, as_of: AsOf = None, by: str = "county", kinds: Kinds = GRASSROOTS
) -> pd.DataFrame:
    """Coverage shares per county or per domain.

    Parameters
    ----------
    store : graphmodel.GraphStore
    as_of : 'YYYY-MM-DD', date or None (today)
    by : 'county' or 'domain'
        How to group the organisations.
    kinds : iterable of str
        Organisation kinds to include (default: branch and general_branch).

    Returns
    -------
    pandas.DataFrame
        One row per group (sorted by name, organisations without one last as
        ``group`` None) with columns :data:`RATE_COLUMNS`: group, organisations,
        watched (how many are watched), then the shares 0..1 that are watched, or
        have a mentor, a contact point, an alliance, a pairing, a chain.
    """
    if by not in ("county", "domain"):
        raise QueryParamError(f"by: {by!r} is not 'county' or 'domain'")
    counts = run(store, "coverage_counts", as_of=as_of_text(as_of, store), by=by, kinds=kinds_list(kinds))
    if counts.empty:
        return shape(pd.DataFrame(), RATE_COLUMNS, ints=("watched",))
    wide = counts.groupby(["grp", "dimension"], dropna=False)["organisations"].sum()
    wide = wide.unstack("dimension", fill_value=0).reindex(columns=["organisations", *DIMENSIONS],
                                                          fill_value=0)
    wide = wide[wide["organisations"] > 0]
    rates = pd.DataFrame({"group": [None if pd.isna(g) else g for g in wide.index],
                          "organisations": wide["organisations"].to_numpy(),
                          "watched": wide["watched"].to_numpy()})  # fmt: skip
    for dim in DIMENSIONS:
        rates[f"{dim}_share"] = wide[dim].to_numpy() / wide["organisations"].to_numpy()
    rates = rates.sort_values("group", na_position="last", kind="stable")
    return shape(rates, RATE_COLUMNS, ints=("watched",))


@analysis("single-watcher", title=("仅一人包联的组织", "Organisations with a single watcher"),
          description=("截至日期只有一人包联或联系的基层组织：此人一调离就成缺口。",
                       "Organisations exactly one person watches on the day: one departure from "
                       "a gap."), params=_FILTERS, columns=SINGLE_WATCHER_COLUMNS, labels=_ORG)
def single_watcher(
    store: Any,
    *,
    as_of: AsOf = None,
    county: str | None = None,
    domain: str | None = None,
    tier: str | None = None,
    kinds: Kinds = GRASSROOTS,
) -> pd.DataFrame:
    """Organisations exactly one person watches on ``as_of``: one departure from a gap.

    Parameters
    ----------
    store : graphmodel.GraphStore
    as_of : 'YYYY-MM-DD', date or None (today)
    county, domain, tier : str, optional
        Filters, as in :func:`coverage`.
    kinds : iterable of str
        Organisation kinds to include (default: branch and general_branch).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SINGLE_WATCHER_COLUMNS`: org_id, name, county, domain, tier,
        stars, weak, person_id, person_name (the one watcher), ordered by org_id.
    """
    df = run(
        store, "single_watcher", as_of=as_of_text(as_of, store), county=county, domain=domain,
        tier=tier, kinds=kinds_list(kinds),
    )  # fmt: skip
    return shape(rated(df), SINGLE_WATCHER_COLUMNS)
