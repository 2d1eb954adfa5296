"""Where a load goes in the monthly history: which snapshot it is and what it builds on.

A load describes one day (``as_of``, default today). :meth:`Month.of` works out, before
anything is written, whether that day is the newest kept (then the store's graph is
replaced too) or an older month being filled in or corrected (then only its snapshot
is written, and the store keeps showing the newest month). :meth:`Month.write` writes
the snapshot folder first, then the store, then puts the snapshot in place: a failure
at any step leaves both as they were.

Two things happen once, on the first load into a store that keeps history: a graph
loaded before snapshots existed is kept as the snapshot of the day it was loaded (so
last month is not lost by upgrading), and the built-in demo's months are dropped when
a planner's own ledger comes in (they describe an invented city, not the department).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from graphmodel import GraphStore, LoadInfo, StoreError
from graphmodel.delta import Change, diff
from graphmodel.history import History, Snapshot, day_text, history_for, tables_of
from graphmodel.store import LOAD_STEPS, Progress, arrow_table, start_load

from .errors import LoadError, message

__all__ = ["Month", "drop_month"]


@dataclass
class Month:
    """The snapshot one load writes: its day, whether it is the newest, its base graph."""

    store: GraphStore
    history: History | None
    day: str
    newest: bool
    #: The graph the load replaces: the store, or the snapshot on or before ``day``
    #: (None when an older month has nothing before it).
    base: GraphStore | None
    demo: bool = False

    @classmethod
    def of(cls, store: GraphStore, as_of: object, lang: str = "zh", *, demo: bool = False) -> Month:
        day = day_text(as_of) if as_of not in (None, "") else _dt.date.today().isoformat()
        history = history_for(store.uri)
        if history is None:
            return cls(store, None, day, True, store, demo)
        if not history.entries():
            _keep_unkept_graph(store, history)
        kept = [s for s in history.entries() if demo or not s.demo]
        newest = not kept or day >= kept[-1].day
        if newest:
            return cls(store, history, day, True, store, demo)
        before = [s for s in kept if s.day <= day]
        return cls(store, history, day, False, history.store(before[-1]) if before else None, demo)

    def base_for_county(self, lang: str) -> GraphStore:
        """The graph a county's submission merges into; LoadError when there is none."""
        if self.base is None:
            raise LoadError(message("no_month_before", lang, day=self.day))
        return self.base

    def change(self, tables: Mapping[str, pd.DataFrame]) -> Change | None:
        """How ``tables`` differ from the load the store holds, when this month goes into
        the store and that load is kept as a snapshot (else None)."""
        if self.history is None or not self.newest:
            return None
        held = self.history.holding(self.store)
        if held is None:
            return None
        new = {name: arrow_table(name, tables.get(name)) for name in LOAD_STEPS}
        return diff(self.history.arrow_tables(held), new, base_load=held.load_id)

    def write(self, tables: Mapping[str, pd.DataFrame], *, source: str, rows_read: int,
              rows_rejected: int, progress: Progress | None = None,
              user: str = "", change: Change | None = None) -> tuple[LoadInfo, Snapshot | None]:
        """Write ``tables`` as this month: (the load record, the snapshot kept).
        ``change`` (from :meth:`change`) lets the store and the snapshot write only what
        differs from the month before."""
        if self.history is None:
            return self.store.replace_graph(tables, source=source, rows_read=rows_read,
                                            rows_rejected=rows_rejected, progress=progress), None
        history = self.history
        earlier = history.entries()
        held = next((s for s in earlier if change and s.load_id == change.base_load), None)
        tmp = history.prepare(self.day, tables, same=(held, change.unchanged) if held else None)
        try:
            if self.newest:
                info = self.store.replace_graph(tables, source=source, rows_read=rows_read,
                                                rows_rejected=rows_rejected, progress=progress,
                                                change=change)
            else:
                info = start_load(tables, source=source, rows_read=rows_read,
                                  rows_rejected=rows_rejected)
        except BaseException:
            history.abort(tmp)
            raise
        snap = history.commit(tmp, self.day, info, user=user, tables=tables, demo=self.demo)
        if not self.demo:
            for old in earlier:
                if old.demo and old.day != self.day:
                    history.drop(old.day)
        return info, snap


def drop_month(store: GraphStore, day: object) -> tuple[Snapshot, Snapshot]:
    """Remove the snapshot of exactly ``day`` (the caller holds the writer lock):
    (the one removed, the newest left). Removing the newest puts the month before it
    back into the store first, so the store always shows the newest kept month.
    StoreError when there is no such snapshot or it is the only one."""
    history = history_for(store.uri)
    if history is None:
        raise StoreError(key="no_history_bolt", store=store.uri)
    snap = history.get(day)
    entries = history.entries()
    if len(entries) == 1:
        raise StoreError(key="only_snapshot", day=snap.day)
    rest = [s for s in entries if s.day != snap.day]
    if snap.day == entries[-1].day:
        back = rest[-1]
        info = store.replace_graph(history.tables(back), source=back.source,
                                   rows_read=back.rows_read, rows_rejected=back.rows_rejected)
        rest[-1] = history.relink(back, info.load_id)
    history.drop(snap.day)
    return snap, rest[-1]


def _keep_unkept_graph(store: GraphStore, history: History) -> None:
    """Keep a graph loaded before history existed as the snapshot of its load day
    (adding a snapshot of what the store already holds loses nothing)."""
    info = store.load_info()
    if info is None or info.source.startswith("demo"):
        return
    tables = tables_of(store)
    history.commit(history.prepare(info.loaded_at[:10], tables), info.loaded_at[:10], info,
                   tables=tables)
