"""Benchmark steps for the mentor proposal and the what-if (queries.proposals, queries.whatif).

Registered into :data:`benchmarks.steps.STEPS` when imported (the runner needs
``import benchmarks.bench_proposals`` next to its own steps). Also runs alone::

    python -m benchmarks.bench_proposals --scale city
    python -m benchmarks.bench_proposals --scale province --cross

which builds the demo graph in a temporary store (untimed) and prints the
seconds of each part: reading the snapshot, solving, the whole ``propose``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.steps import Context, register


@register("propose", "analysis: exact mentor proposal, the proposals export (queries.proposals.propose)")
def _propose(ctx: Context, store: Any) -> dict:
    from queries.proposals import propose

    p = propose(store)
    return {"rows": len(p.links) + len(p.uncovered), "covered": len(p.links),
            "places": p.before["places"]}


@register("propose_cross", "analysis: proposal across counties (propose allow_cross_county)")
def _propose_cross(ctx: Context, store: Any) -> dict:
    from queries.proposals import propose

    p = propose(store, allow_cross_county=True)
    return {"rows": len(p.links) + len(p.uncovered), "covered": len(p.links)}


@register("whatif", "analysis: what-if, ten people leave (queries.whatif.whatif)")
def _whatif(ctx: Context, store: Any) -> int:
    from queries.mentors import mentor_load
    from queries.whatif import whatif

    people = mentor_load(store).person_id.head(10).tolist()
    return len(whatif(store, remove_people=people).orphaned)


def main(argv: list[str] | None = None) -> None:
    from graphmodel import open_store
    from loaders import contract, demo
    from queries.assign_inputs import snapshot
    from queries.proposals import propose_on

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", default="city", help="city, province, nation or a number")
    ap.add_argument("--cross", action="store_true", help="also time allow_cross_county")
    a = ap.parse_args(argv)
    data = demo.generate(seed=0, scale=demo.scale_value(a.scale))
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.lbug")
        store.replace_graph(contract.graph_tables(data), source="bench")
        t0 = time.perf_counter()
        snap = snapshot(store)
        t1 = time.perf_counter()
        print(f"snapshot: {t1 - t0:.2f} s")
        for cross in (False, True) if a.cross else (False,):
            t2 = time.perf_counter()
            p = propose_on(snap, allow_cross_county=cross)
            t3 = time.perf_counter()
            print(f"solve (cross={cross}): {t3 - t2:.2f} s; {len(p.links)} links, "
                  f"{len(p.uncovered)} open, places {p.before['places']}")
        store.close()


if __name__ == "__main__":
    main()
