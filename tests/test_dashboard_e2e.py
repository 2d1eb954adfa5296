"""The real dashboard in a real headless Chromium, on the demo data.

One test walks a planner's visit: every page, the language switch, a county
filter, the gaps CSV (checked row by row against ``coverage_gaps`` on the same
store), a write query refused in the Cypher box (the graph unchanged), and no
request leaving 127.0.0.1. A screenshot of each page lands in the test's folder;
with ``BRANCHGRAPH_SCREENSHOTS=docs/screenshots`` the overview and the alliance
network are copied there for the README.

Debian's /usr/bin/chromium is driven through Playwright's sync API (no browser
download). The server runs as a child process on a free port of 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from tests.dashboard_server import CHROMIUM, launch_browser, running_dashboard, wait_idle

pytestmark = pytest.mark.browser

from playwright import sync_api  # noqa: E402 - a dev dependency: a missing one fails, never skips

ROOT = Path(__file__).resolve().parents[1]
SHOTS = {"总览": "overview", "组织档案": "profile", "覆盖缺口": "gaps", "组织树": "tree",
         "唯一包联即将到期": "lapsing", "包联负荷": "mentors",
         "联建网络": "alliances",
         "建议": "proposals", "查询": "queries", "数据": "data", "审计": "audit",
         "本月变化": "changes", "预警": "warnings"}


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    """The built-in demo (seed 0) in a store of its own."""
    from graphmodel import open_store
    from loaders.demo import generate
    from loaders.load import load_tables

    path = tmp_path_factory.mktemp("demo") / "graph.lbug"
    store = open_store(path)
    load_tables(store, generate(seed=0), source="demo seed 0")
    yield store
    store.close()


def _goto(page, name: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=name).click()
    page.wait_for_function("(t) => { const h = document.querySelector('h1');"
                           " return h && h.innerText.trim() === t; }", arg=name, timeout=30_000)
    wait_idle(page)


def _shot(page, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _pick(page, label: str, option: str) -> None:
    """Choose ``option`` in the selectbox labelled ``label`` (sidebar or main)."""
    page.get_by_role("combobox", name=label, exact=True).first.click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page)


def test_a_planners_visit(demo_store, tmp_path):
    from queries.coverage import coverage_gaps

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package")
    persons_before = demo_store.run("MATCH (p:Person) RETURN count(p) AS n")["n"].iloc[0]
    county = sorted(demo_store.run(
        "MATCH (o:Organization) WHERE o.county IS NOT NULL RETURN DISTINCT o.county AS c")["c"])[0]
    shots: dict[str, Path] = {}

    with running_dashboard(demo_store.uri, tmp_path / "server.log") as url, \
            sync_api.sync_playwright() as pw:
        browser = launch_browser(pw)
        context = browser.new_context(viewport={"width": 1400, "height": 1500},
                                      accept_downloads=True, locale="zh-CN")
        page = context.new_page()
        outside: list[str] = []
        page.on("request", lambda r: outside.append(r.url)
                if not r.url.startswith((url, "data:", "blob:", "about:")) else None)
        page.set_default_timeout(30_000)

        # a deep link on a fresh server still gets the frame (sidebar and filters)
        page.goto(f"{url}/gaps")
        wait_idle(page, 60_000)
        assert page.locator("h1").first.inner_text().strip() == "覆盖缺口"
        assert page.locator('[data-testid="stSidebar"]').get_by_text("筛选（各页通用）").is_visible()

        page.goto(url)
        wait_idle(page, 60_000)
        # the menu is drawn after the first run: wait for all its links, not just idleness
        page.wait_for_function(
            "n => document.querySelectorAll('[data-testid=\"stSidebarNav\"] a').length >= n",
            arg=len(SHOTS) - 1, timeout=60_000)
        # the menu's text is "<icon name>\n\n<title>"
        menu = [m.split("\n")[-1].strip()
                for m in page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()]
        assert set(SHOTS) - {"建议"} <= set(menu) <= set(SHOTS), menu
        for name in menu:
            _goto(page, name)
            assert not page.locator('[data-testid="stException"]').count(), name
            assert not page.locator('[data-testid="stAlertContentError"]').count(), name
            assert not page.get_by_text("尚未提供").count(), f"{name}: an analysis is missing"
            if name == "联建网络":
                frame = page.frame_locator("iframe").first
                frame.locator("canvas").first.wait_for()
                page.locator("iframe").first.scroll_into_view_if_needed()
                page.wait_for_timeout(1500)  # vis-network stabilises, then freezes
                page.locator("iframe").first.screenshot(path=str(tmp_path / "network.png"))
                shots["network"] = tmp_path / "network.png"
                page.locator("h1").first.scroll_into_view_if_needed()
            shots[SHOTS[name]] = _shot(page, tmp_path, SHOTS[name])

        # the language switch
        _goto(page, "总览")
        page.locator('[data-testid="stSidebar"]').get_by_role("radio", name="English").click()
        page.wait_for_function("() => document.querySelector('h1')?.innerText.trim()"
                               " === 'Overview'")
        wait_idle(page)
        assert page.get_by_text("Nobody watching", exact=True).is_visible()
        assert page.locator('[data-testid="stSidebarNav"]').get_by_text("Coverage gaps").count()
        page.locator('[data-testid="stSidebar"]').get_by_role("radio", name="中文").click()
        page.wait_for_function("() => document.querySelector('h1')?.innerText.trim() === '总览'")
        wait_idle(page)

        # a county filter, kept across pages, then the gaps CSV
        _pick(page, "旗县区", county)
        _goto(page, "覆盖缺口")
        assert page.get_by_role("combobox", name="旗县区", exact=True).input_value() == county
        with page.expect_download() as dl:
            page.get_by_role("button", name="下载当前表格（CSV）").click()
        csv_path = tmp_path / "gaps.csv"
        dl.value.save_as(csv_path)
        shots["gaps-filtered"] = _shot(page, tmp_path, "gaps-filtered")

        # the Cypher box refuses a write
        _goto(page, "查询")
        page.get_by_label("Cypher 查询").fill("CREATE (:Person {person_id: 'E2E', name: '测试'})")
        page.locator('[data-testid="stForm"]').filter(has_text="Cypher 查询") \
            .get_by_role("button", name="运行").click()
        page.wait_for_selector('[data-testid="stAlertContentError"]')
        refusal = page.locator('[data-testid="stAlertContentError"]').inner_text()
        shots["queries-refused"] = _shot(page, tmp_path, "queries-refused")
        browser.close()

    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "the CSV needs a BOM for Excel"
    got = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str)
    want = coverage_gaps(demo_store, county=county, as_of=dt.date.today().isoformat())
    assert len(want) > 0
    assert got["组织编码"].tolist() == want["org_id"].tolist()
    assert got["名称"].tolist() == want["name"].tolist()
    assert set(got["旗县区"]) == {county}

    assert "已被拒绝" in refusal
    assert demo_store.run("MATCH (p:Person) RETURN count(p) AS n")["n"].iloc[0] == persons_before
    assert not outside, f"requests left the machine: {sorted(set(outside))[:5]}"

    for path in shots.values():
        assert path.stat().st_size > 10_000, f"{path.name} looks empty"
    target = os.environ.get("BRANCHGRAPH_SCREENSHOTS")
    if target:
        folder = Path(target) if Path(target).is_absolute() else ROOT / target
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(shots["overview"], folder / "overview.png")
        shutil.copy(shots["network"], folder / "alliance-network.png")
        shutil.copy(shots["alliances"], folder / "alliances.png")


def test_a_sent_link_the_excel_download_and_the_uploader_in_chinese(demo_store, tmp_path):
    """A link with filters opens that view; the gaps table downloads as xlsx with the same
    rows as the analysis; the uploader's own English is replaced; the overview's charts
    switch to tables (their order is checked in test_dashboard_apptest)."""
    from openpyxl import load_workbook

    from queries.coverage import coverage_gaps

    county = sorted(demo_store.run(
        "MATCH (o:Organization) WHERE o.county IS NOT NULL RETURN DISTINCT o.county AS c")["c"])[1]
    day = dt.date.today().isoformat()
    with running_dashboard(demo_store.uri, tmp_path / "server.log") as url, \
            sync_api.sync_playwright() as pw:
        browser = launch_browser(pw)
        page = browser.new_context(viewport={"width": 1400, "height": 1500}, accept_downloads=True,
                                   locale="zh-CN").new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{url}/gaps?county={county}&tier=lagging&lang=en")
        wait_idle(page, 60_000)
        page.wait_for_function("() => document.querySelector('h1')?.innerText.trim() === 'Coverage gaps'")
        assert page.get_by_role("combobox", name="County", exact=True).input_value() == county
        with page.expect_download() as dl:
            page.get_by_role("button", name="Download this table (Excel)").click()
        xlsx = tmp_path / "gaps.xlsx"
        dl.value.save_as(xlsx)
        # back to Chinese: the choice goes into the address for the next visit
        page.locator('[data-testid="stSidebar"]').get_by_role("radio", name="中文").click()
        page.wait_for_function("() => document.querySelector('h1')?.innerText.trim() === '覆盖缺口'")
        wait_idle(page)
        assert "lang=" not in page.url and "tier=lagging" in page.url

        # a click on a row of the gaps table opens that organisation's profile
        first = page.locator('[data-testid="stDataFrame"]').first.bounding_box()
        page.mouse.click(first["x"] + 18, first["y"] + 35 + 17)
        page.wait_for_function("() => document.querySelector('h1')?.innerText.trim() === '组织档案'")
        wait_idle(page)
        opened = page.url.split("org=")[-1]
        profile_title = page.locator("[data-testid=\"stMainBlockContainer\"] h3").first.inner_text().strip()

        _goto(page, "数据")
        page.wait_for_selector('[data-testid="stFileUploaderDropzone"]')
        # the Chinese words come with the page's style element, which may arrive a moment
        # after the uploader itself
        page.wait_for_function("""() => {
            const b = document.querySelector('[data-testid="stFileUploaderDropzone"] button p');
            return b && getComputedStyle(b, '::after').content !== 'none';
        }""", timeout=30_000)
        words = page.evaluate("""() => {
            const zone = document.querySelector('[data-testid="stFileUploaderDropzone"]');
            const after = el => getComputedStyle(el, '::after').content;
            return [after(zone.querySelector('button p')),
                    after(zone.querySelector('[data-testid="stFileUploaderDropzoneInstructions"] span'))];
        }""")
        assert words == ['"选择文件"', '"每个文件不超过 200MB · ZIP、XLSX、XLS、ODS、CSV"'], words

        _goto(page, "总览")
        page.get_by_text("表格", exact=True).click()
        wait_idle(page)
        tables = page.locator('[data-testid="stDataFrame"]')
        tables.first.wait_for()
        shot = _shot(page, tmp_path, "overview-tables")
        browser.close()

    rows = list(load_workbook(xlsx).active.iter_rows(values_only=True))
    want = coverage_gaps(demo_store, county=county, tier="lagging", as_of=day)
    assert rows[0][0] == "Organisation ID" and len(want) > 0
    assert [r[0] for r in rows[1:]] == want["org_id"].tolist()
    assert opened == want["org_id"].iloc[0] and profile_title == want["name"].iloc[0]
    assert shot.stat().st_size > 10_000


def test_the_network_coloured_by_watched_with_bridges_and_a_way_to_a_profile(demo_store, tmp_path):
    """联建网络 coloured by 是否有人包联: the legend explains colours and marks, the caption
    counts the bridges the analysis finds, and an organisation of the picture opens its
    profile in the same session."""
    from queries import catalogue
    from queries.network_view import network_drawing

    day = dt.date.today().isoformat()
    first = catalogue.table("alliances", demo_store, {})["alliance_id"].iloc[0]
    want = network_drawing(demo_store, alliance_id=first, color_by="watched", as_of=day,
                           max_nodes=1500)
    with running_dashboard(demo_store.uri, tmp_path / "server.log") as url, \
            sync_api.sync_playwright() as pw:
        browser = launch_browser(pw)
        page = browser.new_context(viewport={"width": 1400, "height": 1500}, locale="zh-CN").new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{url}/alliances")
        wait_idle(page, 60_000)
        page.wait_for_function("() => document.querySelector('h1')?.innerText.trim() === '联建网络'")
        _pick(page, "颜色表示", "是否有人包联")
        page.frame_locator("iframe").first.locator("canvas").first.wait_for()
        main = page.locator('[data-testid="stMain"]').inner_text()
        for words in ("有人包联", "无人包联", "非基层组织", "孤立联合体", "关键连接（去掉后图会断开）", "结对共建"):
            assert words in main, words
        assert f"★ 关键连接组织 {want['bridges']} 个，孤立联合体 {want['islands']} 个" in main
        assert f"{want['nodes']} 个节点" in main
        frame = page.frame_locator("iframe").first.locator("body").inner_html()
        assert '"shape": "star"' in frame if want["bridges"] else '"shape": "star"' not in frame
        box = page.get_by_role("combobox", name="查看图中组织的档案")
        box.scroll_into_view_if_needed()
        box.click()
        target = list(want["orgs"])[-1]  # the last organisation drawn, typed as its label
        page.keyboard.type(f"{want['orgs'][target]} ({target})")
        page.keyboard.press("Enter")
        wait_idle(page)
        page.get_by_role("button", name="打开档案").click()
        page.wait_for_function("() => document.querySelector('h1')?.innerText.trim() === '组织档案'")
        wait_idle(page)
        opened = page.url.split("org=")[-1]
        browser.close()
    assert opened == target


def test_the_tree_drills_from_a_county_to_a_committee_and_its_branches(demo_store, tmp_path):
    """组织树: pick a county, go down from its top committee to a committee below it, and
    see that committee's figures and the first organisation it answers for, as the
    analyses give them on the same store."""
    from queries import catalogue

    day = dt.date.today().isoformat()
    county = sorted(demo_store.run(
        "MATCH (o:Organization) WHERE o.county IS NOT NULL RETURN DISTINCT o.county AS c")["c"])[0]
    rollup = catalogue.table("committee-rollup", demo_store, {"county": county, "as_of": day})
    top = rollup[rollup["parent_committee_id"].isna()].iloc[0]
    below = rollup[rollup["parent_committee_id"] == top["committee_id"]]
    child = next(r for _, r in below.iterrows() if len(catalogue.table(
        "committee-branches", demo_store, {"county": county, "as_of": day,
                                           "committee": r["committee_id"]})))
    first = catalogue.table("committee-branches", demo_store, {
        "county": county, "as_of": day, "committee": child["committee_id"]})["name"].iloc[0]
    with running_dashboard(demo_store.uri, tmp_path / "server.log") as url, \
            sync_api.sync_playwright() as pw:
        browser = launch_browser(pw)
        page = browser.new_context(viewport={"width": 1400, "height": 1800},
                                   locale="zh-CN").new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{url}/tree")
        wait_idle(page, 60_000)
        page.wait_for_function("() => document.querySelector('h1')?.innerText.trim() === '组织树'")
        _pick(page, "旗县区", county)
        _pick(page, "进入下级党委", top["name"])
        _pick(page, "进入下级党委", child["name"])
        # a rerun may still be drawing the picked committee: wait for it, then read
        page.wait_for_function(
            "(name) => [...document.querySelectorAll('input[role=\"combobox\"]')].some("
            "e => (e.getAttribute('aria-label') || '').includes('当前党委') && e.value.trim() === name)",
            arg=child["name"], timeout=30_000)
        main = page.locator('[data-testid="stMain"]')
        main.get_by_text(f"{int(child['organisations']):,}", exact=True).first.wait_for()
        grid = page.locator('[data-testid="stDataFrame"]').last
        grid.scroll_into_view_if_needed()
        page.wait_for_function(
            "(name) => [...document.querySelectorAll('[data-testid=\"stDataFrame\"]')]"
            ".some(g => g.innerText.includes(name) || g.innerHTML.includes(name))",
            arg=first, timeout=30_000)
        shot = _shot(page, tmp_path, "tree-drilled")
        browser.close()
    assert shot.stat().st_size > 10_000
