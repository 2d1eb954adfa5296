"""The report as a printable A4 PDF (reportlab), its Chinese font embedded.

The font is embedded as a subset with its Unicode map, so a reader can search and copy
the Chinese (``pdftotext`` reads it back); tables repeat their header on every page and
wrap long names; a footer numbers the pages.
"""

from __future__ import annotations

import io
from html import escape
from typing import Any, BinaryIO

from .charts import WIDTH_IN, png
from .fonts import PDF_NAME, CJKFont
from .model import Report, Section, Table, word

__all__ = ["write_pdf"]

_MARGIN_MM = 15
_RED = "#9b1c1c"
#: A table of at most this many rows is not split over two pages.
_KEEP_ROWS = 25


def _register(font: CJKFont) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if PDF_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(PDF_NAME, str(font.path), subfontIndex=font.index))


def _styles(lang: str) -> dict[str, Any]:
    """Paragraph styles; text wraps between any two Chinese characters, English headers
    and titles between words (data cells hold Chinese names in either language)."""
    from reportlab.lib.styles import ParagraphStyle

    words = "CJK" if lang == "zh" else None

    base = ParagraphStyle("body", fontName=PDF_NAME, fontSize=9.5, leading=13, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=24, spaceAfter=4,
                                textColor=_RED),
        "meta": ParagraphStyle("meta", parent=base, fontSize=9, textColor="#444444"),
        "h2": ParagraphStyle("h2", parent=base, fontSize=13.5, leading=18, spaceBefore=10,
                             spaceAfter=5, textColor=_RED),
        "h3": ParagraphStyle("h3", parent=base, fontSize=10.5, leading=14, spaceBefore=6,
                             spaceAfter=3),
        "body": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.8, leading=9.6),
        "head": ParagraphStyle("head", parent=base, fontSize=7.8, leading=9.6,
                               textColor="#ffffff", wordWrap=words),
        "label": ParagraphStyle("label", parent=base, fontSize=8.5, textColor="#444444"),
        "value": ParagraphStyle("value", parent=base, fontSize=13, leading=16),
    }


def _p(text: str, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(str(text)), style)


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _grid(rows: list[list[str]], header: list[str], st: dict[str, Any], usable: float,
          ) -> Any:
    """One table: header row in red, widths by the longest text of each column."""
    from reportlab.platypus import Table as Grid
    from reportlab.platypus import TableStyle

    # a value keeps its line where it can; a header may wrap onto two
    weights = [3 + min(36, max(4, (_width(header[i]) + 1) // 2,
                               *(_width(r[i]) for r in rows[:300])))
               for i in range(len(header))]
    widths = [usable * w / sum(weights) for w in weights]
    data = [[_p(h, st["head"]) for h in header]] + [[_p(v, st["cell"]) for v in r] for r in rows]
    grid = Grid(data, colWidths=widths, repeatRows=1)
    grid.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), PDF_NAME),
        ("BACKGROUND", (0, 0), (-1, 0), _RED),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), ["#ffffff", "#f4f1ee"]),
        ("GRID", (0, 0), (-1, -1), 0.25, "#c8c0b8"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return grid


def _table(table: Table, lang: str, st: dict[str, Any], usable: float) -> list[Any]:
    from reportlab.platypus import KeepTogether

    title = [_p(table.title, st["h3"])] if table.title else []
    if table.frame.empty:
        return [*title, _p(word("none", lang), st["body"])]
    header = [str(c) for c in table.shown(lang).columns]
    out: list[Any] = []
    for heading, rows in table.parts(lang):
        part = [*title, *([_p(heading, st["h3"])] if heading is not None else []),
                _grid(rows, header, st, usable)]
        title = []
        out += [KeepTogether(part)] if len(rows) <= _KEEP_ROWS else part
    return out


def _figures(section: Section, st: dict[str, Any], usable: float) -> list[Any]:
    from reportlab.platypus import Table as Grid
    from reportlab.platypus import TableStyle

    if not section.figures:
        return []
    per_row = 4
    cells = [[_p(f.label, st["label"]), _p(f.text, st["value"])] for f in section.figures]
    rows = []
    for i in range(0, len(cells), per_row):
        chunk = cells[i:i + per_row] + [["", ""]] * (per_row - len(cells[i:i + per_row]))
        rows.append([c[0] for c in chunk])
        rows.append([c[1] for c in chunk])
    grid = Grid(rows, colWidths=[usable / per_row] * per_row)
    grid.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), PDF_NAME),
                              ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                              ("LINEBELOW", (0, 1), (-1, -1), 0.25, "#e0d8d0"),
                              ("TOPPADDING", (0, 0), (-1, -1), 1)]))
    return [grid]


def _chart(chart: Any, font: CJKFont, usable: float) -> Any:
    from reportlab.platypus import Image

    data = png(chart, font)
    from PIL import Image as Pil

    w, h = Pil.open(io.BytesIO(data)).size
    width = min(usable, WIDTH_IN * 72)
    return Image(io.BytesIO(data), width=width, height=width * h / w)


def write_pdf(report: Report, fh: BinaryIO, font: CJKFont) -> None:
    """Write ``report`` as an A4 PDF into ``fh``."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer

    _register(font)
    st = _styles(report.lang)
    margin = _MARGIN_MM * mm
    usable = A4[0] - 2 * margin
    story: list[Any] = [_p(report.title, st["title"])]
    story += [_p(f"{label}：{text}" if report.lang == "zh" else f"{label}: {text}", st["meta"])
              for label, text in report.heading()]
    for section in report.sections:
        charts = [_chart(c, font, usable) for c in section.charts]
        story.append(KeepTogether([_p(section.title(report.lang), st["h2"]),
                                   *_figures(section, st, usable),
                                   *(_p(n, st["body"]) for n in section.notes),
                                   Spacer(1, 4), *charts[:1]]))
        story += charts[1:]
        for table in section.tables:
            story += _table(table, report.lang, st, usable)

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(PDF_NAME, 8)
        canvas.setFillColor("#666666")
        canvas.drawString(margin, 8 * mm, f"{report.title} · {report.scope} · {report.as_of}")
        canvas.drawRightString(A4[0] - margin, 8 * mm, word("page", report.lang, n=doc.page))
        canvas.restoreState()

    doc = SimpleDocTemplate(fh, pagesize=A4, leftMargin=margin, rightMargin=margin,
                            topMargin=margin, bottomMargin=margin + 4 * mm, title=report.title,
                            initialFontName=PDF_NAME, initialFontSize=9.5, initialLeading=13,
                            author="branchgraph", subject=f"{report.scope} {report.as_of}")
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
