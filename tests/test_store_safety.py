"""A store path that is not a store is never written, and one writer at a time.

Real processes (`branchgraph load`, `cypher --write`, `demo`) against real files:
what names something other than a LadybugDB database is refused and left
byte-identical; two loads into one store at once end with the later one's graph.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from graphmodel import NotAStore, StoreBusy, StoreError, Superseded, open_store
from graphmodel.store_file import MAGIC, check_store_file
from graphmodel.writer_lock import FileLock, Holder, file_lock
from tests.test_load_cli import DATA, branchgraph, fixture
from tests.test_load_kill import big_dataset

CLI = "import sys; from branchgraph.cli import main; sys.exit(main(sys.argv[1:]))"
ENV = {"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8", "BRANCHGRAPH_LANG": "en"}

#: Files a planner keeps that a swapped --store could name.
NOT_STORES = {
    "报告.docx": b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)),
    "党组织.csv": "组织编码,组织名称\nO1,城关街道党工委\n".encode(),
    "notes.lbug": b"",  # an empty file with the store's own extension
    "random.bin": os.urandom(4096),
    "almost.lbug": b"LBU" + os.urandom(100),
}


def _tiny(store: Path) -> None:
    with open_store(store) as s:
        s.replace_graph({"Organization": pd.DataFrame({"org_id": ["o1"], "name": ["甲"]})})


# -- recognising a store by its first bytes -------------------------------------------


def test_a_fresh_store_starts_with_the_magic_bytes(tmp_path):
    path = tmp_path / "g.lbug"
    assert check_store_file(path) is False  # nothing there yet: fine, a load creates it
    _tiny(path)
    assert path.read_bytes()[:4] == MAGIC == b"LBUG"
    assert check_store_file(path) is True


@pytest.mark.parametrize("name", sorted(NOT_STORES))
def test_opening_a_non_store_is_refused_and_leaves_it_alone(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(NOT_STORES[name])
    with pytest.raises(NotAStore, match="is not a branchgraph store .* left untouched"):
        open_store(path)
    assert path.read_bytes() == NOT_STORES[name]


def test_a_folder_or_a_device_is_not_a_store(tmp_path):
    with pytest.raises(NotAStore, match="is a folder, not a store file; name a file in it"):
        open_store(tmp_path)
    with pytest.raises(NotAStore, match="not a regular file"):
        open_store("/dev/null")


def test_a_file_that_becomes_a_non_store_is_not_replaced(tmp_path):
    path = tmp_path / "g.lbug"
    _tiny(path)
    store = open_store(path)
    path.write_bytes(b"a,b\n1,2\n")  # the planner saves a CSV over it meanwhile
    with pytest.raises(NotAStore):
        store.replace_graph({"Organization": pd.DataFrame({"org_id": ["x"], "name": ["乙"]})})
    with pytest.raises(NotAStore):
        store.run("MATCH (o:Organization) RETURN count(o) AS n")
    assert path.read_bytes() == b"a,b\n1,2\n"
    assert [p.name for p in tmp_path.iterdir() if ".loading-" in p.name] == []


VERBS = {
    "load": ["load", "good"],
    "cypher --write": ["cypher", "CREATE (:Organization {org_id: 'x'})", "--write"],
    "cypher": ["cypher", "MATCH (o:Organization) RETURN count(o) AS n"],
    "query": ["query", "coverage_gaps"],
    "export": ["export", "coverage-gaps", "--out", "gaps.csv"],
    "demo": ["demo", "--no-dashboard", "--scale", "0.01"],
}


@pytest.mark.parametrize("verb", sorted(VERBS))
@pytest.mark.parametrize("name", ["报告.docx", "党组织.csv", "notes.lbug"])
def test_every_verb_refuses_a_non_store_in_one_line(tmp_path, verb, name):
    data = fixture(tmp_path, "good")
    path = tmp_path / name
    path.write_bytes(NOT_STORES[name])
    run = branchgraph(*VERBS[verb], "--store", path, cwd=tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    last = run.stderr.strip().splitlines()
    assert len(last) == 1 and "Traceback" not in run.stderr, run.stderr
    assert f"{name} 不是 branchgraph 图数据库" in last[0] and "未作任何改动" in last[0]
    assert path.read_bytes() == NOT_STORES[name]
    # no lock, no sibling build, no report: nothing but the two things that were there
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, data.name])


# -- the writer lock ------------------------------------------------------------------


def _popen(*args: str | Path, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", CLI, *map(str, args)], cwd=cwd, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_holder(store: Path, pid: int, proc: subprocess.Popen[str]) -> None:
    lock = FileLock(store)
    deadline = time.monotonic() + 60
    while (h := lock.current()) is None or h.pid != pid:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the first load never took the lock"
        time.sleep(0.01)


def _org_count(store: Path) -> int:
    with open_store(store) as s:
        return int(s.run("MATCH (o:Organization) RETURN count(o) AS n")["n"].iloc[0])


def test_two_loads_at_once_the_later_ones_graph_remains(tmp_path):
    big = big_dataset(tmp_path / "big", 400_000)  # slow: reads, checks and writes for seconds
    small = fixture(tmp_path, "good")  # 6 organisations
    store = tmp_path / "g.lbug"
    first = _popen("load", big, "--store", store, "--report-dir", tmp_path / "r1", cwd=tmp_path)
    _wait_for_holder(store, first.pid, first)
    second = _popen("load", small, "--store", store, "--report-dir", tmp_path / "r2", cwd=tmp_path)
    out2, err2 = second.communicate(timeout=300)
    out1, err1 = first.communicate(timeout=300)
    assert first.returncode == 0, err1
    assert second.returncode == 0, err2
    assert f"waiting for the load started" in err2 and f"by PID {first.pid} on" in err2
    assert _org_count(store) == 6  # the later load's graph, although the first finished later
    with open_store(store) as s:
        assert s.load_info().source == str(small)


def test_no_wait_fails_at_once_naming_the_holder(tmp_path):
    big = big_dataset(tmp_path / "big", 400_000)
    store = tmp_path / "g.lbug"
    first = _popen("load", big, "--store", store, "--report-dir", tmp_path / "r1", cwd=tmp_path)
    _wait_for_holder(store, first.pid, first)
    t = time.monotonic()
    second = branchgraph("load", fixture(tmp_path, "good"), "--store", store, "--no-wait",
                         "--lang", "en",
                         "--report-dir", tmp_path / "r2", cwd=tmp_path)
    waited = time.monotonic() - t
    first.communicate(timeout=300)
    assert second.returncode == 1
    assert "is being written: the load started" in second.stderr
    assert f"by PID {first.pid}" in second.stderr and "Traceback" not in second.stderr
    assert first.returncode == 0 and _org_count(store) == 400_000
    assert waited < 30  # at once, not after the first load (a bound, not a timing claim)


def _finished_replacement(store: Path, started_ns: int) -> None:
    """Leave the lock file as a finished replacement that started at ``started_ns`` does."""
    done = {**Holder.me("load").__dict__, "started_ns": started_ns}
    Path(f"{store}.lock").write_text(json.dumps(
        {"kind": "branchgraph-writer-lock", "holder": None, "newest": done}))


def test_a_replacement_overtaken_by_a_later_one_does_not_run(tmp_path):
    store = tmp_path / "g.lbug"
    lock = FileLock(store)
    _finished_replacement(store, time.time_ns() - 10**10)  # finished 10 s before: we are newer
    t = time.time_ns()
    ran = []
    with lock.hold("load", newest_wins=True):
        ran.append("older one finished first")
    newest = json.loads(Path(f"{store}.lock").read_text())["newest"]
    assert ran and newest["started_ns"] >= t and newest["pid"] == os.getpid()
    # one that started 10 s after this hold asked, and finished while it waited
    _finished_replacement(store, time.time_ns() + 10**10)
    with pytest.raises(Superseded, match="a write started later .* replaced the graph"):
        with lock.hold("load", newest_wins=True):
            ran.append("must not run")
    with lock.hold("write"):  # a write that does not replace the graph still runs
        ran.append("write")
    assert ran == ["older one finished first", "write"]


def test_the_lock_is_reentrant_and_other_threads_wait(tmp_path):
    import threading

    store = tmp_path / "g.lbug"
    lock = file_lock(store)
    assert file_lock(tmp_path / "." / "g.lbug") is lock  # one lock object per file
    seen: list[str] = []
    with lock.hold("load"):
        with lock.hold("load"):  # load_path inside the command's hold, replace_graph inside
            pass

        def other() -> None:
            try:
                with lock.hold("write", wait=False):
                    seen.append("got it")
            except StoreBusy as exc:
                seen.append(str(exc))

        t = threading.Thread(target=other)
        t.start()
        t.join()
    assert len(seen) == 1 and "is being written: the load started" in seen[0]
    with lock.hold("write", wait=False):  # free again
        pass


def test_a_lock_file_that_is_not_ours_is_left_alone(tmp_path):
    store = tmp_path / "g.lbug"
    _tiny(store)
    mine = Path(f"{store}.lock")
    mine.write_text("my own notes\n")
    with pytest.raises(NotAStore, match="is not branchgraph's writer lock"):
        with open_store(store) as s:
            s.replace_graph({"Organization": pd.DataFrame({"org_id": ["x"], "name": ["乙"]})})
    assert mine.read_text() == "my own notes\n"
    assert _org_count(store) == 1


def test_readers_do_not_wait_for_a_writer(tmp_path):
    store = tmp_path / "g.lbug"
    _tiny(store)
    with file_lock(store).hold("load"):
        run = branchgraph("cypher", "MATCH (o:Organization) RETURN o.org_id AS id", "--store",
                          store, "--format", "csv", cwd=tmp_path)
        assert run.returncode == 0 and run.stdout.split() == ["id", "o1"], run.stderr


def test_unwritable_places_are_one_line(tmp_path):
    for where, words in [("/proc/x.lbug", "cannot write a store in /proc"),
                         (str(tmp_path / "f.csv" / "g.lbug"), "cannot write a store in")]:
        (tmp_path / "f.csv").write_text("a\n")
        run = branchgraph("load", DATA / "good", "--store", where, "--lang", "en",
                          "--report-dir", tmp_path / "r", cwd=tmp_path)
        assert run.returncode == 1 and words in run.stderr, run.stderr
        assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1
    with pytest.raises(StoreError, match="cannot write a store in /proc"):
        open_store("/proc/x.lbug").replace_graph(
            {"Organization": pd.DataFrame({"org_id": ["x"], "name": ["乙"]})})
