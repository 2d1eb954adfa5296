"""One month's state, read from a snapshot: what the month-on-month analyses compare.

:func:`month_pair` finds the two snapshots a comparison runs on (default: the newest
and the one before it) and :func:`org_state` / :func:`county_figures` read one month
through the same analyses every page uses — ``coverage`` for who is watched,
``mentor-load`` for loads and mixes, ``star-distribution`` for the 6+ and 8+ shares,
:func:`queries.headline.summarise` for the headline figures — each on its
snapshot's store with that snapshot's day as the as-of day, so a change is never a
second rule.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from graphmodel import rules
from graphmodel.history import Snapshot, history_of
from graphmodel.projection import rel_frame

from .coverage import coverage
from .headline import summarise
from .mentors import mentor_load
from .stars import star_distribution

__all__ = ["Month", "month_pair", "months", "org_state", "county_figures", "month_figures", "month_orgs", "remember", "TREND_FIGURES"]

#: The figures a month is summed up by, per county and overall (trend lines, 环比).
TREND_FIGURES = ("organisations", "watched_share", "lagging_unwatched", "weak_unwatched",
                 "weak", "at6_share", "at8_share", "over_capacity")


class Month:
    """One snapshot opened for reading: its record, a store holding it, its day."""

    def __init__(self, snap: Snapshot, store: Any) -> None:
        self.snap, self.store, self.day = snap, store, snap.day


def months(store: Any) -> list[Snapshot]:
    """Every snapshot up to the month ``store`` answers for (all of them for the store
    itself, those up to its day for a past snapshot), oldest first; [] on Bolt."""
    history = history_of(store)
    if history is None:
        return []
    upto = getattr(store, "snapshot_day", None)
    return [s for s in history.entries() if upto is None or s.day <= upto]


def month_pair(store: Any, start: Any = None, end: Any = None) -> tuple[Month, Month] | None:
    """The months a comparison runs on: ``end`` (the newest snapshot on or before it;
    default the newest) and ``start`` (likewise; default the snapshot before ``end``).
    None when there is nothing to compare (no history, or one snapshot). StoreError
    when a day given has no snapshot on or before it, or on Bolt with a day given."""
    history = history_of(store)
    if history is None:
        if start is not None or end is not None:
            from graphmodel import StoreError

            raise StoreError(key="no_history_bolt", store=store.uri)
        return None
    entries = months(store)
    if not entries:
        return None
    b = history.on_or_before(end) if end is not None else entries[-1]
    if start is not None:
        a = history.on_or_before(start)
    else:
        before = [s for s in entries if s.day < b.day]
        if not before:
            return None
        a = before[-1]
    return Month(a, history.store(a, current=store)), Month(b, history.store(b, current=store))


def org_state(month: Month, county: str | None = None) -> pd.DataFrame:
    """Every grassroots organisation of the month, indexed by org_id: name, county,
    township, tier, stars (the rating), weak, watched, ``mentors`` (the people mentoring
    it on the day, a frozenset) and ``alliances`` (its alliances, a frozenset)."""
    cov = coverage(month.store, as_of=month.day, county=county).set_index("org_id")
    links = rel_frame(month.store, "MENTORS")
    links = links[rules.active_on(links["since"], links["until"], month.day)]
    members = rel_frame(month.store, "MEMBER_OF")
    out = cov[["name", "county", "township", "tier", "stars", "weak", "watched"]].copy()
    out["mentors"] = _sets(links, "dst", "src", out.index)
    out["alliances"] = _sets(members, "src", "dst", out.index)
    return out


def _sets(rels: pd.DataFrame, key: str, other: str, index: pd.Index) -> pd.Series:
    """``key`` -> frozenset of ``other`` over ``rels``, for every id of ``index``."""
    if rels.empty:
        return pd.Series([frozenset()] * len(index), index=index, dtype=object)
    grouped = rels.groupby(key)[other].agg(frozenset)
    return grouped.reindex(index).map(lambda v: v if isinstance(v, frozenset) else frozenset())


#: Bumped when :func:`county_figures` counts differently (figures kept per snapshot).
FIGURES_VERSION = 1


def month_figures(store: Any, snap: Snapshot,
                  default_capacity: int = rules.DEFAULT_CAPACITY) -> pd.DataFrame:
    """:func:`county_figures` of the snapshot ``snap``, worked out once and kept with it."""
    history = history_of(store)

    def compute() -> pd.DataFrame:
        return county_figures(Month(snap, history.store(snap, current=store)), default_capacity)

    return history.memo(snap, f"figures{FIGURES_VERSION}-{int(default_capacity)}", compute)


def month_orgs(store: Any, snap: Snapshot) -> pd.DataFrame:
    """Every grassroots organisation of the snapshot ``snap`` on its day: org_id, county,
    tier, weak, watched (``coverage``), worked out once and kept with it."""
    history = history_of(store)

    def compute() -> pd.DataFrame:
        cov = coverage(history.store(snap, current=store), as_of=snap.day)
        return cov[["org_id", "county", "tier", "weak", "watched"]]

    return history.memo(snap, f"orgs{FIGURES_VERSION}", compute)


def remember(store: Any, snap: Snapshot | None,
             default_capacity: int = rules.DEFAULT_CAPACITY) -> None:
    """Work out the figures of the month a load just kept (:func:`month_figures`,
    :func:`month_orgs`), so trend lines and warnings over many months only read them
    back: on the store itself for the newest month, nearly free. No-op without ``snap``."""
    if snap is None or history_of(store) is None:
        return
    month_figures(store, snap, default_capacity)
    month_orgs(store, snap)


def county_figures(month: Month, default_capacity: int = rules.DEFAULT_CAPACITY) -> pd.DataFrame:
    """The month's :data:`TREND_FIGURES` per county and for all (``county`` None first)."""
    cov = coverage(month.store, as_of=month.day)
    mentors = mentor_load(month.store, as_of=month.day, default_capacity=default_capacity)
    stars = star_distribution(month.store, by="county")
    # one pass to split by county (a filter per county is quadratic: a nation has 6,500)
    cov_by, ment_by = dict(tuple(cov.groupby("county"))), dict(tuple(mentors.groupby("county")))
    stars_by = dict(tuple(stars.groupby("group")))
    rows = []
    for county in [None, *sorted(cov_by)]:
        part = cov if county is None else cov_by[county]
        ment = mentors if county is None else ment_by.get(county, mentors.iloc[:0])
        orgs = pd.DataFrame({"tier": part["tier"], "weak": part["weak"],
                             "watched": part["watched"], "allied": part["alliances"] > 0})
        head = summarise(orgs, ment)
        st = stars if county is None else stars_by.get(county, stars.iloc[:0])
        rated = int(st["rated"].sum())
        at6 = int(st[[f"s{i}" for i in range(6, 11)]].to_numpy().sum())
        at8 = int(st[[f"s{i}" for i in range(8, 11)]].to_numpy().sum())
        rows.append({"county": county, **{k: head[k] for k in
                                          ("organisations", "watched_share", "lagging_unwatched",
                                           "weak_unwatched", "over_capacity")},
                     "weak": int(part["weak"].astype("boolean").fillna(False).sum()),
                     "at6_share": round(at6 / rated, 4) if rated else 0.0,
                     "at8_share": round(at8 / rated, 4) if rated else 0.0})
    return pd.DataFrame(rows, columns=["county", *TREND_FIGURES])
