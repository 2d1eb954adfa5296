"""The end-to-end pipeline and the naive baseline it is compared with.

* ``export_all`` — :func:`queries.export.export_all` on the loaded store: every
  analysis again plus translating and writing its CSV into a fresh folder.
* ``pipeline`` — what a planner's run costs, in one process: load the CSV folder
  into a new LadybugDB store (:func:`loaders.load.load_path`: read, validate,
  store write), run **every** analysis of the catalogue's exports (:func:`queries.export.available_exports`) (the
  proposal included) and write each as a CSV file. The seconds of each part are
  kept (``parts``) so the report can say what dominates.
* ``pipeline_headline`` — the same, but only the analyses the naive baseline
  also computes (coverage gaps, mentor load, star distribution and targets,
  alliances, unallied): the like-for-like comparison.
* ``naive_pipeline`` — :mod:`benchmarks.naive`: csv module -> networkx DiGraph ->
  Python loops -> csv module, the same folder, the same day: the headline answers
  only (compared with ``pipeline_headline``).
* ``naive_full`` — :mod:`benchmarks.naive_full`: the same, for every export but
  the proposal (not reimplemented: the pipeline does strictly more). The exact
  betweenness of the bridges export is timed on a sample of sources and
  extrapolated above 20,000 nodes; the report adds the estimate. This is the
  baseline of the ">= 20x at province" goal (compared with ``pipeline``).

A failing analysis does not stop the pipeline step: its error is recorded under
``errors`` (and the report marks the pipeline as failed), the others still run.
Each returns ``answers`` (counts and id-set fingerprints: uncovered branches,
people over capacity, broken mixes, 6+/8+ stars, alliances, memberships,
islands, unallied; and for the full pipeline and ``naive_full`` also coverage
rates, single watchers, star disagreements, chains, pairings and the top
bridge); the runner compares each baseline's with the pipelines' and records
whether they agree (:func:`agreement`).
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pandas as pd

from benchmarks.steps import Context, _fresh, csv_folder, register

__all__ = ["COMPARED", "HEADLINE", "agreement", "real_answers"]

#: The exports whose analyses the naive baseline computes too.
HEADLINE = ("coverage-gaps", "mentor-load", "star-distribution", "star-progress", "alliances",
            "unallied")
#: Columns kept from each frame for the answers (the rest is dropped at once).
_KEEP = {"coverage-gaps": ["org_id", "missing"],
         "mentor-load": ["person_id", "status", "mentored", "mix_ok"],
         "star-progress": ["target", "at_target", "count_gap"], "alliances": ["members", "island"],
         "unallied": ["org_id"],
         # the exports only the full-parity baseline (benchmarks.naive_full) computes too
         "coverage-rates": ["group", "organisations", "watched", "mentor_share", "contact_share",
                            "alliance_share", "pairing_share", "chain_share"],
         "single-watcher": ["org_id", "person_id"], "stars": ["org_id", "agrees"],
         "bridges": ["org_id", "betweenness"],
         "chains": ["members", "villages", "enterprises"], "pairings": ["org_a", "org_b"]}
_HEADLINE_KEEP = ("coverage-gaps", "mentor-load", "star-progress", "alliances", "unallied")


def _compact(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with its text in Arrow strings: kept for the answers, these columns
    (4 million ids at nation) must not weigh on the pipeline's measured memory."""
    return pd.DataFrame({c: df[c].astype("string[pyarrow]") if df[c].dtype == object else df[c].copy()
                         for c in df.columns})


def real_answers(frames: dict[str, pd.DataFrame]) -> dict:
    """The figures of :func:`benchmarks.naive.answers` from the analyses' frames, and those of
    :func:`benchmarks.naive_full.answers` for each further export present in ``frames``."""
    from benchmarks.naive import digest

    gaps, load = frames["coverage-gaps"], frames["mentor-load"]
    prog = frames["star-progress"].set_index("target")
    allies, lonely = frames["alliances"], frames["unallied"]
    over = load.loc[load["status"] == "over", "person_id"].astype(str)
    out = {
        "uncovered": len(gaps), "uncovered_ids": digest(gaps["org_id"].astype(str)),
        "first_uncovered": None if gaps.empty else str(gaps["org_id"].iloc[0]),
        "people_watching": len(load), "over_capacity": len(over), "over_ids": digest(over),
        "mix_broken": int(((load["mentored"] > 0) & ~load["mix_ok"].astype(bool)).sum()),
        "at6": int(prog.loc["6+", "at_target"]), "at8": int(prog.loc["8+", "at_target"]),
        "alliances": len(allies), "memberships": int(allies["members"].sum()),
        "islands": int(allies["island"].astype(bool).sum()),
        "unallied": len(lonely), "unallied_ids": digest(lonely["org_id"].astype(str)),
        "gaps_missing": digest(f"{o}:{m}" for o, m in zip(gaps["org_id"], gaps["missing"])),
        "star_gaps": "/".join(str(int(v)) for v in prog["count_gap"]),
    }
    if "coverage-rates" in frames:
        rates = frames["coverage-rates"]
        out.update(rates_groups=len(rates), rates_watched=int(rates["watched"].sum()))
        for d in ("mentor", "contact", "alliance", "pairing", "chain"):
            out[f"rates_{d}"] = int(sum(round(float(s) * int(n)) for s, n in
                                        zip(rates[f"{d}_share"], rates["organisations"])))
    if "single-watcher" in frames:
        sw = frames["single-watcher"]
        out.update(single_watcher=len(sw), single_watcher_ids=digest(
            f"{o}:{p}" for o, p in zip(sw["org_id"], sw["person_id"])))
    if "stars" in frames:
        agrees = frames["stars"]["agrees"].astype("boolean")
        wrong = frames["stars"].loc[agrees.eq(False).fillna(False).astype(bool), "org_id"]
        out.update(star_disagree=len(wrong), star_disagree_ids=digest(wrong.astype(str)),
                   star_unchecked=int(agrees.isna().sum()))
    if "chains" in frames:
        ch = frames["chains"]
        out.update(chains=len(ch), chain_members=int(ch["members"].sum()),
                   chain_villages=int(ch["villages"].sum()),
                   chain_enterprises=int(ch["enterprises"].sum()))
    if "pairings" in frames:
        pw = frames["pairings"]
        out.update(pairings_active=len(pw), pairings_ids=digest(
            f"{a}>{b}" for a, b in zip(pw["org_a"], pw["org_b"])))
    if "bridges" in frames:
        br = frames["bridges"]
        out.update(bridges_listed=len(br), bridges_ids=digest(br["org_id"].astype(str)),
                   bridges_top=None if br.empty else str(br["org_id"].iloc[0]),
                   bridges_top_betweenness=None if br.empty
                   else round(float(br["betweenness"].iloc[0]), 9))
    return out


@register("export_all", "every export written as CSV (queries.export.export_all, incl. the proposal)")
def _export_all(ctx: Context, store: Any) -> dict:
    from queries.export import export_all

    out = Path(ctx.workdir) / "export_all"
    shutil.rmtree(out, ignore_errors=True)
    paths = export_all(store, out, fmt="csv")
    rows = 0
    for p in paths:  # data rows written (lines minus the header; no field holds a newline)
        with p.open("rb") as fh:
            rows += sum(1 for _ in fh) - 1
    return {"rows": rows, "files": len(paths)}


def _pipeline(ctx: Context, folder: Path, exports: list[str], tag: str) -> dict:
    from graphmodel import open_store
    from loaders.load import load_path
    from queries.export import analysis_table, write_table

    out = ctx.workdir / f"{tag}-exports"
    shutil.rmtree(out, ignore_errors=True)
    parts, keep = {}, {}
    t0 = time.perf_counter()
    store = open_store(_fresh(ctx.workdir / f"{tag}.lbug"))
    # the rows a planner's checks reject are counted, not a reason to stop the timing
    res = load_path(store, folder, accept_rejects=True)
    read, rejected = res.rows_read, res.rows_rejected
    del res  # its validation holds every clean table: a planner's run does not keep them
    parts["load"] = round(time.perf_counter() - t0, 3)
    errors = {}
    for name in exports:
        t = time.perf_counter()
        try:  # what queries.export.export does: the analysis, then its file
            entry, df, values = analysis_table(store, name)
            write_table(df, out / f"{name}.csv", lang="zh", title=entry.title("zh"),
                        labels=entry.labels, values=values)
        except Exception as exc:  # recorded, and the pipeline counts as failed
            errors[name] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
            continue
        finally:
            store.release()  # as export_all does
            parts[name] = round(time.perf_counter() - t, 3)
        if name in _KEEP:
            keep[name] = _compact(df[_KEEP[name]])
        del df
    store.close()
    fig = {"rows": read, "rejected": rejected, "files": len(exports) - len(errors),
           "parts": parts}
    if errors:
        fig["errors"] = errors
    if all(k in keep for k in _HEADLINE_KEEP):
        fig["answers"] = real_answers(keep)
    return fig


@register("pipeline", "PIPELINE: load the CSV folder + every analysis + every export (CSV), "
          "one process", group="pipeline", prepare=csv_folder)
def _full(ctx: Context, folder: Path) -> dict:
    from queries.export import available_exports

    return _pipeline(ctx, folder, available_exports(), "pipeline")


@register("pipeline_headline", "pipeline, headline analyses only (those the baseline computes): "
          "load + " + ", ".join(HEADLINE) + " + their CSVs", group="pipeline", prepare=csv_folder)
def _headline(ctx: Context, folder: Path) -> dict:
    return _pipeline(ctx, folder, list(HEADLINE), "headline")


@register("naive_pipeline", "NAIVE BASELINE: csv module -> networkx DiGraph -> Python loops -> "
          "csv module (benchmarks.naive)", group="baseline", prepare=csv_folder, max_scale=10)
def _naive(ctx: Context, folder: Path) -> dict:
    from benchmarks.naive import naive_pipeline

    out = ctx.workdir / "naive-exports"
    shutil.rmtree(out, ignore_errors=True)
    return naive_pipeline(folder, out)


@register("naive_full", "NAIVE BASELINE, FULL PARITY: the same, for every export but the "
          "proposal (benchmarks.naive_full); betweenness above "
          "20,000 nodes timed on a sample of sources and extrapolated", group="baseline",
          prepare=csv_folder, max_scale=10)
def _naive_full(ctx: Context, folder: Path) -> dict:
    from benchmarks.naive_full import naive_full

    out = ctx.workdir / "naive-full-exports"
    shutil.rmtree(out, ignore_errors=True)
    # check=True: where betweenness runs in full, a sample is timed too, to see how far
    # the extrapolation used at larger scales is off (its seconds are in "spent_seconds")
    return naive_full(folder, out, seed=ctx.seed, check=True)


#: (baseline step, pipeline step) pairs whose answers are compared.
COMPARED = (("naive_pipeline", "pipeline_headline"), ("naive_pipeline", "pipeline"),
            ("naive_full", "pipeline"), ("duckdb_headline", "pipeline_headline"),
            ("duckdb_full", "pipeline"))


def agreement(steps: dict[str, Any]) -> dict[str, Any]:
    """Compare each baseline's answers with the pipeline steps' (:data:`COMPARED`).

    Every figure the baseline gives is compared; a pipeline's figures the
    baseline does not give (the bridges, when the baseline's betweenness was
    extrapolated; everything beyond the headline for ``naive_pipeline``) are not.

    Returns
    -------
    dict: "<baseline> vs <pipeline>" -> {"figures": how many compared,
    "differ": {key: [baseline, pipeline]}, "not_compared": [keys]}; only pairs
    where both have answers.
    """
    out = {}
    for base_name, name in COMPARED:
        base = steps.get(base_name, {}).get("answers")
        real = steps.get(name, {}).get("answers")
        if not base or not real:
            continue
        out[f"{base_name} vs {name}"] = {
            "figures": len(base),
            "differ": {k: [base[k], real.get(k)] for k in sorted(base) if base[k] != real.get(k)},
            "not_compared": sorted(set(real) - set(base))}
    return out
