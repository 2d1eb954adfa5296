"""Betweenness of the organisations in an organisation–alliance membership graph, fast.

Most organisations belong to one alliance: in the bipartite membership graph
they are leaves. A leaf ``x`` hanging on alliance ``A`` changes nothing about
shortest paths: for every node ``v`` other than ``x`` and ``A``, the share of
``x``–``t`` shortest paths through ``v`` equals that of ``A``–``t`` paths. So the
leaves can be folded into their alliance as a weight (``1 + leaves``), and
Brandes' algorithm run on the small *skeleton* (alliances and organisations in
two or more alliances) with weighted sources and targets gives the exact
betweenness of every non-leaf organisation on the full graph. Leaves score 0.
Each search stays inside its connected component, so the work is the sum over
components of nodes x (nodes + edges) of the skeleton.

(The values of *alliances* would need a correction for the pairs a fold removes;
they are not computed.)

>>> import networkx as nx
>>> g = nx.Graph([("o:1", "a:1"), ("o:2", "a:1"), ("o:2", "a:2"), ("o:3", "a:2")])
>>> org_betweenness(g, lambda n: n.startswith("o:"))["o:2"]  # 4 pairs pass o:2, of (5-1)(5-2)/2 = 6
0.6666666666666666
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable, Hashable
from typing import Any

import networkx as nx

__all__ = ["org_betweenness", "skeleton_betweenness", "skeleton_work"]


def _fold(g: nx.Graph, is_org: Callable[[Hashable], bool]) -> tuple[dict, dict]:
    """The skeleton's adjacency (leaf organisations removed) and each skeleton node's weight."""
    keep = {v for v in g if not (is_org(v) and g.degree(v) == 1)}
    weight = dict.fromkeys(keep, 1)
    for v in g:
        if v not in keep:
            (a,) = g[v]
            weight[a] += 1
    adj = {v: [u for u in g[v] if u in keep] for v in keep}
    return adj, weight


def _work(adj: dict) -> int:
    """Sum over the connected components of nodes x (nodes + edges)."""
    seen: set = set()
    total = 0
    for start in adj:
        if start in seen:
            continue
        seen.add(start)
        stack, nodes, degrees = [start], 0, 0
        while stack:
            v = stack.pop()
            nodes += 1
            degrees += len(adj[v])
            for u in adj[v]:
                if u not in seen:
                    seen.add(u)
                    stack.append(u)
        total += nodes * (nodes + degrees // 2)
    return total


def skeleton_work(g: nx.Graph, is_org: Callable[[Hashable], bool]) -> int:
    """Steps an exact run takes: sum over skeleton components of nodes x (nodes + edges)."""
    return _work(_fold(g, is_org)[0])


def org_betweenness(g: nx.Graph, is_org: Callable[[Hashable], bool], **sampling: Any) -> dict:
    """Normalised betweenness, on ``g``, of its organisations in two or more alliances.

    Parameters
    ----------
    g : undirected bipartite membership graph (organisations and alliances).
    is_org : tells organisation nodes from alliance nodes.
    **sampling : ``max_sources``, ``work_limit``, ``seed`` of :func:`skeleton_betweenness`.

    Returns
    -------
    dict node -> betweenness, normalised as networkx does for undirected graphs
    (divided by (n-1)(n-2)/2 pairs, n = nodes of ``g``), for every organisation
    of degree >= 2; leaf organisations are left out (their betweenness is 0).
    """
    adj, weight = _fold(g, is_org)
    return skeleton_betweenness(adj, weight, g.number_of_nodes(), is_org, **sampling)


def skeleton_betweenness(
    adj: dict,
    weight: dict,
    n: int,
    is_org: Callable[[Hashable], bool],
    *,
    max_sources: int | None = None,
    work_limit: int | None = None,
    seed: int = 0,
) -> dict:
    """Betweenness of the organisations of a skeleton already folded (see the module docstring).

    Parameters
    ----------
    adj : skeleton node -> its skeleton neighbours (every alliance, and the
        organisations in two or more alliances).
    weight : skeleton node -> 1 + the leaf organisations folded into it.
    n : nodes of the full membership graph (for the normalisation).
    is_org : tells organisation nodes from alliance nodes.
    max_sources : if given and smaller than the skeleton, estimate from that many
        sources drawn uniformly (with ``seed``) and scaled up; None: exact.
    work_limit : if an exact run would take more steps than this (see
        :func:`skeleton_work`), sample the share of sources that fits.
    seed : seed of the source sample.

    Returns
    -------
    dict organisation node -> normalised betweenness.
    """
    nodes = sorted(adj, key=str)
    if work_limit is not None and max_sources is None:
        work = _work(adj)
        if work > work_limit:
            max_sources = max(1, int(len(nodes) * work_limit / work))
    targets = {v for v in nodes if is_org(v)}
    bc = dict.fromkeys(targets, 0.0)
    sources, scale = nodes, 1.0
    if max_sources is not None and max_sources < len(nodes):
        sources = random.Random(seed).sample(nodes, max(1, max_sources))
        scale = len(nodes) / len(sources)
    for s in sources:
        sigma = {s: 1}
        dist = {s: 0}
        pred: dict = {s: []}
        order = []
        queue = deque([s])
        while queue:
            v = queue.popleft()
            order.append(v)
            dv = dist[v] + 1
            for u in adj[v]:
                if u not in dist:
                    dist[u] = dv
                    sigma[u] = 0
                    pred[u] = []
                    queue.append(u)
                if dist[u] == dv:
                    sigma[u] += sigma[v]
                    pred[u].append(v)
        delta = dict.fromkeys(order, 0.0)
        ws = weight[s]
        for x in reversed(order):
            coeff = (weight[x] + delta[x]) / sigma[x]
            for p in pred[x]:
                delta[p] += sigma[p] * coeff
            if x != s and x in bc:
                bc[x] += ws * delta[x]
    norm = scale / ((n - 1) * (n - 2)) if n > 2 else 0.0
    return {v: b * norm for v, b in bc.items()}
