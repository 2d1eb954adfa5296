"""The dashboard's login (AppTest on the tiny graph): wrong passwords, lockout, expiry,
roles' pages, and the launcher's refusal of a network address without accounts."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from branchgraph.accounts import Accounts, accounts_path
from branchgraph.launcher import DashboardError, launch, streamlit_command
from tests.analysis_graphs import tiny_county

APP = str(Path(__file__).resolve().parents[1] / "branchgraph" / "webapp.py")


@pytest.fixture
def accounts(store, monkeypatch):
    store.replace_graph(tiny_county(), source="tiny_county")
    monkeypatch.setenv("BRANCHGRAPH_STORE", str(store.uri))
    monkeypatch.setenv("BRANCHGRAPH_LOGIN_ATTEMPTS", "3")
    monkeypatch.setenv("BRANCHGRAPH_LOCKOUT_SECONDS", "120")
    import streamlit as st

    st.cache_resource.clear()  # the lockout is per server process: start each test afresh
    acc = Accounts(accounts_path(store.uri))
    acc.add("root", "admin", "admin-pass-1")
    acc.add("leader", "viewer", "viewer-pass-1")
    return acc


def _login(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="login_name").set_value(name)
    at.text_input(key="login_password").set_value(password)
    return at.button[0].click().run()


def test_with_accounts_only_the_login_page_shows_until_a_right_password(accounts):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert [t.value for t in at.title] == ["branchgraph 登录"]
    assert not at.sidebar.selectbox  # no filters, no pages before the login
    _login(at, "root", "wrong-password")
    assert [e.value for e in at.error] == ["账户或密码不对"]
    _login(at, "root", "admin-pass-1")
    assert not at.error and at.session_state["auth_account"].name == "root"
    assert at.sidebar.selectbox(key="f_county") is not None


def test_wrong_passwords_lock_the_name_with_the_wait_shown(accounts):
    at = AppTest.from_file(APP, default_timeout=60).run()
    for _ in range(2):
        _login(at, "leader", "nope-nope")
    _login(at, "leader", "nope-nope")
    assert at.error[0].value == "密码错误次数过多，请 120 秒后再试"
    _login(at, "leader", "viewer-pass-1")  # even the right password waits
    assert at.error[0].value.startswith("密码错误次数过多") and "auth_account" not in at.session_state


def test_an_unused_session_expires_back_to_the_login(accounts, monkeypatch):
    monkeypatch.setenv("BRANCHGRAPH_SESSION_MINUTES", "0.02")  # 1.2 s
    at = _login(AppTest.from_file(APP, default_timeout=60).run(), "root", "admin-pass-1")
    assert "auth_account" in at.session_state
    time.sleep(1.5)
    at.run()
    assert [t.value for t in at.title] == ["branchgraph 登录"]
    assert at.info[0].value == "会话已过期，请重新登录"


def test_a_viewer_has_no_data_page_and_no_demo_button(accounts):
    at = _login(AppTest.from_file(APP, default_timeout=60).run(), "leader", "viewer-pass-1")
    try:  # the page is not in the viewer's menu: Streamlit refuses or shows the default page
        at.switch_page("../dashboard/views/data.py").run()
    except Exception:  # noqa: BLE001 - either way the data page must not render
        pass
    assert at.title and "数据" not in [t.value for t in at.title]
    at = _login(AppTest.from_file(APP, default_timeout=60).run(), "root", "admin-pass-1")
    at.switch_page("../dashboard/views/data.py").run()
    assert at.title[0].value == "数据"


def test_a_network_host_without_accounts_refuses_to_start_in_one_line(tmp_path, capsys):
    from tests.test_cli import _cli

    code, _, err = _cli(capsys, "dashboard", "--host", "0.0.0.0", "--port", "18999",
                        "--store", str(tmp_path / "g.lbug"))
    assert code == 1 and "no accounts" in err and "branchgraph users add" in err
    assert len(err.strip().splitlines()) == 1
    with pytest.raises(DashboardError, match="no accounts"):
        launch(str(tmp_path / "g.lbug"), "192.168.1.10", 18999, wait=False)


def test_the_launcher_always_names_the_server_address():
    cmd = streamlit_command("/srv/g.lbug", "0.0.0.0", 8501)
    assert cmd[cmd.index("--browser.serverAddress") + 1] not in ("", "0.0.0.0")


def test_a_county_viewer_reads_the_scoped_store_on_every_page(accounts):
    from graphmodel import open_store
    from queries import catalogue

    accounts.add("hs", "viewer", "viewer-pass-2", ("红山区",))
    at = _login(AppTest.from_file(APP, default_timeout=60).run(), "hs", "viewer-pass-2")
    assert at.sidebar.selectbox(key="f_county").options == ["全部", "红山区"]
    scoped_uri = at.session_state["auth_store"]
    assert ".scopes/" in scoped_uri
    with open_store(scoped_uri) as scoped:
        assert catalogue.table("counties", scoped)["county"].tolist() == ["红山区"]
    at.switch_page("../dashboard/views/queries.py").run()
    assert not at.text_area  # no ad-hoc Cypher box for a county account


def test_a_shared_server_store_gets_the_same_accounts_scope_and_audit(any_store, tmp_path, monkeypatch):
    """The department's graph on a Bolt server (FalkorDB here, Neo4j in production): the
    accounts and the audit trail live where BRANCHGRAPH_ACCOUNTS says, a county viewer
    reads an embedded copy of their county built from the server's graph."""
    from branchgraph.audit import AuditLog, audit_path
    from graphmodel import open_store
    from queries import catalogue

    any_store.replace_graph(tiny_county(), source="tiny_county")
    monkeypatch.setenv("BRANCHGRAPH_STORE", str(any_store.uri))
    chosen = tmp_path / "dept" / "branchgraph.accounts.json"
    chosen.parent.mkdir()
    monkeypatch.setenv("BRANCHGRAPH_ACCOUNTS", str(chosen))
    import streamlit as st

    st.cache_resource.clear()
    Accounts(accounts_path(str(any_store.uri), str(chosen))).add("hs", "viewer", "viewer-pass-2", ("红山区",))
    at = _login(AppTest.from_file(APP, default_timeout=60).run(), "hs", "viewer-pass-2")
    assert at.session_state["auth_account"].name == "hs"
    scoped_uri = at.session_state["auth_store"]
    assert scoped_uri.startswith(str(tmp_path / "dept" / "branchgraph.scopes"))
    with open_store(scoped_uri) as scoped:
        assert catalogue.table("counties", scoped)["county"].tolist() == ["红山区"]
    trail = AuditLog(audit_path(str(any_store.uri), str(chosen))).entries()
    assert trail[-1]["kind"] == "login" and trail[-1]["user"] == "hs"
    assert audit_path(str(any_store.uri), str(chosen)).parent == chosen.parent
