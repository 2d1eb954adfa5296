"""The report as an Excel workbook: one sheet per section.

A sheet holds the section's figures (label, value), its notes, then each table as an
export writes it — headers and enum values in the report's language, text cells that
start like a formula neutralised (:func:`queries.export.safe_frame`), numbers as
numbers, shares formatted as percentages — and its charts as images below.
"""

from __future__ import annotations

import io
import re
from typing import Any, BinaryIO

import pandas as pd

from queries.export import neutralise, safe_frame

from .charts import png
from .fonts import CJKFont
from .model import Report, Section, Table, word

__all__ = ["write_xlsx", "sheet_names"]

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def sheet_names(report: Report) -> list[str]:
    """The sheets' names: each section's title, made legal (31 characters, unique)."""
    names: list[str] = []
    for s in report.sections:
        name = (_SHEET_BAD.sub(" ", s.title(report.lang)) or s.key)[:31]
        base, n = name, 2
        while name in names:
            name = f"{base[:28]}({n})"
            n += 1
        names.append(name)
    return names


def _cell(v: Any) -> Any:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if hasattr(v, "item"):
        return v.item()
    if isinstance(v, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", v)
    return v


def _table(ws: Any, table: Table, lang: str, row: int, bold: Any) -> int:
    """Write ``table`` from ``row``; the next free row."""
    if table.title:
        ws.cell(row, 1, neutralise(table.title)).font = bold
        row += 1
    shown = safe_frame(table.shown(lang))
    for j, h in enumerate(shown.columns, start=1):
        ws.cell(row, j, str(h)).font = bold
    if shown.empty:
        ws.cell(row + 1, 1, word("none", lang))
        return row + 3
    share = [c in table.shares for c in table.frame.columns]
    for i, values in enumerate(shown.itertuples(index=False, name=None), start=row + 1):
        for j, (v, s) in enumerate(zip(values, share), start=1):
            c = ws.cell(i, j, _cell(v))
            if s:
                c.number_format = "0.0%"
    return row + len(shown) + 2


def _sheet(ws: Any, section: Section, lang: str, font: CJKFont) -> None:
    from openpyxl.drawing.image import Image
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    ws.cell(1, 1, section.title(lang)).font = Font(bold=True, size=14)
    row = 3
    for f in section.figures:
        ws.cell(row, 1, f.label)
        c = ws.cell(row, 2, _cell(f.value))
        if f.share:
            c.number_format = "0.0%"
        row += 1
    for note in section.notes:
        ws.cell(row, 1, note)
        row += 1
    row += 1 if section.figures or section.notes else 0
    widths: dict[int, int] = {1: 24}
    for table in section.tables:
        start = row
        row = _table(ws, table, lang, row, bold)
        for col in ws.iter_cols(min_row=start, max_row=min(row, start + 200)):
            for c in col:
                if c.value is not None:
                    w = sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(c.value))
                    widths[c.column] = max(widths.get(c.column, 8), min(50, w + 2))
    for col, w in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = w
    for chart in section.charts:
        image = Image(io.BytesIO(png(chart, font, dpi=100)))
        ws.add_image(image, f"A{row + 1}")
        row += int(image.height / 20) + 2


def write_xlsx(report: Report, fh: BinaryIO, font: CJKFont) -> None:
    """Write ``report`` as a workbook into ``fh``."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for section, name in zip(report.sections, sheet_names(report)):
        _sheet(wb.create_sheet(name), section, report.lang, font)
    info = wb.create_sheet(word("about", report.lang), 0)
    info.cell(1, 1, report.title)
    for i, (label, text) in enumerate(report.heading(), start=3):
        info.cell(i, 1, label)
        info.cell(i, 2, text)
    info.column_dimensions["A"].width = 20
    info.column_dimensions["B"].width = 30
    wb.save(fh)
