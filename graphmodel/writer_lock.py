"""One writer at a time per store, and the write that started later wins.

A :class:`WriterLock` is held around everything that changes a store: a load (from
the moment it starts reading its files), the demo build, a ``cypher --write``.
Readers never take it and never wait. The lock is re-entrant within a thread (the
command line holds it around :func:`loaders.load.load_path`, which takes it again,
and so does ``replace_graph``); other threads and other processes wait for it, or
with ``wait=False`` get :class:`~graphmodel.errors.StoreBusy` naming the holder
("the load started 10:02 by PID 4711 on host").

``newest_wins=True`` (graph replacements): a replacement that waited, and finds
that a replacement which *started* after it has finished meanwhile, does not run
(:class:`~graphmodel.errors.Superseded`). So with any number of loads at once the
graph that remains is the one of the load that started last, whatever order the
waiters are woken in.

Backends supply the cross-process part: :class:`FileLock` (``flock`` on
``<store>.lock`` beside a LadybugDB file; the kernel releases it when a process
dies) here, a lease node on a Bolt server in :mod:`graphmodel.bolt_lock`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import socket
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .errors import Msg, NotAStore, StoreBusy, StoreError, Superseded

__all__ = ["Holder", "WriterLock", "FileLock", "file_lock", "OnWait"]

#: Called once with the holder's description when a writer starts to wait.
OnWait = Callable[[Msg], None]

_MARK = "branchgraph-writer-lock"


@dataclass(frozen=True)
class Holder:
    """Who holds (or held) a store's writer lock: what they do, since when, which process."""

    what: str
    pid: int
    host: str
    started: str
    started_ns: int

    @classmethod
    def me(cls, what: str) -> Holder:
        """This process, starting ``what`` (``load``, ``demo`` or ``write``) now."""
        now = time.time_ns()
        stamp = dt.datetime.fromtimestamp(now / 1e9).astimezone().isoformat(timespec="seconds")
        return cls(what, os.getpid(), socket.gethostname(), stamp, now)

    @classmethod
    def from_dict(cls, d: Any) -> Holder | None:
        """The holder recorded as ``d`` (None when ``d`` is not a holder record)."""
        try:
            return cls(str(d["what"]), int(d["pid"]), str(d["host"]), str(d["started"]),
                       int(d["started_ns"]))
        except (KeyError, TypeError, ValueError):
            return None

    def describe(self) -> Msg:
        """"the load started 10:02 by PID 4711 on host" (the day too when not today)."""
        when = dt.datetime.fromisoformat(self.started)
        today = dt.datetime.now(when.tzinfo).date()
        shown = when.strftime("%H:%M" if when.date() == today else "%Y-%m-%d %H:%M")
        what = f"what_{self.what}" if f"what_{self.what}" in _WHATS else "what_write"
        return Msg("holder", what=Msg(what), started=shown, pid=self.pid, host=self.host)


_WHATS = {"what_load", "what_demo", "what_write"}


def _describe(holder: Holder | None) -> Msg:
    return holder.describe() if holder else Msg("holder_unknown")


class WriterLock(ABC):
    """The writer lock of one store (one object per store and process: see :func:`file_lock`).

    Parameters
    ----------
    store:
        The store's path or URI, for messages.
    """

    def __init__(self, store: str) -> None:
        self.store = store
        self._threads = threading.RLock()
        self._depth = 0

    # -- what a backend provides --------------------------------------------------

    @abstractmethod
    def _try(self, me: Holder) -> bool:
        """Take the cross-process lock for ``me`` if it is free; whether it was taken."""

    @abstractmethod
    def _take(self, me: Holder) -> None:
        """Take the cross-process lock for ``me``, waiting as long as it takes."""

    @abstractmethod
    def _release(self, me: Holder, replaced: bool) -> None:
        """Give the lock back; ``replaced``: ``me`` replaced the graph (remember its start)."""

    @abstractmethod
    def current(self) -> Holder | None:
        """Who holds the lock now, as far as can be told without taking it."""

    def _newest(self) -> Holder | None:
        """The replacement that started last among those that finished (None if unknown)."""
        return None

    # -- holding ------------------------------------------------------------------

    @contextlib.contextmanager
    def hold(
        self,
        what: str = "write",
        *,
        wait: bool = True,
        on_wait: OnWait | None = None,
        newest_wins: bool = False,
    ) -> Iterator[None]:
        """Hold the lock for the ``with`` block (re-entrant in this thread).

        Parameters
        ----------
        what:
            ``load``, ``demo`` or ``write``: how a waiting writer's message names this one.
        wait:
            Wait for another writer (``on_wait`` is told who, once); False raises
            :class:`~graphmodel.errors.StoreBusy` at once.
        newest_wins:
            This write replaces the graph: refuse it (:class:`~graphmodel.errors.Superseded`)
            when a replacement that started later finished while it waited.
        """
        me = Holder.me(what)
        if not self._threads.acquire(blocking=False):
            self._waiting(wait, on_wait)
            self._threads.acquire()
        try:
            outer = self._depth == 0
            if outer:
                if not self._try(me):
                    self._waiting(wait, on_wait)
                    self._take(me)
                newest = self._newest() if newest_wins else None
                if newest is not None and newest.started_ns > me.started_ns:
                    self._release(me, replaced=False)
                    raise Superseded(key="superseded", holder=newest.describe())
            self._depth += 1
            done = False
            try:
                yield
                done = True
            finally:
                self._depth -= 1
                if outer:
                    self._release(me, replaced=newest_wins and done)
        finally:
            self._threads.release()

    def _waiting(self, wait: bool, on_wait: OnWait | None) -> None:
        holder = _describe(self.current())
        if not wait:
            raise StoreBusy(key="busy", store=self.store, holder=holder)
        if on_wait is not None:
            on_wait(Msg("waiting", holder=holder))


class FileLock(WriterLock):
    """``flock`` on ``<store>.lock``, whose JSON records the holder and the newest replacement.

    An existing lock file that is not such a record is refused and left untouched
    (:class:`~graphmodel.errors.NotAStore`).
    """

    def __init__(self, store: Path) -> None:
        super().__init__(str(store))
        self.path = Path(f"{store}.lock")
        self._fd: int | None = None

    def _open(self) -> int:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o664)
        except OSError as exc:
            if self.path.is_symlink():
                raise NotAStore(key="lock_not_ours", path=self.path) from None
            raise StoreError(key="store_unwritable", folder=self.path.parent,
                             reason=exc.strerror or exc) from None
        if self._record(fd) is None:
            os.close(fd)
            raise NotAStore(key="lock_not_ours", path=self.path)
        return fd

    def _try(self, me: Holder) -> bool:
        fd = self._open()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._start(fd, me)
        return True

    def _take(self, me: Holder) -> None:
        fd = self._open()
        fcntl.flock(fd, fcntl.LOCK_EX)
        self._start(fd, me)

    def _start(self, fd: int, me: Holder) -> None:
        self._fd = fd
        self._write({**(self._record(fd) or {}), "holder": asdict(me)})

    def _release(self, me: Holder, replaced: bool) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            rec = {**(self._record(fd) or {}), "holder": None}
            newest = Holder.from_dict(rec.get("newest"))
            if replaced and (newest is None or newest.started_ns < me.started_ns):
                rec["newest"] = asdict(me)
            self._write(rec, fd)
        finally:
            os.close(fd)  # closing releases the flock

    def current(self) -> Holder | None:
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            return None
        try:
            return Holder.from_dict((self._record(fd) or {}).get("holder"))
        finally:
            os.close(fd)

    def _newest(self) -> Holder | None:
        assert self._fd is not None
        return Holder.from_dict((self._record(self._fd) or {}).get("newest"))

    @staticmethod
    def _record(fd: int) -> dict[str, Any] | None:
        """The lock file's record ({} when the file is empty; None when it is not ours)."""
        raw = os.pread(fd, 65536, 0)
        if not raw.strip():
            return {}
        try:
            rec = json.loads(raw.decode())
        except (UnicodeDecodeError, ValueError):
            return None
        return rec if isinstance(rec, dict) and rec.get("kind") == _MARK else None

    def _write(self, rec: dict[str, Any], fd: int | None = None) -> None:
        fd = self._fd if fd is None else fd
        assert fd is not None
        data = json.dumps({**rec, "kind": _MARK}, ensure_ascii=False).encode()
        os.ftruncate(fd, 0)
        os.pwrite(fd, data, 0)


_FILE_LOCKS: dict[str, FileLock] = {}
_REGISTRY = threading.Lock()


def file_lock(store: Path) -> FileLock:
    """The one :class:`FileLock` of this process for the store file ``store``
    (two lock objects on one file would block each other within one thread)."""
    key = os.path.realpath(store)
    with _REGISTRY:
        lock = _FILE_LOCKS.get(key)
        if lock is None:
            lock = _FILE_LOCKS[key] = FileLock(Path(key))
        return lock
