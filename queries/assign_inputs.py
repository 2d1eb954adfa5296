"""What the proposal and the what-if read from the store, as plain DataFrames.

:func:`snapshot` pulls the organisations, people and their links with a few bulk
queries (through :mod:`graphmodel.projection`); everything after that is pandas on
the :class:`Snapshot`, so the what-if can change a copy (remove a person, an
alliance, add capacity) and recompute without ever writing to the store.

Decisions documented here (the planner-facing rules):

* **Who may mentor** (:func:`person_table`, column ``may_mentor``): a person who
  mentors (包联) on the day, or whose role names a mentoring role
  (:data:`MENTOR_ROLES`: 业务骨干, 组工干部 — the cadres 赤峰 assigns as 包联 mentors).
  A contact point (联系点) is a leader's own duty, not a mentor's: contact-point
  leaders and secretaries are not proposed as mentors.
* **A person's county and township**: :func:`graphmodel.rules.person_place`.
* **Load, mix and county** come from :func:`queries.mentors.mentor_load` (one rule):
  load = branches mentored on the day; **capacity** = own capacity or the default;
  **remaining** = capacity − load, not below 0.
* **Already linked** (:func:`linked_pairs`): any mentor, contact-point or
  secretary link that has not ended by the day (future ones too), and the
  organisation a person works in. Such a pair is never proposed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

from graphmodel import GraphStore, rules
from graphmodel.projection import node_frame, rel_frame

from ._common import GRASSROOTS, STAR_INPUTS, as_of_text, rated, run
from .mentors import LOAD_COLUMNS, mentor_load

__all__ = [
    "check_county",
    "MENTOR_ROLES",
    "GRASSROOTS",
    "Snapshot",
    "snapshot",
    "candidates",
    "with_open_links",
    "person_table",
    "watch_counts",
    "linked_pairs",
    "unwatched",
    "PERSON_COLUMNS",
]

#: Roles whose holders may be proposed as mentors even before their first link.
MENTOR_ROLES = ("业务骨干", "组工干部")
_LINKS = (("MENTORS", "mentor"), ("CONTACT_POINT", "contact"), ("SECRETARY_OF", "secretary"))

PERSON_COLUMNS = [
    "person_id", "name", "role", "level", "county", "township", "mentored", "contacts",
    "capacity", "remaining", "status", "advanced", "middle", "lagging", "unrated", "mix",
    "mix_ok", "may_mentor",
]
ORG_COLUMNS = ["org_id", "name", "kind", "county", "township", "domain", "tier", "stars", "weak"]
LINK_COLUMNS = ["person_id", "org_id", "link", "since", "until", "active", "open"]


@dataclass(frozen=True)
class Snapshot:
    """The store's organisations, people and links on one day, as frames.

    ``orgs``: :data:`ORG_COLUMNS`. ``people``: person_id, name, role, level,
    capacity, work_org. ``links``: person_id, org_id, link ('mentor'|'contact'|
    'secretary'), since, until, active (on the day), open (not ended by the day).
    ``members``: org_id, alliance_id, alliance_name. ``mentors``: the
    :func:`~queries.mentors.mentor_load` table of the day.
    """

    as_of: str
    orgs: pd.DataFrame
    people: pd.DataFrame
    links: pd.DataFrame
    members: pd.DataFrame
    mentors: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LOAD_COLUMNS))

    def without(self, *, people: tuple = (), alliances: tuple = ()) -> Snapshot:
        """A copy with these people (and their links) and alliances taken out."""
        ps, al = {str(p) for p in people}, {str(a) for a in alliances}
        return replace(
            self,
            people=self.people[~self.people.person_id.isin(ps)].reset_index(drop=True),
            links=self.links[~self.links.person_id.isin(ps)].reset_index(drop=True),
            members=self.members[~self.members.alliance_id.isin(al)].reset_index(drop=True),
        )


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
    day = as_of_text(as_of, store)
    orgs = rated(node_frame(store, "Organization", columns=[*ORG_COLUMNS, *STAR_INPUTS]))
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
    links["active"] = rules.active_on(links["since"], links["until"], day)
    never_started = pd.Series(None, index=links.index, dtype=object)  # only the end counts
    links["open"] = rules.active_on(never_started, links["until"], day)
    mem = rel_frame(store, "MEMBER_OF", columns=[]).rename(columns={"src": "org_id", "dst": "alliance_id"})
    names = node_frame(store, "Alliance", columns=["name"]).rename(columns={"name": "alliance_name"})
    mem = mem.merge(names, on="alliance_id", how="left")
    return Snapshot(day, orgs, people, links[LINK_COLUMNS],
                    mem[["org_id", "alliance_id", "alliance_name"]], mentor_load(store, as_of=day))


def candidates(store: GraphStore, *, as_of: str | date | None = None) -> Snapshot:
    """What the proposal needs of the people, read without the whole store.

    A :class:`Snapshot` whose ``people`` are only those who may mentor (the day's
    mentors and the holders of :data:`MENTOR_ROLES`, query ``proposal_people``),
    whose ``orgs`` are only their workplaces (org_id, county, township) and whose
    ``links`` and ``members`` are empty: :func:`person_table` gives the same rows
    for it as for the full :func:`snapshot`; the links a proposal must not repeat
    are read per group of counties (:func:`with_open_links`).
    """
    day = as_of_text(as_of, store)
    rows = run(store, "proposal_people", as_of=day, roles=list(MENTOR_ROLES))
    rows = rows.reindex(columns=["person_id", "name", "role", "level", "capacity", "work_org",
                                 "county", "township"]).drop_duplicates("person_id")
    rows = rows.astype(object).where(rows.notna(), None).reset_index(drop=True)
    work = rows.dropna(subset=["work_org"]).drop_duplicates("work_org")
    orgs = work.rename(columns={"work_org": "org_id"}).reindex(columns=ORG_COLUMNS)
    empty = pd.DataFrame(columns=LINK_COLUMNS)
    return Snapshot(day, orgs.reset_index(drop=True),
                    rows[["person_id", "name", "role", "level", "capacity", "work_org"]], empty,
                    pd.DataFrame(columns=["org_id", "alliance_id", "alliance_name"]),
                    mentor_load(store, as_of=day))


def with_open_links(snap: Snapshot, store: GraphStore, counties: list[str] | None) -> Snapshot:
    """``snap`` with the links not ended by its day to organisations of ``counties``
    (None: all; query ``proposal_links``) as its ``links``, all ``open``: what
    :func:`linked_pairs` needs for the branches of those counties."""
    found = run(store, "proposal_links", as_of=snap.as_of, counties=counties)
    links = found.reindex(columns=LINK_COLUMNS)
    links["open"] = pd.Series(True, index=links.index, dtype=bool)
    return replace(snap, links=links)


def person_table(
    snap: Snapshot, *, default_capacity: int = rules.DEFAULT_CAPACITY,
    extra_capacity: dict | None = None,
) -> pd.DataFrame:
    """One row per person who may mentor: the day's mentors (from the snapshot's
    :func:`~queries.mentors.mentor_load` table) and the people whose role is a
    mentoring role and who mentor nothing yet, as long as they are in ``snap.people``.

    Parameters
    ----------
    snap : from :func:`snapshot` (possibly with people taken out).
    default_capacity : capacity of a person with none of their own.
    extra_capacity : person_id -> places added on top of their capacity (what-if).

    Returns
    -------
    DataFrame with :data:`PERSON_COLUMNS`: person_id, name, role, level, county,
    township, mentored (the load: branches mentored), contacts (not part of the load),
    capacity, remaining (capacity − load, ≥ 0), status ('over'|'full'|'under'), advanced,
    middle, lagging, unrated (of the mentored branches), mix, mix_ok, may_mentor (True).
    """
    people = snap.people.set_index("person_id")
    m = snap.mentors[snap.mentors.person_id.isin(people.index)].copy()
    role = people["role"].astype(object).fillna("").astype(str)
    by_role = pd.Series([any(r in x for r in MENTOR_ROLES) for x in role], index=people.index,
                        dtype=bool)
    new = people[by_role & ~people.index.isin(m.person_id)].reset_index()
    if len(new):
        home = new[["person_id", "work_org"]].merge(
            snap.orgs[["org_id", "county", "township"]], left_on="work_org", right_on="org_id",
            how="left")
        none = pd.DataFrame(columns=["person_id", "county", "township", "n"])
        place = rules.person_place(home[["person_id", "county", "township"]], none)
        new = new.merge(place, on="person_id", how="left")
        for col in ("mentored", "contacts", "advanced", "middle", "lagging", "unrated"):
            new[col] = 0
        new["mix"], new["mix_ok"] = "0/0/0", False
        m = pd.concat([m, new.reindex(columns=m.columns)], ignore_index=True)
    own = pd.to_numeric(m.person_id.map(people["capacity"]), errors="coerce")
    cap = own.fillna(default_capacity).astype(int)
    if extra_capacity:
        cap = cap + m.person_id.map({str(k): int(v) for k, v in extra_capacity.items()}).fillna(0).astype(int)
    m["capacity"] = cap.to_numpy()
    for col in ("mentored", "contacts", "advanced", "middle", "lagging", "unrated"):
        m[col] = pd.to_numeric(m[col]).fillna(0).astype(int)
    m["remaining"] = (m["capacity"] - m["mentored"]).clip(lower=0)
    m["status"] = ["over" if ld > c else "full" if ld == c else "under"
                   for ld, c in zip(m["mentored"], m["capacity"])]
    m["mix_ok"] = m["mix_ok"].astype(bool)
    m["may_mentor"] = True
    return m[PERSON_COLUMNS].sort_values("person_id", ignore_index=True)


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
    o = o[~o.org_id.isin(watch_counts(snap).index)]
    return rules.neediest_first(o)[ORG_COLUMNS]


def check_county(counties: Iterable, county: str | None) -> None:
    """A ``ValueError`` naming the known ``counties`` (those the store's organisations
    name; blanks and missing ones ignored) when ``county`` is not among them (a
    misspelt county would otherwise read as "nothing to propose")."""
    if county is None:
        return
    known = sorted({str(c) for c in counties if c is not None and not pd.isna(c)} - {""})
    if county not in known:
        raise ValueError(f"no county {county!r} in the store; known counties: "
                         f"{', '.join(known) or '(none: the store has no organisations)'}")
