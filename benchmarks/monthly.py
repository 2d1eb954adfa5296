"""The monthly cycle at city scale: 24 month-end snapshots of the demo city.

    python -m benchmarks.monthly [--months 24] [--work DIR]

Loads 24 month ends (the demo city set back month by month, :func:`loaders.demo_months.
set_back`, so every month differs) through :class:`loaders.month.Month` as a load does,
then times, each in a fresh ``branchgraph`` process as a planner runs it: ``history``,
``export changes`` between the first and the last month (cold: neither month built) and
between two neighbouring months, ``query trends`` and ``warnings``. Prints wall and CPU seconds (of the child process) and the
storage: the store, the snapshots' Parquet, the built past months.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _size(paths) -> int:
    return sum(p.stat().st_size for p in paths if p.is_file())


def _timed(args: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one ``branchgraph`` child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "branchgraph", *args], check=True,
                   stdout=subprocess.DEVNULL, env={**os.environ, "BRANCHGRAPH_LANG": "zh"})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--months", type=int, default=24)
    ap.add_argument("--work", default=None)
    a = ap.parse_args()
    from graphmodel import open_store
    from graphmodel.history import history_for
    from loaders import contract
    from loaders.demo import generate
    from loaders.demo_months import month_ends, set_back
    from loaders.month import Month
    from queries.months import remember

    work = Path(a.work or tempfile.mkdtemp(prefix="bg-monthly-"))
    store = open_store(work / "city.lbug")
    data = generate(seed=0)
    days = month_ends(_dt.date(2026, 12, 6), a.months)[::-1]
    loads = []
    for back, day in zip(range(a.months - 1, -1, -1), days):
        tables = contract.graph_tables(set_back(data, min(back, 15)))
        t0, c0 = time.perf_counter(), time.process_time()
        _, snap = Month.of(store, day).write(tables, source=f"city {day}", rows_read=1,
                                             rows_rejected=0)
        remember(store, snap)  # as `branchgraph load` does: the month's figures, once
        loads.append((time.perf_counter() - t0, time.process_time() - c0))
    store.close()
    history = history_for(work / "city.lbug")
    parquet = _size(history.folder.glob("*/*.parquet"))
    s = str(work / "city.lbug")
    rows = [("load a month (mean of %d; the newest replaces the store)" % a.months,
             sum(w for w, _ in loads) / len(loads), sum(c for _, c in loads) / len(loads))]
    rows.append(("history", *_timed(["history", "--store", s])))
    rows.append(("export changes, first -> last month (cold)",
                 *_timed(["export", "changes", "-p", f"from={days[0]}", "-p", f"to={days[-1]}",
                          "--out", str(work / "c1.csv"), "--store", s])))
    rows.append(("export changes, month 12 -> 13 (cold)",
                 *_timed(["export", "changes", "-p", f"from={days[11]}", "-p", f"to={days[12]}",
                          "--out", str(work / "c2.csv"), "--store", s])))
    rows.append(("export changes, month 12 -> 13 (again: both built)",
                 *_timed(["export", "changes", "-p", f"from={days[11]}", "-p", f"to={days[12]}",
                          "--out", str(work / "c3.csv"), "--store", s])))
    rows.append(("query trends (every month's figures, kept by its load)",
                 *_timed(["query", "trends", "--store", s])))
    rows.append(("warnings (newest month, %d months of history)" % a.months,
                 *_timed(["warnings", "--store", s])))
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; work {work}")
    print(f"{'step':<62} {'wall s':>7} {'CPU s':>7}")
    for name, wall, cpu in rows:
        print(f"{name:<62} {wall:>7.2f} {cpu:>7.2f}")
    store_mb = _size((work).glob("city.lbug*")) / 1e6
    built = _size(history.folder.glob("*/graph.lbug*")) / 1e6
    print(f"store {store_mb:.1f} MB; {a.months} snapshots' Parquet {parquet / 1e6:.1f} MB "
          f"({parquet / 1e6 / a.months:.2f} MB a month); built past months {built:.1f} MB; "
          f"memo files {_size(history.folder.glob('*/memo-*')) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
