"""The graph-store interface and how a store is chosen from a setting.

A store runs Cypher with ``$parameters`` and returns a pandas DataFrame. Reads are
the default; a write needs ``write=True`` and the backend enforces read-only
itself (a read-only database connection on LadybugDB; the server's own query
classification on Bolt). A whole graph is replaced with :meth:`GraphStore.replace_graph`,
all or nothing.

Graph tables, the unit of loading: a mapping from a node label or relationship
type (see :mod:`graphmodel.schema`) to a DataFrame. Node frames have the label's
property columns; relationship frames have ``src`` and ``dst`` (the keys of the two
ends) and the type's property columns. Missing columns are filled with nulls.
"""

from __future__ import annotations

import os
import uuid
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager as ContextManager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import schema
from .errors import QueryError, ReadOnlyError, StoreError, StoreMissing
from .writer_lock import WriterLock

if TYPE_CHECKING:
    from .delta import Change

__all__ = [
    "GraphStore",
    "LoadInfo",
    "StoreError",
    "StoreMissing",
    "ReadOnlyError",
    "QueryError",
    "open_store",
    "DEFAULT_STORE",
    "arrow_table",
    "empty_tables",
    "Progress",
    "LOAD_STEPS",
    "start_load",
]

#: Called with (step description, done, total) while a graph is written.
Progress = Callable[[str, int, int], None]

#: The store a planner gets when nothing else is said (the ``store`` setting's default).
DEFAULT_STORE = "./data/branchgraph.lbug"


@dataclass(frozen=True)
class LoadInfo:
    """When the current graph was loaded and from what."""

    load_id: str
    loaded_at: str
    source: str
    rows_read: int
    rows_rejected: int


_ARROW = {"STRING": pa.string(), "INT64": pa.int64(), "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_()}


def _columns_of(name: str) -> tuple[list[str], list[str]]:
    """(columns, types) of a node label or relationship type."""
    if name == schema.META_LABEL:
        t = schema.META
        return t.columns, [p.type for p in t.props]
    try:
        n = schema.node(name)
        return n.columns, [p.type for p in n.props]
    except KeyError:
        r = schema.rel(name)
        return r.columns, ["STRING", "STRING", *[p.type for p in r.props]]


def arrow_table(name: str, frame: pd.DataFrame | pa.Table | None) -> pa.Table:
    """``frame`` as an Arrow table with exactly the schema's columns and types.

    Empty strings and NaN become nulls; missing columns are all null; extra
    columns are dropped. Raises ``ValueError`` naming the column that will not convert.
    """
    cols, types = _columns_of(name)
    if isinstance(frame, pa.Table):  # already converted (e.g. once per load, then reused)
        if frame.schema.equals(pa.schema([(c, _ARROW[t]) for c, t in zip(cols, types)])):
            return frame
        frame = frame.to_pandas()
    n = 0 if frame is None else len(frame)
    arrays = []
    for col, typ in zip(cols, types):
        if frame is None or col not in frame.columns:
            arrays.append(pa.nulls(n, _ARROW[typ]))
            continue
        try:
            arrays.append(_arrow_column(frame[col], typ))
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError) as exc:
            raise ValueError(f"{name}.{col}: cannot store as {typ}: {exc}") from None
    return pa.Table.from_arrays(arrays, names=cols)


def _arrow_column(s: pd.Series, typ: str) -> pa.Array:
    """One column, vectorised: blanks (None, NaN, '', '  ') become nulls."""
    s = s.reset_index(drop=True)
    if typ == "STRING":
        fast = _arrow_text(s)
        if fast is not None:
            return fast
        text = s.astype("string")
        text = text.mask(text.str.strip() == "")
        return pa.array(text, type=pa.string(), from_pandas=True)
    if s.dtype == object or pd.api.types.is_string_dtype(s.dtype):
        s = s.mask(s.astype("string").str.strip() == "")
    if typ == "BOOLEAN":
        return pa.array(s.astype("boolean"), type=pa.bool_(), from_pandas=True)
    num = pd.to_numeric(s, errors="raise")
    if typ == "INT64":
        return pa.array(num.astype("Int64"), type=pa.int64(), from_pandas=True)
    return pa.array(num.astype("Float64"), type=pa.float64(), from_pandas=True)


def _arrow_text(s: pd.Series) -> pa.ChunkedArray | None:
    """An Arrow-backed text column with blanks (empty or whitespace) as nulls, reusing
    its buffers; None when the column is not Arrow-backed text (the caller then
    converts it the general way)."""
    data = getattr(s.array, "_pa_array", None)
    if not isinstance(data, pa.ChunkedArray) or not (
        pa.types.is_string(data.type) or pa.types.is_large_string(data.type)
    ):
        return None
    chunks = []
    for c in data.chunks:
        keep = pc.fill_null(pc.invert(pc.or_(pc.equal(c, ""), pc.utf8_is_space(c))), False)
        if pc.all(keep).as_py() is not False:
            chunks.append(c)
        elif c.offset == 0 and keep.offset == 0:  # same offsets and text, a new validity bitmap
            chunks.append(pa.Array.from_buffers(c.type, len(c), [keep.buffers()[1], *c.buffers()[1:]]))
        else:
            chunks.append(pc.if_else(keep, c, pa.scalar(None, c.type)))
    return pa.chunked_array(chunks, type=data.type)


def empty_tables() -> dict[str, pd.DataFrame]:
    """One empty frame per node label and relationship type."""
    out = {n.label: pd.DataFrame(columns=n.columns) for n in schema.NODES}
    out.update({r.type: pd.DataFrame(columns=r.columns) for r in schema.RELS})
    return out


#: The order a load writes in: node labels first, then relationship types.
LOAD_STEPS: tuple[str, ...] = (*(n.label for n in schema.NODES), *(r.type for r in schema.RELS))


def start_load(
    tables: Mapping[str, pd.DataFrame], *, source: str, rows_read: int, rows_rejected: int
) -> LoadInfo:
    """Check that ``tables`` names only schema tables and stamp the new load.

    Both backends begin :meth:`GraphStore.replace_graph` with this.
    """
    unknown = set(tables) - set(LOAD_STEPS)
    if unknown:
        raise StoreError(f"unknown tables: {', '.join(sorted(unknown))}")
    return LoadInfo(
        uuid.uuid4().hex,
        datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds"),
        source,
        int(rows_read),
        int(rows_rejected),
    )


class GraphStore(ABC):
    """A graph database that branchgraph reads and (on load) replaces whole."""

    #: Where the store lives (a path or a bolt URI), for messages.
    uri: str

    @abstractmethod
    def run(
        self,
        cypher: str,
        params: Mapping[str, Any] | None = None,
        *,
        write: bool = False,
        max_rows: int | None = None,
    ) -> pd.DataFrame:
        """Run ``cypher`` with ``params``; a DataFrame of the returned rows.

        Read-only unless ``write=True``: a query that would write raises
        :class:`ReadOnlyError` and changes nothing. ``QueryError`` for anything
        the database rejects; ``StoreMissing`` when there is no graph yet.
        ``max_rows`` stops fetching after that many rows (for ad-hoc queries:
        pass the display limit + 1 to know whether there were more).
        """

    def replace_graph(
        self,
        tables: Mapping[str, pd.DataFrame],
        *,
        source: str = "",
        rows_read: int = 0,
        rows_rejected: int = 0,
        progress: Progress | None = None,
        change: Change | None = None,
    ) -> LoadInfo:
        """Replace the whole graph with ``tables``, all or nothing, holding the writer lock.

        Until this returns, readers see the previous graph; if it fails or the
        process dies, the previous graph is still there. ``change`` (optional) is how
        ``tables`` differ from the graph of an earlier load (:func:`graphmodel.delta.diff`):
        a backend still holding exactly that load may write only the difference; the
        graph is the same either way.
        """
        with self.writing("load", newest_wins=True):
            return self._replace(tables, source, int(rows_read), int(rows_rejected), progress,
                                 change)

    @abstractmethod
    def _replace(
        self,
        tables: Mapping[str, pd.DataFrame],
        source: str,
        rows_read: int,
        rows_rejected: int,
        progress: Progress | None,
        change: Change | None = None,
    ) -> LoadInfo:
        """The backend's part of :meth:`replace_graph`, called with the lock held."""

    @abstractmethod
    def load_info(self) -> LoadInfo | None:
        """When and from what the current graph was loaded (None if never)."""

    @abstractmethod
    def version(self) -> str:
        """A token that changes whenever a new graph has been loaded (for caches)."""

    @abstractmethod
    def writer_lock(self) -> WriterLock:
        """The lock that lets one writer at a time change this store."""

    def writing(self, what: str = "write", **options: Any) -> ContextManager[None]:
        """Hold the store's writer lock for a ``with`` block (readers never wait).

        ``what`` (``load``, ``demo``, ``write``) names this writer to others that wait;
        ``options`` are those of :meth:`graphmodel.writer_lock.WriterLock.hold`
        (``wait``, ``on_wait``, ``newest_wins``). :meth:`replace_graph` and
        ``run(write=True)`` take it themselves; a caller holds it longer, e.g. a load
        from before it reads its files.
        """
        return self.writer_lock().hold(what, **options)

    def exists(self) -> bool:
        """Whether a graph has been loaded into this store."""
        return self.load_info() is not None

    def close(self) -> None:  # noqa: B027 - optional for backends
        """Release connections and files (the next query opens them again)."""

    def release(self) -> None:  # noqa: B027 - optional for backends
        """Give back memory the backend keeps between queries; the store stays usable.

        Called between the analyses of a long run (:func:`queries.export.export_all`):
        LadybugDB's buffer pool keeps every page a query touched (up to ~80% of RAM),
        so a dozen analyses of a nation-sized graph would otherwise hold them all.
        """

    def counts(self) -> pd.DataFrame:
        """Columns ``kind`` (node/relationship), ``name``, ``count``, in schema order."""
        rows = []
        for n in schema.NODES:
            c = self.run(f"MATCH (x:{n.label}) RETURN count(x) AS c")["c"].iloc[0]
            rows.append(("node", n.label, int(c)))
        for r in schema.RELS:
            c = self.run(
                f"MATCH (:{r.src})-[x:{r.type}]->(:{r.dst}) RETURN count(x) AS c"
            )["c"].iloc[0]
            rows.append(("relationship", r.type, int(c)))
        return pd.DataFrame(rows, columns=["kind", "name", "count"])

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.uri}>"


BOLT_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


def open_store(uri: str | os.PathLike[str], **options: Any) -> GraphStore:
    """The store ``uri`` names: a bolt/neo4j URI, else a LadybugDB path.

    Callers pass the ``store`` setting (default :data:`DEFAULT_STORE`); nothing here
    reads the environment. :class:`~graphmodel.errors.StoreError` for an unknown
    scheme, a bad port, or a path that is not a store (left untouched).

    >>> s = open_store("/tmp/doctest-branchgraph.lbug")
    >>> type(s).__name__
    'LadybugStore'
    """
    text = str(uri)
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]+)://", text)
    if scheme and not text.startswith(BOLT_SCHEMES):
        raise StoreError(key="bad_uri", uri=text, scheme=scheme.group(1),
                         schemes=", ".join(BOLT_SCHEMES))
    if text.startswith(BOLT_SCHEMES):
        from .bolt_store import BoltStore

        return BoltStore(text, **options)
    from .ladybug_store import LadybugStore

    return LadybugStore(Path(text).expanduser(), **options)
