"""Read a planner's dataset: a folder, one workbook or CSV file, or a .zip of them.

Tables are recognised by file or sheet name in English or Chinese (``organizations.csv``,
``党组织.csv``, a sheet ``包联``); headers by the contract's English names or
Chinese aliases. Everything is read as text, so nothing is converted behind the
planner's back; the validator (:mod:`loaders.validate`) does the typing. Each row
keeps where it came from: its file or sheet and its row number as Excel shows it.

Workbooks (``.xlsx``, ``.xls``, ``.ods``; :mod:`loaders.workbook`) are read as a
person reads them: the header is the row, among the first 20, that names the most
known columns (title and form rows above it are passed over); merged cells hold their
value in every cell; hidden sheets are left out unless asked for. In every table,
fully blank rows are dropped and totals rows (合计, 总计, 小计) are skipped and named.
CSV files: :mod:`loaders.csvfile`; folders and zips, with their limits:
:mod:`loaders.archive`.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from . import contract
from .archive import Limits, check_zip_sizes, folder_files, zip_files
from .csvfile import dedupe as _dedupe
from .csvfile import detect_encoding, read_csv
from .errors import LoadError, Problem, message
from .workbook import WORKBOOK_TYPES, Sheet, read_workbook

__all__ = ["Source", "Dataset", "read_dataset", "table_for", "column_for", "detect_encoding",
           "TOTALS"]

_MANGLED = re.compile(r"^(.*)\.(\d+)$")
_SPACE = re.compile(r"[\s\u3000\ufeff*＊]+")
#: How many rows above the header a sheet may have (titles, form rows).
HEADER_ROWS = 20
#: A cell saying this (spaces and a colon aside) makes a totals row, skipped.
TOTALS = ("合计", "总计", "小计", "共计")
_TOTAL_TEXT = re.compile(r"[\s\u3000:：]+")


@dataclass
class Source:
    """One recognised file or sheet.

    ``frame`` holds the rows as written (original headers, text values; fully blank
    rows dropped, totals rows moved to ``skipped``); ``rows`` their Excel row numbers; ``columns`` maps contract
    column names to the header that carries them; ``bad_rows`` maps a position in
    ``frame`` to a reason the reader already found (a row with too many values).
    """

    table: str
    label: str
    frame: pd.DataFrame
    rows: np.ndarray
    columns: dict[str, str]
    encoding: str | None = None
    bad_rows: dict[int, str] = field(default_factory=dict)
    #: rows left out before validation, with the reason: (Excel row, reason)
    skipped: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Dataset:
    """What :func:`read_dataset` found: recognised sources and reader warnings."""

    path: Path
    sources: list[Source]
    problems: list[Problem]

    def by_table(self) -> dict[str, list[Source]]:
        """Table name -> its sources, in contract order (absent tables left out)."""
        out: dict[str, list[Source]] = {}
        for t in contract.TABLES:
            found = [s for s in self.sources if s.table == t.name]
            if found:
                out[t.name] = found
        return out

    @property
    def rows_read(self) -> int:
        """Rows of every source, skipped ones included (blank rows are not rows)."""
        return sum(len(s.frame) + len(s.skipped) for s in self.sources)


def _norm(text: object) -> str:
    return _SPACE.sub("", str(text)).lower()


_TABLE_NAMES = {
    _norm(n): t.name for t in contract.TABLES for n in (t.name, *t.zh)
}
_COLUMN_NAMES = {
    t.name: {_norm(n): c.name for c in t.columns for n in (c.name, *c.aliases, c.label_zh)}
    for t in contract.TABLES
}


def table_for(name: str) -> str | None:
    """The contract table a file or sheet name (without extension) stands for, or None.

    >>> table_for("党组织"), table_for(" Organizations "), table_for("包联"), table_for("misc")
    ('organizations', 'organizations', 'assignments', None)
    """
    return _TABLE_NAMES.get(_norm(name))


def column_for(table: str, header: str) -> str | None:
    """The contract column a header means in ``table``, or None.

    >>> column_for("organizations", "星级"), column_for("organizations", " ORG_ID\\ufeff")
    ('stars', 'org_id')
    """
    return _COLUMN_NAMES[table].get(_norm(header))


def _unknown(label: str, lang: str) -> Problem:
    known = ", ".join(t.zh[0] if lang == "zh" else t.name for t in contract.TABLES)
    return Problem(label, None, "", message("unknown_file", lang, known=known), "warning")


# -- assembling ---------------------------------------------------------------------


def _blank_rows(frame: pd.DataFrame) -> np.ndarray:
    """Rows whose every cell is empty or whitespace; a column at a time, and only the
    rows still blank so far (usually none after the first column), so no copy of
    the whole table."""
    n = len(frame)
    if not len(frame.columns):
        return np.zeros(n, dtype=bool)
    cand = np.arange(n)
    for col in range(len(frame.columns)):
        if not len(cand):
            break
        s = frame.iloc[:, col]
        sub = s if len(cand) == n else s.iloc[cand]
        cand = cand[(sub.str.strip() == "").fillna(False).to_numpy(dtype=bool)]
    blank = np.zeros(n, dtype=bool)
    blank[cand] = True
    return blank


def _totals_rows(frame: pd.DataFrame, key: str | None) -> np.ndarray:
    """Rows with a cell saying 合计/总计/小计/共计 (spaces aside) and no id of their own.

    Only columns holding a 计 at all are looked at cell by cell, so a big table costs
    one vectorised scan per column.
    """
    hit = np.zeros(len(frame), dtype=bool)
    for col in frame.columns:
        maybe = frame[col].str.contains("计", regex=False).fillna(False).to_numpy(dtype=bool)
        for i in np.flatnonzero(maybe):
            if _TOTAL_TEXT.sub("", frame[col].iat[i]) in TOTALS:
                hit[i] = True
    if key is not None and hit.any():
        ids = frame[key].iloc[np.flatnonzero(hit)]
        own = ~ids.map(lambda v: v.strip() == "" or _TOTAL_TEXT.sub("", v) in TOTALS).to_numpy(dtype=bool)
        hit[np.flatnonzero(hit)[own]] = False
    return hit


def _columns(table: str, label: str, frame: pd.DataFrame, problems: list[Problem], lang: str) -> dict[str, str]:
    """Contract column -> the header carrying it; unknown and repeated headers are warnings."""
    columns: dict[str, str] = {}
    for header in frame.columns:
        name = column_for(table, header)
        repeated = _MANGLED.match(header)
        if name is None and repeated and repeated.group(1) in frame.columns:
            name = column_for(table, repeated.group(1))  # a repeated header, renamed "x.1" on reading
        if name is None:
            if header.startswith("Unnamed: ") and (frame[header].str.strip() == "").all():
                continue
            problems.append(Problem(label, None, header, message("unknown_column", lang), "warning"))
        elif name in columns:
            problems.append(Problem(label, None, header, message(
                "duplicate_column", lang, name=name, first=columns[name]), "warning"))
        else:
            columns[name] = header
    return columns


def _source(
    table: str, label: str, frame: pd.DataFrame, rows: np.ndarray, problems: list[Problem],
    lang: str, bad: dict[int, tuple] | None = None, encoding: str | None = None,
) -> Source:
    """A :class:`Source` from a file's or sheet's frame: headers mapped, blank rows dropped,
    totals rows skipped (named in ``problems``), ragged rows' reasons kept."""
    frame.columns = _dedupe([str(c).strip().lstrip("\ufeff").strip() for c in frame.columns])
    columns = _columns(table, label, frame, problems, lang)
    blank = _blank_rows(frame)
    key = contract.table(table).key
    totals = _totals_rows(frame, columns.get(key) if key else None) & ~blank
    skipped = [(int(r), message("totals_row", lang)) for r in rows[totals]]
    for r, why in skipped:
        problems.append(Problem(label, int(r), "", why, "warning"))
    drop = blank | totals
    keep_pos = np.flatnonzero(~drop)
    if drop.any():
        frame = frame.iloc[keep_pos].reset_index(drop=True)
        rows = rows[keep_pos]
    bad_rows = {}
    for pos, (_key, got, want) in (bad or {}).items():
        at = int(np.searchsorted(keep_pos, pos))
        if at < len(keep_pos) and keep_pos[at] == pos:
            bad_rows[at] = message("extra_values", lang, got=got, want=want)
    return Source(table, label, frame, rows, columns, encoding, bad_rows, skipped)


def _header_row(rows: list[list[str]], table: str) -> int | None:
    """Index of the row, among the first :data:`HEADER_ROWS`, naming the most known columns."""
    best, best_n = None, 0
    for i, row in enumerate(rows[:HEADER_ROWS]):
        n = len({column_for(table, t) for t in row if t} - {None})
        if n > best_n:
            best, best_n = i, n
    return best


def _sheet_source(sheet: Sheet, table: str, label: str, problems: list[Problem], lang: str) -> Source | None:
    """A sheet's rows below its header as a :class:`Source`; None when no header is found."""
    at = _header_row(sheet.rows, table)
    if at is None:
        return None
    header = sheet.rows[at]
    while header and not header[-1].strip():
        header = header[:-1]
    width = len(header)
    body = [(row[:width] + [""] * (width - len(row))) for row in sheet.rows[at + 1:]]
    names = _dedupe([h if h.strip() else f"Unnamed: {i}" for i, h in enumerate(header)])
    frame = pd.DataFrame(body, columns=names, dtype=str) if body else pd.DataFrame(columns=names, dtype=str)
    rows = np.arange(len(body), dtype=np.int64) + at + 2
    return _source(table, label, frame, rows, problems, lang)


def _add_csv(stream: IO[bytes], name: str, out: list[Source], problems: list[Problem], lang: str) -> None:
    table = table_for(Path(name).stem)
    if table is None:
        problems.append(_unknown(name, lang))
        return
    frame, rows, bad, enc, sep = read_csv(stream, name, lang, lambda h: column_for(table, h) is not None)
    if not any(column_for(table, str(h)) for h in frame.columns):
        first = " ".join(map(str, frame.columns))
        for sep_name, ch in (("semicolon", ";"), ("tab", "\t")):
            if ch in first and ch != sep:
                problems.append(Problem(name, None, "", message("looks_separated", lang, by=message(sep_name, lang)),
                                        "warning"))
    out.append(_source(table, name, frame, rows, problems, lang, bad, enc))


def _add_workbook(path: Path, name: str, out: list[Source], problems: list[Problem], lang: str,
                  limits: Limits, include_hidden: bool) -> None:
    if WORKBOOK_TYPES[Path(name).suffix.lower()] in ("xlsx", "ods"):
        import zipfile

        try:
            with zipfile.ZipFile(path) as zf:
                check_zip_sizes(zf, name, limits, lang)
        except zipfile.BadZipFile as exc:
            raise LoadError(message("unreadable", lang, file=name, reason=exc)) from None
    for sheet in read_workbook(path, name, lang):
        label = f"{name}[{sheet.title}]"
        if sheet.hidden and not include_hidden:
            problems.append(Problem(label, None, "", message("hidden_sheet", lang, sheet=sheet.title), "warning"))
            continue
        table = table_for(sheet.title)
        if table is None:
            problems.append(_unknown(label, lang))
            continue
        got = _sheet_source(sheet, table, label, problems, lang)
        if got is None:
            problems.append(Problem(label, None, "", message("no_header", lang), "warning"))
            continue
        out.append(got)


def _add_file(name: str, path: Path, sources: list[Source], problems: list[Problem], lang: str,
              limits: Limits, include_hidden: bool) -> None:
    """One file of a folder or zip: a CSV, a workbook, or an unknown file (a warning)."""
    ext = Path(name).suffix.lower()
    if ext in (".csv", ".txt"):
        with path.open("rb") as fh:
            _add_csv(fh, name, sources, problems, lang)
    elif ext in WORKBOOK_TYPES:
        _add_workbook(path, name, sources, problems, lang, limits, include_hidden)
    else:
        problems.append(_unknown(name, lang))


def read_dataset(
    path: str | Path, *, lang: str = "zh", include_hidden: bool = False, limits: Limits | None = None
) -> Dataset:
    """Read the dataset at ``path`` (folder, workbook, ``.csv`` or ``.zip``) as text.

    Parameters
    ----------
    path:
        A folder of ``.csv`` files and workbooks, one workbook (``.xlsx``, ``.xls``,
        ``.ods``) with a sheet per table, one CSV file, or a ``.zip`` of such files
        (folders inside it are flattened).
    lang:
        Language of the warnings: ``"zh"`` or ``"en"``.
    include_hidden:
        Also read hidden and very hidden sheets (by default they are named in the
        report and left out).
    limits:
        Caps on a zip's (or workbook's) member count and sizes; default :class:`Limits`.

    Returns
    -------
    Dataset
        The recognised sources and the reader's warnings (unknown files, columns,
        hidden sheets, skipped totals rows).

    Raises
    ------
    LoadError
        The path does not exist or is of another kind, a file cannot be read, a zip
        passes a limit or holds a link or a path out of it, a folder holds a link,
        or there is no organisations table.
    """
    p = Path(path).expanduser()
    limits = limits or Limits()
    sources: list[Source] = []
    problems: list[Problem] = []
    if not p.exists():
        raise LoadError(message("no_path", lang, path=p))
    suffix = p.suffix.lower()
    with tempfile.TemporaryDirectory(prefix="branchgraph-zip-") as tmp:
        if p.is_dir():
            files = folder_files(p, lang)
        elif suffix in WORKBOOK_TYPES or suffix == ".csv":
            files = iter([(p.name, p)])
        elif suffix == ".zip":
            files = zip_files(p, Path(tmp), limits, lang)
        else:
            raise LoadError(message("bad_path", lang, path=p))
        for name, f in files:
            _add_file(name, f, sources, problems, lang, limits, include_hidden)
    if not any(s.table == "organizations" for s in sources):
        # name what was there, recognised or not, so a sheet called Sheet1 is obvious
        seen = [s.label for s in sources] + [pr.file_or_sheet for pr in problems if pr.row is None]
        found = ", ".join(dict.fromkeys(seen)) or "-"
        raise LoadError(message("no_organizations", lang, found=found))
    return Dataset(p, sources, problems)
