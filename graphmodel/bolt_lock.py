"""The writer lock of a graph on a Bolt server: a lease node every client can see.

On a shared server the writers are on different machines, so a lock file cannot
serve: the lock is one node ``(:_BranchgraphWriter {name: 'writer'})`` that a
writer claims with a single ``MERGE … SET`` query (one query is atomic on Neo4j
and on FalkorDB, which runs writes one at a time) and deletes when it is done. It
holds the holder's description and a lease: a writer that died without deleting it
(killed, lost its network) blocks others until the lease ends, or at once when it
ran on this host and its process is gone. A long load renews its lease as it writes.
Waiters poll; they are served in no particular order, and which replacement
finished last is not remembered on the server (a load that waited behind two others
may be overtaken), unlike :class:`~graphmodel.writer_lock.FileLock`.
"""

from __future__ import annotations

import json
import os
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from .writer_lock import Holder, WriterLock

__all__ = ["ServerLock", "LOCK_LABEL", "LEASE_SECONDS"]

LOCK_LABEL = "_BranchgraphWriter"
#: How long a claim lasts without renewal.
LEASE_SECONDS = 600
#: How often a waiting writer asks again.
POLL_SECONDS = 0.5

_CLAIM = (
    f"MERGE (l:{LOCK_LABEL} {{name: 'writer'}}) "
    "WITH l, (l.token IS NULL OR l.expires < $now) AS free "
    "SET l.token = CASE WHEN free THEN $token ELSE l.token END, "
    "l.expires = CASE WHEN free THEN $expires ELSE l.expires END, "
    "l.holder = CASE WHEN free THEN $holder ELSE l.holder END "
    "RETURN l.token AS token, l.holder AS holder"
)
_STEAL = (
    f"MATCH (l:{LOCK_LABEL} {{name: 'writer'}}) WHERE l.token = $old "
    "SET l.token = $token, l.expires = $expires, l.holder = $holder RETURN l.token AS token"
)
_RENEW = f"MATCH (l:{LOCK_LABEL} {{name: 'writer'}}) WHERE l.token = $token SET l.expires = $expires"
_RELEASE = f"MATCH (l:{LOCK_LABEL} {{name: 'writer'}}) WHERE l.token = $token DELETE l"
_CURRENT = f"MATCH (l:{LOCK_LABEL} {{name: 'writer'}}) RETURN l.token AS token, l.holder AS holder"

#: Runs one write query with parameters on the server; the rows as dicts.
Run = Callable[[str, dict[str, Any]], list[dict[str, Any]]]


class ServerLock(WriterLock):
    """The lease-node lock of one Bolt store.

    Parameters
    ----------
    store:
        The server's URI, for messages.
    run:
        Runs a query that may write (the store's own connection).
    """

    def __init__(self, store: str, run: Run) -> None:
        super().__init__(store)
        self._run = run
        self._token: str | None = None
        self._renewed = 0.0

    def _try(self, me: Holder) -> bool:
        token = uuid.uuid4().hex
        args = {"token": token, "holder": json.dumps(asdict(me)), "now": time.time(),
                "expires": time.time() + LEASE_SECONDS}
        rows = self._run(_CLAIM, args)
        got = rows[0] if rows else {}
        if got.get("token") != token and _dead_here(got.get("holder")):
            rows = self._run(_STEAL, {**args, "old": got.get("token")})
            got = rows[0] if rows else {}
        if got.get("token") != token:
            return False
        self._token, self._renewed = token, time.monotonic()
        return True

    def _take(self, me: Holder) -> None:
        while not self._try(me):
            time.sleep(POLL_SECONDS)

    def _release(self, me: Holder, replaced: bool) -> None:
        token, self._token = self._token, None
        if token is not None:
            self._run(_RELEASE, {"token": token})

    def renew(self) -> None:
        """Extend the lease of a held lock (a minute at most between two calls counts)."""
        if self._token is not None and time.monotonic() - self._renewed > 60:
            self._run(_RENEW, {"token": self._token, "expires": time.time() + LEASE_SECONDS})
            self._renewed = time.monotonic()

    def current(self) -> Holder | None:
        try:
            rows = self._run(_CURRENT, {})
        except Exception:  # noqa: BLE001 - only for a message; the claim itself reports errors
            return None
        return _holder(rows[0].get("holder")) if rows else None


def _holder(text: Any) -> Holder | None:
    try:
        return Holder.from_dict(json.loads(text))
    except (TypeError, ValueError):
        return None


def _dead_here(text: Any) -> bool:
    """Whether the recorded holder ran on this host and its process is gone."""
    h = _holder(text)
    if h is None or h.host != socket.gethostname():
        return False
    try:
        os.kill(h.pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
