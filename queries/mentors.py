"""Mentors (包联) and contact points (联系点): two duties, judged apart.

A **mentor** (党建业务骨干) watches about three branches, one advanced, one middle and
one lagging (the 赤峰 rule). Their *load* is the number of branches they mentor
through links active on the day; *capacity* is their own or the ``capacity``
setting (:data:`graphmodel.rules.DEFAULT_CAPACITY`); the *weighted load* adds a
weight per branch by its tier (``tier_weights``: lagging ones weigh more). Contact
points never count toward a mentor's capacity.

A **contact point** is a leader's own contact branch (市委常委, 县级领导, 乡镇书记 take one
or more). It counts toward coverage; a leader's contact points are judged against a
contact capacity only when the planner sets one (``contact_capacity``, none by
default).

A person's county and township follow :func:`graphmodel.rules.person_place`.
Backed by the named queries ``mentor_load``, ``contact_load``, ``person_places``,
``person_homes`` and ``person_watches``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd

from graphmodel import rules

from ._common import GRASSROOTS, as_of_text, kinds_list, run, shape
from .catalogue import analysis
from .config import ConfigError, parse_weights
from .params import Param, QueryParamError

__all__ = [
    "LOAD_COLUMNS",
    "CONTACT_COLUMNS",
    "SUMMARY_COLUMNS",
    "WATCHED_COLUMNS",
    "mentor_load",
    "contact_load",
    "load_summary",
    "person_places",
    "watched_by",
    "parse_weights",
]

LOAD_COLUMNS = [
    "person_id", "name", "role", "level", "county", "township", "mentored", "weighted_load",
    "capacity", "status", "advanced", "middle", "lagging", "unrated", "mix", "mix_ok", "contacts",
]  # fmt: skip
CONTACT_COLUMNS = [
    "person_id", "name", "role", "level", "county", "township", "contacts", "branches",
    "committees", "contact_capacity", "status", "mentored",
]  # fmt: skip
SUMMARY_COLUMNS = ["people", "mean_load", "max_load", "over_capacity", "over_share", "mix_broken"]
WATCHED_COLUMNS = ["org_id", "name", "county", "domain", "tier", "stars", "weak", "link"]

_PERSON = {"name": ("姓名", "Name")}
CAPACITY = Param("default_capacity", "int", help="branches a mentor may watch when their own "
                 "capacity is not given", setting="capacity")
WEIGHTS = Param("weights", "string", help="weight of a mentored branch by tier, e.g. "
                "advanced=1,middle=1,lagging=2", setting="tier_weights")


def _status(load: pd.Series, capacity: pd.Series) -> pd.Series:
    """'over' above capacity, 'full' at it, 'under' below; None where there is no capacity."""
    out = pd.Series(None, index=load.index, dtype=object)
    has = capacity.notna()
    out[has & (load > capacity)] = "over"
    out[has & (load == capacity)] = "full"
    out[has & (load < capacity)] = "under"
    return out


def person_places(store: Any, *, as_of: str | date | None = None) -> pd.DataFrame:
    """County and township of every person watching something on ``as_of``, by the rule
    (:func:`graphmodel.rules.person_place`): person_id, county, township."""
    day = as_of_text(as_of, store)
    home = run(store, "person_homes", as_of=day).reindex(columns=["person_id", "county", "township"])
    watched = run(store, "person_places", as_of=day).reindex(
        columns=["person_id", "county", "township", "n"])
    watched["n"] = pd.to_numeric(watched["n"]).fillna(0).astype("int64")
    return rules.person_place(home, watched)


def _with_places(df: pd.DataFrame, store: Any, day: str, county: str | None) -> pd.DataFrame:
    places = person_places(store, as_of=day)
    df = df.merge(places, on="person_id", how="left")
    if county is not None:
        df = df[df["county"] == county]
    return df


@analysis("mentor-load", title=("包联干部负担", "Mentor load"),
          description=("每位包联干部在截至日期包联的支部数、按类别加权的负担、上限与状态、"
                       "先进/中间/后进搭配（1/1/1 为合规）；联系点另计，不占包联上限。",
                       "Each mentor's branches on the day, the weighted load, capacity and status, "
                       "and the advanced/middle/lagging mix (1/1/1 complies); contact points are "
                       "another duty and never count toward capacity."),
          params=("as_of", "county", CAPACITY, WEIGHTS), columns=LOAD_COLUMNS, labels=_PERSON)
def mentor_load(
    store: Any,
    *,
    as_of: str | date | None = None,
    county: str | None = None,
    default_capacity: int = rules.DEFAULT_CAPACITY,
    weights: Mapping[str, float] | str | None = None,
    kinds: Any = GRASSROOTS,
) -> pd.DataFrame:
    """Each mentor's load on ``as_of`` against their capacity, with their tier mix.

    Parameters
    ----------
    store : graphmodel.GraphStore
    as_of : 'YYYY-MM-DD', date or None (today, or the snapshot's day)
        The day links must be active on.
    county : str, optional
        Only mentors of this county (:func:`graphmodel.rules.person_place`).
    default_capacity : int
        Capacity of a mentor whose own ``capacity`` is empty.
    weights : mapping or "tier=w,..." text, optional
        Tier weights (keys advanced, middle, lagging, unrated) over the defaults.
    kinds : organisation kinds the load counts (default: branches and general branches).

    Returns
    -------
    pandas.DataFrame
        One row per person with at least one active mentor link to an organisation of
        ``kinds``; columns :data:`LOAD_COLUMNS`: person_id, name, role, level, county,
        township, ``mentored`` (the load: distinct organisations mentored),
        ``weighted_load``, ``capacity``, ``status`` ('over' load > capacity, 'full' ==,
        'under'), ``advanced`` / ``middle`` / ``lagging`` / ``unrated`` (tiers of the
        mentored ones), ``mix`` ("a/m/l"), ``mix_ok`` (the 1/1/1 rule) and ``contacts``
        (contact points the same person keeps; not part of the load). Ordered by load,
        then weighted load (both descending), then person_id.
    """
    try:
        w = parse_weights(weights)
    except ConfigError as exc:
        raise QueryParamError(str(exc)) from None
    try:
        capacity = int(default_capacity)
    except (TypeError, ValueError):
        raise QueryParamError(f"default_capacity: {default_capacity!r} is not a whole number") from None
    day = as_of_text(as_of, store)
    df = run(store, "mentor_load", as_of=day, kinds=kinds_list(kinds)).reset_index(drop=True)
    for col in ("mentored", "advanced", "middle", "lagging"):
        df[col] = pd.to_numeric(df[col]).fillna(0).astype("int64") if len(df) else 0
    df["unrated"] = df["mentored"] - df["advanced"] - df["middle"] - df["lagging"]
    df["weighted_load"] = sum(df[t] * w[t] for t in ("advanced", "middle", "lagging", "unrated"))
    own = pd.to_numeric(df["own_capacity"], errors="coerce")
    df["capacity"] = own.fillna(capacity).astype("int64")
    df["status"] = _status(df["mentored"], df["capacity"])
    df["mix"] = rules.mix_text(df["advanced"], df["middle"], df["lagging"])
    df["mix_ok"] = rules.mix_ok(df["mentored"], df["advanced"], df["middle"], df["lagging"])
    contacts = run(store, "contact_load", as_of=day)
    df["contacts"] = df["person_id"].map(dict(zip(contacts["person_id"], contacts["contacts"])))
    df = _with_places(df, store, day, county)
    df = df.sort_values(["mentored", "weighted_load", "person_id"], ascending=[False, False, True],
                        kind="stable")
    return shape(df, LOAD_COLUMNS, bools=("mix_ok",))


@analysis("contact-load", title=("联系点领导", "Contact points per leader"),
          description=("每位设联系点的领导在截至日期的联系点数（支部、党委各几个）；设了联系点上限时"
                       "标出超出上限的人。联系点不占包联上限。",
                       "Each leader's contact points on the day (branches and committees); judged "
                       "against a contact capacity only when one is set."),
          params=("as_of", "county", Param("contact_capacity", "int", help="contact points a "
                  "leader may keep (empty: not judged)", setting="contact_capacity")),
          columns=CONTACT_COLUMNS, labels=_PERSON)
def contact_load(
    store: Any,
    *,
    as_of: str | date | None = None,
    county: str | None = None,
    contact_capacity: int | None = None,
) -> pd.DataFrame:
    """Each person's contact points (联系点) on ``as_of``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CONTACT_COLUMNS`: person_id, name, role, level, county, township,
        ``contacts`` (distinct organisations), ``branches`` and ``committees`` among them,
        ``contact_capacity`` (the setting; empty when none is set), ``status``
        (over/full/under against it; empty when none is set) and ``mentored`` (branches
        the same person mentors). Most contact points first, then person_id.
    """
    day = as_of_text(as_of, store)
    df = run(store, "contact_load", as_of=day).reset_index(drop=True)
    for col in ("contacts", "branches", "committees"):
        df[col] = pd.to_numeric(df[col]).fillna(0).astype("int64") if len(df) else 0
    cap = None if contact_capacity is None else int(contact_capacity)
    df["contact_capacity"] = pd.Series(cap, index=df.index, dtype="Int64")
    df["status"] = _status(df["contacts"], df["contact_capacity"].astype("Float64"))
    mentors = run(store, "mentor_load", as_of=day)
    df["mentored"] = df["person_id"].map(dict(zip(mentors["person_id"], mentors["mentored"])))
    df = _with_places(df, store, day, county)
    df = df.sort_values(["contacts", "person_id"], ascending=[False, True], kind="stable")
    out = shape(df, CONTACT_COLUMNS)
    out["contact_capacity"] = pd.array(df["contact_capacity"].tolist(), dtype="Int64")
    return out


def load_summary(load_df: pd.DataFrame) -> pd.DataFrame:
    """One row that sums up a :func:`mentor_load` table (mentors only).

    Returns
    -------
    pandas.DataFrame
        One row, columns :data:`SUMMARY_COLUMNS`: people (mentors), mean_load, max_load
        (branches mentored), over_capacity (mentors with status 'over'), over_share
        (0..1), mix_broken (mentors whose mix is not one advanced, one middle, one
        lagging). Zeros for an empty table.
    """
    people = len(load_df)
    if people == 0:
        row = {"people": 0, "mean_load": 0.0, "max_load": 0, "over_capacity": 0,
               "over_share": 0.0, "mix_broken": 0}  # fmt: skip
    else:
        load = pd.to_numeric(load_df["mentored"])
        over = int((load_df["status"] == "over").sum())
        broken = int((~load_df["mix_ok"].astype(bool)).sum())
        row = {"people": people, "mean_load": float(load.mean()), "max_load": int(load.max()),
               "over_capacity": over, "over_share": over / people, "mix_broken": broken}  # fmt: skip
    return shape(pd.DataFrame([row]), SUMMARY_COLUMNS)


@analysis("watched-by", title=("某人包联的组织", "Organisations a person watches"),
          description=("某人在截至日期包联或联系的组织。", "The organisations one person mentors or "
                       "keeps as a contact point on the day."),
          params=(Param("person_id", "string", help="the person (人员编码)"), "as_of"),
          columns=WATCHED_COLUMNS, export=False)
def watched_by(store: Any, person_id: str, *, as_of: str | date | None = None) -> pd.DataFrame:
    """The organisations ``person_id`` mentors or keeps as a contact point on ``as_of``.

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
    df = run(store, "person_watches", person_id=str(person_id), as_of=as_of_text(as_of, store))
    if not df.empty:
        df = df.assign(_rank=(df["link"] != "mentor").astype(int))
        df = df.sort_values(["_rank", "org_id"], kind="stable")
    return shape(df, WATCHED_COLUMNS)
