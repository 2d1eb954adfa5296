"""`branchgraph dashboard`: start the Streamlit dashboard on this machine."""

from __future__ import annotations

import signal
import subprocess

import click

from branchgraph import settings

from .common import UserError, store_option


def _setting(name: str) -> settings.Setting:
    return next(s for s in settings.SETTINGS if s.name == name)


@click.command("dashboard")
@store_option
@click.option("--host", envvar=_setting("host").env, default=_setting("host").default,
              show_default=True, help=_setting("host").help)
@click.option("--port", envvar=_setting("port").env, default=int(_setting("port").default),
              type=int, show_default=True, help=_setting("port").help)
def dashboard(store: str, host: str, port: int) -> None:
    """Start the dashboard in the browser (Ctrl+C stops it).

    It listens on 127.0.0.1 unless --host says otherwise; no data leaves the machine.

    Example: branchgraph dashboard --store ./data/branchgraph.lbug --port 8501
    """
    serve(store, host, port)


def serve(store: str, host: str, port: int) -> None:
    """Start the dashboard on ``store`` and wait until Ctrl+C or `kill`; used by `demo` too."""
    from branchgraph.launcher import DashboardError, launch

    try:
        proc = launch(store, host, port, wait=True)
    except DashboardError as exc:
        raise UserError(str(exc)) from None
    click.echo(f"Dashboard: http://{host}:{port}  (store: {store}; Ctrl+C to stop)")
    signal.signal(signal.SIGTERM, _exit_on_signal)  # `kill PID` stops the server too
    try:
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


COMMANDS = [dashboard]
__all__ = ["dashboard", "serve", "COMMANDS"]
