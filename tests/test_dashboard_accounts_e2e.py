"""One department, many planners, in a real headless Chromium (issue 11's browser checks).

On the demo (seed 0, a fifth of the city) with three accounts: a 红山区 viewer sees only
红山区 on every page, in the gaps download (rows counted against the analysis for
红山区 on the main store) and in the monthly report it downloads, has no 数据 or 审计 page and no Cypher box; a 红山区 planner
submits a 红山区 ledger with ten of its mentor links gone, and every other county's
coverage figures stay the same; the audit trail names both. On a second server with
3-second sessions, an unused session returns to the login page, and wrong passwords
lock the name out with the wait shown.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from branchgraph.accounts import Accounts, accounts_path
from branchgraph.audit import AuditLog, audit_path
from tests.dashboard_server import launch_browser, running_dashboard, wait_idle
from tests.test_dashboard_e2e import _goto
from tests.test_submit import county_ledger

pytestmark = pytest.mark.browser

from playwright import sync_api  # noqa: E402 - a dev dependency: a missing one fails, never skips

HS = "红山区"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo tables and a store holding them, with an admin, a 红山区 viewer and a
    红山区 planner."""
    from graphmodel import open_store
    from loaders.demo import generate
    from loaders.load import load_tables

    d = generate(seed=0, scale=0.2)
    path = tmp_path_factory.mktemp("accounts") / "graph.lbug"
    store = open_store(path)
    load_tables(store, d, source="demo")
    acc = Accounts(accounts_path(str(path)))
    acc.add("root", "admin", "admin-pass-1")
    acc.add("hs", "viewer", "viewer-pass-1", (HS,))
    acc.add("hsp", "planner", "planner-pass-1", (HS,))
    yield d, store
    store.close()


def _browser_page(pw, url: str):  # type: ignore[no-untyped-def]
    browser = launch_browser(pw)
    page = browser.new_context(viewport={"width": 1400, "height": 1400}, accept_downloads=True,
                               locale="zh-CN").new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    page.wait_for_selector("input[type=password]", timeout=60_000)
    return browser, page


def _sign_in(page, name: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("账户").fill(name)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def _menu(page) -> list[str]:  # type: ignore[no-untyped-def]
    page.wait_for_selector('[data-testid="stSidebarNav"] a')
    return [m.split("\n")[-1].strip()
            for m in page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()]


def _by_county(store) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    from queries import catalogue

    return catalogue.table("coverage-rates", store, {"by": "county", "as_of": dt.date.today().isoformat()}) \
        .set_index("group").sort_index()


def _ledger_zip(d: dict[str, pd.DataFrame], folder: Path) -> tuple[Path, int]:
    """红山区's ledger as a zip of CSVs, with its first ten mentor links left out."""
    ledger = county_ledger(d, HS)
    a = ledger["assignments"]
    gone = a[a["type"] == "mentor"].index[:10]
    ledger["assignments"] = a.drop(index=gone)
    path = folder / "红山区台账.zip"
    with zipfile.ZipFile(path, "w") as z:
        for name, df in ledger.items():
            z.writestr(f"{name}.csv", df.to_csv(index=False).encode("utf-8-sig"))
    return path, len(gone)


def test_a_county_viewer_sees_only_their_county_and_a_county_planner_submits(demo, tmp_path):
    from queries.coverage import DIMENSIONS, coverage_gaps

    d, store = demo
    others = sorted(set(d["organizations"]["county"].dropna()) - {HS})
    assert len(others) >= 5
    with running_dashboard(store.uri, tmp_path / "server.log") as url, \
            sync_api.sync_playwright() as pw:
        browser, page = _browser_page(pw, url)
        _sign_in(page, "hs", "viewer-pass-1")
        menu = _menu(page)
        assert "数据" not in menu and "审计" not in menu and "总览" in menu
        wait_idle(page, 60_000)
        for name in menu:
            _goto(page, name)
            main = page.locator('[data-testid="stMain"]').inner_text()
            seen = [c for c in others if c in main]
            assert not seen, f"{name} shows other counties: {seen}"
            assert not page.locator('[data-testid="stException"]').count(), name
            if name == "覆盖缺口":
                with page.expect_download() as dl:
                    page.get_by_role("button", name="下载全部（CSV）").click()
                gaps_csv = tmp_path / "gaps.csv"
                dl.value.save_as(gaps_csv)
            if name == "总览":
                with page.expect_download() as dl:
                    page.get_by_role("button", name="下载月报（PDF）").click()
                report_pdf = tmp_path / "report.pdf"
                dl.value.save_as(report_pdf)
            if name == "查询":
                assert not page.get_by_label("Cypher 查询").count()
        page.goto(f"{url}/data")  # a new session: the login, then the default page
        page.wait_for_selector("input[type=password]", timeout=60_000)
        _sign_in(page, "hs", "viewer-pass-1")
        _menu(page)
        wait_idle(page, 60_000)
        assert page.locator("h1").first.inner_text().strip() != "数据"
        assert not page.locator('[data-testid="stFileUploaderDropzoneInput"]').count()
        browser.close()

        before = _by_county(store)
        want = coverage_gaps(store, county=HS, dimension=DIMENSIONS[0], as_of=dt.date.today().isoformat())
        zipped, removed = _ledger_zip(d, tmp_path)
        browser, page = _browser_page(pw, url)
        _sign_in(page, "hsp", "planner-pass-1")
        _menu(page)
        wait_idle(page, 60_000)
        _goto(page, "数据")
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(zipped))
        load = page.get_by_role("button", name="载入，替换当前图数据")
        load.wait_for(timeout=60_000)
        assert load.is_enabled()  # nothing rejected: the ledger's outside names resolve
        load.click()
        page.get_by_text("已载入：红山区台账.zip").wait_for(timeout=60_000)
        browser.close()

    import subprocess

    report_text = subprocess.run(["pdftotext", str(report_pdf), "-"], capture_output=True,
                                 text=True, check=True).stdout
    assert f"范围：{HS}" in report_text and not [c for c in others if c in report_text]
    got = pd.read_csv(gaps_csv, encoding="utf-8-sig", dtype=str)
    assert len(want) > 0 and got["组织编码"].tolist() == want["org_id"].tolist()

    after = _by_county(store)
    pd.testing.assert_frame_equal(after.loc[others], before.loc[others])
    assert not after.loc[HS].equals(before.loc[HS])
    entry = [e for e in AuditLog(audit_path(str(store.uri))).entries() if e["kind"] == "submission"]
    assert [(e["user"], e["county"], e["status"], e["address"]) for e in entry] == [
        ("hsp", HS, "ok", "127.0.0.1")]
    assert entry[0]["source"] == "红山区台账.zip" and removed == 10


def test_an_unused_session_ends_and_wrong_passwords_lock_out(demo, tmp_path):
    _, store = demo
    env = {"BRANCHGRAPH_SESSION_MINUTES": "0.05", "BRANCHGRAPH_LOGIN_ATTEMPTS": "3",
           "BRANCHGRAPH_LOCKOUT_SECONDS": "120"}
    with running_dashboard(store.uri, tmp_path / "server.log", env=env) as url, \
            sync_api.sync_playwright() as pw:
        browser, page = _browser_page(pw, url)
        _sign_in(page, "root", "admin-pass-1")
        assert "审计" in _menu(page)
        page.wait_for_timeout(4_000)  # longer than the 3-second session
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="覆盖缺口").click()
        page.get_by_text("会话已过期，请重新登录").wait_for(timeout=30_000)
        # the notice is drawn before the form below it: wait for the form, then count
        page.locator("input[type=password]").first.wait_for(timeout=30_000)
        assert page.locator("input[type=password]").count() == 1
        for _ in range(3):
            _sign_in(page, "root", "wrong-password")
            page.wait_for_timeout(500)
        page.get_by_text("密码错误次数过多").first.wait_for(timeout=30_000)
        _sign_in(page, "root", "admin-pass-1")  # the right password waits too
        page.wait_for_timeout(1_500)
        text = page.locator('[data-testid="stMain"]').inner_text()
        assert "密码错误次数过多，请" in text and "秒后再试" in text
        assert page.locator("h1").first.inner_text().strip() == "branchgraph 登录"
        assert page.locator("input[type=password]").count() == 1  # still the login form
        browser.close()
    kinds = [e["kind"] for e in AuditLog(audit_path(str(store.uri))).entries()]
    assert kinds.count("login-failed") >= 2 and "login-refused" in kinds
