"""Warnings (预警): what needs acting on this month, red first, each with why, since when
and who should act.

=====================  ======  ============================================================
warning                level   when
=====================  ======  ============================================================
unwatched_needy        red     a lagging or weak branch nobody has watched in the last
                               ``unwatched_months`` monthly snapshots in a row
weak_overdue           red     a branch weak (软弱涣散) in every snapshot for at least
                               ``weak_deadline_months`` months: not rectified (销号) in time
lapsing_watch          yellow  the only watcher's link ends within ``lapse_days`` days
mentor_over            yellow  a mentor over capacity
mentor_mix             yellow  a mentor whose advanced/middle/lagging mix is not 1/1/1
county_share_fell      yellow  a county's watched share fell by ``share_drop`` points or
                               more since the snapshot before
=====================  ======  ============================================================

Months are the snapshots kept (:mod:`graphmodel.history`); a store without any counts
as one month, the day it answers for. The thresholds are settings
(``BRANCHGRAPH_WARN_*``, ``BRANCHGRAPH_WEAK_DEADLINE_MONTHS``). The one who should act
is the organisation's responsible committee (the nearest 党委 or 党工委 above it,
:mod:`queries.tree`, named in ``committee``) where the tree names one, else the county's
organisation department; for a mentor the
department of their county, for a county the city's.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from graphmodel import rules

from ._common import as_of_text
from .catalogue import analysis
from .changes import changes_counties
from .coverage import coverage
from .lapsing import lapsing_watch
from .mentors import CAPACITY, mentor_load
from .months import month_orgs, months
from .params import Param
from .tree import with_committee

__all__ = ["WARNINGS", "WARNING_COLUMNS", "warnings"]

#: Warning -> level, in the order they are listed within a level.
WARNINGS = {"unwatched_needy": "red", "weak_overdue": "red", "lapsing_watch": "yellow",
            "mentor_over": "yellow", "mentor_mix": "yellow", "county_share_fell": "yellow"}
WARNING_COLUMNS = ["severity", "warning", "county", "committee", "subject_id", "subject", "why",
                   "since", "who"]
#: The warnings about one organisation: their responsible committee acts.
_ABOUT_ORGS = ("unwatched_needy", "weak_overdue", "lapsing_watch")

SEVERITY = Param("severity", "string", help="only red or only yellow warnings",
                 choices=("red", "yellow"))
MONTHS = Param("unwatched_months", "int", help="months unwatched before a lagging or weak "
               "branch is a red warning", setting="warn_unwatched_months")
LAPSE = Param("lapse_days", "int", help="days ahead an only watcher's link ending counts",
              setting="warn_lapse_days")
DEADLINE = Param("weak_deadline_months", "int", help="months a weak branch has to be "
                 "rectified", setting="weak_deadline_months")
DROP = Param("share_drop", "int", help="percentage points a county's watched share may fall "
             "before a warning", setting="warn_share_drop")

_WHY = {
    "unwatched_needy": ("{what}，已连续 {n} 个月无人包联", "{what}, nobody watching for {n} months"),
    "weak_overdue": ("软弱涣散已 {n} 个月未销号（期限 {limit} 个月）",
                     "weak for {n} months, past the {limit}-month deadline"),
    "lapsing_watch": ("唯一包联人 {person} 的包联 {end} 到期（还有 {days} 天）",
                      "the only watcher {person}'s link ends {end} ({days} days)"),
    "mentor_over": ("包联 {n} 个支部，上限 {cap} 个", "mentors {n} branches, capacity {cap}"),
    "mentor_mix": ("包联结构为 {mix}，应为先进、中间、后进各一", "mix {mix}, not one of each"),
    "county_share_fell": ("有人包联占比从 {a:.1%} 降到 {b:.1%}（{d:+.1f} 个百分点）",
                          "watched share fell from {a:.1%} to {b:.1%} ({d:+.1f} points)"),
}
_WHAT = {"lagging": ("后进", "lagging"), "weak": ("软弱涣散", "weak"),
         "both": ("后进且软弱涣散", "lagging and weak")}
_DEPT = ("{county}委组织部", "{county} organisation department")
_CITY = ("市委组织部", "the city organisation department")


def _say(lang: str, pair: tuple[str, str], **values: Any) -> str:
    return (pair[1] if lang == "en" else pair[0]).format(**values)


@analysis("warnings", title=("预警", "Warnings"),
          description=("需要本月处理的事项，红色在前：后进或软弱涣散支部连续数月无人包联、软弱涣散逾期未销号"
                       "（红色）；唯一包联即将到期、包联干部超出上限或搭配不合规、旗县区有人包联占比下降"
                       "（黄色）。每条写明原因、起始时间和责任单位。",
                       "What needs acting on this month, red first: lagging or weak branches "
                       "unwatched for months, weak branches past their deadline (red); only "
                       "watchers' links ending, mentors over capacity or with a broken mix, a "
                       "county's watched share falling (yellow). Each says why, since when and "
                       "who should act."),
          params=(SEVERITY, "county", "as_of", MONTHS, LAPSE, DEADLINE, DROP, CAPACITY, "lang"),
          columns=WARNING_COLUMNS,
          labels={"severity": ("级别", "Level"), "warning": ("预警", "Warning"),
                  "subject_id": ("对象编码", "ID"), "subject": ("对象", "Subject"),
                  "why": ("原因", "Why"), "since": ("起始", "Since"), "who": ("责任单位", "Who acts")},
          values={"severity": "severity", "warning": "warning"})
def warnings(store: Any, *, severity: str | None = None, county: str | None = None,
             as_of: str | date | None = None, unwatched_months: int = 2, lapse_days: int = 30,
             weak_deadline_months: int = 3, share_drop: int = 5,
             default_capacity: int = rules.DEFAULT_CAPACITY, lang: str = "zh") -> pd.DataFrame:
    """Every warning of the month ``store`` answers for (see the module), red first."""
    day = as_of_text(as_of, store)
    rows = [*_needy(store, day, county, unwatched_months, weak_deadline_months, lang),
            *_lapsing(store, day, county, lapse_days, lang),
            *_mentors(store, day, county, default_capacity, lang),
            *_counties(store, county, share_drop, default_capacity, lang)]
    out = _responsible(store, pd.DataFrame(rows, columns=WARNING_COLUMNS), lang)
    if severity:
        out = out[out["severity"] == severity]
    order = {w: i for i, w in enumerate(WARNINGS)}
    out = out.assign(_s=out["severity"].map({"red": 0, "yellow": 1}),
                     _w=out["warning"].map(order))
    return out.sort_values(["_s", "_w", "county", "subject_id"], kind="stable") \
        .drop(columns=["_s", "_w"]).reset_index(drop=True)


def _responsible(store: Any, out: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Name the responsible committee of each organisation's warning (the nearest
    committee above it, :mod:`queries.tree`); it is the one who acts, where there is one."""
    orgs = out["warning"].isin(_ABOUT_ORGS)
    if not orgs.any():
        return out.assign(committee=None)
    named = with_committee(store, out.loc[orgs, ["subject_id"]].rename(columns={"subject_id": "org_id"}))
    out = out.copy()
    out["committee"] = None
    out.loc[orgs, "committee"] = named["committee"].to_numpy()
    acts = orgs & out["committee"].notna()
    out.loc[acts, "who"] = out.loc[acts, "committee"]
    return out


def _row(warning: str, county: Any, sid: Any, subject: Any, why: str, since: Any,
         who: str) -> dict[str, Any]:
    return {"severity": WARNINGS[warning], "warning": warning, "county": county, "committee": None,
            "subject_id": sid, "subject": subject, "why": why, "since": since, "who": who}


def _history(store: Any, day: str) -> list[tuple[str, pd.DataFrame]]:
    """(day, organisations of that month) for each snapshot, newest first; without
    snapshots, the store itself on ``day``."""
    kept = months(store)
    if not kept:
        cov = coverage(store, as_of=day)
        return [(day, cov[["org_id", "county", "tier", "weak", "watched"]])]
    return [(s.day, month_orgs(store, s)) for s in reversed(kept)]


def _needy(store: Any, day: str, county: str | None, need: int, deadline: int,
           lang: str) -> list[dict[str, Any]]:
    monthly = _history(store, day)
    now = coverage(store, as_of=day, county=county).set_index("org_id")
    weak = now["weak"].astype("boolean").fillna(False).astype(bool)
    lagging = now["tier"] == "lagging"
    runs_open = _runs(monthly, lambda m: ((m["tier"] == "lagging") | _weak(m)) & ~m["watched"])
    runs_weak = _runs(monthly, _weak)
    rows = []
    for oid in now.index[(lagging | weak) & ~now["watched"].astype(bool)]:
        n, since = runs_open.get(oid, (1, day))
        if n >= need:
            what = _WHAT["both" if lagging[oid] and weak[oid] else "lagging" if lagging[oid] else "weak"]
            rows.append(_row("unwatched_needy", now.at[oid, "county"], oid, now.at[oid, "name"],
                             _say(lang, _WHY["unwatched_needy"], what=_say(lang, what), n=n),
                             since, _who(now.at[oid, "county"], lang)))
    for oid in now.index[weak]:
        n, since = runs_weak.get(oid, (1, day))
        months_weak = _months_between(since, day)
        if months_weak >= deadline:
            rows.append(_row("weak_overdue", now.at[oid, "county"], oid, now.at[oid, "name"],
                             _say(lang, _WHY["weak_overdue"], n=months_weak, limit=deadline),
                             since, _who(now.at[oid, "county"], lang)))
    return rows


def _weak(m: pd.DataFrame) -> pd.Series:
    return m["weak"].astype("boolean").fillna(False).astype(bool)


def _runs(monthly: list[tuple[str, pd.DataFrame]], test: Any) -> dict[str, tuple[int, str]]:
    """org_id -> (snapshots in a row, newest first, where ``test`` holds; the earliest day)."""
    out: dict[str, tuple[int, str]] = {}
    alive: set[str] | None = None
    for day, m in monthly:
        hit = set(m.loc[test(m).to_numpy(dtype=bool), "org_id"])
        alive = hit if alive is None else alive & hit
        if not alive:
            break
        for oid in alive:
            n = out.get(oid, (0, day))[0]
            out[oid] = (n + 1, day)
    return out


def _months_between(start: str, end: str) -> int:
    """Whole months from ``start`` to ``end`` (2026-09-30 -> 2026-12-31: 3)."""
    a, b = date.fromisoformat(start), date.fromisoformat(end)
    return max(0, (b.year - a.year) * 12 + b.month - a.month)


def _who(county: Any, lang: str) -> str:
    if county is None or (isinstance(county, float) and pd.isna(county)):
        return _say(lang, _CITY)
    return _say(lang, _DEPT, county=county)


def _lapsing(store: Any, day: str, county: str | None, days: int, lang: str) -> list[dict]:
    rows = []
    for r in lapsing_watch(store, as_of=day, days=days, county=county).itertuples(index=False):
        rows.append(_row("lapsing_watch", r.county, r.org_id, r.name,
                         _say(lang, _WHY["lapsing_watch"], person=r.person_name, end=r.link_end,
                              days=r.days_left), day, _who(r.county, lang)))
    return rows


def _mentors(store: Any, day: str, county: str | None, capacity: int, lang: str) -> list[dict]:
    from .labels import value_label

    rows = []
    load = mentor_load(store, as_of=day, county=county, default_capacity=capacity)
    for r in load[load["status"] == "over"].itertuples(index=False):
        rows.append(_row("mentor_over", r.county, r.person_id, r.name,
                         _say(lang, _WHY["mentor_over"], n=r.mentored, cap=r.capacity), day,
                         _who(r.county, lang)))
    broken = load[(pd.to_numeric(load["mentored"]) > 0) & ~load["mix_ok"].astype(bool)]
    for r in broken.itertuples(index=False):
        rows.append(_row("mentor_mix", r.county, r.person_id, r.name,
                         _say(lang, _WHY["mentor_mix"], mix=value_label("mix", r.mix, lang)), day,
                         _who(r.county, lang)))
    return rows


def _counties(store: Any, county: str | None, drop: int, capacity: int, lang: str) -> list[dict]:
    moved = changes_counties(store, default_capacity=capacity)
    share = moved[(moved["figure"] == "watched_share") & moved["county"].notna()]
    if county:
        share = share[share["county"] == county]
    rows = []
    for r in share[share["difference"] * 100 <= -drop].itertuples(index=False):
        rows.append(_row("county_share_fell", r.county, r.county, r.county,
                         _say(lang, _WHY["county_share_fell"], a=r.before, b=r.after,
                              d=r.difference * 100), r.to_day, _say(lang, _CITY)))
    return rows
