"""The monthly report (月报): the month's figures as a PDF, a workbook or an HTML page.

The report is a list of sections (:mod:`reports.sections`), each a small function
``section(store, ctx) -> Section`` that reads analyses through the catalogue; three
writers lay the same sections out (:mod:`reports.pdf`, :mod:`reports.xlsx`,
:mod:`reports.html`). The command line (``branchgraph report``) and the dashboard's
download (总览) both call :func:`write_report` / :func:`report_bytes`.

This package sits between the dashboard and the analyses: it imports ``queries`` and
``graphmodel`` only.
"""

from __future__ import annotations

from .build import FORMATS, MIME, build, report_bytes, report_format, write_report
from .model import Chart, Context, Figure, Report, ReportError, Section, Table
from .sections import SECTIONS

__all__ = ["FORMATS", "MIME", "SECTIONS", "Chart", "Context", "Figure", "Report", "ReportError",
           "Section", "Table", "build", "report_bytes", "report_format", "write_report"]
