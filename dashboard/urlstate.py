"""The view in the address bar, so a planner can bookmark it or send it.

The page is the URL's path (``/gaps``); the shared filters and the language are its
query: ``?county=红山区&tier=lagging&as_of=2026-11-30&lang=en``. :func:`restore` reads
them once per browser session, before the sidebar draws its widgets (a value that is
not one of the widget's choices is ignored); :func:`publish` writes the current
choices back after every run, leaving out those at their defaults.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import streamlit as st

from dashboard.i18n import LANGS

__all__ = ["restore", "publish"]

_ALL = "__all__"
#: query name -> session key of the sidebar widget
_KEYS = {"county": "f_county", "domain": "f_domain", "tier": "f_tier", "as_of": "f_as_of",
         "lang": "lang"}


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def restore(choices: Callable[[str], Iterable[str]]) -> None:
    """Seed the sidebar from the URL's query, once per session.

    Parameters
    ----------
    choices : the allowed values of ``county``, ``domain`` and ``tier``.
    """
    if st.session_state.get("_url_restored"):
        return
    st.session_state["_url_restored"] = True
    query = st.query_params
    for name in ("county", "domain", "tier"):
        value = query.get(name)
        if value and value in set(choices(name)):
            st.session_state[_KEYS[name]] = value
    day = _day(query.get("as_of") or "")
    if day is not None:
        st.session_state["f_as_of"] = day
    if query.get("lang") in LANGS:
        st.session_state["lang"] = st.session_state["lang_pick"] = query["lang"]


def publish(default_lang: str) -> None:
    """Write the current filters and language into the URL's query (defaults left out;
    other names in the query are left as they are)."""
    wanted: dict[str, str] = {}
    for name in ("county", "domain", "tier"):
        value = st.session_state.get(_KEYS[name])
        if value not in (None, "", _ALL):
            wanted[name] = str(value)
    day = st.session_state.get("f_as_of")
    if isinstance(day, dt.date) and day != dt.date.today():
        wanted["as_of"] = day.isoformat()
    if st.session_state.get("lang") not in (None, default_lang):
        wanted["lang"] = st.session_state["lang"]
    for name in _KEYS:  # only its own names: a page may keep others (?org= on 组织档案)
        if name in wanted and st.query_params.get(name) != wanted[name]:
            st.query_params[name] = wanted[name]
        elif name not in wanted and name in st.query_params:
            del st.query_params[name]
