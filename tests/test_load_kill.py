"""A load killed while it writes leaves the previous graph intact, and the next load works."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from graphmodel import open_store
from loaders import load_path

DATA = Path(__file__).parent / "data" / "loaders"
N = 200_000


def big_dataset(folder: Path, n: int = N) -> Path:
    """``n`` organisations in a ten-way tree, plus one mentor per hundred of them."""
    folder.mkdir()
    i = np.arange(n)
    ids = pd.Series(i).map("O{}".format)
    parent = pd.Series(np.where(i < 10, -1, i // 10)).map(lambda k: "" if k < 0 else f"O{k}")
    pd.DataFrame({"组织编码": ids, "组织名称": ids + "党支部", "类型": "党支部",
                  "上级组织编码": parent, "星级": i % 11}).to_csv(folder / "党组织.csv", index=False)
    m = np.arange(0, n, 100)
    people = pd.Series(m).map("P{}".format)
    pd.DataFrame({"人员编码": people, "姓名": "干部" + people}).to_csv(folder / "人员.csv", index=False)
    pd.DataFrame({"人员编码": people, "组织编码": ids[m].to_numpy(), "类型": "包联"}).to_csv(
        folder / "包联.csv", index=False)
    return folder


def counts(store) -> dict[str, int]:
    c = store.counts()
    return dict(zip(c["name"], c["count"]))


@pytest.mark.slow
def test_kill_during_write_keeps_previous_graph(tmp_path: Path) -> None:
    path = tmp_path / "graph.lbug"
    store = open_store(path)
    load_path(store, DATA / "good")
    before_info, before_counts = store.load_info(), counts(store)
    store.close()
    big = big_dataset(tmp_path / "big")

    code = "import sys; from branchgraph.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "load", str(big), "--store", str(path),
         "--report-dir", str(tmp_path / "rep")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 240
        building: list[Path] = []
        while not building:
            building = list(tmp_path.glob("graph.lbug.loading-*"))
            if proc.poll() is not None:
                pytest.fail(f"the load ended (exit {proc.returncode}) before it was seen writing")
            if time.monotonic() > deadline:
                pytest.fail("the load never started writing")
            time.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=60) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    after = open_store(path)
    assert after.load_info() == before_info
    assert counts(after) == before_counts
    df = after.run("MATCH (p:Person)-[:MENTORS]->(o:Organization) RETURN o.org_id AS id ORDER BY id")
    assert df["id"].tolist() == ["B1", "B2", "B3"]  # 包联 and 监测 both mean mentor
    after.close()

    store = open_store(path)
    res = load_path(store, big)
    assert res.rows_rejected == 0
    got = counts(store)
    assert got["Organization"] == N and got["BELONGS_TO"] == N - 10 and got["MENTORS"] == N // 100
    assert store.load_info().source == str(big)
    assert not list(tmp_path.glob("graph.lbug.loading-*"))  # the killed build's file is gone
    store.close()
