"""The report as one self-contained HTML page: inline style, charts as ``data:`` URIs,
no script and nothing fetched from elsewhere (it opens offline and prints as it shows)."""

from __future__ import annotations

import base64
from html import escape
from typing import BinaryIO

from .charts import png
from .fonts import CJKFont
from .model import Report, Section, Table, word

__all__ = ["write_html"]

_STYLE = """
body { font-family: "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { color: #9b1c1c; margin-bottom: .2rem; } h2 { color: #9b1c1c; border-bottom: 2px solid #9b1c1c; }
.meta { color: #555; font-size: .9rem; margin: 0; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: .6rem; }
.figure { border: 1px solid #e0d8d0; border-radius: 4px; padding: .4rem .6rem; }
.figure .label { color: #555; font-size: .85rem; } .figure .value { font-size: 1.4rem; }
table { border-collapse: collapse; font-size: .85rem; margin: .4rem 0 1rem; }
th { background: #9b1c1c; color: #fff; text-align: left; }
th, td { border: 1px solid #c8c0b8; padding: .15rem .4rem; vertical-align: top; }
tr:nth-child(even) td { background: #f4f1ee; }
img { max-width: 100%; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } }
"""


def _grid(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _table(table: Table, lang: str) -> str:
    out = f"<h3>{escape(table.title)}</h3>" if table.title else ""
    if table.frame.empty:
        return out + f"<p>{escape(word('none', lang))}</p>"
    header = [str(c) for c in table.shown(lang).columns]
    for heading, rows in table.parts(lang):
        if heading is not None:
            out += f"<h3>{escape(heading)}</h3>"
        out += _grid(header, rows)
    return out


def _section(section: Section, lang: str, font: CJKFont) -> str:
    out = [f'<section id="{escape(section.key)}"><h2>{escape(section.title(lang))}</h2>']
    if section.figures:
        out.append('<div class="figures">' + "".join(
            f'<div class="figure"><div class="label">{escape(f.label)}</div>'
            f'<div class="value">{escape(f.text)}</div></div>' for f in section.figures) + "</div>")
    out += [f"<p>{escape(n)}</p>" for n in section.notes]
    for chart in section.charts:
        data = base64.b64encode(png(chart, font, dpi=110)).decode("ascii")
        out.append(f'<img alt="{escape(chart.title)}" src="data:image/png;base64,{data}">')
    out += [_table(t, lang) for t in section.tables]
    return "".join(out) + "</section>"


def write_html(report: Report, fh: BinaryIO, font: CJKFont) -> None:
    """Write ``report`` as one HTML page (UTF-8) into ``fh``."""
    lang = "zh-CN" if report.lang == "zh" else "en"
    meta = "".join(f'<p class="meta">{escape(label)}: {escape(text)}</p>'
                   for label, text in report.heading())
    page = (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{escape(report.title)} · {escape(report.scope)}</title>"
            f"<style>{_STYLE}</style></head><body><h1>{escape(report.title)}</h1>{meta}"
            + "".join(_section(s, report.lang, font) for s in report.sections)
            + "</body></html>")
    fh.write(page.encode("utf-8"))
