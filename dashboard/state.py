"""What every page shares: the store, the cached calls, the filters, tables and downloads.

The store is opened once per server under ``st.cache_resource``. Analysis results
are cached with ``st.cache_data`` keyed on the analysis, the store's
``version()`` and the filters, so a new load (from the Data page or from
``branchgraph load`` in a terminal) is picked up on the next rerun. Pages never
import an analysis module directly: they name it (``"queries.coverage:coverage_gaps"``)
and :func:`call` resolves it, so a page whose analysis is not written yet says so
instead of failing.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from branchgraph import settings
from dashboard.i18n import t
from graphmodel import GraphStore, ReadOnlyError, StoreMissing, open_store

__all__ = [
    "FAILED",
    "store_uri",
    "get_store",
    "resolve",
    "available",
    "call",
    "guard",
    "not_available",
    "filters",
    "as_of_text",
    "lang",
    "counties",
    "display",
    "show_table",
    "csv_bytes",
    "download_buttons",
    "has_graph",
    "require_graph",
    "enum_values",
    "value_text",
    "load_info",
    "fetch",
    "frame_html",
    "in_frame",
    "frame",
    "fit",
]

#: What :func:`guard` returns when the call failed (the error is already on screen).
FAILED = object()


def store_uri() -> str:
    """The store named after ``--`` on the streamlit command line, else the setting."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--store", default=None)
    known, _ = parser.parse_known_args(sys.argv[1:])
    return known.store or settings.get("store")


@st.cache_resource(show_spinner=False)
def _open(uri: str) -> GraphStore:
    options: dict[str, Any] = {"timeout": float(settings.get("query_timeout"))}
    if uri.startswith(("bolt", "neo4j")) and settings.get("user"):
        options["auth"] = (settings.get("user"), settings.get("password"))
    try:
        return open_store(uri, **options)
    except TypeError:  # a backend without a timeout option
        options.pop("timeout")
        return open_store(uri, **options)


def get_store() -> GraphStore:
    """The session's store (one handle per server and URI)."""
    return _open(store_uri())


def resolve(target: str) -> Callable[..., Any]:
    """``"package.module:function"`` -> the function (ImportError/AttributeError if absent)."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def available(*targets: str) -> bool:
    """Whether every named function exists (another helper may still be writing it)."""
    for target in targets:
        try:
            resolve(target)
        except Exception:  # noqa: BLE001 - missing or half-written module
            return False
    return True


def not_available(target: str) -> None:
    """Say that an analysis is not there yet."""
    st.info(t("na", what=target.replace(":", ".")))


def _freeze(kwargs: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in kwargs.items()))


@st.cache_data(show_spinner=False, max_entries=256, ttl=6 * 3600)
def _cached(target: str, uri: str, version: str, frozen: tuple[tuple[str, Any], ...]) -> Any:
    return resolve(target)(_open(uri), **dict(frozen))


def call(target: str, /, **kwargs: Any) -> Any:
    """``target(store, **kwargs)``, cached on (target, store URI, store version, kwargs)."""
    store = get_store()
    return _cached(target, store.uri, store.version(), _freeze(kwargs))


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


def lang() -> str:
    """The session's language."""
    from dashboard.i18n import current_lang

    return current_lang()


_session_lang = lang


def _none_if_all(value: Any) -> Any:
    return None if value in (None, "", "__all__") else value


def filters(*, as_of: bool = True) -> dict[str, Any]:
    """The shared sidebar filters as analysis keyword arguments (None = no filter)."""
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


def _counties(store: GraphStore) -> list[str]:
    df = store.run(
        "MATCH (o:Organization) WHERE o.county IS NOT NULL "
        "RETURN DISTINCT o.county AS county ORDER BY county"
    )
    return [str(c) for c in df["county"].tolist()] if not df.empty else []


def counties() -> list[str]:
    """The counties in the store (for the filter), [] when there is no graph."""
    try:
        return call("dashboard.state:_counties")
    except Exception:  # noqa: BLE001 - an empty or missing store has no counties
        return []


#: Columns whose values are enum codes the labels module does not map by column name.
_EXTRA_VALUE_COLUMNS = {"role": "member_role"}


def display(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with headers and enum values in the session's language, blanks for missing text."""
    from queries.labels import VALUE_COLUMNS, translate_columns, translate_values

    out = translate_values(df, lang(), {**VALUE_COLUMNS, **_EXTRA_VALUE_COLUMNS})
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].astype(object).where(out[col].notna(), "")
    return translate_columns(out, lang())


def fit(rows: int, cap: int | None) -> int | str:
    """Fit the table to its rows, up to ``cap`` pixels (then it scrolls)."""
    fitted = 38 + 35 * max(rows, 1) + 2
    return "auto" if cap is None else min(fitted, cap)


def show_table(df: pd.DataFrame, *, height: int | None = None) -> None:
    """An analysis result as a table with translated headers and values."""
    if df.empty:
        st.caption(t("no_rows"))
    st.dataframe(display(df), hide_index=True, width="stretch", height=fit(len(df), height))


@st.cache_data(show_spinner=False, max_entries=64)
def _csv_bytes(df: pd.DataFrame, lang_: str) -> bytes:
    from queries.export import table_bytes

    return table_bytes(df, "csv", lang=lang_)


def csv_bytes(df: pd.DataFrame) -> bytes:
    """``df`` as the CSV ``queries.export.write_table`` writes (BOM, formula-safe, labels)."""
    return _csv_bytes(df, lang())


def download_buttons(
    name: str, shown: pd.DataFrame, everything: Callable[[], pd.DataFrame] | None = None
) -> None:
    """A button for the rows shown and, when given, one for everything (both CSV)."""
    if not available("queries.export:table_bytes"):
        not_available("queries.export:table_bytes")
        return
    cols = st.columns(2)
    with cols[0]:
        data = guard(csv_bytes, shown)
        if data is not FAILED:
            label = t("dl.shown") if everything is not None else t("dl.csv")
            st.download_button(label, data, file_name=f"{name}.csv", mime="text/csv",
                               key=f"dl_{name}_shown", on_click="ignore")
    if everything is not None:
        with cols[1]:
            full = guard(everything)
            data = FAILED if full is FAILED else guard(csv_bytes, full)
            if data is not FAILED:
                st.download_button(t("dl.all"), data, file_name=f"{name}-all.csv",
                                   mime="text/csv", key=f"dl_{name}_all", on_click="ignore")


def has_graph() -> bool:
    """Whether the store holds a loaded graph."""
    try:
        return get_store().exists()
    except Exception:  # noqa: BLE001 - an unreadable store counts as empty here
        return False


def _build_demo(store: GraphStore) -> None:
    from loaders.demo import generate
    from loaders.load import load_tables

    load_tables(store, generate(seed=0), source="demo (seed 0)")


def require_graph() -> None:
    """Stop the page with an explanation and a demo button when the store is empty."""
    if has_graph():
        return
    uri = get_store().uri
    st.warning(t("empty.title"))
    st.markdown(t("empty.body", uri=uri))
    if available("loaders.demo:generate", "loaders.load:load_tables"):
        if st.button(t("empty.demo"), type="primary", key="demo_button"):
            with st.spinner(t("empty.building")):
                done = guard(_build_demo, get_store())
            if done is not FAILED:
                st.cache_data.clear()
                st.success(t("empty.demo_done"))
                st.rerun()
    else:
        not_available("loaders.demo:generate")
    st.stop()


def enum_values(dimension: str) -> list[str]:
    """The canonical values of a contract enum (``domain``, ``tier``...), for filters."""
    from loaders.contract import ENUMS

    return list(ENUMS.get(dimension, {}))


def value_text(dimension: str, value: Any, *, lang: str | None = None) -> str:
    """An enum value in ``lang`` (default: the session's), e.g. ``lagging`` -> 后进."""
    from queries.labels import value_label

    return str(value_label(dimension, value, lang or _session_lang()))


def load_info() -> Any:
    """The store's :class:`~graphmodel.LoadInfo`, or None (never raises)."""
    try:
        return get_store().load_info()
    except Exception:  # noqa: BLE001 - shown as "no graph" elsewhere
        return None


def fetch(target: str, /, **kwargs: Any) -> Any:
    """:func:`call` for a page: None after saying why (not written yet, or failed)."""
    if not available(target):
        not_available(target)
        return None
    out = guard(call, target, **kwargs)
    return None if out is FAILED else out


def _organisations(store: GraphStore, county: str | None = None) -> pd.DataFrame:
    """org_id, name of every organisation (in ``county``), for pickers."""
    if county is None:  # a null $county would be typed as a boolean by LadybugDB
        return store.run("MATCH (o:Organization) RETURN o.org_id AS org_id, o.name AS name "
                         "ORDER BY org_id")
    return store.run(
        "MATCH (o:Organization) WHERE o.county = $county "
        "RETURN o.org_id AS org_id, o.name AS name ORDER BY org_id",
        {"county": county},
    )


def _network(store: GraphStore, *, color_by: str, size_by: str, max_nodes: int, lang: str,
             **scope: Any) -> dict[str, Any]:
    """network_for + pyvis_html in one cached step: nodes, edges, truncation, html."""
    from queries.networks import network_for, pyvis_html

    g = network_for(store, max_nodes=max_nodes, **scope)
    return {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "truncated": bool(g.graph.get("truncated", False)),
        "total": int(g.graph.get("total_nodes", g.number_of_nodes())),
        "html": pyvis_html(g, color_by=color_by, size_by=size_by, lang=lang, height="620px")
        if g.number_of_nodes() else "",
    }


def frame_html(html_text: str, *, height: int) -> None:
    """Self-contained HTML (a pyvis drawing) in an iframe."""
    if hasattr(st, "iframe"):
        st.iframe(html_text, height=height)
    else:  # pragma: no cover - older Streamlit
        import streamlit.components.v1 as components

        components.html(html_text, height=height)


_FRAME = threading.local()


@contextlib.contextmanager
def frame() -> Iterator[None]:
    """Marks the page run as happening inside ``app.py`` (see :func:`in_frame`)."""
    _FRAME.active = True
    try:
        yield
    finally:
        _FRAME.active = False


def in_frame() -> None:
    """Make sure this page runs inside ``app.py`` (call first on every page).

    Streamlit treats a ``pages/`` folder next to the entry script as an old-style
    multipage app: until some run calls ``st.navigation``, a page script found
    there and opened by its URL on a fresh server runs on its own, without the
    sidebar and filters. Our pages live in ``views/`` for that reason; should one
    land in ``pages/`` anyway, its lone run switches that mode off and reruns
    through the entry script.
    """
    if getattr(_FRAME, "active", False):
        return
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    st.rerun()
