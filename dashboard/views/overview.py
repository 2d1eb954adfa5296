"""Overview (总览): the figures a planner checks every month, at a glance.

Organisations, the share watched, who nobody watches (lagging and weak called
out), people over capacity, alliances, the star targets, and per-county charts.
Everything comes from the analyses in ``queries``; this page only renders.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard.i18n import t

state.in_frame()
st.title(t("page.overview"))


def _chart_height(bars: int) -> int:
    """Room for each county's name on a horizontal bar chart."""
    return max(160, 60 + 24 * bars)


state.require_graph()

f = state.filters()
scope = " · ".join(
    str(v) if k == "county" else state.value_text(k, v)
    for k, v in f.items() if k != "as_of" and v is not None
) or t("f.all")
st.caption(t("ov.caption", as_of=f["as_of"], scope=scope))

cov = state.fetch("queries.coverage:coverage", **f)
gaps = state.fetch("queries.coverage:coverage_gaps", **f, dimension="watched")
load = state.fetch("queries.mentors:mentor_load", as_of=f["as_of"], county=f["county"])
alliances = state.fetch("queries.networks:alliance_table", county=f["county"])

row1 = st.columns(4)
row2 = st.columns(4)
if cov is not None:
    row1[0].metric(t("ov.orgs"), f"{len(cov):,}")
    share = float(cov["watched"].astype(bool).mean()) if len(cov) else 0.0
    row1[1].metric(t("ov.watched_share"), f"{share:.1%}")
    row2[3].metric(t("ov.participating"), f"{int((cov['alliances'] > 0).sum()):,}")
if gaps is not None:
    row1[2].metric(t("ov.uncovered"), f"{len(gaps):,}")
    lagging = int((gaps["tier"] == "lagging").sum())
    weak = int(gaps["weak"].fillna(False).astype(bool).sum())
    row2[0].metric(t("ov.uncovered_lagging"), f"{lagging:,}")
    row2[1].metric(t("ov.uncovered_weak"), f"{weak:,}")
if load is not None and state.available("queries.mentors:load_summary"):
    summary = state.guard(state.resolve("queries.mentors:load_summary"), load)
    if summary is not state.FAILED and len(summary):
        row1[3].metric(t("ov.over_capacity"), f"{int(summary['over_capacity'].iloc[0]):,}")
if alliances is not None:
    row2[2].metric(t("ov.alliances"), f"{len(alliances):,}")

st.subheader(t("ov.stars"))
progress = state.fetch("queries.stars:star_progress")
if progress is not None and len(progress):
    cols = st.columns(len(progress))
    for col, (_, r) in zip(cols, progress.iterrows()):
        diff = float(r["share"]) - float(r["goal_share"])
        col.metric(
            state.value_text("target", r["target"]),
            f"{float(r['share']):.1%}",
            delta=t("ov.vs_goal", diff=f"{diff:+.1%}"),
            help=t("ov.target_help", goal=f"{float(r['goal_share']):.1%}",
                   at=int(r["at_target"]), n=int(r["organisations"]), gap=int(r["gap"])),
        )

st.subheader(t("ov.by_county"))
charts = st.columns(3)
rates = state.fetch("queries.coverage:coverage_rates", as_of=f["as_of"], by="county")
if rates is not None and len(rates):
    with charts[0]:
        st.caption(t("ov.chart_watched"))
        watched_pct = rates.set_index("group")["watched_share"] * 100
        st.bar_chart(watched_pct.rename(t("ov.chart_watched")),
                     horizontal=True, height=_chart_height(len(rates)))
dist = state.fetch("queries.stars:star_distribution", by="county")
if dist is not None and len(dist):
    with charts[1]:
        st.caption(t("ov.chart_six"))
        st.bar_chart((dist.set_index("group")["at6_share"] * 100).rename(t("ov.chart_six")),
                     horizontal=True, height=_chart_height(len(dist)))
if gaps is not None and len(gaps):
    with charts[2]:
        st.caption(t("ov.chart_uncovered"))
        per_county = gaps["county"].fillna("-").value_counts().sort_index()
        st.bar_chart(pd.Series(per_county, name=t("ov.chart_uncovered")), horizontal=True,
                     height=_chart_height(len(per_county)))

if gaps is not None:
    st.subheader(t("ov.gaps_head"))
    state.show_table(gaps.head(15))
