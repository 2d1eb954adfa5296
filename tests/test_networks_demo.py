"""The network analyses on the built-in demo data, each figure computed two ways:
Cypher in the store (named queries, plain MATCH rows) against pandas/networkx on
the projection."""

from __future__ import annotations

import networkx as nx
import pytest

from graphmodel import open_store
from graphmodel.projection import org_alliance_bipartite, rel_frame, to_networkx
from loaders import contract, demo
from queries import networks as nw
from queries.registry import run_query


def _load(tmp_path_factory, name, scale):
    s = open_store(tmp_path_factory.mktemp(name) / "graph.lbug")
    s.replace_graph(contract.graph_tables(demo.generate(seed=0, scale=scale)), source="demo")
    return s


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    s = _load(tmp_path_factory, "demo", 1)
    yield s
    s.close()


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    s = _load(tmp_path_factory, "town", 0.1)
    yield s
    s.close()


def test_projection_matches_store_counts(city):
    g = to_networkx(city)
    counts = city.counts().set_index("name")["count"]
    labels = {}
    for _, d in g.nodes(data=True):
        labels[d["label"]] = labels.get(d["label"], 0) + 1
    for label, n in labels.items():
        assert counts[label] == n
    types = {}
    for _, _, d in g.edges(data=True):
        types[d["rel_type"]] = types.get(d["rel_type"], 0) + 1
    for t, n in types.items():
        assert counts[t] == n
    assert sum(types.values()) == counts[[r for r in types]].sum() == g.number_of_edges()


def test_alliance_sizes_leads_islands(city):
    # the analysis counts in the store; networkx over the projection counts again
    py = nw.alliance_table(city).set_index("alliance_id")
    g = org_alliance_bipartite(city)
    alliances = [n for n, d in g.nodes(data=True) if d["label"] == "Alliance"]
    assert len(py) == len(alliances) > 0
    sizes = {a.split(":", 1)[1]: g.degree(a) for a in alliances}
    assert (py["members"] == py.index.map(sizes)).all()
    leads = {a.split(":", 1)[1]: min((o for o in g[a] if g[a][o]["role"] == "lead"), default=None)
             for a in alliances}
    leads = {a: None if o is None else o.split(":", 1)[1] for a, o in leads.items()}
    assert list(py["lead_id"]) == [leads[a] for a in py.index]
    islands = {a.split(":", 1)[1] for a in alliances if all(g.degree(o) == 1 for o in g[a])}
    assert set(py.index[py["island"]]) == islands
    links = run_query(city, "networks_alliance_links")
    assert py["island"].sum() == len(py) - len(set(links.alliance_a) | set(links.alliance_b))


def test_unallied_count(city):
    g = org_alliance_bipartite(city, include_unallied=True)
    lonely = {n.split(":", 1)[1] for n, d in g.nodes(data=True)
              if d["label"] == "Organization" and d["kind"] in nw.KINDS and g.degree(n) == 0}
    py = nw.unallied(city)
    assert len(py) == len(lonely) > 0
    assert set(py.org_id) == lonely


def test_components_by_union_find_on_cypher_rows(city):
    rows = city.run(
        "MATCH (o:Organization)-[:MEMBER_OF]->(a:Alliance) RETURN o.org_id AS o, a.alliance_id AS a"
    )
    parent: dict = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for o, a in zip(rows.o, rows.a):
        parent[find("o" + o)] = find("a" + a)
    sizes: dict = {}
    for x in list(parent):
        root = find(x)
        orgs, als = sizes.get(root, (0, 0))
        sizes[root] = (orgs + (x[0] == "o"), als + (x[0] == "a"))
    expected = sorted(sizes.values(), reverse=True)
    py = nw.co_membership_components(city)
    assert sorted(zip(py.organisations, py.alliances), reverse=True) == expected
    assert py.organisations.sum() == rows.o.nunique()
    communities = nw.communities(city)
    assert communities.organisations.sum() == rows.o.nunique()
    assert len(communities) >= len(py)  # louvain never joins two components


def test_bridges_equal_networkx_betweenness(town):
    g = nx.Graph()
    rows = town.run(
        "MATCH (o:Organization)-[:MEMBER_OF]->(a:Alliance) RETURN o.org_id AS o, a.alliance_id AS a"
    )
    g.add_edges_from(("o" + o, "a" + a) for o, a in zip(rows.o, rows.a))
    g.add_nodes_from("a" + a for a in run_query(town, "networks_alliances").alliance_id)
    exact = nx.betweenness_centrality(g, normalized=True)
    py = nw.bridges(town, top=None)
    assert len(py) > 0
    for org_id, bc, n in zip(py.org_id, py.betweenness, py.alliances):
        assert bc == pytest.approx(exact["o" + org_id], abs=1e-12)
        assert n == g.degree("o" + org_id)


def test_chain_and_pairing_figures(city):
    cy = run_query(city, "networks_chains").set_index("chain_id")
    py = nw.chain_table(city).set_index("chain_id")
    for col in ("members", "villages", "enterprises"):
        assert (cy.loc[py.index, col].astype(int) == py[col]).all()
    for stages, members in zip(py["stages"], py["members"]):
        assert sum(int(part.rsplit(":", 1)[1]) for part in stages.split("|")) >= members
    day = "2025-01-01"
    assert len(rel_frame(city, "PAIRED_WITH", as_of=day)) == len(nw.pairing_table(city, as_of=day))
    assert set(run_query(city, "networks_unpaired", {"as_of": day}).org_id) == set(
        nw.unpaired(city, as_of=day).org_id)
