"""What changed between two monthly snapshots (本月变化, 环比).

``changes`` lists, per organisation, each change from the month ``from`` to the month
``to`` (default: the newest snapshot and the one before it), one row per change:

==================  ===========================================================
newly_uncovered     watched in ``from``, nobody watching in ``to``
newly_watched       nobody watching in ``from``, watched in ``to``
mentor_changed      watched in both, by a different set of mentors
weak_cleared        weak (软弱涣散) in ``from``, no longer (销号)
newly_weak          flagged weak in ``to`` only
tier_up/tier_down   the tier moved (后进 → 中间 → 先进 is up)
stars_up/down       the rating moved
joined/left         in an alliance it was not in, or left one
added/removed       in only one of the two ledgers
==================  ===========================================================

``changes-people`` gives every mentor whose load or mix moved, before and after;
``changes-counties`` each county's figures in both months and the difference (环比);
``trends`` the same figures for every snapshot, oldest first (the trend lines).
Each month is read by :mod:`queries.months`, through the analyses every page uses.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from graphmodel import rules
from graphmodel.projection import node_frame
from graphmodel.schema import ENUMS

from .catalogue import analysis
from .labels import VALUE_LABELS
from .mentors import CAPACITY, mentor_load
from .months import TREND_FIGURES, month_figures, month_pair, months, org_state
from .params import Param

__all__ = ["CHANGES", "CHANGE_COLUMNS", "changes", "changes_people", "changes_counties", "trends"]

#: The kinds of change, in the order a planner reads them.
CHANGES = ("newly_uncovered", "newly_watched", "mentor_changed", "weak_cleared", "newly_weak",
           "tier_up", "tier_down", "stars_up", "stars_down", "joined_alliance", "left_alliance",
           "added", "removed")
CHANGE_COLUMNS = ["org_id", "name", "county", "township", "change", "before", "after",
                  "from_day", "to_day"]
PEOPLE_COLUMNS = ["person_id", "name", "county", "mentored_before", "mentored_after",
                  "mix_before", "mix_after", "status_before", "status_after"]
COUNTY_COLUMNS = ["county", "figure", "before", "after", "difference", "from_day", "to_day"]
TREND_COLUMNS = ["day", "county", *TREND_FIGURES]

START = Param("from", "date", arg="start", help="the earlier month: the newest snapshot on or before it "
              "(default: the one before the later month)")
END = Param("to", "date", arg="end", help="the later month: the newest snapshot on or before it "
            "(default: the newest)")
_TIER_RANK = {t: i for i, t in enumerate(reversed(ENUMS["tier"]))}  # lagging 0 .. advanced 2
_DAYS = {"from_day": ("上月快照", "From"), "to_day": ("本月快照", "To")}


def _dates(start: Any, end: Any) -> tuple[Any, Any]:
    return (None if start in (None, "", "today") else start,
            None if end in (None, "", "today") else end)


@analysis("changes", title=("本月变化", "What changed"),
          description=("两个月份快照之间每个基层组织的变化：新增无人包联、新增有人包联、包联干部变更、"
                       "软弱涣散销号或新增、类别升降、星级升降、加入或退出联合体、新增或撤销组织。",
                       "Per organisation, what changed between two monthly snapshots: newly "
                       "uncovered or watched, mentor changed, weak cleared or newly weak, tier and "
                       "stars up or down, joined or left an alliance, added or removed."),
          params=(START, END, "county"), columns=CHANGE_COLUMNS,
          labels={"name": ("组织名称", "Organisation"), "change": ("变化", "Change"),
                  "before": ("变化前", "Before"), "after": ("变化后", "After"), **_DAYS},
          values={"change": "change", "before": "tier", "after": "tier"})
def changes(store: Any, *, start: Any = None, end: Any = None,
            county: str | None = None) -> pd.DataFrame:
    """One row per organisation and change between the two months (see the module)."""
    pair = month_pair(store, *_dates(start, end))
    if pair is None:
        return pd.DataFrame(columns=CHANGE_COLUMNS)
    a, b = pair
    old, new = org_state(a, county), org_state(b, county)
    names = {**_names(a.store), **_names(b.store)}
    rows: list[tuple[str, str, Any, Any]] = []

    def _people(ids: frozenset) -> str:
        return "、".join(sorted(names.get(i, i) for i in ids))

    def add(oid: str, change: str, before: Any = "", after: Any = "") -> None:
        rows.append((oid, change, before, after))

    for oid in new.index.difference(old.index):
        add(oid, "added")
    for oid in old.index.difference(new.index):
        add(oid, "removed")
    both = old.index.intersection(new.index)
    o, n = old.loc[both], new.loc[both]
    w0, w1 = o["watched"].astype(bool), n["watched"].astype(bool)
    same_mentors = pd.Series([x == y for x, y in zip(o["mentors"], n["mentors"])], index=both)
    for oid in both[w0 & ~w1]:
        add(oid, "newly_uncovered", _people(o.at[oid, "mentors"]), "")
    for oid in both[~w0 & w1]:
        add(oid, "newly_watched", "", _people(n.at[oid, "mentors"]))
    for oid in both[w0 & w1 & ~same_mentors]:
        add(oid, "mentor_changed", _people(o.at[oid, "mentors"]), _people(n.at[oid, "mentors"]))
    k0, k1 = _flags(o["weak"]), _flags(n["weak"])
    for oid in both[k0 & ~k1]:
        add(oid, "weak_cleared")
    for oid in both[k1 & ~k0]:
        add(oid, "newly_weak")
    r0, r1 = o["tier"].map(_TIER_RANK), n["tier"].map(_TIER_RANK)
    for oid in both[(r1 > r0).fillna(False).astype(bool)]:
        add(oid, "tier_up", o.at[oid, "tier"], n.at[oid, "tier"])
    for oid in both[(r1 < r0).fillna(False).astype(bool)]:
        add(oid, "tier_down", o.at[oid, "tier"], n.at[oid, "tier"])
    s0, s1 = pd.to_numeric(o["stars"]), pd.to_numeric(n["stars"])
    for oid in both[(s1 > s0).fillna(False).astype(bool)]:
        add(oid, "stars_up", int(s0[oid]), int(s1[oid]))
    for oid in both[(s1 < s0).fillna(False).astype(bool)]:
        add(oid, "stars_down", int(s0[oid]), int(s1[oid]))
    moved = [oid for oid, x, y in zip(both, o["alliances"], n["alliances"]) if x != y]
    for oid in moved:
        for al in sorted(n.at[oid, "alliances"] - o.at[oid, "alliances"]):
            add(oid, "joined_alliance", "", al)
        for al in sorted(o.at[oid, "alliances"] - n.at[oid, "alliances"]):
            add(oid, "left_alliance", al, "")
    where = ["name", "county", "township"]
    info = pd.concat([old[where], new[where]])
    info = info[~info.index.duplicated(keep="last")]  # the later month's name and place
    out = pd.DataFrame(rows, columns=["org_id", "change", "before", "after"])
    out = out.join(info, on="org_id")[CHANGE_COLUMNS[:-2]]
    order = {c: i for i, c in enumerate(CHANGES)}
    out = out.assign(_o=out["change"].map(order)).sort_values(
        ["_o", "county", "org_id"], kind="stable").drop(columns="_o")
    return out.assign(from_day=a.day, to_day=b.day).reset_index(drop=True)[CHANGE_COLUMNS]


def _flags(s: pd.Series) -> pd.Series:
    return s.astype("boolean").fillna(False).astype(bool)


def _names(store: Any) -> dict[str, str]:
    people = node_frame(store, "Person", columns=["name"])
    return dict(zip(people["person_id"], people["name"].fillna(people["person_id"])))


@analysis("changes-people", title=("包联干部负担变化", "Mentor load, before and after"),
          description=("两个月份之间包联支部数或先进/中间/后进搭配有变化的包联干部：变化前后的负担、搭配和状态。",
                       "Mentors whose branches or advanced/middle/lagging mix moved between two "
                       "months: load, mix and status before and after."),
          params=(START, END, "county", CAPACITY), columns=PEOPLE_COLUMNS,
          labels={"name": ("姓名", "Name"), "mentored_before": ("上月包联支部数", "Branches before"),
                  "mentored_after": ("本月包联支部数", "Branches after"),
                  "mix_before": ("上月搭配", "Mix before"), "mix_after": ("本月搭配", "Mix after"),
                  "status_before": ("上月负担状态", "Status before"),
                  "status_after": ("本月负担状态", "Status after")},
          values={"mix_before": "mix", "mix_after": "mix", "status_before": "status",
                  "status_after": "status"})
def changes_people(store: Any, *, start: Any = None, end: Any = None, county: str | None = None,
                   default_capacity: int = rules.DEFAULT_CAPACITY) -> pd.DataFrame:
    """Every mentor in either month whose load or mix differs (added or gone: 0 / blank)."""
    pair = month_pair(store, *_dates(start, end))
    if pair is None:
        return pd.DataFrame(columns=PEOPLE_COLUMNS)
    a, b = pair
    keep = ["person_id", "name", "county", "mentored", "mix", "status"]
    old = mentor_load(a.store, as_of=a.day, county=county, default_capacity=default_capacity)[keep]
    new = mentor_load(b.store, as_of=b.day, county=county, default_capacity=default_capacity)[keep]
    m = old.merge(new, on="person_id", how="outer", suffixes=("_before", "_after"))
    for col in ("name", "county"):
        m[col] = m[f"{col}_after"].fillna(m[f"{col}_before"])
    for col in ("mentored_before", "mentored_after"):
        m[col] = pd.to_numeric(m[col]).fillna(0).astype("int64")
    moved = (m["mentored_before"] != m["mentored_after"]) | (
        m["mix_before"].fillna("") != m["mix_after"].fillna(""))
    return m[moved].sort_values(["county", "person_id"]).reset_index(drop=True)[PEOPLE_COLUMNS]


@analysis("changes-counties", title=("各旗县区环比", "Counties, month on month"),
          description=("各旗县区（及全部）在两个月份的有人包联占比、无人包联的后进和软弱涣散组织、"
                       "软弱涣散数、6 星和 8 星以上占比、超出上限的包联干部，以及差值（环比）。",
                       "Each county's (and the whole's) figures in both months — watched share, "
                       "lagging and weak unwatched, weak, 6+ and 8+ shares, mentors over "
                       "capacity — and the difference."),
          params=(START, END, CAPACITY), columns=COUNTY_COLUMNS,
          labels={"figure": ("指标", "Figure"), "before": ("上月", "Before"),
                  "after": ("本月", "After"), "difference": ("环比", "Change"), **_DAYS},
          values={"figure": "figure"})
def changes_counties(store: Any, *, start: Any = None, end: Any = None,
                     default_capacity: int = rules.DEFAULT_CAPACITY) -> pd.DataFrame:
    """Per county (None: all) and figure of :data:`TREND_FIGURES`: before, after, difference."""
    pair = month_pair(store, *_dates(start, end))
    if pair is None:
        return pd.DataFrame(columns=COUNTY_COLUMNS)
    a, b = pair
    old = month_figures(store, a.snap, default_capacity).melt("county", var_name="figure", value_name="before")
    new = month_figures(store, b.snap, default_capacity).melt("county", var_name="figure", value_name="after")
    m = old.merge(new, on=["county", "figure"], how="outer")
    m[["before", "after"]] = m[["before", "after"]].astype(float).fillna(0.0)
    m["difference"] = (m["after"] - m["before"]).round(4)
    m["from_day"], m["to_day"] = a.day, b.day
    order = {f: i for i, f in enumerate(TREND_FIGURES)}
    m = m.assign(_c=m["county"].isna().map({True: 0, False: 1}), _f=m["figure"].map(order))
    return m.sort_values(["_c", "county", "_f"]).reset_index(drop=True)[COUNTY_COLUMNS]


@analysis("trends", title=("逐月趋势", "Month by month"),
          description=("每个月份快照的有人包联占比、无人包联的后进和软弱涣散组织、软弱涣散数、"
                       "6 星和 8 星以上占比，按旗县区和全部。",
                       "For every monthly snapshot, the watched share, lagging and weak "
                       "unwatched, weak, 6+ and 8+ shares, per county and for all."),
          params=(CAPACITY,), columns=TREND_COLUMNS, labels={"day": ("快照日期", "Snapshot"),
                                                    **{f: VALUE_LABELS["figure"][f] for f in TREND_FIGURES}})
def trends(store: Any, *, default_capacity: int = rules.DEFAULT_CAPACITY) -> pd.DataFrame:
    """One row per snapshot and county (None: all), oldest first."""
    rows = [month_figures(store, snap, default_capacity).assign(day=snap.day)
            for snap in months(store)]
    if not rows:
        return pd.DataFrame(columns=TREND_COLUMNS)
    return pd.concat(rows, ignore_index=True)[TREND_COLUMNS]
