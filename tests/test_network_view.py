"""network_for and the pyvis drawing on the hand network of tests/network_graphs.py."""

from __future__ import annotations

import os
import re

import pytest

from queries import network_view as nv
from queries.networks import network_for, pyvis_html
from tests.network_graphs import AS_OF, hand_network


@pytest.fixture
def hand(store):
    store.replace_graph(hand_network(), source="hand")
    return store


def _ids(g):
    return {n.split(":", 1)[1] for n in g}


def test_around_an_alliance(hand):
    g = network_for(hand, alliance_id="A1", as_of=AS_OF)
    # A1, its members, and (second step) O3's other alliance A2
    assert _ids(g) == {"A1", "O1", "O2", "O3", "A2"}
    assert g.graph == {"truncated": False, "total_nodes": 5, "centre": ["Alliance:A1"]}
    a1 = g.nodes["Alliance:A1"]
    assert (a1["kind"], a1["label"], a1["members"], a1["centre"], a1["distance"]) == (
        "alliance", "东城区域联建", 3, True, 0)
    o3 = g.nodes["Organization:O3"]
    assert (o3["kind"], o3["domain"], o3["stars"], o3["tier"], o3["county"], o3["distance"]) == (
        "org", "soe", 8, "advanced", "红山区", 1)
    assert g.edges["Organization:O1", "Alliance:A1"] == {"kind": "member", "role": "lead"}
    assert g.edges["Organization:O3", "Organization:O1"] == {"kind": "pairing", "type": "企业联村"}
    assert g.number_of_edges() == 4 + 1


def test_two_hops_reach_further(hand):
    g = network_for(hand, alliance_id="A1", hops=2)
    assert _ids(g) == {"A1", "O1", "O2", "O3", "A2", "O4", "O5", "A3"}


def test_around_an_organisation_capped(hand):
    g = network_for(hand, org_id="O5", max_nodes=4)
    # within 2 steps: O5; A2 A3; O3 O4 O6 -> 6, nearest first, then most connected (O3)
    assert g.graph["truncated"] is True and g.graph["total_nodes"] == 6
    assert _ids(g) == {"O5", "A2", "A3", "O3"}
    assert g.nodes["Organization:O5"]["centre"] is True


def test_an_unallied_organisation_is_drawn_alone(hand):
    g = network_for(hand, org_id="O7")
    assert list(g) == ["Organization:O7"] and g.nodes["Organization:O7"]["label"] == "南村党支部"


def test_county_view(hand):
    g = network_for(hand, county="松山区")
    # 松山区 organisations in alliances; alliances of 松山区 or with a member there
    assert _ids(g) == {"O5", "O6", "O9", "O10", "A2", "A3", "A4", "A5"}
    assert not any(d["county"] == "红山区" for n, d in g.nodes(data=True) if d["kind"] == "org")


def test_whole_network_capped_keeps_whole_alliances_first(hand):
    g = network_for(hand, max_nodes=4)
    # largest alliance first (A1 and A2 have 3 members; A1 by id), then its members
    assert _ids(g) == {"A1", "O1", "O2", "O3"}
    assert g.graph["total_nodes"] == 8 + 5 and g.graph["truncated"] is True


def test_bad_centre_and_hops(hand):
    with pytest.raises(KeyError, match="no alliance 'A9'"):
        network_for(hand, alliance_id="A9")
    with pytest.raises(KeyError, match="no organisation 'X'"):
        network_for(hand, org_id="X")
    with pytest.raises(ValueError, match="hops"):
        network_for(hand, alliance_id="A1", hops=0)


def test_pyvis_nodes_and_edges(hand):
    g = network_for(hand, alliance_id="A1", as_of=AS_OF)
    net = nv.pyvis_network(g)
    nodes = {n["id"]: n for n in net.nodes}
    assert set(nodes) == set(g)
    o1 = nodes["Organization:O1"]
    assert o1["label"] == "东村党支部" and o1["shape"] == "dot"
    assert o1["color"] == nv.DOMAIN_COLORS["rural"]
    assert o1["size"] == 8 + 2 * 3  # stars 3
    assert o1["title"].splitlines() == ["党组织：东村党支部", "领域：农村", "星级：3", "类别：后进",
                                        "旗县区：红山区", "党员数：未知", "无人包联"]
    # drawn: A1 - {O1, O2, O3}, O3 - A2: taking O3 out cuts A2 off, so O3 is a bridge (a star)
    assert nodes["Organization:O3"]["shape"] == "star"
    assert nodes["Organization:O3"]["title"].splitlines()[-1] == "关键连接（去掉后图会断开）"
    a1 = nodes["Alliance:A1"]
    assert a1["shape"] == "diamond" and a1["color"] == nv.ALLIANCE_COLOR and a1["borderWidth"] == 4
    assert nodes["Organization:O3"]["color"] == nv.DOMAIN_COLORS["soe"]
    assert nodes["Organization:O2"]["color"] != nodes["Organization:O1"]["color"]
    dashed = [e for e in net.edges if e.get("dashes")]
    assert [(e["from"], e["to"]) for e in dashed] == [("Organization:O3", "Organization:O1")]
    assert len(net.edges) == g.number_of_edges()


def test_pyvis_english_tier_colours_and_unknowns(hand):
    g = network_for(hand, alliance_id="A3")
    net = nv.pyvis_network(g, color_by="tier", size_by=None, lang="en")
    nodes = {n["id"]: n for n in net.nodes}
    o6 = nodes["Organization:O6"]  # no stars, no tier
    assert o6["color"] == nv.UNKNOWN_COLOR and o6["size"] == 10
    assert "stars: unknown" in o6["title"] and "domain: school" in o6["title"]
    assert nodes["Organization:O5"]["color"] == nv.TIER_COLORS["lagging"]
    with pytest.raises(ValueError, match="colour by"):
        nv.pyvis_network(g, color_by="county")


def test_html_is_self_contained_and_freezes(hand, tmp_path, monkeypatch):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    html = pyvis_html(network_for(hand))
    assert not re.search(r"<script[^>]*src=[\"']?https?:", html, re.I)
    assert not re.search(r"<link[^>]*href=[\"']?https?:", html, re.I)
    assert "new vis.Network" in html and '"id": "Alliance:A1"' in html
    assert "stabilizationIterationsDone" in html and "physics: {enabled: false}" in html
    assert os.listdir(cwd) == []  # nothing written to the working folder


def test_legend():
    legend = nv.color_legend("domain")
    assert legend[0] == ("农村", nv.DOMAIN_COLORS["rural"], "\u25cf")
    assert [name for name, *_ in legend[-4:]] == ["联合体", "孤立联合体（成员不在其他联合体）",
                                                  "关键连接（去掉后图会断开）", "结对共建"]
    assert nv.color_legend("tier", lang="en")[2] == ("lagging", nv.TIER_COLORS["lagging"], "\u25cf")
    assert nv.color_legend("watched")[:3] == [("有人包联", "#2e7d32", "\u25cf"),
                                              ("无人包联", "#c62828", "\u25cf"),
                                              ("非基层组织", nv.UNKNOWN_COLOR, "\u25cf")]


def test_watched_colours_islands_members_and_labels(store):
    """P1 mentors O2 from 2024; O1 and O3 have nobody on AS_OF. A4 {O9, O10} shares no
    member with another alliance: an island. O3 has 40 party members."""
    import pandas as pd

    tables = hand_network()
    orgs = tables["Organization"]
    orgs["members"] = pd.array([40 if o == "O3" else pd.NA for o in orgs["org_id"]], dtype="Int64")
    tables["Person"] = pd.DataFrame({"person_id": ["P1"], "name": ["王芳"]})
    tables["MENTORS"] = pd.DataFrame({"src": ["P1"], "dst": ["O2"], "since": [pd.Timestamp("2024-01-01").date()],
                                      "until": [None]})
    store.replace_graph(tables, source="hand + a mentor")
    g = network_for(store, alliance_id="A1", as_of=AS_OF)
    assert {n: d["watched"] for n, d in g.nodes(data=True) if d["kind"] == "org"} == {
        "Organization:O1": False, "Organization:O2": True, "Organization:O3": False}
    nodes = {n["id"]: n for n in nv.pyvis_network(g, color_by="watched", size_by="members",
                                                   label_top=1).nodes}
    assert nodes["Organization:O2"]["color"] == nv.WATCHED_COLORS[True]
    assert nodes["Organization:O1"]["color"] == nv.WATCHED_COLORS[False]
    assert nodes["Organization:O3"]["size"] == 8 + 1.5 * 40 ** 0.5 and nodes["Organization:O1"]["size"] == 8
    # label_top=1: the centre A1 (also the node in most drawn links: 3); the rest are
    # named on hover only; label_top=2 adds O3 (2 links: A1 and A2)
    assert {n: v["label"] for n, v in nodes.items() if v["label"] != " "} == {"Alliance:A1": "东城区域联建"}
    two = {n["id"]: n["label"] for n in nv.pyvis_network(g, label_top=2).nodes if n["label"] != " "}
    assert two == {"Alliance:A1": "东城区域联建", "Organization:O3": "红山国企党支部"}
    island = {n["id"]: n for n in nv.pyvis_network(network_for(store, alliance_id="A4")).nodes}
    assert island["Alliance:A4"]["color"] == nv.ISLAND_COLOR
    assert nodes["Alliance:A1"]["color"] == nv.ALLIANCE_COLOR
    drawing = nv.network_drawing(store, alliance_id="A1", as_of=AS_OF)
    assert drawing["orgs"] == {"O1": "东村党支部", "O2": "东城社区党支部", "O3": "红山国企党支部"}
    assert (drawing["bridges"], drawing["islands"]) == (1, 0)
