"""Coverage gaps (覆盖缺口): who lacks a watcher, a mentor, an alliance... as a list to hand out.

The sidebar filters (county, domain, tier, as-of) go to the ``coverage-gaps`` analysis;
the dimension and the star range are this page's own. The first download is exactly
the rows shown; the second is every gap on that day and dimension, without any filter.
"""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.i18n import t
from dashboard.views import Page
from queries.coverage import DIMENSIONS

PAGE = Page("覆盖缺口", "Coverage gaps", ":material/report:", 20, "gaps")


def render() -> None:
    st.title(t("page.gaps"))
    state.require_graph()
    f = state.filters()
    c1, c2, c3 = st.columns([2, 2, 1])
    dimension = c1.selectbox(t("gaps.dimension"), DIMENSIONS, key="gaps_dimension",
                             format_func=lambda d, L=state.lang():
                             state.value_text("missing", d, lang=L))
    low, high = c2.slider(t("gaps.stars"), 0, 10, (0, 10), key="gaps_stars")
    unrated = c3.checkbox(t("gaps.unrated"), value=True, key="gaps_unrated")

    gaps = state.fetch("coverage-gaps", **f, dimension=dimension)
    if gaps is None:
        return
    stars = gaps["stars"]
    keep = stars.between(low, high) | (stars.isna() & unrated)
    shown = gaps[keep.fillna(False).astype(bool)].reset_index(drop=True)

    m = st.columns(3)
    m[0].metric(t("page.gaps"), f"{len(shown):,}")
    m[1].metric(t("gaps.lagging"), f"{int((shown['tier'] == 'lagging').sum()):,}")
    m[2].metric(t("gaps.weak"), f"{int(shown['weak'].fillna(False).astype(bool).sum()):,}")
    st.caption(t("gaps.count", shown=len(shown), total=len(gaps)))
    state.show_table(shown, height=480, open_org="gaps_table")
    state.download_buttons(
        f"coverage-gaps-{dimension}",
        shown,
        lambda: state.call("coverage-gaps", as_of=f["as_of"], dimension=dimension),
    )


if __name__ == "__main__":
    render()
