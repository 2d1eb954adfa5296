"""The sections of the monthly report (月报), one small function each.

Each is ``section(store, ctx) -> Section``: it reads analyses through the catalogue
(``ctx.table`` / ``ctx.run``, with the report's county and day filled in) and only picks
rows and columns — every figure is the analysis's own. :data:`SECTIONS` is the report's
order; a new section is one more function added there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pandas as pd

from queries import catalogue
from queries.headline import FIGURES
from queries.labels import COLUMN_LABELS, value_label

from .model import Chart, Context, Figure, Section, Table, pick

__all__ = ["SECTIONS", "headline", "changes", "trends", "stars", "gaps", "warnings", "mentors",
           "proposals", "analysis_table"]

SectionFn = Callable[[Any, Context], Section]

#: Words of the sections that no analysis header holds: key -> (Chinese, English).
_WORDS: dict[str, tuple[str, str]] = {
    "headline": ("本月总体指标", "The month's headline figures"),
    "per_county": ("各旗县区有人包联的比例", "Share watched per county"),
    "stars": ("星级目标", "Star targets"),
    "rated": ("已评星级的组织", "Rated organisations"),
    "county_goals": ("目标组织数是全市的目标，旗县区按目标占比衡量。",
                     "The goals in organisations are the city's; a county is measured by the "
                     "shares."),
    "now": ("当前", "Now"),
    "goal": ("目标", "Goal"),
    "target_chart": ("达到各星级目标的比例", "Share at each star target"),
    "six_per_county": ("各旗县区6星及以上的比例", "Share at 6+ stars per county"),
    "per_rating": ("各星级的组织数", "Organisations per star rating"),
    "star_n": ("{n}星", "{n} stars"),
    "gaps": ("无人包联的后进、软弱涣散组织", "Lagging and weak organisations nobody watches"),
    "gaps_note": ("按旗县区、所属党委（或乡镇街道）排列，每组内后进、软弱涣散、星级低的在前。",
                  "By county and committee (or township); in each, lagging, weak and fewest "
                  "stars first."),
    "mentors": ("包联干部负担异常", "Mentor-load exceptions"),
    "mentors_note": ("超出包联上限，或不是先进、中间、后进各一的包联干部。",
                     "Mentors over capacity, or whose mix is not one advanced, one middle and "
                     "one lagging branch."),
    "proposals": ("包联调整建议摘要", "Proposal summary"),
    "links": ("建议新增包联", "Mentor links proposed"),
    "still_open": ("仍无法安排的组织", "Organisations left open"),
    "reasons": ("仍无法安排的主要原因", "Why organisations stay open"),
    "needed": ("各旗县区还需包联干部", "Mentors still needed per county"),
    "committee": ("所属党委", "Committee"),
    "changes": ("与上月相比", "Against the month before"),
    "changes_note": ("{a} 与 {b} 两个月份快照相比（环比）；组织变化的明细见 branchgraph export changes。",
                     "The snapshots of {a} and {b} compared; every organisation's change: "
                     "branchgraph export changes."),
    "no_month": ("只有一个月份的快照，没有可比较的上月。", "Only one monthly snapshot: nothing to compare with."),
    "trends": ("逐月趋势", "Month by month"),
    "trend_chart": ("各月有人包联、6星及以上的比例", "Share watched and at 6+ stars, per month"),
    "warnings": ("预警", "Warnings"),
    "red": ("红色预警", "Red warnings"),
    "yellow": ("黄色预警", "Yellow warnings"),
}


def _w(ctx: Context, key: str, **values: Any) -> str:
    return pick(_WORDS[key], ctx.lang, **values)


def _titled(key: str) -> dict[str, str]:
    return {"key": key, "title_zh": _WORDS[key][0], "title_en": _WORDS[key][1]}


def analysis_table(ctx: Context, name: str, frame: pd.DataFrame, columns: Iterable[str], *,
                   labels: Mapping[str, tuple[str, str]] | None = None, group: str | None = None,
                   title: str | None = None, **params: Any) -> Table:
    """Rows of the analysis ``name`` as a report table: its header overrides and value
    translations (for ``params``), shares printed as percentages."""
    entry = catalogue.get(name)
    cols = [c for c in columns if c in frame.columns]
    return Table(frame[cols].reset_index(drop=True), labels={**entry.labels, **(labels or {})},
                 values=entry.value_dimensions(ctx.params(name, **params)),
                 shares=tuple(c for c in cols if "share" in c.split("_")), group=group, title=title)


def _figures(store: Any, ctx: Context, keys: Iterable[str]) -> tuple[Figure, ...]:
    """The headline analysis's figures ``keys``, labelled in the report's language."""
    head = ctx.table(store, "headline")
    values = dict(zip(head["figure"], head["value"]))
    return tuple(Figure(k, pick(FIGURES[k], ctx.lang), values[k], share="share" in k.split("_"))
                 for k in keys)


def headline(store: Any, ctx: Context) -> Section:
    """The headline figures (analysis ``headline``); for the whole city, the coverage
    of each county too (``coverage-rates`` by county)."""
    figures = _figures(store, ctx, FIGURES)
    if ctx.county is not None:
        return Section(**_titled("headline"), figures=figures)
    rates = ctx.table(store, "coverage-rates", by="county")
    table = analysis_table(ctx, "coverage-rates", rates, (
        "group", "organisations", "watched", "watched_share", "mentor_share", "contact_share",
        "alliance_share", "pairing_share", "chain_share"), labels={"group": COLUMN_LABELS["county"]},
        by="county")
    worst = rates.dropna(subset=["group"]).sort_values("watched_share", kind="stable")
    chart = Chart(_w(ctx, "per_county"), tuple(worst["group"].astype(str)),
                  ((pick(FIGURES["watched_share"], ctx.lang),
                    tuple(worst["watched_share"].astype(float))),), unit="%", horizontal=True)
    return Section(**_titled("headline"), figures=figures, tables=(table,), charts=(chart,))


def changes(store: Any, ctx: Context) -> Section:
    """The month against the one before (``changes-counties``: the scope's figures in both
    months and 环比) and how many organisations changed in each way (``changes``)."""
    heads = ctx.table(store, "changes-counties")
    if heads.empty:
        return Section(**_titled("changes"), notes=(_w(ctx, "no_month"),))
    mine = heads[heads["county"].isna()] if ctx.county is None else heads[heads["county"] == ctx.county]
    table = analysis_table(ctx, "changes-counties", mine, ("figure", "before", "after", "difference"))
    moved = ctx.table(store, "changes")
    counts = moved["change"].value_counts()
    figures = tuple(Figure(c, str(value_label("change", c, ctx.lang)), int(counts.get(c, 0)))
                    for c in ("newly_uncovered", "newly_watched", "weak_cleared", "newly_weak",
                              "tier_up", "tier_down"))
    note = _w(ctx, "changes_note", a=heads["from_day"].iloc[0], b=heads["to_day"].iloc[0])
    return Section(**_titled("changes"), figures=figures, tables=(table,), notes=(note,))


def trends(store: Any, ctx: Context) -> Section:
    """The scope's watched and 6+ shares over every monthly snapshot (``trends``)."""
    rows = ctx.table(store, "trends")
    mine = rows[rows["county"].isna()] if ctx.county is None else rows[rows["county"] == ctx.county]
    if len(mine) < 2:
        return Section(**_titled("trends"), notes=(_w(ctx, "no_month"),))
    label = catalogue.get("trends").header
    chart = Chart(_w(ctx, "trend_chart"), tuple(mine["day"].astype(str)), (
        (label("watched_share", ctx.lang), tuple(mine["watched_share"].astype(float))),
        (label("at6_share", ctx.lang), tuple(mine["at6_share"].astype(float)))), unit="%")
    table = analysis_table(ctx, "trends", mine, ("day", "watched_share", "lagging_unwatched",
                                                 "weak_unwatched", "weak", "at6_share", "at8_share"))
    return Section(**_titled("trends"), tables=(table,), charts=(chart,))


def warnings(store: Any, ctx: Context) -> Section:
    """The month's warnings (``warnings``), red first, each with why, since and who acts."""
    rows = ctx.table(store, "warnings")
    table = analysis_table(ctx, "warnings", rows, ("severity", "warning", "county", "subject_id",
                                                   "subject", "why", "since", "who"),
                           group="county")
    return Section(**_titled("warnings"), figures=(
        Figure("red", _w(ctx, "red"), int((rows["severity"] == "red").sum())),
        Figure("yellow", _w(ctx, "yellow"), int((rows["severity"] == "yellow").sum()))),
        tables=(table,))


def stars(store: Any, ctx: Context) -> Section:
    """Progress toward the star targets (``star-progress``), and the ratings per county
    (``star-distribution``): the 6+ share of each county, or one county's ratings."""
    progress = ctx.table(store, "star-progress")
    # the count goals (6,000 at 6+) are the city's: a county is measured by the shares
    counts = ("goal_count",) if ctx.county is None else ()
    gaps = ("count_gap",) if ctx.county is None else ()
    table = analysis_table(ctx, "star-progress", progress, (
        "target", *counts, "goal_share", "at_target", "share", *gaps, "share_gap"))
    rated = (Figure("rated", _w(ctx, "rated"), int(progress["organisations"].iloc[0])),) \
        if len(progress) else ()
    names = tuple(str(value_label("target", t, ctx.lang)) for t in progress["target"])
    charts = [Chart(_w(ctx, "target_chart"), names, (
        (_w(ctx, "now"), tuple(progress["share"].fillna(0).astype(float))),
        (_w(ctx, "goal"), tuple(progress["goal_share"].astype(float)))), unit="%")]
    dist = ctx.table(store, "star-distribution", by="county")
    if ctx.county is None:
        counties = dist.dropna(subset=["group"]).sort_values("at6_share", kind="stable")
        charts.append(Chart(_w(ctx, "six_per_county"), tuple(counties["group"].astype(str)),
                            ((_w(ctx, "now"), tuple(counties["at6_share"].astype(float))),),
                            unit="%", horizontal=True))
    else:
        row = dist[dist["group"] == ctx.county]
        if len(row):
            charts.append(Chart(_w(ctx, "per_rating"),
                                tuple(_w(ctx, "star_n", n=i) for i in range(11)),
                                ((_w(ctx, "rated"),
                                  tuple(float(row[f"s{i}"].iloc[0]) for i in range(11))),)))
    notes = (_w(ctx, "county_goals"),) if ctx.county is not None else ()
    return Section(**_titled("stars"), figures=rated, tables=(table,), charts=tuple(charts),
                   notes=notes)


def gaps(store: Any, ctx: Context) -> Section:
    """The lagging and weak organisations nobody watches (``coverage-gaps``), by county and
    committee (by township where the gap list has no committee), neediest first in each."""
    gap = ctx.table(store, "coverage-gaps", dimension="watched")
    weak = gap["weak"].astype("boolean").fillna(False).astype(bool)
    act = gap[gap["tier"].eq("lagging") | weak]
    where = "committee" if "committee" in act.columns else "township"
    act = act.sort_values(["county", where], kind="stable", na_position="last")
    table = analysis_table(ctx, "coverage-gaps", act, (
        "county", where, "org_id", "name", "domain", "tier", "stars", "weak"),
        labels={"committee": _WORDS["committee"]}, group="county", dimension="watched")
    return Section(**_titled("gaps"),
                   figures=_figures(store, ctx, ("lagging_unwatched", "weak_unwatched")),
                   tables=(table,), notes=(_w(ctx, "gaps_note"), ctx.word("rows", n=len(act))))


def mentors(store: Any, ctx: Context) -> Section:
    """Mentors over capacity or with a broken mix (``mentor-load``)."""
    load = ctx.table(store, "mentor-load")
    bad = load[load["status"].eq("over") | ~load["mix_ok"].astype(bool)]
    table = analysis_table(ctx, "mentor-load", bad, (
        "person_id", "name", "county", "township", "mentored", "capacity", "status", "mix",
        "contacts"))
    return Section(**_titled("mentors"),
                   figures=_figures(store, ctx, ("mentors", "over_capacity", "mix_ok")),
                   tables=(table,), notes=(_w(ctx, "mentors_note"),))


def proposals(store: Any, ctx: Context) -> Section:
    """What the proposal (``proposals``) would do: the figures before and after its links,
    why the rest stays open, and the mentors still needed per county."""
    p = ctx.run(store, "proposals")
    compare = pd.DataFrame({"figure": [pick(FIGURES[k], ctx.lang) for k in p.before],
                            "before": list(p.before.values()), "after": list(p.after.values())})
    compare_t = Table(compare, labels=catalogue.get("headline").labels)
    reasons = Table(p.open_reasons(), title=_w(ctx, "reasons"))
    needed = p.needed.assign(county=p.needed["county"].fillna(ctx.word("total")))
    needed_t = Table(needed, title=_w(ctx, "needed"))
    return Section(**_titled("proposals"), figures=(
        Figure("links", _w(ctx, "links"), len(p.links)),
        Figure("open", _w(ctx, "still_open"), len(p.uncovered))),
        tables=(compare_t, reasons, needed_t))


#: The report's sections, in order.
SECTIONS: tuple[SectionFn, ...] = (headline, changes, trends, stars, gaps, warnings, mentors,
                                   proposals)
