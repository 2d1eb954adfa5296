"""The DuckDB baseline: what a data engineer would write instead of branchgraph.

A short SQL program over the same CSV folder the loader reads: ``read_csv`` each
contract table into a DuckDB table (Chinese headers renamed, the contract's
Chinese enum spellings mapped, types cast), the answers as SQL, each answer
written as a CSV file with a BOM (Arrow's CSV writer, so that Excel opens it).
No validation, no graph store, no translated headers: it computes the answers,
nothing else, so the comparison favours it.

* :func:`headline` — coverage gaps (with the dimensions each lacks), mentor
  load, star distribution and targets, alliances, unallied branches: the work
  of the ``pipeline_headline`` step;
* :func:`full` — also coverage rates, single watchers, the star check, bridges,
  chains and pairings: every export of the ``pipeline`` step but the proposal
  (not reimplemented, so again the comparison favours the baseline).

Bridges need betweenness centrality, which SQL does not express: the program
folds the membership graph in SQL (alliance sizes, organisations in two or more
alliances) and runs the published Brandes-on-the-skeleton algorithm
(:func:`queries.network_algorithms.skeleton_betweenness`, plain Python over
dicts, the same work limit and seed) on what SQL gave it, as an engineer who
found it would. The bridges figures then check the fold, not the algorithm.

Both return ``rows`` read and the ``answers`` of
:func:`benchmarks.bench_pipeline.real_answers` — every figure the pipeline step
gives — computed from the result tables, which the runner compares.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv

from benchmarks.naive import digest
from benchmarks.naive_full import TARGETS
from graphmodel.rules import DEFAULT_CAPACITY, DEFAULT_WEIGHTS, GRASSROOTS
from loaders.contract import ENUMS, TABLES

__all__ = ["connect", "read", "headline", "full", "QUERIES", "FULL_QUERIES"]

BOM = "\ufeff".encode()
_TRUE = ("是", "true", "True", "1", "yes")


def _sql_text(v: str) -> str:
    return "'" + v.replace("'", "''") + "'"


def _cast(col: Any, present: Any) -> str:
    """The SQL expression turning the raw text column into the contract's type
    (NULL when the file has no such column)."""
    raw = f'NULLIF(trim("{col.label_zh}"), \'\')' if col.label_zh in present else "CAST(NULL AS VARCHAR)"
    if col.type.startswith("enum:"):
        pairs = [(zh, en) for en, zhs in ENUMS[col.type[5:]].items() for zh in zhs]
        whens = " ".join(f"WHEN {_sql_text(zh)} THEN {_sql_text(en)}" for zh, en in pairs)
        return f"CASE {raw} {whens} ELSE {raw} END"
    if col.type == "int":
        return f"CAST(trunc(CAST({raw} AS DOUBLE)) AS BIGINT)"
    if col.type == "number":
        return f"CAST({raw} AS DOUBLE)"
    if col.type == "bool":
        return f"({raw} IN ({', '.join(map(_sql_text, _TRUE))}))"
    if col.type == "date":
        return f"CAST(substr({raw}, 1, 10) AS DATE)"
    return raw


def connect(threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB (``threads``: None = DuckDB's default, every core)."""
    con = duckdb.connect(":memory:")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return con


def read(con: duckdb.DuckDBPyConnection, folder: Path) -> int:
    """Every contract table of ``folder`` into a table named as the contract names it; rows read."""
    rows = 0
    for t in TABLES:
        f = Path(folder) / f"{t.zh[0]}.csv"
        if f.exists():
            src = f"read_csv({_sql_text(str(f))}, header = true, all_varchar = true)"
            present = set(con.sql(f"SELECT * FROM {src} LIMIT 0").columns)
        else:  # an absent table is empty
            src, present = "(SELECT 1 LIMIT 0)", set()
        cols = ", ".join(f'{_cast(c, present)} AS {c.name}' for c in t.columns)
        con.execute(f"CREATE OR REPLACE TABLE {t.name} AS SELECT {cols} FROM {src}")
        rows += con.execute(f"SELECT count(*) FROM {t.name}").fetchone()[0]
    return rows


# -- the shared views: who watches what on the day, each organisation's rating ---------

_GRASS = ", ".join(map(_sql_text, GRASSROOTS))
_W = DEFAULT_WEIGHTS
_VIEWS = f"""
CREATE OR REPLACE TEMP VIEW active AS
  SELECT person_id, org_id, type FROM assignments
  WHERE (since IS NULL OR since <= $day) AND (until IS NULL OR until >= $day);
CREATE OR REPLACE TEMP TABLE rated AS
  SELECT o.*, CASE
      WHEN base_stars IS NULL THEN stars
      WHEN least(5, greatest(0, base_stars)) < 5 THEN least(5, greatest(0, base_stars))
      WHEN task_score IS NULL AND highlight_score IS NULL THEN stars
      ELSE 5 + least(5, greatest(0, CAST(floor(round(coalesce(task_score, 0)
                                        + coalesce(highlight_score, 0), 6) / 20) AS BIGINT)))
    END AS rating
  FROM organizations o;
CREATE OR REPLACE TEMP TABLE grass AS
  SELECT r.*,
    coalesce(w.watchers, 0) AS watchers, coalesce(w.mentors, 0) AS mentors,
    coalesce(w.contacts, 0) AS contacts, coalesce(a.n, 0) AS alliances,
    coalesce(p.n, 0) AS pairings, coalesce(c.n, 0) AS chains
  FROM rated r
  LEFT JOIN (SELECT org_id, count(DISTINCT person_id) AS watchers,
                    count(DISTINCT person_id) FILTER (type = 'mentor') AS mentors,
                    count(DISTINCT person_id) FILTER (type = 'contact') AS contacts
             FROM active WHERE type IN ('mentor', 'contact') GROUP BY org_id) w USING (org_id)
  LEFT JOIN (SELECT org_id, count(DISTINCT alliance_id) AS n FROM alliance_members
             GROUP BY org_id) a USING (org_id)
  LEFT JOIN (SELECT org_id, count(DISTINCT partner) AS n FROM (
               SELECT org_a AS org_id, org_b AS partner FROM pairings
                 WHERE (since IS NULL OR since <= $day) AND (until IS NULL OR until >= $day)
               UNION ALL
               SELECT org_b, org_a FROM pairings
                 WHERE (since IS NULL OR since <= $day) AND (until IS NULL OR until >= $day))
             GROUP BY org_id) p USING (org_id)
  LEFT JOIN (SELECT org_id, count(DISTINCT chain_id) AS n FROM chain_members
             GROUP BY org_id) c USING (org_id)
  WHERE r.kind IN ({_GRASS});
"""

_ORG = "org_id, name, kind, county, township, domain, tier, stars, weak"

#: Answer name -> its SQL (the headline work).
QUERIES = {
    "coverage-gaps": f"""
      SELECT {_ORG}, concat_ws('|',
          CASE WHEN watchers = 0 THEN 'watched' END, CASE WHEN mentors = 0 THEN 'mentor' END,
          CASE WHEN contacts = 0 THEN 'contact' END, CASE WHEN alliances = 0 THEN 'alliance' END,
          CASE WHEN pairings = 0 THEN 'pairing' END, CASE WHEN chains = 0 THEN 'chain' END)
        AS missing
      FROM grass WHERE watchers = 0
      ORDER BY coalesce(tier, '') <> 'lagging', NOT coalesce(weak, false),
               coalesce(rating, -1), org_id""",
    "mentor-load": f"""
      WITH m AS (
        SELECT DISTINCT a.person_id, a.org_id, o.tier FROM active a
        JOIN organizations o USING (org_id)
        WHERE a.type = 'mentor' AND o.kind IN ({_GRASS})),
      agg AS (
        SELECT person_id, count(*) AS mentored,
          sum(CASE tier WHEN 'advanced' THEN {_W['advanced']} WHEN 'middle' THEN {_W['middle']}
                        WHEN 'lagging' THEN {_W['lagging']} ELSE 1.0 END) AS weighted_load,
          count(*) FILTER (tier = 'advanced') AS advanced,
          count(*) FILTER (tier = 'middle') AS middle,
          count(*) FILTER (tier = 'lagging') AS lagging
        FROM m GROUP BY person_id)
      SELECT person_id, p.name, mentored, weighted_load,
        coalesce(p.capacity, {DEFAULT_CAPACITY}) AS capacity,
        CASE WHEN mentored > coalesce(p.capacity, {DEFAULT_CAPACITY}) THEN 'over'
             WHEN mentored = coalesce(p.capacity, {DEFAULT_CAPACITY}) THEN 'full'
             ELSE 'under' END AS status,
        advanced, middle, lagging, mentored - advanced - middle - lagging AS unrated,
        concat(advanced, '/', middle, '/', lagging) AS mix,
        (mentored = 3 AND advanced = 1 AND middle = 1 AND lagging = 1) AS mix_ok
      FROM agg JOIN people p USING (person_id)
      ORDER BY mentored DESC, weighted_load DESC, person_id""",
    "star-distribution": f"""
      SELECT county AS "group", count(*) AS organisations,
        {", ".join(f"count(*) FILTER (rating = {i}) AS s{i}" for i in range(11))},
        count(rating) AS rated, count(*) FILTER (rating >= 6) AS at6,
        count(*) FILTER (rating >= 8) AS at8,
        count(*) FILTER (rating >= 6) / count(*) AS at6_share,
        count(*) FILTER (rating >= 8) / count(*) AS at8_share
      FROM rated GROUP BY county ORDER BY county NULLS LAST""",
    "star-progress": "SELECT least_stars, count(*) AS at_target FROM rated, "
                     "(VALUES (6), (8)) t(least_stars) WHERE rating >= least_stars "
                     "GROUP BY least_stars",
    "alliances": """
      WITH mem AS (SELECT DISTINCT alliance_id, org_id FROM alliance_members),
      multi AS (SELECT org_id FROM mem GROUP BY org_id HAVING count(*) > 1),
      per AS (
        SELECT m.alliance_id, count(*) AS members, count(x.org_id) = 0 AS island
        FROM mem m LEFT JOIN multi x USING (org_id) GROUP BY m.alliance_id),
      lead AS (SELECT alliance_id, min(org_id) AS lead_id FROM alliance_members
               WHERE role = 'lead' GROUP BY alliance_id)
      SELECT a.alliance_id, a.name, a.county, coalesce(per.members, 0) AS members,
        lead.lead_id, o.name AS lead_name, coalesce(per.island, true) AS island
      FROM alliances a LEFT JOIN per USING (alliance_id) LEFT JOIN lead USING (alliance_id)
      LEFT JOIN organizations o ON o.org_id = lead.lead_id
      ORDER BY members DESC, a.alliance_id""",
    "unallied": f"""
      SELECT {_ORG} FROM grass WHERE alliances = 0
      ORDER BY county IS NULL, coalesce(county, ''), org_id""",
}

#: The further answers of the full work (bridges is :func:`_bridges`).
FULL_QUERIES = {
    "coverage-rates": """
      SELECT county AS "group", count(*) AS organisations,
        count(*) FILTER (watchers > 0) AS watched,
        count(*) FILTER (watchers > 0) / count(*) AS watched_share,
        count(*) FILTER (mentors > 0) / count(*) AS mentor_share,
        count(*) FILTER (contacts > 0) / count(*) AS contact_share,
        count(*) FILTER (alliances > 0) / count(*) AS alliance_share,
        count(*) FILTER (pairings > 0) / count(*) AS pairing_share,
        count(*) FILTER (chains > 0) / count(*) AS chain_share
      FROM grass GROUP BY county ORDER BY county NULLS LAST""",
    "single-watcher": """
      WITH one AS (SELECT org_id, min(person_id) AS person_id FROM active
                   WHERE type IN ('mentor', 'contact') GROUP BY org_id
                   HAVING count(DISTINCT person_id) = 1)
      SELECT g.org_id, g.name, g.county, g.domain, g.tier, g.stars, g.weak,
             one.person_id, p.name AS person_name
      FROM one JOIN grass g USING (org_id) LEFT JOIN people p USING (person_id)
      ORDER BY g.org_id""",
    "stars": """
      WITH c AS (SELECT *, CASE
          WHEN base_stars IS NULL THEN NULL
          WHEN least(5, greatest(0, base_stars)) < 5 THEN least(5, greatest(0, base_stars))
          WHEN task_score IS NULL AND highlight_score IS NULL THEN NULL
          ELSE 5 + least(5, greatest(0, CAST(floor(round(coalesce(task_score, 0)
                                            + coalesce(highlight_score, 0), 6) / 20) AS BIGINT)))
        END AS computed FROM organizations)
      SELECT org_id, name, county, domain, stars, base_stars, task_score, highlight_score,
        computed, CASE WHEN computed IS NULL OR stars IS NULL THEN NULL
                       ELSE stars = computed END AS agrees
      FROM c ORDER BY CASE WHEN agrees IS NULL THEN 1 WHEN agrees THEN 2 ELSE 0 END, org_id""",
    "chains": """
      WITH mem AS (SELECT DISTINCT chain_id, org_id FROM chain_members),
      st AS (SELECT chain_id, coalesce(stage, '未注明') AS stage, count(DISTINCT org_id) AS n
             FROM chain_members GROUP BY ALL),
      stages AS (SELECT chain_id, string_agg(stage || ':' || n, '|' ORDER BY n DESC, stage) AS s
                 FROM st GROUP BY chain_id),
      per AS (SELECT chain_id, count(*) AS members,
                count(*) FILTER (o.domain = 'rural') AS villages,
                count(*) FILTER (o.domain IN ('soe', 'private')) AS enterprises
              FROM mem LEFT JOIN organizations o USING (org_id) GROUP BY chain_id)
      SELECT c.chain_id, c.name, c.industry, c.county, coalesce(per.members, 0) AS members,
        coalesce(stages.s, '') AS stages, coalesce(per.villages, 0) AS villages,
        coalesce(per.enterprises, 0) AS enterprises
      FROM chains c LEFT JOIN per USING (chain_id) LEFT JOIN stages USING (chain_id)
      ORDER BY members DESC, c.chain_id""",
    "pairings": """
      SELECT p.org_a, a.name AS name_a, p.org_b, b.name AS name_b, p.type, p.since, p.until
      FROM pairings p LEFT JOIN organizations a ON a.org_id = p.org_a
      LEFT JOIN organizations b ON b.org_id = p.org_b
      WHERE (p.since IS NULL OR p.since <= $day) AND (p.until IS NULL OR p.until >= $day)
      ORDER BY p.org_a, p.org_b, p.since NULLS FIRST""",
}


def _write(table: pa.Table, path: Path) -> None:
    with path.open("wb") as fh:
        fh.write(BOM)
        pacsv.write_csv(table, fh)


def _bridges(con: duckdb.DuckDBPyConnection, top: int = 20, seed: int = 0) -> pa.Table:
    """Organisations in 2+ alliances by betweenness: the fold in SQL, Brandes on the skeleton."""
    from queries.network_algorithms import skeleton_betweenness
    from queries.networks import BETWEENNESS_WORK_LIMIT

    mem = "(SELECT DISTINCT alliance_id, org_id FROM alliance_members)"
    sizes = con.execute(f"SELECT a.alliance_id, count(m.org_id) FROM alliances a "
                        f"LEFT JOIN {mem} m USING (alliance_id) GROUP BY a.alliance_id").fetchall()
    multi = con.execute(f"SELECT org_id, alliance_id FROM {mem} WHERE org_id IN "
                        f"(SELECT org_id FROM {mem} GROUP BY org_id HAVING count(*) > 1)").fetchall()
    adj: dict[str, list[str]] = {f"Alliance:{a}": [] for a, _ in sizes}
    weight = {f"Alliance:{a}": 1 + int(k) for a, k in sizes}
    for org, al in multi:
        o, a = f"Organization:{org}", f"Alliance:{al}"
        adj.setdefault(o, []).append(a)
        adj[a].append(o)
        weight[o] = 1
        weight[a] -= 1
    for near in adj.values():
        near.sort()
    n = len(adj) + sum(w - 1 for v, w in weight.items() if v.startswith("Alliance:"))
    bc = skeleton_betweenness(adj, weight, n, lambda v: v.startswith("Organization:"),
                              work_limit=BETWEENNESS_WORK_LIMIT, seed=seed)
    scores = pa.table({"org_id": [v.split(":", 1)[1] for v in bc],
                       "betweenness": pa.array(list(bc.values()), pa.float64())})
    con.register("scores", scores)
    return con.sql(f"""
      SELECT s.org_id, o.name, o.county, k.alliances, s.betweenness FROM scores s
      JOIN (SELECT org_id, count(*) AS alliances FROM {mem} GROUP BY org_id) k USING (org_id)
      LEFT JOIN organizations o USING (org_id)
      ORDER BY s.betweenness DESC, k.alliances DESC, s.org_id LIMIT {int(top)}""").to_arrow_table()


def _progress(con: duckdb.DuckDBPyConnection, at: pa.Table) -> pa.Table:
    """The star targets: at target, share and the gap to each goal (as naive_full.star_progress)."""
    n = con.execute("SELECT count(rating) FROM rated").fetchone()[0]
    count = dict(zip(at["least_stars"].to_pylist(), at["at_target"].to_pylist()))
    rows = []
    for target, least, goal_count, goal in TARGETS:
        k = count.get(least, 0)
        needed = goal_count if goal_count is not None else math.ceil(round(goal * n, 9))
        rows.append({"target": target, "goal_share": goal, "organisations": n, "at_target": k,
                     "share": k / n if n else float("nan"), "count_gap": max(0, needed - k)})
    return pa.Table.from_pylist(rows)


def _run(folder: Path, out: Path, day: date | None, names: dict[str, str],
         with_bridges: bool, threads: int | None) -> dict:
    con = connect(threads)
    rows = read(con, folder)
    # a date object's ISO text, not user input: DDL cannot take $parameters
    on_day = f"DATE '{(day or date.today()).isoformat()}'"
    for stmt in _VIEWS.split(";"):
        if stmt.strip():
            con.execute(stmt.replace("$day", on_day))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    results: dict[str, pa.Table] = {}
    for name, sql in names.items():
        results[name] = con.sql(sql.replace("$day", on_day)).to_arrow_table()
    results["star-progress"] = _progress(con, results["star-progress"])
    if with_bridges:
        results["bridges"] = _bridges(con)
    for name, table in results.items():
        _write(table, out / f"{name}.csv")
    con.close()
    return {"rows": rows, "files": len(results), "answers": answers(results)}


def headline(folder: Path, out: Path, day: date | None = None, *, threads: int | None = None) -> dict:
    """Read ``folder``, compute the headline answers in DuckDB, write them into ``out``.

    Returns
    -------
    dict: ``rows`` read, ``files`` written, ``answers`` (see :func:`answers`).
    """
    return _run(folder, out, day, QUERIES, False, threads)


def full(folder: Path, out: Path, day: date | None = None, *, threads: int | None = None) -> dict:
    """The same for every export but the proposal (see the module docstring)."""
    return _run(folder, out, day, {**QUERIES, **FULL_QUERIES}, True, threads)


def answers(results: dict[str, pa.Table]) -> dict:
    """The figures of :func:`benchmarks.bench_pipeline.real_answers`, from the result tables."""
    def col(name: str, c: str) -> list:
        return results[name].column(c).to_pylist()

    gaps_ids, load = col("coverage-gaps", "org_id"), results["mentor-load"]
    status, over_ids = col("mentor-load", "status"), col("mentor-load", "person_id")
    over = [p for p, s in zip(over_ids, status) if s == "over"]
    prog = results["star-progress"].to_pylist()
    at = {r["target"]: r["at_target"] for r in prog}
    allies = results["alliances"]
    out = {
        "uncovered": len(gaps_ids), "uncovered_ids": digest(gaps_ids),
        "first_uncovered": gaps_ids[0] if gaps_ids else None,
        "people_watching": load.num_rows, "over_capacity": len(over), "over_ids": digest(over),
        "mix_broken": sum(1 for m, ok in zip(col("mentor-load", "mentored"), col("mentor-load", "mix_ok"))
                          if m > 0 and not ok),
        "at6": at["6+"], "at8": at["8+"],
        "alliances": allies.num_rows, "memberships": sum(col("alliances", "members")),
        "islands": sum(1 for x in col("alliances", "island") if x),
        "unallied": results["unallied"].num_rows, "unallied_ids": digest(col("unallied", "org_id")),
        "gaps_missing": digest(f"{o}:{m}" for o, m in zip(gaps_ids, col("coverage-gaps", "missing"))),
        "star_gaps": "/".join(str(r["count_gap"]) for r in prog),
    }
    if "coverage-rates" in results:
        rates = results["coverage-rates"].to_pylist()
        out.update(rates_groups=len(rates), rates_watched=sum(r["watched"] for r in rates))
        for d in ("mentor", "contact", "alliance", "pairing", "chain"):
            out[f"rates_{d}"] = sum(round(r[f"{d}_share"] * r["organisations"]) for r in rates)
    if "single-watcher" in results:
        sw = zip(col("single-watcher", "org_id"), col("single-watcher", "person_id"))
        out["single_watcher"] = results["single-watcher"].num_rows
        out["single_watcher_ids"] = digest(f"{o}:{p}" for o, p in sw)
    if "stars" in results:
        agrees = col("stars", "agrees")
        wrong = [o for o, a in zip(col("stars", "org_id"), agrees) if a is False]
        out.update(star_disagree=len(wrong), star_disagree_ids=digest(wrong),
                   star_unchecked=sum(1 for a in agrees if a is None))
    if "chains" in results:
        out.update(chains=results["chains"].num_rows, chain_members=sum(col("chains", "members")),
                   chain_villages=sum(col("chains", "villages")),
                   chain_enterprises=sum(col("chains", "enterprises")))
    if "pairings" in results:
        pw = zip(col("pairings", "org_a"), col("pairings", "org_b"))
        out.update(pairings_active=results["pairings"].num_rows,
                   pairings_ids=digest(f"{a}>{b}" for a, b in pw))
    if "bridges" in results:
        ids, bw = col("bridges", "org_id"), col("bridges", "betweenness")
        out.update(bridges_listed=len(ids), bridges_ids=digest(ids),
                   bridges_top=ids[0] if ids else None,
                   bridges_top_betweenness=round(bw[0], 9) if ids else None)
    return out
