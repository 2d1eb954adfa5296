"""Mentor load (包联负荷): mentors against their capacity and mix; contact points apart.

Two duties, as domain.md has them: the ``mentor-load`` analysis lists the 包联 mentors
(branches mentored, weighted load, capacity, the 1/1/1 mix); ``contact-load`` the
leaders' contact points (联系点), judged only against a contact capacity when one is
set. ``watched-by`` shows one person's organisations.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard.i18n import t
from dashboard.views import Page
from queries.mentors import load_summary

PAGE = Page("包联负荷", "Mentor load", ":material/groups:", 30, "mentors")
STATUSES = ("over", "full", "under")


def _weights_text() -> str:
    w = state.services().config.tier_weights
    return "、".join(f"{state.value_text('tier', k)}×{w[k]:g}" for k in w) if state.lang() == "zh" \
        else ", ".join(f"{state.value_text('tier', k)} ×{w[k]:g}" for k in w)


def _mentors(f: dict) -> None:
    load = state.fetch("mentor-load", as_of=f["as_of"], county=f["county"])
    if load is None:
        return
    s = load_summary(load).iloc[0]
    m = st.columns(5)
    m[0].metric(t("mt.people"), f"{int(s['people']):,}")
    m[1].metric(t("mt.mean"), f"{float(s['mean_load']):.2f}")
    m[2].metric(t("mt.max"), f"{int(s['max_load']):,}")
    m[3].metric(t("mt.over"), f"{int(s['over_capacity']):,}", help=f"{float(s['over_share']):.1%}")
    m[4].metric(t("mt.mix_broken"), f"{int(s['mix_broken']):,}", help=t("mt.mix_help"))
    st.caption(t("mt.weights", weights=_weights_text(),
                 capacity=state.services().config.capacity))

    st.subheader(t("mt.dist"))
    dist = load["mentored"].value_counts().sort_index()
    dist.index = dist.index.astype(str)
    st.bar_chart(pd.Series(dist, name=t("mt.people")), x_label=t("mt.load"),
                 y_label=t("mt.people"), height=260)

    c1, c2 = st.columns([3, 2])
    statuses = c1.multiselect(t("mt.status"), STATUSES, default=list(STATUSES), key="mt_status",
                              placeholder=t("ph.choose_many"), format_func=lambda v, L=state.lang():
                              state.value_text("status", v, lang=L))
    only_broken = c2.checkbox(t("mt.only_broken"), key="mt_broken")
    keep = load["status"].isin(statuses)
    if only_broken:
        keep &= ~load["mix_ok"].fillna(False).astype(bool)
    shown = load[keep].reset_index(drop=True)
    st.caption(t("rows", n=len(shown)))
    state.show_table(shown, height=420)
    state.download_buttons("mentor-load", shown,
                           lambda: state.call("mentor-load", as_of=f["as_of"]))
    _person(load, f)


def _person(load: pd.DataFrame, f: dict) -> None:
    st.subheader(t("mt.person"))
    options = load["person_id"].tolist()
    names = dict(zip(load["person_id"], load["name"]))
    who = st.selectbox(t("mt.pick"), options, index=None, key="mt_person",
                       format_func=lambda p: f"{names.get(p, p)} ({p})",
                       placeholder=t("mt.pick"))
    if who is not None:
        st.markdown(f"**{t('mt.watched_by', name=names.get(who, who))}**")
        watched = state.fetch("watched-by", person_id=who, as_of=f["as_of"])
        if watched is not None:
            state.show_table(watched)


def _contacts(f: dict) -> None:
    contacts = state.fetch("contact-load", as_of=f["as_of"], county=f["county"])
    if contacts is None:
        return
    cap = state.services().config.contact_capacity
    st.caption(t("mt.contact_help") if cap is None else t("mt.contact_cap", n=cap))
    m = st.columns(3)
    m[0].metric(t("mt.leaders"), f"{len(contacts):,}")
    m[1].metric(t("mt.contact_points"), f"{int(contacts['contacts'].sum()):,}")
    if cap is not None:
        m[2].metric(t("mt.over"), f"{int((contacts['status'] == 'over').sum()):,}")
    state.show_table(contacts, height=420)
    state.download_buttons("contact-load", contacts)


def render() -> None:
    st.title(t("page.mentors"))
    state.require_graph()
    f = state.filters()
    tab_m, tab_c = st.tabs([t("mt.tab_mentors"), t("mt.tab_contacts")])
    with tab_m:
        _mentors(f)
    with tab_c:
        _contacts(f)


if __name__ == "__main__":
    render()
