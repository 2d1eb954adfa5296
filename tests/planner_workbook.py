"""A workbook laid out the way organisation departments keep their 台账 (for the reader tests).

Sheet 党组织, as a planner sees it in Excel:

| row | A 组织编码 | B 组织名称 | C 类型 | D 上级组织编码 | E 旗县区 | F 乡镇 |
|---|---|---|---|---|---|---|
| 1 | 红山区党组织台账 (title, merged A1:F1) | | | | | |
| 2 | 填报单位：红山区委组织部 | | | 填报日期：2024-01-31 | | |
| 3 | 组织编码 | 组织名称 | 类型 | 上级组织编码 | 旗县区 | 乡镇 |
| 4 | C1 | 红山区委 | 党委 | | 红山区 (merged E4:E9) | |
| 5 | T1 | 文钟镇党委 | 党委 | C1 | | 文钟镇 (merged F5:F7) |
| 6 | 150402 (a number) | 一村党支部 | 党支部 | T1 | | |
| 7 | Ｖ２ (full-width) | 二村党支部 | 党支部 | t1 (lower case) | | |
| 8 | 150402198801011234 (a number: Excel keeps 15 digits) | 三村党支部 | 党支部 | T1 | | |
| 9 | V4 | 四村党支部 | 党支部 | #N/A (an error cell) | | |
| 10 | 合计 (totals row) | | | | | |

Sheet 人员 is hidden (one person, P1), sheet 说明 is very hidden. Sheet 包联 is visible
and names V2 in full-width and 150402 as a number.

Expected: of the 7 rows read below the header, 4 organisations loaded (C1, T1, 150402,
V2), 2 rejected (row 8 for its cut digits, row 9 for its error cell) and 1 skipped
(row 10, a totals row); every loaded organisation in 红山区, T1's villages in 文钟镇; the
hidden 人员 sheet named in the report and not loaded, so 包联's person P1 dangles.

``tests/data/workbooks/planner.xls`` and ``planner.ods`` were made from this workbook
once by LibreOffice (``libreoffice --headless --convert-to xls planner.xlsx``).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl


def planner_workbook(path: Path) -> Path:
    """Write the workbook above to ``path`` and return it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "党组织"
    ws.append(["红山区党组织台账"])
    ws.merge_cells("A1:F1")
    ws.append(["填报单位：红山区委组织部", None, None, "填报日期：2024-01-31"])
    ws.append(["组织编码", "组织名称", "类型", "上级组织编码", "旗县区", "乡镇"])
    ws.append(["C1", "红山区委", "党委", None, "红山区", None])
    ws.append(["T1", "文钟镇党委", "党委", "C1", None, "文钟镇"])
    ws.append([150402, "一村党支部", "党支部", "T1"])
    ws.append(["Ｖ２", "二村党支部", "党支部", "t1"])
    ws.append([150402198801011234, "三村党支部", "党支部", "T1"])
    ws.append(["V4", "四村党支部", "党支部", "#N/A"])
    ws.append(["合计"])
    ws.merge_cells("E4:E9")
    ws.merge_cells("F5:F7")
    people = wb.create_sheet("人员")
    people.append(["人员编码", "姓名"])
    people.append(["P1", "王芳"])
    people.sheet_state = "hidden"
    note = wb.create_sheet("说明")
    note.append(["内部说明"])
    note.sheet_state = "veryHidden"
    links = wb.create_sheet("包联")
    links.append(["人员编码", "组织编码", "类型"])
    links.append(["P1", "Ｖ２", "包联"])
    links.append(["P1", 150402, "包联"])
    wb.save(path)
    return path
