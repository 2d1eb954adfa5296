"""What differs between Bolt servers, as data: one :class:`ServerProfile` per server.

:class:`~graphmodel.bolt_store.BoltStore` asks the server which it is once
(:func:`identify`) and then reads every quirk from its profile, so a third server
gets the cautious :data:`UNKNOWN` profile rather than one server's workarounds.

| | Neo4j 5 | FalkorDB 4.16 | unknown |
|---|---|---|---|
| parameters | Bolt parameters | built into the query text by us (:mod:`graphmodel.bolt_params`) | Bolt parameters, names checked |
| bytes of query + parameters | no limit | 4,000,000 (5.7 MB measured to work) | 3,500 |
| transaction timeout | yes | no (the server then reads another graph) | no |
| reads in READ sessions | yes (routes to readers in a cluster) | no (the server then reads another graph) | no |
| ``EXPLAIN`` classifies reads | yes | no (``EXPLAIN CREATE`` creates) | no |
| unique keys | constraints | indexes, listed by ``CALL db.indexes()`` | none |
| identifiers outside quotes | any letter | ASCII only (others break the connection) | ASCII only |

FalkorDB's Bolt layer reads the first entry of a RUN message's extra map as the
graph name (``get_graph_name`` in ``src/bolt/bolt_api.c``): an access mode or a
timeout sent there makes it answer from an empty graph of that name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["ServerProfile", "NEO4J", "FALKORDB", "UNKNOWN", "PROFILES", "identify"]


@dataclass(frozen=True)
class ServerProfile:
    """How to talk to one kind of Bolt server.

    Parameters
    ----------
    name:
        ``neo4j``, ``falkordb`` or ``unknown``.
    params_in_text:
        Send parameters as a ``CYPHER name=literal`` prefix built here, never as Bolt
        parameters (the server would paste them unescaped).
    param_budget:
        Most bytes of query text and parameters in one query (None: no limit).
    timeouts:
        The server honours a transaction timeout.
    read_sessions:
        Reads may go in READ access-mode sessions.
    explain:
        ``EXPLAIN`` plans without running, and its ``query_type`` can be trusted.
    unique_ddl:
        A statement making ``{label}.{key}`` unique or indexed (None: none is made).
    index_list:
        A query listing existing indexes (columns ``label``, ``properties``) when
        ``unique_ddl`` has no ``IF NOT EXISTS``; None otherwise.
    ascii_identifiers:
        Letters outside quotes must be ASCII (a look-alike letter is refused before
        it is sent).
    """

    name: str
    params_in_text: bool
    param_budget: int | None
    timeouts: bool
    read_sessions: bool
    explain: bool
    unique_ddl: str | None
    index_list: str | None
    ascii_identifiers: bool


NEO4J = ServerProfile(
    name="neo4j",
    params_in_text=False,
    param_budget=None,
    timeouts=True,
    read_sessions=True,
    explain=True,
    unique_ddl="CREATE CONSTRAINT IF NOT EXISTS FOR (n:{label}) REQUIRE n.{key} IS UNIQUE",
    index_list=None,
    ascii_identifiers=False,
)

FALKORDB = ServerProfile(
    name="falkordb",
    params_in_text=True,
    param_budget=4_000_000,
    timeouts=False,
    read_sessions=False,
    explain=False,
    unique_ddl="CREATE INDEX FOR (n:{label}) ON (n.{key})",
    index_list="CALL db.indexes()",
    ascii_identifiers=True,
)

UNKNOWN = ServerProfile(
    name="unknown",
    params_in_text=False,
    param_budget=3500,
    timeouts=False,
    read_sessions=False,
    explain=False,
    unique_ddl=None,
    index_list=None,
    ascii_identifiers=True,
)

PROFILES = {p.name: p for p in (NEO4J, FALKORDB, UNKNOWN)}

#: Queries that only one kind of server answers, tried in this order.
PROBES: tuple[tuple[str, ServerProfile], ...] = (
    ("CALL dbms.components() YIELD name RETURN name", NEO4J),
    # FalkorDB's own parameter header; Neo4j refuses an unknown CYPHER option
    ("CYPHER branchgraph_probe=1 RETURN $branchgraph_probe AS x", FALKORDB),
)


def identify(answers: Callable[[str], bool]) -> ServerProfile:
    """The profile of the server for which ``answers(query)`` tells whether a probe ran.

    >>> identify(lambda q: q.startswith("CYPHER")).name
    'falkordb'
    >>> identify(lambda q: False).name
    'unknown'
    """
    for query, profile in PROBES:
        if answers(query):
            return profile
    return UNKNOWN
