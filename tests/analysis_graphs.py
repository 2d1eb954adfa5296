"""Small hand-built graphs for the analysis tests, as graph tables.

Each function returns a fresh ``dict`` of node label / relationship type ->
DataFrame, ready for ``store.replace_graph(...)``. The answers the tests expect
are written out below each graph, so a reader can check them by hand.

``tiny_county()`` — two counties, 15 organisations, 4 people, 2 alliances, 1 chain,
3 pairings. Read on :data:`AS_OF` (2025-01-01):

=====  ========  ==========  =====  =====  ====  ========  ==================================
org    county    domain      tier   stars  weak  watchers  links on 2025-01-01
=====  ========  ==========  =====  =====  ====  ========  ==================================
C0     红山区    government  -      -      -     (committee, not grassroots)
T1     红山区    government  -      -      -     (working committee)
B01    红山区    rural       lag    3      yes   P1, P3    mentors P1+P3; alliance A1 (lead)
B02    红山区    rural       mid    5      no    P1        mentor P1; A1; pairing B05 from 2025-03-01
B03    红山区    rural       adv    8      no    P1        mentor P1; chain CH1 (销售)
B04    红山区    community   mid    6      no    P3        P3 mentor AND contact; A1
B05    红山区    government  -      3      no    -         P3 mentors only from 2025-06-01
G06    红山区    hospital    lag    2      yes   -         P4 contact ended 2024-12-31
C1     松山区    government  -      -      -     (committee)
B07    松山区    rural       lag    4      yes   P2        contact P2; A2 (lead); paired with B10
B08    松山区    rural       adv    7      no    P2        contact P2; chain CH1 (种植)
B09    松山区    school      lag    -      no    -         P2 mentor ended 2024-06-30; pairing C0 ended 2024-12-31
B10    松山区    private     mid    6      no    P2        mentor P2; A2; CH1 (加工); paired with B07
B11    松山区    rural       mid    1      yes   -         nothing
B12    松山区    rural       lag    0      no    -         nothing
=====  ========  ==========  =====  =====  ====  ========  ==================================

People: P1 王芳 (works in C0, capacity unset), P2 李强 (C1, capacity 2),
P3 张伟 (T1, capacity 4), P4 赵敏 (C1, capacity unset).
"""

from __future__ import annotations

import pandas as pd

__all__ = ["AS_OF", "tiny_county", "contract_tiny_county", "watch_graph", "nx_uncovered", "nx_loads",
           "nx_contacts"]

#: The day the hand-written answers about :func:`tiny_county` refer to.
AS_OF = "2025-01-01"

_ORG_COLUMNS = ["org_id", "name", "kind", "parent_id", "domain", "county", "township",
                "stars", "tier", "weak", "members"]
_NA = None

_ORGS = [
    # org_id, name, kind, parent, domain, county, township, stars, tier, weak, members
    ("C0", "红山区委", "committee", _NA, "government", "红山区", _NA, _NA, _NA, _NA, 40),
    ("T1", "城东街道党工委", "working_committee", "C0", "government", "红山区", "城东街道",
     _NA, _NA, _NA, 25),
    ("B01", "一村党支部", "branch", "T1", "rural", "红山区", "城东街道", 3, "lagging", True, 18),
    ("B02", "二村党支部", "branch", "T1", "rural", "红山区", "城东街道", 5, "middle", False, 22),
    ("B03", "三村党支部", "branch", "T1", "rural", "红山区", "城东街道", 8, "advanced", False, 30),
    ("B04", "东风社区党支部", "branch", "T1", "community", "红山区", "城东街道", 6, "middle",
     False, 15),
    ("B05", "区直机关第一党支部", "branch", "C0", "government", "红山区", _NA, 3, _NA, False, 12),
    ("G06", "区医院党总支", "general_branch", "C0", "hospital", "红山区", _NA, 2, "lagging",
     True, 60),
    ("C1", "松山区委", "committee", _NA, "government", "松山区", _NA, _NA, _NA, _NA, 35),
    ("B07", "四村党支部", "branch", "C1", "rural", "松山区", "安庆镇", 4, "lagging", True, 20),
    ("B08", "五村党支部", "branch", "C1", "rural", "松山区", "安庆镇", 7, "advanced", False, 26),
    ("B09", "实验小学党支部", "branch", "C1", "school", "松山区", _NA, _NA, "lagging", False, 9),
    ("B10", "兴农公司党支部", "branch", "C1", "private", "松山区", "安庆镇", 6, "middle",
     False, 11),
    ("B11", "六村党支部", "branch", "C1", "rural", "松山区", "当铺地乡", 1, "middle", True, 14),
    ("B12", "七村党支部", "branch", "C1", "rural", "松山区", "当铺地乡", 0, "lagging", False, 8),
]

_PEOPLE = [
    # person_id, name, role, level, org_id, capacity
    ("P1", "王芳", "业务骨干", "county", "C0", _NA),
    ("P2", "李强", "书记", "county", "C1", 2),
    ("P3", "张伟", "驻村第一书记", "township", "T1", 4),
    ("P4", "赵敏", "组工干部", "county", "C1", _NA),
]

_ASSIGNMENTS = [
    # person_id, org_id, type, since, until
    ("P1", "B01", "mentor", "2024-01-01", _NA),
    ("P1", "B02", "mentor", "2024-01-01", _NA),
    ("P1", "B03", "mentor", "2024-01-01", _NA),
    ("P2", "B07", "contact", _NA, _NA),
    ("P2", "B08", "contact", "2023-05-01", _NA),
    ("P2", "B10", "mentor", "2024-03-01", _NA),
    ("P2", "B09", "mentor", "2023-01-01", "2024-06-30"),
    ("P3", "B01", "mentor", _NA, "2026-12-31"),
    ("P3", "B04", "mentor", "2024-02-01", _NA),
    ("P3", "B04", "contact", "2024-02-01", _NA),
    ("P3", "B05", "mentor", "2025-06-01", _NA),
    ("P4", "G06", "contact", "2024-01-01", "2024-12-31"),
    ("P2", "C1", "secretary", _NA, _NA),
]

_ALLIANCES = [
    ("A1", "城东街道党建联合体", "区域联建", "红山区", "2023-04-01"),
    ("A2", "松山村企联建", "村企联建", "松山区", "2024-07-01"),
]
_ALLIANCE_MEMBERS = [
    ("A1", "B01", "lead"), ("A1", "B02", "member"), ("A1", "B04", "member"),
    ("A1", "T1", "member"),
    ("A2", "B07", "lead"), ("A2", "B10", "member"),
]
_CHAINS = [("CH1", "中药材产业链党委", "中药材", "松山区")]
_CHAIN_MEMBERS = [("CH1", "B08", "种植"), ("CH1", "B10", "加工"), ("CH1", "B03", "销售")]
_PAIRINGS = [
    # org_a, org_b, type, since, until
    ("B10", "B07", "企业联村", "2023-01-01", _NA),
    ("C0", "B09", "结对帮扶", "2023-01-01", "2024-12-31"),
    ("B02", "B05", "城乡结对", "2025-03-01", _NA),
]


def contract_tiny_county() -> dict[str, pd.DataFrame]:
    """:func:`tiny_county` as clean contract tables (for ``loaders.contract.graph_tables``)."""
    orgs = pd.DataFrame(_ORGS, columns=_ORG_COLUMNS)
    orgs["stars"] = orgs["stars"].astype("Int64")
    orgs["members"] = orgs["members"].astype("Int64")
    orgs["weak"] = orgs["weak"].astype("boolean")
    people = pd.DataFrame(_PEOPLE, columns=["person_id", "name", "role", "level", "org_id",
                                            "capacity"])
    people["capacity"] = people["capacity"].astype("Int64")
    return {
        "organizations": orgs,
        "people": people,
        "assignments": pd.DataFrame(_ASSIGNMENTS, columns=["person_id", "org_id", "type",
                                                           "since", "until"]),
        "alliances": pd.DataFrame(_ALLIANCES, columns=["alliance_id", "name", "theme", "county",
                                                       "founded"]),
        "alliance_members": pd.DataFrame(_ALLIANCE_MEMBERS, columns=["alliance_id", "org_id",
                                                                     "role"]),
        "chains": pd.DataFrame(_CHAINS, columns=["chain_id", "name", "industry", "county"]),
        "chain_members": pd.DataFrame(_CHAIN_MEMBERS, columns=["chain_id", "org_id", "stage"]),
        "pairings": pd.DataFrame(_PAIRINGS, columns=["org_a", "org_b", "type", "since", "until"]),
    }


def tiny_county() -> dict[str, pd.DataFrame]:
    """The two-county example above as graph tables (label / type -> DataFrame)."""
    from loaders.contract import graph_tables

    return graph_tables(contract_tiny_county())


# -- the same answers a second way: networkx over the graph tables, no store ----------


def _active(since, until, day: str) -> bool:
    def blank(v) -> bool:
        return v is None or (isinstance(v, float) and v != v) or v is pd.NA or str(v).strip() == ""

    return (blank(since) or str(since) <= day) and (blank(until) or str(until) >= day)


def watch_graph(tables: dict[str, pd.DataFrame], as_of: str):
    """A networkx DiGraph person -> organisation of the links active on ``as_of``.

    Nodes are ``("P", person_id)`` and ``("O", org_id)`` with the table rows as
    attributes; an edge carries ``mentor`` / ``contact`` flags (both when a person
    is both).
    """
    import networkx as nx

    g = nx.DiGraph()
    for row in tables["Organization"].to_dict("records"):
        g.add_node(("O", row["org_id"]), **row)
    for row in tables["Person"].to_dict("records"):
        g.add_node(("P", row["person_id"]), **row)
    for rel, flag in (("MENTORS", "mentor"), ("CONTACT_POINT", "contact")):
        frame = tables.get(rel)
        if frame is None:
            continue
        for src, dst, since, until in zip(frame["src"], frame["dst"], frame.get("since", [None] * len(frame)),
                                          frame.get("until", [None] * len(frame))):
            if not _active(since, until, as_of):
                continue
            u, v = ("P", src), ("O", dst)
            if g.has_edge(u, v):
                g.edges[u, v][flag] = True
            else:
                g.add_edge(u, v, **{flag: True})
    return g


def nx_uncovered(tables: dict[str, pd.DataFrame], as_of: str,
                 kinds: tuple[str, ...] = ("branch", "general_branch")) -> set[str]:
    """org_ids of the organisations of ``kinds`` nobody watches on ``as_of``."""
    g = watch_graph(tables, as_of)
    return {
        n[1] for n, data in g.nodes(data=True)
        if n[0] == "O" and data.get("kind") in kinds and g.in_degree(n) == 0
    }


def nx_loads(tables: dict[str, pd.DataFrame], as_of: str,
             kinds: tuple[str, ...] = ("branch", "general_branch"),
             ) -> dict[str, tuple[int, int]]:
    """person_id -> (branches mentored, contact points) for everyone who mentors at least
    one organisation of ``kinds`` on ``as_of`` (the mentors of mentor_load)."""
    g = watch_graph(tables, as_of)
    out = {}
    for n in g.nodes:
        if n[0] != "P":
            continue
        edges = [(v, g.edges[n, v]) for v in g.successors(n)]
        mentored = sum(bool(e.get("mentor")) and g.nodes[v].get("kind") in kinds for v, e in edges)
        if mentored:
            out[n[1]] = (mentored, sum(bool(e.get("contact")) for _, e in edges))
    return out


def nx_contacts(tables: dict[str, pd.DataFrame], as_of: str) -> dict[str, int]:
    """person_id -> contact points on ``as_of``, for everyone who keeps one."""
    g = watch_graph(tables, as_of)
    out = {}
    for n in g.nodes:
        if n[0] == "P":
            k = sum(bool(g.edges[n, v].get("contact")) for v in g.successors(n))
            if k:
                out[n[1]] = k
    return out


# -- fixtures: the tiny county loaded once per module, on each backend -----------------
# Import them into a test module (``from tests.analysis_graphs import tiny, ...``).
# Loading costs ~1.5 s per LadybugDB file, so read-only tests share one load.

import pytest  # noqa: E402 - fixtures below only

TINY_SOURCE = "tiny-county"


@pytest.fixture(scope="module")
def _tiny_ladybug(tmp_path_factory):
    from graphmodel import open_store

    store = open_store(tmp_path_factory.mktemp("tiny") / "tiny.lbug")
    store.replace_graph(tiny_county(), source=TINY_SOURCE)
    yield store
    store.close()


@pytest.fixture(scope="module")
def _tiny_bolt(bolt_uri):
    from graphmodel.bolt_store import BoltStore

    store = BoltStore(bolt_uri)
    yield store
    store.close()


@pytest.fixture(params=["ladybug", "bolt"])
def tiny(request):
    """The tiny county, read-only, on LadybugDB and on Bolt (FalkorDB) in turn.

    The Bolt server holds one graph for the whole session: it is reloaded whenever
    another test has replaced or cleared it since.
    """
    if request.param == "ladybug":
        return request.getfixturevalue("_tiny_ladybug")
    store = request.getfixturevalue("_tiny_bolt")
    info = store.load_info()
    if info is None or info.source != TINY_SOURCE:
        store.replace_graph(tiny_county(), source=TINY_SOURCE)
    return store
