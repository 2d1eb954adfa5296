"""Organisation profile (组织档案): one organisation at the centre.

Find it by code or part of its name (analysis ``org-search``), or arrive with
``?org=CODE`` in the address (the 覆盖缺口 table sends a clicked row here). Shows its
card (``org-card``: kind, place, stars and their components, tier, weak) and its links
by section (``org-profile``), each section a table; dated links say whether they hold
on the sidebar's day.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard.i18n import t
from dashboard.views import Page

PAGE = Page("组织档案", "Organisation", ":material/badge:", 15, "profile")

#: How the ``detail`` of each section reads: the enum it is a value of, if any.
_DETAIL = {"parent": "kind", "child": "kind", "alliance": "member_role"}


def _pick() -> str | None:
    """The organisation chosen: from the search box, else from the address."""
    wanted = st.query_params.get("org")
    text = st.text_input(t("pf.search"), key="pf_text", placeholder=t("pf.search_hint"))
    if text.strip():
        found = state.fetch("org-search", text=text)
        if found is None or found.empty:
            st.info(t("pf.none", text=text))
            return None
        labels = {r.org_id: f"{r.name}（{r.county or '-'}，{r.org_id}）" for r in found.itertuples()}
        wanted = st.selectbox(t("pf.pick"), list(labels), key="pf_pick",
                              format_func=labels.get, placeholder=t("ph.choose_one"))
    if wanted:
        st.query_params["org"] = wanted
    return wanted


def _card(card: pd.Series) -> None:
    st.subheader(card["name"])
    place = " · ".join(str(v) for v in (card["county"], card["township"]) if isinstance(v, str) and v)
    st.caption(" · ".join(x for x in (card["org_id"], state.value_text("kind", card["kind"]), place,
                                      state.value_text("domain", card["domain"])) if x))
    m = st.columns(5)
    stars = card["rated_stars"]
    m[0].metric(t("pf.stars"), "-" if pd.isna(stars) else f"{int(stars)}",
                help=t("pf.stars_help", base=_num(card["base_stars"]), task=_num(card["task_score"]),
                       extra=_num(card["highlight_score"]), recorded=_num(card["stars"])))
    m[1].metric(t("pf.tier"), state.value_text("tier", card["tier"]) if isinstance(card["tier"], str) else "-")
    m[2].metric(t("pf.weak"), t("yes") if card["weak"] is True else t("no"))
    m[3].metric(t("pf.members"), _num(card["members"]))


def _num(v: object) -> str:
    return "-" if v is None or pd.isna(v) else f"{v:g}" if isinstance(v, float) else str(v)


def _links(links: pd.DataFrame) -> None:
    m = st.columns(4)
    watchers = links[links["section"].isin(["mentor", "contact"]) & links["active"]]
    m[0].metric(t("pf.watchers"), f"{watchers['id'].nunique():,}")
    m[1].metric(t("pf.children"), f"{int((links['section'] == 'child').sum()):,}")
    m[2].metric(t("pf.alliances"), f"{int((links['section'] == 'alliance').sum()):,}")
    m[3].metric(t("pf.pairings"), f"{int((links['section'] == 'pairing').sum()):,}")
    if watchers.empty:
        st.warning(t("pf.unwatched"))
    for section, rows in links.groupby("section", sort=False):
        st.markdown(f"**{state.value_text('profile_section', section)}**（{len(rows)}）")
        dim = _DETAIL.get(str(section))
        if dim:
            rows = rows.assign(detail=rows["detail"].map(lambda v: state.value_text(dim, v)))
        shown = rows.drop(columns=["section"])
        if shown[["since", "until"]].isna().all().all():
            shown = shown.drop(columns=["since", "until", "active"])
        state.show_table(shown, analysis="org-profile", height=300)


def render() -> None:
    st.title(PAGE.title(state.lang()))
    state.require_graph()
    org = _pick()
    if not org:
        st.caption(t("pf.intro"))
        return
    card = state.fetch("org-card", org_id=org)
    if card is None:
        return
    if card.empty:
        st.info(t("pf.missing", org=org))
        return
    _card(card.iloc[0])
    links = state.fetch("org-profile", org_id=org, as_of=state.as_of_text())
    if links is not None:
        _links(links)
        state.download_buttons(f"profile-{org}", links, analysis="org-profile")


if __name__ == "__main__":
    render()
