"""The organisation tree (组织树): county → committee → organisation, with the roll-ups.

The sidebar filters (county, domain, tier, as-of) go to the ``committee-rollup``
analysis (every committee with the figures of its whole subtree) and, for the chosen
committee, to ``committee-branches`` (the organisations it answers for directly). The
page only picks rows of those tables: the top committees, the chosen one's figures,
the committees right below it (to drill into) and its own organisations.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard.i18n import t
from dashboard.views import Page
from queries import catalogue

ANALYSIS = "committee-rollup"
BRANCHES = "committee-branches"
PAGE = Page("组织树", "Organisation tree", ":material/account_tree:", 22, "tree")
TOP = ""
#: Columns of the roll-up the committee tables show (ids and depth are for the drill).
SHOWN = ["name", "kind", "county", "organisations", "watched", "watched_share",
         "lagging_unwatched", "weak_unwatched", "stars_mean", "at6", "at8"]
_HIDDEN_BRANCH = ["committee_id", "committee"]


def _go(key: str) -> None:
    """Move the current committee to the one picked in widget ``key``."""
    picked = st.session_state.get(key)
    if picked:
        _go_to(picked)


def _go_to(committee: str) -> None:
    """Make ``committee`` (or :data:`TOP`) the current one, before the widgets are drawn."""
    st.session_state["tree_at"] = committee


def _number(value: Any, fmt: str) -> str:
    return t("tree.none") if value is None or (isinstance(value, float) and math.isnan(value)) \
        else format(value, fmt)


def _figures(row: pd.Series) -> None:
    a, L = catalogue.get(ANALYSIS), state.lang()
    m = st.columns(5)
    m[0].metric(a.header("organisations", L), f"{int(row['organisations']):,}")
    m[1].metric(a.header("watched_share", L), _number(row["watched_share"], ".1%"))
    m[2].metric(a.header("lagging_unwatched", L), f"{int(row['lagging_unwatched']):,}")
    m[3].metric(a.header("weak_unwatched", L), f"{int(row['weak_unwatched']):,}")
    m[4].metric(a.header("stars_mean", L), _number(row["stars_mean"], ".1f"))


def render() -> None:
    st.title(t("page.tree"))
    state.require_graph()
    st.caption(t("tree.intro"))
    f = state.filters()
    rollup = state.fetch(ANALYSIS, **f)
    if rollup is None:
        return
    ids = rollup["committee_id"].tolist()
    names = dict(zip(ids, rollup["name"]))
    depth = dict(zip(ids, rollup["depth"]))
    parent = dict(zip(ids, rollup["parent_committee_id"]))
    if st.session_state.get("tree_at") not in (TOP, *ids):
        st.session_state["tree_at"] = TOP
    at = st.selectbox(t("tree.at"), [TOP, *ids], key="tree_at",
                      format_func=lambda c: t("tree.top") if c == TOP
                      else "\u3000" * int(depth[c]) + str(names[c]))
    if at == TOP:
        below = rollup[rollup["parent_committee_id"].isna()]
        st.subheader(t("tree.tops"))
    else:
        up = parent.get(at)
        st.button(t("tree.up"), key="tree_up", on_click=_go_to, args=(up if up in names else TOP,))
        _figures(rollup[rollup["committee_id"] == at].iloc[0])
        below = rollup[rollup["parent_committee_id"] == at]
        st.subheader(t("tree.children"))
    state.show_table(below[SHOWN], analysis=ANALYSIS, height=360)
    if not below.empty:
        key = f"tree_down_{at}"
        st.selectbox(t("tree.down"), below["committee_id"].tolist(), key=key, index=None,
                     placeholder=t("tree.down_pick"), format_func=names.get,
                     on_change=_go, args=(key,))
    state.download_buttons(ANALYSIS, rollup, analysis=ANALYSIS)
    if at == TOP:
        return
    branches = state.fetch(BRANCHES, **f, committee=at)
    if branches is None:
        return
    st.subheader(t("tree.branches"))
    st.caption(t("rows", n=len(branches)))
    state.show_table(branches.drop(columns=_HIDDEN_BRANCH), height=420, analysis=BRANCHES,
                     open_org="tree_branches")


if __name__ == "__main__":
    render()
