"""The monthly pages in a real headless Chromium, on the three hand-made months
(tests/monthly_ledgers.py has the answers): 本月变化 and 预警 on the newest month, then
the sidebar's month picker set to month 2 and both pages again."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphmodel import open_store
from loaders.load import load_path
from tests.dashboard_server import launch_browser, running_dashboard, wait_idle
from tests.monthly_ledgers import MONTHS, write_month

pytestmark = pytest.mark.browser

from playwright import sync_api  # noqa: E402 - a dev dependency: a missing one fails, never skips


def _goto(page, name: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=name).click()
    page.wait_for_function("(t) => { const h = document.querySelector('h1');"
                           " return h && h.innerText.trim() === t; }", arg=name, timeout=30_000)
    wait_idle(page)


def _metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _cells(page) -> str:
    """The text of the page's tables (Glide data grids draw on a canvas; their
    accessible table holds the cells)."""
    page.wait_for_timeout(500)
    return " ".join(page.locator('[data-testid="stDataFrame"]').all_inner_texts()) + " ".join(
        page.locator('[data-testid="stDataFrame"] [role="gridcell"]').all_inner_texts())


def test_changes_and_warnings_of_two_months(tmp_path: Path) -> None:
    store = open_store(tmp_path / "g.lbug")
    for i, day in enumerate(MONTHS, 1):
        load_path(store, write_month(tmp_path / f"m{i}", i), as_of=day, report_dir=tmp_path / f"r{i}")
    store.close()
    with running_dashboard(tmp_path / "g.lbug", tmp_path / "server.log") as url, \
            sync_api.sync_playwright() as pw:
        browser = launch_browser(pw)
        page = browser.new_page(viewport={"width": 1400, "height": 1400}, locale="zh-CN")
        page.set_default_timeout(30_000)
        page.goto(f"{url}/changes")
        wait_idle(page, 60_000)
        page.wait_for_selector('[data-testid="stMetric"]')
        assert _metric(page, "新增有人包联") == "1" and _metric(page, "软弱涣散销号") == "1"
        cells = _cells(page)
        assert "五村党支部" in cells and "新增组织" in cells and "退出联合体" in cells
        page.screenshot(path=str(tmp_path / "changes.png"), full_page=True)

        _goto(page, "预警")
        # the newest month answers for today: B2, weak since 2026-09-30, is past the
        # three-month deadline by now, besides two months unwatched
        assert _metric(page, "红色预警") == "2" and _metric(page, "黄色预警") == "1"
        cells = _cells(page)
        assert "软弱涣散，已连续 2 个月无人包联" in cells and "软弱涣散逾期未销号" in cells
        page.screenshot(path=str(tmp_path / "warnings.png"), full_page=True)

        # the month picker: month 2 answers for its own day
        page.get_by_role("combobox", name="月份快照", exact=True).click()
        page.get_by_role("option", name=MONTHS[1], exact=True).click()
        wait_idle(page)
        page.wait_for_function("() => document.body.innerText.includes('4 行')")
        day = page.locator('[data-testid="stDateInput"] input').first.input_value()
        assert day.replace("/", "-") == MONTHS[1], day  # the as-of day follows the month
        assert _metric(page, "红色预警") == "2" and _metric(page, "黄色预警") == "2"
        assert "有人包联占比从 50.0% 降到 25.0%" in _cells(page)
        _goto(page, "本月变化")
        assert _metric(page, "新增无人包联") == "1" and _metric(page, "类别提升") == "1"
        assert "二村党支部" in _cells(page)
        page.screenshot(path=str(tmp_path / "changes-month2.png"), full_page=True)
        assert not page.locator('[data-testid="stException"]').count()
        browser.close()
