"""The naive baseline: csv module -> networkx DiGraph -> plain Python loops -> csv module.

What a planner's analyst would write without branchgraph: read the same CSV
folder with :mod:`csv`, build a :class:`networkx.DiGraph` (organisations, people,
alliances and chains as nodes; every link as an edge that keeps the list of its
dated records, since a DiGraph holds one edge per pair), and compute the headline
answers with loops over nodes and edges:

* **uncovered** — grassroots branches (党支部、党总支) with no mentor (包联/监测)
  or contact-point (联系点) link active on the day;
* **mentor load** — per mentor: grassroots organisations mentored on the day
  (contact points are another duty), weighted load, capacity (own or 3), status
  over/full/under, tier counts, the mix and whether it is 1/1/1;
* **star shares** — per county: organisations of every kind per rating (by the rule
  where the components allow it, else recorded), rated, 6+ and 8+ shares;
* **alliances** — members, lead and island per alliance;
* **unallied** — grassroots branches in no alliance.

It writes one CSV per answer (UTF-8 with BOM, via :mod:`csv`) and returns the
:func:`answers` that :mod:`benchmarks.bench_pipeline` compares with the real
pipeline's. Header names and Chinese enum spellings come from
:mod:`loaders.contract`, so the baseline reads exactly the files the loader reads.
It does less than the real pipeline (no validation, no graph store, no bridges,
chains, pairings, proposal or translated exports): it is the *headline*
baseline, compared with the ``pipeline_headline`` step. :mod:`benchmarks.naive_full`
reuses its reader, graph and answers and adds every other export but the
proposal, for the like-for-like comparison with the full ``pipeline``.
"""

from __future__ import annotations

import csv
import hashlib
import math
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from graphmodel.rules import DEFAULT_CAPACITY, DEFAULT_WEIGHTS, GRASSROOTS
from loaders.contract import ENUMS, TABLES

__all__ = ["naive_pipeline", "read_folder", "build_graph", "answers", "digest"]

WATCH = ("mentor", "contact")
WEIGHTS = {**DEFAULT_WEIGHTS, None: 1.0}


def digest(ids: Any) -> str:
    """A short fingerprint of a set of ids (order does not matter)."""
    return hashlib.sha1("\n".join(sorted(ids)).encode()).hexdigest()[:12]


def read_folder(folder: Path) -> dict[str, list[dict]]:
    """Every contract table's CSV as a list of dicts with English keys and values."""
    spell = {}
    for enum, values in ENUMS.items():
        spell[enum] = {zh: en for en, zhs in values.items() for zh in zhs}
    out = {}
    for t in TABLES:
        f = Path(folder) / f"{t.zh[0]}.csv"
        if not f.exists():
            out[t.name] = []
            continue
        names = {c.label_zh: c for c in t.columns}
        rows = []
        with f.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = [names.get(h) for h in next(reader)]
            for raw in reader:
                rec = {}
                for col, v in zip(header, raw):
                    if col is None:
                        continue
                    v = v.strip()
                    if v == "":
                        rec[col.name] = None
                    elif col.type.startswith("enum:"):
                        rec[col.name] = spell[col.type[5:]].get(v, v)
                    elif col.type == "int":
                        rec[col.name] = int(float(v))
                    elif col.type == "number":
                        rec[col.name] = float(v)
                    elif col.type == "bool":
                        rec[col.name] = v in ("是", "true", "True", "1", "yes")
                    elif col.type == "date":
                        rec[col.name] = date.fromisoformat(v[:10])
                    else:
                        rec[col.name] = v
                rows.append(rec)
        out[t.name] = rows
    return out


def _link(g: nx.DiGraph, u: str, v: str, **rec: Any) -> None:
    if g.has_edge(u, v):
        g[u][v]["links"].append(rec)
    else:
        g.add_edge(u, v, links=[rec])


def build_graph(data: dict[str, list[dict]]) -> nx.DiGraph:
    """The whole dataset as one DiGraph; node ids are ``"<label>:<id>"``."""
    g = nx.DiGraph()
    for r in data["organizations"]:
        g.add_node("O:" + r["org_id"], label="Organization", **r)
    for r in data["people"]:
        g.add_node("P:" + r["person_id"], label="Person", **r)
    for r in data["alliances"]:
        g.add_node("A:" + r["alliance_id"], label="Alliance", **r)
    for r in data["chains"]:
        g.add_node("C:" + r["chain_id"], label="Chain", **r)
    for r in data["organizations"]:
        if r.get("parent_id"):
            _link(g, "O:" + r["org_id"], "O:" + r["parent_id"], type="belongs_to")
    for r in data["people"]:
        if r.get("org_id"):
            _link(g, "P:" + r["person_id"], "O:" + r["org_id"], type="works_in")
    for r in data["assignments"]:
        _link(g, "P:" + r["person_id"], "O:" + r["org_id"], type=r["type"],
              since=r.get("since"), until=r.get("until"))
    for r in data["alliance_members"]:
        _link(g, "O:" + r["org_id"], "A:" + r["alliance_id"], type="member_of", role=r.get("role"))
    for r in data["chain_members"]:
        _link(g, "O:" + r["org_id"], "C:" + r["chain_id"], type="in_chain", stage=r.get("stage"))
    for r in data["pairings"]:
        _link(g, "O:" + r["org_a"], "O:" + r["org_b"], type="paired_with", kind=r.get("type"),
              since=r.get("since"), until=r.get("until"))
    return g


def _active(rec: dict, day: date) -> bool:
    return (rec.get("since") is None or rec["since"] <= day) and (
        rec.get("until") is None or rec["until"] >= day)


def uncovered(g: nx.DiGraph, day: date) -> list[dict]:
    """Grassroots organisations nobody watches on ``day``, lagging, weak, fewest stars first."""
    out = []
    for n, a in g.nodes(data=True):
        if a["label"] != "Organization" or a.get("kind") not in GRASSROOTS:
            continue
        watched = False
        for u, _, e in g.in_edges(n, data=True):
            if any(r["type"] in WATCH and _active(r, day) for r in e["links"]):
                watched = True
                break
        if not watched:
            out.append(a)
    out.sort(key=lambda a: (a.get("tier") != "lagging", not a.get("weak"),
                            -1 if rating(a) is None else rating(a), a["org_id"]))
    return out


def computed_stars(base: Any, task: Any, high: Any) -> int | None:
    """The stars domain.md's rule gives (None where it cannot say), written out again
    in plain Python so the baseline checks :func:`graphmodel.rules.computed_stars`."""
    if base is None:
        return None
    base = math.floor(min(5, max(0, base)))
    if base < 5:
        return base
    if task is None and high is None:
        return None
    points = round((task or 0) + (high or 0), 6)
    return 5 + min(5, max(0, math.floor(points / 20)))


def rating(a: dict) -> int | None:
    """An organisation's rating: by the rule where its components allow it, else the
    recorded stars."""
    by_rule = computed_stars(a.get("base_stars"), a.get("task_score"), a.get("highlight_score"))
    if by_rule is not None:
        return by_rule
    return None if a.get("stars") is None else round(a["stars"])


def mentor_load(g: nx.DiGraph, day: date) -> list[dict]:
    """One row per mentor with a mentor link active on ``day`` to a grassroots
    organisation (as queries.mentors.mentor_load): contact points are another duty."""
    rows = []
    for n, p in g.nodes(data=True):
        if p["label"] != "Person":
            continue
        mentored = set()
        for _, o, e in g.out_edges(n, data=True):
            if g.nodes[o].get("kind") not in GRASSROOTS:
                continue
            if any(r["type"] == "mentor" and _active(r, day) for r in e["links"]):
                mentored.add(o)
        if not mentored:
            continue
        tiers = {"advanced": 0, "middle": 0, "lagging": 0}
        weighted = 0.0
        for o in mentored:
            t = g.nodes[o].get("tier")
            weighted += WEIGHTS.get(t, 1.0)
            if t in tiers:
                tiers[t] += 1
        cap = p.get("capacity")
        cap = DEFAULT_CAPACITY if cap is None else cap
        load = len(mentored)
        status = "over" if load > cap else "full" if load == cap else "under"
        mix_text = f"{tiers['advanced']}/{tiers['middle']}/{tiers['lagging']}"
        rows.append({
            "person_id": p["person_id"], "name": p.get("name"), "mentored": load,
            "weighted_load": weighted, "capacity": cap, "status": status, **tiers,
            "unrated": load - sum(tiers.values()), "mix": mix_text,
            "mix_ok": load == 3 and mix_text == "1/1/1",
        })
    rows.sort(key=lambda r: (-r["mentored"], -r["weighted_load"], r["person_id"]))
    return rows


def star_shares(g: nx.DiGraph) -> list[dict]:
    """Per county: organisations of every kind per rating, rated, 6+ and 8+ shares."""
    groups: dict[Any, list] = {}
    for _, a in g.nodes(data=True):
        if a["label"] == "Organization":
            groups.setdefault(a.get("county"), []).append(rating(a))
    rows = []
    for county in sorted(groups, key=lambda c: (c is None, c or "")):
        stars = groups[county]
        row = {"group": county, "organisations": len(stars)}
        for i in range(11):
            row[f"s{i}"] = sum(1 for s in stars if s == i)
        row["rated"] = sum(1 for s in stars if s is not None)
        row["at6"] = sum(1 for s in stars if s is not None and s >= 6)
        row["at8"] = sum(1 for s in stars if s is not None and s >= 8)
        row["at6_share"] = row["at6"] / len(stars)
        row["at8_share"] = row["at8"] / len(stars)
        rows.append(row)
    return rows


def alliance_sizes(g: nx.DiGraph) -> list[dict]:
    """Every alliance: distinct members, lead (smallest lead org_id), island."""
    rows = []
    for n, a in g.nodes(data=True):
        if a["label"] != "Alliance":
            continue
        members = [u for u, _ in g.in_edges(n)]
        leads = sorted(g.nodes[u]["org_id"] for u, _, e in g.in_edges(n, data=True)
                       if any(r.get("role") == "lead" for r in e["links"]))
        island = True
        for u in members:
            if sum(1 for _, v in g.out_edges(u) if g.nodes[v]["label"] == "Alliance") > 1:
                island = False
                break
        rows.append({"alliance_id": a["alliance_id"], "name": a.get("name"),
                     "county": a.get("county"), "members": len(members),
                     "lead_id": leads[0] if leads else None, "island": island})
    rows.sort(key=lambda r: (-r["members"], r["alliance_id"]))
    return rows


def unallied(g: nx.DiGraph) -> list[dict]:
    """Grassroots organisations in no alliance, by county then org_id."""
    out = []
    for n, a in g.nodes(data=True):
        if a["label"] != "Organization" or a.get("kind") not in GRASSROOTS:
            continue
        if not any(g.nodes[v]["label"] == "Alliance" for _, v in g.out_edges(n)):
            out.append(a)
    out.sort(key=lambda a: (a.get("county") is None, a.get("county") or "", a["org_id"]))
    return out


def _write(rows: list[dict], path: Path, columns: list[str]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(columns)
        for r in rows:
            w.writerow(["" if r.get(c) is None else r.get(c) for c in columns])


_ORG = ["org_id", "name", "kind", "county", "township", "domain", "tier", "stars", "weak"]


def naive_pipeline(folder: Path, out: Path, day: date | None = None) -> dict:
    """Read ``folder``, build the DiGraph, compute the five answers, write them into ``out``.

    Returns
    -------
    dict: ``rows`` (CSV rows read) and ``answers`` (see :func:`answers`).
    """
    day = day or date.today()
    data = read_folder(folder)
    g = build_graph(data)
    gaps, load = uncovered(g, day), mentor_load(g, day)
    stars, allies, lonely = star_shares(g), alliance_sizes(g), unallied(g)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    _write(gaps, out / "uncovered.csv", _ORG)
    _write(load, out / "mentor-load.csv", list(load[0]) if load else ["person_id"])
    _write(stars, out / "star-shares.csv", list(stars[0]) if stars else ["group"])
    _write(allies, out / "alliances.csv", list(allies[0]) if allies else ["alliance_id"])
    _write(lonely, out / "unallied.csv", _ORG)
    return {"rows": sum(len(v) for v in data.values()),
            "answers": answers(gaps, load, stars, allies, lonely)}


def answers(gaps: list[dict], load: list[dict], stars: list[dict], allies: list[dict],
            lonely: list[dict]) -> dict:
    """The figures both pipelines must agree on (counts and fingerprints of id sets)."""
    over = [r["person_id"] for r in load if r["status"] == "over"]
    return {
        "uncovered": len(gaps), "uncovered_ids": digest(a["org_id"] for a in gaps),
        "first_uncovered": gaps[0]["org_id"] if gaps else None,
        "people_watching": len(load), "over_capacity": len(over), "over_ids": digest(over),
        "mix_broken": sum(1 for r in load if r["mentored"] > 0 and not r["mix_ok"]),
        "at6": sum(r["at6"] for r in stars), "at8": sum(r["at8"] for r in stars),
        "alliances": len(allies), "memberships": sum(r["members"] for r in allies),
        "islands": sum(1 for r in allies if r["island"]),
        "unallied": len(lonely), "unallied_ids": digest(a["org_id"] for a in lonely),
    }
