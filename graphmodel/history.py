"""Monthly snapshots: every load kept under the day its ledger describes.

Planners work in months. Each successful load is kept as a *snapshot* of its as-of
day (``load --as-of``, usually a month end) in a folder beside the embedded store::

    branchgraph.lbug.history/
        2026-10-31/  meta.json  Organization.parquet  MENTORS.parquet ...
        2026-11-30/  ...

A snapshot is the graph tables exactly as :meth:`GraphStore.replace_graph` wrote them
(about 0.5 MB of Parquet for the city demo, against 9 MB of database), so storage
grows by a fraction of a store per month. The store itself always holds the newest
snapshot, and every analysis reads it as before. An older snapshot is opened as a
store of its own (:meth:`History.store`): built from its tables on first use into
``<day>/graph.lbug`` (a few tenths of a second at city scale), kept for the next
query, and the least recently used ones beyond :data:`CACHED` are removed. Every
analysis runs on it unchanged; its ``default_as_of`` is the snapshot's day, so dated
links answer for that day (:func:`graphmodel.rules.as_of_text`).

A snapshot folder is written whole under a temporary name and renamed into place,
so a killed load leaves the history as it was. History is kept for embedded stores
only: a Bolt server's graph has no folder beside it (:func:`history_for` is None).
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .errors import StoreError
from .rules import as_of_text
from .store import BOLT_SCHEMES, GraphStore, LOAD_STEPS, LoadInfo, arrow_table, open_store

__all__ = ["CACHED", "History", "Snapshot", "history_for", "history_of", "day_text", "open_snapshot", "snapshot_at",
           "tables_of"]

#: How many older snapshots stay built as stores beside their tables.
CACHED = 2

_META = "meta.json"
_GRAPH = "graph.lbug"


@dataclass(frozen=True)
class Snapshot:
    """One kept load: its as-of day and the record of the load that made it."""

    day: str
    load_id: str
    loaded_at: str
    source: str
    rows_read: int
    rows_rejected: int
    user: str = ""
    tables: dict[str, int] = field(default_factory=dict)
    #: Kept by ``branchgraph demo`` (dropped when a planner's own ledger comes in).
    demo: bool = False


def day_text(value: Any) -> str:
    """``value`` (a date or text such as ``2026-11-30`` / ``2026/11/30``) as ``YYYY-MM-DD``;
    StoreError (a one-line message) for anything else.

    >>> day_text("2026/1/5")
    '2026-01-05'
    """
    if value is None or not str(value).strip():
        raise StoreError(key="bad_day", day=str(value or ""))
    try:
        return as_of_text(value)
    except ValueError:
        raise StoreError(key="bad_day", day=str(value).strip()) from None


class History:
    """The snapshots kept in ``folder`` (created on the first save)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    # -- reading -----------------------------------------------------------------

    def entries(self) -> list[Snapshot]:
        """Every snapshot, oldest first."""
        out = []
        if not self.folder.is_dir():
            return out
        for d in sorted(self.folder.iterdir()):
            meta = d / _META
            if d.is_dir() and len(d.name) == 10 and meta.is_file():
                out.append(Snapshot(**json.loads(meta.read_text(encoding="utf-8"))))
        return out

    def latest(self) -> Snapshot | None:
        entries = self.entries()
        return entries[-1] if entries else None

    def find(self, day: Any) -> Snapshot | None:
        """The newest snapshot on or before ``day`` (None when there is none)."""
        wanted = day_text(day)
        before = [s for s in self.entries() if s.day <= wanted]
        return before[-1] if before else None

    def on_or_before(self, day: Any) -> Snapshot:
        """:meth:`find`, or StoreError (one line, the days kept) when there is none."""
        snap = self.find(day)
        if snap is None:
            raise StoreError(key="no_snapshot_before", day=day_text(day), days=self.days_text())
        return snap

    def get(self, day: Any) -> Snapshot:
        """The snapshot of exactly ``day``; StoreError when there is none."""
        wanted = day_text(day)
        for s in self.entries():
            if s.day == wanted:
                return s
        raise StoreError(key="no_snapshot_on", day=wanted, days=self.days_text())

    def tables(self, snap: Snapshot) -> dict[str, pd.DataFrame]:
        """The graph tables of ``snap``, as :meth:`GraphStore.replace_graph` takes them."""
        return {name: t.to_pandas() for name, t in self.arrow_tables(snap).items()}

    def arrow_tables(self, snap: Snapshot) -> dict[str, pa.Table]:
        """The graph tables of ``snap`` as Arrow, exactly as they were written."""
        d = self.folder / snap.day
        return {name: pq.read_table(d / f"{name}.parquet")
                for name in LOAD_STEPS if (d / f"{name}.parquet").is_file()}

    def holding(self, store: GraphStore) -> Snapshot | None:
        """The snapshot whose load ``store`` holds (None: the store holds none of them)."""
        info = store.load_info()
        held = [s for s in self.entries() if info is not None and s.load_id == info.load_id]
        return held[-1] if held else None

    def store(self, snap: Snapshot, current: GraphStore | None = None) -> GraphStore:
        """``snap`` as a store answering for its day: ``current`` itself when it holds
        that load (the newest snapshot is the store), else one built on first use."""
        info = current.load_info() if current is not None else None
        if info is not None and info.load_id == snap.load_id:
            return current
        path = self.folder / snap.day / _GRAPH
        s = open_store(path)
        if s.load_info() is None:
            with s.writing("snapshot"):
                if s.load_info() is None:
                    s.replace_graph(self.tables(snap), source=snap.source, rows_read=snap.rows_read,
                                    rows_rejected=snap.rows_rejected)
        os.utime(path)
        self._evict(keep=path)
        s.default_as_of = snap.day  # type: ignore[attr-defined]
        s.snapshot_day = snap.day  # type: ignore[attr-defined]
        s.snapshot_load = snap.load_id  # type: ignore[attr-defined]  # rebuilt: same month
        s.history = self  # type: ignore[attr-defined]  # its months: those up to its day
        return s

    def memo(self, snap: Snapshot, key: str, compute: Any) -> pd.DataFrame:
        """``compute()``, a frame worked out from ``snap``, kept beside it as ``key``: a
        snapshot never changes, so a month's figures are computed once (the trend lines
        over 24 months read 24 small files)."""
        path = self.folder / snap.day / f"memo-{key}-{snap.load_id[:12]}.parquet"
        return _memo(path, compute)

    def days_text(self) -> str:
        return "、".join(s.day for s in self.entries()) or "-"

    def _evict(self, keep: Path) -> None:
        built = sorted((p for p in self.folder.glob(f"*/{_GRAPH}") if p != keep),
                       key=lambda p: p.stat().st_mtime, reverse=True)
        for p in built[CACHED - 1:]:
            for f in p.parent.glob(f"{_GRAPH}*"):
                f.unlink(missing_ok=True)

    # -- writing (callers hold the store's writer lock) ---------------------------

    def prepare(self, day: Any, tables: Mapping[str, pd.DataFrame],
                same: tuple[Snapshot, set[str]] | None = None) -> Path:
        """Write ``tables`` as the snapshot of ``day`` under a temporary name; the
        folder to hand to :meth:`commit` (or :meth:`abort`). ``same``: a snapshot and
        the tables that are unchanged since it, linked instead of written again
        (a snapshot's files are never changed in place, only replaced whole)."""
        tmp = self.folder / f".{day_text(day)}.{os.getpid()}-{uuid.uuid4().hex[:8]}"
        tmp.mkdir(parents=True, mode=0o700)
        base, unchanged = (self.folder / same[0].day, same[1]) if same else (None, set())
        try:
            for name in LOAD_STEPS:
                target = tmp / f"{name}.parquet"
                if base is not None and name in unchanged and _link(base / target.name, target):
                    continue
                pq.write_table(arrow_table(name, tables.get(name)), target, compression="zstd")
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return tmp

    def commit(self, tmp: Path, day: Any, info: LoadInfo, *, user: str = "",
               tables: Mapping[str, pd.DataFrame] | None = None, demo: bool = False) -> Snapshot:
        """Put the prepared folder in place as the snapshot of ``day`` (replacing that
        day's snapshot, if any) and record ``info`` with it."""
        snap = Snapshot(day_text(day), info.load_id, info.loaded_at, info.source, info.rows_read,
                        info.rows_rejected, user,
                        {k: int(len(v)) for k, v in (tables or {}).items()}, demo)
        (tmp / _META).write_text(json.dumps(snap.__dict__, ensure_ascii=False, indent=1),
                                 encoding="utf-8")
        final = self.folder / snap.day
        old = self.folder / f".{snap.day}.old-{uuid.uuid4().hex[:8]}"
        if final.exists():
            os.replace(final, old)
        os.replace(tmp, final)
        shutil.rmtree(old, ignore_errors=True)
        return snap

    def relink(self, snap: Snapshot, load_id: str) -> Snapshot:
        """Record that the store's load ``load_id`` holds ``snap`` (its tables written
        back into the store after a newer month was dropped)."""
        out = Snapshot(**{**snap.__dict__, "load_id": load_id})
        meta = self.folder / snap.day / _META
        tmp = meta.with_suffix(".tmp")
        tmp.write_text(json.dumps(out.__dict__, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, meta)
        return out

    @staticmethod
    def abort(tmp: Path) -> None:
        shutil.rmtree(tmp, ignore_errors=True)

    def drop(self, day: Any) -> Snapshot:
        """Remove the snapshot of exactly ``day``; returns what it was."""
        snap = self.get(day)
        gone = self.folder / f".{snap.day}.drop-{uuid.uuid4().hex[:8]}"
        os.replace(self.folder / snap.day, gone)
        shutil.rmtree(gone, ignore_errors=True)
        return snap


def _link(src: Path, dst: Path) -> bool:
    """Hard-link ``src`` as ``dst``; False where the file system will not (then it is written)."""
    try:
        os.link(src, dst)
    except OSError:
        return False
    return True


def _memo(path: Path, compute: Any) -> pd.DataFrame:
    if path.is_file():
        return pq.read_table(path).to_pandas()
    df = compute()
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    df.to_parquet(tmp, index=False)
    os.replace(tmp, path)
    return df


def history_for(uri: str | os.PathLike[str]) -> History | None:
    """The history beside the embedded store at ``uri``; None for a Bolt server."""
    text = str(uri)
    if text.startswith(BOLT_SCHEMES):
        return None
    return History(Path(text).expanduser().parent / (Path(text).name + ".history"))


def history_of(store: GraphStore) -> Any:
    """The snapshots ``store`` answers for: the history attached to it (a county's
    scoped store reads its counties' part of the department's history,
    :class:`graphmodel.scope.ScopedHistory`), else the one beside its file; None on Bolt."""
    attached = getattr(store, "history", None)
    return attached if attached is not None else history_for(store.uri)


def snapshot_at(store: GraphStore, day: Any) -> tuple[Snapshot, GraphStore]:
    """The newest snapshot on or before ``day`` and a store holding it (``store`` itself
    for the newest one, unchanged: pass the snapshot's day as ``as_of``).

    StoreError with a one-line reason on a Bolt store (history is kept in the embedded
    store only) or when no snapshot is on or before ``day``.
    """
    history = history_of(store)
    if history is None:
        raise StoreError(key="no_history_bolt", store=store.uri)
    snap = history.on_or_before(day)
    return snap, history.store(snap, current=store)


def open_snapshot(store: GraphStore, day: Any) -> GraphStore:
    """The store answering for the newest snapshot on or before ``day``, its as-of
    default that snapshot's day (``--snapshot DATE``); see :func:`snapshot_at`."""
    snap, out = snapshot_at(store, day)
    out.default_as_of = snap.day  # type: ignore[attr-defined]
    return out


def tables_of(store: GraphStore) -> dict[str, pd.DataFrame]:
    """Every graph table of ``store``, as :meth:`GraphStore.replace_graph` takes them."""
    from . import schema
    from .projection import node_frame, rel_frame

    out = {n.label: node_frame(store, n.label) for n in schema.NODES}
    out.update({r.type: rel_frame(store, r.type) for r in schema.RELS})
    return out
