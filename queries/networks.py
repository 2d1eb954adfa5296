"""How alliances, industry chains and pairings connect organisations.

The exported analyses count in the store: ``alliance_table``, ``unallied`` and
``bridges`` run named queries (``networks_alliances``, ``networks_unallied``,
``networks_multi_members``) whose answers are small (one row per alliance, per
organisation in no alliance, per membership of an organisation in two or more
alliances), so they stay cheap at millions of organisations. The others pull a
few whole tables (bulk queries generated from the schema, see
:mod:`graphmodel.projection`) and compute in pandas and networkx. The network
analyses work on the organisation–alliance *bipartite* membership graph (an edge
per membership), never on the organisation–organisation co-membership graph
itself: that graph has a clique per alliance, quadratic in the alliance's size,
while the bipartite graph is linear in memberships and has the same connected
components.

- components: connected components of the bipartite graph, counted by their
  organisations (organisations in no alliance are not part of the network; see
  :func:`unallied`).
- bridges: betweenness centrality of organisations on the bipartite graph
  (normalised as networkx does). An organisation in one alliance only is a leaf
  there and scores 0, so only organisations in two or more alliances are listed.
  It is computed exactly, and fast, by folding the leaves into their alliances
  (:mod:`queries.network_algorithms`), which needs only the alliances' sizes
  and the organisations in two or more; only when that would still take more than
  :data:`BETWEENNESS_WORK_LIMIT` steps are the sources sampled, with a fixed seed.
- communities: Louvain communities (modularity) of the bipartite graph, seeded.

The drawings (:func:`network_for`, :func:`pyvis_html`) live in
:mod:`queries.network_view` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import networkx as nx
import pandas as pd

from graphmodel.projection import membership_graph, node_frame, rel_frame
from graphmodel.store import GraphStore

from ._common import KINDS as KINDS_ALL
from ._common import as_of_text, kinds_list, rated, run
from .catalogue import analysis
from .params import Param, standard
from .network_algorithms import skeleton_betweenness
from .network_view import network_for, pyvis_html

__all__ = [
    "COLUMNS",
    "KINDS",
    "alliance_table",
    "alliance_members",
    "unallied",
    "co_membership_components",
    "bridges",
    "communities",
    "chain_table",
    "pairing_table",
    "unpaired",
    "network_for",
    "pyvis_html",
]

#: Grassroots kinds, the default of every ``kinds`` filter.
KINDS = ("branch", "general_branch")
#: Domains counted as villages / enterprises in :func:`chain_table`.
VILLAGE_DOMAINS = ("rural",)
ENTERPRISE_DOMAINS = ("soe", "private")
#: The stage shown for chain members whose stage is not given.
NO_STAGE = "未注明"
#: Above this many search steps (see network_algorithms.skeleton_work) bridges samples sources.
#: A province (98,500 organisations, 10.2 million steps, about 3.4 s) is computed exactly;
#: a nation-sized graph is sampled.
BETWEENNESS_WORK_LIMIT = 20_000_000

#: The columns of each analysis, in order.
COLUMNS: dict[str, list[str]] = {
    "alliance_table": ["alliance_id", "name", "theme", "county", "founded", "members",
                       "lead_id", "lead_name", "island"],
    "alliance_members": ["org_id", "name", "county", "domain", "tier", "stars", "role"],
    "unallied": ["org_id", "name", "county", "domain", "tier", "stars"],
    "co_membership_components": ["component", "organisations", "alliances", "largest"],
    "bridges": ["org_id", "name", "county", "alliances", "betweenness"],
    "communities": ["community", "organisations", "alliances", "counties", "main_domain"],
    "chain_table": ["chain_id", "name", "industry", "county", "members", "stages",
                    "villages", "enterprises"],
    "pairing_table": ["org_a", "name_a", "org_b", "name_b", "type", "since", "until"],
    "unpaired": ["org_id", "name", "county", "domain", "tier"],
}

_ORG_COLS = ["name", "kind", "county", "domain", "tier", "stars"]
_ORG = {"name": ("组织名称", "Organisation")}
_ALLIANCE = {"name": ("联合体名称", "Alliance"), "members": ("成员组织数", "Member organisations")}
_CHAIN = {"name": ("产业链名称", "Chain"), "members": ("成员组织数", "Member organisations")}


def _frame(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with exactly the columns of analysis ``name``, a fresh index, None for missing text."""
    out = df.reindex(columns=COLUMNS[name]).reset_index(drop=True)
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out


def _orgs(store: GraphStore) -> pd.DataFrame:
    return node_frame(store, "Organization", columns=_ORG_COLS)


def _filter_orgs(
    orgs: pd.DataFrame,
    *,
    county: str | None = None,
    domain: str | None = None,
    kinds: Iterable[str] | None = KINDS,
) -> pd.DataFrame:
    keep = pd.Series(True, index=orgs.index)
    if kinds is not None:
        keep &= orgs["kind"].isin(list(kinds))
    if county is not None:
        keep &= orgs["county"] == county
    if domain is not None:
        keep &= orgs["domain"] == domain
    return orgs[keep.fillna(False).astype(bool)]


@analysis("alliances", title=("党建联合体", "Alliances"),
          description=("每个联合体的成员数、牵头单位，以及是否孤立（成员都不在别的联合体）。",
                       "Every alliance with its size, its lead, and whether it is an island."),
          params=("county",), columns=COLUMNS["alliance_table"], labels=_ALLIANCE)
def alliance_table(store: GraphStore, *, county: str | None = None) -> pd.DataFrame:
    """Every alliance with its size, its lead and whether it is an island.

    Parameters
    ----------
    store : the graph store.
    county : keep alliances of this county (the alliance's own ``county``).

    Returns
    -------
    DataFrame: alliance_id, name, theme, county, founded, members (distinct
    member organisations), lead_id, lead_name (the member with role ``lead``; the
    smallest org_id if several; None if none), island (True when no member
    belongs to any other alliance, judged against all alliances, not just the
    county's). Largest first, then by alliance_id.
    """
    out = _alliances(store, county)
    shared = set(_multi_members(store)["alliance_id"])
    out["island"] = ~out["alliance_id"].isin(shared)
    out = out.sort_values(["members", "alliance_id"], ascending=[False, True])
    return _frame("alliance_table", out)


def _alliances(store: GraphStore, county: str | None = None) -> pd.DataFrame:
    """Named query ``networks_alliances``: every alliance (of ``county``) with
    members, lead_id and lead_name, counted in the store."""
    df = run(store, "networks_alliances", county=county)
    df = _frame("alliance_table", df)
    df["members"] = pd.to_numeric(df["members"]).fillna(0).astype("int64")
    return df


def _multi_members(store: GraphStore) -> pd.DataFrame:
    """Named query ``networks_multi_members``: (org_id, alliance_id) of every
    organisation in two or more alliances."""
    df = run(store, "networks_multi_members")
    return pd.DataFrame({"org_id": df["org_id"].astype(str), "alliance_id": df["alliance_id"].astype(str)}
                        if len(df) else {"org_id": [], "alliance_id": []})


#: Every alliance with its number of distinct member organisations (0 when none).
_ALLIANCE_SIZES_CYPHER = (
    "MATCH (a:Alliance) OPTIONAL MATCH (o:Organization)-[:MEMBER_OF]->(a) "
    "RETURN a.alliance_id AS alliance_id, count(DISTINCT o) AS members"
)

_MEMBERS_CYPHER = (
    "MATCH (o:Organization)-[m:MEMBER_OF]->(a:Alliance) WHERE a.alliance_id = $alliance_id "
    "RETURN o.org_id AS org_id, o.name AS name, o.county AS county, o.domain AS domain, "
    "o.tier AS tier, o.stars AS stars, m.role AS role"
)


@analysis("alliance-members", title=("联合体成员", "Members of an alliance"),
          description=("一个联合体的成员组织，牵头单位在前。", "The member organisations of one "
                       "alliance, the lead first."),
          params=(Param("alliance_id", "string", help="the alliance (联合体编码)"),),
          columns=COLUMNS["alliance_members"], labels=_ORG, values={"role": "member_role"},
          export=False)
def alliance_members(store: GraphStore, alliance_id: str) -> pd.DataFrame:
    """The member organisations of one alliance, the lead first.

    Returns
    -------
    DataFrame: org_id, name, county, domain, tier, stars, role ('lead'|'member').
    Empty when the alliance does not exist or has no members.
    """
    df = store.run(_MEMBERS_CYPHER, {"alliance_id": str(alliance_id)})
    df = _frame("alliance_members", df)
    df["stars"] = pd.to_numeric(df["stars"]).astype("Int64")
    df = df.drop_duplicates("org_id")
    order = (df["role"] != "lead").astype(int)
    return _frame("alliance_members", df.assign(_o=order).sort_values(["_o", "org_id"]))


@analysis("unallied", title=("未加入联合体的组织", "Organisations in no alliance"),
          description=("不属于任何党建联合体的组织。", "Organisations that belong to no alliance."),
          params=("county", "domain", "kinds"), columns=COLUMNS["unallied"], labels=_ORG)
def unallied(
    store: GraphStore,
    *,
    county: str | None = None,
    domain: str | None = None,
    kinds: Iterable[str] | None = KINDS,
) -> pd.DataFrame:
    """Organisations that belong to no alliance.

    Parameters
    ----------
    county, domain : keep organisations of this county / domain.
    kinds : organisation kinds to consider (default grassroots branches; None: every kind
        of the data contract; an empty or unknown kind is a QueryParamError).

    Returns
    -------
    DataFrame: org_id, name, county, domain, tier, stars; by county then org_id.
    """
    kinds = list(KINDS_ALL) if kinds is None else kinds_list(kinds)
    out = rated(run(store, "networks_unallied", kinds=kinds, county=county, domain=domain))
    out = _frame("unallied", out)
    out = out.sort_values(["county", "org_id"], na_position="last", kind="stable")
    return _frame("unallied", out)


def _bipartite(store: GraphStore) -> tuple[nx.Graph, pd.DataFrame]:
    """The bare membership graph (every alliance, allied organisations) and MEMBER_OF."""
    mem = rel_frame(store, "MEMBER_OF", columns=[]).drop_duplicates(["src", "dst"])
    alliances = node_frame(store, "Alliance", columns=[])["alliance_id"]
    return membership_graph(mem, alliances), mem


def _is_org(n: str) -> bool:
    return n.startswith("Organization:")


@analysis("components", title=("联建网络连通分量", "Connected parts of the alliance network"),
          description=("通过共同联合体连在一起的组织群，从大到小。", "Groups of organisations "
                       "linked through shared alliances, largest first."),
          columns=COLUMNS["co_membership_components"], export=False)
def co_membership_components(store: GraphStore) -> pd.DataFrame:
    """Connected components of the co-membership network.

    Two organisations are linked when they share an alliance; the components are
    computed on the bipartite membership graph (same components, no cliques).

    Returns
    -------
    DataFrame: component (1 = most organisations), organisations, alliances,
    largest (True for the component(s) with the most organisations). Only
    components with at least one organisation; organisations in no alliance are
    not counted (see :func:`unallied`).
    """
    g, _ = _bipartite(store)
    rows = []
    for comp in nx.connected_components(g):
        orgs = sorted(n for n in comp if _is_org(n))
        if orgs:
            rows.append((len(orgs), len(comp) - len(orgs), orgs[0]))
    rows.sort(key=lambda r: (-r[0], -r[1], r[2]))
    df = pd.DataFrame(rows, columns=["organisations", "alliances", "_first"])
    df["component"] = range(1, len(df) + 1)
    df["largest"] = df["organisations"] == (df["organisations"].max() if len(df) else 0)
    df = _frame("co_membership_components", df)
    return df.astype({"component": "int64", "organisations": "int64", "alliances": "int64",
                      "largest": bool})


@analysis("bridges", title=("桥梁组织", "Bridging organisations"),
          description=("同时在多个联合体、把联建网络连起来的组织（中介中心度）。",
                       "Organisations in several alliances that hold the network together "
                       "(betweenness)."),
          params=(Param("top", "int", help="how many (empty: all)"),
                  Param("seed", "int", help="seed of the sampling used on very large graphs")),
          columns=COLUMNS["bridges"], labels=_ORG)
def bridges(store: GraphStore, *, top: int | None = 20, seed: int = 0) -> pd.DataFrame:
    """Organisations that bridge alliances, by betweenness on the membership graph.

    Parameters
    ----------
    top : how many to return (None: all organisations in two or more alliances).
    seed : seed of the source sampling used above :data:`BETWEENNESS_WORK_LIMIT`.

    Returns
    -------
    DataFrame: org_id, name, county, alliances (how many it belongs to),
    betweenness (normalised, 0..1); highest first, then most alliances, then org_id.
    """
    multi = _multi_members(store)
    if multi.empty:
        return _frame("bridges", pd.DataFrame())
    sizes = store.run(_ALLIANCE_SIZES_CYPHER)  # not networks_alliances: no leads needed here
    sizes = pd.Series(pd.to_numeric(sizes["members"]).to_numpy("int64"), index=sizes["alliance_id"].tolist())
    # the skeleton of network_algorithms: every alliance, and the organisations
    # in two or more; each alliance weighs 1 + its members in no other alliance
    adj: dict[str, list[str]] = {f"Alliance:{a}": [] for a in sizes.index}
    weight = {f"Alliance:{a}": 1 + int(k) for a, k in sizes.items()}
    orgs = ("Organization:" + multi["org_id"]).tolist()  # plain str: loops over Arrow text crawl
    for org, al in zip(orgs, ("Alliance:" + multi["alliance_id"]).tolist()):
        adj.setdefault(org, []).append(al)
        adj[al].append(org)
        weight[org] = 1
        weight[al] -= 1
    for near in adj.values():  # the same order whatever order the store answered in
        near.sort()
    n = len(adj) + sum(weight[a] - 1 for a in adj if not _is_org(a))  # nodes of the full graph
    bc = skeleton_betweenness(adj, weight, n, _is_org, work_limit=BETWEENNESS_WORK_LIMIT, seed=seed)
    per_org = multi.groupby("org_id")["alliance_id"].nunique()
    out = pd.DataFrame({"org_id": per_org.index.astype(str), "alliances": per_org.to_numpy("int64")})
    out["betweenness"] = [float(bc.get(f"Organization:{o}", 0.0)) for o in out["org_id"].tolist()]
    out = out.sort_values(["betweenness", "alliances", "org_id"], ascending=[False, False, True])
    if top is not None:
        out = out.head(int(top))
    info = node_frame(store, "Organization", columns=["name", "county"], keys=out["org_id"])
    out = out.merge(info, on="org_id", how="left")
    return _frame("bridges", out)


@analysis("communities", title=("联建社区", "Communities of the alliance network"),
          description=("联建网络中联系紧密的组织群（Louvain 社区发现）。",
                       "Closely linked groups in the alliance network (Louvain)."),
          params=(Param("seed", "int", help="random seed"),
                  Param("resolution", "float", help="larger gives smaller communities")),
          columns=COLUMNS["communities"], export=False)
def communities(store: GraphStore, *, seed: int = 0, resolution: float = 1.0) -> pd.DataFrame:
    """Louvain communities of the membership graph (organisations with their alliances).

    Returns
    -------
    DataFrame: community (1 = most organisations), organisations, alliances,
    counties (distinct counties of its organisations), main_domain (the most
    common domain, ties broken alphabetically; None if none is known).
    """
    g, _ = _bipartite(store)
    if g.number_of_edges() == 0:
        return _frame("communities", pd.DataFrame())
    info = node_frame(store, "Organization", columns=["county", "domain"]).set_index("org_id")
    rows = []
    for comm in nx.community.louvain_communities(g, seed=seed, resolution=resolution):
        ids = sorted(n.split(":", 1)[1] for n in comm if _is_org(n))
        if not ids:
            continue
        sub = info.loc[ids]
        doms = sub["domain"].dropna().value_counts()
        main = min(doms[doms == doms.max()].index) if len(doms) else None
        rows.append((len(ids), len(comm) - len(ids), int(sub["county"].dropna().nunique()), main, ids[0]))
    rows.sort(key=lambda r: (-r[0], -r[1], r[4]))
    df = pd.DataFrame(rows, columns=["organisations", "alliances", "counties", "main_domain", "_f"])
    df["community"] = range(1, len(df) + 1)
    return _frame("communities", df)


#: One row per chain membership with the member's domain (the domain joined in the store).
_CHAIN_LINKS_CYPHER = (
    "MATCH (o:Organization)-[r:IN_CHAIN]->(c:Chain) "
    "RETURN o.org_id AS src, c.chain_id AS dst, r.stage AS stage, o.domain AS domain"
)


@analysis("chains", title=("产业链党组织", "Industry chains"),
          description=("每条产业链的成员数、各环节人数、村级和企业组织数。",
                       "Every industry chain with its members by stage, villages and enterprises."),
          columns=COLUMNS["chain_table"], labels=_CHAIN)
def chain_table(store: GraphStore) -> pd.DataFrame:
    """Every industry chain with its members by stage.

    Returns
    -------
    DataFrame: chain_id, name, industry, county, members (distinct organisations),
    stages (``"种植:5|加工:3|销售:2"``, most members first, then by name; members
    without a stage as ``未注明``), villages (rural members), enterprises (state
    and private enterprise members). Largest first, then chain_id.
    """
    chains = node_frame(store, "Chain")
    links = store.run(_CHAIN_LINKS_CYPHER)
    if links.empty:
        links = pd.DataFrame(columns=["src", "dst", "stage", "domain"])
    links = links.astype(object).where(links.notna(), None).drop_duplicates(["src", "dst", "stage"])
    links["stage"] = links["stage"].where(links["stage"].notna(), NO_STAGE)

    # whole-table group-bys, never a loop over chains (there are thousands at scale)
    by_stage = links.groupby(["dst", "stage"])["src"].nunique().rename("n").reset_index()
    by_stage = by_stage.sort_values(["dst", "n", "stage"], ascending=[True, False, True])
    by_stage["part"] = by_stage["stage"].astype(str) + ":" + by_stage["n"].astype(str)
    figures = {
        "members": links.groupby("dst")["src"].nunique(),
        "stages": by_stage.groupby("dst", sort=False)["part"].agg("|".join),
        "villages": links[links["domain"].isin(VILLAGE_DOMAINS)].groupby("dst")["src"].nunique(),
        "enterprises": links[links["domain"].isin(ENTERPRISE_DOMAINS)].groupby("dst")["src"].nunique(),
    }
    for col, per in figures.items():
        chains[col] = chains["chain_id"].map(per).fillna("" if col == "stages" else 0)
    chains = chains.astype({"members": "int64", "villages": "int64", "enterprises": "int64"})
    chains = chains.sort_values(["members", "chain_id"], ascending=[False, True])
    return _frame("chain_table", chains)


@analysis("pairings", title=("结对共建", "Pairings"),
          description=("截至日期有效的结对共建关系。", "Pairings active on the day."),
          params=("as_of",), columns=COLUMNS["pairing_table"])
def pairing_table(store: GraphStore, *, as_of: str | date | None = None) -> pd.DataFrame:
    """Pairings active on ``as_of`` (default today).

    Returns
    -------
    DataFrame: org_a, name_a, org_b, name_b, type, since, until; by org_a, org_b.
    """
    out = _frame("pairing_table", run(store, "networks_pairings", as_of=as_of_text(as_of, store)))
    return _frame("pairing_table", out.sort_values(["org_a", "org_b", "since"], kind="stable"))


@analysis("unpaired", title=("未结对的组织", "Organisations with no pairing"),
          description=("截至日期没有有效结对的组织。", "Organisations with no pairing active on "
                       "the day."), params=("county", "kinds", "as_of", "domain"),
          columns=COLUMNS["unpaired"], labels=_ORG, export=False)
def unpaired(
    store: GraphStore,
    *,
    county: str | None = None,
    kinds: Iterable[str] | None = KINDS,
    as_of: str | date | None = None,
    domain: str | None = None,
) -> pd.DataFrame:
    """Organisations with no pairing active on ``as_of`` (default today), on either side.

    Returns
    -------
    DataFrame: org_id, name, county, domain, tier; by county then org_id.
    """
    orgs = _filter_orgs(_orgs(store), county=county, domain=domain, kinds=kinds)
    pw = rel_frame(store, "PAIRED_WITH", as_of=as_of_text(as_of, store), columns=[])
    paired = set(pw["src"]) | set(pw["dst"])
    out = orgs[~orgs["org_id"].isin(paired)].sort_values(["county", "org_id"], na_position="last")
    return _frame("unpaired", out)
