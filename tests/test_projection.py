"""graphmodel.projection on the hand network of tests/network_graphs.py, on both backends."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from graphmodel.projection import (
    as_of_text,
    node_frame,
    org_alliance_bipartite,
    rel_frame,
    to_networkx,
)
from tests.network_graphs import AS_OF, hand_network


@pytest.fixture
def hand(any_store):
    any_store.replace_graph(hand_network(), source="hand")
    return any_store


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2025-01-01", "2025-01-01"), ("2025-1-5", "2025-01-05"), (date(2024, 2, 29), "2024-02-29")],
)
def test_as_of_text(value, expected):
    assert as_of_text(value) == expected


def test_as_of_text_default_and_bad():
    assert as_of_text(None) == date.today().isoformat()
    assert as_of_text(None, default_today=False) is None
    with pytest.raises(ValueError, match="not a date"):
        as_of_text("next tuesday")


def test_node_frame_types_and_nulls(hand):
    orgs = node_frame(hand, "Organization", columns=["name", "stars", "tier"]).set_index("org_id")
    assert list(orgs.columns) == ["name", "stars", "tier"]
    assert len(orgs) == 11
    assert str(orgs["stars"].dtype) == "Int64"
    assert orgs.loc["O3", "stars"] == 8
    assert pd.isna(orgs.loc["O6", "stars"]) and orgs.loc["O6", "tier"] is None
    assert orgs.loc["O1", "name"] == "东村党支部"


def test_node_frame_unknown_property(hand):
    with pytest.raises(KeyError, match="no property colour"):
        node_frame(hand, "Organization", columns=["colour"])


@pytest.mark.parametrize(
    ("as_of", "pairs"),
    [
        (None, {("O3", "O1"), ("O4", "O5"), ("O2", "O7")}),
        ("2024-03-01", {("O3", "O1"), ("O4", "O5")}),
        (AS_OF, {("O3", "O1")}),
        ("2025-03-01", {("O3", "O1"), ("O2", "O7")}),
        ("2024-06-30", {("O3", "O1"), ("O4", "O5")}),  # until is inclusive
    ],
)
def test_rel_frame_as_of(hand, as_of, pairs):
    pw = rel_frame(hand, "PAIRED_WITH", as_of=as_of)
    assert list(pw.columns) == ["src", "dst", "type", "since", "until"]
    assert set(zip(pw["src"], pw["dst"])) == pairs


def test_rel_frame_undated_ignores_as_of(hand):
    assert len(rel_frame(hand, "MEMBER_OF", as_of=AS_OF)) == 10


def test_to_networkx_whole_graph(hand):
    g = to_networkx(hand)
    assert g.number_of_nodes() == 11 + 5 + 3  # organisations, alliances, chains
    assert g.number_of_edges() == 10 + 6 + 3  # memberships, chain links, pairings
    o3 = g.nodes["Organization:O3"]
    assert o3["label"] == "Organization" and o3["domain"] == "soe" and o3["stars"] == 8
    assert g.nodes["Alliance:A4"]["label"] == "Alliance"
    edge = g.edges["Organization:O1", "Alliance:A1", "MEMBER_OF"]
    assert edge == {"role": "lead", "rel_type": "MEMBER_OF"}
    pair = g.edges["Organization:O4", "Organization:O5", "PAIRED_WITH"]
    assert pair["type"] == "结对帮扶" and pair["until"] == "2024-06-30"
    assert g.graph["as_of"] is None


def test_to_networkx_as_of_drops_inactive_links(hand):
    g = to_networkx(hand, as_of=AS_OF)
    pairs = [(u, v) for u, v, k in g.edges(keys=True) if k.startswith("PAIRED_WITH")]
    assert pairs == [("Organization:O3", "Organization:O1")]
    assert g.graph["as_of"] == AS_OF


def test_to_networkx_selected_rels(hand):
    g = to_networkx(hand, rels=["MEMBER_OF"])
    assert {d["label"] for _, d in g.nodes(data=True)} == {"Organization", "Alliance"}
    assert g.number_of_nodes() == 16 and g.number_of_edges() == 10


def test_to_networkx_keeps_repeated_links(store):
    tables = hand_network()
    extra = pd.DataFrame([("O3", "O1", "企业联村", "2020-01-01", "2022-12-31")],
                         columns=["src", "dst", "type", "since", "until"])
    tables["PAIRED_WITH"] = pd.concat([tables["PAIRED_WITH"], extra], ignore_index=True)
    store.replace_graph(tables, source="hand")
    g = to_networkx(store, rels=["PAIRED_WITH"])
    keys = sorted(g["Organization:O3"]["Organization:O1"])
    assert keys == ["PAIRED_WITH", "PAIRED_WITH#2"]
    assert {d["since"] for d in g["Organization:O3"]["Organization:O1"].values()} == {
        "2024-01-01", "2020-01-01"}


def test_org_alliance_bipartite(hand):
    b = org_alliance_bipartite(hand)
    orgs = {n for n, d in b.nodes(data=True) if d["bipartite"] == 0}
    assert orgs == {f"Organization:O{i}" for i in (1, 2, 3, 4, 5, 6, 9, 10)}
    assert b.number_of_nodes() == 8 + 5 and b.number_of_edges() == 10
    assert b.edges["Organization:O5", "Alliance:A3"]["role"] == "lead"
    full = org_alliance_bipartite(hand, include_unallied=True)
    assert full.number_of_nodes() == 11 + 5


def test_empty_store(store):
    store.replace_graph({}, source="empty")
    g = to_networkx(store)
    assert g.number_of_nodes() == 0 and g.number_of_edges() == 0
    assert list(node_frame(store, "Alliance").columns) == ["alliance_id", "name", "theme",
                                                           "county", "founded"]


@pytest.mark.parametrize("in_query", [200, 0])  # filtered by the query, or read whole and filtered
def test_node_frame_keys(hand, monkeypatch, in_query):
    import graphmodel.projection as projection

    monkeypatch.setattr(projection, "_KEYS_IN_QUERY", in_query)
    df = node_frame(hand, "Organization", columns=["name"], keys=["O3", "O1", "O3", "nobody"])
    assert sorted(df.org_id) == ["O1", "O3"]
    assert node_frame(hand, "Organization", keys=[]).empty
