"""What every page shares: the services, the cached catalogue calls, filters, tables, downloads.

The entry script (:mod:`branchgraph.webapp`) gives the app its :class:`Services` on every
run (:func:`configure`): the store's URI and how to open it, the analysis settings
(:class:`queries.config.Config`) and the loading functions. Pages never import an
analysis: they name one of the catalogue (``fetch("coverage-gaps", county=…)``) and
this module runs it through :func:`queries.catalogue.run`, cached with
``st.cache_data`` on the analysis, the store's ``version()`` and the parameters, so a
new load (from the 数据 page or from ``branchgraph load`` in a terminal) is picked up on
the next rerun. The store handle is cached per server under ``st.cache_resource``.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.i18n import current_lang, t
from graphmodel import GraphStore, ReadOnlyError, StoreMissing
from queries import catalogue
from queries.config import Config
from queries.export import table_bytes
from queries.labels import VALUE_COLUMNS, translate_columns, translate_values, value_label

#: The page scripts (a row click opens one of them).
_VIEWS = Path(__file__).resolve().parent / "views"

__all__ = [
    "Services",
    "configure",
    "services",
    "FAILED",
    "get_store",
    "call",
    "fetch",
    "guard",
    "filters",
    "as_of_text",
    "lang",
    "counties",
    "display",
    "show_table",
    "csv_bytes",
    "download_buttons",
    "report_buttons",
    "has_graph",
    "require_graph",
    "enum_values",
    "value_text",
    "load_info",
    "frame_html",
    "fit",
    "number_param",
    "user",
    "may",
    "main_store",
    "snapshots",
]

#: What :func:`guard` returns when the call failed (the error is already on screen).
FAILED = object()


@dataclass(frozen=True)
class Services:
    """What the app is given by its entry script.

    store_uri : the store shown (an absolute LadybugDB path or a Bolt URI).
    open_store : opens a store from a URI (credentials and time limit applied).
    config : the analysis settings, resolved once by the entry script.
    lang : the language a new session starts in.
    row_limit, query_timeout : limits of the ad-hoc Cypher box.
    check, load : ``loaders.check_path`` / ``loaders.load_path`` for the 数据 page.
    reject_check : ``loaders.impact.check_rejects`` with the department's threshold.
    table_names : the input tables' names in each language (``organizations`` -> 党组织).
    demo : builds the demo data into a store (the empty-store button).
    query_folder : where queries saved from the 查询 page go (None: saving is off).
    accounts : the store's accounts (``branchgraph.accounts.Accounts``); None or empty:
        no login, and the app serves this machine only (:mod:`dashboard.login`).
    lockout : counts wrong passwords (``branchgraph.accounts.Lockout``), shared by sessions.
    session_minutes : how long a login lasts without use.
    scoped_uri : the store a user limited to some counties reads, from (the main
        store, counties); None: no county limits can be served.
    audit : the store's audit trail (``branchgraph.audit.AuditLog``: ``record``,
        ``entries``), or None: nothing is recorded and the 审计 page is empty.
    history : (main store, counties) -> the monthly snapshots as those counties see them
        (``graphmodel.history``; all of them for no counties), or None (Bolt: none kept).
    month_store : (main store, day, counties) -> the store of the snapshot of ``day`` as
        those counties see it (the snapshot picker).
    """

    store_uri: str
    open_store: Callable[[str], GraphStore]
    config: Config = field(default_factory=Config)
    lang: str = "zh"
    row_limit: int = 5000
    query_timeout: float = 30.0
    check: Callable[..., Any] | None = None
    load: Callable[..., Any] | None = None
    reject_check: Callable[[Any], Any] | None = None
    table_names: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    demo: Callable[[GraphStore], Any] | None = None
    query_folder: Path | None = None
    accounts: Any = None
    lockout: Any = None
    session_minutes: float = 480.0
    scoped_uri: Callable[[GraphStore, tuple[str, ...]], str] | None = None
    audit: Callable[..., Any] | None = None
    history: Callable[[GraphStore, tuple[str, ...]], Any] | None = None
    month_store: Callable[[GraphStore, str, tuple[str, ...]], GraphStore] | None = None


_SERVICES: list[Services] = []


def configure(s: Services) -> None:
    """Set the services for this run (the entry script calls it before the app runs)."""
    _SERVICES[:] = [s]


def services() -> Services:
    """The services the entry script configured."""
    if not _SERVICES:
        raise RuntimeError("the dashboard runs through branchgraph.webapp (branchgraph dashboard)")
    return _SERVICES[0]


@st.cache_resource(show_spinner=False)
def _open(uri: str) -> GraphStore:
    return services().open_store(uri)


#: The store a deferred download runs on, pinned when its button was drawn: Streamlit
#: calls a download's function outside the session's script run, where the session's
#: own (county-scoped) store cannot be looked up.
_PINNED = threading.local()


def get_store() -> GraphStore:
    """The session's store (one handle per server and URI): for a user limited to some
    counties, the store holding only those counties (see :mod:`dashboard.login`); on a
    past month picked in the sidebar, that month's snapshot."""
    pinned = getattr(_PINNED, "store", None)
    if pinned is not None:
        return pinned
    counties = _scope()
    day = st.session_state.get("f_snapshot")
    if day and services().month_store is not None and day in snapshots()[1:]:
        return _month(services().store_uri, day, counties, main_store().version())
    store = _open(st.session_state.get("auth_store") or services().store_uri)
    if counties and services().history is not None and getattr(store, "history", None) is None:
        store.history = services().history(main_store(), counties)  # type: ignore[attr-defined]
    return store


def _scope() -> tuple[str, ...]:
    account = st.session_state.get("auth_account")
    return tuple(account.counties) if account is not None and account.scoped else ()


@st.cache_resource(show_spinner=False, max_entries=16)
def _month(uri: str, day: str, counties: tuple[str, ...], version: str) -> GraphStore:
    return services().month_store(_open(uri), day, counties)  # type: ignore[misc]


def snapshots() -> list[str]:
    """The days of the monthly snapshots kept, newest first ([] without history)."""
    if services().history is None:
        return []
    try:
        history = services().history(main_store(), ())
        return [s.day for s in reversed(history.entries())] if history is not None else []
    except Exception:  # noqa: BLE001 - no history is shown as none
        return []


def _pinned(fn: Callable[[], Any]) -> Callable[[], Any]:
    """``fn`` to be called later on the store of this session, as it is now."""
    store = get_store()

    def run() -> Any:
        before = getattr(_PINNED, "store", None)
        _PINNED.store = store
        try:
            return fn()
        finally:
            _PINNED.store = before

    return run


def main_store() -> GraphStore:
    """The whole store, whoever is signed in (for building scopes and for loads)."""
    return _open(services().store_uri)


def client_address() -> str:
    """The client's IP address as the server sees it ("127.0.0.1" for this machine)."""
    try:
        address = st.context.ip_address
    except Exception:  # noqa: BLE001 - outside a browser session
        address = None
    # None: this machine; not a string: Streamlit's AppTest, which has no connection
    return address if isinstance(address, str) and address else "127.0.0.1"


def record(kind: str, user: str | None = None, **details: Any) -> None:
    """Put an event in the audit trail (``Services.audit``), as this session's user
    (or ``user``) from this session's address; nothing without a trail."""
    trail = services().audit
    if trail is not None:
        trail.record(kind, user=user or actor(), address=client_address(), **details)


def actor() -> str:
    """Who the audit trail names for this session: its account, else the local admin."""
    account = st.session_state.get("auth_account")
    return account.name if account is not None else "local admin"


def user() -> Any:
    """The signed-in account (``branchgraph.accounts.Account``), or None on a dashboard
    without accounts (this machine only: its user acts as the local admin)."""
    return st.session_state.get("auth_account")


def may(action: str) -> bool:
    """Whether the session may ``action`` (``load``, ``export``, ``cypher``...); without
    accounts everything is allowed; ad-hoc Cypher needs an account without counties."""
    account = user()
    if account is None:
        return True
    if action == "cypher":
        return not account.scoped
    return bool(account.can(action))


def _freeze(kwargs: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    def plain(v: Any) -> Any:
        if isinstance(v, list | tuple):
            return tuple(v)
        if isinstance(v, dict):
            return tuple(sorted(v.items()))
        return v

    return tuple(sorted((k, plain(v)) for k, v in kwargs.items()))


def _thaw(frozen: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in frozen}


@st.cache_data(show_spinner=False, max_entries=256, ttl=6 * 3600)
def _cached(name: str, uri: str, version: str, frozen: tuple[tuple[str, Any], ...],
            _store: GraphStore) -> Any:  # the leading _: Streamlit leaves it out of the key
    return catalogue.run(name, _store, _thaw(frozen), services().config)


def call(name: str, /, **params: Any) -> Any:
    """The analysis ``name`` of the catalogue on the store, cached on (name, store URI,
    store version, params); settings from the services' config."""
    store = get_store()
    return _cached(name, store.uri, store.version(), _freeze(params), store)


def guard(fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)``, or :data:`FAILED` after showing the error (never a traceback)."""
    try:
        return fn(*args, **kwargs)
    except ReadOnlyError:
        st.error(t("err.readonly"))
    except StoreMissing as exc:
        st.error(t("err.missing", msg=str(exc)))
    except Exception as exc:  # noqa: BLE001 - the user sees the message, not a traceback
        st.error(t("err.failed", msg=str(exc) or type(exc).__name__))
    return FAILED


def fetch(name: str, /, **params: Any) -> Any:
    """:func:`call` for a page: None after showing why it failed."""
    out = guard(call, name, **params)
    return None if out is FAILED else out


def lang() -> str:
    """The session's language."""
    return current_lang()


def _none_if_all(value: Any) -> Any:
    return None if value in (None, "", "__all__") else value


def filters(*, as_of: bool = True) -> dict[str, Any]:
    """The shared sidebar filters as analysis parameters (None = no filter)."""
    out = {
        "county": _none_if_all(st.session_state.get("f_county")),
        "domain": _none_if_all(st.session_state.get("f_domain")),
        "tier": _none_if_all(st.session_state.get("f_tier")),
    }
    if as_of:
        out["as_of"] = as_of_text()
    return out


def as_of_text() -> str:
    """The as-of date of the sidebar, ISO formatted."""
    day = st.session_state.get("f_as_of") or dt.date.today()
    return day.isoformat() if isinstance(day, dt.date) else str(day)


def counties() -> list[str]:
    """The counties in the store (for the filter), [] when there is no graph."""
    try:
        return call("counties")["county"].tolist()
    except Exception:  # noqa: BLE001 - an empty or missing store has no counties
        return []


#: Columns whose values are enum codes the labels module does not map by column name.
_EXTRA_VALUE_COLUMNS = {"role": "member_role"}


def _labels(analysis: str | None) -> dict[str, tuple[str, str]]:
    return dict(catalogue.get(analysis).labels) if analysis else {}


def _values(analysis: str | None) -> dict[str, str]:
    """Column -> the label dimension its values are translated with (the analysis's own
    choices beside the shared ones; a parameter-dependent one is the page's business)."""
    out = {**VALUE_COLUMNS, **_EXTRA_VALUE_COLUMNS}
    if analysis:
        out.update({c: d for c, d in catalogue.get(analysis).values.items()
                    if not d.startswith("$")})
    return out


def display(df: pd.DataFrame, *, analysis: str | None = None) -> pd.DataFrame:
    """``df`` with headers and enum values in the session's language, blanks for missing
    text; headers as the catalogue entry ``analysis`` names them, when given."""
    out = translate_values(df, lang(), _values(analysis))
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].astype(object).where(out[col].notna(), "")
    return translate_columns(out, lang(), _labels(analysis))


def fit(rows: int, cap: int | None) -> int | str:
    """Fit the table to its rows, up to ``cap`` pixels (then it scrolls)."""
    fitted = 38 + 35 * max(rows, 1) + 2
    return "auto" if cap is None else min(fitted, cap)


def show_table(df: pd.DataFrame, *, height: int | None = None,
               analysis: str | None = None, open_org: str | None = None) -> None:
    """An analysis result as a table with translated headers and values (headers as
    the catalogue entry ``analysis`` names them, when given). With ``open_org`` (a
    widget key), a click on a row opens that row's ``org_id`` in the 组织档案 page."""
    if df.empty:
        st.caption(t("no_rows"))
    if open_org is None:
        st.dataframe(display(df, analysis=analysis), hide_index=True, width="stretch",
                     height=fit(len(df), height))
        return
    st.caption(t("pf.click_row"))
    picked = st.dataframe(display(df, analysis=analysis), hide_index=True, width="stretch",
                          height=fit(len(df), height), key=open_org, on_select="rerun",
                          selection_mode="single-row")
    rows = picked.selection.rows if picked is not None else []
    if rows:
        open_profile(str(df["org_id"].iloc[rows[0]]))


def open_profile(org: str) -> None:
    """Go to the 组织档案 page of ``org`` (in this session: no new login)."""
    st.switch_page(_VIEWS / "profile.py", query_params={"org": org})


@st.cache_data(show_spinner=False, max_entries=64)
def _csv_bytes(df: pd.DataFrame, lang_: str, analysis: str | None) -> bytes:
    return table_bytes(df, "csv", lang=lang_, labels=_labels(analysis), values=_values(analysis))


def csv_bytes(df: pd.DataFrame, analysis: str | None = None) -> bytes:
    """``df`` as the CSV ``queries.export.write_table`` writes (BOM, formula-safe, labels)."""
    return _csv_bytes(df, lang(), analysis)


_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_bytes(df: pd.DataFrame, lang_: str, analysis: str | None) -> bytes:
    return table_bytes(df, "xlsx", lang=lang_, labels=_labels(analysis), values=_values(analysis))


def download_buttons(
    name: str, shown: pd.DataFrame, everything: Callable[[], pd.DataFrame] | None = None,
    *, analysis: str | None = None,
) -> None:
    """Buttons for the rows shown and, when given, for everything, each as CSV (BOM) and
    as an Excel workbook; headers as the catalogue entry ``analysis`` names them, when
    given. Only the shown CSV is made up front; the others when clicked."""
    lang_ = lang()
    cols = st.columns(4)
    data = guard(csv_bytes, shown, analysis)
    if data is not FAILED:
        label = t("dl.shown") if everything is not None else t("dl.csv")
        cols[0].download_button(label, data, file_name=f"{name}.csv", mime="text/csv",
                                key=f"dl_{name}_shown", on_click="ignore")
    cols[1].download_button(
        t("dl.shown_xlsx") if everything is not None else t("dl.xlsx"),
        lambda: _xlsx_bytes(shown, lang_, analysis), file_name=f"{name}.xlsx", mime=_XLSX,
        key=f"dl_{name}_shown_xlsx", on_click="ignore")
    if everything is not None:
        everything = _pinned(everything)  # the scoped store, not the whole one
        cols[2].download_button(t("dl.all"), lambda: _csv_bytes(everything(), lang_, analysis),
                                file_name=f"{name}-all.csv", mime="text/csv",
                                key=f"dl_{name}_all", on_click="ignore")
        cols[3].download_button(t("dl.all_xlsx"), lambda: _xlsx_bytes(everything(), lang_, analysis),
                                file_name=f"{name}-all.xlsx", mime=_XLSX,
                                key=f"dl_{name}_all_xlsx", on_click="ignore")


def report_buttons(county: str | None, as_of: str) -> None:
    """Buttons that download the monthly report (:func:`reports.report_bytes`: the same
    file as ``branchgraph report``) of ``county`` (None: every county in the session's
    store) on ``as_of``, as a PDF and as a workbook; made when clicked."""
    from reports import MIME, report_bytes
    from reports.fonts import cjk_font

    lang_ = lang()
    if guard(cjk_font, lang_) is FAILED:  # no Chinese font to embed: the error says which
        return
    options = {"lang": lang_, "county": county, "as_of": as_of, "config": services().config}
    stem = f"{t('ov.report_file')}-{county or t('f.all')}-{as_of}"
    cols = st.columns(4)
    for col, fmt, label in ((cols[0], "pdf", "ov.report_pdf"), (cols[1], "xlsx", "ov.report_xlsx")):
        make = _pinned(lambda fmt=fmt: report_bytes(get_store(), fmt, **options))
        col.download_button(t(label), make, file_name=f"{stem}.{fmt}", mime=MIME[f".{fmt}"],
                            key=f"dl_report_{fmt}", on_click="ignore")


def number_param(analysis: str, name: str, *, key: str, low: int = 0,
                 high: int | None = None) -> int:
    """A number box for the int parameter ``name`` of ``analysis``: its label from the
    catalogue entry (in the session's language), its default the analysis's own."""
    a = catalogue.get(analysis)
    default = a.param(name).default
    return int(st.number_input(a.header(name, lang()), min_value=low, max_value=high,
                               value=int(default), step=1, key=key))


def has_graph() -> bool:
    """Whether the store holds a loaded graph."""
    try:
        return get_store().exists()
    except Exception:  # noqa: BLE001 - an unreadable store counts as empty here
        return False


def require_graph() -> None:
    """Stop the page with an explanation and a demo button when the store is empty."""
    if has_graph():
        return
    st.warning(t("empty.title"))
    st.markdown(t("empty.body", uri=get_store().uri))
    demo = services().demo if may("load") else None
    if demo is not None and st.button(t("empty.demo"), type="primary", key="demo_button"):
        with st.spinner(t("empty.building")):
            done = guard(demo, get_store())
        if done is not FAILED:
            st.cache_data.clear()
            st.success(t("empty.demo_done"))
            st.rerun()
    st.stop()


def enum_values(dimension: str) -> list[str]:
    """The canonical values of a schema enum (``domain``, ``tier``...), for filters."""
    from graphmodel.schema import ENUMS

    return list(ENUMS.get(dimension, ()))


def value_text(dimension: str, value: Any, *, lang: str | None = None) -> str:
    """An enum value in ``lang`` (default: the session's), e.g. ``lagging`` -> 后进."""
    return str(value_label(dimension, value, lang or current_lang()))


def load_info() -> Any:
    """The store's :class:`~graphmodel.LoadInfo`, or None (never raises)."""
    try:
        return get_store().load_info()
    except Exception:  # noqa: BLE001 - shown as "no graph" elsewhere
        return None


def local_time(stamp: str | None) -> str:
    """An ISO time stamp as ``YYYY-MM-DD HH:MM`` in the department's time zone
    (``Config.timezone``); the text as given when it is not a time stamp."""
    if not stamp:
        return ""
    try:
        when = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if when.tzinfo is not None:
        from zoneinfo import ZoneInfo

        when = when.astimezone(ZoneInfo(services().config.timezone))
    return when.strftime("%Y-%m-%d %H:%M")


def source_text(source: str | None) -> str:
    """Where the graph came from, as a planner names it: the demo in words, a file by
    its own name (never the upload's temporary folder)."""
    if not source:
        return "-"
    if source.startswith("demo"):
        return t("data.demo_source")
    return Path(source).name


def frame_html(html_text: str, *, height: int) -> None:
    """Self-contained HTML (a pyvis drawing) in an iframe."""
    if hasattr(st, "iframe"):
        st.iframe(html_text, height=height)
    else:  # pragma: no cover - older Streamlit
        import streamlit.components.v1 as components

        components.html(html_text, height=height)
