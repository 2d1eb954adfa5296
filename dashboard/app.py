"""The frame every page shares, and the menu.

:func:`main` is called by the entry script (:mod:`branchgraph.webapp`) on every run with
the :class:`~dashboard.state.Services`: it draws the language switch, lets the session
through the login (:mod:`dashboard.login`), then the filters
(county, domain, tier, as-of date, kept in ``st.session_state`` so they persist across
pages) and the store's load time, then runs the chosen page. Pages are found by
:func:`dashboard.views.discover`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from dashboard import state, urlstate
from dashboard.i18n import LANGS, set_default_lang, t
from dashboard.login import gate, logout_button
from dashboard.views import discover

__all__ = ["main"]

HERE = Path(__file__).resolve().parent


def _pick_lang() -> None:
    """The language switch's callback: a click that unselects keeps the language."""
    picked = st.session_state.get("lang_pick")
    if picked in LANGS:
        st.session_state["lang"] = picked
    else:
        st.session_state["lang_pick"] = st.session_state["lang"]


def _choices(name: str) -> list[str]:
    return state.counties() if name == "county" else state.enum_values(name)


def _lang_switch(default_lang: str) -> None:
    set_default_lang(default_lang)
    urlstate.restore(_choices)
    if st.session_state.get("lang") not in LANGS:
        st.session_state["lang"] = default_lang if default_lang in LANGS else "zh"
    if st.session_state.get("lang_pick") not in LANGS:
        st.session_state["lang_pick"] = st.session_state["lang"]
    # format_func closures get the language as a value: AppTest calls them outside a run
    lang = st.session_state["lang"]
    with st.sidebar:
        st.segmented_control(
            t("app.lang"), LANGS, key="lang_pick",
            format_func=lambda code, L=lang: t(f"lang.{code}", lang=L),
            selection_mode="single", on_change=_pick_lang,
        )


def _sidebar() -> None:
    lang = st.session_state["lang"]
    with st.sidebar:
        logout_button()
        st.subheader(t("app.filters"))
        all_ = "__all__"
        st.selectbox(t("f.county"), [all_, *state.counties()], key="f_county",
                     format_func=lambda v, L=lang: t("f.all", lang=L) if v == all_ else v)
        for dim in ("domain", "tier"):
            st.selectbox(t(f"f.{dim}"), [all_, *state.enum_values(dim)], key=f"f_{dim}",
                         format_func=lambda v, d=dim, L=lang: t("f.all", lang=L) if v == all_
                         else state.value_text(d, v, lang=L))
        _month_picker(lang)
        if "f_as_of" not in st.session_state:
            st.session_state["f_as_of"] = dt.date.today()
        st.date_input(t("f.as_of"), key="f_as_of")
        st.divider()
        st.caption(t("app.store", uri=state.services().store_uri))
        info = state.load_info()
        if info is not None:
            st.caption(t("app.loaded", when=state.local_time(info.loaded_at)))


def _picked_month() -> None:
    """A past month answers for its own day; the newest for today."""
    days = state.snapshots()
    day = st.session_state.get("f_snapshot")
    past = day in days[1:]
    st.session_state["f_as_of"] = dt.date.fromisoformat(day) if past else dt.date.today()


def _month_picker(lang: str) -> None:
    """The snapshot picker (月份), when more than one month is kept."""
    days = state.snapshots()
    if len(days) < 2:
        st.session_state.pop("f_snapshot", None)
        return
    if st.session_state.get("f_snapshot") not in days:
        st.session_state["f_snapshot"] = days[0]
    st.selectbox(t("f.snapshot"), days, key="f_snapshot", on_change=_picked_month,
                 format_func=lambda d, n=days[0], L=lang: t("f.newest", lang=L, day=d)
                 if d == n else d)


def main(services: state.Services) -> None:
    """Draw the frame and run the chosen page."""
    state.configure(services)
    # A local favicon: a material icon (here or on st.Page) would be fetched from
    # fonts.gstatic.com for the browser tab.
    st.set_page_config(page_title="branchgraph", page_icon=str(HERE / "favicon.png"),
                       layout="wide")
    _lang_switch(services.lang)
    gate()  # the login page, when there are accounts and no fresh login
    _sidebar()
    urlstate.publish(services.lang if services.lang in LANGS else "zh")
    lang = state.lang()
    allowed = [(page, path) for page, path in discover() if state.may(page.needs)]
    pages = [st.Page(path, title=page.title(lang), icon=page.icon, url_path=page.url,
                     default=(i == 0))
             for i, (page, path) in enumerate(allowed)]
    st.navigation(pages, expanded=True).run()  # every page listed, no "view more"
