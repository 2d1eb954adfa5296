"""The naive baseline computes what the real pipeline computes (run: pytest benchmarks/test_naive.py).

A hand-built CSV folder whose answers are written here, then the same folder
and a small generated demo through both :mod:`benchmarks.naive` and the
``pipeline_headline`` step, whose answers must be identical; and the same for
the full-parity baseline :mod:`benchmarks.naive_full` and the full ``pipeline``
step (every export), its exact betweenness checked value by value against
:func:`queries.networks.bridges`.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from benchmarks.naive import digest, naive_pipeline
from benchmarks.naive_full import naive_full
from benchmarks.steps import Context
from loaders.contract import TABLES

DAY = date.today()
PAST = (DAY - timedelta(days=400)).isoformat()
ENDED = (DAY - timedelta(days=30)).isoformat()
FUTURE = (DAY + timedelta(days=30)).isoformat()

ROWS = {
    "organizations": [
        # org_id, name, kind, parent_id, domain, county, township, stars, base, task, high, tier, weak
        ["O1", "市委", "党委", "", "机关", "", "", "", "", "", "", "", "否"],
        # O2: 19.5 + 0.5 = 20 points, one feature star: 6, as recorded
        ["O2", "一支部", "党支部", "O1", "农村", "红山区", "甲镇", "6", "5", "19.5", "0.5", "先进", "否"],
        ["O3", "二支部", "党支部", "O1", "农村", "红山区", "甲镇", "3", "3", "", "", "后进", "是"],
        # O4: 55 points, two feature stars: the rule says 7, 8 are recorded
        ["O4", "三总支", "党总支", "O1", "社区", "松山区", "乙镇", "8", "5", "55", "0", "中间", "否"],
        ["O5", "四支部", "党支部", "O1", "非公", "松山区", "乙镇", "", "", "", "", "", "否"],
    ],
    "people": [  # person_id, name, role, level, org_id, capacity
        ["P1", "甲", "干部", "市", "", ""],
        ["P2", "乙", "干部", "县", "", "1"],
        ["P3", "丙", "书记", "市", "O1", ""],
    ],
    "assignments": [  # person_id, org_id, type, since, until
        ["P1", "O2", "包联", PAST, ""], ["P1", "O3", "包联", PAST, ""], ["P1", "O4", "监测", "", ""],
        ["P2", "O2", "联系点", PAST, ""], ["P2", "O4", "联系点", "", ""],
        ["P2", "O5", "包联", PAST, ENDED],  # ended: O5 stays uncovered
        ["P3", "O5", "包联", FUTURE, ""],  # not yet
        ["P3", "O2", "包联", PAST, ""], ["P3", "O1", "书记", PAST, ""],
    ],
    "alliances": [["A1", "甲联合体", "区域", "红山区", "2024-01-01"],
                  ["A2", "乙联合体", "区域", "松山区", "2024-01-01"]],
    "alliance_members": [["A1", "O2", "牵头"], ["A1", "O3", "成员"],
                         ["A2", "O3", "牵头"], ["A2", "O4", "成员"]],
    "chains": [["C1", "肉牛链", "肉牛", "红山区"], ["C2", "空链", "", ""]],
    "chain_members": [["C1", "O2", "种植"], ["C1", "O2", "加工"], ["C1", "O3", ""],
                      ["C1", "O5", "加工"]],
    "pairings": [["O4", "O2", "结对共建", PAST, ""],
                 ["O3", "O5", "企业联村", PAST, ENDED],  # ended
                 ["O5", "O2", "结对共建", FUTURE, ""]],  # not yet
}
ROWS_READ = 5 + 3 + 9 + 2 + 4 + 2 + 4 + 3


def write_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for t in TABLES:
        if t.name not in ROWS:
            continue
        with (folder / f"{t.zh[0]}.csv").open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow([c.label_zh for c in t.columns][: len(ROWS[t.name][0])])
            w.writerows(ROWS[t.name])
    return folder


def test_naive_answers_by_hand(tmp_path: Path) -> None:
    res = naive_pipeline(write_folder(tmp_path / "in"), tmp_path / "out", DAY)
    a = res["answers"]
    assert res["rows"] == ROWS_READ
    assert (a["uncovered"], a["uncovered_ids"], a["first_uncovered"]) == (1, digest(["O5"]), "O5")
    # mentors only (contact points are another duty): P1 mentors O2, O3 and O4 (监测 is a
    # mentor link; full, mix 1/1/1), P3 mentors O2 only; P2's one mentor link has ended
    assert (a["people_watching"], a["over_capacity"], a["over_ids"]) == (2, 0, digest([]))
    assert a["mix_broken"] == 1
    # ratings of every kind: O2 6 and O3 3 as recorded, O4 7 by the rule (8 recorded)
    assert (a["at6"], a["at8"]) == (2, 0)
    assert (a["alliances"], a["memberships"], a["islands"]) == (2, 4, 0)
    assert (a["unallied"], a["unallied_ids"]) == (1, digest(["O5"]))
    lines = (tmp_path / "out" / "mentor-load.csv").read_text(encoding="utf-8-sig").splitlines()
    # weighted: advanced 1 + middle 1 + lagging 2
    assert lines[1] == "P1,甲,3,4.0,3,full,1,1,1,0,1/1/1,True"


def _both(folder: Path, work: Path) -> tuple[dict, dict]:
    from benchmarks.bench_pipeline import _pipeline, HEADLINE

    naive = naive_pipeline(folder, work / "naive", DAY)["answers"]
    real = _pipeline(Context(1.0, 0, work), folder, list(HEADLINE), "t")["answers"]
    assert set(naive) <= set(real)  # the pipeline gives a few more (compared in the full tests)
    return naive, {k: real[k] for k in naive}


def test_agrees_with_pipeline_by_hand(tmp_path: Path) -> None:
    naive, real = _both(write_folder(tmp_path / "in"), tmp_path)
    assert real["uncovered"] == 1 and real["people_watching"] == 2 and real["unallied"] == 1
    assert naive == real


@pytest.mark.parametrize("scale", [0.2])
def test_agrees_with_pipeline_on_demo(tmp_path: Path, scale: float) -> None:
    from loaders.demo import generate, write_csv

    folder = tmp_path / "csv"
    write_csv(generate(seed=3, scale=scale), folder)
    naive, real = _both(folder, tmp_path)
    assert naive["uncovered"] > 0 and naive["people_watching"] > 0 and naive["unallied"] > 0
    assert naive == real


def test_naive_full_by_hand(tmp_path: Path) -> None:
    res = naive_full(write_folder(tmp_path / "in"), tmp_path / "out", DAY)
    a = res["answers"]
    assert res["rows"] == ROWS_READ and res["files"] == 12
    # the headline answers as naive_pipeline's
    assert a == {**a, **naive_pipeline(tmp_path / "in", tmp_path / "o2", DAY)["answers"]}
    # O5 (uncovered) has only a chain
    assert a["gaps_missing"] == digest(["O5:watched|mentor|contact|alliance|pairing"])
    # 红山区 O2, O3 both watched, mentored, allied, chained; only O2 a contact and paired (by O4).
    # 松山区 O4 watched (监测 = mentor, contact), allied, paired; O5 only chained.
    assert (a["rates_groups"], a["rates_watched"], a["rates_mentor"], a["rates_contact"],
            a["rates_alliance"], a["rates_pairing"], a["rates_chain"]) == (2, 3, 3, 2, 3, 2, 3)
    rates = (tmp_path / "out" / "coverage-rates.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rates[1] == "松山区,2,1,0.5,0.5,0.5,0.5,0.5,0.5"
    assert rates[2] == "红山区,2,2,1.0,1.0,0.5,1.0,0.5,1.0"
    # O3 only has P1 (O2 has three watchers, O4 two)
    assert (a["single_watcher"], a["single_watcher_ids"]) == (1, digest(["O3:P1"]))
    # O4 disagrees (7 by the rule), O1 and O5 cannot be checked; O2 and O3 agree
    assert (a["star_disagree"], a["star_disagree_ids"], a["star_unchecked"]) == (1, digest(["O4"]), 2)
    # rated: O2 6, O3 3, O4 7 -> 2 at 6+, 0 at 8+; goals 6,000 and 1,000 organisations this
    # year, then shares of the 3 rated in three years: 6000-2, 1000-0, 3-2, ceil(1)-0
    assert a["star_gaps"] == "5998/1000/1/1"
    # C1: O2 (rural, two stages), O3 (rural, no stage), O5 (private); C2 empty
    assert (a["chains"], a["chain_members"], a["chain_villages"], a["chain_enterprises"]) == (2, 3, 2, 1)
    chains = (tmp_path / "out" / "chains.csv").read_text(encoding="utf-8-sig").splitlines()
    assert chains[1] == "C1,肉牛链,肉牛,红山区,3,加工:2|未注明:1|种植:1,2,1"
    assert (a["pairings_active"], a["pairings_ids"]) == (1, digest(["O4>O2"]))
    # membership graph is the path O2-A1-O3-A2-O4: O3 lies on 4 of the 6 pairs it is not in
    assert (a["bridges_listed"], a["bridges_top"]) == (1, "O3")
    assert a["bridges_top_betweenness"] == round(4 / 6, 9)
    assert res["betweenness"]["mode"] == "exact" and res["betweenness"]["nodes"] == 5


def test_naive_full_extrapolates_above_the_limit(tmp_path: Path) -> None:
    res = naive_full(write_folder(tmp_path / "in"), tmp_path / "out", DAY, limit=4, sample=2)
    bw = res["betweenness"]
    assert bw["mode"] == "extrapolated" and bw["nodes"] == 5 and bw["sample_sources"] == 2
    assert "extrapolated_seconds" in bw and "extrapolation_error" not in bw
    assert not any(k.startswith("bridges") for k in res["answers"])  # nothing to compare
    assert res["answers"]["single_watcher"] == 1  # the rest is computed as ever
    # below the limit, check=True runs both: exact values, and the sample's estimate beside them
    res = naive_full(tmp_path / "in", tmp_path / "out2", DAY, sample=2, check=True)
    bw = res["betweenness"]
    assert bw["mode"] == "exact" and bw["sample_sources"] == 2 and "extrapolation_error" in bw
    assert res["answers"]["bridges_top"] == "O3"


def _full(folder: Path, work: Path) -> tuple[dict, dict]:
    from benchmarks.bench_pipeline import _pipeline
    from queries.export import available_exports

    naive = naive_full(folder, work / "naive", DAY)["answers"]
    real = _pipeline(Context(1.0, 0, work), folder, available_exports(), "full")["answers"]
    return naive, real


def test_full_agrees_with_pipeline_by_hand(tmp_path: Path) -> None:
    naive, real = _full(write_folder(tmp_path / "in"), tmp_path)
    assert real["single_watcher"] == 1 and real["star_disagree"] == 1 and real["chains"] == 2
    assert naive == real


def test_full_agrees_with_pipeline_on_demo(tmp_path: Path) -> None:
    from graphmodel import open_store
    from benchmarks.naive import build_graph, read_folder
    from benchmarks.naive_full import betweenness, bridges, membership_graph
    from loaders.demo import generate, write_csv
    from loaders.load import load_path
    from queries.networks import bridges as real_bridges

    folder = tmp_path / "csv"
    write_csv(generate(seed=5, scale=0.2), folder)
    naive, real = _full(folder, tmp_path)
    assert naive["single_watcher"] > 0 and naive["chains"] > 0 and naive["pairings_active"] > 0
    assert naive["bridges_listed"] == 20  # (the demo's stars follow the rule: no disagreement)
    assert naive == real
    # the exact betweenness, value by value, against the fast fold of queries.networks
    g = build_graph(read_folder(folder))
    b = membership_graph(g)
    values, info = betweenness(b)
    assert info["mode"] == "exact"
    mine = bridges(g, b, values)
    with open_store(tmp_path / "bw.lbug") as store:
        load_path(store, folder, accept_rejects=True)
        theirs = real_bridges(store)
    assert [r["org_id"] for r in mine] == list(theirs["org_id"])
    assert [r["alliances"] for r in mine] == list(theirs["alliances"])
    for r, v in zip(mine, theirs["betweenness"]):
        assert abs(r["betweenness"] - v) < 1e-9
