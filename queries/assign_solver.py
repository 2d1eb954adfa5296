"""The exact core of the mentor proposal: a min-cost flow over plain DataFrames.

No store, no words: :func:`solve` takes the branches to cover and the people who
may take them, and returns who takes which branch and why the rest stay open
(as codes). :mod:`queries.proposals` reads the store and writes the reasons.

The objective, in this order (lexicographic):

1. cover as many branches as possible;
2. among those, the most needy ones: the covered branches' priorities, sorted
   from highest, are as large as possible position by position (lagging and weak
   first, then fewest stars; see :func:`priority`);
3. among those, the cheapest: the sum of link costs, where a link costs
   ``township`` when mentor and branch are in different townships (or either is
   unknown), ``county`` more when they are in different counties (only allowed
   with ``allow_cross_county``), and ``mix`` when the branch does not fill a tier
   missing from the mentor's one-advanced/one-middle/one-lagging mix.

Hard constraints: each person takes at most ``remaining`` branches; mentor and
branch share a county unless ``allow_cross_county``; a person never takes a branch
listed in ``exclude`` with them. In ``strict`` mode (the proposal's default) every
placement must fill a tier missing from the person's advanced/middle/lagging mix:
nobody with a 1/1/1 mix gets more, nobody gets a second branch of a tier they have,
and unrated branches are not placed; the ``mix`` cost then never arises.

Why this is exact: the sets of branches that can be covered together form a
transversal matroid, so the greedy choice by priority is optimal for every
priority weight that keeps the same order (and it has maximum size). A flow
that gives each covered branch the bonus ``big * (priority + 1)`` with ``big``
above any possible total of link costs, and charges the link costs, therefore
optimises 1, 2 and 3 in turn. Network simplex solves it exactly.

The network: ``source -> class`` of alike branches (same county, township, tier
and priority; capacity = their number, cost ``-bonus`` each) ``-> hub`` of its
(county, township, tier) ``-> hub`` of its (county, tier) ``[-> tier hub for every
county]`` ``-> slot (person, tier) -> person`` (capacity ``remaining``) ``-> sink``,
plus ``source -> sink`` for what stays uncovered. A slot has a free lane for a
tier the person still misses and a lane costing ``mix`` for the rest. Hubs keep
the network linear in size; a branch with excluded people skips the hubs and gets
its own edges to the people it may have. Branches below the priority cut (see
:func:`_contenders`) are left out before solving: they can never be covered.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx
import pandas as pd

__all__ = ["Costs", "Solution", "TIERS", "priority", "solve", "link_cost", "mix_cost"]

TIERS = ("advanced", "middle", "lagging")
_UNRATED = "unrated"
_MATCH = ("township", "county", "cross")
_SLOTS = (*TIERS, _UNRATED)

LINK_COLUMNS = ["org_id", "person_id", "match", "fills", "cost", "priority"]
UNCOVERED_COLUMNS = ["org_id", "code", "candidates", "with_capacity"]


@dataclass(frozen=True)
class Costs:
    """What a link costs, in whole points (only their order of size matters)."""

    township: int = 2
    county: int = 10
    mix: int = 3

    @property
    def largest(self) -> int:
        return self.township + self.county + self.mix


@dataclass
class Solution:
    """The solver's answer.

    ``links``: org_id, person_id, match ('township'|'county'|'cross'), fills (the
    tier the branch adds to the person's mix, '' if none), cost (link cost),
    priority. ``uncovered``: org_id, code ('no_county'|'no_candidate'|
    'no_capacity'|'no_tier' (strict: the branch has no tier)|'mix' (strict: nobody
    with room lacks its tier)|'linked'|
    'outcompeted'), candidates (people in reach),
    with_capacity (of them, with room left).
    """

    links: pd.DataFrame
    uncovered: pd.DataFrame
    stats: dict = field(default_factory=dict)


def _text(v: object) -> str | None:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    s = str(v).strip()
    return s or None


def _tier(v: object) -> str:
    t = _text(v)
    return t if t in TIERS else _UNRATED


def _flag(v: object) -> bool:
    if v is None or (not isinstance(v, (str, bool)) and pd.isna(v)):
        return False
    if isinstance(v, str):
        return v.strip().lower() in ("true", "1", "是", "yes")
    return bool(v)


def priority(tier: object, weak: object, stars: object) -> int:
    """How needy a branch is, 0..47: lagging first, then weak, then fewest stars
    (unknown stars count as fewest).

    >>> priority("lagging", True, 2) > priority("lagging", False, 0) > priority("middle", True, None)
    True
    """
    cls = 2 * (_tier(tier) == "lagging") + _flag(weak)
    s = None if stars is None or pd.isna(stars) else int(stars)
    return 12 * cls + (11 if s is None else 10 - max(0, min(10, s)))


def link_cost(branch: dict, person: dict, costs: Costs = Costs()) -> tuple[int, int]:
    """Geography part of a link's cost and its level: 0 same township, 1 same
    county, 2 another (or an unknown) county, allowed only with ``allow_cross_county``."""
    bc, pc = branch.get("county"), person.get("county")
    if bc is None or pc is None or bc != pc:
        return costs.county + costs.township, 2
    bt, pt = branch.get("township"), person.get("township")
    if bt is not None and bt == pt:
        return 0, 0
    return costs.township, 1


def mix_cost(have: dict, tiers: Iterable[str], costs: Costs = Costs()) -> int:
    """Mix part of the cost of giving a person branches of ``tiers`` when they
    already mentor ``have`` (tier -> count): ``mix`` per branch beyond the first
    of each tier, and per unrated branch."""
    counts: dict[str, int] = defaultdict(int)
    for t in tiers:
        counts[_tier(t)] += 1
    total = 0
    for t, k in counts.items():
        free = max(0, 1 - int(have.get(t, 0))) if t in TIERS else 0
        total += costs.mix * max(0, k - free)
    return total


def _records(df: pd.DataFrame, cols: list[str]) -> list[dict]:
    """Rows as dicts of plain values (None for missing), absent columns as None."""
    n = len(df)
    values = [df[c].astype(object).where(df[c].notna(), None).tolist() if c in df.columns
              else [None] * n for c in cols]
    return [dict(zip(cols, row)) for row in zip(*values)] if n else []


def solve(
    branches: pd.DataFrame,
    people: pd.DataFrame,
    *,
    exclude: Iterable[tuple[str, str]] = (),
    allow_cross_county: bool = False,
    costs: Costs = Costs(),
    strict: bool = False,
) -> Solution:
    """Propose who takes which branch (exactly optimal, see the module docstring).

    Parameters
    ----------
    branches : DataFrame with org_id, county, township, tier, weak, stars.
    people : DataFrame with person_id, county, township, remaining (places left),
        advanced, middle, lagging (branches of each tier they mentor now).
    exclude : (person_id, org_id) pairs that must not be proposed.
    allow_cross_county : let a person take a branch in another county (at a cost).
    costs : the link costs.
    strict : place a branch only where it fills a tier missing from the person's mix.

    Returns
    -------
    Solution with ``links`` and ``uncovered`` (columns in :class:`Solution`).

    Example
    -------
    >>> b = pd.DataFrame({"org_id": ["o1"], "county": ["A"], "township": ["x"],
    ...                   "tier": ["lagging"], "weak": [True], "stars": [1]})
    >>> p = pd.DataFrame({"person_id": ["p1"], "county": ["A"], "township": ["x"],
    ...                   "remaining": [1], "advanced": [1], "middle": [0], "lagging": [0]})
    >>> solve(b, p).links[["org_id", "person_id", "match", "fills", "cost"]].values.tolist()
    [['o1', 'p1', 'township', 'lagging', 0]]
    """
    bs = _records(branches, ["org_id", "county", "township", "tier", "weak", "stars"])
    ps = _records(people, ["person_id", "county", "township", "remaining", *TIERS])
    for b in bs:
        b["org_id"] = str(b["org_id"])
        b["county"], b["township"] = _text(b["county"]), _text(b["township"])
        b["slot"] = _tier(b["tier"])
        b["priority"] = priority(b["tier"], b["weak"], b["stars"])
    for p in ps:
        p["person_id"] = str(p["person_id"])
        p["county"], p["township"] = _text(p["county"]), _text(p["township"])
        r = p["remaining"]
        p["remaining"] = 0 if r is None or pd.isna(r) else max(0, int(r))
        for t in TIERS:
            v = p[t]
            p[t] = 0 if v is None or pd.isna(v) else int(v)
    banned: dict[str, set[str]] = defaultdict(set)
    free = {p["person_id"] for p in ps if p["remaining"] > 0}
    for pid, oid in exclude:  # only bans on people with room can change anything
        if str(pid) in free:
            banned[str(oid)].add(str(pid))

    links: list[dict] = []
    if allow_cross_county:
        groups = [(bs, ps)]
    else:
        by_county: dict[str | None, list[dict]] = defaultdict(list)
        for p in ps:
            by_county[p["county"]].append(p)
        bc: dict[str | None, list[dict]] = defaultdict(list)
        for b in bs:
            bc[b["county"]].append(b)
        groups = [(blist, by_county.get(c, []) if c is not None else []) for c, blist in bc.items()]
    for blist, plist in groups:
        blist = _contenders(blist, plist, banned, strict)
        links.extend(_solve_group(blist, plist, banned, allow_cross_county, costs, strict))

    covered = {lk["org_id"] for lk in links}
    uncovered = _explain([b for b in bs if b["org_id"] not in covered], ps, banned,
                         allow_cross_county, strict)
    links_df = pd.DataFrame(links, columns=LINK_COLUMNS)
    if not links_df.empty:
        links_df = links_df.sort_values(["priority", "org_id"], ascending=[False, True], ignore_index=True)
    stats = {
        "branches": len(bs),
        "covered": len(links),
        "cost": int(links_df["cost"].sum()) if len(links_df) else 0,
        "people": len(ps),
        "places": sum(p["remaining"] for p in ps),
    }
    return Solution(links_df, pd.DataFrame(uncovered, columns=UNCOVERED_COLUMNS), stats)


def _contenders(bs: list[dict], ps: list[dict], banned: dict[str, set[str]],
                strict: bool = False) -> list[dict]:
    """The branches that can be in an optimal answer: drop those below the cut.

    Everyone in reach may take a branch nobody is banned from, so with ``k``
    places any such branch of priority ``q`` beats every branch of lower priority;
    the cut is the ``k``-th highest priority among them. A branch below it is
    never covered in an optimum (swapping it for an uncovered higher one would be
    better), so leaving it out changes nothing but the size of the network. In
    strict mode the same holds within each tier, whose places are the people with
    room who miss that tier (unrated branches have none).
    """
    if strict:
        out = []
        for slot in _SLOTS:
            same = [b for b in bs if b["slot"] == slot]
            room = [{**p, "remaining": 1} for p in ps
                    if slot in TIERS and p["remaining"] > 0 and p[slot] < 1]
            out.extend(_contenders(same, room, banned))
        return out
    places = sum(p["remaining"] for p in ps)
    free = sorted((b["priority"] for b in bs if b["org_id"] not in banned), reverse=True)
    if places <= 0 or len(free) <= places:
        return bs if places > 0 else []
    cut = free[places - 1]
    return [b for b in bs if b["priority"] >= cut]


def _solve_group(bs: list[dict], ps: list[dict], banned: dict[str, set[str]],
                 cross: bool, costs: Costs, strict: bool = False) -> list[dict]:
    ps = [p for p in ps if p["remaining"] > 0]
    if not bs or not ps:
        return []
    n = min(len(bs), sum(p["remaining"] for p in ps))
    big = n * costs.largest + 1
    g = nx.DiGraph()
    g.add_node("s", demand=-len(bs))
    g.add_node("t", demand=len(bs))
    g.add_edge("s", "t", capacity=len(bs), weight=0)
    for p in ps:
        pid = p["person_id"]
        g.add_edge(("P", pid), "t", capacity=p["remaining"], weight=0)
        for slot in _SLOTS:
            s_node = ("S", pid, slot)
            if not strict:  # the lane that does not fill the mix
                g.add_edge(s_node, ("P", pid), weight=costs.mix, mix=costs.mix)
            if slot in TIERS and p[slot] < 1:
                g.add_edge(s_node, ("F", pid, slot), capacity=1, weight=0, fills=slot)
                g.add_edge(("F", pid, slot), ("P", pid), weight=0)
            if p["county"] is not None and p["township"] is not None:
                g.add_edge(("H", p["county"], p["township"], slot), s_node, weight=0)
            if p["county"] is not None:
                g.add_edge(("C", p["county"], slot), s_node, weight=0)
            if cross:
                g.add_edge(("G", slot), s_node, weight=0)
    classes: dict[tuple, list[dict]] = defaultdict(list)
    for b in bs:
        oid, slot = b["org_id"], b["slot"]
        if oid not in banned:  # interchangeable branches share one node
            classes[(b["county"], b["township"], slot, b["priority"])].append(b)
            continue
        bn = ("B", oid)
        g.add_edge("s", bn, capacity=1, weight=-big * (b["priority"] + 1), branches=[b])
        for p in ps:
            if p["person_id"] in banned[oid]:
                continue
            geo, level = link_cost(b, p, costs)
            if level == 2 and not cross:
                continue
            g.add_edge(bn, ("S", p["person_id"], slot), weight=geo, geo=geo, level=level)
    for (c, tw, slot, pri), members in classes.items():
        kn = ("K", c, tw, slot, pri)
        members.sort(key=lambda b: b["org_id"])
        g.add_edge("s", kn, capacity=len(members), weight=-big * (pri + 1), branches=members)
        if c is not None and tw is not None and g.has_node(("H", c, tw, slot)):
            g.add_edge(kn, ("H", c, tw, slot), weight=0)
        elif c is not None and g.has_node(("C", c, slot)):
            g.add_edge(kn, ("C", c, slot), weight=costs.township, geo=costs.township, level=1)
        elif cross:
            g.add_edge(kn, ("G", slot), weight=costs.township + costs.county,
                       geo=costs.township + costs.county, level=2)
    for node in list(g.nodes):
        if node[0] == "H":
            if g.has_node(("C", node[1], node[3])):
                g.add_edge(node, ("C", node[1], node[3]), weight=costs.township,
                           geo=costs.township, level=1)
        elif node[0] == "C" and cross:
            # a unit that reached C from its township hub has paid `township` already
            g.add_edge(node, ("G", node[2]), weight=costs.county, geo=costs.county, level=2)
    _, flow = nx.network_simplex(g)
    return _decompose(g, flow)


def _decompose(g: nx.DiGraph, flow: dict) -> list[dict]:
    """Follow the flow from the source, carrying each branch as a unit."""
    units: dict = defaultdict(deque)
    links = []
    for node in nx.topological_sort(g):
        if node == "s":
            for succ, f in flow["s"].items():
                if f and succ != "t":
                    for b in g.edges["s", succ]["branches"][:f]:
                        units[succ].append({"b": b, "geo": 0, "mix": 0, "fills": "", "level": 0})
            continue
        if node == "t":
            continue
        here = units.pop(node, deque())
        if node[0] == "P":
            for u in here:
                b = u["b"]
                links.append({"org_id": b["org_id"], "person_id": node[1],
                              "match": _MATCH[u["level"]], "fills": u["fills"],
                              "cost": u["geo"] + u["mix"], "priority": b["priority"]})
            continue
        if node[0] == "S":  # the neediest branches take the lanes that fill the mix
            here = deque(sorted(here, key=lambda u: (-u["b"]["priority"], u["b"]["org_id"])))
        for succ, f in sorted(flow[node].items(), key=lambda kv: kv[0][0] != "F"):
            data = g.edges[node, succ]
            for _ in range(f):
                u = dict(here.popleft())
                u["geo"] += data.get("geo", 0)
                u["mix"] += data.get("mix", 0)
                u["level"] = max(u["level"], data.get("level", 0))
                if data.get("fills"):
                    u["fills"] = data["fills"]
                units[succ].append(u)
    return links


def _explain(bs: list[dict], ps: list[dict], banned: dict[str, set[str]], cross: bool,
             strict: bool = False) -> list[dict]:
    """Why each branch left open stays open, as a code (see :class:`Solution`)."""
    reach: dict[str | None, list[dict]] = defaultdict(list)
    for p in ps:
        reach[None if cross else p["county"]].append(p)
    free = {c: [p["person_id"] for p in grp if p["remaining"] > 0] for c, grp in reach.items()}
    out = []
    for b in sorted(bs, key=lambda b: (-b["priority"], b["org_id"])):
        if b["county"] is None and not cross:
            out.append({"org_id": b["org_id"], "code": "no_county", "candidates": 0, "with_capacity": 0})
            continue
        key = None if cross else b["county"]
        near, room = reach.get(key, []), free.get(key, [])
        if not near:
            code = "no_candidate"
        elif not room:
            code = "no_capacity"
        elif strict and b["slot"] not in TIERS:
            code = "no_tier"
        elif strict and not any(p["remaining"] > 0 and p[b["slot"]] < 1 for p in near):
            code = "mix"
        elif b["org_id"] in banned and all(pid in banned[b["org_id"]] for pid in room):
            code = "linked"
        else:
            code = "outcompeted"
        out.append({"org_id": b["org_id"], "code": code, "candidates": len(near),
                    "with_capacity": len(room)})
    return out
