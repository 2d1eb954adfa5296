"""Alliances (联建网络): the network drawn, the alliance list, one alliance's members.

The network is the ``network-drawing`` analysis (one alliance, one county, or the N-hop
neighbourhood of one organisation), its scripts inline (no CDN), capped at
:data:`MAX_NODES` nodes.
"""

from __future__ import annotations

import html

import streamlit as st

from dashboard import state
from dashboard.i18n import t
from dashboard.views import Page
from queries.network_view import COLOR_BY, LABEL_TOP, SIZE_BY, color_legend

PAGE = Page("联建网络", "Alliances", ":material/hub:", 40, "alliances")
MAX_NODES = 1500
SCOPES = ("alliance", "county", "org")


def render() -> None:
    st.title(t("page.alliances"))
    state.require_graph()

    f = state.filters()
    table = state.fetch("alliances", county=f["county"])

    st.subheader(t("al.network"))
    c1, c2, c3 = st.columns([2, 3, 2])
    scope = c1.radio(t("al.scope"), SCOPES, key="al_scope",
                     format_func=lambda s, L=state.lang(): t(f"scope.{s}", lang=L))
    kwargs: dict[str, object] = {}
    if scope == "alliance":
        if table is not None and len(table):
            names = dict(zip(table["alliance_id"], table["name"]))
            kwargs["alliance_id"] = c2.selectbox(
                t("al.pick"), list(names), key="al_net_alliance",
                format_func=lambda a: f"{names.get(a, a)} ({a})")
    elif scope == "county":
        counties = state.counties()
        if counties:
            default = counties.index(f["county"]) if f["county"] in counties else 0
            kwargs["county"] = c2.selectbox(t("al.county_pick"), counties, index=default,
                                            key="al_net_county")
    else:
        orgs = state.fetch("organisations", county=f["county"])
        if orgs is not None and len(orgs):
            labels = dict(zip(orgs["org_id"], orgs["name"]))
            kwargs["org_id"] = c2.selectbox(t("al.org_pick"), list(labels), key="al_net_org",
                                            format_func=lambda o: f"{labels.get(o, o)} ({o})")
            kwargs["hops"] = c2.slider(t("al.hops"), 1, 3, 1, key="al_hops")
    colour = c3.selectbox(t("al.color"), COLOR_BY, key="al_colour",
                          format_func=lambda c, L=state.lang(): t(f"al.by.{c}", lang=L))
    size = c3.selectbox(t("al.size"), SIZE_BY, key="al_size",
                        format_func=lambda c, L=state.lang(): t(f"al.by.{c}", lang=L))
    named = int(c3.number_input(t("al.label_top"), min_value=0, max_value=MAX_NODES,
                                value=LABEL_TOP, step=5, key="al_label_top"))

    if any(v is not None for k, v in kwargs.items() if k != "hops"):
        net = state.fetch("network-drawing", color_by=colour, size_by=size, label_top=named,
                          max_nodes=MAX_NODES, lang=state.lang(), as_of=f["as_of"], **kwargs)
        if net is not None:
            if net["truncated"]:
                st.warning(t("al.truncated", n=net["nodes"], total=net["total"], cap=MAX_NODES))
            if not net["nodes"]:
                st.info(t("al.no_graph"))
            else:
                st.caption(t("al.drawn", nodes=net["nodes"], edges=net["edges"])
                           + t("al.marked", bridges=net["bridges"], islands=net["islands"]))
                legend = color_legend(colour, lang=state.lang())
                st.markdown(" &nbsp; ".join(
                    f'<span style="color:{c}">{mark}</span>&nbsp;{html.escape(name)}'
                    for name, c, mark in legend), unsafe_allow_html=True)
                state.frame_html(net["html"], height=640)
                _open_from_drawing(net["orgs"])
    else:
        st.info(t("al.no_graph"))

    if table is not None:
        st.subheader(t("al.list"))
        if "island" in table and len(table):
            st.caption(t("al.islands", n=int(table["island"].fillna(False).astype(bool).sum())))
        state.show_table(table, height=300)
        state.download_buttons("alliances", table)

        st.subheader(t("al.detail"))
        names = dict(zip(table["alliance_id"], table["name"]))
        picked = st.selectbox(t("al.pick"), list(names), key="al_pick",
                              format_func=lambda a: f"{names.get(a, a)} ({a})")
        if picked is not None:
            members = state.fetch("alliance-members", alliance_id=picked)
            if members is not None:
                state.show_table(members)

    with st.expander(t("al.more")):
        for key, target, extra in (
            ("al.unallied", "unallied", {"county": f["county"], "domain": f["domain"]}),
            ("al.bridges", "bridges", {}),
            ("al.components", "components", {}),
            ("al.chains", "chains", {}),
            ("al.pairings", "pairings", {"as_of": f["as_of"]}),
        ):
            st.markdown(f"**{t(key)}**")
            df = state.fetch(target, **extra)
            if df is not None:
                state.show_table(df, height=260)
                state.download_buttons(target, df)


def _open_from_drawing(orgs: dict[str, str]) -> None:
    """Open the profile of an organisation of the picture (a drawing in an iframe cannot
    tell the page which node was clicked; its name shows on hover)."""
    c1, c2 = st.columns([4, 1])
    picked = c1.selectbox(t("al.open_pick"), list(orgs), index=None, key="al_open_org",
                          placeholder=t("ph.choose_one"),
                          format_func=lambda o: f"{orgs.get(o, o)} ({o})")
    c2.markdown("&nbsp;")
    if c2.button(t("al.open"), key="al_open", disabled=picked is None) and picked is not None:
        state.open_profile(picked)


if __name__ == "__main__":
    render()
