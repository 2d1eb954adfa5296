"""Who is using the dashboard: the login page, logout, session expiry and lockouts.

:func:`gate` runs before any page. With no accounts the dashboard serves this machine
only (the launcher refuses another address; a request from elsewhere is refused here
too) and its user is the local admin. With accounts, a session without a fresh login
sees only the login page: name, password, the language switch. Wrong passwords are
counted per name and per client address (:class:`branchgraph.accounts.Lockout`, given by
the entry script); a locked name or address is told how long to wait. A session
unused for ``session_minutes`` returns to the login page. A user limited to some
counties then reads the store holding only those counties (``Services.scoped_uri``).
"""

from __future__ import annotations

import ipaddress
import time

import streamlit as st

from dashboard import state
from dashboard.i18n import t

__all__ = ["gate", "logout_button"]

_KEYS = ("auth_account", "auth_store", "auth_seen", "auth_version")


def _loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return address == "localhost"


def _forget() -> None:
    for key in _KEYS:
        st.session_state.pop(key, None)


def gate() -> None:
    """Let the session through, or draw the login page and stop the run."""
    s = state.services()
    if s.accounts is None or not s.accounts.exist():
        _forget()
        if not _loopback(state.client_address()):
            st.error(t("login.local_only_refused"))
            st.stop()
        st.sidebar.caption(t("login.no_accounts"))
        return
    account = st.session_state.get("auth_account")
    now = time.time()
    if account is not None:
        fresh = now - st.session_state.get("auth_seen", 0) <= s.session_minutes * 60
        current = {a.name: a for a in s.accounts.all()}.get(account.name)
        if fresh and current is not None:
            _enter(current, now)
            return
        _forget()
        st.session_state["auth_notice"] = "login.expired" if current is not None else "login.gone"
    _login_page()
    st.stop()


def _enter(account: object, now: float) -> None:
    """Mark the session as ``account``'s; a county-limited account gets its scoped store."""
    s = state.services()
    st.session_state["auth_account"] = account
    st.session_state["auth_seen"] = now
    counties = tuple(getattr(account, "counties", ()))
    if not counties:
        st.session_state.pop("auth_store", None)
        return
    if s.scoped_uri is None:
        st.error(t("login.no_scope"))
        st.stop()
    main = state.main_store()
    version = state.guard(main.version)
    if version is state.FAILED:
        st.stop()
    if st.session_state.get("auth_version") != (version, counties):  # a new load: a new scope
        with st.spinner(t("login.scoping")):
            uri = state.guard(s.scoped_uri, main, counties)
        if uri is state.FAILED:
            st.stop()
        st.session_state["auth_store"] = uri
        st.session_state["auth_version"] = (version, counties)


def _login_page() -> None:
    s = state.services()
    st.title(t("login.title"))
    notice = st.session_state.pop("auth_notice", None)
    if notice:
        st.info(t(notice))
    address = state.client_address()
    with st.form("login_form"):
        name = st.text_input(t("login.name"), key="login_name")
        password = st.text_input(t("login.password"), type="password", key="login_password")
        submitted = st.form_submit_button(t("login.submit"), type="primary")
    if not submitted:
        return
    name = name.strip()
    wait = s.lockout.wait_left(name, address) if s.lockout is not None else 0
    if wait:
        st.error(t("login.locked", secs=wait))
        state.record("login-refused", name, reason="locked", wait=wait)
        return
    account = s.accounts.verify(name, password)
    if account is None:
        if s.lockout is not None:
            s.lockout.failed(name, address)
        state.record("login-failed", name)
        wait = s.lockout.wait_left(name, address) if s.lockout is not None else 0
        st.error(t("login.locked", secs=wait) if wait else t("login.wrong"))
        return
    if s.lockout is not None:
        s.lockout.succeeded(name, address)
    state.record("login", name, role=account.role, counties=list(account.counties))
    _enter(account, time.time())
    st.rerun()


def logout_button() -> None:
    """Who is signed in, and the logout button (in the sidebar)."""
    account = state.user()
    if account is None:
        return
    scope = "、".join(account.counties) or t("f.all")
    st.caption(t("login.as", name=account.name, role=t(f"role.{account.role}"), scope=scope))
    if st.button(t("login.logout"), key="logout"):
        state.record("logout", account.name)
        _forget()
        st.rerun()
