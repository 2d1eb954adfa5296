"""What changed (本月变化): the month picked in the sidebar against the one before it.

Three tables from the catalogue: ``changes`` (per organisation), ``changes-people``
(mentors whose load or mix moved) and ``changes-counties`` (环比); each downloads.
"""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.i18n import t
from dashboard.views import Page

ANALYSIS = "changes"
PAGE = Page.of(ANALYSIS, ":material/compare_arrows:", 15, "changes")


def render() -> None:
    st.title(PAGE.title(state.lang()))
    state.require_graph()
    county = state.filters(as_of=False)["county"]
    rows = state.fetch(ANALYSIS, county=county)
    if rows is None:
        return
    if rows.empty and len(state.snapshots()) < 2:
        st.info(t("chg.none"))
        return
    if len(rows):
        st.caption(t("chg.between", a=rows["from_day"].iloc[0], b=rows["to_day"].iloc[0]))
    counts = rows["change"].value_counts()
    top = [c for c in ("newly_uncovered", "newly_watched", "weak_cleared", "tier_up")]
    for col, change in zip(st.columns(len(top)), top):
        col.metric(state.value_text("change", change), f"{int(counts.get(change, 0)):,}")
    orgs, people, counties = st.tabs([t("chg.orgs"), t("chg.people"), t("chg.counties")])
    with orgs:
        st.caption(t("rows", n=len(rows)))
        state.show_table(rows, height=420, analysis=ANALYSIS, open_org="chg_open")
        state.download_buttons(ANALYSIS, rows, analysis=ANALYSIS)
    with people:
        moved = state.fetch("changes-people", county=county)
        if moved is not None:
            state.show_table(moved, height=360, analysis="changes-people")
            state.download_buttons("changes-people", moved, analysis="changes-people")
    with counties:
        heads = state.fetch("changes-counties")
        if heads is not None:
            if county:
                heads = heads[heads["county"] == county]
            state.show_table(heads, height=420, analysis="changes-counties")
            state.download_buttons("changes-counties", heads, analysis="changes-counties")


if __name__ == "__main__":
    render()
