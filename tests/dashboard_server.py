"""Helpers to run the real dashboard in a child process and drive it with Chromium.

``running_dashboard(store_path)`` starts ``streamlit run dashboard/app.py`` through
:func:`branchgraph.launcher.launch` on a free port of 127.0.0.1 and stops it afterwards.
``wait_idle(page)`` waits until Streamlit has finished its script run.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "free_port", "running_dashboard", "wait_idle",
           "launch_browser"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--no-first-run",
    "--disable-sync",
]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_dashboard(store_path: str | Path, log: Path,
                      env: dict[str, str] | None = None) -> Iterator[str]:
    """The base URL of a dashboard showing ``store_path``; stopped on exit.

    The server's output goes to ``log`` (read it when a test fails); ``env`` adds
    settings for the server (e.g. ``BRANCHGRAPH_SESSION_MINUTES``).
    """
    from branchgraph.launcher import launch, wait_until_up

    port = free_port()
    with open(log, "wb") as out:
        proc = launch(str(store_path), "127.0.0.1", port, wait=False,
                      env={"BRANCHGRAPH_LANG": "zh", **(env or {})}, output=out)
        try:
            wait_until_up("127.0.0.1", port, proc, timeout=60)
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)


def launch_browser(playwright):  # type: ignore[no-untyped-def]
    """Debian's Chromium, headless (never a downloaded browser)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                      args=CHROMIUM_ARGS)


def wait_idle(page, timeout: float = 30_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until the app has rendered and no script run is in progress."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            if (!app) return false;
            const running = document.querySelector('[data-testid="stStatusWidget"]');
            const state = app.getAttribute('data-test-script-state');
            // before the first run the state is already "not running": also wait
            // for the navigation, which exists only once app.py has run
            const drawn = document.querySelector('[data-testid="stSidebarNav"]');
            return drawn && !running && state !== 'running' && state !== null;
        }""",
        timeout=timeout,
    )
