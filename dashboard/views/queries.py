"""Queries (查询): the named query library with generated forms, and a read-only Cypher box.

Named queries come from ``queries.registry`` (one ``.cypher`` file each) and from the
query folder (queries saved here, :mod:`queries.saved`); the form is generated from each
query's declared parameters, labelled in the user's language with Chinese choices and
the sidebar's filters filled in, and the values travel as ``$parameters``. The ad-hoc box runs ``store.run(..., write=False)``: the
database itself refuses writes, the store's time limit stops long queries and at
most ``row_limit`` rows are shown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from dashboard import state
from dashboard.i18n import t
from dashboard.views import Page
from queries.labels import choice_label, param_label
from queries.registry import QUERY_DIR, list_queries, run_query
from queries.saved import save_query, saved_queries

PAGE = Page("查询", "Queries", ":material/search:", 60, "queries")


def _widget(query_name: str, p: Any, sidebar: dict[str, Any]) -> Any:
    """One form field for parameter ``p`` (registry Param: name, type, default, help, choices).

    Labels and choices in the session's language; a county is picked from the counties in
    the store; the sidebar's county, domain, tier and as-of day pre-fill the fields of
    those names. ``None`` (or blank text) means "not given": the declared default is used.
    """
    lang = state.lang()
    key = f"qp_{query_name}_{p.name}"
    label = param_label(p.name, lang)
    args: dict[str, Any] = {"help": p.help if lang == "en" and p.help else None, "key": key}
    default = sidebar.get(p.name) if sidebar.get(p.name) is not None else p.default
    if p.name == "county" and p.type == "string":
        options = [None, *state.counties()]
        return st.selectbox(label, options, index=options.index(default) if default in options else 0,
                            format_func=lambda v: t("q.all") if v is None else str(v), **args)
    if p.choices and p.type == "list":
        return st.multiselect(label, list(p.choices), default=list(default or ()),
                              format_func=lambda v: str(choice_label(p.name, p.enum, v, lang)),
                              placeholder=t("q.all"), **args)
    if p.choices:
        options = ([None] if p.default is None else []) + list(p.choices)
        return st.selectbox(label, options, index=options.index(default) if default in options else 0,
                            format_func=lambda v: t("q.all") if v is None
                            else str(choice_label(p.name, p.enum, v, lang)), **args)
    if p.type == "bool":
        return st.checkbox(label, value=bool(default), **args)
    if p.type in ("int", "float") and default is not None:
        step = 1 if p.type == "int" else 0.1
        return st.number_input(label, value=default, step=step, **args)
    if p.type == "date":
        day = dt.date.fromisoformat(state.as_of_text() if default in (None, "today") else str(default))
        return st.date_input(label, value=day, format="YYYY-MM-DD", **args).isoformat()
    text = ",".join(default or ()) if p.type == "list" else "" if default is None else str(default)
    return st.text_input(label, value=text, placeholder=t("q.optional"), **args)


def _library() -> dict[str, Any]:
    """Name -> query: the shipped library, then the queries saved in the query folder."""
    shipped = state.guard(list_queries)
    saved = state.guard(saved_queries, state.services().query_folder)
    out = {q.name: q for q in ([] if shipped is state.FAILED else shipped)}
    out.update({q.name: q for q in ([] if saved is state.FAILED else saved) if q.name not in out})
    return out


def _named() -> None:
    st.subheader(t("q.named"))
    by_name = _library()
    if not by_name:
        return
    lang = state.lang()
    mine = {n for n, q in by_name.items() if q.path is not None and q.path.parent != QUERY_DIR}
    name = st.selectbox(t("q.pick"), list(by_name), key="q_pick",
                        format_func=lambda n: by_name[n].title(lang) + (t("q.saved_mark") if n in mine else ""))
    q = by_name[name]
    st.caption(q.describe(lang))
    f = state.filters()
    sidebar = {"county": f["county"], "domain": f["domain"], "tier": f["tier"], "as_of": f["as_of"]}
    with st.form(f"q_form_{name}"):
        params = {p.name: _widget(name, p, sidebar) for p in q.params}
        submitted = st.form_submit_button(t("q.run"), type="primary", key="q_run")
    with st.expander(t("q.cypher_of")):
        st.code(q.cypher, language="cypher")
    if submitted:
        clean = {k: v for k, v in params.items() if v is not None and v != ""}
        df = state.guard(run_query, state.get_store(), name, clean,
                         saved=state.services().query_folder)
        st.session_state["q_result"] = None if df is state.FAILED else (name, df)
    result = st.session_state.get("q_result")
    if result and result[0] == name:
        df = result[1]
        st.caption(t("rows", n=len(df)))
        state.show_table(df, height=400)
        state.download_buttons(f"query-{name}", df)


def _save_fields() -> bool:
    """The title and description fields of "save as a named query" inside the ad-hoc
    form, and its button; True when it was pressed."""
    with st.expander(t("q.save")):
        st.text_input(t("q.save_title"), key="save_title")
        st.text_area(t("q.save_desc"), key="save_desc", height=80)
        st.caption(t("q.save_where", folder=state.services().query_folder))
        return st.form_submit_button(t("q.save_button"), key="save_button")


def _save(text: str) -> None:
    """Save the ad-hoc query as a named query in the user's words."""
    title = st.session_state.get("save_title", "").strip()
    description = st.session_state.get("save_desc", "").strip()
    missing = [k for k, v in (("q.empty", text.strip()), ("q.need_title", title),
                              ("q.need_desc", description)) if not v]
    if missing:
        st.warning(t(missing[0]))
        return
    q = state.guard(save_query, state.services().query_folder, title=title,
                    description=description, cypher=text)
    if q is not state.FAILED:
        st.success(t("q.saved", title=q.title_zh))


def _adhoc() -> None:
    st.subheader(t("q.adhoc"))
    limit = state.services().row_limit
    st.caption(t("q.limits", rows=limit, secs=f"{state.services().query_timeout:g}"))
    with st.form("adhoc_form"):
        text = st.text_area(t("q.cypher"), key="adhoc_cypher", height=140,
                            placeholder=t("q.placeholder"))
        submitted = st.form_submit_button(t("q.run"), type="primary", key="adhoc_run")
        save = _save_fields() if state.services().query_folder is not None else False
    if save:
        _save(text)
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
    if state.may("cypher"):
        _adhoc()
    else:
        st.caption(t("q.adhoc_scoped"))


if __name__ == "__main__":
    render()
