"""The registry of measured steps for ``python -m benchmarks.run``.

A step is a named pair of functions: ``prepare(ctx)`` does the untimed set-up
(generating data, writing the CSV folder a load reads) and returns what
``run(ctx, prepared)`` needs; ``run`` is the timed part and returns the number of
rows it handled (or a dict with ``rows`` and any extra figures, e.g. an
``estimated_seconds`` for the extrapolated naive loader). Each step runs in a
fresh subprocess, so its peak memory is its own.

This module holds the registry and the loading steps; the analyses
(:mod:`benchmarks.bench_analyses`), the proposal (:mod:`benchmarks.bench_proposals`),
and the pipeline with its naive baseline (:mod:`benchmarks.bench_pipeline`)
register theirs when imported at the end of this module.

Adding an analysis is one decorated function, e.g.::

    from benchmarks.steps import register

    @register("communities", "analysis: Louvain communities (queries.networks.communities)")
    def _(ctx, store):
        from queries.networks import communities
        return len(communities(store))

    # with prepare=loaded_store (the default for group="analysis") the step gets a
    # store holding the demo graph at the run's scale, built once per scale.
"""

from __future__ import annotations

import csv
import pickle
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Context", "Step", "STEPS", "register", "loaded_store", "csv_folder", "demo_tables"]


@dataclass(frozen=True)
class Context:
    """What every step knows: the scale, the seed and a work folder for this scale."""

    scale: float
    seed: int
    workdir: Path

    @property
    def csv_dir(self) -> Path:
        return self.workdir / "csv"

    @property
    def store_path(self) -> Path:
        return self.workdir / "loaded.lbug"

    @property
    def tables_file(self) -> Path:
        return self.workdir / "tables.pickle"


@dataclass(frozen=True)
class Step:
    name: str
    title: str
    group: str
    prepare: Callable[[Context], Any]
    run: Callable[[Context, Any], Any]
    #: Largest scale factor the step is run at (None: any); above it the runner skips it.
    max_scale: float | None = None


#: name -> Step, in the order they run.
STEPS: dict[str, Step] = {}


def _build(ctx: Context, what: str) -> None:
    """Build an artifact in a separate process, so its memory is not the step's."""
    code = (f"from benchmarks.steps import Context, _make_{what}; from pathlib import Path; "
            f"_make_{what}(Context({ctx.scale!r}, {ctx.seed}, Path({str(ctx.workdir)!r})))")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parent.parent)


def _make_tables(ctx: Context) -> None:
    from loaders.demo import generate

    ctx.workdir.mkdir(parents=True, exist_ok=True)
    tmp = ctx.tables_file.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        pickle.dump(generate(seed=ctx.seed, scale=ctx.scale), fh, protocol=5)
    tmp.replace(ctx.tables_file)


def _make_csv(ctx: Context) -> None:
    from loaders.demo import write_csv

    shutil.rmtree(ctx.csv_dir, ignore_errors=True)
    write_csv(demo_tables(ctx), ctx.csv_dir)
    (ctx.csv_dir / ".complete").write_text("ok")


def _make_store(ctx: Context) -> None:
    from graphmodel import open_store
    from loaders.load import load_tables

    with open_store(ctx.store_path) as s:
        load_tables(s, demo_tables(ctx), source="benchmark")


def demo_tables(ctx: Context) -> dict:
    """The demo tables at this scale: generated once (in another process), then unpickled."""
    if not ctx.tables_file.exists():
        _build(ctx, "tables")
    with ctx.tables_file.open("rb") as fh:
        return pickle.load(fh)


def csv_folder(ctx: Context) -> Path:
    """The demo data as a CSV folder for this scale (written once, in another process)."""
    if not (ctx.csv_dir / ".complete").exists():
        _build(ctx, "csv")
    return ctx.csv_dir


def loaded_store(ctx: Context) -> Any:
    """A store holding the demo graph at this scale (built once, in another process)."""
    from graphmodel import open_store

    if not ctx.store_path.exists():
        _build(ctx, "store")
    return open_store(ctx.store_path)


def _nothing(ctx: Context) -> None:
    return None


def register(name: str, title: str, *, group: str = "analysis",
             prepare: Callable[[Context], Any] | None = None,
             max_scale: float | None = None) -> Callable:
    """Decorator: add ``run(ctx, prepared)`` as step ``name``.

    ``prepare`` defaults to :func:`loaded_store` for the ``analysis`` group and
    to nothing otherwise; ``max_scale`` is the largest scale factor the step
    runs at (the runner records larger ones as skipped).
    """
    def deco(run: Callable[[Context, Any], Any]) -> Callable:
        prep = prepare or (loaded_store if group == "analysis" else _nothing)
        STEPS[name] = Step(name, title, group, prep, run, max_scale)
        return run

    return deco


def _fresh(path: Path) -> Path:
    for p in path.parent.glob(path.name + "*"):  # the store, its WAL, its history folder
        shutil.rmtree(p) if p.is_dir() else p.unlink()
    return path


# -- the loading steps ---------------------------------------------------------------


@register("generate", "generate the demo tables (loaders.demo.generate)", group="load")
def _generate(ctx: Context, _: None) -> int:
    from loaders.demo import generate

    data = generate(seed=ctx.seed, scale=ctx.scale)
    return sum(len(df) for df in data.values())


@register("write_csv", "write the CSV folder (loaders.demo.write_csv)", group="load",
          prepare=demo_tables)
def _write_csv(ctx: Context, data: dict) -> int:
    from loaders.demo import write_csv

    out = ctx.workdir / "csv-written"
    shutil.rmtree(out, ignore_errors=True)
    write_csv(data, out)
    return sum(len(df) for df in data.values())


@register("load_csv", "load the CSV folder: read + validate + store write (loaders.load.load_path)",
          group="load", prepare=csv_folder)
def _load_csv(ctx: Context, folder: Path) -> dict:
    from graphmodel import open_store
    from loaders.load import load_path

    with open_store(_fresh(ctx.workdir / "load_csv.lbug")) as s:
        res = load_path(s, folder, accept_rejects=True)  # rejects counted, not fatal
    return {"rows": res.rows_read, "rejected": res.rows_rejected}


@register("read_csv", "read the CSV folder alone (loaders.read.read_dataset)", group="load",
          prepare=csv_folder)
def _read_csv(ctx: Context, folder: Path) -> int:
    from loaders.read import read_dataset

    return read_dataset(folder).rows_read


def _read(ctx: Context) -> Any:
    from loaders.read import read_dataset

    return read_dataset(csv_folder(ctx))


@register("validate", "validate what was read alone (loaders.validate.validate)", group="load",
          prepare=_read)
def _validate(ctx: Context, dataset: Any) -> dict:
    from loaders.validate import validate

    res = validate(dataset)
    return {"rows": res.rows_read, "rejected": res.rows_rejected}


def _graph(ctx: Context) -> dict:
    from loaders.contract import graph_tables

    return graph_tables(demo_tables(ctx))


@register("replace_graph", "store write alone (GraphStore.replace_graph, LadybugDB)",
          group="load", prepare=_graph)
def _replace_graph(ctx: Context, tables: dict) -> int:
    from graphmodel import open_store

    with open_store(_fresh(ctx.workdir / "replace.lbug")) as s:
        s.replace_graph(tables, source="benchmark")
    return sum(len(df) for df in tables.values())


# -- a naive loader (the naive pipeline is in bench_pipeline) --------------------------

#: Rows per table the naive baseline really inserts; the rest is extrapolated.
NAIVE_SAMPLE = 500


@register("naive_load", f"naive loader: csv module + one CREATE per row into LadybugDB "
          f"(first {NAIVE_SAMPLE} rows of each table timed, extrapolated linearly)",
          group="baseline", prepare=csv_folder)
def _naive(ctx: Context, folder: Path) -> dict:
    import ladybug

    from graphmodel import schema
    from graphmodel.ladybug_store import ddl
    from loaders.contract import TABLES

    path = _fresh(ctx.workdir / "naive.lbug")
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    for stmt in ddl():
        conn.execute(stmt)
    types = {n.label: {p.name: p.type for p in n.props} for n in schema.NODES}
    types.update({r.type: {p.name: p.type for p in r.props} for r in schema.RELS})
    total_rows, sample_rows, sample_s, est = 0, 0, 0.0, 0.0
    for t in TABLES:
        f = folder / f"{t.zh[0]}.csv"
        if not f.exists():
            continue
        names = {c.label_zh: c.name for c in t.columns}
        with f.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = [names.get(h, h) for h in next(reader)]
            n, took = 0, 0.0
            for row in reader:
                n += 1
                if n > NAIVE_SAMPLE:
                    continue  # counted, not inserted
                rec = dict(zip(header, row))
                t0 = time.perf_counter()
                for cypher, params in _statements(t.name, rec, types):
                    conn.execute(cypher, params)
                took += time.perf_counter() - t0
        done = min(n, NAIVE_SAMPLE)
        total_rows += n
        sample_rows += done
        sample_s += took
        est += took / done * n if done else 0.0
    conn.close()
    db.close()
    return {"rows": total_rows, "sample_rows": sample_rows, "sample_seconds": round(sample_s, 3),
            "estimated_seconds": round(est, 1)}


def _typed(props: dict, types: dict) -> dict:
    out = {}
    for k, v in props.items():
        typ = types.get(k)
        if typ is None:
            continue
        if v == "":
            out[k] = None
        elif typ == "INT64":
            out[k] = int(float(v))
        elif typ == "DOUBLE":
            out[k] = float(v)
        elif typ == "BOOLEAN":
            out[k] = v in ("是", "true", "1")
        else:
            out[k] = v
    return out


_NODE_OF = {"organizations": "Organization", "people": "Person", "alliances": "Alliance",
            "chains": "Chain"}
_KEY = {"Organization": "org_id", "Person": "person_id", "Alliance": "alliance_id",
        "Chain": "chain_id"}
_ASSIGN = {"包联": "MENTORS", "联系点": "CONTACT_POINT", "书记": "SECRETARY_OF"}


def _statements(table: str, rec: dict, types: dict) -> list[tuple[str, dict]]:
    """The row-by-row statements a naive loader would send for one CSV row."""
    def node(label: str) -> tuple[str, dict]:
        props = _typed(rec, types[label])
        sets = ", ".join(f"{k}: ${k}" for k in props)
        return f"CREATE (:{label} {{{sets}}})", props

    def rel(rt: str, src: str, dst: str, props: dict) -> tuple[str, dict]:
        r = next(x for x in __import__("graphmodel").schema.RELS if x.type == rt)
        p = _typed(props, types[rt])
        sets = ", ".join(f"{k}: ${k}" for k in p)
        q = (f"MATCH (a:{r.src} {{{_KEY[r.src]}: $src}}), (b:{r.dst} {{{_KEY[r.dst]}: $dst}}) "
             f"CREATE (a)-[:{rt} {{{sets}}}]->(b)")
        return q, {"src": src, "dst": dst, **p}

    if table in _NODE_OF:
        out = [node(_NODE_OF[table])]
        if table == "organizations" and rec.get("parent_id"):
            out.append(rel("BELONGS_TO", rec["org_id"], rec["parent_id"], {}))
        if table == "people" and rec.get("org_id"):
            out.append(rel("WORKS_IN", rec["person_id"], rec["org_id"], {}))
        return out
    if table == "assignments":
        return [rel(_ASSIGN.get(rec["type"], "MENTORS"), rec["person_id"], rec["org_id"], rec)]
    if table == "alliance_members":
        return [rel("MEMBER_OF", rec["org_id"], rec["alliance_id"], rec)]
    if table == "chain_members":
        return [rel("IN_CHAIN", rec["org_id"], rec["chain_id"], rec)]
    if table == "pairings":
        return [rel("PAIRED_WITH", rec["org_a"], rec["org_b"], rec)]
    return []


# -- the other steps register themselves when their modules are imported ------------------
# (at the end, so that they find Context and register defined; order = run order)

from benchmarks import bench_analyses, bench_proposals, bench_pipeline, bench_duckdb  # noqa: E402,F401
