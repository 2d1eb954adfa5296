"""The dashboard's entry script: ``streamlit run branchgraph/webapp.py -- --store PATH``.

It is the dashboard's edge: it resolves the settings once (:mod:`branchgraph.settings`),
wires in the loaders (for the 数据 page) and the demo builder, and hands them to
:func:`dashboard.app.main`, so the dashboard package imports nothing above ``queries``.
Streamlit runs it on every script run; everything it builds is cheap.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):  # run by path (streamlit run): make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from branchgraph import settings  # noqa: E402
from branchgraph.cli.common import UserError  # noqa: E402
from dashboard.app import main  # noqa: E402
from dashboard.state import Services  # noqa: E402
from graphmodel import GraphStore, open_store  # noqa: E402


def _store_uri() -> str:
    """The store named after ``--`` on the streamlit command line, else the setting."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--store", default=None)
    known, _ = parser.parse_known_args(sys.argv[1:])
    return known.store or settings.get("store")


def _opener(timeout: float):  # type: ignore[no-untyped-def]
    def open_(uri: str) -> GraphStore:
        options: dict[str, object] = {"timeout": timeout}
        if uri.startswith(("bolt", "neo4j")) and settings.get("user"):
            options["auth"] = (settings.get("user"), settings.get("password"))
        return open_store(uri, **options)

    return open_


def _demo(store: GraphStore) -> object:
    from loaders.demo import generate
    from loaders.load import load_tables

    return load_tables(store, generate(seed=0), source="demo (seed 0)")


def _lockout(attempts: int, wait: float):  # type: ignore[no-untyped-def]
    """One lockout per server process, shared by every session (cached by Streamlit)."""
    import streamlit as st

    from branchgraph.accounts import Lockout

    @st.cache_resource(show_spinner=False)
    def shared(attempts: int, wait: float) -> Lockout:
        return Lockout(attempts, wait)

    return shared(attempts, wait)


def _positive(name: str) -> float:
    text = settings.get(name)
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value <= 0:
        raise settings.SettingError(f"{settings.setting(name).env}={text!r}: give a positive number")
    return value


def _history(main: GraphStore, counties: tuple[str, ...], folder: Path) -> object:
    """The monthly snapshots of ``main`` as ``counties`` see them (all: no counties)."""
    from graphmodel.history import history_for
    from graphmodel.scope import ScopedHistory

    history = history_for(main.uri)
    if history is None or not counties:
        return history
    return ScopedHistory(main, history, counties, folder)


def _month_store(main: GraphStore, day: str, counties: tuple[str, ...], folder: Path) -> GraphStore:
    """The snapshot of ``day`` as ``counties`` see it, its as-of default that day."""
    history = _history(main, counties, folder)
    snap = history.get(day)  # type: ignore[union-attr]
    return history.store(snap)  # type: ignore[union-attr]


def services() -> Services:
    """The app's services, from the settings and the command line."""
    from functools import partial

    from branchgraph.cli.load_cmd import limits_from_settings, reject_share_from_settings
    from loaders.contract import TABLES
    from loaders.impact import check_rejects
    from loaders.load import check_path, load_path

    from branchgraph.accounts import Accounts, accounts_path, scopes_folder
    from branchgraph.audit import AuditLog, audit_path, audited_load
    from dashboard import state
    from graphmodel.scope import scoped_store
    from queries.months import remember

    limits, share = limits_from_settings(), reject_share_from_settings()
    timeout = float(settings.get("query_timeout"))
    uri = _store_uri()
    accounts = Accounts(accounts_path(uri, settings.get("accounts")))
    trail = AuditLog(audit_path(uri, settings.get("accounts")))
    plain_load = partial(load_path, limits=limits, max_reject_share=share)

    def load(store: GraphStore, path: str | Path, **options: object) -> object:
        """A load from the 数据 page, recorded as this session's user from its address."""
        result = audited_load(trail, plain_load, store, path, user=state.actor(),
                              address=state.client_address(), **options)
        remember(store, result.snapshot, settings.config().capacity)
        return result

    return Services(
        store_uri=uri,
        open_store=_opener(timeout),
        config=settings.config(),
        lang=settings.get("lang"),
        row_limit=int(settings.get("row_limit")),
        query_timeout=timeout,
        check=partial(check_path, limits=limits),
        load=load,
        reject_check=partial(check_rejects, max_share=share),
        table_names={table.name: (table.zh[0], table.name) for table in TABLES},
        demo=_demo,
        query_folder=settings.query_folder(uri),
        accounts=accounts,
        scoped_uri=lambda main, counties: scoped_store(
            main, counties, scopes_folder(uri, settings.get("accounts"))),
        lockout=_lockout(int(_positive("login_attempts")), _positive("lockout_seconds")),
        session_minutes=_positive("session_minutes"),
        audit=trail,
        history=lambda main, counties: _history(main, counties, scopes_folder(uri, settings.get("accounts"))),
        month_store=lambda main, day, counties: _month_store(
            main, day, counties, scopes_folder(uri, settings.get("accounts"))),
    )


if __name__ == "__main__":
    try:
        main(services())
    except (settings.SettingError, UserError) as exc:
        import streamlit as st

        st.error(f"setting {exc}" if isinstance(exc, settings.SettingError) else str(exc))

