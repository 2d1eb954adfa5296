"""The branchgraph dashboard: ``streamlit run dashboard/app.py -- --store PATH``.

This entry script draws the frame every page shares — the language switch, the
filters (county, domain, tier, as-of date, kept in ``st.session_state`` so they
persist across pages) and the store's load time — then runs the chosen page.

To add a page: put ``my_page.py`` in ``dashboard/views/`` and add ONE line to
:data:`PAGES` (file, Chinese title, English title, icon, url path). A listed page
whose file does not exist yet is left out of the menu. (Not in ``pages/``:
Streamlit runs a script there on its own when its URL is opened.) Every page
starts with ``state.in_frame()`` and then uses :mod:`dashboard.state` and
:func:`dashboard.i18n.t`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from branchgraph import settings
from dashboard import state
from dashboard.i18n import LANGS, set_default_lang, t

#: The menu, in order: (file under views/, title zh, title en, icon, url path).
PAGES: list[tuple[str, str, str, str, str]] = [
    ("overview.py", "总览", "Overview", ":material/dashboard:", "overview"),
    ("gaps.py", "覆盖缺口", "Coverage gaps", ":material/report:", "gaps"),
    ("mentors.py", "包联负荷", "Mentor load", ":material/groups:", "mentors"),
    ("alliances.py", "联建网络", "Alliances", ":material/hub:", "alliances"),
    ("proposals.py", "建议", "Proposals", ":material/lightbulb:", "proposals"),
    ("queries.py", "查询", "Queries", ":material/search:", "queries"),
    ("data.py", "数据", "Data", ":material/upload_file:", "data"),
]

HERE = Path(__file__).resolve().parent


def _pick_lang() -> None:
    """The language switch's callback: a click that unselects keeps the language."""
    picked = st.session_state.get("lang_pick")
    if picked in LANGS:
        st.session_state["lang"] = picked
    else:
        st.session_state["lang_pick"] = st.session_state["lang"]


def _sidebar() -> None:
    set_default_lang(settings.get("lang"))
    if st.session_state.get("lang") not in LANGS:
        st.session_state["lang"] = settings.get("lang") if settings.get("lang") in LANGS else "zh"
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
        st.subheader(t("app.filters"))
        all_ = "__all__"
        st.selectbox(t("f.county"), [all_, *state.counties()], key="f_county",
                     format_func=lambda v, L=lang: t("f.all", lang=L) if v == all_ else v)
        for dim in ("domain", "tier"):
            st.selectbox(t(f"f.{dim}"), [all_, *state.enum_values(dim)], key=f"f_{dim}",
                         format_func=lambda v, d=dim, L=lang: t("f.all", lang=L) if v == all_
                         else state.value_text(d, v, lang=L))
        st.date_input(t("f.as_of"), value=dt.date.today(), key="f_as_of")
        st.divider()
        st.caption(t("app.store", uri=state.store_uri()))
        info = state.load_info()
        if info is not None:
            st.caption(t("app.loaded", when=info.loaded_at))


def main() -> None:
    # A local favicon: a material icon (here or on st.Page) would be fetched from
    # fonts.gstatic.com for the browser tab.
    st.set_page_config(page_title="branchgraph", page_icon=str(HERE / "favicon.png"),
                       layout="wide")
    _sidebar()
    lang = state.lang()
    pages = [
        st.Page(f"views/{file}", title=zh if lang == "zh" else en, icon=icon, url_path=url,
                default=(i == 0))
        for i, (file, zh, en, icon, url) in enumerate(PAGES)
        if (HERE / "views" / file).is_file()
    ]
    page = st.navigation(pages)
    with state.frame():
        page.run()


main()
