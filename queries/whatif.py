"""What if a person leaves, an alliance dissolves, or someone gets more capacity?

:func:`whatif` reads the store once into a :class:`queries.assign_inputs.Snapshot`,
changes a copy of the frames (never the store) and compares before and after:
which organisations lose every watcher (or every alliance), how each person's
load changes, and the headline figures — including how many of the unwatched
organisations an exact proposal (:func:`queries.proposals.propose_on`) could
cover, which is what added capacity buys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from graphmodel import GraphStore, rules

from .assign_inputs import (
    GRASSROOTS,
    Snapshot,
    check_county,
    person_table,
    snapshot,
    unwatched,
    watch_counts,
)
from .catalogue import analysis
from .headline import FIGURES as HEADLINE_FIGURES
from .headline import summarise
from .params import Param
from .proposals import propose_on

__all__ = ["WhatIf", "WhatIfError", "whatif", "whatif_on", "ORPHAN_COLUMNS", "LOAD_COLUMNS",
           "FIGURES"]

ORPHAN_COLUMNS = ["org_id", "name", "county", "tier", "weak", "lost"]
LOAD_COLUMNS = ["person_id", "name", "county", "mentored", "contacts", "capacity",
                "remaining", "status", "mix", "mix_ok"]
SUMMARY_COLUMNS = ["figure", "before", "after"]

#: The summary's figures, in order: the headline figures, then what a proposal could cover.
FIGURES: dict[str, tuple[str, str]] = {
    **HEADLINE_FIGURES,
    "coverable": ("建议可补上的无人包联组织", "Unwatched a proposal could cover"),
}

_LOST = {"zh": {"person": "包联/联系点：", "alliance": "联合体：", "sep": "；", "and": "、"},
         "en": {"person": "watcher: ", "alliance": "alliance: ", "sep": "; ", "and": ", "}}


class WhatIfError(ValueError):
    """A what-if names a person or alliance the store does not have."""


@dataclass
class WhatIf:
    """The comparison: ``orphaned`` (:data:`ORPHAN_COLUMNS`), ``load_before`` and
    ``load_after`` (:data:`LOAD_COLUMNS`), ``summary`` (figure, before, after; the
    figure keys of :data:`FIGURES`)."""

    orphaned: pd.DataFrame
    load_before: pd.DataFrame
    load_after: pd.DataFrame
    summary: pd.DataFrame
    as_of: str = ""
    changes: dict = field(default_factory=dict)


@analysis("whatif", title=("调整模拟", "What if"),
          description=("模拟人员调离、联合体撤销或增加名额后各项指标的变化；不修改数据库。",
                       "What changes if people leave, alliances dissolve or capacity is added; the "
                       "stored graph is not changed."),
          params=(Param("remove_people", "list", help="people who leave (人员编码)"),
                  Param("remove_alliances", "list", help="alliances that dissolve (联合体编码)"),
                  Param("add_capacity", "json", help='places added per person, {"P1": 2}'),
                  "as_of", "county",
                  Param("default_capacity", "int", help="capacity of a mentor with none of "
                        "their own", setting="capacity"),
                  Param("allow_cross_county", "bool", help="let proposals cross counties"),
                  Param("strict", "bool", help="proposals keep every 1/1/1 mix (see proposals)"),
                  Param("lang", "string", help="language", choices=("zh", "en"), setting="lang")),
          columns=ORPHAN_COLUMNS, part="orphaned", export=False)
def whatif(
    store: GraphStore,
    *,
    remove_people: tuple | list = (),
    remove_alliances: tuple | list = (),
    add_capacity: dict | None = None,
    as_of: str | date | None = None,
    county: str | None = None,
    default_capacity: int = rules.DEFAULT_CAPACITY,
    allow_cross_county: bool = False,
    strict: bool = True,
    lang: str = "zh",
) -> WhatIf:
    """Compare the store as it is with the store after some changes, without writing.

    Parameters
    ----------
    store : the graph store (only read).
    remove_people : person_ids who leave (transfer, retirement): their links go.
    remove_alliances : alliance_ids that dissolve.
    add_capacity : person_id -> places added to their capacity (may be negative).
    as_of : the day (default today).
    county : only count organisations of this county in ``orphaned`` and ``summary``.
    default_capacity : capacity of a person with none of their own.
    allow_cross_county : the ``coverable`` figure lets proposals cross counties.
    strict : the ``coverable`` figure uses the strict mix (as the proposal does).
    lang : 'zh' or 'en', the language of ``lost``.

    Returns
    -------
    WhatIf
        ``orphaned``: org_id, name, county, tier, weak, lost — grassroots
        organisations watched before and by nobody after, or in an alliance before
        and in none after; ``lost`` names who or what they lost.

    Raises
    ------
    WhatIfError
        A person or alliance id that is not in the store.
    """
    snap = snapshot(store, as_of=as_of)
    return whatif_on(snap, remove_people=remove_people, remove_alliances=remove_alliances,
                     add_capacity=add_capacity, county=county, default_capacity=default_capacity,
                     allow_cross_county=allow_cross_county, strict=strict, lang=lang)


def whatif_on(
    snap: Snapshot,
    *,
    remove_people: tuple | list = (),
    remove_alliances: tuple | list = (),
    add_capacity: dict | None = None,
    county: str | None = None,
    default_capacity: int = rules.DEFAULT_CAPACITY,
    allow_cross_county: bool = False,
    strict: bool = True,
    lang: str = "zh",
) -> WhatIf:
    """:func:`whatif` on an already-read :class:`Snapshot` (pure: frames in, frames out)."""
    if lang not in _LOST:
        raise ValueError(f"unknown language {lang!r}; use zh or en")
    check_county(snap.orgs.county, county)
    people = [str(p) for p in remove_people]
    alliances = [str(a) for a in remove_alliances]
    extra = {str(k): int(v) for k, v in (add_capacity or {}).items()}
    known_p = set(snap.people.person_id.astype(str))
    missing = [p for p in [*people, *extra] if p not in known_p]
    if missing:
        raise WhatIfError(f"no person {', '.join(missing)} in the store")
    known_a = set(snap.members.alliance_id.astype(str))
    missing = [a for a in alliances if a not in known_a]
    if missing:
        raise WhatIfError(f"no alliance {', '.join(missing)} in the store (or it has no members)")
    after = snap.without(people=tuple(people), alliances=tuple(alliances))
    kw = {"default_capacity": default_capacity}
    pt_before = person_table(snap, **kw)
    pt_after = person_table(after, extra_capacity=extra, **kw)
    figures_before = _figures(snap, pt_before, county, allow_cross_county, default_capacity, None,
                              strict)
    figures_after = _figures(after, pt_after, county, allow_cross_county, default_capacity, extra,
                             strict)
    summary = pd.DataFrame(
        [(k, figures_before[k], figures_after[k]) for k in FIGURES], columns=SUMMARY_COLUMNS,
        dtype=object)
    changes = {"remove_people": people, "remove_alliances": alliances, "add_capacity": extra}
    return WhatIf(_orphaned(snap, after, people, alliances, county, lang),
                  pt_before[LOAD_COLUMNS], pt_after[LOAD_COLUMNS], summary, snap.as_of, changes)


def _grassroots(snap: Snapshot, county: str | None) -> pd.DataFrame:
    o = snap.orgs[snap.orgs.kind.isin(GRASSROOTS)]
    return o[o.county == county] if county else o


def _figures(snap: Snapshot, people: pd.DataFrame, county: str | None, cross: bool,
             default_capacity: int, extra: dict | None, strict: bool = True) -> dict:
    orgs = _grassroots(snap, county)
    scope = pd.DataFrame({"tier": orgs.tier, "weak": orgs.weak,
                          "watched": orgs.org_id.isin(watch_counts(snap).index),
                          "allied": orgs.org_id.isin(set(snap.members.org_id))})
    mentors = people if not county or cross else people[people.county == county]
    alliances = snap.members[snap.members.org_id.isin(set(orgs.org_id))].alliance_id.nunique()
    figures = summarise(scope, mentors, alliances=int(alliances))
    prop = propose_on(snap, branches=unwatched(snap, county=county), allow_cross_county=cross,
                      default_capacity=default_capacity, extra_capacity=extra, strict=strict)
    return {**figures, "coverable": int(len(prop.links))}


def _orphaned(before: Snapshot, after: Snapshot, people: list[str], alliances: list[str],
              county: str | None, lang: str) -> pd.DataFrame:
    w = _LOST[lang]
    orgs = _grassroots(before, county).set_index("org_id")
    watched_b, watched_a = set(watch_counts(before).index), set(watch_counts(after).index)
    allied_b, allied_a = set(before.members.org_id), set(after.members.org_id)
    names = before.people.set_index("person_id")["name"].to_dict()
    active = before.links[before.links.active & before.links.link.isin(["mentor", "contact"])
                          & before.links.person_id.isin(people)]
    who = active.drop_duplicates(["person_id", "org_id"]).groupby("org_id")["person_id"].apply(list)
    gone = before.members[before.members.alliance_id.isin(alliances)]
    which = gone.groupby("org_id")[["alliance_id", "alliance_name"]].apply(
        lambda g: list(zip(g.alliance_id, g.alliance_name)))
    rows = []
    for oid, o in orgs.iterrows():
        lost = []
        if oid in watched_b and oid not in watched_a:
            lost.append(w["person"] + w["and"].join(f"{names.get(p, p)}({p})" for p in who.get(oid, [])))
        if oid in allied_b and oid not in allied_a:
            lost.append(w["alliance"] + w["and"].join(f"{n}({a})" for a, n in which.get(oid, [])))
        if lost:
            rows.append({"org_id": oid, "name": o["name"], "county": o.county, "tier": o.tier,
                         "weak": bool(False if pd.isna(o.weak) else o.weak),
                         "lost": w["sep"].join(lost)})
    return pd.DataFrame(rows, columns=ORPHAN_COLUMNS)
