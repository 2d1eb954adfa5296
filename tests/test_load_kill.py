"""A load killed while it writes leaves the previous graph intact, and the next load works.

The load runs in a child process whose progress callback prints each step of the
store's write; the parent kills it (SIGKILL, no clean-up) part-way through the bulk
write -- during one table's COPY, between two tables, and with the new database
complete but not yet renamed over the old one.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
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


#: The child: load ``big`` into ``path``, printing each step of the store's write as
#: it starts (the step names are the node labels and relationship types in schema
#: order, then "swap"); at step ``stop`` it optionally waits (reads stdin, which
#: never comes) so the kill lands exactly there.
CHILD = """
import sys
from graphmodel import open_store
from loaders import load_path

path, big, stop, wait = sys.argv[1:5]

def step(name, done, total):
    print(name, flush=True)
    if name == stop and wait == "wait":
        sys.stdin.read()

load_path(open_store(path), big, progress=step)
print("done", flush=True)
"""


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return big_dataset(tmp_path_factory.mktemp("kill") / "big")


def _kill_at(path: Path, big: Path, stop: str, wait: bool) -> list[str]:
    """Run the child until it prints ``stop``, SIGKILL it, return the steps it printed."""
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), str(big), stop, "wait" if wait else "go"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    seen: list[str] = []
    try:
        for line in proc.stdout:
            seen.append(line.strip())
            if seen[-1] == stop:
                if wait:  # the child sits inside the write: its half-built file is there
                    assert list(path.parent.glob(f"{path.name}.loading-*")), seen
                os.kill(proc.pid, signal.SIGKILL)
                break
        else:
            pytest.fail(f"the load ended (exit {proc.wait()}) before step {stop}: {seen}")
        assert proc.wait(timeout=60) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stdin.close()
    return seen


@pytest.mark.slow
@pytest.mark.parametrize(
    ("stop", "wait", "written_before"),
    [
        # killed while BELONGS_TO's 199,990 rows are being copied (no wait: the COPY runs)
        ("BELONGS_TO", False, ["Organization", "Person", "Alliance", "Chain"]),
        # killed with Organization, Person and BELONGS_TO written, before MENTORS
        ("MENTORS", True, ["Organization", "Person", "Alliance", "Chain", "BELONGS_TO"]),
        # killed with the new database complete and closed, just before the rename
        ("swap", True, None),
    ],
)
def test_kill_during_write_keeps_previous_graph(tmp_path: Path, big: Path, stop: str, wait: bool,
                                                written_before: list[str] | None) -> None:
    path = tmp_path / "graph.lbug"
    store = open_store(path)
    load_path(store, DATA / "good")
    before_info, before_counts = store.load_info(), counts(store)
    store.close()

    seen = _kill_at(path, big, stop, wait)
    if written_before is not None:
        assert seen == [*written_before, stop]
    else:
        assert seen[-1] == "swap" and "MENTORS" in seen and "done" not in seen

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
