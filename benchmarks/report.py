"""Render ``benchmarks/results.json`` into the results section of BENCHMARKS.md.

Per scale: the machine, the rows, one table of every step (wall, CPU, peak RSS),
the seconds of each part of the ``pipeline`` step, whether the naive baseline's
answers agree with the pipeline's, and each goal with met / NOT met:

* the CSV load (``load_csv``): city < 3 s, province < 15 s, nation < 60 s and < 8 GB;
* side by side with the DuckDB program a data engineer would write
  (:mod:`benchmarks.duckdb_baseline`), ratios from one run: ``pipeline_headline``
  within 2x of ``duckdb_headline`` at province and nation; ``pipeline`` beside
  ``duckdb_full``; the load (``load_csv``) within 1.3x of LadybugDB's raw COPY of
  the same validated tables (``raw_copy``); the next month's load with 2% of the
  organisations changed (``reload``) at most 25% of a full load;
* the naive baselines' comparison, printed (the 20x goal against them is retired:
  it rested on networkx betweenness alone);
* the proposal (``propose``) at province < 30 s;
* the full pipeline at nation < 60 s and < 8 GB.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["LOAD_GOALS", "NATION_GB", "DUCKDB_GOAL", "COPY_GOAL", "RELOAD_GOAL", "PROPOSAL_GOAL",
           "naive_full_seconds", "render", "write_report"]

#: Goals for the CSV load (read + validate + store write), seconds; and GB at nation scale.
LOAD_GOALS = {"city": 3.0, "province": 15.0, "nation": 60.0}
NATION_GB = 8.0
#: The headline pipeline at most this many times the DuckDB program's time (province, nation).
DUCKDB_GOAL = 2.0
#: The load at most this many times LadybugDB's raw COPY of the same validated tables.
COPY_GOAL = 1.3
#: The next month's load (2% of the organisations changed) at most this share of a full load.
RELOAD_GOAL = 0.25
#: The proposal at province scale, seconds.
PROPOSAL_GOAL = 30.0
#: The full pipeline at nation scale, seconds (and NATION_GB).
NATION_PIPELINE_GOAL = 60.0

MARK_BEGIN = "<!-- results:begin -->"
MARK_END = "<!-- results:end -->"
_SHOWN = ("uncovered", "over_capacity", "mix_broken", "at6", "alliances", "unallied",
          "single_watcher", "star_disagree", "chains", "pairings_active")


def _met(ok: bool) -> str:
    return "**met**" if ok else "**NOT met**"


def _notes(name: str, fig: dict, label: str, when: str = "") -> str:
    notes = []
    if "estimated_seconds" in fig:
        notes.append(f"estimated {fig['estimated_seconds']:,} s for all {fig['rows']:,} rows "
                     f"(measured {fig['sample_rows']:,} rows in {fig['sample_seconds']} s)")
    bw = fig.get("betweenness")
    if bw:
        if bw["mode"] == "exact":
            text = f"betweenness exact on {bw['nodes']:,} nodes in {bw['seconds']:.1f} s"
            if "extrapolation_error" in bw:
                text += (f" (a {bw['sample_sources']}-source sample extrapolates to "
                         f"{bw['extrapolated_seconds']:,} s: {bw['extrapolation_error']:+.0%})")
        else:
            text = (f"betweenness EXTRAPOLATED: {bw['sample_sources']} of {bw['nodes']:,} sources "
                    f"in {bw['sample_seconds']} s -> estimated {bw['seconds']:,} s")
        total, _ = naive_full_seconds(fig)
        notes.append(f"{text}; with it the baseline takes {total:,.1f} s")
    if "rejected" in fig:
        notes.append(f"{fig['rows']:,} rows read, {fig['rejected']} rejected")
    if "files" in fig:
        notes.append(f"{fig['files']} CSV files")
    if fig.get("left_out"):
        notes.append("NOT RUN: " + "; ".join(f"{k} ({v})" for k, v in fig["left_out"].items()))
    if fig.get("errors"):
        notes.append("**FAILED** — " + "; ".join(f"{k}: {v}" for k, v in fig["errors"].items()))
    if "answers" in fig:
        ans = fig["answers"]
        notes.append(", ".join(f"{k} {ans[k]:,}" for k in _SHOWN if k in ans))
    if fig.get("measured") and fig["measured"] != when:
        notes.append(f"measured in an earlier run, {fig['measured']}")
    if name == "load_csv" and label in LOAD_GOALS:
        ok = fig["seconds"] < LOAD_GOALS[label]
        goal = f"goal < {LOAD_GOALS[label]:g} s"
        if label == "nation":
            ok = ok and fig["peak_rss_mb"] < NATION_GB * 1024
            goal += f" and < {NATION_GB:g} GB"
        notes.append(f"{goal}: {_met(ok)}")
    return "; ".join(notes)


def _table(r: dict, titles: dict) -> list[str]:
    lines = ["| step | wall s | CPU s | peak RSS MB | RSS before step MB | notes |",
             "|---|---:|---:|---:|---:|---|"]
    order = [n for n in titles if n in r["steps"]] + [n for n in r["steps"] if n not in titles]
    for name in order:  # registry order, whatever order partial runs merged them in
        fig = r["steps"][name]
        title = f"`{name}` — {titles.get(name, name)}"
        if "error" in fig or "skipped" in fig:
            note = fig.get("error") or fig["skipped"]
            if fig.get("measured") and fig["measured"] != r.get("when"):
                note += f" (earlier run, {fig['measured']})"
            lines.append(f"| {title} | – | – | – | – | {note} |")
            continue
        lines.append(f"| {title} | {fig['seconds']:.2f} | {fig.get('cpu_seconds', 0):.2f} | "
                     f"{fig['peak_rss_mb']:,.0f} | {fig['rss_before_mb']:,.0f} | "
                     f"{_notes(name, fig, r.get('label', ''), r.get('when', ''))} |")
    return lines


def _parts(fig: dict) -> str:
    parts = fig.get("parts") or {}
    total = sum(parts.values()) or 1.0
    ranked = sorted(parts.items(), key=lambda kv: -kv[1])
    return ", ".join(f"{k} {v:.2f} s ({v / total:.0%})" for k, v in ranked)


def naive_full_seconds(fig: dict) -> tuple[float, float]:
    """Wall and CPU seconds of the ``naive_full`` step with a full betweenness run.

    The step's measured seconds, less what it spent on betweenness (the exact run,
    the timed sample, or both), plus what one full run costs (measured, or
    extrapolated from the sample).
    """
    bw = fig.get("betweenness") or {}
    wall = fig["seconds"] - bw.get("spent_seconds", 0.0) + bw.get("seconds", 0.0)
    cpu = fig.get("cpu_seconds", 0.0) - bw.get("spent_cpu_seconds", 0.0) + bw.get("cpu_seconds", 0.0)
    return wall, cpu


def _speedup(label: str, steps: dict) -> list[str]:
    out = []
    naive, full = steps.get("naive_full", {}), steps.get("pipeline", {})
    if "seconds" in naive and "seconds" in full and not full.get("errors"):
        wall, cpu = naive_full_seconds(naive)
        bw = naive.get("betweenness") or {}
        how = "extrapolated" if bw.get("mode") == "extrapolated" else "measured"
        x = wall / full["seconds"]
        xc = cpu / max(full.get("cpu_seconds", 0), 1e-9)
        line = (f"- speed-up of `pipeline` over the full-parity baseline `naive_full`: "
                f"{wall:,.2f} s (betweenness {bw.get('seconds', 0):,.1f} s, {how}) / "
                f"{full['seconds']:.2f} s = **{x:.2f}×** wall ({xc:.2f}× CPU)")
        out.append(line)
        rest = wall - bw.get("seconds", 0.0)
        same = full["seconds"] - full.get("parts", {}).get("proposals", 0.0)
        out.append(f"- the same without the betweenness part (and without the pipeline's proposal, "
                   f"which the baseline does not compute): {rest:,.2f} s / {same:.2f} s = "
                   f"**{rest / same:.2f}×** wall (so {bw.get('seconds', 0) / wall:.1%} of the "
                   f"baseline's time is betweenness)")
    elif "skipped" in naive or "error" in naive:
        out.append(f"- full-parity baseline: {naive.get('skipped') or naive.get('error')}")
    head, headline = steps.get("naive_pipeline", {}), steps.get("pipeline_headline", {})
    if "seconds" in head and "seconds" in headline and not headline.get("errors"):
        x = head["seconds"] / headline["seconds"]
        xc = head.get("cpu_seconds", 0) / max(headline.get("cpu_seconds", 0), 1e-9)
        out.append(f"- headline only: `pipeline_headline` over `naive_pipeline`: {head['seconds']:.2f} s / "
                   f"{headline['seconds']:.2f} s = **{x:.2f}×** wall ({xc:.2f}× CPU)")
    return out


def _ratio_row(work: str, ours: dict, theirs: dict, name: str, base: str) -> tuple[str, float | None]:
    """One row of the side-by-side table, and the wall ratio (None when not measured)."""
    if "seconds" not in ours or "seconds" not in theirs:
        why = ours.get("error") or ours.get("skipped") or theirs.get("error") or theirs.get("skipped")
        return f"| {work} | `{name}` | – | – | – | `{base}` | – | – | – | {why or 'not measured'} |", None
    x = ours["seconds"] / theirs["seconds"]
    xc = ours.get("cpu_seconds", 0) / max(theirs.get("cpu_seconds", 0), 1e-9)
    return (f"| {work} | `{name}` | {ours['seconds']:.2f} | {ours.get('cpu_seconds', 0):.2f} | "
            f"{ours['peak_rss_mb']:,.0f} | `{base}` | {theirs['seconds']:.2f} | "
            f"{theirs.get('cpu_seconds', 0):.2f} | {theirs['peak_rss_mb']:,.0f} | "
            f"**{x:.2f}×** wall, {xc:.2f}× CPU |"), x


def side_by_side(label: str, steps: dict) -> list[str]:
    """The table against the DuckDB program and LadybugDB's floor, and its goals."""
    pairs = (("headline: load + coverage gaps, mentor load, stars, alliances, unallied + CSVs",
              "pipeline_headline", "duckdb_headline"),
             ("every export (the pipeline also proposes, where it runs)", "pipeline", "duckdb_full"),
             ("load: read + validate + store write, against the raw COPY", "load_csv", "raw_copy"),
             ("next month's load, 2% of organisations changed, against a full load", "reload",
              "load_csv"))
    lines = ["| work | branchgraph | wall s | CPU s | peak RSS MB | baseline | wall s | CPU s | "
             "peak RSS MB | ratio |", "|---|---|---:|---:|---:|---|---:|---:|---:|---|"]
    ratios = {}
    for work, name, base in pairs:
        if name not in steps and base not in steps:
            continue
        row, ratios[name] = _ratio_row(work, steps.get(name, {}), steps.get(base, {}), name, base)
        lines.append(row)
    if len(lines) == 2:
        return []
    goals = []
    x = ratios.get("pipeline_headline")
    if label in ("province", "nation"):
        goals.append(f"- headline within {DUCKDB_GOAL:g}× of the DuckDB program: "
                     + (f"{x:.2f}×: {_met(x <= DUCKDB_GOAL)}" if x else "**not judged** (not measured)"))
    full = steps.get("pipeline", {})
    if ratios.get("pipeline") and full.get("parts", {}).get("proposals") is not None:
        same = full["seconds"] - full["parts"]["proposals"]
        goals.append(f"- every export without the proposal (which the DuckDB program does not "
                     f"compute): {same:.2f} s / {steps['duckdb_full']['seconds']:.2f} s = "
                     f"{same / steps['duckdb_full']['seconds']:.2f}×")
    if ratios.get("load_csv"):
        goals.append(f"- load within {COPY_GOAL:g}× of the raw COPY: {ratios['load_csv']:.2f}×: "
                     f"{_met(ratios['load_csv'] <= COPY_GOAL)}")
    if ratios.get("reload"):
        goals.append(f"- next month's load at most {RELOAD_GOAL:.0%} of a full load: "
                     f"{ratios['reload']:.0%}: {_met(ratios['reload'] <= RELOAD_GOAL)}")
    return ["Side by side (ratios from this run):", "", *lines, "", *goals, ""]


def _goals(label: str, steps: dict, agreement: dict) -> list[str]:
    out = _speedup(label, steps)
    full = steps.get("pipeline", {})
    for name, agr in agreement.items():
        ok = not agr["differ"]
        pair = name if " vs " in name else f"naive_pipeline vs {name}"  # older results
        line = (f"- answers of {' vs '.join(f'`{p}`' for p in pair.split(' vs '))}: "
                f"{agr['figures'] - len(agr['differ'])} of {agr['figures']} figures agree"
                + ("" if ok else f" — DIFFER: {agr['differ']}"))
        if agr.get("not_compared") and pair.startswith("naive_full"):
            line += f" (not compared: {', '.join(agr['not_compared'])})"
        out.append(line)
    prop = steps.get("propose", {})
    if label == "province" and prop:
        if "seconds" in prop:
            out.append(f"- proposal (`propose`) at province: {prop['seconds']:.2f} s; goal < "
                       f"{PROPOSAL_GOAL:g} s: {_met(prop['seconds'] < PROPOSAL_GOAL)}")
        else:
            out.append(f"- proposal (`propose`) at province: {prop.get('error')}; goal < "
                       f"{PROPOSAL_GOAL:g} s: {_met(False)}")
    if label == "nation" and full:
        if full.get("errors"):
            out.append(f"- full pipeline at nation: ran {full['seconds']:.1f} s, "
                       f"{full['peak_rss_mb'] / 1024:.1f} GB, but FAILED in {', '.join(full['errors'])}; "
                       f"goal < {NATION_PIPELINE_GOAL:g} s and < {NATION_GB:g} GB: {_met(False)}")
        elif "seconds" in full:
            ok = full["seconds"] < NATION_PIPELINE_GOAL and full["peak_rss_mb"] < NATION_GB * 1024
            gap = ""
            if full.get("left_out"):  # a pipeline missing a part cannot meet the goal
                ok, gap = False, f" without {', '.join(full['left_out'])}"
            out.append(f"- full pipeline at nation{gap}: {full['seconds']:.1f} s, "
                       f"{full['peak_rss_mb'] / 1024:.1f} GB; goal < {NATION_PIPELINE_GOAL:g} s "
                       f"and < {NATION_GB:g} GB: {_met(ok)}")
        else:
            out.append(f"- full pipeline at nation: {full.get('error') or full.get('skipped')}; "
                       f"goal < {NATION_PIPELINE_GOAL:g} s and < {NATION_GB:g} GB: {_met(False)}")
    return out


def render(results: dict) -> str:
    """The results section of BENCHMARKS.md (between the markers)."""
    from benchmarks.steps import STEPS

    titles = {name: s.title for name, s in STEPS.items()}
    lines = []
    for label in ("city", "province", "nation"):
        r = results.get(label)
        if not r:
            continue
        m, rows = r["machine"], r["rows"]
        lines += [f"### {label} (scale {r['scale']:g}) — measured {r['when']}", "",
                  f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['ram_gb']} GB RAM, Python {m['python']}; "
                  f"load average when the run started: {', '.join(map(str, m['loadavg']))}.", "",
                  f"Rows: {sum(rows.values()):,} in all — "
                  + ", ".join(f"{k} {v:,}" for k, v in rows.items()) + ".", ""]
        lines += _table({**r, "label": label}, titles)
        lines.append("")
        full = r["steps"].get("pipeline", {})
        if full.get("parts"):
            lines += [f"Parts of `pipeline` (wall): {_parts(full)}.", ""]
        base = r["steps"].get("naive_full", {})
        if base.get("parts"):
            lines += [f"Parts of `naive_full` (wall, as measured): {_parts(base)}.", ""]
        lines += side_by_side(label, r["steps"])
        goals = _goals(label, r["steps"], r.get("agreement", {}))
        if goals:
            lines += ["Goals and checks:", "", *goals, ""]
    return "\n".join(lines)


def write_report(results: dict, report: Path) -> None:
    """Replace the text between the markers of ``report`` with :func:`render`."""
    text = report.read_text(encoding="utf-8") if report.exists() else f"# Benchmarks\n\n{MARK_BEGIN}\n{MARK_END}\n"
    head, _, rest = text.partition(MARK_BEGIN)
    _, _, tail = rest.partition(MARK_END)
    report.write_text(f"{head}{MARK_BEGIN}\n{render(results)}\n{MARK_END}{tail}", encoding="utf-8")
