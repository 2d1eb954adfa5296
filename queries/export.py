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

:data:`EXPORTS` names the analyses that can be exported; the CLI
(``branchgraph export NAME --out FILE``), the demo and the dashboard's download
buttons all use it.

>>> sorted(EXPORTS)[:3]
['alliances', 'bridges', 'chains']
"""

from __future__ import annotations

import importlib
import inspect
import io
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graphmodel import GraphStore

from .labels import translate_columns, translate_values

__all__ = [
    "Export",
    "EXPORTS",
    "ExportError",
    "FORMATS",
    "neutralise",
    "write_table",
    "table_bytes",
    "export",
    "export_all",
    "get_export",
    "run_export",
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


class Export(NamedTuple):
    """One exportable analysis: ``func(store, **filters) -> DataFrame`` and its titles.

    Unpacks as ``(func, title_zh, title_en)`` (plus optional per-table ``labels``
    overriding column headers, e.g. ``name`` -> 姓名 in a table of people).
    """

    func: Callable[..., pd.DataFrame]
    title_zh: str
    title_en: str
    labels: Mapping[str, tuple[str, str]] = {}

    def title(self, lang: str = "zh") -> str:
        return self.title_zh if lang == "zh" else self.title_en


class _Lazy:
    """Call ``module.attr`` imported on first use, so this module imports before it exists."""

    def __init__(self, module: str, attr: str, part: str | None = None) -> None:
        self.module, self.attr, self.part = module, attr, part
        self.__name__ = attr
        self.__qualname__ = f"{module}.{attr}"

    def target(self) -> Callable[..., Any]:
        return getattr(importlib.import_module(self.module), self.attr)

    def available(self) -> bool:
        """False only while the analysis module (or function) does not exist yet."""
        try:
            self.target()
        except ModuleNotFoundError as exc:
            if exc.name != self.module:
                raise
            return False
        except AttributeError:
            return False
        return True

    def __call__(self, store: GraphStore, **filters: Any) -> pd.DataFrame:
        result = self.target()(store, **filters)
        return getattr(result, self.part) if self.part else result

    def __repr__(self) -> str:
        return f"<export of {self.__qualname__}{'.' + self.part if self.part else ''}>"


_PERSON = {"name": ("姓名", "Name")}
_ALLIANCE = {"name": ("联合体名称", "Alliance"), "members": ("成员组织数", "Member organisations")}
_CHAIN = {"name": ("产业链名称", "Chain"), "members": ("成员组织数", "Member organisations")}
_ORG = {"name": ("组织名称", "Organisation")}

#: Export name -> Export(func, title_zh, title_en, labels).
EXPORTS: dict[str, Export] = {
    "coverage-gaps": Export(_Lazy("queries.coverage", "coverage_gaps"),
                            "无人包联的基层组织", "Organisations nobody watches", _ORG),
    "coverage-rates": Export(_Lazy("queries.coverage", "coverage_rates"),
                             "包联覆盖率", "Coverage rates"),
    "single-watcher": Export(_Lazy("queries.coverage", "single_watcher"),
                             "仅一人包联的组织", "Organisations with a single watcher", _ORG),
    "mentor-load": Export(_Lazy("queries.mentors", "mentor_load"),
                          "包联干部负担", "Mentor load", _PERSON),
    "stars": Export(_Lazy("queries.stars", "star_check"),
                    "星级核对", "Star check", _ORG),
    "star-distribution": Export(_Lazy("queries.stars", "star_distribution"),
                                "星级分布", "Star distribution"),
    "star-progress": Export(_Lazy("queries.stars", "star_progress"),
                            "星级目标进度", "Star targets"),
    "alliances": Export(_Lazy("queries.networks", "alliance_table"),
                        "党建联合体", "Alliances", _ALLIANCE),
    "unallied": Export(_Lazy("queries.networks", "unallied"),
                       "未加入联合体的组织", "Organisations in no alliance", _ORG),
    "bridges": Export(_Lazy("queries.networks", "bridges"),
                      "桥梁组织", "Bridging organisations", _ORG),
    "chains": Export(_Lazy("queries.networks", "chain_table"),
                     "产业链党组织", "Industry chains", _CHAIN),
    "pairings": Export(_Lazy("queries.networks", "pairing_table"),
                       "结对共建", "Pairings"),
    "proposals": Export(_Lazy("queries.proposals", "propose", "links"),
                        "包联调整建议", "Proposed mentor links"),
}


def get_export(name: str) -> Export:
    """The export called ``name``; :class:`ExportError` lists the known names."""
    try:
        return EXPORTS[name]
    except KeyError:
        raise ExportError(
            f"no export called {name!r}; known exports: {', '.join(EXPORTS)}"
        ) from None


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


def _safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells neutralised; decimals rounded to 6 places (0.428571, not 0.42857142857142855)."""
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
    values: bool = True,
) -> Path:
    """Write every row of ``df`` to ``path`` (.csv with BOM, or .xlsx).

    Parameters
    ----------
    df : an analysis result with its English column names.
    path : the file to write; its extension (.csv or .xlsx) picks the format.
    lang : "zh" or "en": the language of headers, enum values and yes/no.
    title : the xlsx sheet name (ignored for CSV).
    labels : column -> (zh, en) header overrides for this table.
    values : translate enum values and booleans too (default True).

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
    values: bool = True,
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


def _prepare(
    df: pd.DataFrame,
    *,
    lang: str,
    labels: Mapping[str, tuple[str, str]] | None,
    values: bool,
) -> pd.DataFrame:
    """``df`` as it goes into the file: translated, neutralised, rounded."""
    out = translate_values(df, lang) if values else df
    return _safe_frame(translate_columns(out, lang, labels))


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


def _check_filters(name: str, func: Callable[..., Any], filters: Mapping[str, Any]) -> None:
    if isinstance(func, _Lazy):
        func = func.target()
    params = inspect.signature(func).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return
    allowed = [p.name for p in params.values() if p.kind is inspect.Parameter.KEYWORD_ONLY]
    unknown = [k for k in filters if k not in allowed]
    if unknown:
        raise ExportError(
            f"export {name!r} takes no parameter {', '.join(map(repr, unknown))}; "
            f"it takes: {', '.join(allowed) or 'none'}"
        )


def export(
    store: GraphStore, name: str, path: str | Path, *, lang: str = "zh", **filters: Any
) -> Path:
    """Run the export ``name`` with ``filters`` and write all its rows to ``path``.

    Parameters
    ----------
    store : the graph store.
    name : a key of :data:`EXPORTS`, e.g. "coverage-gaps".
    path : .csv or .xlsx file to write.
    lang : "zh" or "en".
    **filters : keyword filters the analysis takes (county=..., as_of=...).

    Returns
    -------
    Path of the written file.
    """
    entry = get_export(name)
    if Path(path).suffix.lower() not in FORMATS:
        raise ExportError(f"cannot write {Path(path).name}: use a .csv or .xlsx file name")
    df = run_export(store, name, **filters)
    return write_table(df, path, lang=lang, title=entry.title(lang), labels=entry.labels)


def run_export(store: GraphStore, name: str, **filters: Any) -> pd.DataFrame:
    """The DataFrame export ``name`` writes (all rows), after checking ``filters``.

    Raises
    ------
    ExportError
        Unknown export, a filter the analysis does not take, or an analysis
        whose module is not installed yet.
    """
    entry = get_export(name)
    try:
        _check_filters(name, entry.func, filters)
    except ModuleNotFoundError as exc:
        raise ExportError(f"export {name!r} is not available yet ({exc})") from None
    return entry.func(store, **filters)


def export_all(
    store: GraphStore, folder: str | Path, *, lang: str = "zh", fmt: str = "csv"
) -> list[Path]:
    """Write every available export into ``folder`` as ``<name>.<fmt>``.

    Exports whose analysis module is not installed yet (e.g. proposals) are skipped;
    any other failure is raised.

    Returns
    -------
    The written paths, in :data:`EXPORTS` order.
    """
    folder = Path(folder)
    ext = "." + fmt.lstrip(".").lower()
    if ext not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; use csv or xlsx")
    written = []
    for name, entry in EXPORTS.items():
        if isinstance(entry.func, _Lazy) and not entry.func.available():
            continue
        written.append(export(store, name, folder / f"{name}{ext}", lang=lang))
        store.release()  # each analysis starts with the memory the last one held given back
    return written


def available_exports() -> list[str]:
    """Names of the exports whose analysis can be imported now."""
    return [n for n, e in EXPORTS.items() if not isinstance(e.func, _Lazy) or e.func.available()]

