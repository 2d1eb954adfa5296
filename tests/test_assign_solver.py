"""The proposal's exact core on small hand-built cases, checked against brute force."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict

import networkx as nx
import pandas as pd
import pytest

from queries.assign_solver import TIERS, Costs, link_cost, mix_cost, priority, solve


def B(org_id, county="A", township="x", tier="middle", weak=False, stars=3):
    return {"org_id": org_id, "county": county, "township": township, "tier": tier,
            "weak": weak, "stars": stars}


def P(person_id, county="A", township="x", remaining=1, advanced=0, middle=0, lagging=0):
    return {"person_id": person_id, "county": county, "township": township,
            "remaining": remaining, "advanced": advanced, "middle": middle, "lagging": lagging}


def run(bs, ps, **kw):
    return solve(pd.DataFrame(bs), pd.DataFrame(ps), **kw)


def pairs(sol):
    return sorted(zip(sol.links.org_id, sol.links.person_id))


def codes(sol):
    return dict(zip(sol.uncovered.org_id, sol.uncovered.code))


# ---------------------------------------------------------------- hand-built answers

def test_scarce_place_goes_to_the_lagging_branch():
    sol = run([B("adv", tier="advanced", stars=8), B("lag", tier="lagging", stars=2)],
              [P("p1", remaining=1)])
    assert pairs(sol) == [("lag", "p1")]
    assert codes(sol) == {"adv": "outcompeted"}


def test_weak_beats_plain_and_fewer_stars_break_ties():
    bs = [B("m5", stars=5), B("m1", stars=1), B("w9", weak=True, stars=9)]
    sol = run(bs, [P("p1", remaining=2)])
    assert pairs(sol) == [("m1", "p1"), ("w9", "p1")]


def test_coverage_comes_first_even_over_priority():
    # p2 may not take "mid" (linked to it); the only way to cover both is p1->mid, p2->lag
    bs = [B("lag", tier="lagging"), B("mid", tier="middle")]
    ps = [P("p1", remaining=1), P("p2", remaining=1)]
    sol = run(bs, ps, exclude=[("p2", "mid")])
    assert pairs(sol) == [("lag", "p2"), ("mid", "p1")]


def test_same_county_is_required_unless_allowed():
    bs = [B("b1", county="B", township="y")]
    ps = [P("p1", county="A")]
    sol = run(bs, ps)
    assert sol.links.empty and codes(sol) == {"b1": "no_candidate"}
    sol = run(bs, ps, allow_cross_county=True)
    assert pairs(sol) == [("b1", "p1")]
    assert sol.links.match.tolist() == ["cross"]
    assert sol.links.cost.tolist() == [Costs().county + Costs().township]  # fills "middle"


def test_same_township_is_preferred():
    sol = run([B("b1", township="x")], [P("far", township="y"), P("near", township="x")])
    assert pairs(sol) == [("b1", "near")]
    assert sol.links.match.tolist() == ["township"]


def test_mix_moves_toward_one_of_each_tier():
    # p1 lacks a lagging branch, p2 lacks an advanced one: swapping would cost twice the mix
    bs = [B("lag", tier="lagging"), B("adv", tier="advanced")]
    ps = [P("p1", advanced=1, middle=1), P("p2", middle=1, lagging=1)]
    sol = run(bs, ps)
    assert pairs(sol) == [("adv", "p2"), ("lag", "p1")]
    assert sorted(sol.links.fills) == ["advanced", "lagging"]
    assert sol.links.cost.sum() == 0


def test_strict_mix_keeps_compliant_mixes_and_fills_the_missing_tiers():
    # full has 1/1/1 and room for one more; half has one advanced and room for two
    ps = [P("full", remaining=1, advanced=1, middle=1, lagging=1), P("half", remaining=2, advanced=1)]
    bs = [B("lag1", tier="lagging", stars=1), B("lag2", tier="lagging", stars=2),
          B("mid", tier="middle"), B("adv", tier="advanced"), B("none", tier=None)]
    lenient = run(bs, ps)
    assert len(lenient.links) == 3 and "full" in set(lenient.links.person_id)  # breaks full's 1/1/1
    strict = run(bs, ps, strict=True)
    assert pairs(strict) == [("lag1", "half"), ("mid", "half")]  # one of each missing tier
    assert set(strict.links.fills) == {"lagging", "middle"} and strict.links.cost.sum() == 0
    # lag2 could go to half, whose lagging place went to the needier lag1
    assert codes(strict) == {"lag2": "outcompeted", "adv": "mix", "none": "no_tier"}


def test_each_uncovered_branch_says_why():
    bs = [B("nocounty", county=None), B("empty", county="Z"), B("full", county="F"),
          B("linked", county="L")]
    ps = [P("pf", county="F", remaining=0), P("pl", county="L")]
    sol = run(bs, ps, exclude=[("pl", "linked")])
    assert sol.links.empty
    assert codes(sol) == {"nocounty": "no_county", "empty": "no_candidate",
                          "full": "no_capacity", "linked": "linked"}


def test_capacity_is_respected():
    bs = [B(f"b{i}") for i in range(5)]
    sol = run(bs, [P("p1", remaining=2), P("p2", remaining=1)])
    assert sol.links.person_id.value_counts().to_dict() == {"p1": 2, "p2": 1}
    assert len(sol.uncovered) == 2


def test_empty_inputs_give_empty_frames_with_columns():
    sol = run([], [P("p1")])
    assert list(sol.links.columns) == ["org_id", "person_id", "match", "fills", "cost", "priority"]
    assert list(sol.uncovered.columns) == ["org_id", "code", "candidates", "with_capacity"]
    sol = run([B("b1")], [])
    assert codes(sol) == {"b1": "no_candidate"}


def test_priority_order():
    assert priority("lagging", True, 0) > priority("lagging", False, None) > priority("lagging", False, 0)
    assert priority("lagging", False, 10) > priority(None, True, None) > priority("advanced", False, 0)


# ---------------------------------------------------------------- brute force

def _key(assign, bs, ps, cross, costs, strict=False):
    """Lexicographic objective of an assignment {org_id: person_id}: count,
    sorted priorities, minus cost (None when infeasible). Strict: every branch a
    person gets must be of a tier their mix lacks, at most one of each."""
    bmap, pmap = {b["org_id"]: b for b in bs}, {p["person_id"]: p for p in ps}
    got = defaultdict(list)
    cost = 0
    for oid, pid in assign.items():
        geo, level = link_cost(bmap[oid], pmap[pid], costs)
        if level == 2 and not cross:
            return None
        cost += geo
        got[pid].append(bmap[oid]["tier"])
    for pid, tiers in got.items():
        if len(tiers) > pmap[pid]["remaining"]:
            return None
        if strict and any(t not in TIERS or pmap[pid][t] >= 1 or tiers.count(t) > 1 for t in tiers):
            return None
        cost += mix_cost({t: pmap[pid][t] for t in TIERS}, tiers, costs)
    pri = tuple(sorted((priority(bmap[o]["tier"], bmap[o]["weak"], bmap[o]["stars"]) for o in assign),
                       reverse=True))
    return (len(assign), pri, -cost)


def _brute(bs, ps, banned, cross, costs, strict=False):
    options = []
    for b in bs:
        opts = [None] + [p["person_id"] for p in ps if (p["person_id"], b["org_id"]) not in banned
                         and (cross or (b["county"] is not None and b["county"] == p["county"]))]
        options.append(opts)
    best = None
    for choice in itertools.product(*options):
        assign = {b["org_id"]: pid for b, pid in zip(bs, choice) if pid is not None}
        k = _key(assign, bs, ps, cross, costs, strict)
        if k is not None and (best is None or k > best):
            best = k
    return best


def _random_case(rng):
    counties = ["A", "B", None]
    towns = ["x", "y", None]
    bs = [B(f"b{i}", county=rng.choice(counties[:2] if rng.random() < .85 else counties),
            township=rng.choice(towns), tier=rng.choice([*TIERS, None]),
            weak=rng.random() < .3, stars=rng.choice([None, 0, 2, 5, 9]))
          for i in range(rng.randint(1, 6))]
    ps = [P(f"p{i}", county=rng.choice(counties[:2] if rng.random() < .9 else counties),
            township=rng.choice(towns), remaining=rng.randint(0, 3),
            **{t: rng.randint(0, 1) for t in TIERS})
          for i in range(rng.randint(1, 3))]
    banned = {(p["person_id"], b["org_id"]) for b in bs for p in ps if rng.random() < .15}
    return bs, ps, banned


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("seed", range(150))
def test_solver_is_optimal_against_brute_force(seed, strict):
    rng = random.Random(seed)
    bs, ps, banned = _random_case(rng)
    cross = rng.random() < .4
    costs = Costs(township=rng.randint(0, 3), county=rng.randint(1, 12), mix=rng.randint(0, 4))
    sol = run(bs, ps, exclude=banned, allow_cross_county=cross, costs=costs, strict=strict)
    assign = dict(zip(sol.links.org_id, sol.links.person_id))
    assert len(assign) == len(sol.links), "a branch was proposed twice"
    assert not {(p, o) for o, p in assign.items()} & banned
    key = _key(assign, bs, ps, cross, costs, strict)
    assert key is not None, "the proposal breaks a constraint"
    assert key == _brute(bs, ps, banned, cross, costs, strict)
    assert -key[2] == sol.links.cost.sum()
    assert set(sol.uncovered.org_id) == {b["org_id"] for b in bs} - set(assign)


@pytest.mark.parametrize("seed", range(20))
def test_coverage_equals_networkx_max_flow(seed):
    """The count covered equals a plain bipartite max flow (no costs)."""
    rng = random.Random(1000 + seed)
    bs, ps, banned = _random_case(rng)
    g = nx.DiGraph()
    for b in bs:
        g.add_edge("s", b["org_id"], capacity=1)
        for p in ps:
            if (p["person_id"], b["org_id"]) not in banned and b["county"] is not None \
                    and b["county"] == p["county"]:
                g.add_edge(b["org_id"], p["person_id"], capacity=1)
    for p in ps:
        g.add_edge(p["person_id"], "t", capacity=p["remaining"])
    value = nx.maximum_flow_value(g, "s", "t") if g.has_node("t") and g.has_node("s") else 0
    assert len(run(bs, ps, exclude=banned).links) == value


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("seed", range(60))
def test_optimal_when_places_are_scarce(seed, strict):
    """Many alike branches, few places: exercises the cut and the shared class nodes."""
    rng = random.Random(5000 + seed)
    bs = [B(f"b{i}", county=rng.choice(["A", "A", "B"]), township=rng.choice(["x", "y"]),
            tier=rng.choice(["lagging", "middle"]), weak=rng.random() < .3,
            stars=rng.choice([2, 5])) for i in range(rng.randint(4, 7))]
    ps = [P(f"p{i}", county=rng.choice(["A", "B"]), township=rng.choice(["x", "y"]),
            remaining=rng.randint(1, 2), lagging=rng.randint(0, 1)) for i in range(rng.randint(1, 2))]
    banned = {(p["person_id"], b["org_id"]) for b in bs for p in ps if rng.random() < .1}
    cross = rng.random() < .5
    sol = run(bs, ps, exclude=banned, allow_cross_county=cross, strict=strict)
    assign = dict(zip(sol.links.org_id, sol.links.person_id))
    key = _key(assign, bs, ps, cross, Costs(), strict)
    assert key is not None and key == _brute(bs, ps, banned, cross, Costs(), strict)
