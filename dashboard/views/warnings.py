"""Warnings (预警): this month's red and yellow warnings, each with why, since and who acts.

The ``warnings`` analysis with the sidebar's county and day; the thresholds are the
settings (shown above the table).
"""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.i18n import t
from dashboard.views import Page

ANALYSIS = "warnings"
PAGE = Page.of(ANALYSIS, ":material/warning:", 16, "warnings")


def render() -> None:
    st.title(PAGE.title(state.lang()))
    state.require_graph()
    f = state.filters()
    rows = state.fetch(ANALYSIS, county=f["county"], as_of=f["as_of"], lang=state.lang())
    if rows is None:
        return
    cfg = state.services().config
    st.caption(t("warn.rules", months=cfg.setting("warn_unwatched_months"),
                 deadline=cfg.setting("weak_deadline_months"),
                 days=cfg.setting("warn_lapse_days"), drop=cfg.setting("warn_share_drop")))
    if rows.empty:
        st.success(t("warn.none"))
        return
    red, yellow = st.columns(2)
    red.metric(t("warn.red"), f"{int((rows['severity'] == 'red').sum()):,}")
    yellow.metric(t("warn.yellow"), f"{int((rows['severity'] == 'yellow').sum()):,}")
    st.caption(t("rows", n=len(rows)))
    state.show_table(rows, height=480, analysis=ANALYSIS)
    state.download_buttons(ANALYSIS, rows, analysis=ANALYSIS)


if __name__ == "__main__":
    render()
