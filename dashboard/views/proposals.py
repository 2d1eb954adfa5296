"""Proposals (建议): who should take the organisations nobody watches, and what-if.

``queries.proposals.propose`` gives the exact proposal (links with reasons, the
organisations left open and why, before/after figures); the download is the
loadable 包联 workbook of ``queries.proposals.write_proposal``.
``queries.whatif.whatif`` compares the graph with people or alliances taken out.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from branchgraph import settings
from dashboard import state
from dashboard.i18n import STRINGS, t

PROPOSE = "queries.proposals:propose"
WHATIF = "queries.whatif:whatif"

for _key, _pair in {
    "pr.intro": ("为无人包联的组织推荐包联人：先保证覆盖最多，后进、软弱涣散优先，再选代价最小的"
                 "（同乡镇优先、补齐先进/中间/后进搭配、不超过各人上限、不安排已有关联的人）。",
                 "Mentors proposed for the organisations nobody watches: as many as possible, "
                 "lagging and weak first, then the cheapest (same township, completing the "
                 "advanced/middle/lagging mix, within capacity, never someone already linked)."),
    "pr.cross": ("允许跨旗县区", "Allow other counties"),
    "pr.capacity": ("未填上限者的包联上限", "Capacity when none is given"),
    "pr.uncovered": ("无人包联", "Nobody watching"),
    "pr.lagging_uncovered": ("其中后进", "Of them lagging"),
    "pr.weak_uncovered": ("其中软弱涣散", "Of them weak"),
    "pr.places": ("空余名额", "Free places"),
    "pr.mix_ok": ("搭配合规的包联干部", "Mentors with a 1/1/1 mix"),
    "pr.links": ("建议的包联关系", "Proposed links"),
    "pr.open": ("仍无法安排的组织", "Organisations that stay open"),
    "pr.download": ("下载建议（包联表，可编辑后导入）", "Download the proposal (assignments sheet)"),
    "pr.download_help": ("工作簿只有一张「包联」表：删去不要的行，放进台账文件夹后运行 "
                         "`branchgraph load 文件夹` 即可导入。",
                         "One sheet named 包联: delete the rows you do not want, put the workbook "
                         "into your dataset folder and run `branchgraph load FOLDER`."),
    "pr.whatif": ("如果……（调整模拟）", "What if …"),
    "pr.whatif_help": ("模拟人员调离、联合体撤销或增加名额，不会修改数据库。",
                       "Simulate people leaving, alliances dissolving or extra places; "
                       "the stored graph is not changed."),
    "pr.remove_people": ("调离的人员", "People who leave"),
    "pr.remove_alliances": ("撤销的联合体", "Alliances that dissolve"),
    "pr.add_person": ("增加名额的人员", "Person given more places"),
    "pr.add_n": ("增加名额数", "Places added"),
    "pr.run": ("模拟", "Simulate"),
    "pr.orphaned": ("失去唯一包联人或联合体的组织", "Organisations losing their only watcher or alliance"),
}.items():
    STRINGS.setdefault(_key, _pair)

_METRICS = ("uncovered", "lagging_uncovered", "weak_uncovered", "places", "mix_ok")


def _workbook(proposal, lang: str) -> bytes:
    from queries.proposals import write_proposal

    with tempfile.TemporaryDirectory() as tmp:
        path = write_proposal(proposal, Path(tmp) / "proposal.xlsx", lang=lang)
        return path.read_bytes()


state.in_frame()
st.title(t("page.proposals"))
state.require_graph()
st.caption(t("pr.intro"))

f = state.filters()
c1, c2 = st.columns(2)
cross = c1.checkbox(t("pr.cross"), key="pr_cross")
capacity = int(c2.number_input(t("pr.capacity"), min_value=0, max_value=50, step=1,
                               value=int(settings.get("capacity")), key="pr_capacity"))
lang = state.lang()
p = state.fetch(PROPOSE, as_of=f["as_of"], county=f["county"], domain=f["domain"],
                allow_cross_county=cross, default_capacity=capacity, lang=lang)
if p is not None:
    cols = st.columns(len(_METRICS))
    for col, key in zip(cols, _METRICS):
        before, after = p.before.get(key, 0), p.after.get(key, 0)
        col.metric(t(f"pr.{key}"), f"{after:,}", delta=f"{after - before:+,}",
                   delta_color="inverse" if key.endswith("uncovered") else "normal",
                   help=f"{before:,} → {after:,}")

    st.subheader(t("pr.links"))
    st.caption(t("rows", n=len(p.links)))
    state.show_table(p.links, height=420)
    data = state.guard(_workbook, p, lang)
    if data is not state.FAILED:
        st.download_button(t("pr.download"), data, file_name="包联建议.xlsx" if lang == "zh"
                           else "proposal.xlsx", help=t("pr.download_help"), key="pr_dl",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           on_click="ignore")

    st.subheader(t("pr.open"))
    st.caption(t("rows", n=len(p.uncovered)))
    state.show_table(p.uncovered, height=360)
    state.download_buttons("proposals-open", p.uncovered)

st.divider()
st.subheader(t("pr.whatif"))
st.caption(t("pr.whatif_help"))
load = state.fetch("queries.mentors:mentor_load", as_of=f["as_of"], county=f["county"])
alliances = state.fetch("queries.networks:alliance_table", county=f["county"])
names = {} if load is None else dict(zip(load["person_id"], load["name"]))
a_names = {} if alliances is None else dict(zip(alliances["alliance_id"], alliances["name"]))
w1, w2 = st.columns(2)
gone = w1.multiselect(t("pr.remove_people"), list(names), key="pr_gone",
                      format_func=lambda x: f"{names.get(x, x)} ({x})")
dissolved = w2.multiselect(t("pr.remove_alliances"), list(a_names), key="pr_dissolved",
                           format_func=lambda x: f"{a_names.get(x, x)} ({x})")
w3, w4 = st.columns(2)
who = w3.selectbox(t("pr.add_person"), list(names), index=None, key="pr_more",
                   format_func=lambda x: f"{names.get(x, x)} ({x})")
more = int(w4.number_input(t("pr.add_n"), min_value=0, max_value=20, value=0, step=1,
                           key="pr_more_n"))
if gone or dissolved or (who and more):
    from queries.whatif import FIGURES

    r = state.fetch(WHATIF, remove_people=list(gone), remove_alliances=list(dissolved),
                    add_capacity={who: more} if who and more else None, as_of=f["as_of"],
                    county=f["county"], default_capacity=capacity, lang=lang)
    if r is not None:
        summary = r.summary.copy()
        summary["figure"] = [FIGURES[k][0 if lang == "zh" else 1] for k in summary["figure"]]
        state.show_table(summary)
        st.markdown(f"**{t('pr.orphaned')}**")
        state.show_table(r.orphaned, height=360)
        state.download_buttons("whatif-orphaned", r.orphaned)
