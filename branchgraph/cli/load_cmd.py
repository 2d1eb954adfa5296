"""`branchgraph load`: read, check and load a planner's dataset into the store."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import click

from graphmodel import StoreError
from graphmodel.errors import Msg
from loaders import LoadError, load_path
from loaders.report import problem_line
from loaders.validate import ValidationResult

from .common import UserError, open_from, setting, store_option

__all__ = ["load", "COMMANDS", "default_report_dir"]

#: How many problems the summary prints before pointing at the report.
SHOWN = 10

_WORDS = {
    "zh": {"table": "表", "files": "文件", "read": "读取", "loaded": "导入", "rejected": "拒绝",
           "total": "合计", "report": "报告", "rejects": "未导入的行", "more": "……另有 {n} 条，见报告",
           "problems": "问题", "done": "已导入 {path} 到 {store}", "writing": "写入图数据库"},
    "en": {"table": "table", "files": "files", "read": "read", "loaded": "loaded", "rejected": "rejected",
           "total": "total", "report": "report", "rejects": "rejected rows", "more": "... and {n} more, see the report",
           "problems": "problems", "done": "loaded {path} into {store}", "writing": "writing the graph"},
}


def default_report_dir(path: Path) -> Path:
    """``<dataset>.report`` beside the dataset (``数据.xlsx`` -> ``数据.report``).

    When that folder cannot be created (a read-only place), ``./<dataset>.report``.
    """
    path = path.expanduser().resolve()
    name = f"{path.stem if path.is_file() else path.name}.report"
    try:
        path.with_name(name).mkdir(exist_ok=True)
        return path.with_name(name)
    except OSError:
        return Path.cwd() / name


def _pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded to ``width`` terminal columns (Chinese characters take two)."""
    wide = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    fill = " " * max(0, width - wide)
    return fill + text if right else text + fill


def _summary(result: ValidationResult, lang: str) -> None:
    w = _WORDS[lang]
    rows = [(w["table"], w["read"], w["loaded"], w["rejected"], w["files"])]
    rows += [(r.table, r.read, r.loaded, r.rejected, r.files) for r in result.counts.itertuples(index=False)]
    rows.append((w["total"], result.rows_read, result.rows_loaded, result.rows_rejected, ""))
    width = max(len(str(r[0])) for r in rows) + 2
    for r in rows:
        nums = "".join(_pad(str(x), 10, right=True) for x in r[1:4])
        click.echo((_pad(str(r[0]), width) + nums + "  " + str(r[4])).rstrip())


def _problems(result: ValidationResult, lang: str) -> None:
    if not result.problems:
        return
    w = _WORDS[lang]
    click.echo(f"{w['problems']}:")
    for p in result.problems[:SHOWN]:
        click.secho("  " + problem_line(p, lang), fg="red" if p.severity == "error" else "yellow")
    if len(result.problems) > SHOWN:
        click.echo("  " + w["more"].format(n=len(result.problems) - SHOWN))


@click.command("load")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@store_option
@click.option("--strict", is_flag=True,
              help="Refuse the whole load (the store stays as it was) if any row fails a check.")
@click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for load-report.txt and rejects.csv  [default: PATH.report beside PATH]")
@click.option("--lang", type=click.Choice(["zh", "en"]), envvar=setting("lang").env,
              default=setting("lang").default, show_default=True,
              help=f"Language of messages and the report. [env: {setting('lang').env}]")
@click.option("--no-wait", is_flag=True,
              help="Fail at once when another load is writing the store (default: wait for it).")
def load(path: Path, store: str, strict: bool, report_dir: Path | None, lang: str,
         no_wait: bool) -> None:
    """Load PATH (a folder of CSV files, an .xlsx workbook or a .zip of CSVs) into the store.

    Rows that fail a check are left out and listed, with the reason, in
    rejects.csv next to load-report.txt; the rest is loaded. The previous graph
    stays in place until the new one is complete. One load writes a store at a
    time: a second one waits (saying for whom) and its graph is the one that remains.

    Example: branchgraph load 赤峰市党组织.xlsx --report-dir 报告
    """
    from tqdm import tqdm

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

    try:
        with open_from(store) as s, s.writing("load", wait=not no_wait, on_wait=waiting,
                                              newest_wins=True):
            report_dir = report_dir or default_report_dir(path)  # once the store is known good
            result = load_path(s, path, strict=strict, report_dir=report_dir, lang=lang,
                               progress=progress)
    except StoreError as exc:
        raise UserError(exc.text(lang)) from None
    except LoadError as exc:
        if isinstance(exc.validation, ValidationResult):
            _summary(exc.validation, lang)
            _problems(exc.validation, lang)
        raise
    finally:
        if bar is not None:
            bar.close()
    _summary(result.validation, lang)
    if result.report:
        click.echo(f"{w['report']}: {result.report.report}")
        click.echo(f"{w['rejects']}: {result.report.rejects}")
    _problems(result.validation, lang)
    click.secho(w["done"].format(path=path, store=store), fg="green")


COMMANDS = [load]
