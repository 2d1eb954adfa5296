"""Data (数据): what graph is loaded, and loading a new one from an upload.

Upload a zip, a workbook (.xlsx, .xls, .ods) or a CSV file; the page reads and
validates it with :mod:`loaders` (report and rejected rows shown before anything
changes). When rows would be rejected it shows their root causes and what each
drags along, and the load button waits for the planner to accept the loss
(the warning says when the loss passes the threshold of
:func:`loaders.impact.check_rejects`, which refuses such a load from the command line);
then it loads all or nothing. Works on an empty store too: this is where a
planner's first dataset comes in. A planner limited to counties submits their county's
ledger (数据上报): it replaces only that county's part (:mod:`loaders.submit`).
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard.i18n import t
from dashboard.views import Page

PAGE = Page("数据", "Data", ":material/upload_file:", 90, "data", needs="load")


def _current() -> None:
    st.subheader(t("data.current"))
    msg = st.session_state.pop("data_loaded_msg", None)
    if msg:
        st.success(msg)
    info = state.load_info()
    if info is None:
        st.info(t("empty.body", uri=state.get_store().uri))
    else:
        m = st.columns([2, 3, 1, 1])
        m[0].metric(t("data.loaded_at"), state.local_time(info.loaded_at))
        m[1].metric(t("data.source"), state.source_text(info.source))
        m[2].metric(t("data.rows_read"), f"{info.rows_read:,}")
        m[3].metric(t("data.rows_rejected"), f"{info.rows_rejected:,}")
        counts = state.guard(state.get_store().counts)
        if counts is not state.FAILED:
            with st.expander(t("data.counts")):
                st.dataframe(
                    counts.rename(columns={"kind": t("data.kind"), "name": t("data.name"),
                                           "count": t("data.count")}),
                    hide_index=True, width="stretch",
                )


def _saved(name: str, data: bytes) -> Path:
    """The upload written to a private temp folder (same bytes -> same file)."""
    digest = hashlib.sha256(data).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / f"branchgraph-upload-{digest}"
    folder.mkdir(exist_ok=True)
    path = folder / Path(name).name
    if not path.exists():
        path.write_bytes(data)
    return path



def _uploader_words() -> None:
    """Streamlit's uploader has no setting for its button and size texts (always English):
    a style rule replaces them with the session's language."""
    import json

    button, limits = (json.dumps(t(k), ensure_ascii=False) for k in ("data.pick_file", "data.upload_limits"))
    zone = '[data-testid="stFileUploaderDropzone"]'
    st.html(f"""<style>
{zone} button [data-testid="stMarkdownContainer"] p {{font-size: 0}}
{zone} button [data-testid="stMarkdownContainer"] p::after {{content: {button}; font-size: 0.875rem}}
{zone} [data-testid="stFileUploaderDropzoneInstructions"] span {{font-size: 0}}
{zone} [data-testid="stFileUploaderDropzoneInstructions"] span::after {{content: {limits}; font-size: 0.75rem}}
</style>""")


def _table_names(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with its ``table`` column in the session's language (党组织, not organizations)."""
    names = state.services().table_names
    i = 0 if state.lang() == "zh" else 1
    return df.assign(table=df["table"].map(lambda n: names.get(n, (n, n))[i]))


def _upload() -> None:
    st.subheader(t("data.upload_head"))
    st.caption(t("data.atomic"))
    _uploader_words()
    upload = st.file_uploader(t("data.upload"), type=["zip", "xlsx", "xls", "ods", "csv"], key="data_upload")
    if upload is None:
        return
    path = _saved(upload.name, upload.getvalue())
    county = _county()  # a county's ledger may name what the graph keeps outside it
    checked = state.guard(state.services().check, path, lang=state.lang(),
                          store=state.main_store() if county else None, county=county)
    if checked is not state.FAILED:
        result = checked[0]
        st.markdown(f"**{t('data.report')}**")
        st.write(t("data.ok", tables=len(result.tables), rows=result.rows_loaded))
        st.dataframe(
            _table_names(result.counts).rename(columns={
                "table": t("data.table"), "files": t("data.files"),
                "read": t("data.rows_read"), "loaded": t("data.rows_loaded"),
                "rejected": t("data.rows_rejected"), "skipped": t("data.rows_skipped")}),
            hide_index=True, width="stretch",
        )
        if result.problems:
            st.warning(t("data.problems", errors=len(result.errors),
                         warnings=len(result.warnings)))
            problems = pd.DataFrame(
                [(p.where, p.column, p.message, t(f"data.{p.severity}"))
                 for p in result.problems],
                columns=[t("data.where"), t("data.column"), t("data.message"),
                         t("data.severity")],
            )
            st.dataframe(problems, hide_index=True, width="stretch", height=260)
        if len(result.rejects):
            st.markdown(f"**{t('data.rejects')}**")
            st.dataframe(
                _table_names(result.rejects).rename(columns={
                    "table": t("data.table"), "file": t("data.file"), "row": t("data.row"),
                    "reason": t("data.reason")}),
                hide_index=True, width="stretch", height=state.fit(len(result.rejects), 260),
            )
        accepted = _accepted(result)
        strict = st.checkbox(t("data.strict"), key="data_strict")
        as_of = st.date_input(t("data.as_of"), key="data_as_of", help=t("data.as_of_help"))
        if st.button(t("data.load"), type="primary", key="data_load", disabled=not accepted):
            with st.spinner(t("data.loading")):
                done = state.guard(state.services().load, state.main_store(), path, strict=strict,
                                   lang=state.lang(), accept_rejects=accepted, county=county,
                                   source=upload.name, as_of=as_of.isoformat())
            if done is not state.FAILED:
                st.cache_data.clear()
                st.session_state["data_loaded_msg"] = t(
                    "data.loaded", source=upload.name, rows=done.rows_loaded)
                st.rerun()


def _county() -> str | None:
    """The county a county-limited planner submits for (数据上报); None: a whole load."""
    account = state.user()
    if account is None or not account.scoped:
        return None
    st.info(t("data.submission"))
    return st.selectbox(t("f.county"), list(account.counties), key="data_county")


def _accepted(result) -> bool:  # type: ignore[no-untyped-def]
    """With rejected rows: what they drag along, and the planner's consent to lose it."""
    if not result.rows_rejected:
        return True
    refuse = state.services().reject_check(result).refuse
    st.warning(t("data.would_lose", n=f"{result.rows_rejected:,}", read=f"{result.rows_read:,}")
               + (" " + t("data.past_threshold") if refuse else ""))
    st.dataframe(result.causes.drop(columns=["table"]).rename(columns={
        "file": t("data.file"), "row": t("data.row"), "reason": t("data.reason"),
        "rows": t("data.cause_rows"), "organizations": t("data.lost_orgs"),
        "people": t("data.lost_people"), "links": t("data.lost_links"),
        "dragged": t("data.dragged")}), hide_index=True, width="stretch",
        height=state.fit(len(result.causes), 260))
    return st.checkbox(t("data.accept", n=f"{result.rows_rejected:,}"), key="data_accept")


def render() -> None:
    st.title(t("page.data"))
    if not state.may("load"):  # the menu leaves this page out too
        st.error(t("login.not_allowed"))
        st.stop()
    _current()
    _upload()


if __name__ == "__main__":
    render()
