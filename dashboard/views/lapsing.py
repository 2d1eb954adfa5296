"""Only watcher's link ends soon (唯一包联即将到期): renew it or find a second watcher.

The sidebar filters go to the ``lapsing-watch`` analysis with this page's number of
days ahead; the table and the download are its rows, soonest end first.
"""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.i18n import t
from dashboard.views import Page

ANALYSIS = "lapsing-watch"
PAGE = Page.of(ANALYSIS, ":material/event_busy:", 25, "lapsing")


def render() -> None:
    st.title(PAGE.title(state.lang()))
    state.require_graph()
    f = state.filters()
    days = state.number_param(ANALYSIS, "days", key="lapse_days", high=366)
    rows = state.fetch(ANALYSIS, **f, days=days)
    if rows is None:
        return
    m = st.columns(2)
    m[0].metric(PAGE.title(state.lang()), f"{len(rows):,}")
    m[1].metric(t("gaps.lagging"), f"{int((rows['tier'] == 'lagging').sum()):,}")
    st.caption(t("rows", n=len(rows)))
    state.show_table(rows, height=480, analysis=ANALYSIS)
    state.download_buttons(ANALYSIS, rows, analysis=ANALYSIS)


if __name__ == "__main__":
    render()
