"""The alliance network as a picture: a networkx graph to draw, and its pyvis HTML.

:func:`network_for` picks the part of the organisation–alliance membership graph
a planner asked for (one alliance, one organisation, one county, or everything)
and caps it at ``max_nodes``, keeping the centre and its nearest neighbours
first. :func:`pyvis_html` draws it as self-contained HTML: vis-network is
inlined (no external script or stylesheet), node labels and tooltips are in
Chinese (or English), colours come from a fixed palette per domain (or tier).

Layout: the browser lays the graph out with vis-network's Barnes–Hut physics,
stabilised for :data:`STABILISATION_ITERATIONS` iterations before the first
paint, then physics is switched off (a ``stabilizationIterationsDone`` hook), so
the picture stays still and dragging a node moves only that node. (A
precomputed networkx spring layout was the alternative; it needs scipy beyond
500 nodes and costs the server seconds per drawing.)
"""

from __future__ import annotations

import json
import math
import re
from datetime import date

import networkx as nx
import pandas as pd
from pyvis.network import Network

from graphmodel.projection import membership_graph, node_frame, rel_frame
from graphmodel.store import GraphStore

from ._common import as_of_text
from .catalogue import analysis
from .labels import value_label
from .params import Param

__all__ = [
    "DOMAIN_COLORS",
    "TIER_COLORS",
    "ALLIANCE_COLOR",
    "WATCHED_COLORS",
    "ISLAND_COLOR",
    "COLOR_BY",
    "SIZE_BY",
    "LABEL_TOP",
    "STABILISATION_ITERATIONS",
    "network_for",
    "pyvis_network",
    "pyvis_html",
    "color_legend",
    "network_drawing",
]

#: One colour per domain (a fixed qualitative palette); unknown domains are grey.
DOMAIN_COLORS: dict[str, str] = {
    "rural": "#4e9a06",
    "community": "#3465a4",
    "government": "#cc0000",
    "school": "#f57900",
    "hospital": "#06989a",
    "soe": "#75507b",
    "private": "#c4a000",
    "social": "#e377c2",
    "park": "#8f5902",
}
TIER_COLORS: dict[str, str] = {"advanced": "#2e7d32", "middle": "#f9a825", "lagging": "#c62828"}
#: Watched (an active mentor or contact point on the day) or not; committees are unknown.
WATCHED_COLORS: dict[bool, str] = {True: "#2e7d32", False: "#c62828"}
UNKNOWN_COLOR = "#9e9e9e"
ALLIANCE_COLOR = "#37474f"
#: An alliance none of whose members is in another alliance.
ISLAND_COLOR = "#90a4ae"
#: Colourings and sizings the drawing knows.
COLOR_BY = ("domain", "tier", "watched")
SIZE_BY = ("stars", "members", "degree")
#: Nodes named on the picture (the rest on hover): the centre and the most connected.
LABEL_TOP = 15
PAIRING_COLOR = "#ef6c00"
STABILISATION_ITERATIONS = 200

_TEXT = {
    "org": ("党组织", "organisation"),
    "alliance": ("联合体", "alliance"),
    "name": ("名称", "name"),
    "domain": ("领域", "domain"),
    "stars": ("星级", "stars"),
    "tier": ("类别", "tier"),
    "county": ("旗县区", "county"),
    "members": ("成员数", "members"),
    "party_members": ("党员数", "party members"),
    "theme": ("类型", "theme"),
    "unknown": ("未知", "unknown"),
    "watched": ("有人包联", "watched"),
    "unwatched": ("无人包联", "nobody watching"),
    "not_grassroots": ("非基层组织", "not grassroots"),
    "bridge": ("关键连接（去掉后图会断开）", "bridge (removing it splits the picture)"),
    "island": ("孤立联合体（成员不在其他联合体）", "island alliance (no member in another)"),
    "pairing": ("结对共建", "pairing"),
    "yes": ("是", "yes"),
}


def _t(key: str, lang: str) -> str:
    return _TEXT[key][0 if lang == "zh" else 1]


def network_for(
    store: GraphStore,
    *,
    alliance_id: str | None = None,
    county: str | None = None,
    org_id: str | None = None,
    hops: int = 1,
    max_nodes: int = 1500,
    as_of: str | date | None = None,
) -> nx.Graph:
    """The part of the alliance network to draw.

    Parameters
    ----------
    store : the graph store.
    alliance_id, org_id : centre(s) of the drawing. Everything within ``hops``
        co-membership steps is included, i.e. ``2 * hops`` membership edges
        (``hops=1`` around an alliance: its members and their other alliances;
        around an organisation: its alliances and their members).
    county : only organisations of this county (and alliances of that county or
        with a member there); without a centre, the county's whole network.
    hops : co-membership steps from the centre (>= 1).
    max_nodes : cap; nearest to the centre first (without a centre: alliances by
        size, each with its members).
    as_of : day on which pairings must be active to be drawn (default today).

    Returns
    -------
    networkx.Graph: nodes ``"Organization:id"`` / ``"Alliance:id"`` with attrs
    id, label (the name), kind ('org'|'alliance'), domain, stars, tier, county,
    members (an alliance's member organisations; an organisation's party members),
    watched (organisations: an active mentor or contact point on ``as_of``, as the
    ``coverage`` analysis counts it; None for committees), bridge (organisations whose
    removal splits the drawn membership picture), island (alliances none of whose
    members is in another alliance), distance (from the centre, or None), centre (bool);
    edges with kind 'member' (attr role) or 'pairing' (attr type). Graph attrs:
    truncated (bool), total_nodes (before the cap), centre (list of node keys).
    Raises ``KeyError`` when the centre does not exist.
    """
    if hops < 1:
        raise ValueError("hops must be at least 1")
    al = node_frame(store, "Alliance", columns=["name", "theme", "county"]).set_index("alliance_id")
    mem = rel_frame(store, "MEMBER_OF").drop_duplicates(["src", "dst"])
    full = membership_graph(mem, al.index)
    roles = {(f"Organization:{s}", f"Alliance:{d}"): r for s, d, r in zip(mem.src, mem.dst, mem.role)}
    centres = []
    if alliance_id is not None:
        if str(alliance_id) not in al.index:
            raise KeyError(f"no alliance {alliance_id!r}")
        centres.append(f"Alliance:{alliance_id}")
    if org_id is not None:
        if node_frame(store, "Organization", columns=[], keys=[org_id]).empty:
            raise KeyError(f"no organisation {org_id!r}")
        centres.append(f"Organization:{org_id}")
        full.add_node(centres[-1])
    view = full
    if county is not None:
        counties = node_frame(store, "Organization", columns=["county"])
        keep = {f"Organization:{o}" for o in counties.loc[counties["county"] == county, "org_id"]}
        keep &= set(full)
        keep |= {
            f"Alliance:{a}" for a in al.index
            if al.at[a, "county"] == county or any(m in keep for m in full[f"Alliance:{a}"])
        }
        view = full.subgraph(keep | set(centres))
    dist: dict[str, int] = {}
    if centres:
        dist = dict(nx.multi_source_dijkstra_path_length(view, centres, cutoff=2 * hops))
        order = sorted(dist, key=lambda n: (dist[n], -view.degree(n), n))
    else:
        order = _by_alliance(view)
    kept = order[:max_nodes]
    org_keys = [n.split(":", 1)[1] for n in kept if n.startswith("Organization:")]
    orgs = node_frame(
        store, "Organization", columns=["name", "county", "domain", "tier", "stars", "members"],
        keys=org_keys,
    ).set_index("org_id")
    from .coverage import coverage  # the one rule of who is watched

    watched = dict(zip(*coverage(store, as_of=as_of)[["org_id", "watched"]].T.values)) \
        if org_keys else {}
    g = nx.Graph(truncated=len(order) > len(kept), total_nodes=len(order), centre=centres)
    for n in kept:
        key = n.split(":", 1)[1]
        if n.startswith("Organization:"):
            d = {k: _plain(v) for k, v in orgs.loc[key].items()}
            w = watched.get(key)
            attrs = dict(label=d["name"] or key, kind="org", domain=d["domain"], stars=d["stars"],
                         tier=d["tier"], county=d["county"], members=d["members"],
                         watched=None if w is None else bool(w), bridge=False, island=False)
        else:
            a = al.loc[key]
            island = full.degree(n) > 0 and all(full.degree(m) == 1 for m in full[n])
            attrs = dict(label=a["name"] or key, kind="alliance", domain=None, stars=None,
                         tier=None, county=a["county"], members=full.degree(n), watched=None,
                         bridge=False, island=island)
        g.add_node(n, id=key, **attrs, distance=dist.get(n), centre=n in centres)
    g.add_edges_from(
        (u, v, {"kind": "member", "role": roles.get((u, v), roles.get((v, u)))})
        for u, v in view.subgraph(kept).edges()
    )
    for n in nx.articulation_points(g):  # membership edges only: pairings come after
        if n.startswith("Organization:"):
            g.nodes[n]["bridge"] = True
    pw = rel_frame(store, "PAIRED_WITH", as_of=as_of_text(as_of, store), columns=["type"])
    for a, b, typ in zip(pw["src"], pw["dst"], pw["type"]):
        u, v = f"Organization:{a}", f"Organization:{b}"
        if u in g and v in g and u != v:
            g.add_edge(u, v, kind="pairing", type=None if pd.isna(typ) else typ)
    return g


def _plain(v: object) -> object:
    """A numpy/pandas scalar as a plain Python value (None for missing)."""
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    return v.item() if hasattr(v, "item") else v


def _by_alliance(g: nx.Graph) -> list[str]:
    """Nodes ordered alliance by alliance (largest first), each followed by its members."""
    alliances = [n for n in g if n.startswith("Alliance:")]
    alliances.sort(key=lambda n: (-g.degree(n), n))
    seen: dict[str, None] = {}
    for a in alliances:
        seen.setdefault(a)
        for m in sorted(g[a]):
            seen.setdefault(m)
    for n in sorted(g):  # anything left (e.g. a lone centre)
        seen.setdefault(n)
    return list(seen)


def _color(d: dict, color_by: str) -> str:
    if d["kind"] == "alliance":
        return ISLAND_COLOR if d.get("island") else ALLIANCE_COLOR
    value = d.get(color_by)
    if color_by == "domain":
        return DOMAIN_COLORS.get(value, UNKNOWN_COLOR)
    if color_by == "tier":
        return TIER_COLORS.get(value, UNKNOWN_COLOR)
    if color_by == "watched":
        return UNKNOWN_COLOR if value is None else WATCHED_COLORS[bool(value)]
    raise ValueError(f"cannot colour by {color_by!r}; use one of {', '.join(COLOR_BY)}")


def _size(g: nx.Graph, n: str, d: dict, size_by: str | None) -> float:
    if d["kind"] == "alliance":
        return 14 + 3 * math.sqrt(d.get("members") or g.degree(n))
    if size_by == "stars":
        stars = d.get("stars")
        return 8 + 2 * (stars if isinstance(stars, (int, float)) and not pd.isna(stars) else 0)
    if size_by == "degree":
        return 8 + 3 * math.sqrt(g.degree(n))
    if size_by == "members":
        members = d.get("members")
        ok = isinstance(members, (int, float)) and not pd.isna(members)
        return 8 + 1.5 * math.sqrt(max(members, 0) if ok else 0)
    if size_by is None:
        return 10
    raise ValueError(f"cannot size by {size_by!r}; use one of {', '.join(SIZE_BY)} or None")


def _tooltip(d: dict, lang: str) -> str:
    def val(dim: str, v: object) -> str:
        return _t("unknown", lang) if v is None or (not isinstance(v, str) and pd.isna(v)) \
            else str(value_label(dim, v, lang))

    kind = _t(d["kind"], lang)
    lines = [f"{kind}：{d['label']}" if lang == "zh" else f"{kind}: {d['label']}"]
    sep = "：" if lang == "zh" else ": "
    if d["kind"] == "alliance":
        lines += [f"{_t('county', lang)}{sep}{val('county', d.get('county'))}",
                  f"{_t('members', lang)}{sep}{val('members', d.get('members'))}"]
        if d.get("island"):
            lines.append(_t("island", lang))
        return "\n".join(lines)
    fields = (("domain", "domain"), ("stars", "stars"), ("tier", "tier"), ("county", "county"),
              ("party_members", "members"))
    lines += [f"{_t(key, lang)}{sep}{val(dim, d.get(dim if key == 'party_members' else key))}"
              for key, dim in fields]
    if d.get("watched") is not None:
        lines.append(_t("watched" if d["watched"] else "unwatched", lang))
    if d.get("bridge"):
        lines.append(_t("bridge", lang))
    return "\n".join(lines)


def _labelled(g: nx.Graph, top: int) -> set[str]:
    """The nodes whose names are written on the picture: the centre and the ``top``
    nodes in most drawn links (alliances first on a tie); the rest show their names on
    hover."""
    ranked = sorted(g, key=lambda n: (-g.degree(n), g.nodes[n]["kind"] != "alliance", n))
    return {n for n, d in g.nodes(data=True) if d.get("centre")} | set(ranked[:top])


def pyvis_network(
    graph: nx.Graph,
    *,
    color_by: str = "domain",
    size_by: str | None = "stars",
    lang: str = "zh",
    height: str = "720px",
    label_top: int = LABEL_TOP,
) -> Network:
    """A pyvis Network for a graph from :func:`network_for` (tested on its nodes and edges).

    Organisations are dots coloured by ``color_by`` (:data:`COLOR_BY`) and sized by
    ``size_by`` (:data:`SIZE_BY` or None); bridges are stars; alliances are dark
    diamonds sized by members, islands light; a centre is drawn with a thick border;
    pairings are dashed orange edges; a lead's membership edge is thicker. Only the
    centre and the ``label_top`` most connected alliances and organisations carry
    their names; every node shows its card on hover.
    """
    net = Network(height=height, width="100%", cdn_resources="in_line", bgcolor="#ffffff")
    named = _labelled(graph, label_top)
    for n, d in graph.nodes(data=True):
        shape = "diamond" if d["kind"] == "alliance" else "star" if d.get("bridge") else "dot"
        net.add_node(
            n,
            label=str(d.get("label", n)) if n in named else " ",  # pyvis writes the id for ""
            title=_tooltip(d, lang),
            color=_color(d, color_by),
            size=_size(graph, n, d, size_by),
            shape=shape,
            borderWidth=4 if d.get("centre") else 1,
        )
    for u, v, d in graph.edges(data=True):
        if d.get("kind") == "pairing":
            net.add_edge(u, v, color=PAIRING_COLOR, dashes=True, width=2,
                         title=str(d.get("type") or ""))
        else:
            lead = d.get("role") == "lead"
            net.add_edge(u, v, color="#607d8b" if lead else "#b0bec5", width=3 if lead else 1)
    net.set_options(json.dumps({
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -3000, "springLength": 120},
            "stabilization": {"enabled": True, "iterations": STABILISATION_ITERATIONS, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True},
        "edges": {"smooth": False},
        "nodes": {"font": {"size": 14, "face": "Noto Sans CJK SC, sans-serif"}},
    }))
    return net


_EXTERNAL = re.compile(
    r"<script[^>]*\bsrc=[\"']https?://[^>]*>\s*</script>|<link[^>]*\bhref=[\"']https?://[^>]*/?>",
    re.IGNORECASE | re.DOTALL,
)
_FREEZE = (
    'network.once("stabilizationIterationsDone", function () {\n'
    "                      network.setOptions({physics: {enabled: false}});\n"
    "                  });\n                  return network;"
)


def pyvis_html(
    graph: nx.Graph,
    *,
    color_by: str = "domain",
    size_by: str | None = "stars",
    lang: str = "zh",
    height: str = "720px",
    label_top: int = LABEL_TOP,
) -> str:
    """Self-contained HTML drawing ``graph`` (see :func:`pyvis_network`).

    The vis-network script is inlined and pyvis's external Bootstrap links are
    dropped, so the page works offline; physics stops after stabilisation.
    Nothing is written to disk.
    """
    html = pyvis_network(graph, color_by=color_by, size_by=size_by, lang=lang,
                         height=height, label_top=label_top).generate_html()
    html = _EXTERNAL.sub("", html)
    if "return network;" not in html:  # pragma: no cover - a pyvis template change
        raise RuntimeError("pyvis template changed: cannot add the physics-off hook")
    return html.replace("return network;", _FREEZE, 1)


def color_legend(color_by: str = "domain", *, lang: str = "zh") -> list[tuple[str, str, str]]:
    """(label, colour, mark) triples explaining the picture: the node colours, then the
    alliances, islands, bridges and pairings."""
    if color_by == "domain":
        pairs = [(str(value_label("domain", k, lang)), c) for k, c in DOMAIN_COLORS.items()]
        other = "unknown"
    elif color_by == "tier":
        pairs = [(str(value_label("tier", k, lang)), c) for k, c in TIER_COLORS.items()]
        other = "unknown"
    elif color_by == "watched":
        pairs = [(_t("watched", lang), WATCHED_COLORS[True]), (_t("unwatched", lang), WATCHED_COLORS[False])]
        other = "not_grassroots"
    else:
        raise ValueError(f"cannot colour by {color_by!r}; use one of {', '.join(COLOR_BY)}")
    dot, diamond, star, dash = "\u25cf", "\u25c6", "\u2605", "\u2504"
    return [*[(name, c, dot) for name, c in pairs], (_t(other, lang), UNKNOWN_COLOR, dot),
            (_t("alliance", lang), ALLIANCE_COLOR, diamond), (_t("island", lang), ISLAND_COLOR, diamond),
            (_t("bridge", lang), "#455a64", star), (_t("pairing", lang), PAIRING_COLOR, dash)]


@analysis("network-drawing", title=("联建网络图", "Alliance network drawing"),
          description=("一个联合体、一个旗县区或某组织周边的联建网络图（自带脚本，离线可用）。",
                       "The alliance network of one alliance, county or organisation's "
                       "neighbourhood, drawn as self-contained HTML."),
          params=(Param("alliance_id", "string", help="one alliance"), "county",
                  Param("org_id", "string", help="one organisation's neighbourhood"),
                  Param("hops", "int", help="how many steps around the organisation"),
                  Param("max_nodes", "int", help="draw at most this many nodes"), "as_of",
                  Param("color_by", "string", help="colour nodes by", choices=COLOR_BY),
                  Param("size_by", "string", help="size nodes by", choices=SIZE_BY),
                  Param("label_top", "int", help="write the names of this many nodes"),
                  Param("lang", "string", help="language", choices=("zh", "en"), setting="lang")),
          export=False)
def network_drawing(
    store: GraphStore,
    *,
    alliance_id: str | None = None,
    county: str | None = None,
    org_id: str | None = None,
    hops: int = 1,
    max_nodes: int = 1500,
    as_of: str | date | None = None,
    color_by: str = "domain",
    size_by: str = "stars",
    lang: str = "zh",
    label_top: int = LABEL_TOP,
) -> dict:
    """:func:`network_for` drawn by :func:`pyvis_html` in one step.

    Returns
    -------
    dict: nodes, edges (drawn), truncated (bool), total (nodes before the cap), html
    ("" when there is nothing to draw), orgs (the drawn organisations: id -> name,
    for a click-through to their profiles), bridges and islands (counts).
    """
    g = network_for(store, alliance_id=alliance_id, county=county, org_id=org_id, hops=hops,
                    max_nodes=max_nodes, as_of=as_of)
    return {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "truncated": bool(g.graph.get("truncated", False)),
        "total": int(g.graph.get("total_nodes", g.number_of_nodes())),
        "html": pyvis_html(g, color_by=color_by, size_by=size_by, lang=lang, height="620px",
                           label_top=label_top) if g.number_of_nodes() else "",
        "orgs": {d["id"]: d["label"] for _, d in g.nodes(data=True) if d["kind"] == "org"},
        "bridges": sum(1 for _, d in g.nodes(data=True) if d.get("bridge")),
        "islands": sum(1 for _, d in g.nodes(data=True) if d.get("island")),
    }
