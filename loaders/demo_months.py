"""The demo's months: the invented city as it stood at the last few month ends.

``branchgraph demo`` keeps, beside today's graph, :data:`MONTHS` earlier month-end
snapshots, so that 本月变化, 预警 and the trend lines have something to show on the
first command. Going back in time, a fixed share of rows per month is set back: mentor
links that were not there yet, branches still lagging (tiers lifted since), still weak
(cleared since, 销号) and a star lower. Each row draws one random rank once, so a row
set back in one month is set back in every earlier one too: the months tell one story.

The snapshots are marked as the demo's (:class:`graphmodel.history.Snapshot` ``demo``)
and dropped when a planner's own ledger is loaded. A store that already keeps months of
a planner's own ledgers is refused: the demo never writes among them.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pandas as pd

from graphmodel import GraphStore, LoadInfo
from graphmodel.history import history_for
from graphmodel.store import Progress

from . import contract
from .errors import LoadError, message
from .month import Month

__all__ = ["MONTHS", "month_ends", "set_back", "load_demo_months"]

#: Earlier month ends kept beside today's graph.
MONTHS = 5
#: Share of rows set back per month, going back.
_LINK, _TIER, _WEAK, _STAR = 0.06, 0.03, 0.02, 0.04


def month_ends(today: _dt.date, n: int = MONTHS) -> list[str]:
    """The ``n`` month ends before ``today``, newest first.

    >>> month_ends(_dt.date(2026, 12, 6), 3)
    ['2026-11-30', '2026-10-31', '2026-09-30']
    """
    out, day = [], today.replace(day=1)
    for _ in range(n):
        day -= _dt.timedelta(days=1)
        out.append(day.isoformat())
        day = day.replace(day=1)
    return out


def set_back(data: dict[str, pd.DataFrame], months: int, seed: int = 0) -> dict[str, pd.DataFrame]:
    """The demo tables as they stood ``months`` months ago (see the module)."""
    rng = np.random.default_rng(seed + 7919)
    out = dict(data)
    links = data["assignments"]
    rank = rng.random(len(links))
    mentor = links["type"].eq("mentor").to_numpy()
    out["assignments"] = links[~(mentor & (rank < _LINK * months))].reset_index(drop=True)
    orgs = data["organizations"].copy()
    r = rng.random((3, len(orgs)))
    middle = orgs["tier"].eq("middle").to_numpy() & (r[0] < _TIER * months)
    orgs.loc[middle, "tier"] = "lagging"
    weak = orgs["tier"].eq("lagging").to_numpy() & (r[1] < _WEAK * months)
    orgs.loc[weak, "weak"] = True
    stars = pd.to_numeric(orgs["stars"], errors="coerce")
    lower = (stars > 0).to_numpy() & (r[2] < _STAR * months)
    orgs.loc[lower, "stars"] = stars[lower] - 1
    for col in ("base_stars",):  # the rating follows the rule where its inputs are given
        if col in orgs.columns:
            base = pd.to_numeric(orgs[col], errors="coerce")
            orgs.loc[lower & (base > 0).to_numpy(), col] = base[lower & (base > 0).to_numpy()] - 1
    out["organizations"] = orgs
    return out


def load_demo_months(store: GraphStore, data: dict[str, pd.DataFrame], *, source: str,
                     seed: int = 0, progress: Progress | None = None, lang: str = "zh",
                     today: _dt.date | None = None) -> LoadInfo:
    """Load ``data`` as today's graph, and keep it and :data:`MONTHS` earlier month ends
    as the demo's snapshots (embedded stores; on Bolt, today's graph only)."""
    today = today or _dt.date.today()
    history = history_for(store.uri)
    if history is not None:
        own = [s for s in history.entries() if not s.demo]
        if own:
            raise LoadError(message("demo_among_months", lang, n=len(own), store=store.uri))
        for s in history.entries():
            history.drop(s.day)
    rows = sum(len(df) for df in data.values())
    info, _ = Month.of(store, today.isoformat(), lang, demo=True).write(
        contract.graph_tables(data), source=source, rows_read=rows, rows_rejected=0,
        progress=progress)
    if history is None:
        return info
    for back, day in enumerate(month_ends(today), 1):
        past = set_back(data, back, seed)
        Month.of(store, day, lang, demo=True).write(
            contract.graph_tables(past), source=f"{source} ({day})",
            rows_read=sum(len(df) for df in past.values()), rows_rejected=0)
    return info
