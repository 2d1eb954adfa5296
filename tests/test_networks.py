"""queries.networks on the hand network of tests/network_graphs.py (answers written there)."""

from __future__ import annotations

import random

import networkx as nx
import pandas as pd
import pytest

from graphmodel.projection import node_frame, org_alliance_bipartite, rel_frame
from queries import networks as nw
from queries.network_algorithms import org_betweenness
from queries.registry import QueryParamError, run_query
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


def test_bridges_sampled_when_too_much_work(lb, monkeypatch):
    # skeleton: A1 A2 A3 A4 A5 O3 O5 (leaves folded); 1 step allowed -> 1 sampled source
    monkeypatch.setattr(nw, "BETWEENNESS_WORK_LIMIT", 1)
    a, b = nw.bridges(lb, seed=3), nw.bridges(lb, seed=3)
    pd.testing.assert_frame_equal(a, b)  # seeded: the same estimate twice
    assert list(a.org_id) == ["O3", "O5"] or list(a.org_id) == ["O5", "O3"]
    exact = {"O3": 15 / 66, "O5": 12 / 66}
    assert any(abs(v - exact[o]) > 1e-9 for o, v in zip(a.org_id, a.betweenness))  # an estimate


def _random_membership(rng: random.Random) -> nx.Graph:
    g = nx.Graph()
    alliances, orgs = rng.randint(1, 8), rng.randint(2, 25)
    for o in range(orgs):
        for a in rng.sample(range(alliances), rng.randint(1, min(3, alliances))):
            g.add_edge(f"o:{o}", f"a:{a}")
    return g


@pytest.mark.parametrize("seed", range(25))
def test_folded_betweenness_equals_networkx(seed):
    g = _random_membership(random.Random(seed))
    exact = nx.betweenness_centrality(g, normalized=True)
    mine = org_betweenness(g, lambda n: n.startswith("o:"))
    for v in g:
        if v.startswith("o:"):
            assert mine.get(v, 0.0) == pytest.approx(exact[v], abs=1e-12)
        if v.startswith("o:") and g.degree(v) >= 2:
            assert v in mine


def test_sampling_every_source_is_exact():
    g = _random_membership(random.Random(7))
    is_org = lambda n: n.startswith("o:")  # noqa: E731
    assert org_betweenness(g, is_org, max_sources=10_000) == org_betweenness(g, is_org)


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


# -- the named queries (Cypher in the store) agree with the analyses (pandas/networkx) ---------


def _none(v):
    return None if v is None or (not isinstance(v, str) and pd.isna(v)) else v


def test_alliance_table_agrees_with_the_membership_graph(hand):
    # alliance_table counts in the store (named queries); here the same figures
    # from the networkx projection, by hand-written loops
    g = org_alliance_bipartite(hand)
    py = nw.alliance_table(hand).set_index("alliance_id")
    for node, data in g.nodes(data=True):
        if data["label"] != "Alliance":
            continue
        a = node.split(":", 1)[1]
        orgs = list(g[node])
        leads = sorted(o.split(":", 1)[1] for o in orgs if g[node][o]["role"] == "lead")
        assert py.loc[a, "members"] == len(orgs)
        assert py.loc[a, "lead_id"] == (leads[0] if leads else None)
        assert py.loc[a, "island"] == all(g.degree(o) == 1 for o in orgs)
    links = run_query(hand, "networks_alliance_links")
    assert list(zip(links.alliance_a, links.alliance_b, links.shared)) == [("A1", "A2", 1),
                                                                        ("A2", "A3", 1)]
    assert set(py.index[~py.island]) == set(links.alliance_a) | set(links.alliance_b)
    assert list(run_query(hand, "networks_alliances", {"county": "红山区"}).alliance_id) == ["A1", "A2"]
    members = run_query(hand, "networks_alliance_members", {"alliance_id": "A2"})
    assert list(members.org_id) == list(nw.alliance_members(hand, "A2").org_id)


@pytest.mark.parametrize(
    "filters", [{}, {"county": "红山区"}, {"domain": "rural"}, {"kinds": ("committee",)}]
)
def test_unallied_agrees_with_the_projection(hand, filters):
    # the named query in the store against pandas on the projected tables
    orgs = node_frame(hand, "Organization")
    allied = set(rel_frame(hand, "MEMBER_OF")["src"])
    keep = orgs["kind"].isin(filters.get("kinds", nw.KINDS)) & ~orgs["org_id"].isin(allied)
    for col in ("county", "domain"):
        if col in filters:
            keep &= orgs[col] == filters[col]
    expected = orgs.loc[keep].sort_values(["county", "org_id"], na_position="last")
    got = nw.unallied(hand, **filters)
    assert list(got.org_id) == list(expected.org_id)
    assert str(got["stars"].dtype) == "Int64"
    assert got["stars"].tolist() == expected["stars"].tolist()


def test_unallied_refuses_an_empty_or_unknown_kind(hand):
    with pytest.raises(QueryParamError, match="kinds"):
        nw.unallied(hand, kinds=[])
    with pytest.raises(QueryParamError, match="kinds"):
        nw.unallied(hand, kinds=["支部"])


def test_named_chain_pairing_queries_agree(hand):
    cy = run_query(hand, "networks_chains")
    py = nw.chain_table(hand)
    cols = ["chain_id", "members", "villages", "enterprises"]
    assert [tuple(r) for r in cy[cols].astype({"members": int, "villages": int, "enterprises": int})
            .itertuples(index=False)] == [tuple(r) for r in py[cols].itertuples(index=False)]
    for day in (AS_OF, "2024-03-01", "2025-06-01"):
        # pairing_table asks the store (networks_pairings); pandas on the projection again
        pw = rel_frame(hand, "PAIRED_WITH", as_of=day).sort_values(["src", "dst", "since"])
        assert list(zip(pw.src, pw.dst)) == list(
            zip(*[nw.pairing_table(hand, as_of=day)[c] for c in ("org_a", "org_b")]))
        cyu = run_query(hand, "networks_unpaired", {"as_of": day})
        assert list(cyu.org_id) == list(nw.unpaired(hand, as_of=day).org_id)


def test_components_by_cypher_paths(hand):
    # who reaches whom through MEMBER_OF edges, as Cypher sees it
    rows = hand.run(
        "MATCH (a:Organization)-[:MEMBER_OF*1..12]-(b:Organization) "
        "RETURN DISTINCT a.org_id AS a, b.org_id AS b"
    )
    reach: dict[str, set] = {}
    for a, b in zip(rows.a, rows.b):
        reach.setdefault(a, {a}).add(b)
    groups = {frozenset(s) for s in reach.values()}
    assert sorted(len(g) for g in groups) == [2, 6]
    py = nw.co_membership_components(hand)
    assert sorted(py.organisations) == [2, 6]
