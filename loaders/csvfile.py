"""Read one CSV file as text (private to :mod:`loaders`): encoding, separator, ragged rows.

Encodings are detected, not asked for: UTF-8 (with or without a byte-order mark),
UTF-16 with a byte-order mark, then GB18030 (which covers GBK and GB2312, what Excel
saves on a Chinese Windows). A file that is none of them is refused with the line and
byte offset where decoding fails. The separator is the one of comma, semicolon and
tab that makes the most known column names of the header (comma when none does).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable
from typing import IO

import numpy as np
import pandas as pd

from .errors import LoadError, message

__all__ = ["detect_encoding", "read_csv", "dedupe"]

_CHUNK = 1 << 24
_SEPARATORS = (",", ";", "\t")


def _decode_failure(stream: IO[bytes], enc: str) -> int | None:
    """Byte offset where ``enc`` fails to decode ``stream``, or None when it decodes all."""
    dec = codecs.getincrementaldecoder(enc)("strict")
    done = 0
    try:
        while chunk := stream.read(_CHUNK):
            pending = len(dec.getstate()[0])  # bytes of a character cut by the last chunk
            try:
                dec.decode(chunk)
            except UnicodeDecodeError as exc:
                return done - pending + exc.start
            done += len(chunk)
        pending = len(dec.getstate()[0])
        try:
            dec.decode(b"", final=True)
        except UnicodeDecodeError:
            return done - pending
        return None
    finally:
        stream.seek(0)


def detect_encoding(stream: IO[bytes]) -> str | None:
    """``utf-8-sig``, ``utf-16`` or ``gb18030``: the first that decodes every byte; else None.

    Reads ``stream`` (binary, seekable) in chunks; leaves it at the start.
    """
    stream.seek(0)
    head = stream.read(4)
    stream.seek(0)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _decode_failure(stream, "utf-8") is None:
        return "utf-8-sig"
    if _decode_failure(stream, "gb18030") is None:
        return "gb18030"
    return None


def _encoding_error(stream: IO[bytes], label: str, lang: str) -> LoadError:
    """The refusal of an undecodable file: where the decoding that got furthest fails."""
    offset = max(_decode_failure(stream, "utf-8") or 0, _decode_failure(stream, "gb18030") or 0)
    line = 1
    done = 0
    while done < offset and (chunk := stream.read(min(_CHUNK, offset - done))):
        line += chunk.count(b"\n")
        done += len(chunk)
    stream.seek(offset)
    bad = stream.read(2).hex(" ")
    stream.seek(0)
    return LoadError(message("encoding", lang, file=label, line=line, offset=offset, bytes=bad))


def _separator(first: str, known: Callable[[str], bool]) -> str:
    """The separator that splits the header line into the most known column names."""
    def score(sep: str) -> int:
        fields = next(csv.reader([first], delimiter=sep), [])
        return sum(1 for f in fields if known(f))

    best = max(_SEPARATORS, key=lambda s: (score(s), s == ","))
    if score(best) == 0:
        return "\t" if "," not in first and "\t" in first else ","
    return best


def read_csv(
    stream: IO[bytes], label: str, lang: str, known: Callable[[str], bool]
) -> tuple[pd.DataFrame, np.ndarray, dict[int, tuple], str, str]:
    """A CSV's rows as text: frame, Excel row numbers, ragged rows, encoding, separator.

    ``known`` tells whether a header names a column of the file's table (to choose
    the separator). Raises :class:`LoadError` when the encoding cannot be told.
    """
    enc = detect_encoding(stream)
    if enc is None:
        raise _encoding_error(stream, label, lang)
    first = stream.readline().decode(enc, errors="replace").lstrip("\ufeff")
    stream.seek(0)
    if not first.strip():
        return pd.DataFrame(), np.zeros(0, dtype=np.int64), {}, enc, ","
    sep = _separator(first.rstrip("\r\n"), known)
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
    return frame, rows, bad, enc, sep


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
    names = dedupe([h if h.strip() else f"Unnamed: {i}" for i, h in enumerate(header)])
    return pd.DataFrame(fixed, columns=names, dtype=str), bad


def dedupe(names: list[str]) -> list[str]:
    """Header names made unique the way pandas does it (``x``, ``x.1``, ``x.2``)."""
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
