"""Mentor load (包联负荷): how many organisations each person watches, who is over capacity.

``queries.mentors.mentor_load`` gives one row per mentor or contact point;
``load_summary`` the headline figures; ``watched_by`` one person's organisations.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard.i18n import t

LOAD = "queries.mentors:mentor_load"
STATUSES = ("over", "full", "under")

state.in_frame()
st.title(t("page.mentors"))
state.require_graph()

f = state.filters()
load = state.fetch(LOAD, as_of=f["as_of"], county=f["county"])
if load is not None:
    if state.available("queries.mentors:load_summary"):
        summary = state.guard(state.resolve("queries.mentors:load_summary"), load)
        if summary is not state.FAILED and len(summary):
            s = summary.iloc[0]
            m = st.columns(5)
            m[0].metric(t("mt.people"), f"{int(s['people']):,}")
            m[1].metric(t("mt.mean"), f"{float(s['mean_load']):.2f}")
            m[2].metric(t("mt.max"), f"{int(s['max_load']):,}")
            m[3].metric(t("mt.over"), f"{int(s['over_capacity']):,}",
                        help=f"{float(s['over_share']):.1%}")
            m[4].metric(t("mt.mix_broken"), f"{int(s['mix_broken']):,}", help=t("mt.mix_help"))

    st.subheader(t("mt.dist"))
    dist = load["load"].value_counts().sort_index()
    dist.index = dist.index.astype(str)
    st.bar_chart(pd.Series(dist, name=t("mt.people")), x_label=t("mt.load"),
                 y_label=t("mt.people"), height=260)

    c1, c2 = st.columns([3, 2])
    statuses = c1.multiselect(t("mt.status"), STATUSES, default=list(STATUSES), key="mt_status",
                              format_func=lambda v, L=state.lang():
                              state.value_text("status", v, lang=L))
    only_broken = c2.checkbox(t("mt.only_broken"), key="mt_broken")
    keep = load["status"].isin(statuses)
    if only_broken:
        keep &= (load["mentored"] > 0) & ~load["mix_ok"].fillna(False).astype(bool)
    shown = load[keep].reset_index(drop=True)
    st.caption(t("rows", n=len(shown)))
    table = state.display(shown)
    bands = {"over": "#f8d7da", "full": "#fff3cd", "under": ""}
    colours = shown["status"].map(bands).fillna("").tolist()
    styled = table.style.apply(
        lambda col: [f"background-color: {c}" if c else "" for c in colours], axis=0
    ).format(precision=2)
    st.dataframe(styled, hide_index=True, width="stretch", height=state.fit(len(shown), 420))
    state.download_buttons("mentor-load", shown, lambda: state.call(LOAD, as_of=f["as_of"]))

    st.subheader(t("mt.person"))
    people = load.sort_values(["load", "person_id"], ascending=[False, True])
    options = people["person_id"].tolist()
    names = dict(zip(people["person_id"], people["name"]))
    who = st.selectbox(t("mt.pick"), options, index=None, key="mt_person",
                       format_func=lambda p: f"{names.get(p, p)} ({p})",
                       placeholder=t("mt.pick"))
    if who is not None:
        st.markdown(f"**{t('mt.watched_by', name=names.get(who, who))}**")
        watched = state.fetch("queries.mentors:watched_by", person_id=who, as_of=f["as_of"])
        if watched is not None:
            state.show_table(watched)
