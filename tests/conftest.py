"""Shared fixtures: real stores on disk (and, in conftest_bolt, a real Bolt server)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graphmodel import open_store

pytest_plugins = ["tests.bolt_server"]


@pytest.fixture(autouse=True)
def _no_branchgraph_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts from the settings' defaults, whatever the developer's shell
    sets (BRANCHGRAPH_LANG=en, BRANCHGRAPH_CAPACITY=5, ...); a test that wants a
    setting sets it with monkeypatch. (BRANCHGRAPH_SCREENSHOTS is not a setting: it
    tells the browser test where to copy README's screenshots.)"""
    for name in [n for n in os.environ
                 if n.startswith("BRANCHGRAPH_") and n != "BRANCHGRAPH_SCREENSHOTS"]:
        monkeypatch.delenv(name)


@pytest.fixture
def store(tmp_path: Path):
    """An empty LadybugDB store in the test's own folder."""
    s = open_store(tmp_path / "graph.lbug")
    yield s
    s.close()
