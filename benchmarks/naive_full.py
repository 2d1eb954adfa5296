"""The full-parity naive baseline: what every export computes, the naive way.

:mod:`benchmarks.naive` computes the five headline answers; this module does
the same csv module -> :class:`networkx.DiGraph` -> plain Python loops -> csv
module work for **every export** of :data:`queries.export.EXPORTS` but one, so
that the ``naive_full`` step can be compared like-for-like with the full
``pipeline`` step (issue #3: the pipeline at least 20x faster at province):

* the headline answers of :mod:`benchmarks.naive` (uncovered branches, now with
  the dimensions each lacks; mentor load; star shares; alliances with their
  lead's name; unallied branches);
* **coverage rates** — per county: organisations, how many are watched, and the
  shares watched / with a mentor / a contact point / an alliance / a pairing /
  a chain on the day;
* **single watcher** — grassroots branches exactly one person watches, with that person;
* **star check** — stars by the rule (:func:`benchmarks.naive.computed_stars`) vs recorded stars;
  **star targets** — 6+/8+ counts and the gaps to this year's and the 3-year goals;
* **bridges** — ``nx.betweenness_centrality(G, normalized=True)`` on the
  undirected organisation–alliance membership graph (every alliance a node,
  organisations in no alliance left out, as :func:`graphmodel.projection.membership_graph`),
  then the organisations in 2+ alliances, top 20 by betweenness, alliances, org_id.
  Exact betweenness costs at least O(nodes) per source, so above
  :data:`EXACT_LIMIT` nodes it is only **timed on a seeded sample of sources
  and extrapolated linearly** to all of them (as the ``naive_load`` step
  extrapolates); the file then holds the sample's estimate and no bridges
  figure goes into :func:`answers`. Below the limit it runs in full and, with
  ``check=True``, a sample is timed as well, to see how far the extrapolation is off;
* **chains** — per chain: distinct members by stage, villages, enterprises;
* **pairings** — the pairings in force on the day.

Not reimplemented: the **proposal** (the min-cost-flow assignment of uncovered
branches to people with room). The pipeline computes it too, so the comparison
of whole runs favours the baseline; the report also compares them without it.
The pipeline's ``bridges`` is exact up to ``queries.networks.BETWEENNESS_WORK_LIMIT``
search steps (a province is under it) and a seeded sample above (a nation):
compare with this baseline only where both are exact.
"""

from __future__ import annotations

import math
import time
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from benchmarks import naive
from benchmarks.naive import GRASSROOTS, WATCH, _active, _write, digest

__all__ = ["EXACT_LIMIT", "SAMPLE_SOURCES", "naive_full", "coverage_counts", "coverage_rates",
           "single_watcher", "star_check", "star_progress",
           "membership_graph", "betweenness", "bridges", "chains", "pairings", "answers"]

#: Above this many nodes the exact betweenness is timed on a sample and extrapolated.
EXACT_LIMIT = 20_000
#: Sources timed when betweenness is extrapolated (or checked).
SAMPLE_SOURCES = 200
DIMENSIONS = ("watched", "mentor", "contact", "alliance", "pairing", "chain")
_COUNT_OF = {"watched": "watchers", "mentor": "mentors", "contact": "contacts",
             "alliance": "alliances", "pairing": "pairings", "chain": "chains"}
TARGETS = (("6+", 6, 6000, 0.609), ("8+", 8, 1000, 0.101), ("6+ 3y", 6, None, 1.0),
           ("8+ 3y", 8, None, 1 / 3))
NO_STAGE = "未注明"


def _label(g: nx.DiGraph, n: str) -> str | None:
    return g.nodes[n].get("label")


def coverage_counts(g: nx.DiGraph, day: date) -> dict[str, dict]:
    """Per grassroots organisation node: watchers, mentors, contacts (distinct people active
    on ``day``), alliances, chains, pairings (distinct partners, either direction, on ``day``)."""
    out = {}
    for n, a in g.nodes(data=True):
        if a["label"] != "Organization" or a.get("kind") not in GRASSROOTS:
            continue
        watchers, mentors, contacts, partners = set(), set(), set(), set()
        for u, _, e in g.in_edges(n, data=True):
            for r in e["links"]:
                if r["type"] in WATCH and _active(r, day):
                    watchers.add(u)
                    (mentors if r["type"] == "mentor" else contacts).add(u)
                elif r["type"] == "paired_with" and _active(r, day):
                    partners.add(u)
        alliances = chains = 0
        for _, v, e in g.out_edges(n, data=True):
            for r in e["links"]:
                if r["type"] == "paired_with" and _active(r, day):
                    partners.add(v)
            if _label(g, v) == "Alliance":
                alliances += 1
            elif _label(g, v) == "Chain":
                chains += 1
        out[n] = {"watchers": len(watchers), "mentors": len(mentors), "contacts": len(contacts),
                  "alliances": alliances, "pairings": len(partners), "chains": chains}
    return out


def missing(counts: dict) -> str:
    """The dimensions an organisation lacks, '|'-joined (as coverage_gaps' ``missing``)."""
    return "|".join(d for d in DIMENSIONS if counts[_COUNT_OF[d]] == 0)


def coverage_rates(g: nx.DiGraph, counts: dict[str, dict]) -> list[dict]:
    """Per county: organisations, watched, and the share having each dimension."""
    groups: dict[Any, dict] = {}
    for n, c in counts.items():
        row = groups.setdefault(g.nodes[n].get("county"),
                                {"organisations": 0, **dict.fromkeys(DIMENSIONS, 0)})
        row["organisations"] += 1
        for d in DIMENSIONS:
            if c[_COUNT_OF[d]] > 0:
                row[d] += 1
    rows = []
    for county in sorted(groups, key=lambda c: (c is None, c or "")):
        s = groups[county]
        row = {"group": county, "organisations": s["organisations"], "watched": s["watched"]}
        for d in DIMENSIONS:
            row[f"{d}_share"] = s[d] / s["organisations"]
        rows.append(row)
    return rows


def single_watcher(g: nx.DiGraph, day: date) -> list[dict]:
    """Grassroots organisations exactly one person watches on ``day``, by org_id."""
    rows = []
    for n, a in g.nodes(data=True):
        if a["label"] != "Organization" or a.get("kind") not in GRASSROOTS:
            continue
        people = {u for u, _, e in g.in_edges(n, data=True)
                  if any(r["type"] in WATCH and _active(r, day) for r in e["links"])}
        if len(people) == 1:
            p = g.nodes[next(iter(people))]
            rows.append({**{k: a.get(k) for k in ("org_id", "name", "county", "domain", "tier",
                                                  "stars", "weak")},
                         "person_id": p["person_id"], "person_name": p.get("name")})
    rows.sort(key=lambda r: r["org_id"])
    return rows


def star_check(g: nx.DiGraph) -> list[dict]:
    """Every organisation (of every kind): recorded vs computed stars; disagreements first."""
    rows = []
    for _, a in g.nodes(data=True):
        if a["label"] != "Organization":
            continue
        comp = naive.computed_stars(a.get("base_stars"), a.get("task_score"), a.get("highlight_score"))
        agrees = None if comp is None or a.get("stars") is None else a["stars"] == comp
        rows.append({**{k: a.get(k) for k in ("org_id", "name", "county", "domain", "stars",
                                              "base_stars", "task_score", "highlight_score")},
                     "computed": comp, "agrees": agrees})
    rows.sort(key=lambda r: ({False: 0, None: 1, True: 2}[r["agrees"]], r["org_id"]))
    return rows


def star_progress(g: nx.DiGraph) -> list[dict]:
    """One row per star target over the rated organisations of every kind: at target,
    share and the gap to the goal (the count where the target has one, else the share)."""
    stars = [s for s in (naive.rating(a) for _, a in g.nodes(data=True)
                         if a["label"] == "Organization") if s is not None]
    n = len(stars)
    rows = []
    for target, least, count, goal in TARGETS:
        at = sum(1 for s in stars if s >= least)
        needed = count if count is not None else math.ceil(round(goal * n, 9))
        rows.append({"target": target, "goal_share": goal, "organisations": n, "at_target": at,
                     "share": at / n if n else float("nan"), "count_gap": max(0, needed - at)})
    return rows


def membership_graph(g: nx.DiGraph) -> nx.Graph:
    """Undirected organisation–alliance graph: every alliance, the organisations in any."""
    b = nx.Graph()
    for n, a in g.nodes(data=True):
        if a["label"] != "Alliance":
            continue
        b.add_node("Alliance:" + a["alliance_id"])
        for u, _ in g.in_edges(n):
            if _label(g, u) == "Organization":
                b.add_edge("Organization:" + g.nodes[u]["org_id"], "Alliance:" + a["alliance_id"])
    return b


def _timed(fn: Any) -> tuple[Any, float, float]:
    c0, t0 = time.process_time(), time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0, time.process_time() - c0


def betweenness(b: nx.Graph, *, limit: int = EXACT_LIMIT, sample: int = SAMPLE_SOURCES,
                seed: int = 0, check: bool = False) -> tuple[dict, dict]:
    """``nx.betweenness_centrality(b, normalized=True)``, run in full or timed on a sample.

    Returns
    -------
    (values, info): node -> betweenness (the exact values; the sample's estimate
    when extrapolated) and ``info``: mode ("exact" or "extrapolated"), nodes,
    seconds / cpu_seconds (what a full run costs: measured, or extrapolated as
    sample time x nodes / sampled sources), spent_seconds / spent_cpu_seconds
    (what was really spent here), and for a sample: sample_sources,
    sample_seconds, extrapolated_seconds, plus extrapolation_error (extrapolated /
    measured - 1) when both were run.
    """
    n = b.number_of_nodes()
    info: dict[str, Any] = {"nodes": n}
    k = min(sample, n)
    exact = n <= limit
    values: dict = {}
    if exact:
        values, s, c = _timed(lambda: nx.betweenness_centrality(b, normalized=True))
        info.update(mode="exact", seconds=round(s, 3), cpu_seconds=round(c, 3),
                    spent_seconds=s, spent_cpu_seconds=c)
    if not exact or (check and k < n):
        est, s, c = _timed(lambda: nx.betweenness_centrality(b, k=k, normalized=True, seed=seed))
        info.update(sample_sources=k, sample_seconds=round(s, 3),
                    extrapolated_seconds=round(s * n / k, 1))
        if exact:
            info["extrapolation_error"] = round(s * n / k / max(info["seconds"], 1e-9) - 1, 3)
            info["spent_seconds"] += s
            info["spent_cpu_seconds"] += c
        else:
            values = est
            info.update(mode="extrapolated", seconds=round(s * n / k, 1),
                        cpu_seconds=round(c * n / k, 1), spent_seconds=s, spent_cpu_seconds=c)
    info["spent_seconds"] = round(info["spent_seconds"], 3)
    info["spent_cpu_seconds"] = round(info["spent_cpu_seconds"], 3)
    return values, info


def bridges(g: nx.DiGraph, b: nx.Graph, values: dict, top: int = 20) -> list[dict]:
    """Organisations in 2+ alliances, highest betweenness first, then alliances, org_id."""
    rows = []
    for n in b:
        if n.startswith("Organization:") and b.degree(n) >= 2:
            a = g.nodes["O:" + n.split(":", 1)[1]]
            rows.append({"org_id": a["org_id"], "name": a.get("name"), "county": a.get("county"),
                         "alliances": b.degree(n), "betweenness": values.get(n, 0.0)})
    rows.sort(key=lambda r: (-r["betweenness"], -r["alliances"], r["org_id"]))
    return rows[:top]


def chains(g: nx.DiGraph) -> list[dict]:
    """Every chain: distinct members, members per stage, villages, enterprises; largest first."""
    rows = []
    for n, a in g.nodes(data=True):
        if a["label"] != "Chain":
            continue
        members, stage_of = set(), {}
        for u, _, e in g.in_edges(n, data=True):
            members.add(u)
            for r in e["links"]:
                stage_of.setdefault(r.get("stage") or NO_STAGE, set()).add(u)
        stages = sorted(stage_of.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        rows.append({"chain_id": a["chain_id"], "name": a.get("name"),
                     "industry": a.get("industry"), "county": a.get("county"),
                     "members": len(members),
                     "stages": "|".join(f"{s}:{len(m)}" for s, m in stages),
                     "villages": sum(1 for u in members if g.nodes[u].get("domain") == "rural"),
                     "enterprises": sum(1 for u in members
                                        if g.nodes[u].get("domain") in ("soe", "private"))})
    rows.sort(key=lambda r: (-r["members"], r["chain_id"]))
    return rows


def pairings(g: nx.DiGraph, day: date) -> list[dict]:
    """Pairings in force on ``day``: one row per pairing record, by org_a, org_b, since."""
    rows = []
    for u, v, e in g.edges(data=True):
        for r in e["links"]:
            if r["type"] == "paired_with" and _active(r, day):
                rows.append({"org_a": g.nodes[u]["org_id"], "name_a": g.nodes[u].get("name"),
                             "org_b": g.nodes[v]["org_id"], "name_b": g.nodes[v].get("name"),
                             "type": r.get("kind"), "since": r.get("since"),
                             "until": r.get("until")})
    rows.sort(key=lambda r: (r["org_a"], r["org_b"], r["since"] or date.min))
    return rows


def _cols(rows: list[dict], first: str) -> list[str]:
    return list(rows[0]) if rows else [first]


def naive_full(folder: Path, out: Path, day: date | None = None, *, limit: int = EXACT_LIMIT,
               sample: int = SAMPLE_SOURCES, seed: int = 0, check: bool = False) -> dict:
    """Read ``folder``, build the DiGraph, compute every export but the proposal, write CSVs.

    Parameters
    ----------
    folder, out : the CSV folder read, the folder the answers are written into.
    day : the day links must be active on (default today).
    limit, sample, seed, check : see :func:`betweenness`.

    Returns
    -------
    dict: ``rows`` (CSV rows read), ``files``, ``parts`` (seconds per part),
    ``betweenness`` (its info, see :func:`betweenness`) and ``answers``.
    """
    day = day or date.today()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    parts: dict[str, float] = {}
    t = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal t
        now = time.perf_counter()
        parts[name] = round(parts.get(name, 0.0) + now - t, 3)
        t = now

    data = naive.read_folder(folder)
    lap("read")
    g = naive.build_graph(data)
    lap("graph")
    counts = coverage_counts(g, day)
    gaps = [{**a, "missing": missing(counts["O:" + a["org_id"]])} for a in naive.uncovered(g, day)]
    rates = coverage_rates(g, counts)
    single = single_watcher(g, day)
    lap("coverage")
    load = naive.mentor_load(g, day)
    lap("mentor-load")
    shares, check_rows, progress = naive.star_shares(g), star_check(g), star_progress(g)
    lap("stars")
    allies, lonely = naive.alliance_sizes(g), naive.unallied(g)
    for r in allies:
        r["lead_name"] = None if r["lead_id"] is None else g.nodes["O:" + r["lead_id"]].get("name")
    lap("alliances")
    b = membership_graph(g)
    values, bw = betweenness(b, limit=limit, sample=sample, seed=seed, check=check)
    top = bridges(g, b, values)
    lap("bridges")
    chain_rows, pair_rows = chains(g), pairings(g, day)
    lap("chains-pairings")
    files = {
        "coverage-gaps": (gaps, naive._ORG + ["missing"]),
        "coverage-rates": (rates, _cols(rates, "group")),
        "single-watcher": (single, _cols(single, "org_id")),
        "mentor-load": (load, _cols(load, "person_id")),
        "stars": (check_rows, _cols(check_rows, "org_id")),
        "star-distribution": (shares, _cols(shares, "group")),
        "star-progress": (progress, _cols(progress, "target")),
        "alliances": (allies, _cols(allies, "alliance_id")),
        "unallied": (lonely, naive._ORG),
        "bridges": (top, ["org_id", "name", "county", "alliances", "betweenness"]),
        "chains": (chain_rows, _cols(chain_rows, "chain_id")),
        "pairings": (pair_rows, _cols(pair_rows, "org_a")),
    }
    for name, (rows, columns) in files.items():
        _write(rows, out / f"{name}.csv", columns)
    lap("write")
    ans = naive.answers(gaps, load, shares, allies, lonely)
    ans.update(answers(gaps, rates, single, check_rows, progress,
                       top if bw["mode"] == "exact" else None, chain_rows, pair_rows))
    return {"rows": sum(len(v) for v in data.values()), "files": len(files), "parts": parts,
            "betweenness": bw, "answers": ans}


def answers(gaps: list[dict], rates: list[dict], single: list[dict], check_rows: list[dict],
            progress: list[dict], top: list[dict] | None, chain_rows: list[dict],
            pair_rows: list[dict]) -> dict:
    """The figures beyond :func:`benchmarks.naive.answers` both pipelines must agree on.

    ``top`` is None when betweenness was extrapolated: then no bridges figure is given.
    """
    out = {
        "gaps_missing": digest(f"{a['org_id']}:{a['missing']}" for a in gaps),
        "rates_groups": len(rates), "rates_watched": sum(r["watched"] for r in rates),
        **{f"rates_{d}": sum(round(r[f"{d}_share"] * r["organisations"]) for r in rates)
           for d in DIMENSIONS[1:]},
        "single_watcher": len(single),
        "single_watcher_ids": digest(f"{r['org_id']}:{r['person_id']}" for r in single),
        "star_disagree": sum(1 for r in check_rows if r["agrees"] is False),
        "star_disagree_ids": digest(r["org_id"] for r in check_rows if r["agrees"] is False),
        "star_unchecked": sum(1 for r in check_rows if r["agrees"] is None),
        "star_gaps": "/".join(str(r["count_gap"]) for r in progress),
        "chains": len(chain_rows), "chain_members": sum(r["members"] for r in chain_rows),
        "chain_villages": sum(r["villages"] for r in chain_rows),
        "chain_enterprises": sum(r["enterprises"] for r in chain_rows),
        "pairings_active": len(pair_rows),
        "pairings_ids": digest(f"{r['org_a']}>{r['org_b']}" for r in pair_rows),
    }
    if top is not None:
        out.update(bridges_listed=len(top), bridges_ids=digest(r["org_id"] for r in top),
                   bridges_top=top[0]["org_id"] if top else None,
                   bridges_top_betweenness=round(top[0]["betweenness"], 9) if top else None)
    return out
