"""The embedded store: a LadybugDB database in one file on disk.

Reads go through a read-only database handle, so the database itself refuses
writes. A load builds the new graph in a sibling file with bulk ``COPY … FROM``
Arrow tables, closes it, and renames it over the old file: readers keep the old
graph until the rename, and a load killed half-way leaves only a stray sibling
file behind (removed by the next load). Every reader notices a new file (inode
and mtime) on its next query and reopens.

Next month's load usually changes a few percent of the rows. When the load says how
its tables differ from the load the store holds (a :class:`graphmodel.delta.Change`,
small enough to pay), the sibling file starts as a copy of the store and only the
difference is written into it — links of changed pairs deleted, removed nodes
deleted, changed nodes updated, new rows copied in — then renamed over the store the
same way. A store changed since its load by an ad-hoc write (``run(write=True)``
leaves a ``<store>.edited`` mark) or left with a write-ahead log is always rebuilt whole.
"""

from __future__ import annotations

import gc
import os
import shutil
import threading
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ladybug
import numpy as np
import pandas as pd
import pyarrow as pa

from . import schema
from .cypher_guard import check_read_only
from .store_file import check_store_file, prepare_folder
from .writer_lock import WriterLock, file_lock
from .store import (
    GraphStore,
    LoadInfo,
    Progress,
    QueryError,
    ReadOnlyError,
    StoreError,
    StoreMissing,
    LOAD_STEPS,
    arrow_table,
    start_load,
)

if TYPE_CHECKING:
    from .delta import Change

__all__ = ["LadybugStore", "ddl"]

_LOADING = ".loading-"
#: How LadybugDB's error begins when a query ran out of buffer-pool memory.
_OUT_OF_MEMORY = "Buffer manager exception"
#: Address space each open database reserves (LadybugDB's default is 8 TiB, so a process
#: that holds sixteen open at once, as the test suite and a busy dashboard do, runs out of
#: the 128 TiB a process has). 1 TiB is far above any department's graph.
MAX_DB_SIZE = 1 << 40


def _database(path: Path, read_only: bool = False) -> ladybug.Database:
    """Open the LadybugDB database at ``path`` with the address-space cap above."""
    return ladybug.Database(str(path), read_only=read_only, max_db_size=MAX_DB_SIZE)


def ddl() -> list[str]:
    """The ``CREATE NODE/REL TABLE`` statements for the whole schema."""
    out = []
    for n in (*schema.NODES, schema.META):
        cols = ", ".join(
            f"{p.name} {p.type}{' PRIMARY KEY' if p.name == n.key else ''}" for p in n.props
        )
        out.append(f"CREATE NODE TABLE {n.label}({cols})")
    for r in schema.RELS:
        props = "".join(f", {p.name} {p.type}" for p in r.props)
        out.append(f"CREATE REL TABLE {r.type}(FROM {r.src} TO {r.dst}{props})")
    return out


class LadybugStore(GraphStore):
    """A LadybugDB file. ``timeout`` (seconds) bounds each read query.

    A path that exists and is not a LadybugDB file is refused here and on every
    later use (:func:`graphmodel.store_file.check_store_file`), and never written.
    Writers take ``flock`` on ``<path>.lock`` (:mod:`graphmodel.writer_lock`).
    """

    def __init__(self, path: Path | str, *, timeout: float | None = None) -> None:
        self.path = Path(path)
        self.uri = str(self.path)
        self.timeout = timeout
        self._lock = threading.RLock()
        self._db: Any = None
        self._conn: Any = None
        self._identity: tuple[int, int] | None = None
        #: How the last load was written: "full" (a new file) or "patch" (the difference).
        self.last_write: str | None = None
        check_store_file(self.path)

    def writer_lock(self) -> WriterLock:
        prepare_folder(self.path)
        return file_lock(self.path)

    # -- reading -----------------------------------------------------------------

    def _file_identity(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns)

    def _reader(self) -> Any:
        ident = self._file_identity()
        if ident is None:
            self._close_reader()
            raise StoreMissing(key="no_graph", path=str(self.path))
        if self._conn is None or ident != self._identity:
            self._close_reader()
            check_store_file(self.path)
            try:
                self._db = _database(self.path, read_only=True)
                self._conn = ladybug.Connection(self._db)
            except RuntimeError as exc:
                raise StoreError(f"cannot open {self.path}: {exc}") from None
            self._identity = ident
        if self.timeout:
            self._conn.set_query_timeout(int(self.timeout * 1000))
        return self._conn

    def _close_reader(self) -> None:
        for obj in (self._conn, self._db):
            if obj is not None:
                try:
                    obj.close()
                except Exception:  # noqa: BLE001 - closing a stale handle
                    pass
        self._conn = self._db = None
        self._identity = None

    def run(
        self,
        cypher: str,
        params: Mapping[str, Any] | None = None,
        *,
        write: bool = False,
        max_rows: int | None = None,
    ) -> pd.DataFrame:
        with self._lock:
            if write:
                return self._run_write(cypher, params)
            check_read_only(cypher)  # file access (COPY TO, LOAD FROM, EXPORT, ...)
            try:
                return _execute(self._reader(), cypher, params, max_rows)
            except QueryError as exc:
                if _OUT_OF_MEMORY in str(exc):
                    # a query that filled the buffer pool can leave it full: start afresh next time
                    self._close_reader()
                raise

    def _edited(self) -> Path:
        """The mark an ad-hoc write leaves: the graph is no longer exactly its load."""
        return self.path.with_name(self.path.name + ".edited")

    def _run_write(self, cypher: str, params: Mapping[str, Any] | None) -> pd.DataFrame:
        with self.writing("write"):
            if not check_store_file(self.path):
                raise StoreMissing(key="no_graph", path=str(self.path))
            self._edited().touch()  # before the write: a write killed half-way counts too
            self._close_reader()
            db = _database(self.path)
            conn = ladybug.Connection(db)
            try:
                return _execute(conn, cypher, params)
            finally:
                conn.close()
                db.close()

    def version(self) -> str:
        ident = self._file_identity()
        return "missing" if ident is None else f"{ident[0]}-{ident[1]}"

    def load_info(self) -> LoadInfo | None:
        if not self.path.exists():
            return None
        df = self.run(
            f"MATCH (m:{schema.META_LABEL}) RETURN m.load_id AS load_id, m.loaded_at AS loaded_at, "
            "m.source AS source, m.rows_read AS rows_read, m.rows_rejected AS rows_rejected"
        )
        if df.empty:
            return None
        r = df.iloc[0]
        return LoadInfo(
            str(r.load_id), str(r.loaded_at), str(r.source), int(r.rows_read), int(r.rows_rejected)
        )

    def close(self) -> None:
        with self._lock:
            self._close_reader()

    def release(self) -> None:
        """Close the read handle, and with it the buffer pool; the next query reopens it."""
        self.close()
        gc.collect()  # frames of the last analysis caught in reference cycles go now, not later

    # -- loading -----------------------------------------------------------------

    def _replace(
        self,
        tables: Mapping[str, pd.DataFrame],
        source: str,
        rows_read: int,
        rows_rejected: int,
        progress: Progress | None,
        change: Change | None = None,
    ) -> LoadInfo:
        info = start_load(
            tables, source=source, rows_read=rows_read, rows_rejected=rows_rejected
        )
        check_store_file(self.path)  # again, under the lock: never rename over a non-store
        self._remove_stale_builds()
        tmp = self.path.with_name(f"{self.path.name}{_LOADING}{os.getpid()}-{uuid.uuid4().hex[:8]}")
        patch = change is not None and change.small() and self._holds(change.base_load)
        try:
            if patch:
                shutil.copyfile(self.path, tmp)
            try:
                db = _database(tmp)
            except RuntimeError as exc:
                raise StoreError(key="store_unwritable", folder=self.path.parent,
                                 reason=str(exc).split(": ", 1)[-1]) from None
            conn = ladybug.Connection(db)
            try:
                if patch:
                    _apply(conn, change, progress)
                    conn.execute(f"MATCH (m:{schema.META_LABEL}) DELETE m")
                else:
                    _build(conn, tables, progress)
                arrow_rows = arrow_table(schema.META_LABEL, pd.DataFrame([info.__dict__]))
                conn.execute(f"COPY {schema.META_LABEL} FROM arrow_rows")
            finally:
                conn.close()
                db.close()
            if progress:
                progress("swap", len(LOAD_STEPS), len(LOAD_STEPS))
            _fsync(tmp)
            check_store_file(self.path)
            Path(str(self.path) + ".wal").unlink(missing_ok=True)
            os.replace(tmp, self.path)
            self._edited().unlink(missing_ok=True)
        except BaseException:
            for p in (tmp, Path(str(tmp) + ".wal")):
                p.unlink(missing_ok=True)
            raise
        self.last_write = "patch" if patch else "full"
        return info

    def _holds(self, load_id: str) -> bool:
        """Whether the store's file is exactly the graph of load ``load_id``."""
        if self._edited().exists() or Path(str(self.path) + ".wal").exists():
            return False
        info = self.load_info()
        return info is not None and info.load_id == load_id

    def _remove_stale_builds(self) -> None:
        for p in self.path.parent.glob(f"{self.path.name}{_LOADING}*"):
            pid = p.name.split(_LOADING, 1)[1].split("-", 1)[0]
            if pid.isdigit() and _alive(int(pid)) and int(pid) != os.getpid():
                continue
            p.unlink(missing_ok=True)


def _build(conn: Any, tables: Mapping[str, pd.DataFrame], progress: Progress | None) -> None:
    """Create the schema in an empty database and copy every table in."""
    for stmt in ddl():
        conn.execute(stmt)
    for i, name in enumerate(LOAD_STEPS):
        if progress:
            progress(name, i, len(LOAD_STEPS))
        arrow_rows = arrow_table(name, tables.get(name))  # noqa: F841 - COPY reads it by name
        if arrow_rows.num_rows:
            _run(conn, f"COPY {name} FROM arrow_rows", name)


def _apply(conn: Any, change: Change, progress: Progress | None) -> None:
    """Write ``change`` into a copy of the graph it starts from: the links of every
    rewritten pair and the removed nodes (with their links) go first, then changed
    nodes are updated and new nodes and links copied in. LOAD FROM scans the Arrow
    tables in place; the columns are renamed so none clashes with a Cypher word."""
    steps = [n for n in LOAD_STEPS if n in change.tables]
    for r in schema.RELS:
        d = change.tables.get(r.type)
        if d is not None and d.delete.num_rows:
            pairs = d.delete  # noqa: F841 - LOAD FROM reads it by name
            src, dst = schema.node(r.src).key, schema.node(r.dst).key
            _run(conn, f"LOAD FROM pairs MATCH (a:{r.src} {{{src}: s}})-[x:{r.type}]->"
                       f"(b:{r.dst} {{{dst}: d}}) DELETE x", r.type)
    for n in schema.NODES:
        d = change.tables.get(n.label)
        if d is None:
            continue
        if progress:
            progress(n.label, steps.index(n.label), len(steps))
        if d.delete.num_rows:
            keys = d.delete.select([n.key]).rename_columns(["k"])  # noqa: F841
            _run(conn, f"LOAD FROM keys MATCH (n:{n.label} {{{n.key}: k}}) DETACH DELETE n", n.label)
        if d.update.num_rows:
            names = ["k" if c == n.key else f"v{i}" for i, c in enumerate(n.columns)]
            rows = d.update.select(n.columns).rename_columns(names)  # noqa: F841
            sets = ", ".join(f"n.{c} = {v}" for c, v in zip(n.columns, names) if v != "k")
            _run(conn, f"LOAD FROM rows MATCH (n:{n.label} {{{n.key}: k}}) SET {sets}", n.label)
        if d.insert.num_rows:
            arrow_rows = d.insert  # noqa: F841
            _run(conn, f"COPY {n.label} FROM arrow_rows", n.label)
    for r in schema.RELS:
        d = change.tables.get(r.type)
        if d is not None and d.insert.num_rows:
            if progress:
                progress(r.type, steps.index(r.type), len(steps))
            arrow_rows = d.insert  # noqa: F841
            _run(conn, f"COPY {r.type} FROM arrow_rows", r.type)


def _run(conn: Any, cypher: str, table: str) -> None:
    """``cypher`` (it reads the Arrow table named in it from the caller's variables)."""
    try:
        conn.execute(cypher)
    except RuntimeError as exc:
        raise StoreError(f"loading {table} failed: {exc}") from None


def _execute(
    conn: Any, cypher: str, params: Mapping[str, Any] | None, max_rows: int | None = None
) -> pd.DataFrame:
    try:
        result = conn.execute(cypher, dict(params or {}))
    except RuntimeError as exc:
        msg = str(exc)
        if "read-only" in msg or "read only" in msg:
            raise ReadOnlyError(
                "this query writes to the graph, and the store is open read-only "
                "(pass --write to allow it)"
            ) from None
        if "interrupted" in msg.lower() or "timeout" in msg.lower():
            raise QueryError(f"query stopped: took longer than the time limit ({msg})") from None
        if _OUT_OF_MEMORY in msg:
            raise QueryError(
                f"{_OUT_OF_MEMORY}: the query needs more memory than LadybugDB's buffer pool "
                f"(about 80% of this machine's RAM) holds; narrow it with filters ({msg})"
            ) from None
        raise QueryError(msg) from None
    if isinstance(result, list):  # several statements: keep the last result
        result = result[-1]
    cols = result.get_column_names()
    if max_rows is not None:
        rows = []
        while len(rows) < max_rows and result.has_next():
            rows.append(result.get_next())
        return pd.DataFrame(rows, columns=cols)
    if result.has_next() and set(result.get_column_data_types()) <= _PRIMITIVE:
        return _frame_from_arrow(result.get_as_arrow(), cols)
    rows = result.get_all()
    return pd.DataFrame(rows, columns=cols)


#: Column types whose Arrow form converts to exactly what ``pd.DataFrame(get_all())`` gives.
_PRIMITIVE = {"STRING", "INT64", "INT32", "INT16", "INT8", "DOUBLE", "FLOAT", "BOOL"}


def _frame_from_arrow(table: pa.Table, cols: list[str]) -> pd.DataFrame:
    """The rows of ``table`` as ``pd.DataFrame(rows, columns=cols)`` would type them.

    Numbers without nulls stay int64/float64, numbers with nulls become float64 with
    NaN, text becomes the ``str`` dtype, booleans with nulls and all-null columns
    are objects with None - what pandas infers from the rows as Python values -
    but without building a Python object per cell.
    """
    data = {}
    for i, name in enumerate(cols):
        col = table.column(i)
        n, nulls = len(col), col.null_count
        typ = col.type
        if nulls == n:
            data[name] = np.full(n, None, dtype=object)
        elif pa.types.is_integer(typ) and not nulls:
            data[name] = col.to_numpy().astype(np.int64, copy=False)
        elif pa.types.is_integer(typ) or pa.types.is_floating(typ):
            data[name] = col.to_numpy().astype(np.float64, copy=False)
        elif pa.types.is_boolean(typ) and not nulls:
            data[name] = col.to_numpy()
        elif pa.types.is_string(typ) or pa.types.is_large_string(typ):
            data[name] = col.to_pandas()
        else:
            data[name] = col.to_pylist()
    return pd.DataFrame(data, columns=cols)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
