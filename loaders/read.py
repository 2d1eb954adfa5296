"""Read a planner's dataset: a folder of CSV files, one .xlsx workbook, or a .zip of CSVs.

Tables are recognised by file or sheet name in English or Chinese (``organizations.csv``,
``党组织.csv``, a sheet ``包联``); headers by the contract's English names or
Chinese aliases. Everything is read as text, so nothing is converted behind the
planner's back; the validator (:mod:`loaders.validate`) does the typing. Each row
keeps where it came from: its file or sheet and its row number as Excel shows it.

CSV encodings are detected, not asked for: UTF-8 (with or without a byte-order
mark), UTF-16 with a byte-order mark, then GB18030 (which covers GBK and GB2312,
what Excel saves on a Chinese Windows).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from . import contract
from .errors import LoadError, Problem, message

__all__ = ["Source", "Dataset", "read_dataset", "table_for", "column_for", "detect_encoding"]

_CHUNK = 1 << 24
_MANGLED = re.compile(r"^(.*)\.(\d+)$")
_SPACE = re.compile(r"[\s\u3000\ufeff*＊]+")


@dataclass
class Source:
    """One recognised file or sheet.

    ``frame`` holds the rows as written (original headers, text values; fully blank
    rows dropped); ``rows`` their Excel row numbers; ``columns`` maps contract
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
        return sum(len(s.frame) for s in self.sources)


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


# -- encodings -----------------------------------------------------------------------


def detect_encoding(stream: IO[bytes]) -> str | None:
    """``utf-8-sig``, ``utf-16`` or ``gb18030``: the first that decodes every byte; else None.

    Reads ``stream`` (binary, seekable) in chunks; leaves it at the start.
    """
    stream.seek(0)
    head = stream.read(4)
    stream.seek(0)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for enc in ("utf-8-sig", "gb18030"):
        dec = codecs.getincrementaldecoder(enc)("strict")
        try:
            while chunk := stream.read(_CHUNK):
                dec.decode(chunk)
            dec.decode(b"", final=True)
            return enc
        except UnicodeDecodeError:
            continue
        finally:
            stream.seek(0)
    return None


# -- CSV -------------------------------------------------------------------------------


def _read_csv(
    stream: IO[bytes], label: str, lang: str
) -> tuple[pd.DataFrame, np.ndarray, dict[int, tuple], str]:
    enc = detect_encoding(stream)
    if enc is None:
        raise LoadError(message("encoding", lang, file=label))
    first = stream.readline().decode(enc, errors="replace")
    stream.seek(0)
    if not first.strip():
        return pd.DataFrame(), np.zeros(0, dtype=np.int64), {}, enc
    sep = "\t" if "," not in first and "\t" in first else ","
    bad: dict[int, tuple] = {}
    try:
        frame = pd.read_csv(
            stream, encoding=enc, engine="pyarrow", sep=sep, dtype=str,
            keep_default_na=False, skip_blank_lines=False,
        )
    except (pd.errors.ParserError, ValueError, UnicodeDecodeError):
        stream.seek(0)
        frame, bad = _read_ragged(stream, enc, sep)
    rows = np.arange(len(frame), dtype=np.int64) + 2
    return frame, rows, bad, enc


def _read_ragged(stream: IO[bytes], enc: str, sep: str) -> tuple[pd.DataFrame, dict[int, tuple]]:
    """Row by row with the csv module: short rows padded, long rows cut and flagged."""
    text = io.TextIOWrapper(stream, encoding=enc, newline="")
    try:
        records = list(csv.reader(text, delimiter=sep))
    finally:
        text.detach()
    if not records:
        return pd.DataFrame(), {}
    header, body = records[0], records[1:]
    width = len(header)
    bad: dict[int, tuple] = {}
    for i, rec in enumerate(body):
        if len(rec) > width and any(v.strip() for v in rec[width:]):
            bad[i] = ("extra_values", len(rec), width)
    fixed = [(rec + [""] * width)[:width] for rec in body]
    names = _dedupe([h if h.strip() else f"Unnamed: {i}" for i, h in enumerate(header)])
    return pd.DataFrame(fixed, columns=names, dtype=str), bad


def _dedupe(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        if n in seen:
            seen[n] += 1
            out.append(f"{n}.{seen[n]}")
        else:
            seen[n] = 0
            out.append(n)
    return out


# -- Excel -----------------------------------------------------------------------------


def _cell_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == time() else v.isoformat(sep=" ")
    if isinstance(v, (date, time)):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v)


def _read_sheet(ws: Any, table: str) -> tuple[pd.DataFrame, np.ndarray] | None:
    """A sheet's rows; the header is the first of the first ten rows naming a known column."""
    it = ws.iter_rows(values_only=True)
    header: list[str] | None = None
    header_row = 0
    for r, values in enumerate(it, start=1):
        texts = [_cell_text(v) for v in values]
        if any(column_for(table, t) for t in texts if t):
            header, header_row = texts, r
            break
        if r >= 10:
            return None
    if header is None:
        return None
    width = len(header)
    body: list[list[str]] = []
    rows: list[int] = []
    for r, values in enumerate(it, start=header_row + 1):
        texts = [_cell_text(v) for v in values[:width]]
        if any(texts):
            body.append(texts + [""] * (width - len(texts)))
            rows.append(r)
    names = _dedupe([h if h.strip() else f"Unnamed: {i}" for i, h in enumerate(header)])
    frame = pd.DataFrame(body, columns=names, dtype=str) if body else pd.DataFrame(columns=names, dtype=str)
    return frame, np.asarray(rows, dtype=np.int64)


def _workbook(data: IO[bytes] | Path, label: str, lang: str) -> Iterator[tuple[str, str, Any]]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(data, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any openpyxl failure is an unreadable file
        raise LoadError(message("unreadable", lang, file=label, reason=exc)) from None
    try:
        for ws in wb.worksheets:
            yield ws.title, f"{label}[{ws.title}]", ws
    finally:
        wb.close()


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


def _source(
    table: str, label: str, frame: pd.DataFrame, rows: np.ndarray, problems: list[Problem],
    lang: str, bad: dict[int, Any] | None = None, encoding: str | None = None,
) -> Source:
    frame.columns = _dedupe([str(c).strip().lstrip("\ufeff").strip() for c in frame.columns])
    # drop fully blank rows (keeping the others' row numbers) and blank unnamed columns
    blank = _blank_rows(frame)
    keep_pos = np.flatnonzero(~blank)
    if blank.any():
        frame = frame.iloc[keep_pos].reset_index(drop=True)
        rows = rows[keep_pos]
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
    bad_rows = {}  # rows with extra values are never blank, so they are all still there
    for pos, (_key, got, want) in (bad or {}).items():
        bad_rows[int(np.searchsorted(keep_pos, pos))] = message("extra_values", lang, got=got, want=want)
    return Source(table, label, frame, rows, columns, encoding, bad_rows)


def _add_csv(stream: IO[bytes], name: str, label: str, out: list[Source], problems: list[Problem], lang: str) -> None:
    table = table_for(Path(name).stem)
    if table is None:
        problems.append(_unknown(label, lang))
        return
    frame, rows, bad, enc = _read_csv(stream, label, lang)
    out.append(_source(table, label, frame, rows, problems, lang, bad, enc))


def _add_xlsx(data: IO[bytes] | Path, label: str, out: list[Source], problems: list[Problem], lang: str) -> None:
    for title, sheet_label, ws in _workbook(data, label, lang):
        table = table_for(title)
        if table is None:
            problems.append(_unknown(sheet_label, lang))
            continue
        got = _read_sheet(ws, table)
        if got is None:
            problems.append(Problem(sheet_label, None, "", message("no_header", lang), "warning"))
            continue
        out.append(_source(table, sheet_label, got[0], got[1], problems, lang))


def _zip_name(info: zipfile.ZipInfo) -> str:
    """Member name, repairing GBK names that zip tools on Chinese Windows write unflagged."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return info.filename


def _skip(name: str) -> bool:
    base = Path(name).name
    return base.startswith((".", "~$")) or "__MACOSX" in name


def _add_file(name: str, data: Callable[[], IO[bytes] | Path], sources: list[Source],
              problems: list[Problem], lang: str) -> None:
    """One file of a folder or zip: a CSV, a workbook, or an unknown file (a warning)."""
    ext = Path(name).suffix.lower()
    if ext in (".csv", ".txt"):
        got = data()
        with got.open("rb") if isinstance(got, Path) else got as fh:
            _add_csv(fh, name, name, sources, problems, lang)
    elif ext in (".xlsx", ".xlsm"):
        _add_xlsx(data(), name, sources, problems, lang)
    else:
        problems.append(_unknown(name, lang))


def read_dataset(path: str | Path, *, lang: str = "zh") -> Dataset:
    """Read the dataset at ``path`` (folder, ``.xlsx``, ``.csv`` or ``.zip``) as text.

    Parameters
    ----------
    path:
        A folder of ``.csv`` files (``.xlsx`` workbooks in it are read too), one
        ``.xlsx`` workbook with a sheet per table, one CSV file, or a ``.zip`` of
        CSV files (folders inside it are flattened).
    lang:
        Language of the warnings: ``"zh"`` or ``"en"``.

    Returns
    -------
    Dataset
        The recognised sources and the reader's warnings (unknown files and columns).

    Raises
    ------
    LoadError
        The path does not exist or is of another kind, a file cannot be read, or
        there is no organisations table.
    """
    p = Path(path).expanduser()
    sources: list[Source] = []
    problems: list[Problem] = []
    if not p.exists():
        raise LoadError(message("no_path", lang, path=p))
    suffix = p.suffix.lower()
    if p.is_dir():
        for f in sorted(p.iterdir()):
            if f.is_file() and not _skip(f.name):
                _add_file(f.name, lambda f=f: f, sources, problems, lang)
    elif suffix in (".xlsx", ".xlsm", ".csv"):
        _add_file(p.name, lambda: p, sources, problems, lang)
    elif suffix == ".zip":
        try:
            zf = zipfile.ZipFile(p)
        except zipfile.BadZipFile as exc:
            raise LoadError(message("unreadable", lang, file=p.name, reason=exc)) from None
        with zf:
            for info in zf.infolist():
                name = _zip_name(info)
                if not info.is_dir() and not _skip(name):
                    _add_file(Path(name).name, lambda i=info: io.BytesIO(zf.read(i)), sources, problems, lang)
    else:
        raise LoadError(message("bad_path", lang, path=p))
    if not any(s.table == "organizations" for s in sources):
        # name what was there, recognised or not, so a sheet called Sheet1 is obvious
        seen = [s.label for s in sources] + [pr.file_or_sheet for pr in problems if pr.row is None]
        found = ", ".join(dict.fromkeys(seen)) or "-"
        raise LoadError(message("no_organizations", lang, found=found))
    return Dataset(p, sources, problems)
