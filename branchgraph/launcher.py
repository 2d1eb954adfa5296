"""Starting the dashboard: Streamlit running :mod:`branchgraph.webapp` as a child process.

:func:`launch` starts ``streamlit run branchgraph/webapp.py`` on ``host:port`` with the
given store; the ``branchgraph dashboard`` and ``branchgraph demo`` commands call it.
No telemetry, no external scripts.
"""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

__all__ = ["APP", "launch", "streamlit_command", "wait_until_up", "DashboardError",
           "absolute_store", "check_port", "check_host", "is_loopback"]

#: The entry script Streamlit runs (it wires the settings and the loaders into the app).
APP = Path(__file__).resolve().parent / "webapp.py"

#: Streamlit options passed as flags (the config file is only read from the cwd).
FLAGS = {
    "server.headless": "true",
    "server.fileWatcherType": "none",
    "server.runOnSave": "false",
    "browser.gatherUsageStats": "false",
    "client.toolbarMode": "minimal",
    "client.showErrorDetails": "none",
    "theme.base": "light",
}


class DashboardError(RuntimeError):
    """The dashboard did not start (port taken, streamlit missing, ...)."""


def absolute_store(store_uri: str | os.PathLike[str]) -> str:
    """``store_uri`` as the server must be given it: a file path made absolute
    against this process's folder (the server runs elsewhere); a URI unchanged.

    >>> absolute_store("bolt://127.0.0.1:7687")
    'bolt://127.0.0.1:7687'
    >>> absolute_store("/srv/graph.lbug")
    '/srv/graph.lbug'
    """
    text = str(store_uri)
    if "://" in text:
        return text
    return str(Path(text).expanduser().absolute())


def check_port(host: str, port: int) -> None:
    """DashboardError in one line when ``port`` is out of range or already taken on ``host``.

    A taken port would otherwise look like success: the health check that follows
    would be answered by whatever server holds it, maybe showing another store.
    """
    if not 1 <= int(port) <= 65535:
        raise DashboardError(f"port {port} is out of range: use a number from 1 to 65535")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, int(port)))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise DashboardError(
                    f"port {port} on {host} is already in use (another dashboard?): stop it, "
                    f"or start this one with --port and a free number") from None
            raise DashboardError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (``127.0.0.1``, ``::1``, ``localhost``).

    >>> is_loopback("127.0.0.1"), is_loopback("0.0.0.0"), is_loopback("localhost")
    (True, False, True)
    """
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def check_host(store_uri: str, host: str, env: dict[str, str] | None = None) -> None:
    """DashboardError in one line when ``host`` reaches beyond this machine and the
    store has no accounts (anyone on the network could read and replace the graph)."""
    if is_loopback(host):
        return
    from branchgraph import settings
    from branchgraph.accounts import AccountError, Accounts, accounts_path

    path = accounts_path(absolute_store(store_uri), settings.get("accounts", {**os.environ, **(env or {})}))
    try:
        ok = Accounts(path).exist()
    except AccountError as exc:
        raise DashboardError(str(exc)) from None
    if not ok:
        raise DashboardError(
            f"--host {host} would open the dashboard to the network, but {path.name} has no "
            f"accounts: add one first (branchgraph users add NAME --role admin --store "
            f"{store_uri}), or keep --host 127.0.0.1")


def streamlit_command(store_uri: str, host: str, port: int) -> list[str]:
    """The command line that runs the app on ``host:port`` against ``store_uri``
    (a relative store path is made absolute first).

    ``browser.serverAddress`` is always given (the machine's name for a wildcard
    host): without it, a headless Streamlit on 0.0.0.0 asks checkip.amazonaws.com for
    the machine's external address on start.
    """
    store_uri = absolute_store(store_uri)
    shown = socket.gethostname() if host in ("0.0.0.0", "::", "") else str(host)
    cmd = [sys.executable, "-m", "streamlit", "run", str(APP),
           "--server.address", str(host), "--server.port", str(int(port)),
           "--browser.serverAddress", shown]
    for name, value in FLAGS.items():
        cmd += [f"--{name}", value]
    return [*cmd, "--", "--store", str(store_uri)]


def wait_until_up(host: str, port: int, proc: subprocess.Popen | None = None,
                  timeout: float = 60.0) -> None:
    """Return when the server answers its health check; DashboardError if it died or hung."""
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{port}/_stcore/health"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise DashboardError(f"the dashboard exited with code {proc.returncode} "
                                 f"(is port {port} already in use?)")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:  # noqa: S310 - local URL
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.3)
    raise DashboardError(f"the dashboard did not answer on {url} within {timeout:.0f} s")


def launch(store_uri: str, host: str = "127.0.0.1", port: int = 8501, *,
           wait: bool = True, env: dict[str, str] | None = None,
           output: Any = None) -> subprocess.Popen:
    """Start the dashboard as a child process.

    Parameters
    ----------
    store_uri : the store to show (a LadybugDB path, relative to this process's
        folder, or a bolt:// URI).
    host, port : where the server listens (default 127.0.0.1:8501).
    wait : block until the server answers its health check.
    env : extra environment variables for the child.
    output : where the server's own output goes (a file, ``subprocess.DEVNULL``);
        None: this process's stdout/stderr.

    Returns
    -------
    subprocess.Popen of the server; stop it with ``proc.terminate()``.
    """
    check_host(store_uri, host, env)
    check_port(host, port)
    child_env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
                 **(env or {})}
    proc = subprocess.Popen(streamlit_command(store_uri, host, port), env=child_env,
                            stdout=output,
                            stderr=None if output is None else subprocess.STDOUT)
    if wait:
        try:
            wait_until_up(host, port, proc)
        except BaseException:
            proc.terminate()
            raise
    return proc
