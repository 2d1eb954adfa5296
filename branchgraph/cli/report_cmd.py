"""`branchgraph report`: the monthly report (月报) as a .pdf, .xlsx or .html file."""

from __future__ import annotations

from pathlib import Path

import click

from queries.params import QueryParamError
from reports import SECTIONS, ReportError, report_format, write_report

from .common import UserError, config, open_from, snapshot_option, store_option

__all__ = ["report", "COMMANDS"]

_WORDS = {
    "zh": {"exists": "{path} 已存在：换一个文件名，或加 --force 覆盖",
           "wrote": "已写入月报 {path}（{sections} 部分）"},
    "en": {"exists": "{path} exists: choose another name, or add --force to replace it",
           "wrote": "wrote the report to {path} ({sections} sections)"},
}


@click.command("report")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="File to write: .pdf (A4, Chinese font embedded), .xlsx (one sheet per "
                   "section) or .html (one self-contained page).")
@click.option("--county", default=None, help="One county's report (旗县区) [default: every county].")
@click.option("--as-of", "as_of", default=None, help="The day, YYYY-MM-DD [default: today].")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Language of the report and messages [default: the lang setting, zh].")
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
@store_option
@snapshot_option
def report(out: Path, county: str | None, as_of: str | None, lang: str | None, force: bool,
           store: str) -> None:
    """Write the monthly report (月报) to --out FILE.

    The month's headline figures, the star targets, the lagging and weak
    organisations nobody watches (by county and committee), mentors over capacity or
    with a broken mix, and what the mentor proposal would do. Every figure is the
    analyses' own (the same as `branchgraph query` and the dashboard show). Any
    account may make it (a viewer too); with --user, an account limited to some
    counties gets the report of those.

    With --snapshot DATE, the report of that month (the newest snapshot on or
    before DATE), compared with the month before it.

    Examples:

      branchgraph report --out 月报.pdf

      branchgraph report --snapshot 2026-10-31 --out 10月月报.pdf

      branchgraph report --county 红山区 --out 红山区月报.xlsx

      branchgraph report --out report.html --lang en
    """
    cfg = config(lang=lang)
    lang, w = cfg.lang, _WORDS[cfg.lang]
    try:
        report_format(out, lang)
    except ReportError as exc:
        raise UserError(str(exc)) from None
    if out.exists() and not force:
        raise UserError(w["exists"].format(path=out))
    # leaders read the monthly report (domain.md): reading is enough, as on the dashboard
    with open_from(store, needs="read") as s:
        try:
            path = write_report(s, out, lang=lang, county=county, as_of=as_of, config=cfg)
        except (ReportError, QueryParamError) as exc:
            raise UserError(str(exc)) from None
    click.echo(w["wrote"].format(path=path, sections=len(SECTIONS)))


COMMANDS = [report]
