"""`branchgraph history`: the monthly snapshots kept beside the store, and dropping one."""

from __future__ import annotations

import click
import pandas as pd

from graphmodel import StoreError
from graphmodel.history import Snapshot, history_for

from .common import UserError, emit, format_option, open_from, setting, store_option

__all__ = ["history", "history_table", "COMMANDS"]

#: Column -> (Chinese, English) header of the listing.
_HEADERS = {
    "day": ("台账日期", "as of"),
    "loaded_at": ("导入时间", "loaded at"),
    "source": ("来源文件", "source"),
    "user": ("导入人", "by"),
    "organisations": ("党组织", "organisations"),
    "people": ("人员", "people"),
    "alliances": ("联合体", "alliances"),
    "chains": ("产业链", "chains"),
    "links": ("关系", "links"),
    "rows_rejected": ("未导入行数", "rows rejected"),
}
_NODES = {"Organization": "organisations", "Person": "people", "Alliance": "alliances",
          "Chain": "chains"}


def history_table(entries: list[Snapshot], lang: str = "zh") -> pd.DataFrame:
    """One row per snapshot, oldest first, headers in ``lang``; rows per table as
    organisations, people, alliances, chains and links (every relationship)."""
    rows = []
    for s in entries:
        row = {"day": s.day, "loaded_at": s.loaded_at[:19].replace("T", " "),
               "source": s.source + (" (演示数据)" if s.demo and lang == "zh" else
                                     " (demo)" if s.demo else ""),
               "user": s.user}
        for table, col in _NODES.items():
            row[col] = int(s.tables.get(table, 0))
        row["links"] = int(sum(n for t, n in s.tables.items() if t not in _NODES))
        row["rows_rejected"] = s.rows_rejected
        rows.append(row)
    df = pd.DataFrame(rows, columns=list(_HEADERS))
    return df.rename(columns={k: v[1] if lang == "en" else v[0] for k, v in _HEADERS.items()})


_WORDS = {
    "zh": {"none": "{store} 还没有快照：用 branchgraph load 台账 --as-of 2026-11-30 导入一个月份",
           "dropped": "已删除 {day} 的快照；最新快照：{newest}"},
    "en": {"none": "{store} keeps no snapshots yet: load a month with "
                   "`branchgraph load PATH --as-of 2026-11-30`",
           "dropped": "dropped the snapshot of {day}; the newest is now {newest}"},
}


@click.command("history")
@click.option("--drop", "drop", default=None, metavar="DATE",
              help="Remove the snapshot of exactly DATE (dropping the newest puts the month "
                   "before it back into the store).")
@click.option("--lang", type=click.Choice(["zh", "en"]), envvar=setting("lang").env,
              default=setting("lang").default, show_default=True,
              help=f"Language of headers and messages. [env: {setting('lang').env}]")
@format_option
@store_option
def history(drop: str | None, lang: str, fmt: str, store: str) -> None:
    """List the snapshots kept: every successful load under the day its ledger
    describes (`load --as-of`), oldest first, with when and from what file it was
    loaded, by whom, and its rows per table.

    Every analysis, export and query runs on the newest by default and on another
    with --snapshot DATE. History is kept only in the embedded store (a .lbug file).

    Examples:

      branchgraph history

      branchgraph history --drop 2026-10-31
    """
    w = _WORDS[lang]
    try:
        kept = history_for(store)
        if kept is None:
            raise StoreError(key="no_history_bolt", store=store)
        if drop is None:
            entries = kept.entries()
            if not entries:
                click.echo(w["none"].format(store=store))
                return
            emit(history_table(entries, lang), fmt)
            return
        from loaders.month import drop_month

        with open_from(store, needs="load") as s, s.writing("history"):
            gone, newest = drop_month(s, drop)
    except StoreError as exc:
        raise UserError(exc.text(lang)) from None
    click.echo(w["dropped"].format(day=gone.day, newest=newest.day))


COMMANDS = [history]
