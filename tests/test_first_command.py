"""README's first command, exactly as a new user runs it: `branchgraph demo` from a fresh
folder, the default (relative) store, the dashboard started by the command itself.

The overview must show the demo's own figures, read back from the store the command
built (./data/branchgraph.lbug under that folder), not the empty-store message. A
second dashboard on the port the first one holds must say so in one line and fail,
instead of reporting success off the first server's health check.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.dashboard_server import CHROMIUM, free_port, launch_browser, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.slow]

from playwright import sync_api  # noqa: E402 - a dev dependency: a missing one fails, never skips

BRANCHGRAPH = [sys.executable, "-m", "branchgraph"]


def _env(port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRANCHGRAPH_")}
    return {**env, "BRANCHGRAPH_PORT": str(port), "PYTHONUNBUFFERED": "1"}


def _wait_for_line(log: Path, pattern: str, proc: subprocess.Popen, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        if re.search(pattern, text):
            return text
        if proc.poll() is not None:
            raise AssertionError(f"the command exited with {proc.returncode}:\n{text[-3000:]}")
        time.sleep(0.5)
    raise AssertionError(f"no line matching {pattern!r} within {timeout:.0f} s:\n{text[-3000:]}")


def _metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(
        has=page.get_by_text(label, exact=True)).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def test_readme_first_command_shows_the_demo(tmp_path):
    from graphmodel import open_store
    from queries.coverage import coverage, coverage_gaps

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package")
    port = free_port()
    log = tmp_path / "demo.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([*BRANCHGRAPH, "demo"], cwd=tmp_path, env=_env(port),
                                stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_for_line(log, rf"http://127\.0\.0\.1:{port}", proc, timeout=180)
        store_file = tmp_path / "data" / "branchgraph.lbug"
        assert store_file.is_file(), "the demo did not build the default store"
        assert not list((Path(__file__).resolve().parents[1] / "dashboard").glob("**/*.lbug"))

        store = open_store(store_file)
        orgs = len(coverage(store))
        uncovered = len(coverage_gaps(store))
        store.close()

        # a second dashboard on the same port: one line, non-zero, while the first runs on
        second = subprocess.run([*BRANCHGRAPH, "dashboard", "--port", str(port)], cwd=tmp_path,
                                env=_env(port), capture_output=True, text=True, timeout=60)
        assert second.returncode != 0
        assert f"port {port}" in second.stderr and "already in use" in second.stderr
        assert "Traceback" not in second.stderr
        assert len(second.stderr.strip().splitlines()) == 1, second.stderr

        with sync_api.sync_playwright() as pw:
            browser = launch_browser(pw)
            page = browser.new_page(viewport={"width": 1400, "height": 1200}, locale="zh-CN")
            page.goto(f"http://127.0.0.1:{port}/")
            wait_idle(page, 90_000)
            page.wait_for_selector('[data-testid="stMetric"]', timeout=90_000)
            page.screenshot(path=str(tmp_path / "overview.png"), full_page=True)
            assert not page.get_by_text("数据库里还没有图数据").count()
            assert _metric(page, "基层党组织") == f"{orgs:,}"
            assert _metric(page, "无人包联") == f"{uncovered:,}"
            browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
