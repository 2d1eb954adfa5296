"""`branchgraph propose` and `branchgraph whatif`: who should take the unwatched branches,
and what changes when someone leaves."""

from __future__ import annotations

from pathlib import Path

import click

from queries import catalogue
from queries.proposals import write_proposal
from queries.whatif import FIGURES

from branchgraph.audit import checksum

from .common import (snapshot_option, UserError, actor, audit_log, config, emit, format_option, open_from,
                     store_option)

__all__ = ["propose", "whatif", "COMMANDS"]

_WORDS = {
    "zh": {"before": "建议前", "after": "建议后", "wrote": "已写入 {n} 条建议到 {path}",
           "open": "仍无法安排 {n} 个组织，原因：",
           "needed": "还需包联干部（每人{cap}个）：覆盖后进和软弱涣散 {lw:,} 人，全部覆盖 {all:,} 人"},
    "en": {"before": "before", "after": "after", "wrote": "wrote {n} proposed links to {path}",
           "open": "{n} organisations stay open, because:",
           "needed": "mentors still needed ({cap} branches each): {lw:,} for the lagging and "
                     "weak, {all:,} for all"},
}


@click.command("propose")
@click.option("--county", default=None, help="Only organisations of this county (旗县区).")
@click.option("--domain", default=None, help="Only this domain (rural, community, school, ...).")
@click.option("--as-of", "as_of", default=None, help="The day, YYYY-MM-DD [default: today].")
@click.option("--allow-cross-county", is_flag=True,
              help="Let a person take an organisation of another county (at a cost).")
@click.option("--capacity", type=int, default=None,
              help="Capacity of a person with none of their own [default: the capacity setting, 3].")
@click.option("--lenient", is_flag=True,
              help="Also place branches that do not fill a tier missing from the mentor's "
                   "one-advanced/one-middle/one-lagging mix (strict by default: no compliant "
                   "mix is broken).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the proposal here (.xlsx or .csv) in the assignments format.")
@click.option("--uncovered-out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the organisations that stay open, with the reason, here.")
@click.option("--since", default=None, help="Start date written on the proposed links [default: --as-of].")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Language of reasons and headers [default: the lang setting, zh].")
@format_option
@store_option
@snapshot_option
def propose(county, domain, as_of, allow_cross_county, capacity, lenient, out, uncovered_out,
            since, lang, fmt, store) -> None:
    """Propose mentors (包联) for the organisations nobody watches.

    Covers as many as possible, lagging and weak ones first, then the cheapest
    way: same county (same township preferred), within each person's capacity,
    toward one advanced, one middle and one lagging branch per mentor, never a
    person already linked to the organisation. The answer is exact (a min-cost
    flow), and every link and every organisation left open says why.

    Who may mentor: people who mentor or are contact points on the day, and
    people whose role is 业务骨干 or 组工干部.

    Loading the proposal back (after editing it): write it with --out 包联建议.xlsx;
    its one sheet is named 包联, so putting the workbook into your dataset folder and
    running `branchgraph load FOLDER` adds its rows to the assignments (the columns
    人员编码, 组织编码, 类型, 开始日期 are read; 姓名, 理由 and the others are ignored
    with a warning). With a single-workbook dataset, copy the rows into its 包联
    sheet instead. A .csv must be named after the table (e.g. 包联联系点.csv) to be
    read from the folder. Delete the rows you do not want before loading.

    Examples:

      branchgraph propose --county 红山区 --out 包联建议.xlsx

      branchgraph propose --as-of 2025-01-01 --allow-cross-county --lang en --format csv
    """
    cfg = config(capacity=capacity, lang=lang)
    lang, w = cfg.lang, _WORDS[cfg.lang]
    with open_from(store, needs="propose") as s:
        try:
            p = catalogue.run("proposals", s, {"as_of": as_of, "county": county, "domain": domain,
                                               "allow_cross_county": allow_cross_county,
                                               "strict": not lenient}, cfg)
        except ValueError as exc:
            raise UserError(str(exc)) from None
    if out:
        try:
            path = write_proposal(p, out, lang=lang, since=since)
        except ValueError as exc:
            raise UserError(str(exc)) from None
        audit_log(store).record("proposal-export", user=actor(store), file=str(path),
                                links=len(p.links), county=county, checksum=checksum(path))
        click.echo(w["wrote"].format(n=len(p.links), path=path))
    else:
        emit(p.links, fmt)
    if uncovered_out:
        from queries.export import write_table

        try:
            write_table(p.uncovered, uncovered_out, lang=lang)
        except ValueError as exc:
            raise UserError(str(exc)) from None
    if fmt == "table" or out:
        i = 0 if lang == "zh" else 1
        for key in p.before:
            click.echo(f"{FIGURES[key][i]}: {w['before']} {p.before[key]} -> "
                       f"{w['after']} {p.after[key]}")
        if len(p.uncovered):
            click.echo(w["open"].format(n=len(p.uncovered)))
            for reason, n in p.open_reasons().itertuples(index=False):
                click.echo(f"  {n:>6}  {reason}")
            total = p.needed.iloc[-1]
            click.echo(w["needed"].format(cap=cfg.capacity, lw=int(total["mentors_lagging_weak"]),
                                          all=int(total["mentors_all"])))


def _pairs(items: tuple[str, ...]) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in items:
        pid, sep, n = item.partition("=")
        try:
            out[pid.strip()] = int(n)
        except ValueError:
            raise click.BadParameter(f"{item!r} is not PERSON_ID=N", param_hint="--add-capacity") from None
        if not sep or not pid.strip():
            raise click.BadParameter(f"{item!r} is not PERSON_ID=N", param_hint="--add-capacity")
    return out


@click.command("whatif")
@click.option("--remove-person", "remove_people", multiple=True, metavar="ID",
              help="A person who leaves (transfer, retirement); repeat for several.")
@click.option("--remove-alliance", "remove_alliances", multiple=True, metavar="ID",
              help="An alliance that dissolves; repeat for several.")
@click.option("--add-capacity", "add_capacity", multiple=True, metavar="ID=N",
              help="Give a person N more places; repeat for several.")
@click.option("--county", default=None, help="Only count organisations of this county.")
@click.option("--as-of", "as_of", default=None, help="The day, YYYY-MM-DD [default: today].")
@click.option("--capacity", type=int, default=None,
              help="Capacity of a person with none of their own [default: the capacity setting, 3].")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the organisations that lose their only watcher or alliance here.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Language [default: the lang setting, zh].")
@format_option
@store_option
@snapshot_option
def whatif(remove_people, remove_alliances, add_capacity, county, as_of, capacity, out, lang, fmt,
           store) -> None:
    """What changes if people leave, alliances dissolve or capacity is added.

    Prints the figures before and after (watched organisations, places left,
    how many unwatched ones a proposal could cover, ...) and the organisations
    that lose every watcher or every alliance. The stored graph is not changed.
    Give at least one change.

    Example: branchgraph whatif --remove-person P0000012 --add-capacity P0000031=2
    """
    if not (remove_people or remove_alliances or add_capacity):
        raise click.UsageError("say what changes: --remove-person ID, --remove-alliance ID "
                               "or --add-capacity ID=N (repeat for several)")
    cfg = config(capacity=capacity, lang=lang)
    lang = cfg.lang
    with open_from(store, needs="propose") as s:
        try:
            r = catalogue.run("whatif", s, {
                "remove_people": list(remove_people), "remove_alliances": list(remove_alliances),
                "add_capacity": _pairs(add_capacity), "as_of": as_of, "county": county}, cfg)
        except ValueError as exc:
            raise UserError(str(exc)) from None
    i = 0 if lang == "zh" else 1
    summary = r.summary.copy()
    summary["figure"] = [FIGURES[f][i] for f in summary.figure]
    emit(summary, fmt)
    if fmt == "table":
        click.echo("")
    emit(r.orphaned, fmt)
    if out:
        from queries.export import write_table

        try:
            path = write_table(r.orphaned, out, lang=lang)
        except ValueError as exc:
            raise UserError(str(exc)) from None
        click.echo(f"wrote {len(r.orphaned)} rows to {path}")


COMMANDS = [propose, whatif]
