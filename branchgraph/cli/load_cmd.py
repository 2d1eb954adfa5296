"""`branchgraph load`: read, check and load a planner's dataset into the store."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import click

from graphmodel import StoreError
from graphmodel.errors import Msg
from loaders import LoadError, load_path
from loaders.archive import Limits, parse_size
from loaders.impact import cause_lines
from loaders.report import default_report_dir, problem_line
from loaders.validate import ValidationResult

from branchgraph.audit import audited_load
from graphmodel.history import day_text
from queries.months import remember

from .common import UserError, actor, audit_log, config, open_from, setting, store_option

__all__ = ["load", "COMMANDS", "limits_from_settings", "reject_share_from_settings"]

#: How many problems (and root causes) the summary prints before pointing at the report.
SHOWN = 10

_WORDS = {
    "zh": {"table": "表", "files": "文件", "read": "读取", "loaded": "导入", "rejected": "拒绝",
           "skipped": "跳过", "total": "合计", "report": "报告", "rejects": "未导入的行",
           "more": "……另有 {n} 条，见报告", "problems": "问题", "causes": "根本原因",
           "done": "已导入 {path} 到 {store}", "writing": "写入图数据库"},
    "en": {"table": "table", "files": "files", "read": "read", "loaded": "loaded", "rejected": "rejected",
           "skipped": "skipped", "total": "total", "report": "report", "rejects": "rejected rows",
           "more": "... and {n} more, see the report", "problems": "problems", "causes": "root causes",
           "done": "loaded {path} into {store}", "writing": "writing the graph"},
}


def limits_from_settings() -> Limits:
    """The zip and workbook caps from the settings (``BRANCHGRAPH_ZIP_MAX_*``)."""
    from branchgraph import settings

    try:
        return Limits(parse_size(settings.get("zip_max_total")), parse_size(settings.get("zip_max_member")),
                      int(settings.get("zip_max_members")))
    except ValueError as exc:
        raise UserError(f"BRANCHGRAPH_ZIP_MAX_*: {exc}") from None


def reject_share_from_settings() -> float:
    """The reject threshold from ``BRANCHGRAPH_REJECT_SHARE`` (``1%`` or ``0.01``)."""
    from branchgraph import settings

    text = settings.get("reject_share").strip()
    try:
        share = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        share = -1.0
    if not 0 <= share <= 1:
        raise UserError(f"BRANCHGRAPH_REJECT_SHARE={text!r}: give a share such as 1% or 0.01")
    return share


def _pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded to ``width`` terminal columns (Chinese characters take two)."""
    wide = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    fill = " " * max(0, width - wide)
    return fill + text if right else text + fill


def _summary(result: ValidationResult, lang: str) -> None:
    w = _WORDS[lang]
    rows = [(w["table"], w["read"], w["loaded"], w["rejected"], w["skipped"], w["files"])]
    rows += [(r.table, r.read, r.loaded, r.rejected, r.skipped, r.files)
             for r in result.counts.itertuples(index=False)]
    rows.append((w["total"], result.rows_read, result.rows_loaded, result.rows_rejected,
                 result.rows_skipped, ""))
    width = max(len(str(r[0])) for r in rows) + 2
    for r in rows:
        nums = "".join(_pad(str(x), 10, right=True) for x in r[1:5])
        click.echo((_pad(str(r[0]), width) + nums + "  " + str(r[5])).rstrip())


def _listing(title: str, lines: list[str], total: int, lang: str, colour: str) -> None:
    if not lines:
        return
    click.echo(f"{_WORDS[lang][title]}:")
    for line in lines:
        click.secho("  " + line, fg=colour)
    if total > len(lines):
        click.echo("  " + _WORDS[lang]["more"].format(n=total - len(lines)))


def _problems(result: ValidationResult, lang: str) -> None:
    _listing("causes", cause_lines(result, lang, SHOWN), len(result.causes), lang, "red")
    shown = result.problems[:SHOWN]
    if not shown:
        return
    click.echo(f"{_WORDS[lang]['problems']}:")
    for p in shown:
        click.secho("  " + problem_line(p, lang), fg="red" if p.severity == "error" else "yellow")
    if len(result.problems) > SHOWN:
        click.echo("  " + _WORDS[lang]["more"].format(n=len(result.problems) - SHOWN))


@click.command("load")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@store_option
@click.option("--strict", is_flag=True,
              help="Refuse the whole load (the store stays as it was) if any row fails a check.")
@click.option("--accept-rejects", is_flag=True,
              help="Replace the graph even when the rejected rows pass the threshold "
                   f"(more than {setting('reject_share').default} of the rows read, or a rejected "
                   f"organisation with others below it). [env: {setting('reject_share').env} sets the share]")
@click.option("--include-hidden", is_flag=True,
              help="Also load hidden and very hidden sheets (by default the report names them).")
@click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for load-report.txt and rejects.csv  [default: PATH.report beside PATH when "
                   "that folder is writable, else in the current folder]")
@click.option("--lang", type=click.Choice(["zh", "en"]), envvar=setting("lang").env,
              default=setting("lang").default, show_default=True,
              help=f"Language of messages and the report. [env: {setting('lang').env}]")
@click.option("--no-wait", is_flag=True,
              help="Fail at once when another load is writing the store (default: wait for it).")
@click.option("--county", default=None, metavar="C",
              help="A county's submission (数据上报): PATH replaces only county C's organisations, "
                   "the people who work there and its links; links across its border are kept "
                   "when both ends remain.")
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD",
              help="The day the ledger describes, usually a month end (default: today). The "
                   "load is kept as that day's snapshot (see `branchgraph history`); loading "
                   "the same day again replaces it; an earlier day fills in that month "
                   "and leaves the newest month in the store.")
def load(path: Path, store: str, strict: bool, accept_rejects: bool, include_hidden: bool,
         report_dir: Path | None, lang: str, no_wait: bool, county: str | None,
         as_of: str | None) -> None:
    """Load PATH into the store: a folder of CSV files and workbooks, one workbook
    (.xlsx, .xls, .ods), a CSV file, or a .zip of them.

    Rows that fail a check are left out and listed, with the reason, in
    rejects.csv next to load-report.txt; the rest is loaded. When the rejected
    rows pass the threshold the graph is not replaced unless --accept-rejects is
    given. The previous graph stays in place until the new one is complete. One
    load writes a store at a time: a second one waits (saying for whom) and its
    graph is the one that remains.

    Example: branchgraph load 赤峰市党组织.xlsx --report-dir 报告
    """
    from tqdm import tqdm

    limits, share = limits_from_settings(), reject_share_from_settings()
    w = _WORDS[lang]
    bar: tqdm | None = None

    def progress(step: str, done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc=w["writing"], unit="step", leave=False)
        bar.n = done
        bar.set_postfix_str(step)
        bar.refresh()

    def waiting(msg: Msg) -> None:
        click.secho(msg.text(lang), fg="yellow", err=True)

    _check_county(store, county, lang)
    try:
        if as_of is not None:
            as_of = day_text(as_of)
        with open_from(store, needs="load") as s, s.writing("load", wait=not no_wait, on_wait=waiting,
                                              newest_wins=True):
            report_dir = report_dir or default_report_dir(path)  # once the store is known good
            result = audited_load(audit_log(store), load_path, s, path, user=actor(store),
                               strict=strict, report_dir=report_dir, lang=lang,
                               progress=progress, include_hidden=include_hidden, limits=limits,
                               accept_rejects=accept_rejects, max_reject_share=share,
                               county=county, as_of=as_of)
            remember(s, result.snapshot, config().capacity)
    except StoreError as exc:
        raise UserError(exc.text(lang)) from None
    except LoadError as exc:
        if isinstance(exc.validation, ValidationResult):
            _summary(exc.validation, lang)
            _problems(exc.validation, lang)
        raise
    except OSError as exc:  # the report folder cannot be written
        raise UserError(f"{report_dir}: {exc.strerror or exc}") from None
    finally:
        if bar is not None:
            bar.close()
    _summary(result.validation, lang)
    if result.report:
        click.echo(f"{w['report']}: {result.report.report}")
        click.echo(f"{w['rejects']}: {result.report.rejects}")
    _problems(result.validation, lang)
    if result.submission is not None:
        click.echo(_submitted(result.submission, lang))
    click.echo(_kept(result, store, lang))
    click.secho(w["done"].format(path=path, store=store), fg="green")


def _kept(result, store: str, lang: str) -> str:  # type: ignore[no-untyped-def]
    """The line saying which month the load was kept as (or that Bolt keeps none)."""
    snap = result.snapshot
    if snap is None:
        return StoreError(key="no_history_bolt", store=store).text(lang)
    newest = _is_newest(store, snap.day)
    if lang == "en":
        return (f"kept as the snapshot of {snap.day}"
                + ("" if newest else "; the store still shows the newest month"))
    return f"已保存为 {snap.day} 的快照" + ("" if newest else "；图数据库仍显示最新月份")


def _is_newest(store: str, day: str) -> bool:
    from graphmodel.history import history_for

    history = history_for(store)
    latest = history.latest() if history is not None else None
    return latest is None or latest.day == day


def _check_county(store: str, county: str | None, lang: str) -> None:
    """An account limited to counties (``--user``) submits only one of its own."""
    from .common import acting_account

    account = acting_account(store)
    if account is None or not account.scoped:
        return
    if county not in account.counties:
        raise UserError(f"{account.name} 只能上报 / may only submit: --county "
                        + " | ".join(account.counties))


def _submitted(sub, lang: str) -> str:  # type: ignore[no-untyped-def]
    n = sub.summary()
    if lang == "en":
        return (f"{n['county']}: {n['added']} organisations added, {n['removed']} removed, "
                f"{n['changed']} changed; {n['kept_links']} links across its border kept, "
                f"{n['dropped_links']} dropped (an end is gone)")
    return (f"{n['county']}：新增组织 {n['added']} 个，删除 {n['removed']} 个，变更 {n['changed']} 个；"
            f"保留跨区关系 {n['kept_links']} 条，因一端已删除而去掉 {n['dropped_links']} 条")


COMMANDS = [load]
