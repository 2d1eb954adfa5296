"""The DuckDB baseline's steps, and the database's own floor for a load.

* ``duckdb_headline`` — :func:`benchmarks.duckdb_baseline.headline` on the CSV
  folder: the work of ``pipeline_headline``, the hand-written way;
* ``duckdb_full`` — :func:`benchmarks.duckdb_baseline.full`: the work of
  ``pipeline`` but the proposal;
* ``raw_copy`` — the validated tables (as ``replace_graph`` gets them) turned
  into Arrow and ``COPY … FROM`` into a new LadybugDB file, nothing else: no
  lock, no load record, no fsync, no swap. The floor the ``load_csv`` step is
  judged against (goal: within 1.3x).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from benchmarks.steps import Context, _fresh, _graph, csv_folder, register


def _folder_out(ctx: Context, tag: str) -> Path:
    out = ctx.workdir / f"{tag}-exports"
    shutil.rmtree(out, ignore_errors=True)
    return out


@register("duckdb_headline", "DUCKDB BASELINE: read_csv -> SQL -> CSV (BOM) for the headline "
          "answers (benchmarks.duckdb_baseline.headline)", group="baseline", prepare=csv_folder)
def _duck_headline(ctx: Context, folder: Path) -> dict:
    from benchmarks.duckdb_baseline import headline

    return headline(folder, _folder_out(ctx, "duckdb-headline"))


@register("duckdb_full", "DUCKDB BASELINE, every export but the proposal "
          "(benchmarks.duckdb_baseline.full)", group="baseline", prepare=csv_folder)
def _duck_full(ctx: Context, folder: Path) -> dict:
    from benchmarks.duckdb_baseline import full

    return full(folder, _folder_out(ctx, "duckdb-full"))


@register("raw_copy", "LadybugDB's floor: the validated tables as Arrow, COPY FROM into a new "
          "file, nothing else", group="baseline", prepare=_graph)
def _raw_copy(ctx: Context, tables: dict[str, Any]) -> int:
    import ladybug

    from graphmodel.ladybug_store import LOAD_STEPS, ddl
    from graphmodel.store import arrow_table

    db = ladybug.Database(str(_fresh(ctx.workdir / "raw.lbug")))
    conn = ladybug.Connection(db)
    rows = 0
    for stmt in ddl():
        conn.execute(stmt)
    for name in LOAD_STEPS:
        arrow_rows = arrow_table(name, tables.get(name))  # noqa: F841 - COPY reads it by name
        if arrow_rows.num_rows:
            conn.execute(f"COPY {name} FROM arrow_rows")
            rows += arrow_rows.num_rows
    conn.close()
    db.close()
    return rows


#: Share of the organisations whose row changes between the two months of ``reload``.
RELOAD_CHANGED = 0.02


def _month_pair(ctx: Context) -> tuple[Any, Path]:
    """A store holding this scale's demo as its 2026-10-31 month, and the folder of the
    next month: the same tables with :data:`RELOAD_CHANGED` of the organisations changed
    (their stars, tier and members), written once per scale."""
    import numpy as np

    from graphmodel import open_store
    from loaders.demo import write_csv
    from loaders.load import load_path
    from benchmarks.steps import demo_tables

    nxt = ctx.workdir / "csv-next-month"
    if not (nxt / ".complete").exists():
        data = {k: v.copy() for k, v in demo_tables(ctx).items()}
        orgs = data["organizations"]
        pick = np.random.default_rng(ctx.seed).random(len(orgs)) < RELOAD_CHANGED
        orgs.loc[pick, "members"] = orgs.loc[pick, "members"].fillna(0) + 1
        orgs.loc[pick, "tier"] = orgs.loc[pick, "tier"].map(
            {"lagging": "middle", "middle": "advanced"}).fillna(orgs.loc[pick, "tier"])
        shutil.rmtree(nxt, ignore_errors=True)
        write_csv(data, nxt)
        (nxt / ".complete").write_text(f"{int(pick.sum())} organisations changed")
    store = open_store(_fresh(ctx.workdir / "reload.lbug"))
    load_path(store, csv_folder(ctx), accept_rejects=True, as_of="2026-10-31")
    return store, nxt


@register("reload", f"the next month's load into a store holding this month: "
          f"{RELOAD_CHANGED:.0%} of the organisations changed (loaders.load.load_path, as_of)",
          group="load", prepare=_month_pair)
def _reload(ctx: Context, prepared: tuple[Any, Path]) -> dict:
    from loaders.load import load_path

    store, folder = prepared
    res = load_path(store, folder, accept_rejects=True, as_of="2026-11-30")
    changed = int(res.changes["changed"].sum()) if res.changes is not None else None
    store.close()
    return {"rows": res.rows_read, "changed_organisations": changed}
