"""Shared fixtures: real stores on disk (and, in conftest_bolt, a real Bolt server)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphmodel import open_store

pytest_plugins = ["tests.bolt_server"]


@pytest.fixture
def store(tmp_path: Path):
    """An empty LadybugDB store in the test's own folder."""
    s = open_store(tmp_path / "graph.lbug")
    yield s
    s.close()
