"""Projections of a store into pandas frames and networkx graphs.

Everything is pulled with a few bulk queries, one per node label or relationship
type, generated from :mod:`graphmodel.schema` (labels, keys and property names are
never spelled twice). The queries are plain ``MATCH … RETURN`` and run on every
backend; values always travel as ``$parameters``.

Node keys in the graphs are ``"Label:key"``, e.g. ``"Organization:B01"`` or
``"Alliance:A1"`` (see :func:`node_id`), so two labels never collide.

>>> node_id("Alliance", "A1")
'Alliance:A1'
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import networkx as nx
import pandas as pd

from . import schema
from .store import GraphStore

__all__ = [
    "node_id",
    "as_of_text",
    "node_frame",
    "rel_frame",
    "to_networkx",
    "bipartite_from_frames",
    "membership_graph",
    "org_alliance_bipartite",
]


def node_id(label: str, key: object) -> str:
    """The key of a node in every graph built here: ``"Label:key"``."""
    return f"{label}:{key}"


def as_of_text(as_of: str | date | None, *, default_today: bool = True) -> str | None:
    """``as_of`` as an ISO ``YYYY-MM-DD`` string (today when None and ``default_today``).

    Raises ``ValueError`` for a string that is not a date.

    >>> as_of_text("2025-1-5")
    '2025-01-05'
    >>> as_of_text(None, default_today=False) is None
    True
    """
    if as_of is None:
        return date.today().isoformat() if default_today else None
    if isinstance(as_of, datetime):
        return as_of.date().isoformat()
    if isinstance(as_of, date):
        return as_of.isoformat()
    text = str(as_of).strip()
    try:
        return pd.Timestamp(text).date().isoformat()
    except (ValueError, TypeError):
        raise ValueError(f"as_of {text!r} is not a date; write it as YYYY-MM-DD") from None


#: Up to this many keys, node_frame filters in the query; beyond, it reads all and filters here.
_KEYS_IN_QUERY = 200

_DTYPES = {"STRING": "object", "INT64": "Int64", "DOUBLE": "Float64", "BOOLEAN": "boolean"}


def _typed(df: pd.DataFrame, cols: list[str], types: list[str]) -> pd.DataFrame:
    """``df`` with exactly ``cols``, cast to pandas nullable types (strings stay objects, None)."""
    out = {}
    for col, typ in zip(cols, types):
        s = df[col] if col in df.columns else pd.Series([None] * len(df), dtype=object)
        vals = s.astype(object).where(s.notna(), None).tolist()
        if typ == "STRING":
            out[col] = pd.Series([v if v is None else str(v) for v in vals], dtype=object)
        else:
            out[col] = pd.Series(vals, dtype=_DTYPES[typ])
    return pd.DataFrame(out, columns=cols)


def node_frame(
    store: GraphStore,
    label: str,
    *,
    columns: Iterable[str] | None = None,
    keys: Iterable[str] | None = None,
) -> pd.DataFrame:
    """All nodes of ``label`` as a frame, one column per property (nullable dtypes).

    Parameters
    ----------
    store : the graph store.
    label : a node label of :data:`graphmodel.schema.NODES`.
    columns : properties to fetch (default all, in schema order); the key is always first.
    keys : fetch only the nodes with these keys (default all).

    Returns
    -------
    DataFrame with the key column then the requested properties; missing values are None/NA.
    """
    nt = schema.node(label)
    props = {p.name: p.type for p in nt.props}
    wanted = list(columns) if columns is not None else nt.columns
    unknown = [c for c in wanted if c not in props]
    if unknown:
        raise KeyError(f"{label} has no property {', '.join(unknown)}; known: {', '.join(props)}")
    cols = [nt.key, *[c for c in wanted if c != nt.key]]
    ret = ", ".join(f"n.{c} AS {c}" for c in cols)
    wanted_keys = None if keys is None else list(dict.fromkeys(str(k) for k in keys))
    if wanted_keys is not None and len(wanted_keys) <= _KEYS_IN_QUERY:
        df = store.run(f"MATCH (n:{label}) WHERE n.{nt.key} IN $keys RETURN {ret}", {"keys": wanted_keys})
    else:  # a long IN list is slower than reading the whole table (measured on LadybugDB)
        df = store.run(f"MATCH (n:{label}) RETURN {ret}")
        if wanted_keys is not None:
            df = df[df[nt.key].isin(wanted_keys)]
    return _typed(df, cols, [props[c] for c in cols])


def rel_frame(
    store: GraphStore,
    type_: str,
    *,
    as_of: str | date | None = None,
    columns: Iterable[str] | None = None,
) -> pd.DataFrame:
    """All relationships of ``type_`` as a frame: ``src``, ``dst`` (the end keys), properties.

    Parameters
    ----------
    store : the graph store.
    type_ : a relationship type of :data:`graphmodel.schema.RELS`.
    as_of : for dated types, keep only links active on that day (None: keep all).
    columns : properties to fetch (default all).

    Returns
    -------
    DataFrame with ``src``, ``dst`` and the properties (nullable dtypes).
    """
    rt = schema.rel(type_)
    props = {p.name: p.type for p in rt.props}
    wanted = list(columns) if columns is not None else list(props)
    unknown = [c for c in wanted if c not in props]
    if unknown:
        raise KeyError(f"{type_} has no property {', '.join(unknown)}; known: {', '.join(props)}")
    src_key, dst_key = schema.node(rt.src).key, schema.node(rt.dst).key
    ret = ", ".join([f"a.{src_key} AS src", f"b.{dst_key} AS dst", *[f"r.{c} AS {c}" for c in wanted]])
    where, params = "", {}
    day = as_of_text(as_of, default_today=False)
    if day is not None and type_ in schema.DATED_RELS:
        # property comparison first: LadybugDB types `$p IS NULL OR …` badly otherwise
        where = " WHERE (r.since <= $as_of OR r.since IS NULL) AND (r.until >= $as_of OR r.until IS NULL)"
        params = {"as_of": day}
    df = store.run(f"MATCH (a:{rt.src})-[r:{type_}]->(b:{rt.dst}){where} RETURN {ret}", params)
    cols = ["src", "dst", *wanted]
    return _typed(df, cols, ["STRING", "STRING", *[props[c] for c in wanted]])


def _records(df: pd.DataFrame) -> list[dict]:
    """Rows as dicts with plain Python values (None for missing)."""
    if df.empty:
        return []
    plain = df.astype(object).where(df.notna(), None)
    return plain.to_dict("records")


def to_networkx(
    store: GraphStore,
    *,
    as_of: str | date | None = None,
    rels: Iterable[str] | None = None,
    labels: Iterable[str] | None = None,
) -> nx.MultiDiGraph:
    """The store (or part of it) as a networkx MultiDiGraph.

    Parameters
    ----------
    store : the graph store.
    as_of : keep only dated links (mentors, contact points, secretaries, pairings)
        active on that day; None keeps every link, past and future.
    rels : relationship types to include (default all).
    labels : node labels to include (default all when ``rels`` is None, else the
        labels at the ends of ``rels``).

    Returns
    -------
    MultiDiGraph whose nodes are ``"Label:key"`` with every property plus ``label``;
    edges keyed by relationship type (``TYPE#2``, ``TYPE#3`` … when one pair has
    several links of a type) with every property plus ``rel_type`` (PAIRED_WITH has
    a ``type`` property of its own).
    ``graph.graph["as_of"]`` records the day used (or None).
    """
    rel_types = list(schema.RELS) if rels is None else [schema.rel(r) for r in rels]
    if labels is None:
        keep = (
            [n.label for n in schema.NODES]
            if rels is None
            else [n.label for n in schema.NODES if any(n.label in (r.src, r.dst) for r in rel_types)]
        )
    else:
        keep = [schema.node(lb).label for lb in labels]
    g = nx.MultiDiGraph(as_of=as_of_text(as_of, default_today=False))
    for label in keep:
        nt = schema.node(label)
        df = node_frame(store, label)
        ids = (label + ":" + df[nt.key].astype(str)).tolist()
        recs = _records(df)
        for r in recs:
            r["label"] = label
        g.add_nodes_from(zip(ids, recs))
    for rt in rel_types:
        if rt.src not in keep or rt.dst not in keep:
            continue
        df = rel_frame(store, rt.type, as_of=as_of)
        if df.empty:
            continue
        u = (rt.src + ":" + df["src"].astype(str)).tolist()
        v = (rt.dst + ":" + df["dst"].astype(str)).tolist()
        nth = df.groupby(["src", "dst"], sort=False).cumcount()
        keys = [rt.type if i == 0 else f"{rt.type}#{i + 1}" for i in nth]
        recs = _records(df.drop(columns=["src", "dst"]))
        for r in recs:
            r["rel_type"] = rt.type
        g.add_edges_from(zip(u, v, keys, recs))
    return g


def bipartite_from_frames(
    orgs: pd.DataFrame,
    alliances: pd.DataFrame,
    members: pd.DataFrame,
    *,
    include_unallied: bool = False,
) -> nx.Graph:
    """The organisation–alliance membership graph from already-fetched frames.

    ``orgs`` has ``org_id`` and any properties, ``alliances`` ``alliance_id`` and
    properties, ``members`` ``src`` (org), ``dst`` (alliance) and optionally ``role``.
    Nodes get their properties plus ``label`` and ``bipartite`` (0 org, 1 alliance);
    edges get ``role``. Organisations in no alliance are left out unless
    ``include_unallied``; every alliance is kept, even an empty one.
    """
    g = nx.Graph()
    members = members[members["src"].isin(orgs["org_id"]) & members["dst"].isin(alliances["alliance_id"])]
    if not include_unallied:
        orgs = orgs[orgs["org_id"].isin(members["src"])]
    for label, df, key, part in (
        ("Organization", orgs, "org_id", 0),
        ("Alliance", alliances, "alliance_id", 1),
    ):
        recs = _records(df)
        for r in recs:
            r["label"] = label
            r["bipartite"] = part
        g.add_nodes_from(zip((label + ":" + df[key].astype(str)).tolist(), recs))
    roles = members["role"] if "role" in members.columns else pd.Series([None] * len(members))
    g.add_edges_from(
        (f"Organization:{s}", f"Alliance:{d}", {"role": None if pd.isna(r) else r})
        for s, d, r in zip(members["src"], members["dst"], roles)
    )
    return g


def membership_graph(members: pd.DataFrame, alliances: Iterable[str] = ()) -> nx.Graph:
    """The bare membership graph: ``"Organization:src"`` – ``"Alliance:dst"`` per row of
    ``members`` (a MEMBER_OF frame), plus the ``alliances`` keys given (e.g. empty
    ones). No attributes: the fast graph for components and centralities."""
    g = nx.Graph()
    g.add_nodes_from("Alliance:" + str(a) for a in alliances)
    g.add_edges_from(zip(("Organization:" + members["src"].astype(str)).tolist(),
                         ("Alliance:" + members["dst"].astype(str)).tolist()))
    return g


def org_alliance_bipartite(store: GraphStore, *, include_unallied: bool = False) -> nx.Graph:
    """The organisation–alliance membership graph of ``store`` (three bulk queries).

    See :func:`bipartite_from_frames` for its nodes and edges.
    """
    return bipartite_from_frames(
        node_frame(store, "Organization"),
        node_frame(store, "Alliance"),
        rel_frame(store, "MEMBER_OF"),
        include_unallied=include_unallied,
    )
