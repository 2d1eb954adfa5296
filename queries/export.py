"""Exports: every row of an analysis as a spreadsheet a planner can open.

* ``.csv`` is written as UTF-8 **with a byte-order mark**, so Excel on a Chinese
  (or any) Windows shows the Chinese intact; ``.xlsx`` is written with openpyxl.
  The file's extension picks the format.
* Headers are translated (``lang="zh"`` or ``"en"``) through :mod:`queries.labels`;
  so are enum values (后进 for ``lagging``) and booleans (是/否).
* **Formula injection** (OWASP "CSV injection"): a text cell that starts with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe,
  so a spreadsheet shows it as text instead of running it. Numbers stay numbers
  (``-5`` in a numeric column, and a text cell that is just a negative number).
* Every row is written: exports never page. Fractions are rounded to six decimals.

The analyses that can be exported are those of the catalogue
(:mod:`queries.catalogue`) declared with ``export=True``; their titles, headers and
value translations come from there. The CLI (``branchgraph export NAME --out FILE``),
the demo and the dashboard's download buttons all use :func:`export` /
:func:`table_bytes`.

>>> "coverage-gaps" in available_exports()
True
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graphmodel import GraphStore

from . import catalogue
from .catalogue import Analysis
from .config import Config
from .labels import translate_columns, translate_values

__all__ = [
    "ExportError",
    "FORMATS",
    "neutralise",
    "safe_frame",
    "translated",
    "write_table",
    "table_bytes",
    "export",
    "export_all",
    "analysis_table",
    "exportable",
    "available_exports",
]

#: File extensions write_table understands.
FORMATS = (".csv", ".xlsx")
#: Rows pandas formats at a time when writing a CSV.
CSV_CHUNK_ROWS = 100_000
#: Decimal places kept for fractional numbers (shares, scores, betweenness).
FLOAT_DIGITS = 6

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_REGEX = "^[=+\\-@\t\r]"
_NEGATIVE_NUMBER = re.compile(r"-\d+(\.\d+)?([eE][+-]?\d+)?")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


class ExportError(ValueError):
    """An export was asked for that does not exist or cannot take those filters."""


def neutralise(value: Any) -> Any:
    """``value`` made safe for a spreadsheet cell.

    >>> neutralise("=SUM(A1)"), neutralise("+1"), neutralise("-2+3"), neutralise("@x")
    ("'=SUM(A1)", "'+1", "'-2+3", "'@x")
    >>> neutralise(-5), neutralise("-5"), neutralise("红山区")
    (-5, '-5', '红山区')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        if _NEGATIVE_NUMBER.fullmatch(value):
            return value
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells (and headers) neutralised; decimals rounded to 6 places (0.428571, not
    0.42857142857142855): what every spreadsheet cell written by branchgraph goes through."""
    out = df.copy(deep=False)  # columns are replaced, never changed in place
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_float_dtype(s.dtype):
            out[col] = s.round(FLOAT_DIGITS)
        elif not (pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype)):
            out[col] = _neutralised(s)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def _neutralised(s: pd.Series) -> pd.Series:
    """:func:`neutralise` on a text column; the cells that start like a formula are
    found in one Arrow pass (a column holds millions of names and very few of those)."""
    s = s.astype(object)
    try:
        text = pa.array(s.to_numpy(), type=pa.large_string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # not all text: check cell by cell
        return s.map(neutralise)
    risky = pc.match_substring_regex(text, _FORMULA_REGEX).fill_null(False).to_numpy(zero_copy_only=False)
    if not risky.any():
        return s
    out = s.copy()
    out[risky] = s[risky].map(neutralise)
    return out


def write_table(
    df: pd.DataFrame,
    path: str | Path,
    *,
    lang: str = "zh",
    title: str | None = None,
    labels: Mapping[str, tuple[str, str]] | None = None,
    values: bool | Mapping[str, str] = True,
) -> Path:
    """Write every row of ``df`` to ``path`` (.csv with BOM, or .xlsx).

    Parameters
    ----------
    df : an analysis result with its English column names.
    path : the file to write; its extension (.csv or .xlsx) picks the format.
    lang : "zh" or "en": the language of headers, enum values and yes/no.
    title : the xlsx sheet name (ignored for CSV).
    labels : column -> (zh, en) header overrides for this table.
    values : translate enum values and booleans too (default True); a mapping gives
        the label dimension per column (an analysis's :meth:`~Analysis.value_dimensions`).

    Returns
    -------
    Path of the written file.
    """
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in FORMATS:
        raise ExportError(f"cannot write {path.name}: use a .csv or .xlsx file name")
    out = _prepare(df, lang=lang, labels=labels, values=values)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.part")  # no half-written file under the real name
    try:
        with open(part, "wb") as fh:
            _emit(out, fh, ext, title or path.stem)
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
    return path


def table_bytes(
    df: pd.DataFrame,
    fmt: str = "csv",
    *,
    lang: str = "zh",
    title: str | None = None,
    labels: Mapping[str, tuple[str, str]] | None = None,
    values: bool | Mapping[str, str] = True,
) -> bytes:
    """The bytes :func:`write_table` would write, for a download button.

    Parameters
    ----------
    df, lang, title, labels, values : as for :func:`write_table`.
    fmt : "csv" or "xlsx".

    Returns
    -------
    bytes of a BOM-prefixed CSV or of an xlsx workbook.
    """
    ext = "." + fmt.lstrip(".").lower()
    if ext not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; use csv or xlsx")
    buf = io.BytesIO()
    _emit(_prepare(df, lang=lang, labels=labels, values=values), buf, ext, title or "table")
    return buf.getvalue()


def translated(
    df: pd.DataFrame,
    *,
    lang: str = "zh",
    labels: Mapping[str, tuple[str, str]] | None = None,
    values: bool | Mapping[str, str] = True,
) -> pd.DataFrame:
    """``df`` with its headers and (unless ``values`` is False) its enum values and
    booleans in ``lang``, as an export shows them; ``labels`` and ``values`` as for
    :func:`write_table`. Not yet formula-safe (:func:`safe_frame` does that).

    >>> translated(pd.DataFrame({"tier": ["lagging"], "weak": [True]}))
      类别 软弱涣散
    0  后进    是
    """
    if values is not False:
        df = translate_values(df, lang, None if values is True else values)
    return translate_columns(df, lang, labels)


def _prepare(
    df: pd.DataFrame,
    *,
    lang: str,
    labels: Mapping[str, tuple[str, str]] | None,
    values: bool | Mapping[str, str],
) -> pd.DataFrame:
    """``df`` as it goes into the file: translated, neutralised, rounded."""
    return safe_frame(translated(df, lang=lang, labels=labels, values=values))


def _emit(out: pd.DataFrame, fh: BinaryIO, ext: str, title: str) -> None:
    if ext == ".csv":  # streamed in chunks: a 4-million-row table never sits in memory as text
        text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
        try:
            out.to_csv(text, index=False, lineterminator="\r\n", chunksize=CSV_CHUNK_ROWS)
        finally:
            text.flush()
            text.detach()
    else:
        _write_xlsx(out, fh, title)


def _write_xlsx(df: pd.DataFrame, path: Path | BinaryIO, title: str) -> None:
    """Write ``df`` as one sheet (streaming: openpyxl's write-only mode)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    columns = [_cells(df.iloc[:, i]) for i in range(df.shape[1])]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet((_SHEET_BAD.sub(" ", title) or "Sheet1")[:31])
    ws.freeze_panes = "A2"
    for i, (name, values) in enumerate(zip(df.columns, columns), start=1):
        sample = [str(name), *(str(v) for v in values[:200] if v is not None)]
        width = max(_width(t) for t in sample)
        ws.column_dimensions[get_column_letter(i)].width = min(60, width + 2)
    ws.append([str(c) for c in df.columns])
    for row in zip(*columns):
        ws.append(row)
    wb.save(path)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _cells(s: pd.Series) -> list[Any]:
    """Values openpyxl stores as they are: NA -> None, numpy scalars -> Python,
    characters a worksheet cannot hold removed."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    values = s.astype(object).where(s.notna(), None).tolist()
    out = []
    for v in values:
        if isinstance(v, str):
            v = ILLEGAL_CHARACTERS_RE.sub("", v)
        elif hasattr(v, "item"):
            v = v.item()
        out.append(v)
    return out


def exportable(name: str) -> Analysis:
    """The catalogue entry of export ``name``; :class:`ExportError` lists the exports."""
    known = ", ".join(available_exports())
    try:
        entry = catalogue.get(name)
    except catalogue.CatalogueError:
        raise ExportError(f"no export called {name!r}; known exports: {known}") from None
    if not entry.export:
        raise ExportError(f"{name!r} is not an export; known exports: {known}")
    return entry


def analysis_table(store: GraphStore, name: str, params: Mapping[str, Any] | None = None,
                   config: Config | None = None, *, lang: str = "zh",
                   ) -> tuple[Analysis, pd.DataFrame, dict[str, str]]:
    """Run the exportable analysis ``name``: (its entry, its table, the value dimensions).

    An analysis that writes words into its table (the proposal's reasons) writes them in
    ``lang`` unless ``params`` says otherwise.

    Raises
    ------
    ExportError
        No exportable analysis of that name.
    """
    entry = exportable(name)
    given = dict(params or {})
    if "lang" in {p.name for p in entry.params} and "lang" not in given:
        given["lang"] = lang
    try:
        df = catalogue.table(entry.name, store, given, config)
    except catalogue.CatalogueError as exc:  # a parameter the analysis does not take
        raise ExportError(str(exc)) from None
    return entry, df, entry.value_dimensions(given)


def export(
    store: GraphStore,
    name: str,
    path: str | Path,
    *,
    lang: str = "zh",
    config: Config | None = None,
    **params: Any,
) -> Path:
    """Run the export ``name`` with ``params`` and write all its rows to ``path``.

    Parameters
    ----------
    store : the graph store.
    name : an exportable analysis of the catalogue, e.g. "coverage-gaps".
    path : .csv or .xlsx file to write.
    lang : "zh" or "en": headers, values and the words inside the table.
    config : the settings the edge resolved (capacity, targets, ...).
    **params : the analysis's parameters (county=..., as_of=...), text or typed.

    Returns
    -------
    Path of the written file.
    """
    if Path(path).suffix.lower() not in FORMATS:
        raise ExportError(f"cannot write {Path(path).name}: use a .csv or .xlsx file name")
    entry, df, values = analysis_table(store, name, params, config, lang=lang)
    return write_table(df, path, lang=lang, title=entry.title(lang), labels=entry.labels,
                       values=values)


def export_all(
    store: GraphStore, folder: str | Path, *, lang: str = "zh", fmt: str = "csv",
    config: Config | None = None,
) -> list[Path]:
    """Write every export of the catalogue into ``folder`` as ``<name>.<fmt>``.

    Returns
    -------
    The written paths, in catalogue order.
    """
    folder = Path(folder)
    ext = "." + fmt.lstrip(".").lower()
    if ext not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; use csv or xlsx")
    written = []
    for name in available_exports():
        written.append(export(store, name, folder / f"{name}{ext}", lang=lang, config=config))
        store.release()  # each analysis starts with the memory the last one held given back
    return written


def available_exports() -> list[str]:
    """Names of the analyses that can be exported, in catalogue order."""
    return catalogue.names(exports=True)
