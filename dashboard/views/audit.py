"""Audit trail (审计): who loaded, submitted, exported proposals, changed accounts and
signed in — for admins (and this machine's user on a dashboard without accounts).

The rows are ``Services.audit.table`` (:class:`branchgraph.audit.AuditLog`), newest
first, filtered by user, kind and day.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import state
from dashboard.i18n import t
from dashboard.views import Page

PAGE = Page("审计", "Audit", ":material/history:", 95, "audit", needs="audit")


def render() -> None:
    st.title(PAGE.title(state.lang()))
    trail = state.services().audit
    if trail is None:
        st.info(t("audit.none"))
        return
    st.caption(t("audit.intro"))
    c = st.columns(3)
    user = c[0].text_input(t("audit.user"), key="audit_user").strip() or None
    kind = c[1].selectbox(t("audit.kind"), [None, *trail.kinds], key="audit_kind",
                          format_func=lambda k: t("f.all") if k is None else t(f"audit.kind.{k}"))
    days = c[2].date_input(t("audit.days"), value=(), key="audit_days", format="YYYY-MM-DD",
                           max_value=dt.date.today() + dt.timedelta(days=1))
    since, until = (tuple(days) + (None, None))[:2] if isinstance(days, tuple) else (days, days)
    rows = state.guard(trail.table, state.lang(), user=user, kind=kind, since=since,
                       until=until or since)
    if rows is state.FAILED:
        return
    for col in rows.columns[:2]:  # started and finished, in the department's time zone
        rows[col] = rows[col].map(state.local_time)
    st.caption(t("rows", n=len(rows)))
    state.show_table(rows, height=520)
    state.download_buttons("audit", rows)


if __name__ == "__main__":
    render()
