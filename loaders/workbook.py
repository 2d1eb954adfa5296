"""Read Excel and OpenDocument workbooks as planners lay them out (private to :mod:`loaders`).

python-calamine reads the cells of ``.xlsx``, ``.xls`` and ``.ods`` (about ten times
faster than openpyxl on the city demo workbook), the sheets' visibility and, for
``.xlsx`` and ``.xls``, the merged ranges. It gives an Excel error cell (``#N/A``) as
an empty string, so the few cells it cannot tell apart are found another way, and
only when the file has them:

- ``.xlsx``: a sheet whose XML holds an error cell (``t="e"``) is walked once with
  openpyxl for the error cells;
- ``.xls``: xlrd gives the error cells;
- ``.ods``: the ``content.xml`` is walked (only when it has merged or error cells)
  for merged ranges and error cells, which calamine does not expose for ODS.

Each sheet comes out as a grid of text as Excel shows it: merged ranges filled with
their value, error cells as their code (``#N/A``), whole numbers as their digits,
and a number Excel has already cut to 15 significant digits in the form Excel
shows it (``1.50402198801011E+17``), which the validator refuses.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree

from .errors import LoadError, message

__all__ = ["Sheet", "WORKBOOK_TYPES", "read_workbook", "cell_text"]

#: File extensions read as workbooks, and the format calamine is told.
WORKBOOK_TYPES = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods", ".et": "et"}

#: Excel's error codes: the text an error cell shows.
ERROR_CODES = ("#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!",
               "#SPILL!", "#CALC!", "#GETTING_DATA")

_XLSX_ERROR = re.compile(rb'<c\b[^>]*\bt="e"')
_NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
       "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
       "calcext": "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0",
       "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}


@dataclass
class Sheet:
    """One sheet as text: ``rows[i][j]`` is the cell at row ``i + 1``, column ``j + 1``."""

    title: str
    hidden: bool
    rows: list[list[str]]


def cell_text(v: Any) -> str:
    """A cell's value as the text Excel shows for it.

    >>> cell_text(150402.0), cell_text(1.504021988010112e17), cell_text(0.1 + 0.2), cell_text(None)
    ('150402', '1.50402198801011E+17', '0.3', '')
    """
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        if isinstance(v, float) and not v == v:  # NaN
            return ""
        if float(v).is_integer() and abs(v) < 1e15:
            return str(int(v))
        return format(float(v), ".15G")  # past 15 digits Excel has already rounded
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == time() else v.isoformat(sep=" ")
    if isinstance(v, (date, time)):
        return v.isoformat()
    if isinstance(v, timedelta):
        return str(v)
    return str(v)


# -- cells calamine cannot tell apart ---------------------------------------------


def _xlsx_errors(data: bytes, titles: list[str]) -> dict[str, dict[tuple[int, int], str]]:
    """Error cells per sheet title (0-based row, column) -> code, via openpyxl, only if any."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = [n for n in zf.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        if not any(_XLSX_ERROR.search(zf.read(n)) for n in parts):
            return {}
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        out: dict[str, dict[tuple[int, int], str]] = {}
        for title in titles:
            ws = wb[title]
            found = {(c.row - 1, c.column - 1): str(c.value) for row in ws.iter_rows()
                     for c in row if getattr(c, "data_type", None) == "e"}
            if found:
                out[title] = found
        return out
    finally:
        wb.close()


def _xls_errors(data: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """Error cells per sheet title of an ``.xls`` workbook, via xlrd."""
    import xlrd

    wb = xlrd.open_workbook(file_contents=data, on_demand=True)
    try:
        out: dict[str, dict[tuple[int, int], str]] = {}
        for i in range(wb.nsheets):
            sh = wb.sheet_by_index(i)
            found = {}
            for r in range(sh.nrows):
                for c, kind in enumerate(sh.row_types(r)):
                    if kind == xlrd.XL_CELL_ERROR:
                        found[(r, c)] = xlrd.error_text_from_code.get(sh.cell_value(r, c), "#VALUE!")
            if found:
                out[sh.name] = found
            wb.unload_sheet(i)
        return out
    finally:
        wb.release_resources()


def _q(ns: str, name: str) -> str:
    return f"{{{_NS[ns]}}}{name}"


def _ods_extras(data: bytes) -> tuple[dict[str, list], dict[str, dict[tuple[int, int], str]]]:
    """Merged ranges and error cells per sheet of an ``.ods``, from its content.xml."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        content = zf.read("content.xml")
    if b"-spanned=" not in content and b'value-type="error"' not in content:
        return {}, {}
    merges: dict[str, list] = {}
    errors: dict[str, dict[tuple[int, int], str]] = {}
    cell_tags = (_q("table", "table-cell"), _q("table", "covered-table-cell"))
    title, r, c = "", -1, 0
    for event, el in ElementTree.iterparse(io.BytesIO(content), events=("start", "end")):
        if event == "start":
            if el.tag == _q("table", "table"):
                title, r = el.get(_q("table", "name"), ""), -1
            elif el.tag == _q("table", "table-row"):
                r, c = r + 1, 0
            continue
        if el.tag == _q("table", "table-row"):
            r += int(el.get(_q("table", "number-rows-repeated"), "1")) - 1
        elif el.tag in cell_tags:
            rows = int(el.get(_q("table", "number-rows-spanned"), "1"))
            cols = int(el.get(_q("table", "number-columns-spanned"), "1"))
            if rows > 1 or cols > 1:
                merges.setdefault(title, []).append(((r, c), (r + rows - 1, c + cols - 1)))
            if el.get(_q("calcext", "value-type")) == "error":
                shown = "".join(el.itertext()).strip()
                errors.setdefault(title, {})[(r, c)] = shown if shown in ERROR_CODES else "#VALUE!"
            c += int(el.get(_q("table", "number-columns-repeated"), "1"))
            el.clear()
    return merges, errors


# -- sheets ------------------------------------------------------------------------


def _fill_merged(rows: list[list[str]], ranges: list) -> None:
    """Give every cell of each merged range the value of its top-left cell (in place)."""
    for (r0, c0), (r1, c1) in ranges or ():
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                row[c] = value


def read_workbook(data: IO[bytes] | Path, label: str, lang: str) -> Iterator[Sheet]:
    """The sheets of the workbook ``data`` (a path or a binary stream), in order.

    Parameters
    ----------
    data:
        The workbook file, or its bytes as a stream; the format is told by ``label``'s
        extension (``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``, ``.et``).
    label:
        The file's name as the report shows it.
    lang:
        Language of the error message.

    Returns
    -------
    Iterator[Sheet]
        Each sheet's title, whether it is hidden (or very hidden), and its cells as text.

    Raises
    ------
    LoadError
        The file cannot be read (a WPS ``.et`` file is asked to be saved as ``.xlsx``).
    """
    import python_calamine

    raw = data.read_bytes() if isinstance(data, Path) else data.read()
    kind = WORKBOOK_TYPES.get(Path(label).suffix.lower(), "xlsx")
    try:
        wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
        metas = wb.sheets_metadata
        if kind == "xlsx":
            errors, merges = _xlsx_errors(raw, [m.name for m in metas]), {}
        elif kind in ("xls", "et"):
            errors, merges = _xls_errors(raw), {}
        else:
            merges, errors = _ods_extras(raw)
    except Exception as exc:  # noqa: BLE001 - any reader failure is an unreadable file
        if kind == "et":
            raise LoadError(message("wps_et", lang, file=label)) from None
        raise LoadError(message("unreadable", lang, file=label, reason=exc)) from None
    with wb:
        for meta in metas:
            sheet = wb.get_sheet_by_name(meta.name)
            values = sheet.to_python(skip_empty_area=False)
            rows = [[cell_text(v) for v in row] for row in values]
            for (r, c), code in errors.get(meta.name, {}).items():
                if r < len(rows) and c < len(rows[r]):
                    rows[r][c] = code
            _fill_merged(rows, sheet.merged_cell_ranges or merges.get(meta.name, []))
            hidden = meta.visible != python_calamine.SheetVisibleEnum.Visible
            yield Sheet(meta.name, hidden, rows)
