"""The DuckDB baseline computes what the pipeline computes (run: pytest benchmarks/test_duckdb_baseline.py).

The hand-built folder of :mod:`benchmarks.test_naive` (its answers written
there), then a small generated demo, through :mod:`benchmarks.duckdb_baseline`
and the ``pipeline_headline`` / ``pipeline`` steps: every figure the pipeline
gives must be the baseline's too.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks import duckdb_baseline as duck
from benchmarks.naive import digest
from benchmarks.naive_full import naive_full
from benchmarks.steps import Context
from benchmarks.test_naive import DAY, ROWS_READ, write_folder


def _pipeline(folder: Path, work: Path, full: bool) -> dict:
    from benchmarks.bench_pipeline import HEADLINE, _pipeline
    from queries.export import available_exports

    names = available_exports() if full else list(HEADLINE)
    return _pipeline(Context(1.0, 0, work), folder, names, "full" if full else "head")["answers"]


def test_duckdb_by_hand(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "in")
    res = duck.full(folder, tmp_path / "out", DAY)
    a = res["answers"]
    assert res["rows"] == ROWS_READ and res["files"] == 12
    # the figures worked out by hand in test_naive
    assert (a["uncovered"], a["first_uncovered"], a["people_watching"], a["mix_broken"]) == (1, "O5", 2, 1)
    assert a["gaps_missing"] == digest(["O5:watched|mentor|contact|alliance|pairing"])
    assert (a["at6"], a["at8"], a["star_gaps"]) == (2, 0, "5998/1000/1/1")
    assert (a["alliances"], a["memberships"], a["islands"], a["unallied_ids"]) == (2, 4, 0, digest(["O5"]))
    assert (a["single_watcher_ids"], a["star_disagree_ids"], a["star_unchecked"]) == (
        digest(["O3:P1"]), digest(["O4"]), 2)
    assert (a["chains"], a["chain_members"], a["chain_villages"], a["chain_enterprises"]) == (2, 3, 2, 1)
    assert (a["pairings_ids"], a["bridges_top"], a["bridges_top_betweenness"]) == (
        digest(["O4>O2"]), "O3", round(4 / 6, 9))
    # and every figure the hand-checked naive baseline gives
    naive = naive_full(folder, tmp_path / "naive", DAY)["answers"]
    assert {k: a[k] for k in naive} == naive
    # files open in Excel: a BOM, then the header
    load = (tmp_path / "out" / "mentor-load.csv").read_bytes()
    assert load.startswith("\ufeff".encode() + b'"person_id","name","mentored"')
    chains = (tmp_path / "out" / "chains.csv").read_text(encoding="utf-8-sig").splitlines()
    assert chains[1] == '"C1","肉牛链","肉牛","红山区",3,"加工:2|未注明:1|种植:1",2,1'


def test_duckdb_headline_and_full_agree_with_the_pipeline(tmp_path: Path) -> None:
    from loaders.demo import generate, write_csv

    folder = tmp_path / "csv"
    write_csv(generate(seed=5, scale=0.2), folder)
    head = duck.headline(folder, tmp_path / "h", DAY)["answers"]
    full = duck.full(folder, tmp_path / "f", DAY)["answers"]
    assert head["uncovered"] > 0 and full["single_watcher"] > 0 and full["bridges_listed"] == 20
    assert head == _pipeline(folder, tmp_path, full=False)
    assert full == _pipeline(folder, tmp_path, full=True)


def test_duckdb_reads_a_folder_without_some_tables(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "in")
    for name in ("产业链党委", "产业链成员", "结对共建"):
        (folder / f"{name}.csv").unlink()
    a = duck.full(folder, tmp_path / "out", DAY)["answers"]
    assert (a["chains"], a["pairings_active"], a["uncovered"]) == (0, 0, 1)
    assert a["gaps_missing"] == digest(["O5:watched|mentor|contact|alliance|pairing|chain"])
