"""Proposals (建议): who should take the organisations nobody watches, and what-if.

The ``proposals`` analysis gives the exact proposal (links with reasons, the
organisations left open and why, the headline figures before and after); the download
is the loadable 包联 workbook of :func:`queries.proposals.write_proposal`. The
``whatif`` analysis compares the graph with people or alliances taken out.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from dashboard import state
from dashboard.i18n import t
from dashboard.views import Page
from queries.assign_solver import Costs
from queries.proposals import SUMMARY_FIGURES, write_proposal
from queries.whatif import FIGURES

PAGE = Page("建议", "Proposals", ":material/lightbulb:", 50, "proposals")
COSTS = Costs()  # what the proposals analysis charges (its default)


def _workbook(proposal, lang: str) -> bytes:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as tmp:
        path = write_proposal(proposal, Path(tmp) / "proposal.xlsx", lang=lang)
        return path.read_bytes()


def _proposal(f: dict, lang: str) -> tuple[int, bool]:
    c1, c2, c3 = st.columns(3)
    strict = c1.checkbox(t("pr.strict"), value=True, key="pr_strict", help=t("pr.strict_help"))
    cross = c2.checkbox(t("pr.cross"), key="pr_cross")
    capacity = int(c3.number_input(t("pr.capacity"), min_value=1, max_value=50, step=1,
                                   value=int(state.services().config.capacity),
                                   key="pr_capacity"))
    if not strict:
        st.info(t("pr.lenient"))
    p = state.fetch("proposals", as_of=f["as_of"], county=f["county"], domain=f["domain"],
                    allow_cross_county=cross, strict=strict, default_capacity=capacity, lang=lang)
    if p is None:
        return capacity, strict
    i = 0 if lang == "zh" else 1
    cols = st.columns(len(SUMMARY_FIGURES))
    for col, key in zip(cols, SUMMARY_FIGURES):
        before, after = p.before.get(key, 0), p.after.get(key, 0)
        col.metric(FIGURES[key][i], f"{after:,}", delta=f"{after - before:+,}",
                   delta_color="inverse" if key.endswith("unwatched") else "normal",
                   help=f"{before:,} → {after:,}")

    st.subheader(t("pr.needed"))
    st.caption(t("pr.needed_help", capacity=capacity))
    needed = p.needed.copy()
    needed["county"] = needed["county"].where(needed["county"].notna(), t("pr.total"))
    state.show_table(needed, height=300)
    with st.expander(t("pr.needed_towns")):
        state.show_table(p.needed_townships.iloc[:-1], height=360)
        state.download_buttons("proposals-needed", p.needed_townships)

    st.subheader(t("pr.links"))
    st.caption(t("rows", n=len(p.links)) + " · " + t("pr.cost_help", town=COSTS.township,
                                                               county=COSTS.county, mix=COSTS.mix))
    state.show_table(p.links, height=420, analysis="proposals")
    data = state.guard(_workbook, p, lang)
    if data is not state.FAILED:
        st.download_button(t("pr.download"), data, file_name="包联建议.xlsx" if lang == "zh"
                           else "proposal.xlsx", help=t("pr.download_help"), key="pr_dl",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           on_click=state.record, args=("proposal-export",),
                           kwargs={"links": len(p.links), "county": f["county"],
                                   "file": "包联建议.xlsx"})

    st.subheader(t("pr.open"))
    st.caption(t("rows", n=len(p.uncovered)))
    state.show_table(p.uncovered, height=360)
    state.download_buttons("proposals-open", p.uncovered)
    return capacity, strict


def _whatif(f: dict, lang: str, capacity: int, strict: bool) -> None:
    st.subheader(t("pr.whatif"))
    st.caption(t("pr.whatif_help"))
    load = state.fetch("mentor-load", as_of=f["as_of"], county=f["county"])
    alliances = state.fetch("alliances", county=f["county"])
    names = {} if load is None else dict(zip(load["person_id"], load["name"]))
    a_names = {} if alliances is None else dict(zip(alliances["alliance_id"], alliances["name"]))
    w1, w2 = st.columns(2)
    gone = w1.multiselect(t("pr.remove_people"), list(names), key="pr_gone",
                          placeholder=t("ph.choose_many"), format_func=lambda x: f"{names.get(x, x)} ({x})")
    dissolved = w2.multiselect(t("pr.remove_alliances"), list(a_names), key="pr_dissolved",
                               placeholder=t("ph.choose_many"), format_func=lambda x: f"{a_names.get(x, x)} ({x})")
    w3, w4 = st.columns(2)
    who = w3.selectbox(t("pr.add_person"), list(names), index=None, key="pr_more",
                       placeholder=t("ph.choose_one"), format_func=lambda x: f"{names.get(x, x)} ({x})")
    more = int(w4.number_input(t("pr.add_n"), min_value=0, max_value=20, value=0, step=1,
                               key="pr_more_n"))
    if not (gone or dissolved or (who and more)):
        return
    r = state.fetch("whatif", remove_people=list(gone), remove_alliances=list(dissolved),
                    add_capacity={who: more} if who and more else None, as_of=f["as_of"],
                    county=f["county"], default_capacity=capacity, strict=strict, lang=lang)
    if r is None:
        return
    summary = r.summary.copy()
    summary["figure"] = [FIGURES[k][0 if lang == "zh" else 1] for k in summary["figure"]]
    state.show_table(summary)
    st.markdown(f"**{t('pr.orphaned')}**")
    state.show_table(r.orphaned, height=360)
    state.download_buttons("whatif-orphaned", r.orphaned)


def render() -> None:
    st.title(t("page.proposals"))
    state.require_graph()
    st.caption(t("pr.intro"))
    f = state.filters()
    lang = state.lang()
    capacity, strict = _proposal(f, lang)
    st.divider()
    _whatif(f, lang, capacity, strict)


if __name__ == "__main__":
    render()
