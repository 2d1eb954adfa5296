"""The naive baseline computes what the real pipeline computes (run: pytest benchmarks/test_naive.py).

A hand-built CSV folder whose answers are written here, then the same folder
and a small generated demo through both :mod:`benchmarks.naive` and the
``pipeline_headline`` step, whose answers must be identical.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from benchmarks.naive import digest, naive_pipeline
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
        ["O2", "一支部", "党支部", "O1", "农村", "红山区", "甲镇", "6", "5", "20", "0", "先进", "否"],
        ["O3", "二支部", "党支部", "O1", "农村", "红山区", "甲镇", "3", "3", "", "", "后进", "是"],
        ["O4", "三总支", "党总支", "O1", "社区", "松山区", "乙镇", "8", "5", "60", "0", "中间", "否"],
        ["O5", "四支部", "党支部", "O1", "学校", "松山区", "乙镇", "", "", "", "", "", "否"],
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
}


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
    assert res["rows"] == 5 + 3 + 9 + 2 + 4
    assert (a["uncovered"], a["uncovered_ids"], a["first_uncovered"]) == (1, digest(["O5"]), "O5")
    # P1 watches O2, O3, O4 (full, mix 1/1/1); P2 two contacts over capacity 1; P3 mentors O2 only
    assert (a["people_watching"], a["over_capacity"], a["over_ids"]) == (3, 1, digest(["P2"]))
    assert a["mix_broken"] == 1
    assert (a["at6"], a["at8"]) == (2, 1)
    assert (a["alliances"], a["memberships"], a["islands"]) == (2, 4, 0)
    assert (a["unallied"], a["unallied_ids"]) == (1, digest(["O5"]))
    lines = (tmp_path / "out" / "mentor-load.csv").read_text(encoding="utf-8-sig").splitlines()
    # county: none of their own, so the smallest of those watched (松 < 红 in code-point order)
    assert lines[1] == "P1,甲,松山区,3,0,3,4.0,3,full,1,1,1,0,1/1/1,True"


def _both(folder: Path, work: Path) -> tuple[dict, dict]:
    from benchmarks.bench_pipeline import _pipeline, HEADLINE

    naive = naive_pipeline(folder, work / "naive", DAY)["answers"]
    real = _pipeline(Context(1.0, 0, work), folder, list(HEADLINE), "t")["answers"]
    return naive, real


def test_agrees_with_pipeline_by_hand(tmp_path: Path) -> None:
    naive, real = _both(write_folder(tmp_path / "in"), tmp_path)
    assert real["uncovered"] == 1 and real["over_capacity"] == 1 and real["unallied"] == 1
    assert naive == real


@pytest.mark.parametrize("scale", [0.2])
def test_agrees_with_pipeline_on_demo(tmp_path: Path, scale: float) -> None:
    from loaders.demo import generate, write_csv

    folder = tmp_path / "csv"
    write_csv(generate(seed=3, scale=scale), folder)
    naive, real = _both(folder, tmp_path)
    assert naive["uncovered"] > 0 and naive["people_watching"] > 0 and naive["unallied"] > 0
    assert naive == real
