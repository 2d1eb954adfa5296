"""Time every dashboard page in a real browser, first visit after start and the next.

    python -m benchmarks.dashboard_pages --scale 10

Builds the demo graph at ``--scale`` into a store under ``--workdir`` (once), starts
the dashboard on it (as ``branchgraph dashboard`` does), and opens each page in
headless Debian Chromium: the first visit after the server started (the page's
analyses computed), then a second visit in a fresh tab (their results cached). A
visit counts from the navigation until the page has drawn and no script run is in
progress. Beside the wall seconds it reports the CPU seconds the server spent
(user + system, from /proc), since the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _cpu(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _store(scale: float, workdir: Path) -> Path:
    from graphmodel import open_store
    from loaders.contract import graph_tables
    from loaders.demo import generate

    path = workdir / f"scale-{scale:g}.lbug"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with open_store(path) as s:
            s.replace_graph(graph_tables(generate(seed=0, scale=scale)), source="bench")
    return path


def _visit(browser, url: str, pid: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    from tests.dashboard_server import wait_idle

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    cpu, t = _cpu(pid), time.perf_counter()
    page.goto(url)
    wait_idle(page, 600_000)
    wall = time.perf_counter() - t
    if page.locator('[data-testid="stException"]').count():
        raise SystemExit(f"{url}: the page showed an error")
    page.close()
    return wall, _cpu(pid) - cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=10.0)
    ap.add_argument("--workdir", default="/tmp/branchgraph-bench/pages")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))

    from playwright.sync_api import sync_playwright

    from branchgraph.launcher import launch, wait_until_up
    from dashboard.views import discover
    from tests.dashboard_server import free_port, launch_browser

    store = _store(args.scale, Path(args.workdir))
    pages = [(p.title("zh"), "" if i == 0 else p.url) for i, (p, _) in enumerate(discover())]
    port = free_port()
    with open(Path(args.workdir) / "server.log", "wb") as log:
        proc = launch(str(store), "127.0.0.1", port, wait=False, env={"BRANCHGRAPH_LANG": "zh"},
                      output=log)
        try:
            wait_until_up("127.0.0.1", port, proc, timeout=120)
            rows = []
            with sync_playwright() as pw:
                browser = launch_browser(pw)
                for title, path in pages:
                    url = f"http://127.0.0.1:{port}/{path}"
                    rows.append((title, *_visit(browser, url, proc.pid), *_visit(browser, url, proc.pid)))
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(f"scale {args.scale:g}: {store}")
    print("| page | first visit s | server CPU s | next visit s | server CPU s |")
    print("|---|---:|---:|---:|---:|")
    for title, w1, c1, w2, c2 in rows:
        print(f"| {title} | {w1:.2f} | {c1:.2f} | {w2:.2f} | {c2:.2f} |")


if __name__ == "__main__":
    main()
