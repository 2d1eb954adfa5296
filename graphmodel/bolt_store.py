"""The shared store: a graph on a Bolt server (Neo4j 5; FalkorDB in tests), via ``neo4j``.

Reads are classified before they run (:mod:`graphmodel.cypher_guard`): on real
Neo4j by ``EXPLAIN`` and the server's own query type, on every server by a Cypher
lexer that refuses write clauses and unknown procedures.

A load writes the new graph beside the old one under staging labels
(``:_Stage_Organization`` …, relationships between staged nodes) in batched
``UNWIND $rows`` queries, then swaps it in with ONE query that deletes the old
labelled nodes and relabels the staged ones. Each single query is atomic on both
servers (FalkorDB over Bolt does not roll explicit transactions back, so nothing
relies on that): readers see the old graph until the swap commits, and a load that
dies half-way leaves only staged nodes, removed by the next load. One load at a
time per server.

Each server's quirks are data in :mod:`graphmodel.bolt_profiles` (parameters,
size budget, timeouts, session mode, ``EXPLAIN``, index DDL), chosen once per
store by probing the server. Other FalkorDB behaviour handled here: the first new
Bolt connection after any client said goodbye never gets a handshake answer (a
throwaway handshake with a short timeout absorbs it, and connection errors are
retried); errors arrive as "An unknown error occurred"; the database name is
ignored; returning a ``date()`` value crashes the server (dates are stored as
strings); relabelling is slow (the swap of 10,000 nodes took 1.5 s, of 20,000
nodes 15-85 s). Writers take a lease node (:mod:`graphmodel.bolt_lock`).
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

import neo4j
import pandas as pd
from neo4j import exceptions as nx

from . import schema
from .bolt_lock import ServerLock
from .bolt_params import check_names, header
from .bolt_profiles import ServerProfile, identify
from .cypher_guard import READ_ONLY_MESSAGE, check_ascii, check_read_only, explain_is_read_only
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

__all__ = ["BoltStore", "STAGE_PREFIX", "BATCH_ROWS", "batches"]

#: Label prefix of a graph being loaded.
STAGE_PREFIX = "_Stage_"
#: Rows sent in one ``UNWIND $rows`` query.
BATCH_ROWS = 5000
CONNECT_TIMEOUT = 5.0
_RETRIES = 3
_PROBE_TIMEOUT = 0.3
_BOLT_HANDSHAKE = bytes.fromhex("6060b017" "00000405" "00000004" "00000000" "00000000")


def _stage(label: str) -> str:
    return STAGE_PREFIX + label


_NODE_TYPES = (*schema.NODES, schema.META)


class BoltStore(GraphStore):
    """A graph on a Bolt server.

    Parameters
    ----------
    uri : ``bolt://host:port`` (``neo4j://`` / ``neo4j+s://`` for a cluster or Aura).
    auth : ``(user, password)`` or None for a server without authentication.
    database : the database name (Neo4j); None for the server's default.
    timeout : seconds a read query may run (sent as the transaction timeout).
    """

    def __init__(
        self,
        uri: str,
        *,
        auth: tuple[str, str] | None = None,
        database: str | None = None,
        timeout: float | None = None,
    ) -> None:
        self.uri = uri
        self.database = database or None
        self.timeout = timeout
        self._auth = auth
        self._lock = threading.RLock()
        self._driver: Any = None
        self._profile: ServerProfile | None = None
        self._seen_graph = False
        self._writer = ServerLock(uri, self._write_rows)

    # -- connection --------------------------------------------------------------

    def _get_driver(self) -> Any:
        with self._lock:
            if self._driver is None:
                _absorb_stale_handshake(self.uri)
                try:
                    self._driver = neo4j.GraphDatabase.driver(
                        self.uri,
                        auth=self._auth,
                        connection_timeout=CONNECT_TIMEOUT,
                        connection_acquisition_timeout=CONNECT_TIMEOUT,
                        max_transaction_retry_time=0,
                    )
                except (ValueError, nx.ConfigurationError) as exc:
                    raise StoreError(f"cannot use {self.uri}: {exc}") from None
            return self._driver

    def _session(self, write: bool) -> Any:
        # READ mode only where the profile allows it (Neo4j routes those to readers);
        # elsewhere reads go in WRITE mode, the guard having refused writes already.
        read = not write and self._profile is not None and self._profile.read_sessions
        mode = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        return self._get_driver().session(database=self.database, default_access_mode=mode)

    def _call(
        self, fn: Callable[[Any], Any], *, write: bool, retry: bool | Callable[[], bool] = True
    ) -> Any:
        """``fn(session)`` with driver errors turned into store errors.

        A lost connection is retried (FalkorDB's unanswered handshakes) while
        ``retry`` (or ``retry()``) is true: only for work that is safe to repeat.
        """
        for attempt in range(_RETRIES):
            try:
                with self._session(write) as session:
                    return fn(session)
            except nx.ServiceUnavailable:
                again = retry() if callable(retry) else retry
                if again and attempt + 1 < _RETRIES:
                    _absorb_stale_handshake(self.uri)
                    continue
                raise StoreError(key="unreachable", uri=self.uri) from None
            except nx.AuthError as exc:
                raise StoreError(
                    f"{self.uri} refused the user name or password: {exc.message}"
                ) from None
            except nx.Neo4jError as exc:
                raise _query_error(exc) from None
            except nx.DriverError as exc:
                raise StoreError(f"{self.uri}: {exc}") from None
            except UnicodeDecodeError:
                # FalkorDB cuts a non-ASCII letter in half in its error message; the
                # driver cannot read the answer and drops the connection
                self.close()
                raise QueryError(
                    "the server's answer could not be read (its error message cut a "
                    "non-ASCII letter in half): check the query for letters that are not "
                    "ASCII outside quotes"
                ) from None
        raise AssertionError("unreachable")

    def profile(self) -> ServerProfile:
        """The server's profile (:mod:`graphmodel.bolt_profiles`), found by probing once."""
        with self._lock:
            if self._profile is None:
                def probe(session: Any) -> ServerProfile:
                    def answers(query: str) -> bool:
                        try:
                            session.run(query).consume()
                            return True
                        except nx.Neo4jError:
                            return False

                    return identify(answers)

                self._profile = self._call(probe, write=False)
            return self._profile

    def is_neo4j(self) -> bool:
        """Whether the server is real Neo4j."""
        return self.profile().name == "neo4j"

    def writer_lock(self) -> ServerLock:
        return self._writer

    def _write_rows(self, cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Run one internal write query; its rows as dicts (for the writer lock)."""
        text, args = self._prepare(cypher, params)
        return self._call(lambda s: [r.data() for r in s.run(text, args)], write=True,
                          retry=False)

    def _prepare(self, cypher: str, params: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        """(query text, Bolt parameters) as this server must get them."""
        prof = self.profile()
        if prof.ascii_identifiers:
            check_ascii(cypher)
        if prof.params_in_text:
            text, args = header(params) + cypher, {}
        else:
            check_names(params)
            text, args = cypher, dict(params)
        if prof.param_budget is not None and _size(text, args) > prof.param_budget:
            raise QueryError(key="too_large", uri=self.uri, budget=prof.param_budget)
        return text, args

    # -- reading -----------------------------------------------------------------

    def run(
        self,
        cypher: str,
        params: Mapping[str, Any] | None = None,
        *,
        write: bool = False,
        max_rows: int | None = None,
    ) -> pd.DataFrame:
        self._require_graph()
        if not write:
            check_read_only(cypher)
        prof = self.profile()
        text, args = self._prepare(cypher, dict(params or {}))
        if write:
            with self.writing("write"):
                return self._call(lambda s: self._fetch(s, prof, text, args, True, max_rows),
                                  write=True, retry=False)
        return self._call(lambda s: self._fetch(s, prof, text, args, False, max_rows),
                          write=False)

    def _fetch(
        self, session: Any, prof: ServerProfile, text: str, args: dict[str, Any], write: bool,
        max_rows: int | None,
    ) -> pd.DataFrame:
        """Run the prepared query in ``session``; the rows as a DataFrame."""
        if not write and prof.explain and not explain_is_read_only(session, text, args):
            raise ReadOnlyError(READ_ONLY_MESSAGE)  # the server's own classification
        limit = self.timeout if prof.timeouts and not write else None
        query = neo4j.Query(text, timeout=limit)
        result = session.run(query, args)
        keys = list(result.keys())
        rows = []
        for rec in result:
            if max_rows is not None and len(rows) >= max_rows:
                result.consume()  # the server discards the rest
                break
            rows.append([_plain(v) for v in rec.values()])
        return pd.DataFrame(rows, columns=keys)

    def _require_graph(self) -> None:
        if self._seen_graph:
            return
        if self._meta().empty:
            raise StoreMissing(key="no_graph", path=self.uri)
        self._seen_graph = True

    def _meta(self) -> pd.DataFrame:
        cols = [p.name for p in schema.META.props]
        ret = ", ".join(f"m.{c} AS {c}" for c in cols)

        def work(session: Any) -> pd.DataFrame:
            result = session.run(f"MATCH (m:{schema.META_LABEL}) RETURN {ret} LIMIT 1")
            return pd.DataFrame([rec.values() for rec in result], columns=cols)

        return self._call(work, write=False)

    def load_info(self) -> LoadInfo | None:
        df = self._meta()
        if df.empty:
            return None
        r = df.iloc[0]
        return LoadInfo(
            str(r.load_id), str(r.loaded_at), str(r.source), int(r.rows_read), int(r.rows_rejected)
        )

    def version(self) -> str:
        df = self._meta()
        return "missing" if df.empty else str(df["load_id"].iloc[0])

    def close(self) -> None:
        with self._lock:
            if self._driver is not None:
                self._driver.close()
                self._driver = None

    def clear(self) -> None:
        """Delete every node and relationship on the server (tests; starting over)."""
        self._write_all(
            [f"MATCH (n) WITH n LIMIT {BATCH_ROWS} DETACH DELETE n RETURN count(*) AS c"]
        )
        self._seen_graph = False

    # -- loading -----------------------------------------------------------------

    def _replace(
        self,
        tables: Mapping[str, pd.DataFrame],
        source: str,
        rows_read: int,
        rows_rejected: int,
        progress: Progress | None,
        change: object = None,  # a server's graph is always rewritten whole
    ) -> LoadInfo:
        info = start_load(
            tables, source=source, rows_read=rows_read, rows_rejected=rows_rejected
        )
        rows = _validated_rows(tables)
        rows[schema.META_LABEL] = [{k: v for k, v in info.__dict__.items() if v is not None}]
        steps = LOAD_STEPS
        self._drop_staging()
        self._ensure_indexes()
        for i, name in enumerate(steps):
            if progress:
                progress(name, i, len(steps))
            if name in {n.label for n in schema.NODES}:
                self._write_nodes(name, rows[name])
            else:
                self._write_rels(schema.rel(name), rows[name])
        self._write_nodes(schema.META_LABEL, rows[schema.META_LABEL])
        if progress:
            progress("swap", len(steps), len(steps))
        self._write_all([_swap_query()], repeat=False, retry=False)
        self._seen_graph = True
        return info

    def _write_all(self, queries: list[str], *, repeat: bool = True, retry: bool = True) -> None:
        """Run each query; with ``repeat``, again until it reports ``c = 0`` (batched deletes).
        ``retry`` only for queries that are safe to run twice."""

        def work(session: Any) -> None:
            for q in queries:
                while True:
                    rec = session.run(q).single()
                    if not repeat or rec is None or not rec["c"]:
                        break

        self._call(work, write=True, retry=retry)

    def _drop_staging(self) -> None:
        labels = [_stage(n.label) for n in _NODE_TYPES]
        self._write_all(
            [
                f"MATCH (n:{lab}) WITH n LIMIT {BATCH_ROWS} DETACH DELETE n RETURN count(*) AS c"
                for lab in labels
            ]
        )

    def _ensure_indexes(self) -> None:
        prof = self.profile()
        if prof.unique_ddl is None:
            return
        pairs = [(lab, n.key) for n in _NODE_TYPES for lab in (n.label, _stage(n.label))]
        have: set[tuple[str, str]] = set()
        if prof.index_list is not None:
            listing = prof.index_list
            have = self._call(
                lambda s: {(rec["label"], p) for rec in s.run(listing) for p in rec["properties"]},
                write=False,
            )
        missing = [prof.unique_ddl.format(label=lab, key=key) for lab, key in pairs
                   if (lab, key) not in have]
        if missing:
            self._write_all(missing, repeat=False)

    def _write_nodes(self, label: str, rows: list[dict[str, Any]]) -> None:
        q = f"UNWIND $rows AS r CREATE (n:{_stage(label)}) SET n = r"
        self._batches(q, rows, label)

    def _write_rels(self, rel: schema.RelType, rows: list[dict[str, Any]]) -> None:
        src, dst = schema.node(rel.src), schema.node(rel.dst)
        q = (
            f"UNWIND $rows AS r "
            f"MATCH (a:{_stage(rel.src)} {{{src.key}: r.s}}) "
            f"MATCH (b:{_stage(rel.dst)} {{{dst.key}: r.d}}) "
            f"CREATE (a)-[x:{rel.type}]->(b)"
            + (" SET x = r.p" if rel.props else "")
            + " RETURN count(x) AS c"
        )
        self._batches(q, rows, rel.type)

    def _batches(self, query: str, rows: list[dict[str, Any]], name: str) -> None:
        sent = []
        limit = self.profile().param_budget
        # JSON is never shorter than the literal header the rows may travel in
        budget = None if limit is None else limit - len(query.encode()) - 64
        try:
            chunks = list(batches(rows, BATCH_ROWS, budget))
            prepared = [self._prepare(query, {"rows": batch}) for batch in chunks]
        except (ValueError, QueryError) as exc:
            raise StoreError(f"loading {name} failed: {exc} ({self.uri})") from None

        def work(session: Any) -> None:
            for batch, (text, args) in zip(chunks, prepared):
                self._writer.renew()
                sent.append(len(batch))
                rec = session.run(text, args).single()
                if rec is not None and rec["c"] != len(batch):
                    raise StoreError(
                        f"loading {name} failed: {len(batch) - rec['c']} of {len(batch)} "
                        "relationships found no end node"
                    )

        try:
            self._call(work, write=True, retry=lambda: not sent)
        except QueryError as exc:
            raise StoreError(f"loading {name} failed: {exc}") from None


def batches(
    rows: list[dict[str, Any]], max_rows: int, max_bytes: int | None = None
) -> Iterator[list[dict[str, Any]]]:
    """``rows`` in consecutive batches of at most ``max_rows`` rows and, when given,
    at most ``max_bytes`` bytes as JSON. ``ValueError`` if one row alone is too big.

    >>> [len(b) for b in batches([{"k": "x"}] * 5, 2)]
    [2, 2, 1]
    >>> [len(b) for b in batches([{"k": "x"}] * 5, 100, 30)]
    [2, 2, 1]
    """
    batch: list[dict[str, Any]] = []
    size = 2
    for row in rows:
        n = len(json.dumps(row, ensure_ascii=False, default=str).encode()) + 1 if max_bytes else 0
        if max_bytes is not None and n + 2 > max_bytes:
            raise ValueError(f"a row of {n} bytes is more than a query can carry: {str(row)[:80]}")
        if batch and (len(batch) >= max_rows or (max_bytes is not None and size + n > max_bytes)):
            yield batch
            batch, size = [], 2
        batch.append(row)
        size += n
    if batch:
        yield batch


def _size(cypher: str, params: Mapping[str, Any]) -> int:
    return len(cypher.encode()) + len(json.dumps(params, ensure_ascii=False, default=str).encode())


def _swap_query() -> str:
    """One query: drop the old graph, then relabel the staged one."""
    parts, k = [], 0
    for n in _NODE_TYPES:
        parts.append(f"OPTIONAL MATCH (old:{n.label}) DETACH DELETE old WITH count(*) AS c{k}")
        k += 1
    for n in _NODE_TYPES:
        parts.append(
            f"OPTIONAL MATCH (new:{_stage(n.label)}) SET new:{n.label} "
            f"REMOVE new:{_stage(n.label)} WITH count(*) AS c{k}"
        )
        k += 1
    return " ".join(parts) + f" RETURN c{k - 1} AS c"


def _validated_rows(tables: Mapping[str, pd.DataFrame]) -> dict[str, list[dict[str, Any]]]:
    """Rows to send per table; StoreError (as LadybugDB's COPY would fail) for a null or
    duplicate node key, or a relationship whose end is not among the nodes."""
    out: dict[str, list[dict[str, Any]]] = {}
    keys: dict[str, set[Any]] = {}
    for n in schema.NODES:
        t = _arrow(n.label, tables.get(n.label))
        col = t.column(n.key).to_pylist()
        if None in col:
            raise StoreError(f"loading {n.label} failed: a row has no {n.key}")
        seen = set(col)
        if len(seen) != len(col):
            dup = pd.Series(col)[pd.Series(col).duplicated()].iloc[0]
            raise StoreError(f"loading {n.label} failed: {n.key} {dup!r} appears twice")
        keys[n.label] = seen
        out[n.label] = [{k: v for k, v in r.items() if v is not None} for r in t.to_pylist()]
    for r in schema.RELS:
        t = _arrow(r.type, tables.get(r.type))
        prop_names = [p.name for p in r.props]
        rows = []
        for rec in t.to_pylist():
            for end, label in (("src", r.src), ("dst", r.dst)):
                if rec[end] not in keys[label]:
                    key = schema.node(label).key
                    raise StoreError(
                        f"loading {r.type} failed: {end} {rec[end]!r} is no {label}'s {key}"
                    )
            row: dict[str, Any] = {"s": rec["src"], "d": rec["dst"]}
            if prop_names:
                row["p"] = {k: rec[k] for k in prop_names if rec[k] is not None}
            rows.append(row)
        out[r.type] = rows
    return out


def _arrow(name: str, frame: pd.DataFrame | None) -> Any:
    try:
        return arrow_table(name, frame)
    except ValueError as exc:
        raise StoreError(f"loading {name} failed: {exc}") from None


def _query_error(exc: Any) -> QueryError:
    msg = exc.message or str(exc)
    code = exc.code or ""
    if "TransactionTimedOut" in code or "Terminated" in code or "timeout" in msg.lower():
        return QueryError(f"query stopped: took longer than the time limit ({msg})")
    if msg == "An unknown error occurred":
        msg += " (the server gave no reason: check the query's syntax and functions)"
    return QueryError(msg)


def _plain(value: Any) -> Any:
    """Driver values as plain Python: nodes and relationships as property dicts."""
    if isinstance(value, (neo4j.graph.Node, neo4j.graph.Relationship)):
        return dict(value.items())
    if isinstance(value, neo4j.graph.Path):
        return {
            "_NODES": [dict(n.items()) for n in value.nodes],
            "_RELS": [dict(r.items()) for r in value.relationships],
        }
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "to_native"):
        return value.to_native()
    return value


def _absorb_stale_handshake(uri: str) -> None:
    """Open and drop one bare Bolt handshake with a short timeout.

    FalkorDB leaves the first connection after a client's goodbye unanswered (the
    driver would then wait the whole connection timeout). A handshake-only socket
    takes that turn, answered or not, without upsetting any server. Plain
    ``bolt://`` only: routing and TLS schemes go straight to the driver.
    """
    parts = urlsplit(uri)
    if parts.scheme != "bolt" or not parts.hostname:
        return
    try:
        with socket.create_connection(
            (parts.hostname, parts.port or 7687), timeout=_PROBE_TIMEOUT
        ) as sock:
            sock.sendall(_BOLT_HANDSHAKE)
            sock.recv(4)
    except OSError:
        pass
