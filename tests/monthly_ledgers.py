"""Three hand-made monthly ledgers of one small county, as CSV folders (data contract).

红山区: committee C0 (红山区委) above working committee T1 (城东街道党工委), branches
below T1. People: P1 王芳 and P2 李强, both working in C0. Alliance A1.

==========  =====================  =====================  ============================
branch      2026-09-30 (month 1)   2026-10-31 (month 2)   2026-11-30 (month 3)
==========  =====================  =====================  ============================
B1 一村     lagging, unwatched     lagging, unwatched     lagging, P2 mentors from 11-01
B2 二村     middle, weak, P1       middle, weak, P1's     middle, weak, unwatched;
            mentors until 10-15    link ended: unwatched  joins A1
B3 三村     lagging 4★, P2, in A1  middle 6★ (tier and    middle 6★, P2; left A1
                                   stars lifted), P2, A1
B4 四村     middle, weak,          middle, weak,          middle, weak cleared (销号),
            unwatched              unwatched              unwatched
B5 五村     -                      -                      new: middle, unwatched
==========  =====================  =====================  ============================

What changed, written out (the tests compare with these):

* month 1 -> 2: B2 newly uncovered (before 王芳); B3 tier up (lagging -> middle) and
  stars up (4 -> 6). 红山区 watched share 2/4 = 50% -> 1/4 = 25% (fell 25 points).
* month 2 -> 3: B1 newly watched (after 李强); B4 weak cleared; B2 joined A1; B3 left
  A1; B5 added. P2 mentors 1 -> 2 branches (mix 0/1/0 -> 0/1/1). Share 25% -> 2/5 = 40%.
* warnings of month 3 (thresholds 2 months, deadline 3 months): red — B2 weak and
  unwatched in months 2 and 3 (since 2026-10-31); yellow — P2's mix 0/1/1 is broken.
  Nothing else: B2 has been weak for 2 months (< 3), no link ends within 30 days.
* warnings of month 1: yellow — B2's only link (P1) ends 2026-10-15, 15 days on; P1's and
  P2's mixes broken.
* warnings of month 2: red — B4 weak and unwatched in months 1 and 2 (since 2026-09-30);
  yellow — 红山区's watched share fell 25 points; P2's mix 0/1/0 broken. B1 lagging and
  unwatched in both months: red too (since 2026-09-30).
"""

from __future__ import annotations

import csv
from pathlib import Path

__all__ = ["MONTHS", "write_month"]

MONTHS = ("2026-09-30", "2026-10-31", "2026-11-30")

_ORG_HEAD = ["组织编码", "组织名称", "类型", "上级组织编码", "领域", "旗县区", "乡镇", "星级",
             "类别", "软弱涣散", "党员数"]


def _orgs(month: int) -> list[list[object]]:
    rows = [["C0", "红山区委", "党委", "", "机关", "红山区", "", "", "", "", 40],
            ["T1", "城东街道党工委", "党工委", "C0", "社区", "红山区", "城东街道", "", "", "", 20]]
    b3_tier, b3_stars = ("后进", 4) if month == 1 else ("中间", 6)
    rows += [
        ["B1", "一村党支部", "党支部", "T1", "农村", "红山区", "城东街道", 3, "后进", "否", 18],
        ["B2", "二村党支部", "党支部", "T1", "农村", "红山区", "城东街道", 5, "中间", "是", 22],
        ["B3", "三村党支部", "党支部", "T1", "农村", "红山区", "城东街道", b3_stars, b3_tier, "否", 30],
        ["B4", "四村党支部", "党支部", "T1", "农村", "红山区", "城东街道", 5, "中间",
         "否" if month == 3 else "是", 15],
    ]
    if month == 3:
        rows.append(["B5", "五村党支部", "党支部", "T1", "农村", "红山区", "城东街道", 5, "中间", "否", 12])
    return rows


def _links(month: int) -> list[list[object]]:
    rows = [["P1", "B2", "包联", "2026-01-01", "2026-10-15"],
            ["P2", "B3", "包联", "2026-01-01", ""]]
    if month == 3:
        rows.append(["P2", "B1", "包联", "2026-11-01", ""])
    return rows


def _members(month: int) -> list[list[object]]:
    # C0 leads A1 throughout (an alliance needs a lead); the branches join and leave
    return [["A1", "C0", "牵头"], ["A1", "B2", "成员"]] if month == 3 else \
        [["A1", "C0", "牵头"], ["A1", "B3", "成员"]]


def _write(path: Path, head: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(head)
        w.writerows(rows)


def write_month(folder: Path, month: int) -> Path:
    """Write month 1, 2 or 3 (see the module) as a CSV folder; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    _write(folder / "党组织.csv", _ORG_HEAD, _orgs(month))
    _write(folder / "人员.csv", ["人员编码", "姓名", "职务", "层级", "所在组织编码", "包联上限"],
           [["P1", "王芳", "副书记", "县", "C0", ""], ["P2", "李强", "组织委员", "县", "C0", ""]])
    _write(folder / "包联.csv", ["人员编码", "组织编码", "类型", "开始日期", "结束日期"], _links(month))
    _write(folder / "党建联合体.csv", ["联合体编码", "名称", "类型", "旗县区", "成立日期"],
           [["A1", "城东联建联合体", "区域联建", "红山区", "2025-01-01"]])
    _write(folder / "联合体成员.csv", ["联合体编码", "组织编码", "角色"], _members(month))
    return folder
