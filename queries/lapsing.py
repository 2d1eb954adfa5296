"""Organisations about to lose their only watcher (唯一包联即将到期).

An organisation exactly one person watches (a mentor or a contact point) is one step
from a gap; when every active link of that person to it carries an end date within
the next ``days`` days, the step is already dated. This analysis lists them, soonest
first, so a planner can renew the link or find a second watcher before it lapses.

A link with no end date never lapses; a watcher with two links to the same
organisation (mentor and contact point) lapses when the later one ends.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import pandas as pd

from .catalogue import analysis
from ._common import GRASSROOTS, as_of_text, kinds_list, rated, run, shape
from .params import Param

__all__ = ["LAPSING_COLUMNS", "lapsing_watch"]

#: The columns of :func:`lapsing_watch`, in order.
LAPSING_COLUMNS = ["org_id", "name", "county", "township", "domain", "tier", "stars", "weak",
                   "person_id", "person_name", "link_end", "days_left"]

DAYS = Param("days", "int", help="how many days ahead an end date counts as soon")


@analysis("lapsing-watch", title=("唯一包联即将到期", "Only watcher's link ends soon"),
          description=("只有一人包联或联系、且其包联在若干天内到期的基层组织，到期日早的在前：到期后即无人包联。",
                       "Organisations one person watches whose every link ends within the given "
                       "days, soonest first: when it ends, nobody watches them."),
          params=("as_of", DAYS, "county", "domain", "tier", "kinds"), columns=LAPSING_COLUMNS,
          labels={"name": ("组织名称", "Organisation"), "link_end": ("到期日", "Link ends"),
                  "days_left": ("剩余天数", "Days left"), "days": ("提前天数", "Days ahead")})
def lapsing_watch(
    store: Any,
    *,
    as_of: str | date | None = None,
    days: int = 30,
    county: str | None = None,
    domain: str | None = None,
    tier: str | None = None,
    kinds: Iterable[str] = GRASSROOTS,
) -> pd.DataFrame:
    """Organisations whose only watcher's links all end within ``days`` days of ``as_of``.

    Parameters
    ----------
    store : graphmodel.GraphStore
    as_of : 'YYYY-MM-DD', date or None (the store's day, else today)
    days : int
        An end date from ``as_of`` to ``as_of + days`` (both included) counts as soon.
    county, domain, tier : str, optional
        Keep only organisations of this county, domain or tier.
    kinds : iterable of str
        Organisation kinds to include (default: branch and general_branch).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`LAPSING_COLUMNS`: the organisation (stars as the rating), the one
        watcher (person_id, person_name), ``link_end`` (the last day of their latest link)
        and ``days_left`` (from ``as_of`` to ``link_end``), soonest first, then by org_id.
    """
    day = as_of_text(as_of, store)
    horizon = (date.fromisoformat(day) + timedelta(days=max(0, int(days)))).isoformat()
    df = run(store, "lapsing_watch", as_of=day, horizon=horizon, county=county, domain=domain,
             tier=tier, kinds=kinds_list(kinds))
    df = rated(df)
    ends = pd.to_datetime(df["link_end"], errors="coerce")
    df["days_left"] = (ends - pd.Timestamp(day)).dt.days.astype("Int64")
    return shape(df, LAPSING_COLUMNS, ints=("days_left",))
