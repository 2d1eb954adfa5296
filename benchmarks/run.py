"""Measure generating, writing and loading the demo data (and the analyses) at scale.

Usage (from the repository root)::

    python -m benchmarks.run                      # city and province
    python -m benchmarks.run --nation             # ... and the nation (long)
    python -m benchmarks.run --scale city --steps load_csv,replace_graph
    python -m benchmarks.run --scale nation --steps load_csv,pipeline   # some steps, one scale
    python -m benchmarks.run --list               # the registered steps

Each step of :data:`benchmarks.steps.STEPS` runs in a fresh subprocess: its
untimed ``prepare`` and then its timed ``run``. Wall time is measured around
``run`` inside the child; peak memory is the child's RSS high-water mark, read
with ``os.wait4`` (``resource``-style rusage of exactly that child), and the
child also reports its RSS high-water before the timed part. Results are merged
into ``benchmarks/results.json`` and rendered into ``BENCHMARKS.md``
(:mod:`benchmarks.report`, which also states the goals).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results.json"
REPORT = ROOT / "BENCHMARKS.md"


def machine() -> dict:
    """nproc, RAM and CPU model of this machine, and its load average now."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    ram = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "ram_gb": round(ram, 1), "cpu": model,
            "python": platform.python_version(), "loadavg": [round(x, 2) for x in os.getloadavg()]}


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(step_name: str, scale: float, seed: int, workdir: Path) -> None:
    """Run one step in this process and print its figures as one JSON line."""
    from benchmarks.steps import STEPS, Context

    step = STEPS[step_name]
    ctx = Context(scale=scale, seed=seed, workdir=workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    prepared = step.prepare(ctx)
    before = _maxrss_mb()
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    out = step.run(ctx, prepared)
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    if hasattr(prepared, "close"):
        prepared.close()
    fig = out if isinstance(out, dict) else {"rows": out}
    fig.update(seconds=round(seconds, 3), cpu_seconds=round(cpu, 3), rss_before_mb=round(before, 1))
    print(json.dumps(fig))


def _rss_gb(pid: int) -> float:
    """Resident set of process ``pid`` now, GB (0 when it cannot be read)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024 / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def measure(step_name: str, scale: float, seed: int, workdir: Path, timeout: float,
            max_rss_gb: float | None = None) -> dict:
    """Run ``step_name`` in a fresh subprocess; its figures plus ``peak_rss_mb``.

    The child is killed (and the step recorded as failed) after ``timeout``
    seconds, or as soon as its resident set passes ``max_rss_gb`` — so that a
    runaway step cannot take a shared machine's memory.
    """
    cmd = [sys.executable, "-m", "benchmarks.run", "--child", step_name, "--scale", repr(scale),
           "--seed", str(seed), "--workdir", str(workdir)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    started = time.monotonic()
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        took = time.monotonic() - started
        if took > timeout:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            return {"error": f"timed out after {timeout:.0f} s "
                             f"(peak RSS {usage.ru_maxrss / 1024 / 1024:.1f} GB)"}
        if max_rss_gb and _rss_gb(proc.pid) > max_rss_gb:
            proc.kill()
            os.wait4(proc.pid, 0)
            return {"error": f"killed by the runner after {took:.0f} s (incl. untimed set-up): "
                             f"resident memory passed {max_rss_gb:g} GB"}
        time.sleep(0.05)
    stdout, stderr = proc.stdout.read(), proc.stderr.read()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        last = (stderr.strip().splitlines() or ["?"])[-1]
        return {"error": f"exit {proc.returncode}: {last}"}
    fig = json.loads(stdout.strip().splitlines()[-1])
    fig["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
    return fig


def scale_rows(scale: float, seed: int) -> dict:
    """Rows per contract table at this scale (counted by generating once, in a child)."""
    code = ("import json,sys;from loaders.demo import generate;"
            f"d=generate(seed={seed},scale={scale!r});"
            "print(json.dumps({k:len(v) for k,v in d.items()}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def write_report(results: dict) -> None:
    from benchmarks.report import write_report as write

    write(results, REPORT)


def main(argv: list[str] | None = None) -> int:
    from benchmarks.bench_pipeline import agreement
    from benchmarks.steps import STEPS
    from loaders.demo import SCALES, scale_value

    ap = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", action="append", help="city, province, nation or a number (repeatable)")
    ap.add_argument("--nation", action="store_true", help="also run the nation scale (long)")
    ap.add_argument("--steps", help="comma-separated step names (default: all)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workdir", default="/tmp/branchgraph-bench", help="where data and stores go")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per step")
    ap.add_argument("--max-rss-gb", type=float, default=None,
                    help="kill a step whose resident memory passes this many GB (shared machines)")
    ap.add_argument("--no-report", action="store_true", help="do not touch results.json / BENCHMARKS.md")
    ap.add_argument("--reuse", action="store_true",
                    help="reuse the tables, CSV folder and store left in --workdir by an earlier run")
    ap.add_argument("--list", action="store_true", help="list the registered steps and exit")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        child(a.child, float(a.scale[0]), a.seed, Path(a.workdir))
        return 0
    if a.list:
        for s in STEPS.values():
            print(f"{s.name:16} [{s.group}] {s.title}")
        return 0
    labels = a.scale or ["city", "province"]
    if a.nation and "nation" not in labels:
        labels.append("nation")
    names = a.steps.split(",") if a.steps else list(STEPS)
    unknown = [n for n in names if n not in STEPS]
    if unknown:
        ap.error(f"unknown steps: {', '.join(unknown)} (see --list)")
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for label in labels:
        scale = scale_value(label)
        key = label if label in SCALES else f"scale {scale:g}"
        workdir = Path(a.workdir) / key.replace(" ", "-")
        if not a.reuse:  # artifacts of an earlier run may come from an older generator
            shutil.rmtree(workdir, ignore_errors=True)
        print(f"== {key}: counting rows", flush=True)
        entry = {"scale": scale, "when": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                 "machine": machine(), "rows": scale_rows(scale, a.seed), "steps": {}}
        old = results.get(key, {}).get("steps", {})
        for name in names:
            print(f"   {name} ...", end=" ", flush=True)
            cap = STEPS[name].max_scale
            if cap is not None and scale > cap:
                fig = {"skipped": f"not run above scale {cap:g}"}
            else:
                fig = measure(name, scale, a.seed, workdir, a.timeout, a.max_rss_gb)
            fig["measured"] = entry["when"]
            entry["steps"][name] = fig
            print(fig, flush=True)
        if a.steps:  # a partial run keeps the other steps' figures
            entry["steps"] = {**old, **entry["steps"]}
        entry["agreement"] = agreement(entry["steps"])
        for pipe, agr in entry["agreement"].items():
            print(f"   {pipe}: {agr['figures'] - len(agr['differ'])} of "
                  f"{agr['figures']} figures agree" + (f"; differ: {agr['differ']}" if agr["differ"] else ""))
        results[key] = entry
        if not a.no_report:
            RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1))
            write_report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
