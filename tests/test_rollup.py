"""Figures per committee over its subtree (queries.rollup) on the hand-built city tree
(answers worked by hand in tests/tree_graphs.py), on LadybugDB and on Bolt, and
against the same figures computed a second way from the graph tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from queries import catalogue
from queries.rollup import BRANCH_COLUMNS, ROLLUP_COLUMNS, committee_branches, committee_rollup
from tests.analysis_graphs import nx_uncovered
from tests.tree_graphs import AS_OF, _tree_bolt, _tree_ladybug, tree, tree_city  # noqa: F401

FIGURES = ["committee_id", "parent_committee_id", "depth", "organisations", "watched",
           "watched_share", "lagging_unwatched", "weak_unwatched", "stars_mean", "at6", "at8"]
BY_HAND = [
    # committee parent depth orgs watched share lag weak stars  6+ 8+
    ["M0", None, 0, 8, 4, 0.5, 1, 1, 40 / 7, 4, 2],
    ["K1", "M0", 1, 5, 2, 0.4, 1, 1, 5.2, 3, 1],
    ["W1", "K1", 2, 4, 2, 0.5, 1, 0, 4.75, 2, 1],
    ["K2", "M0", 1, 2, 1, 0.5, 0, 0, 9.0, 1, 1],
]


def _rows(df):
    return [[None if v is None else (round(v, 9) if isinstance(v, float) else v) for v in r]
            for r in df[FIGURES].astype(object).values.tolist()]


def _by_hand(*ids):
    rows = [r for r in BY_HAND if not ids or r[0] in ids]
    return [[round(v, 9) if isinstance(v, float) else v for v in r] for r in rows]


def test_each_committee_counts_its_whole_subtree(tree):
    df = committee_rollup(tree, as_of=AS_OF)
    assert list(df.columns) == ROLLUP_COLUMNS
    assert _rows(df) == _by_hand()
    assert df[["name", "kind", "county"]].values.tolist()[2] == [
        "城东街道党工委", "working_committee", "红山区"]


def test_a_county_rolls_up_its_own_tree(tree):
    df = committee_rollup(tree, as_of=AS_OF, county="红山区")
    # the city committee is not in 红山区: 红山区委 is the top, with the same figures
    k1, w1 = _by_hand("K1", "W1")
    assert _rows(df) == [["K1", None, 0, *k1[3:]], ["W1", "K1", 1, *w1[3:]]]


def test_drilling_into_a_committee_keeps_it_and_the_committees_below(tree):
    assert committee_rollup(tree, as_of=AS_OF, committee="K1")["committee_id"].tolist() == ["K1", "W1"]
    assert committee_rollup(tree, as_of=AS_OF, committee="K2")["committee_id"].tolist() == ["K2"]
    assert committee_rollup(tree, as_of=AS_OF, committee="nope").empty


def test_filters_count_fewer_organisations_and_keep_every_committee(tree):
    df = committee_rollup(tree, as_of=AS_OF, tier="lagging").set_index("committee_id")
    # B1 (watched) and B3 (not) are the lagging ones, both under W1
    assert df.loc[["M0", "K1", "W1", "K2"], "organisations"].tolist() == [2, 2, 2, 0]
    assert df.loc["W1", "lagging_unwatched"] == 1 and df.loc["W1", "watched_share"] == 0.5
    assert math.isnan(df.loc["K2", "watched_share"]) and math.isnan(df.loc["K2", "stars_mean"])


def test_a_later_day_loses_a_watcher_and_the_share_follows(tree):
    # before 2024-03-01 P2 did not yet mentor B5, and still mentored B4
    k2 = committee_rollup(tree, as_of="2024-02-01").set_index("committee_id").loc["K2"]
    k1 = committee_rollup(tree, as_of="2024-02-01").set_index("committee_id").loc["K1"]
    assert (k2["watched"], k1["watched"], k1["weak_unwatched"]) == (0, 3, 0)


def test_the_organisations_a_committee_answers_for_neediest_first(tree):
    df = committee_branches(tree, as_of=AS_OF, committee="W1")
    assert list(df.columns) == BRANCH_COLUMNS
    # B3 and B1 lagging (fewest stars first), then B2 6★, G1 8★; B3 through G1
    assert df[["org_id", "watched"]].values.tolist() == [
        ["B3", False], ["B1", True], ["B2", True], ["G1", False]]
    assert set(df["committee"]) == {"城东街道党工委"}
    assert committee_branches(tree, as_of=AS_OF, committee="M0")["org_id"].tolist() == ["B7"]
    assert len(committee_branches(tree, as_of=AS_OF)) == 8


def test_the_catalogue_runs_it_with_text_parameters(tree):
    df = catalogue.table("committee-rollup", tree, {"as_of": AS_OF, "committee": "W1"})
    assert _rows(df) == _by_hand("W1")
    assert catalogue.get("committee-rollup").header("lagging_unwatched") == "无人包联的后进组织"


# -- a second way: walk down from each committee over the tables, no store ------------


def _independent_rollup(tables, day):
    """Per committee, the figures over its subtree, walking DOWN the BELONGS_TO edges
    from it (the analysis walks up), with nobody-watches from the networkx check."""
    orgs = tables["Organization"].set_index("org_id")
    children = tables["BELONGS_TO"].groupby("dst")["src"].apply(list).to_dict()
    unwatched = nx_uncovered(tables, day)
    rows = []
    for c in orgs.index[orgs["kind"].isin(["committee", "working_committee"])]:
        below, todo = [], list(children.get(c, []))
        while todo:
            o = todo.pop()
            below.append(o)
            todo.extend(children.get(o, []))
        g = orgs.loc[[o for o in below if orgs.loc[o, "kind"] in ("branch", "general_branch")]]
        watched = ~g.index.isin(list(unwatched))
        stars = pd.to_numeric(g["stars"]).dropna()
        rows.append({"committee_id": c, "organisations": len(g), "watched": int(watched.sum()),
                     "lagging_unwatched": int(((g["tier"] == "lagging") & ~watched).sum()),
                     "weak_unwatched": int((g["weak"].fillna(False).astype(bool) & ~watched).sum()),
                     "stars_mean": stars.mean() if len(stars) else float("nan"),
                     "at6": int((stars >= 6).sum()), "at8": int((stars >= 8).sum())})
    return pd.DataFrame(rows).set_index("committee_id").sort_index()


@pytest.mark.parametrize("day", [AS_OF, "2024-02-01"])
def test_the_rollup_agrees_with_a_walk_down_the_tables(tree, day):
    want = _independent_rollup(tree_city(), day)
    got = committee_rollup(tree, as_of=day).set_index("committee_id").sort_index()[want.columns]
    pd.testing.assert_frame_equal(got, want, check_dtype=False, check_index_type=False)
