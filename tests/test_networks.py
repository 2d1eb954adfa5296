"""queries.networks on the hand network of tests/network_graphs.py (answers written there)."""

from __future__ import annotations

import pandas as pd
import pytest

from queries import networks as nw
from tests.network_graphs import AS_OF, hand_network


@pytest.fixture
def hand(any_store):
    any_store.replace_graph(hand_network(), source="hand")
    return any_store


@pytest.fixture
def lb(store):
    """The hand network in LadybugDB only (for the pure-Python parts)."""
    store.replace_graph(hand_network(), source="hand")
    return store


def test_alliance_table(hand):
    df = nw.alliance_table(hand)
    assert list(df.columns) == nw.COLUMNS["alliance_table"]
    rows = list(df[["alliance_id", "members", "lead_id", "lead_name", "island"]].itertuples(
        index=False, name=None))
    assert rows == [
        ("A1", 3, "O1", "东村党支部", False),
        ("A2", 3, "O3", "红山国企党支部", False),
        ("A3", 2, "O5", "西村党支部", False),
        ("A4", 2, "O9", "松山医院党支部", True),
        ("A5", 0, None, None, True),
    ]
    assert df.loc[df.alliance_id == "A3", "founded"].iloc[0] is None


def test_alliance_table_county_keeps_global_islands(hand):
    # A3 shares O5 with A2 of the other county: still not an island
    df = nw.alliance_table(hand, county="松山区")
    assert dict(zip(df.alliance_id, df.island)) == {"A3": False, "A4": True, "A5": True}


def test_alliance_members(hand):
    df = nw.alliance_members(hand, "A2")
    assert list(df.columns) == nw.COLUMNS["alliance_members"]
    assert list(df.org_id) == ["O3", "O4", "O5"]
    assert list(df.role) == ["lead", "member", "member"]
    assert df.stars.tolist() == [8, 5, 2]
    missing = nw.alliance_members(hand, "NOPE")
    assert missing.empty and list(missing.columns) == nw.COLUMNS["alliance_members"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["O7", "O8"]),
        ({"county": "红山区"}, ["O8"]),
        ({"domain": "rural"}, ["O7"]),
        ({"kinds": None}, ["O7", "C1", "O8"]),  # by county (松 < 红 in code points), then id
        ({"kinds": ("committee",)}, ["C1"]),
    ],
)
def test_unallied(lb, filters, expected):
    df = nw.unallied(lb, **filters)
    assert list(df.columns) == nw.COLUMNS["unallied"]
    assert list(df.org_id) == expected


def test_components(hand):
    df = nw.co_membership_components(hand)
    assert list(df.columns) == nw.COLUMNS["co_membership_components"]
    assert list(df.itertuples(index=False, name=None)) == [(1, 6, 3, True), (2, 2, 1, False)]


def test_bridges_exact(hand):
    df = nw.bridges(hand)
    assert list(df.columns) == nw.COLUMNS["bridges"]
    assert list(df.org_id) == ["O3", "O5"]
    assert list(df.alliances) == [2, 2]
    assert df.betweenness.tolist() == pytest.approx([15 / 66, 12 / 66])
    assert list(nw.bridges(hand, top=1).org_id) == ["O3"]


def test_bridges_sampled_path(lb, monkeypatch):
    # above the exact limit the sources are sampled; sampling all 13 nodes is exact again
    monkeypatch.setattr(nw, "EXACT_BETWEENNESS_NODES", 5)
    monkeypatch.setattr(nw, "BETWEENNESS_SAMPLES", 13)
    df = nw.bridges(lb)
    assert df.betweenness.tolist() == pytest.approx([15 / 66, 12 / 66])
    monkeypatch.setattr(nw, "BETWEENNESS_SAMPLES", 6)
    a, b = nw.bridges(lb, seed=3), nw.bridges(lb, seed=3)
    pd.testing.assert_frame_equal(a, b)  # seeded: the same estimate twice


def test_communities(lb):
    df = nw.communities(lb, seed=0)
    assert list(df.columns) == nw.COLUMNS["communities"]
    assert df.organisations.sum() == 8  # every allied organisation in exactly one community
    assert df.alliances.sum() == 4  # A5 has no organisation, so no community to report
    assert list(df.community) == list(range(1, len(df) + 1))
    # the island A4 {O9 hospital, O10 rural} is a community of its own; tie -> 'hospital'
    island = df[df.main_domain == "hospital"]
    assert list(island[["organisations", "alliances", "counties"]].iloc[0]) == [2, 1, 1]
    pd.testing.assert_frame_equal(df, nw.communities(lb, seed=0))


def test_chain_table(hand):
    df = nw.chain_table(hand)
    assert list(df.columns) == nw.COLUMNS["chain_table"]
    assert list(df[["chain_id", "members", "stages", "villages", "enterprises"]].itertuples(
        index=False, name=None)) == [
        ("CH1", 5, "种植:3|加工:1|销售:1", 3, 2),
        ("CH2", 1, "未注明:1", 0, 0),
        ("CH3", 0, "", 0, 0),
    ]


@pytest.mark.parametrize(
    ("as_of", "pairs"),
    [
        (AS_OF, [("O3", "O1")]),
        ("2024-03-01", [("O3", "O1"), ("O4", "O5")]),
        ("2025-06-01", [("O2", "O7"), ("O3", "O1")]),
    ],
)
def test_pairing_table(hand, as_of, pairs):
    df = nw.pairing_table(hand, as_of=as_of)
    assert list(df.columns) == nw.COLUMNS["pairing_table"]
    assert list(zip(df.org_a, df.org_b)) == pairs
    if as_of == AS_OF:
        assert list(df.iloc[0]) == ["O3", "红山国企党支部", "O1", "东村党支部", "企业联村",
                                    "2024-01-01", None]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"as_of": AS_OF}, ["O10", "O5", "O6", "O7", "O9", "O2", "O4", "O8"]),
        ({"as_of": AS_OF, "county": "红山区"}, ["O2", "O4", "O8"]),
        ({"as_of": "2024-03-01", "county": "红山区"}, ["O2", "O8"]),  # O4-O5 still running
    ],
)
def test_unpaired(hand, filters, expected):
    df = nw.unpaired(hand, **filters)
    assert list(df.columns) == nw.COLUMNS["unpaired"]
    assert list(df.org_id) == expected


ANALYSES = [
    ("alliance_table", lambda s: nw.alliance_table(s)),
    ("alliance_members", lambda s: nw.alliance_members(s, "A1")),
    ("unallied", lambda s: nw.unallied(s)),
    ("co_membership_components", lambda s: nw.co_membership_components(s)),
    ("bridges", lambda s: nw.bridges(s)),
    ("communities", lambda s: nw.communities(s)),
    ("chain_table", lambda s: nw.chain_table(s)),
    ("pairing_table", lambda s: nw.pairing_table(s)),
    ("unpaired", lambda s: nw.unpaired(s)),
]


@pytest.mark.parametrize(("name", "call"), ANALYSES, ids=[a[0] for a in ANALYSES])
def test_empty_graph_gives_empty_frames(store, name, call):
    store.replace_graph({}, source="empty")
    df = call(store)
    assert df.empty and list(df.columns) == nw.COLUMNS[name]


def test_orgs_without_alliances_have_no_components_or_bridges(store):
    store.replace_graph({"Organization": hand_network()["Organization"]}, source="orgs only")
    assert nw.co_membership_components(store).empty
    assert nw.bridges(store).empty
    assert len(nw.unallied(store)) == 10  # every grassroots organisation
