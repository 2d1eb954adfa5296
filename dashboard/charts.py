"""Per-county bar charts that read at any scale (a city's 12 counties or a province's 130).

Bars are sorted by value, worst first; the page shows the worst or the best N, or all,
as bars or as a table (:func:`controls`). With many counties (more than
:data:`GROUP_ABOVE`) and a known city for each (analysis ``county-cities``), a city
picker comes first: "all cities" draws one bar per city (summed, shares recomputed
from the sums), a city draws its counties.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard.i18n import t

__all__ = ["Measure", "View", "controls", "ranked"]

#: Above this many counties, charts group them by city.
GROUP_ABOVE = 30
_ALL_CITIES = "__cities__"


@dataclass(frozen=True)
class Measure:
    """One bar chart: the figure per group, from additive columns (summed for a city).

    title : string key of the chart's title.
    sums : the additive columns the figure is made of.
    figure : the figure from those columns (a share in %, a count).
    worse : "low" when a low figure is the worse one (a share watched), else "high".
    """

    title: str
    sums: tuple[str, ...]
    figure: Callable[[pd.DataFrame], pd.Series]
    worse: str = "low"


@dataclass(frozen=True)
class View:
    """The reader's choices: which bars (``worst``/``best``/``all``), how many, bars or a
    table, and the city (None: no grouping; _ALL_CITIES: one bar per city)."""

    show: str
    n: int
    table: bool
    city: str | None


def _cities() -> pd.DataFrame | None:
    cities = state.fetch("county-cities")
    return cities if cities is not None and cities["city"].nunique() > 1 else None


def controls(key: str, groups: int) -> View:
    """The chart controls of one page section (widget keys start with ``key``)."""
    cols = st.columns([2, 3, 1, 1])
    city = None
    cities = _cities() if groups > GROUP_ABOVE else None
    if cities is not None:
        options = [_ALL_CITIES, *sorted(cities["city"].unique())]
        city = cols[0].selectbox(t("ch.city"), options, key=f"{key}_city",
                                 format_func=lambda c: t("ch.all_cities") if c == _ALL_CITIES else c)
    show = cols[1].segmented_control(
        t("ch.show"), ["worst", "best", "all"], key=f"{key}_show", default="worst",
        format_func=lambda v: t(f"ch.{v}"), selection_mode="single") or "worst"
    n = int(cols[2].number_input(t("ch.n"), min_value=1, max_value=200, value=10, step=1,
                                 key=f"{key}_n"))
    table = cols[3].toggle(t("ch.table"), key=f"{key}_table")
    return View(show, n, table, city)


def _grouped(frame: pd.DataFrame, measure: Measure, view: View) -> pd.DataFrame:
    """``frame`` (one row per county in ``group``) as the view groups it."""
    df = frame.copy()
    df["group"] = df["group"].fillna(t("ch.no_county"))
    if view.city is None:
        return df
    known = _cities()
    cities = {} if known is None else dict(zip(known["county"], known["city"]))
    city = df["group"].map(cities).fillna(t("ch.no_city"))
    if view.city != _ALL_CITIES:
        return df[city == view.city]
    return df.assign(group=city).groupby("group", as_index=False)[list(measure.sums)].sum()


def ranked(frame: pd.DataFrame, measure: Measure, view: View) -> None:
    """One chart: ``frame`` has ``group`` (the county) and ``measure.sums``."""
    df = _grouped(frame, measure, view)
    title = t(measure.title)
    values = pd.Series(measure.figure(df).to_numpy(), index=df["group"].to_numpy(), name=title)
    worst_first = values.sort_values(ascending=measure.worse == "low", kind="stable")
    shown = {"worst": worst_first.head(view.n), "best": worst_first.iloc[::-1].head(view.n),
             "all": worst_first}[view.show]
    st.caption(f"{title} · {t('ch.of', shown=len(shown), total=len(values))}")
    if view.table:
        st.dataframe(shown.rename_axis(t("ch.group")).reset_index(), hide_index=True,
                     width="stretch", height=state.fit(len(shown), 420))
        return
    # Vega-Lite sorts a bar chart's categories by name; a table keeps the order, so
    # the bars go through an ordered frame with an explicit sort.
    ordered = pd.DataFrame({"group": shown.index, "value": shown.to_numpy()})
    st.vega_lite_chart(ordered, {
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "group", "type": "nominal", "sort": None, "title": None,
                  "axis": {"labelOverlap": False, "labelLimit": 160}},
            "x": {"field": "value", "type": "quantitative", "title": None},
            "tooltip": [{"field": "group", "title": t("ch.group")},
                        {"field": "value", "title": title, "format": ",.1f"}],
        },
        "height": max(120, 26 * len(ordered)),
    }, width="stretch")
