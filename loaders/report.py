"""Write what validation found: a readable report and a rejects file, side by side.

The report (``load-report.txt``, UTF-8) is a short summary, the root causes of the
rejected rows with what each drags along (most costly first, see
:mod:`loaders.impact`), then one line per problem, in this exact format::

    <file or sheet>[:<row>] [<column>: ]<message>
    <file or sheet>[:<row>] [<column>: ]warning: <message>      (警告：in Chinese)

for example ``organizations.csv:7 stars: 11 is not between 0 and 10``. The row is
the row number Excel shows (the header is row 1); the column is the header as the
file spells it.

The rejects file (``rejects.csv``, UTF-8 with a byte-order mark so Excel shows
Chinese) has one row per rejected input row: table, file, row, reason, then the
row's original columns as written, ready to be corrected and loaded again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import contract
from .errors import Problem, message
from .impact import cause_lines
from .validate import ValidationResult

__all__ = ["ReportPaths", "problem_line", "report_lines", "summary_lines", "write_report",
           "read_rejects", "default_report_dir", "REPORT_NAME", "REJECTS_NAME"]

REPORT_NAME = "load-report.txt"
REJECTS_NAME = "rejects.csv"

_META = {"zh": {"table": "表", "file": "文件", "row": "行", "reason": "原因"},
         "en": {"table": "table", "file": "file", "row": "row", "reason": "reason"}}

_WORDS = {
    "zh": {"title": "branchgraph 导入报告", "source": "数据", "total": "读取 {read} 行，导入 {loaded} 行，拒绝 {rejected} 行，跳过 {skipped} 行",
           "table": "  {name}（{files}）：读取 {read}，导入 {loaded}，拒绝 {rejected}，跳过 {skipped}",
           "problems": "问题（错误 {errors} 条，警告 {warnings} 条）：", "none": "没有发现问题。"},
    "en": {"title": "branchgraph load report", "source": "source", "total": "read {read} rows, loaded {loaded}, rejected {rejected}, skipped {skipped}",
           "table": "  {name} ({files}): read {read}, loaded {loaded}, rejected {rejected}, skipped {skipped}",
           "problems": "problems (errors: {errors}, warnings: {warnings}):", "none": "no problems found."},
}


@dataclass(frozen=True)
class ReportPaths:
    """Where :func:`write_report` wrote the report and the rejects file."""

    report: Path
    rejects: Path


def default_report_dir(path: str | Path, cwd: str | Path | None = None) -> Path:
    """Where the report of the dataset at ``path`` goes when no folder is given (created).

    ``<dataset>.report`` beside the dataset (``数据.xlsx`` -> ``数据.report``) when that
    folder can be made there; otherwise (a read-only share) ``<dataset>.report`` in
    ``cwd`` (default: the current folder), which :func:`write_report` creates.
    """
    p = Path(path).expanduser().resolve()
    name = f"{p.stem if p.is_file() else p.name}.report"
    try:
        (p.parent / name).mkdir(exist_ok=True)
        return p.parent / name
    except OSError:
        return Path(cwd or Path.cwd()) / name


def problem_line(p: Problem, lang: str = "zh") -> str:
    """One report line for ``p``.

    >>> problem_line(Problem("organizations.csv", 7, "stars", "11 is not between 0 and 10"), "en")
    'organizations.csv:7 stars: 11 is not between 0 and 10'
    >>> problem_line(Problem("x.csv", None, "foo", "unknown column, ignored", "warning"), "en")
    'x.csv foo: warning: unknown column, ignored'
    """
    text = p.message
    if p.severity == "warning":
        sep = "：" if lang == "zh" else ": "
        text = f"{message('warning', lang)}{sep}{text}"
    return f"{p.where} {p.column}: {text}" if p.column else f"{p.where} {text}"


def report_lines(result: ValidationResult, lang: str = "zh") -> list[str]:
    """The problem lines of the report, in order (errors and warnings as found)."""
    return [problem_line(p, lang) for p in result.problems]


def summary_lines(result: ValidationResult, source: str = "", lang: str = "zh") -> list[str]:
    """The report's head: source, totals, and read/loaded/rejected per table."""
    w = _WORDS["zh" if lang == "zh" else "en"]
    out = [w["title"]]
    if source:
        out.append(f"{w['source']}: {source}")
    out.append(w["total"].format(read=result.rows_read, loaded=result.rows_loaded,
                                 rejected=result.rows_rejected, skipped=result.rows_skipped))
    for r in result.counts.itertuples(index=False):
        t = contract.table(r.table)
        name = f"{t.zh[0]} {t.name}" if lang == "zh" else t.name
        out.append(w["table"].format(name=name, files=r.files, read=r.read, loaded=r.loaded,
                                     rejected=r.rejected, skipped=r.skipped))
    return out


def write_report(
    result: ValidationResult, folder: str | Path, *, source: str = "", lang: str = "zh"
) -> ReportPaths:
    """Write ``load-report.txt`` and ``rejects.csv`` into ``folder`` (created if needed).

    Parameters
    ----------
    result:
        What :func:`loaders.validate.validate` returned.
    folder:
        The report folder; existing files of the same names are replaced.
    source:
        The dataset's path, named in the report's head.
    lang:
        ``"zh"`` or ``"en"``: the report's words and the rejects file's first headers.

    Returns
    -------
    ReportPaths
        The two paths written (the rejects file is written even when empty).
    """
    folder = Path(folder).expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    w = _WORDS["zh" if lang == "zh" else "en"]
    lines = summary_lines(result, source, lang)
    lines.append("")
    if len(result.causes):
        lines.append(message("causes", lang))
        lines.extend(cause_lines(result, lang))
        lines.append("")
    if result.problems:
        lines.append(w["problems"].format(errors=len(result.errors), warnings=len(result.warnings)))
        lines.extend(report_lines(result, lang))
    else:
        lines.append(w["none"])
    report = folder / REPORT_NAME
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rejects = folder / REJECTS_NAME
    frame = result.rejects.rename(columns=_META["zh" if lang == "zh" else "en"])
    frame = frame.astype(object).where(frame.notna(), "")
    frame.to_csv(rejects, index=False, encoding="utf-8-sig")
    return ReportPaths(report, rejects)


def read_rejects(path: str | Path) -> pd.DataFrame:
    """A rejects file back as text (for tests and the dashboard)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
