"""What the proposal and the what-if read from the store, as plain DataFrames.

:func:`snapshot` pulls the organisations, people and their links with a few bulk
queries (through :mod:`graphmodel.projection`); everything after that is pandas on
the :class:`Snapshot`, so the what-if can change a copy (remove a person, an
alliance, add capacity) and recompute without ever writing to the store.

Decisions documented here (the planner-facing rules):

* **Who may mentor** (:func:`person_table`, column ``may_mentor``): a person who
  mentors (包联) or is a contact point (联系点) on the day, or whose role names a
  mentoring role (:data:`MENTOR_ROLES`: 业务骨干, 组工干部 — the cadres 赤峰 assigns
  as 包联 mentors). Secretaries without a contact point are not proposed.
* **A person's county**: the county of the organisation they work in (WORKS_IN),
  else the most common county among the organisations they watch (ties: first in
  sort order). **Township**: likewise, from the workplace, else the most common
  township they watch in that county.
* **Load** = distinct organisations watched (mentor or contact) on the day;
  **capacity** = own capacity or the default; **remaining** = capacity − load, not
  below 0. The **mix** counts the tiers of the organisations they *mentor*.
* **Already linked** (:func:`linked_pairs`): any mentor, contact-point or
  secretary link that has not ended by the day (future ones too), and the
  organisation a person works in. Such a pair is never proposed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from graphmodel import GraphStore
from graphmodel.projection import as_of_text, node_frame, rel_frame

__all__ = [
    "check_county",
    "MENTOR_ROLES",
    "GRASSROOTS",
    "Snapshot",
    "snapshot",
    "person_table",
    "watch_counts",
    "linked_pairs",
    "unwatched",
    "PERSON_COLUMNS",
]

#: Roles whose holders may be proposed as mentors even before their first link.
MENTOR_ROLES = ("业务骨干", "组工干部")
GRASSROOTS = ("branch", "general_branch")
_LINKS = (("MENTORS", "mentor"), ("CONTACT_POINT", "contact"), ("SECRETARY_OF", "secretary"))
_TIERS = ("advanced", "middle", "lagging")

PERSON_COLUMNS = [
    "person_id", "name", "role", "level", "county", "township", "mentored", "contacts",
    "load", "capacity", "remaining", "status", "advanced", "middle", "lagging", "unrated",
    "mix", "mix_ok", "may_mentor", "mentored_advanced", "mentored_middle", "mentored_lagging",
]
ORG_COLUMNS = ["org_id", "name", "kind", "county", "township", "domain", "tier", "stars", "weak"]
LINK_COLUMNS = ["person_id", "org_id", "link", "since", "until", "active", "open"]


@dataclass(frozen=True)
class Snapshot:
    """The store's organisations, people and links on one day, as frames.

    ``orgs``: :data:`ORG_COLUMNS`. ``people``: person_id, name, role, level,
    capacity, work_org. ``links``: person_id, org_id, link ('mentor'|'contact'|
    'secretary'), since, until, active (on the day), open (not ended by the day).
    ``members``: org_id, alliance_id, alliance_name.
    """

    as_of: str
    orgs: pd.DataFrame
    people: pd.DataFrame
    links: pd.DataFrame
    members: pd.DataFrame

    def without(self, *, people: tuple = (), alliances: tuple = ()) -> Snapshot:
        """A copy with these people (and their links) and alliances taken out."""
        ps, al = {str(p) for p in people}, {str(a) for a in alliances}
        return replace(
            self,
            people=self.people[~self.people.person_id.isin(ps)].reset_index(drop=True),
            links=self.links[~self.links.person_id.isin(ps)].reset_index(drop=True),
            members=self.members[~self.members.alliance_id.isin(al)].reset_index(drop=True),
        )


def _blank(s: pd.Series) -> pd.Series:
    return s.isna() | (s.astype(object).astype(str).str.strip() == "")


def snapshot(store: GraphStore, *, as_of: str | date | None = None) -> Snapshot:
    """Read what the proposal needs from ``store`` (a handful of bulk queries).

    Parameters
    ----------
    store : the graph store (only read).
    as_of : the day links are judged active on (default today).

    Returns
    -------
    Snapshot
    """
    day = as_of_text(as_of)
    orgs = node_frame(store, "Organization", columns=ORG_COLUMNS)
    people = node_frame(store, "Person", columns=["person_id", "name", "role", "level", "capacity"])
    works = rel_frame(store, "WORKS_IN").rename(columns={"src": "person_id", "dst": "work_org"})
    people = people.merge(works.drop_duplicates("person_id"), on="person_id", how="left")
    people["work_org"] = people["work_org"].astype(object).where(people["work_org"].notna(), None)
    frames = []
    for rel, name in _LINKS:
        df = rel_frame(store, rel).rename(columns={"src": "person_id", "dst": "org_id"})
        df.insert(2, "link", name)
        frames.append(df)
    links = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=LINK_COLUMNS)
    no_since, no_until = _blank(links["since"]), _blank(links["until"])
    started = no_since | (links["since"].astype(object).astype(str) <= day)
    not_ended = no_until | (links["until"].astype(object).astype(str) >= day)
    links["active"] = (started & not_ended).astype(bool)
    links["open"] = not_ended.astype(bool)
    mem = rel_frame(store, "MEMBER_OF", columns=[]).rename(columns={"src": "org_id", "dst": "alliance_id"})
    names = node_frame(store, "Alliance", columns=["name"]).rename(columns={"name": "alliance_name"})
    mem = mem.merge(names, on="alliance_id", how="left")
    return Snapshot(day, orgs, people, links[LINK_COLUMNS], mem[["org_id", "alliance_id", "alliance_name"]])


def _mode(values: pd.Series) -> object:
    v = values.dropna()
    v = v[v.astype(str).str.strip() != ""]
    if v.empty:
        return None
    counts = v.value_counts()
    top = counts[counts == counts.max()].index
    return sorted(top, key=str)[0]


def _watching(snap: Snapshot) -> pd.DataFrame:
    """Active mentor/contact links joined with the organisation's place and tier."""
    w = snap.links[snap.links.active & snap.links.link.isin(["mentor", "contact"])]
    return w.merge(snap.orgs[["org_id", "county", "township", "tier"]], on="org_id", how="left")


def person_table(
    snap: Snapshot, *, default_capacity: int = 3, extra_capacity: dict | None = None
) -> pd.DataFrame:
    """One row per person: place, load, capacity, mix and whether they may mentor.

    Parameters
    ----------
    snap : from :func:`snapshot`.
    default_capacity : capacity of a person with none of their own.
    extra_capacity : person_id -> places added on top of their capacity (what-if).

    Returns
    -------
    DataFrame with :data:`PERSON_COLUMNS`: person_id, name, role, level, county,
    township, mentored, contacts, load (distinct organisations watched), capacity,
    remaining (capacity − load, ≥ 0), status ('over'|'full'|'under'), advanced,
    middle, lagging, unrated (watched organisations per tier, as in
    :func:`queries.mentors.mentor_load`), mix ("a/m/l" among *mentored* ones),
    mix_ok (mentors exactly one of each), may_mentor, mentored_advanced,
    mentored_middle, mentored_lagging (the mix as numbers).
    """
    p = snap.people.copy()
    w = _watching(snap)
    places = snap.orgs.set_index("org_id")[["county", "township"]]
    wp = p[["person_id", "work_org"]].join(places, on="work_org")
    county = wp.set_index("person_id")["county"].to_dict()
    township = wp.set_index("person_id")["township"].to_dict()
    for pid, grp in w.groupby("person_id"):
        if county.get(pid) is None or pd.isna(county.get(pid)):
            county[pid] = _mode(grp["county"])
            township[pid] = _mode(grp.loc[grp["county"] == county[pid], "township"])
    p["county"] = p.person_id.map(county).astype(object)
    p["township"] = p.person_id.map(township).astype(object)
    for col in ("county", "township"):
        p[col] = p[col].where(p[col].notna() & (p[col].astype(str).str.strip() != ""), None)
    ment = w[w.link == "mentor"].drop_duplicates(["person_id", "org_id"])
    cont = w[w.link == "contact"].drop_duplicates(["person_id", "org_id"])
    load = w.drop_duplicates(["person_id", "org_id"]).groupby("person_id").size()
    p["mentored"] = p.person_id.map(ment.groupby("person_id").size()).fillna(0).astype(int)
    p["contacts"] = p.person_id.map(cont.groupby("person_id").size()).fillna(0).astype(int)
    p["load"] = p.person_id.map(load).fillna(0).astype(int)
    cap = pd.to_numeric(p["capacity"], errors="coerce").fillna(default_capacity).astype(int)
    if extra_capacity:
        cap = cap + p.person_id.map({str(k): int(v) for k, v in extra_capacity.items()}).fillna(0).astype(int)
    p["capacity"] = cap
    p["remaining"] = (p["capacity"] - p["load"]).clip(lower=0)
    p["status"] = ["over" if ld > c else "full" if ld == c else "under"
                   for ld, c in zip(p["load"], p["capacity"])]
    watched = w.drop_duplicates(["person_id", "org_id"])
    for t in _TIERS:
        p[t] = p.person_id.map(watched[watched.tier == t].groupby("person_id").size()).fillna(0).astype(int)
        p[f"mentored_{t}"] = p.person_id.map(
            ment[ment.tier == t].groupby("person_id").size()).fillna(0).astype(int)
    p["unrated"] = p["load"] - p["advanced"] - p["middle"] - p["lagging"]
    p["mix"] = (p["mentored_advanced"].astype(str) + "/" + p["mentored_middle"].astype(str)
                + "/" + p["mentored_lagging"].astype(str))
    p["mix_ok"] = (p["mentored"] == 3) & (p["mix"] == "1/1/1")
    role = p["role"].astype(object).fillna("").astype(str)
    # a list, not Series.apply: with no people apply gives an empty *str* Series,
    # and `bool | str` is deprecated (and would raise in a later pandas)
    by_role = pd.Series([any(m in r for m in MENTOR_ROLES) for r in role], index=p.index,
                        dtype=bool)
    p["may_mentor"] = ((p["load"] > 0) | by_role).astype(bool)
    return p[PERSON_COLUMNS].sort_values("person_id", ignore_index=True)


def watch_counts(snap: Snapshot) -> pd.Series:
    """org_id -> number of distinct people watching it (mentor or contact) on the day."""
    w = snap.links[snap.links.active & snap.links.link.isin(["mentor", "contact"])]
    return w.drop_duplicates(["person_id", "org_id"]).groupby("org_id").size()


def linked_pairs(snap: Snapshot, org_ids: set[str] | None = None) -> set[tuple[str, str]]:
    """(person_id, org_id) pairs that must not be proposed: open links and workplaces
    (only those on ``org_ids`` when given)."""
    open_ = snap.links[snap.links.open]
    work = snap.people.dropna(subset=["work_org"])
    if org_ids is not None:
        open_ = open_[open_.org_id.isin(org_ids)]
        work = work[work.work_org.isin(org_ids)]
    pairs = set(zip(open_.person_id.astype(str), open_.org_id.astype(str)))
    pairs |= set(zip(work.person_id.astype(str), work.work_org.astype(str)))
    return pairs


def unwatched(
    snap: Snapshot, *, county: str | None = None, domain: str | None = None,
    kinds: tuple[str, ...] = GRASSROOTS,
) -> pd.DataFrame:
    """Grassroots organisations nobody watches on the day (:data:`ORG_COLUMNS`),
    lagging first, then weak, then fewest stars (unknown first), then org_id."""
    o = snap.orgs[snap.orgs.kind.isin(kinds)]
    if county:
        o = o[o.county == county]
    if domain:
        o = o[o.domain == domain]
    o = o[~o.org_id.isin(watch_counts(snap).index)].copy()
    key = pd.DataFrame({
        "lag": (o.tier != "lagging").astype(int),
        "weak": (~o.weak.fillna(False).astype(bool)).astype(int),
        "stars": pd.to_numeric(o.stars, errors="coerce").fillna(-1),
        "org_id": o.org_id,
    }, index=o.index)
    order = key.sort_values(["lag", "weak", "stars", "org_id"]).index
    return o.loc[order, ORG_COLUMNS].reset_index(drop=True)


def check_county(snap: Snapshot, county: str | None) -> None:
    """A ``ValueError`` naming the known counties when ``county`` has no organisation
    (a misspelt county would otherwise read as "nothing to propose")."""
    if county is None:
        return
    known = sorted(set(snap.orgs.county.dropna().astype(str)) - {""})
    if county not in known:
        raise ValueError(f"no county {county!r} in the store; known counties: "
                         f"{', '.join(known) or '(none: the store has no organisations)'}")
