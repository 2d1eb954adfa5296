"""Queries (查询): the named query library with generated forms, and a read-only Cypher box.

Named queries come from ``queries.registry`` (one ``.cypher`` file each); the
form is generated from each query's declared parameters and the values travel
as ``$parameters``. The ad-hoc box runs ``store.run(..., write=False)``: the
database itself refuses writes, the store's time limit stops long queries and at
most ``row_limit`` rows are shown.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import state
from dashboard.i18n import t
from dashboard.views import Page
from queries.registry import list_queries, run_query

PAGE = Page("查询", "Queries", ":material/search:", 60, "queries")


def _widget(query_name: str, p: Any) -> Any:
    """One form field for parameter ``p`` (registry Param: name, type, default, help, choices).

    Blank text means "not given": the registry then uses the declared default.
    """
    key = f"qp_{query_name}_{p.name}"
    default = p.default
    args: dict[str, Any] = {"help": p.help or None, "key": key}
    if p.choices and p.type == "list":
        return st.multiselect(p.name, list(p.choices), default=list(default or ()), **args)
    if p.choices:
        options = ([None] if default is None else []) + list(p.choices)
        return st.selectbox(p.name, options, index=options.index(default)
                            if default in options else 0,
                            format_func=lambda v: "—" if v is None else str(v), **args)
    if p.type == "bool":
        return st.checkbox(p.name, value=bool(default), **args)
    if p.type in ("int", "float") and default is not None:
        step = 1 if p.type == "int" else 0.1
        return st.number_input(p.name, value=default, step=step, **args)
    if p.type == "date" and default == "today":
        return st.text_input(p.name, value=state.as_of_text(), placeholder="YYYY-MM-DD", **args)
    if p.type == "list":
        text = ",".join(default or ())
    else:
        text = "" if default is None else str(default)
    return st.text_input(p.name, value=text, placeholder="null" if default is None else "",
                         **args)


def _named() -> None:
    st.subheader(t("q.named"))
    queries = state.guard(list_queries)
    if queries is state.FAILED or not queries:
        return
    by_name = {q.name: q for q in queries}
    lang = state.lang()
    name = st.selectbox(
        t("q.pick"), list(by_name), key="q_pick",
        format_func=lambda n: f"{by_name[n].title_zh if lang == 'zh' else by_name[n].title_en}"
        f"  ·  {n}",
    )
    q = by_name[name]
    st.caption(q.describe(lang))
    with st.form(f"q_form_{name}"):
        params = {p.name: _widget(name, p) for p in q.params}
        submitted = st.form_submit_button(t("q.run"), type="primary", key="q_run")
    with st.expander(t("q.cypher_of")):
        st.code(q.cypher, language="cypher")
    if submitted:
        clean = {k: v for k, v in params.items() if v is not None and v != ""}
        df = state.guard(run_query, state.get_store(), name, clean)
        st.session_state["q_result"] = None if df is state.FAILED else (name, df)
    result = st.session_state.get("q_result")
    if result and result[0] == name:
        df = result[1]
        st.caption(t("rows", n=len(df)))
        state.show_table(df, height=400)
        state.download_buttons(f"query-{name}", df)


def _adhoc() -> None:
    st.subheader(t("q.adhoc"))
    limit = state.services().row_limit
    st.caption(t("q.limits", rows=limit, secs=f"{state.services().query_timeout:g}"))
    with st.form("adhoc_form"):
        text = st.text_area(t("q.cypher"), key="adhoc_cypher", height=140,
                            placeholder=t("q.placeholder"))
        submitted = st.form_submit_button(t("q.run"), type="primary", key="adhoc_run")
    if submitted:
        st.session_state["adhoc_result"] = None
        if not text.strip():
            st.warning(t("q.empty"))
        else:
            # fetch one row past the limit: enough to know there were more
            df = state.guard(state.get_store().run, text, None, write=False,
                             max_rows=limit + 1)
            if df is not state.FAILED:
                st.session_state["adhoc_result"] = df
    df = st.session_state.get("adhoc_result")
    if df is not None:
        if len(df) > limit:
            st.warning(t("q.truncated", limit=limit))
        shown = df.head(limit)
        st.caption(t("rows", n=len(shown)))
        st.dataframe(shown.astype(str) if _nested(shown) else shown, hide_index=True,
                     width="stretch", height=state.fit(len(shown), 400))
        state.download_buttons("cypher-result", shown)


def _nested(df: Any) -> bool:
    """Whether a result holds dicts/lists (nodes, paths) that a table shows better as text."""
    return any(isinstance(v, (dict, list)) for v in df.head(50).to_numpy().ravel())


def render() -> None:
    st.title(t("page.queries"))
    state.require_graph()
    _named()
    st.divider()
    _adhoc()


if __name__ == "__main__":
    render()
