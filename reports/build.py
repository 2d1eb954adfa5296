"""Build the monthly report from the store and write it as .pdf, .xlsx or .html.

:func:`build` runs the sections (:data:`reports.sections.SECTIONS`) on the store for a
county (or all) and a day; :func:`write_report` writes it to a file whose extension picks
the format (through a temporary file in the same folder, renamed at the end: never a
half-written report under the real name); :func:`report_bytes` gives the same bytes for a
download button.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from graphmodel import rules
from queries import catalogue
from queries.config import Config

from .fonts import cjk_font
from .model import Context, Report, ReportError, word
from .sections import SECTIONS, SectionFn

__all__ = ["FORMATS", "MIME", "build", "write_report", "report_bytes", "report_format"]

#: File extension -> writer module's function name.
FORMATS = (".pdf", ".xlsx", ".html")
MIME = {".pdf": "application/pdf", ".html": "text/html",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _writer(ext: str) -> Callable[..., None]:
    if ext == ".pdf":
        from .pdf import write_pdf as w
    elif ext == ".xlsx":
        from .xlsx import write_xlsx as w
    else:
        from .html import write_html as w
    return w


def report_format(path: str | Path, lang: str = "zh") -> str:
    """The format ``path``'s extension names (".pdf", ".xlsx", ".html"); ReportError else."""
    ext = Path(path).suffix.lower()
    if ext not in FORMATS:
        raise ReportError(word("bad_ext", lang, name=Path(path).name))
    return ext


#: A store of at most this many counties (a county's own, or an account's scope) names
#: them as the report's scope instead of "all counties".
_NAMED_SCOPE = 3


def _scope(store: Any, county: str | None, lang: str) -> str:
    """What the report covers: ``county``, the store's few counties, or all counties;
    ReportError for a county the store does not hold."""
    known = catalogue.table("counties", store)["county"].dropna().astype(str).tolist()
    sep = "、" if lang == "zh" else ", "
    if county is not None and county not in known:
        raise ReportError(word("no_county", lang, county=county, known=sep.join(known)))
    if county is not None:
        return county
    return sep.join(known) if 0 < len(known) <= _NAMED_SCOPE else word("scope_all", lang)


def build(store: Any, *, lang: str = "zh", county: str | None = None, as_of: Any = None,
          config: Config | None = None, sections: Sequence[SectionFn] = SECTIONS,
          now: datetime | None = None) -> Report:
    """The report of ``county`` (None: every county) on ``as_of`` (None: today, or the
    snapshot's day), its sections in ``lang``.

    Raises
    ------
    ReportError
        ``county`` is not a county of the store (the message lists them), or ``as_of``
        is not a date.
    """
    county = county.strip() or None if isinstance(county, str) else county
    scope = _scope(store, county, lang)
    try:
        day = rules.as_of_text(as_of, store)
    except ValueError:
        raise ReportError(word("bad_day", lang, day=as_of)) from None
    config = config or Config()
    ctx = Context(lang=lang, county=county, as_of=day, config=config)
    made = now or datetime.now(ZoneInfo(config.timezone))
    return Report(lang=lang, scope=scope, as_of=day, made=made,
                  sections=tuple(s(store, ctx) for s in sections))


def _write(report: Report, fh: BinaryIO, ext: str) -> None:
    _writer(ext)(report, fh, cjk_font(report.lang))


def report_bytes(store: Any, fmt: str = "pdf", **options: Any) -> bytes:
    """The report (``options`` as for :func:`build`) as the bytes of a .pdf, .xlsx or
    .html file."""
    lang = options.get("lang", "zh")
    ext = report_format(f"report.{fmt.lstrip('.')}", lang)
    cjk_font(lang)  # no font: say so before the analyses run
    buf = io.BytesIO()
    _write(build(store, **options), buf, ext)
    return buf.getvalue()


def write_report(store: Any, path: str | Path, **options: Any) -> Path:
    """Write the report (``options`` as for :func:`build`) to ``path``; its extension
    (.pdf, .xlsx, .html) picks the format. The file appears whole or not at all.

    Returns
    -------
    Path of the written file.
    """
    path = Path(path)
    lang = options.get("lang", "zh")
    ext = report_format(path, lang)
    cjk_font(lang)
    report = build(store, **options)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.part")
    try:
        with open(part, "wb") as fh:
            _write(report, fh, ext)
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
    return path
