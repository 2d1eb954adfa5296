"""Who should take the branches nobody watches: an exact, explained proposal.

:func:`propose` reads the people who may mentor once
(:func:`queries.assign_inputs.candidates`), then, a group of counties at a time
(:func:`county_groups`), the organisations nobody watches there
(:func:`queries.coverage.unwatched_in`, the rule of the coverage gaps) and the links
not to repeat, and solves the assignment exactly
(:func:`queries.assign_solver.solve`: most branches covered, lagging and weak
first, then the cheapest — same township, a tier the mentor's mix still lacks).
Without cross-county links the problem falls apart by county, so the groups give
the answer of one solve over the whole store (tested), while memory stays that of
the largest group: a nation of 6,500 counties no longer reads every person,
organisation and link at once. :func:`propose_on` solves on a :class:`Snapshot`
already read (the what-if). Every proposed link and every branch left open carries
its reason in words.

The rules (who may mentor, a person's county, load, what counts as already
linked) are documented in :mod:`queries.assign_inputs`.

:func:`assignments_table` turns a proposal into rows of the data contract's
``assignments`` table (person_id, org_id, type=mentor, since) plus explanatory
columns the loader ignores, so a planner can edit it and load it back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from graphmodel import GraphStore, rules

from ._common import run
from .assign_inputs import (
    Snapshot,
    candidates,
    check_county,
    linked_pairs,
    person_table,
    unwatched,
    with_open_links,
)
from .assign_solver import Costs, Solution, priority, solve
from .catalogue import analysis
from .coverage import NO_COUNTY, unwatched_in
from .headline import summarise
from .params import Param

__all__ = ["Proposal", "propose", "propose_on", "assignments_table", "write_proposal", "LINK_COLUMNS",
           "UNCOVERED_COLUMNS", "ASSIGNMENT_COLUMNS", "NEEDED_FIGURES", "still_needed"]

LINK_COLUMNS = ["person_id", "person_name", "org_id", "org_name", "county", "township",
                "tier", "weak", "stars", "cost", "cost_note", "reason"]
#: Per county (and per township): what stays open and how many more mentors (at the
#: default capacity) would take it — the lagging and weak ones, and all of them.
NEEDED_FIGURES = ["open", "open_lagging_weak", "mentors_lagging_weak", "mentors_all"]
UNCOVERED_COLUMNS = ["org_id", "name", "county", "tier", "weak", "reason"]
ASSIGNMENT_COLUMNS = ["person_id", "org_id", "type", "since", "person_name", "org_name",
                      "county", "township", "tier", "weak", "stars", "reason"]

_TIER = {"zh": {"advanced": "先进", "middle": "中间", "lagging": "后进", "unrated": "未分类"},
         "en": {"advanced": "advanced", "middle": "middle", "lagging": "lagging",
                "unrated": "unrated"}}
_WORDS = {
    "zh": {
        "lag_weak": "后进且软弱涣散，优先安排", "lag": "后进组织，优先安排",
        "weak": "软弱涣散，优先安排", "plain": "目前无人包联",
        "stars": "（{stars}星）",
        "township": "同乡镇街道（{township}）", "county": "同旗县区（{county}），不同乡镇街道",
        "cross": "跨旗县区（{pc}→{county}）",
        "fills": "补上其包联结构缺少的{tier}组织（目标先进、中间、后进各一）",
        "extra": "其包联结构已有{tier}组织", "unrated": "该组织未分先进、中间、后进",
        "load": "现包联{load}个、上限{capacity}个，采纳后共{after}个",
        "no_county": "组织未填旗县区，无法就近安排",
        "no_candidate": "{county}没有可包联的人员（包联干部、联系点或业务骨干）",
        "no_candidate_x": "没有任何可包联的人员",
        "no_capacity": "{county}的{n}名可包联人员都已满额",
        "no_capacity_x": "全部{n}名可包联人员都已满额",
        "no_tier": "该组织未分先进、中间、后进，严格搭配下不安排（可关闭严格搭配）",
        "no_tier_x": "该组织未分先进、中间、后进，严格搭配下不安排（可关闭严格搭配）",
        "mix": "{county}尚有余额的人员都已有{tier}组织（严格搭配：不破坏先进、中间、后进各一）",
        "mix_x": "尚有余额的人员都已有{tier}组织（严格搭配：不破坏先进、中间、后进各一）",
        "linked": "{county}尚有余额的人员都已与该组织有关联（书记、所在单位或已排定的包联）",
        "linked_x": "尚有余额的人员都已与该组织有关联（书记、所在单位或已排定的包联）",
        "outcompeted": "{county}可用的{places}个空余名额已安排给更需要或更近的组织",
        "outcompeted_x": "可用的{places}个空余名额已安排给更需要或更近的组织",
        "sep": "；", "unknown": "（未填）",
        "c_zero": "0：同乡镇街道，且补上其搭配缺少的类别", "c_town": "不同乡镇街道+{n}",
        "c_county": "跨旗县区+{n}", "c_mix": "未补搭配缺少的类别+{n}", "c_sep": "，", "c_total": "{n}：",
    },
    "en": {
        "lag_weak": "lagging and weak: first in line", "lag": "lagging: first in line",
        "weak": "weak: first in line", "plain": "nobody watches it",
        "stars": " (stars: {stars})",
        "township": "same township ({township})", "county": "same county ({county}), other township",
        "cross": "another county ({pc} → {county})",
        "fills": "fills the {tier} place missing from their mix (one advanced, one middle, one lagging)",
        "extra": "their mix already has a {tier} branch", "unrated": "the branch has no tier",
        "load": "mentors {load} now, capacity {capacity}, {after} once adopted",
        "no_county": "the organisation has no county, so nobody nearby can be chosen",
        "no_candidate": "nobody in {county} may mentor (no mentor, contact point or 业务骨干)",
        "no_candidate_x": "nobody anywhere may mentor",
        "no_capacity": "all {n} people in {county} who may mentor are at capacity",
        "no_capacity_x": "all {n} people who may mentor are at capacity",
        "no_tier": "the branch has no tier, so the strict mix places it nowhere (turn strict off)",
        "no_tier_x": "the branch has no tier, so the strict mix places it nowhere (turn strict off)",
        "mix": "everyone in {county} with room already has a {tier} branch (strict mix: "
               "one advanced, one middle, one lagging is kept)",
        "mix_x": "everyone with room already has a {tier} branch (strict mix: one advanced, "
                 "one middle, one lagging is kept)",
        "linked": "everyone in {county} with room is already linked to it "
                  "(secretary, workplace or a mentor link already planned)",
        "linked_x": "everyone with room is already linked to it "
                    "(secretary, workplace or a mentor link already planned)",
        "outcompeted": "the {places} usable free places in {county} went to needier or nearer "
                       "branches",
        "outcompeted_x": "the {places} usable free places went to needier or nearer branches",
        "sep": "; ", "unknown": "(none)",
        "c_zero": "0: same township, and it fills a tier missing from the mix",
        "c_town": "other township +{n}", "c_county": "other county +{n}",
        "c_mix": "does not fill the mix +{n}", "c_sep": ", ", "c_total": "{n}: ",
    },
}


@dataclass
class Proposal:
    """A proposal: ``links`` (:data:`LINK_COLUMNS`), ``uncovered``
    (:data:`UNCOVERED_COLUMNS`), ``before``/``after`` summaries (the headline figures
    :data:`SUMMARY_FIGURES` of the organisations to cover and the mentors in reach), and
    the day."""

    links: pd.DataFrame
    uncovered: pd.DataFrame
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)
    as_of: str = ""
    needed: pd.DataFrame = field(default_factory=pd.DataFrame)
    needed_townships: pd.DataFrame = field(default_factory=pd.DataFrame)

    def open_reasons(self, top: int = 8) -> pd.DataFrame:
        """Why organisations stay open: reason, organisations; the ``top`` most common."""
        counts = self.uncovered["reason"].value_counts().head(top)
        return pd.DataFrame({"reason": counts.index.astype(object),
                             "organisations": counts.to_numpy(dtype="int64")})


#: Counties are solved together in groups of about this many grassroots organisations.
BATCH = 300_000


_LANG = Param("lang", "string", help="language of the reasons", choices=("zh", "en"),
               setting="lang")
_STRICT = Param("strict", "bool", help="place a branch only where it fills a tier missing "
                "from the mentor's mix (keeps every 1/1/1 mix)")
_CAPACITY = Param("default_capacity", "int", help="capacity of a mentor with none of their own",
                  setting="capacity")


@analysis("proposals", title=("包联调整建议", "Proposed mentor links"),
          description=("为无人包联的基层组织推荐包联干部：覆盖最多，后进、软弱涣散优先，再选代价最小的；"
                       "每条建议和每个仍无法安排的组织都写明理由。",
                       "Mentors proposed for the organisations nobody watches: as many as possible, "
                       "lagging and weak first, then the cheapest; every link and every "
                       "organisation left open says why."),
          params=("as_of", "county", "domain",
                  Param("allow_cross_county", "bool", help="let a mentor take a branch of another "
                        "county"), _STRICT, _CAPACITY, _LANG),
          columns=LINK_COLUMNS, labels={"org_name": ("组织名称", "Organisation")}, part="links")
def propose(
    store: GraphStore,
    *,
    as_of: str | date | None = None,
    county: str | None = None,
    domain: str | None = None,
    allow_cross_county: bool = False,
    strict: bool = True,
    default_capacity: int = rules.DEFAULT_CAPACITY,
    lang: str = "zh",
    costs: Costs = Costs(),
    batch: int = BATCH,
) -> Proposal:
    """Propose mentors for the grassroots organisations nobody watches.

    Parameters
    ----------
    store : the graph store (only read).
    as_of : the day (default today).
    county, domain : only organisations of this county / domain (people from
        anywhere may take them when ``allow_cross_county``).
    allow_cross_county : let a person take an organisation of another county.
    strict : (default) place a branch only where it fills a tier the mentor's
        advanced/middle/lagging mix lacks, so no mix already 1/1/1 is broken and every
        placement moves one toward it; False trades that for more branches covered.
    default_capacity : capacity of a person with none of their own.
    lang : 'zh' or 'en', the language of the reasons.
    costs : what a link costs (township, county, mix); see :class:`Costs`.
    batch : counties are read and solved in groups of about this many organisations
        (:func:`county_groups`; one group with ``allow_cross_county``, whose answer
        links counties). Only memory depends on it, not the answer.

    Returns
    -------
    Proposal
        ``links``: person_id, person_name, org_id, org_name, county, township (of
        the organisation), tier, weak, stars, cost, reason — neediest first.
        ``uncovered``: org_id, name, county, tier, weak, reason. ``needed`` (per
        county) and ``needed_townships`` (per county and township): the organisations
        left open and how many more mentors at ``default_capacity`` would take them
        (:func:`still_needed`).

    Raises
    ------
    ValueError
        ``county`` is not the county of any organisation (the message lists them).

    Example
    -------
    >>> p = propose(store, as_of="2025-01-01", county="红山区")  # doctest: +SKIP
    >>> p.links[["person_name", "org_name", "reason"]]  # doctest: +SKIP
    """
    sizes = _county_sizes(store)
    check_county(sizes.index.drop(NO_COUNTY, errors="ignore"), county)
    base = candidates(store, as_of=as_of)
    people = person_table(base, default_capacity=default_capacity)
    groups = ([[county]] if county is not None else [None] if allow_cross_county
              else county_groups(sizes, batch))

    def parts():  # read one group of counties at a time: memory stays that of the largest
        for group in groups:
            branches = unwatched_in(store, as_of=base.as_of, counties=group, domain=domain)
            yield branches, linked_pairs(with_open_links(base, store, group),
                                         set(branches.org_id.astype(str)))

    return _proposal(parts(), people, base.as_of, allow_cross_county=allow_cross_county,
                     strict=strict, default_capacity=default_capacity, lang=lang, costs=costs)


def _county_sizes(store: GraphStore) -> pd.Series:
    """Grassroots organisations per county (:data:`NO_COUNTY` for those without one),
    over every county that has any organisation, in county order."""
    df = run(store, "counts_by_county")
    names = df["county"].astype(object).where(df["county"].notna(), NO_COUNTY)
    return pd.Series(pd.to_numeric(df["grassroots"]).fillna(0).astype("int64").to_numpy(),
                     index=names.to_numpy(dtype=object))


def county_groups(sizes: pd.Series, limit: int = BATCH) -> list[list[str] | None]:
    """Consecutive counties gathered until a group holds ``limit`` organisations
    (a county is never split: the proposal without cross-county links is solved
    county by county, so solving groups apart gives the same answer).

    >>> county_groups(pd.Series([5, 3, 4, 9], index=["A", "B", "C", "D"]), 8)
    [['A', 'B'], ['C'], ['D']]
    """
    groups: list[list[str]] = []
    size = 0
    for name, n in sizes.items():
        if not groups or size + int(n) > limit:
            groups.append([])
            size = 0
        groups[-1].append(str(name))
        size += int(n)
    return groups or [None]  # no county at all: one read of everything (nothing)


def propose_on(
    snap: Snapshot,
    *,
    branches: pd.DataFrame | None = None,
    allow_cross_county: bool = False,
    strict: bool = True,
    default_capacity: int = rules.DEFAULT_CAPACITY,
    extra_capacity: dict | None = None,
    lang: str = "zh",
    costs: Costs = Costs(),
) -> Proposal:
    """:func:`propose` on an already-read (possibly changed) :class:`Snapshot`.

    ``branches`` defaults to every grassroots organisation nobody watches in it;
    ``extra_capacity`` (person_id -> places) raises capacities, as in the what-if.
    """
    if branches is None:
        branches = unwatched(snap)
    people = person_table(snap, default_capacity=default_capacity, extra_capacity=extra_capacity)
    part = (branches, linked_pairs(snap, set(branches.org_id.astype(str))))
    return _proposal([part], people, snap.as_of, allow_cross_county=allow_cross_county,
                     strict=strict, default_capacity=default_capacity, lang=lang, costs=costs)


def _proposal(parts: Iterable[tuple[pd.DataFrame, set]], people: pd.DataFrame, as_of: str, *,
              allow_cross_county: bool, strict: bool, default_capacity: int, lang: str,
              costs: Costs) -> Proposal:
    """Solve each part (branches, pairs not to propose) with the people who may mentor
    and put the answers together in the order of one solve over all of them."""
    if lang not in _WORDS:
        raise ValueError(f"unknown language {lang!r}; use zh or en")
    cand = people[people.may_mentor].reset_index(drop=True)
    links, uncovered, seen, chosen = [], [], [], []
    for branches, banned in parts:
        sol = solve(branches, cand, exclude=banned, allow_cross_county=allow_cross_county,
                    costs=costs, strict=strict)
        links.append(_link_rows(sol, branches[branches.org_id.isin(set(sol.links.org_id))], cand,
                                lang, costs))
        uncovered.append(_uncovered_rows(sol, branches, cand, lang, allow_cross_county))
        seen.append(_compact(branches))
        chosen.append(sol.links[["person_id", "org_id"]])
    links_df, open_df = _joined(links, LINK_COLUMNS), _joined(uncovered, UNCOVERED_COLUMNS)
    branches, taken = _joined(seen, _SEEN), _joined(chosen, ["person_id", "org_id"])
    if len(seen) > 1:  # the order one solve over all of them gives
        need = [-priority(*v) for v in zip(links_df.tier, links_df.weak, links_df.stars)]
        links_df = links_df.assign(_need=need).sort_values(["_need", "org_id"], kind="stable",
                                                           ignore_index=True).drop(columns="_need")
        order = rules.neediest_first(branches)["org_id"].astype(str)
        at = pd.Series(range(len(order)), index=order.to_numpy())
        open_df = open_df.iloc[at.reindex(open_df.org_id.astype(str)).to_numpy().argsort(
            kind="stable")].reset_index(drop=True)
    near = cand if allow_cross_county else cand[cand.county.isin(set(branches.county.dropna()))]
    before = _summary(branches, near, pd.DataFrame(columns=["person_id", "org_id"]))
    after = _summary(branches, near, taken)
    left = branches[~branches.org_id.isin(set(taken.org_id))]
    return Proposal(links_df, open_df, before, after, as_of,
                    still_needed(left, default_capacity),
                    still_needed(left, default_capacity, by=("county", "township")))


#: What is kept of each part's branches for the figures (text as Arrow strings: at nation
#: these are millions of rows).
_SEEN = ["org_id", "county", "township", "tier", "weak", "stars"]


def _compact(branches: pd.DataFrame) -> pd.DataFrame:
    out = {c: branches[c].astype("string[pyarrow]") for c in ("org_id", "county", "township")}
    # a handful of tier values: one object each, shared by every row
    out["tier"] = pd.Series(pd.Categorical(branches["tier"]), index=branches.index).astype(object)
    return pd.DataFrame({**out, "weak": branches["weak"], "stars": branches["stars"]})[_SEEN]


def _joined(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=columns)
    return frames[0].reset_index(drop=True) if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def still_needed(open_: pd.DataFrame, capacity: int, *, by: tuple[str, ...] = ("county",)
                 ) -> pd.DataFrame:
    """The organisations left open per group and the mentors still needed to take them.

    ``open_`` has the ``by`` columns, tier and weak; a new mentor takes ``capacity``
    branches, so the figures are ``ceil(open / capacity)`` for the lagging and weak
    ones and for all, per group; the last row (every ``by`` column None) is the total,
    the sum of the groups' figures.

    >>> o = pd.DataFrame({"county": ["A", "A", "A", "B"], "tier": ["lagging", "middle", "middle", "advanced"],
    ...                   "weak": [False, True, False, False]})
    >>> still_needed(o, 3).values.tolist()
    [['A', 3, 2, 1, 1], ['B', 1, 0, 0, 1], [None, 4, 2, 1, 2]]
    """
    cap = max(1, int(capacity))
    needy = (open_["tier"].eq("lagging") | open_["weak"].astype("boolean").fillna(False)).astype(int)
    keys = pd.DataFrame({c: open_[c].astype(object).fillna("") for c in by})
    keys["open"], keys["open_lagging_weak"] = 1, needy.to_numpy()
    per = keys.groupby(list(by), as_index=False)[["open", "open_lagging_weak"]].sum()
    per["mentors_lagging_weak"] = -(-per["open_lagging_weak"] // cap)
    per["mentors_all"] = -(-per["open"] // cap)
    total = per[NEEDED_FIGURES].sum().to_dict()
    out = pd.concat([per, pd.DataFrame([{**{c: None for c in by}, **total}])], ignore_index=True)
    for c in by:
        out[c] = out[c].astype(object).where(out[c].notna() & (out[c] != ""), None)
    return out[[*by, *NEEDED_FIGURES]].astype({c: "int64" for c in NEEDED_FIGURES})


def _text(v: object, w: dict) -> str:
    return w["unknown"] if v is None or (not isinstance(v, str) and pd.isna(v)) or v == "" else str(v)


def _cost_note(match: str, fills: str, costs: Costs, w: dict) -> str:
    """What a link's cost is made of, in words (the parts add up to its ``cost``)."""
    parts = [(key, n) for key, n, applies in (
        ("c_town", costs.township, match in ("county", "cross")),
        ("c_county", costs.county, match == "cross"),
        ("c_mix", costs.mix, not fills)) if applies]
    if not parts:
        return w["c_zero"]
    total = sum(n for _, n in parts)
    return w["c_total"].format(n=total) + w["c_sep"].join(w[k].format(n=n) for k, n in parts)


def _link_rows(sol: Solution, branches: pd.DataFrame, cand: pd.DataFrame, lang: str,
               costs: Costs = Costs()) -> pd.DataFrame:
    w, tiers = _WORDS[lang], _TIER[lang]
    if sol.links.empty:
        return pd.DataFrame(columns=LINK_COLUMNS)
    b, p = _by_id(branches, "org_id"), _by_id(cand, "person_id")
    taken = sol.links.groupby("person_id").size()
    rows = []
    for lk in sol.links.itertuples(index=False):
        o, person = b[lk.org_id], p[lk.person_id]
        lagging, weak = o["tier"] == "lagging", _flag(o["weak"])
        first = (w["lag_weak"] if lagging and weak else w["lag"] if lagging else
                 w["weak"] if weak else w["plain"])
        if o["stars"] is not None:
            first += w["stars"].format(stars=int(o["stars"]))
        tier = o["tier"] if o["tier"] in ("advanced", "middle", "lagging") else None
        parts = [
            first,
            w[lk.match].format(township=_text(o["township"], w), county=_text(o["county"], w),
                               pc=_text(person["county"], w)),
            w["fills"].format(tier=tiers[lk.fills]) if lk.fills else
            w["extra"].format(tier=tiers[tier]) if tier else w["unrated"],
            w["load"].format(load=int(person["mentored"]), capacity=int(person["capacity"]),
                             after=int(person["mentored"] + taken[lk.person_id])),
        ]
        rows.append({"person_id": lk.person_id, "person_name": person["name"],
                     "org_id": lk.org_id, "org_name": o["name"], "county": o["county"],
                     "township": o["township"], "tier": o["tier"], "weak": weak,
                     "stars": o["stars"], "cost": int(lk.cost),
                     "cost_note": _cost_note(lk.match, lk.fills, costs, w),
                     "reason": w["sep"].join(parts)})
    out = pd.DataFrame(rows, columns=LINK_COLUMNS)
    out["stars"] = pd.array(out["stars"], dtype="Int64")
    return out


def _uncovered_rows(sol: Solution, branches: pd.DataFrame, cand: pd.DataFrame,
                    lang: str, cross: bool) -> pd.DataFrame:
    w = _WORDS[lang]
    u = sol.uncovered.merge(branches[["org_id", "name", "county", "tier", "weak"]], on="org_id",
                            how="left")
    tiers = [_TIER[lang].get(x, _TIER[lang]["unrated"]) for x in u["tier"].astype(object)]
    # the places the proposal used (in strict mode some free places cannot take these)
    home = cand.set_index("person_id")["county"]
    used = home.reindex(sol.links["person_id"].astype(str))
    places = used.value_counts().to_dict()
    total = int(len(sol.links))
    county = u["county"].astype(object).where(u["county"].notna(), None).tolist()
    said: dict[tuple, str] = {}  # one string per distinct reason (millions of rows at nation)

    def reason(code: str, c: object, n: int, tier: str) -> str:
        key = (code, c, n, tier)
        if key not in said:
            said[key] = w[code + ("_x" if cross and code != "no_county" else "")].format(
                county=_text(c, w), n=int(n), places=total if cross else int(places.get(c, 0)),
                tier=tier)
        return said[key]

    u["reason"] = [reason(*row) for row in zip(u["code"], county, u["candidates"], tiers)]
    u["weak"] = u["weak"].astype(object).map(_flag).astype(bool)
    return u[UNCOVERED_COLUMNS]


def _by_id(df: pd.DataFrame, key: str) -> dict:
    """Rows as dicts keyed by ``key``, missing values as None."""
    plain = df.astype(object).where(df.notna(), None)
    return {str(r[key]): r for r in plain.to_dict("records")}


def _flag(v: object) -> bool:
    return bool(v) if v is not None and not (not isinstance(v, str) and pd.isna(v)) else False


#: The figures a proposal reports before and after (keys of :data:`queries.headline.FIGURES`).
SUMMARY_FIGURES = ("unwatched", "lagging_unwatched", "weak_unwatched", "mentors", "places",
                   "mix_ok")


def _summary(branches: pd.DataFrame, mentors: pd.DataFrame, links: pd.DataFrame) -> dict:
    """The headline figures of the branches and the mentors in reach once ``links`` are adopted."""
    tiers = branches.set_index("org_id")["tier"]
    m = mentors.set_index("person_id")[["mentored", "advanced", "middle", "lagging", "remaining",
                                         "capacity"]].copy()
    got = links[["person_id", "org_id"]].assign(tier=links.org_id.map(tiers))
    m["mentored"] += got.groupby("person_id").size().reindex(m.index, fill_value=0)
    m["remaining"] -= got.groupby("person_id").size().reindex(m.index, fill_value=0)
    for t in rules.TIERS:
        m[t] += got[got.tier == t].groupby("person_id").size().reindex(m.index, fill_value=0)
    m["mix_ok"] = rules.mix_ok(m.mentored, m.advanced, m.middle, m.lagging)
    m["status"] = ["over" if ld > c else "full" if ld == c else "under"
                   for ld, c in zip(m["mentored"], m["capacity"])]
    orgs = pd.DataFrame({"tier": branches.tier, "weak": branches.weak,
                         "watched": branches.org_id.isin(set(links.org_id)), "allied": False})
    figures = summarise(orgs, m)
    return {k: figures[k] for k in SUMMARY_FIGURES}


def assignments_table(proposal: Proposal, *, since: str | None = None) -> pd.DataFrame:
    """The proposal as rows of the contract's ``assignments`` table.

    Columns :data:`ASSIGNMENT_COLUMNS`: person_id, org_id, type ('mentor'), since
    (default the proposal's day) — what the loader reads — then person_name,
    org_name, county, township, tier, weak, stars, reason, which the loader
    reports as unknown columns and ignores.
    """
    out = proposal.links.copy()
    out["type"] = "mentor"
    out["since"] = since or proposal.as_of
    return out[ASSIGNMENT_COLUMNS].reset_index(drop=True)


#: Sheet name of the written proposal: a table name the loader reads as assignments.
SHEET = {"zh": "包联", "en": "assignments"}
#: Header overrides so an English file still loads (the loader reads these names).
_LOADABLE = {"person_id": ("人员编码", "person_id"), "org_id": ("组织编码", "org_id"),
             "type": ("类型", "type"), "since": ("开始日期", "since")}


def write_proposal(proposal: Proposal, path, *, lang: str = "zh", since: str | None = None):
    """Write the proposal as an ``assignments`` file a planner can edit and load back.

    ``.xlsx``: one sheet named 包联 (``assignments`` in English) — put the workbook
    into the dataset folder and ``branchgraph load FOLDER`` adds its rows to the
    assignments. ``.csv`` (UTF-8 with BOM): name it after the table (e.g.
    包联联系点.csv) in the dataset folder, or paste its rows into the 包联 sheet.
    Headers the loader knows come first; the explanatory columns are reported as
    unknown and ignored. Cells are formula-safe (:func:`queries.export.write_table`).

    Returns
    -------
    Path of the written file.
    """
    from .export import write_table

    rows = assignments_table(proposal, since=since)
    if lang == "zh":
        rows["type"] = "包联"
    return write_table(rows, path, lang=lang, title=SHEET.get(lang, "assignments"), labels=_LOADABLE)
