"""Overview (总览): the figures a planner checks every month, at a glance.

The headline figures (analysis ``headline``), the star targets (``star-progress``),
per-county charts (``coverage-rates``, ``star-distribution``) and the gaps to look at
first (``coverage-gaps``), and the monthly report to download (``reports``: the same file
as ``branchgraph report``). This page only renders.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard.charts import Measure, controls, ranked
from dashboard.i18n import t
from dashboard.views import Page

PAGE = Page("总览", "Overview", ":material/dashboard:", 10, "overview")

#: Headline figures in the two rows of metrics: (figure key, string key).
_METRICS = (
    ("organisations", "ov.orgs"), ("watched_share", "ov.watched_share"),
    ("unwatched", "ov.uncovered"), ("over_capacity", "ov.over_capacity"),
    ("lagging_unwatched", "ov.uncovered_lagging"), ("weak_unwatched", "ov.uncovered_weak"),
    ("alliances", "ov.alliances"), ("in_alliance", "ov.participating"),
)


def _metrics(f: dict) -> None:
    head = state.fetch("headline", **f)
    if head is None:
        return
    figures = dict(zip(head["figure"], head["value"]))
    cols = st.columns(4) + st.columns(4)
    for col, (key, label) in zip(cols, _METRICS):
        value = figures[key]
        col.metric(t(label), f"{value:.1%}" if key == "watched_share" else f"{int(value):,}")


def _stars() -> None:
    st.subheader(t("ov.stars"))
    progress = state.fetch("star-progress")
    if progress is None or not len(progress):
        return
    st.caption(t("ov.stars_rule", n=int(progress["by_rule"].iloc[0]),
                 total=int(progress["organisations"].iloc[0])))
    cols = st.columns(len(progress))
    for col, (_, r) in zip(cols, progress.iterrows()):
        goal = "" if pd.isna(r["goal_count"]) else f"{int(r['goal_count']):,} / "
        col.metric(
            state.value_text("target", r["target"]),
            f"{int(r['at_target']):,}",
            delta=t("ov.vs_goal", gap=f"{int(r['count_gap']):,}") if r["count_gap"] else
            t("ov.goal_met"),
            delta_color="inverse" if r["count_gap"] else "normal",
            help=t("ov.target_help", goal=f"{goal}{float(r['goal_share']):.1%}",
                   share=f"{float(r['share']):.1%}", n=f"{int(r['organisations']):,}",
                   gap=f"{int(r['count_gap']):,}"),
        )


#: The three per-county charts: share watched, share at 6+ stars, organisations unwatched.
_CHARTS = (
    Measure("ov.chart_watched", ("organisations", "watched"),
            lambda d: 100 * d["watched"] / d["organisations"].where(d["organisations"] > 0)),
    Measure("ov.chart_six", ("rated", "at6"),
            lambda d: 100 * d["at6"] / d["rated"].where(d["rated"] > 0)),
    Measure("ov.chart_uncovered", ("unwatched",), lambda d: d["unwatched"], worse="high"),
)


def _per_county(f: dict, gaps: pd.DataFrame | None) -> list[pd.DataFrame | None]:
    """The additive columns of each chart, one row per county (``group``)."""
    rates = state.fetch("coverage-rates", as_of=f["as_of"], by="county")
    dist = state.fetch("star-distribution", by="county")
    if dist is not None:
        dist = dist.assign(at6=(dist["at6_share"] * dist["rated"]).round())
    unwatched = None if gaps is None else (
        gaps.groupby("county", dropna=False).size().rename("unwatched")
        .rename_axis("group").reset_index())
    return [rates, dist, unwatched]


def _charts(f: dict, gaps: pd.DataFrame | None) -> None:
    st.subheader(t("ov.by_county"))
    frames = _per_county(f, gaps)
    groups = max((len(x) for x in frames if x is not None), default=0)
    if not groups:
        return
    view = controls("ov_chart", groups)
    for col, measure, frame in zip(st.columns(3), _CHARTS, frames):
        if frame is not None and len(frame):
            with col:
                ranked(frame, measure, view)


#: The trend figures a planner can pick, as the ``trends`` analysis names them.
_TRENDS = ("watched_share", "lagging_unwatched", "weak_unwatched", "weak", "at6_share",
           "at8_share")


def _trends(county: str | None) -> None:
    """Trend lines over every monthly snapshot (``trends``): all, or the chosen county
    beside all; nothing until two months are kept."""
    if len(state.snapshots()) < 2:
        return
    rows = state.fetch("trends")
    if rows is None or rows.empty:
        return
    st.subheader(t("ov.trends"))
    figure = st.selectbox(t("ov.trend_pick"), _TRENDS, key="ov_trend",
                          format_func=lambda v: state.value_text("figure", v))
    everyone = t("f.all")
    rows = rows.assign(county=rows["county"].where(rows["county"].notna(), everyone))
    if county:
        rows = rows[rows["county"].isin([everyone, county])]
    wide = rows.pivot_table(index="day", columns="county", values=figure, aggfunc="first")
    if figure.endswith("_share"):
        wide = wide * 100
    st.line_chart(wide, height=300)


def render() -> None:
    st.title(t("page.overview"))
    state.require_graph()
    f = state.filters()
    scope = " · ".join(
        str(v) if k == "county" else state.value_text(k, v)
        for k, v in f.items() if k != "as_of" and v is not None
    ) or t("f.all")
    st.caption(t("ov.caption", as_of=f["as_of"], scope=scope))
    _metrics(f)
    _stars()
    _trends(f["county"])
    gaps = state.fetch("coverage-gaps", **f, dimension="watched")
    _charts(f, gaps)
    if gaps is not None:
        st.subheader(t("ov.gaps_head"))
        state.show_table(gaps.head(15))
    st.subheader(t("ov.report"))
    st.caption(t("ov.report_caption", scope=f["county"] or t("f.all"), as_of=f["as_of"]))
    state.report_buttons(f["county"], f["as_of"])


if __name__ == "__main__":
    render()
