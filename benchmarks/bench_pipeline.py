"""The end-to-end pipeline and the naive baseline it is compared with.

* ``export_all`` — :func:`queries.export.export_all` on the loaded store: every
  analysis again plus translating and writing its CSV into a fresh folder.
* ``pipeline`` — what a planner's run costs, in one process: load the CSV folder
  into a new LadybugDB store (:func:`loaders.load.load_path`: read, validate,
  store write), run **every** analysis of :data:`queries.export.EXPORTS` (the
  proposal included) and write each as a CSV file. The seconds of each part are
  kept (``parts``) so the report can say what dominates.
* ``pipeline_headline`` — the same, but only the analyses the naive baseline
  also computes (coverage gaps, mentor load, star distribution and targets,
  alliances, unallied): the like-for-like comparison.
* ``naive_pipeline`` — :mod:`benchmarks.naive`: csv module -> networkx DiGraph ->
  Python loops -> csv module, the same folder, the same day.

A failing analysis does not stop the pipeline step: its error is recorded under
``errors`` (and the report marks the pipeline as failed), the others still run.
Each returns ``answers`` (counts and id-set fingerprints: uncovered branches,
people over capacity, broken mixes, 6+/8+ stars, alliances, memberships,
islands, unallied); the runner compares the baseline's with the pipelines' and
records whether they agree (:func:`agreement`).
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pandas as pd

from benchmarks.steps import Context, _fresh, csv_folder, register

__all__ = ["HEADLINE", "agreement", "real_answers"]

#: The exports whose analyses the naive baseline computes too.
HEADLINE = ("coverage-gaps", "mentor-load", "star-distribution", "star-progress", "alliances",
            "unallied")
#: Columns kept from each frame for the answers (the rest is dropped at once).
_KEEP = {"coverage-gaps": ["org_id"], "mentor-load": ["person_id", "status", "mentored", "mix_ok"],
         "star-progress": ["target", "at_target"], "alliances": ["members", "island"],
         "unallied": ["org_id"]}


def real_answers(frames: dict[str, pd.DataFrame]) -> dict:
    """The figures of :func:`benchmarks.naive.answers`, from the analyses' frames."""
    from benchmarks.naive import digest

    gaps, load = frames["coverage-gaps"], frames["mentor-load"]
    prog = frames["star-progress"].set_index("target")["at_target"]
    allies, lonely = frames["alliances"], frames["unallied"]
    over = load.loc[load["status"] == "over", "person_id"].astype(str)
    return {
        "uncovered": len(gaps), "uncovered_ids": digest(gaps["org_id"].astype(str)),
        "first_uncovered": None if gaps.empty else str(gaps["org_id"].iloc[0]),
        "people_watching": len(load), "over_capacity": len(over), "over_ids": digest(over),
        "mix_broken": int(((load["mentored"] > 0) & ~load["mix_ok"].astype(bool)).sum()),
        "at6": int(prog["6+"]), "at8": int(prog["8+"]),
        "alliances": len(allies), "memberships": int(allies["members"].sum()),
        "islands": int(allies["island"].astype(bool).sum()),
        "unallied": len(lonely), "unallied_ids": digest(lonely["org_id"].astype(str)),
    }


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
    from queries.export import EXPORTS, run_export, write_table

    out = ctx.workdir / f"{tag}-exports"
    shutil.rmtree(out, ignore_errors=True)
    parts, keep = {}, {}
    t0 = time.perf_counter()
    store = open_store(_fresh(ctx.workdir / f"{tag}.lbug"))
    res = load_path(store, folder)
    parts["load"] = round(time.perf_counter() - t0, 3)
    errors = {}
    for name in exports:
        t = time.perf_counter()
        entry = EXPORTS[name]
        try:  # what queries.export.export does: the analysis, then its file
            df = run_export(store, name)
            write_table(df, out / f"{name}.csv", lang="zh", title=entry.title("zh"),
                        labels=entry.labels)
        except Exception as exc:  # recorded, and the pipeline counts as failed
            errors[name] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
            continue
        finally:
            parts[name] = round(time.perf_counter() - t, 3)
        if name in _KEEP:
            keep[name] = df[_KEEP[name]].copy()
        del df
    store.close()
    fig = {"rows": res.rows_read, "rejected": res.rows_rejected, "files": len(exports) - len(errors),
           "parts": parts}
    if errors:
        fig["errors"] = errors
    if all(k in keep for k in _KEEP):
        fig["answers"] = real_answers(keep)
    return fig


@register("pipeline", "PIPELINE: load the CSV folder + every analysis + every export (CSV), "
          "one process", group="pipeline", prepare=csv_folder)
def _full(ctx: Context, folder: Path) -> dict:
    from queries.export import EXPORTS

    return _pipeline(ctx, folder, list(EXPORTS), "pipeline")


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


def agreement(steps: dict[str, Any]) -> dict[str, Any]:
    """Compare ``naive_pipeline``'s answers with each pipeline step's.

    Returns
    -------
    dict: pipeline step -> {"figures": how many compared, "differ": {key: [naive, real]}};
    empty when the baseline or no pipeline has answers.
    """
    base = steps.get("naive_pipeline", {}).get("answers")
    if not base:
        return {}
    out = {}
    for name in ("pipeline", "pipeline_headline"):
        real = steps.get(name, {}).get("answers")
        if not real:
            continue
        keys = sorted(set(base) | set(real))
        out[name] = {"figures": len(keys),
                     "differ": {k: [base.get(k), real.get(k)] for k in keys
                                if base.get(k) != real.get(k)}}
    return out
