"""Time every dashboard page, cold and warm, at a given scale (server-side, AppTest).

    python -m benchmarks.dashboard_pages --scale 10

Builds the demo graph at ``--scale`` into a store under ``--workdir`` (once), then
runs the app with Streamlit's AppTest and switches to each page three times: the
first visit computes the page's analyses, the later ones hit the results cache
(``st.cache_data``). What a browser adds (drawing, the websocket) is not counted.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

PAGES = ["overview", "gaps", "mentors", "alliances", "proposals", "queries", "data"]
APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=10.0)
    ap.add_argument("--workdir", default="/tmp/branchgraph-bench/pages")
    args = ap.parse_args()

    from graphmodel import open_store
    from loaders.contract import graph_tables
    from loaders.demo import generate

    path = Path(args.workdir) / f"scale-{args.scale:g}.lbug"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with open_store(path) as s:
            s.replace_graph(graph_tables(generate(seed=0, scale=args.scale)), source="bench")
    os.environ["BRANCHGRAPH_STORE"] = str(path)

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=600)
    t = time.perf_counter()
    at.run()
    print(f"| app start (overview) | {time.perf_counter() - t:.2f} | | |")
    times: dict[str, list[float]] = {p: [] for p in PAGES}
    for _ in range(3):
        for page in PAGES:
            t = time.perf_counter()
            at.switch_page(f"views/{page}.py").run()
            times[page].append(time.perf_counter() - t)
            if at.exception or at.error:
                raise SystemExit(f"{page}: the page showed an error")
    print("| page | first visit s | second s | third s |\n|---|---:|---:|---:|")
    for page, ts in times.items():
        print(f"| {page} | " + " | ".join(f"{x:.2f}" for x in ts) + " |")


if __name__ == "__main__":
    main()
