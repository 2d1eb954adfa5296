"""Planners' spreadsheets into the graph: read, validate, report, load.

>>> from loaders import load_path          # doctest: +SKIP
>>> load_path(store, "赤峰市党组织.xlsx", report_dir="report")   # doctest: +SKIP
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
