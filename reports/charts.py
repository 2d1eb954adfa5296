"""Charts as PNG images (matplotlib, no display needed), drawn with the report's CJK font.

The figure is made without pyplot (``matplotlib.figure.Figure`` on an Agg canvas), so
drawing a chart never touches a global backend or leaks figures in a long-running
dashboard.
"""

from __future__ import annotations

import io

from .fonts import CJKFont
from .model import Chart

__all__ = ["png", "WIDTH_IN"]

#: Width of a chart in inches (fits A4 with margins); the height follows the bars.
WIDTH_IN = 6.8
_COLOURS = ("#b22222", "#7f8c8d", "#2e6da4", "#e0a030")


def png(chart: Chart, font: CJKFont, *, dpi: int = 150) -> bytes:
    """``chart`` drawn as a PNG image."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.ticker import PercentFormatter

    prop = FontProperties(fname=str(font.path), size=9)
    n = max(1, len(chart.categories))
    height = max(2.2, 0.2 * n + 1.0) if chart.horizontal else 2.6
    fig = Figure(figsize=(WIDTH_IN, height), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    scale = 100.0 if chart.unit == "%" else 1.0
    k = max(1, len(chart.series))
    width = 0.8 / k
    positions = range(n)
    for j, (label, values) in enumerate(chart.series):
        at = [p - 0.4 + width * (j + 0.5) for p in positions]
        shown = [v * scale for v in values]
        bar = ax.barh if chart.horizontal else ax.bar
        bars = bar(at, shown, width, label=label, color=_COLOURS[j % len(_COLOURS)])
        ax.bar_label(bars, fmt="%.1f%%" if chart.unit == "%" else "{:,.0f}", padding=2,
                     fontproperties=FontProperties(fname=str(font.path), size=7))
    if chart.horizontal:
        ax.set_yticks(list(positions), list(chart.categories), fontproperties=prop)
        ax.invert_yaxis()
        value_axis = ax.xaxis
    else:
        ax.set_xticks(list(positions), list(chart.categories), fontproperties=prop)
        value_axis = ax.yaxis
    if chart.unit == "%":
        value_axis.set_major_formatter(PercentFormatter(100, decimals=None))
    for tick in ax.get_xticklabels() + ax.get_yticklabels():
        tick.set_fontproperties(prop)
    ax.set_title(chart.title, fontproperties=FontProperties(fname=str(font.path), size=11))
    ax.grid(axis="x" if chart.horizontal else "y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if k > 1:
        ax.legend(prop=prop, frameon=False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()
