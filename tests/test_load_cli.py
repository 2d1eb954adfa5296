"""`branchgraph load` run as a planner runs it: a real process, a real store on disk."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from graphmodel import open_store

DATA = Path(__file__).parent / "data" / "loaders"


def branchgraph(*args: str | Path, cwd: Path, env: dict[str, str] | None = None
                ) -> subprocess.CompletedProcess[str]:
    code = "import sys; from branchgraph.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8", **(env or {})})


def fixture(tmp_path: Path, kind: str) -> Path:
    """A copy of a fixture folder, so reports written beside it stay out of the repo."""
    return Path(shutil.copytree(DATA / kind, tmp_path / kind))


def test_load_prints_summary_and_writes_report_beside_the_data(tmp_path: Path) -> None:
    data = fixture(tmp_path, "dangling_reference")
    store = tmp_path / "g.lbug"
    run = branchgraph("load", data, "--store", store, "--lang", "en", "--accept-rejects", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].split() == ["table", "read", "loaded", "rejected", "skipped", "files"]
    assert lines[1].split() == ["organizations", "3", "2", "1", "0", "organizations.csv"]
    assert lines[4].split() == ["total", "9", "4", "5", "0"]
    report = tmp_path / "dangling_reference.report" / "load-report.txt"
    assert f"report: {report}" in lines
    assert f"rejected rows: {report.parent / 'rejects.csv'}" in lines
    assert "  organizations.csv:4 parent_id: 'O9' is not in organizations" in lines
    assert "  assignments.csv:5 person_id: 'P9' is not in people" in lines
    assert report.exists()
    with open_store(store) as s:
        assert s.load_info().rows_rejected == 5
        assert s.run("MATCH (o:Organization) RETURN count(o) AS n")["n"].iloc[0] == 2


def test_strict_refuses_and_keeps_the_previous_graph(tmp_path: Path) -> None:
    store = tmp_path / "g.lbug"
    first = branchgraph("load", DATA / "good", "--store", store, "--report-dir", tmp_path / "r1",
                        cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "已导入" in first.stdout and "合计" in first.stdout
    with open_store(store) as s:
        before = s.load_info()
    run = branchgraph("load", DATA / "duplicate_id", "--store", store, "--strict",
                      "--report-dir", tmp_path / "r2", "--lang", "en", cwd=tmp_path)
    assert run.returncode == 1
    assert run.stderr.strip().splitlines()[-1] == (
        "Error: strict mode: 1 rows failed the checks, nothing was loaded; see the report "
        f"{tmp_path / 'r2' / 'load-report.txt'}")
    assert "Traceback" not in run.stderr
    assert "  organizations.csv:4 org_id: duplicate id 'O1' (already at row 2)" in run.stdout.splitlines()
    with open_store(store) as s:
        assert s.load_info() == before
        assert s.run("MATCH (o:Organization) RETURN count(o) AS n")["n"].iloc[0] == 6
    # the same data without --strict loads, rejects and all, once the planner accepts them
    ok = branchgraph("load", DATA / "duplicate_id", "--store", store, "--report-dir", tmp_path / "r3",
                     "--accept-rejects", cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    with open_store(store) as s:
        assert s.run("MATCH (o:Organization) RETURN count(o) AS n")["n"].iloc[0] == 3


def test_unloadable_data_is_one_friendly_line(tmp_path: Path) -> None:
    store = tmp_path / "g.lbug"
    run = branchgraph("load", DATA / "missing_column", "--store", store, "--lang", "en",
                      "--report-dir", tmp_path / "r", cwd=tmp_path)
    assert run.returncode == 1
    assert run.stderr.strip().splitlines()[-1].startswith(
        "Error: no organisation passed the checks, nothing was loaded")
    assert "Traceback" not in run.stderr
    assert not store.exists()
    (tmp_path / "empty").mkdir()
    run = branchgraph("load", tmp_path / "empty", "--store", store, cwd=tmp_path)
    assert run.returncode == 1 and "没有党组织表" in run.stderr


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    run = branchgraph("load", tmp_path / "nope", "--store", tmp_path / "g.lbug", cwd=tmp_path)
    assert run.returncode == 2 and "does not exist" in run.stderr
