"""Planners' spreadsheets into the graph: read, validate, report, load.

The usual path is one call::

    from graphmodel import open_store
    from loaders import load_path

    result = load_path(open_store("data/branchgraph.lbug"), "赤峰市党组织.xlsx",
                       report_dir="导入报告", lang="zh")
    result.counts          # per table: read, loaded, rejected
    result.report.rejects  # the rows left out, with their reasons

The steps are also separate functions: :func:`read_dataset` (text as written,
with file and row), :func:`validate` (clean contract tables, problems, rejects),
:func:`write_report` and :func:`load_tables` (already-clean data, e.g. the demo).
"""

from .errors import MESSAGES, LoadError, Problem, message
from .load import LoadResult, check_path, load_path, load_tables
from .read import Dataset, Source, read_dataset
from .report import ReportPaths, problem_line, report_lines, write_report
from .validate import ValidationResult, validate

__all__ = [
    "LoadError",
    "Problem",
    "MESSAGES",
    "message",
    "Dataset",
    "Source",
    "read_dataset",
    "ValidationResult",
    "validate",
    "ReportPaths",
    "problem_line",
    "report_lines",
    "write_report",
    "LoadResult",
    "check_path",
    "load_path",
    "load_tables",
]
