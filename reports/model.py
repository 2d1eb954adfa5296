"""What a report is made of: sections of figures, tables and charts, and the context.

A section function (:mod:`reports.sections`) reads the analyses through the catalogue
and returns a :class:`Section`; the writers (:mod:`reports.pdf`, :mod:`reports.xlsx`,
:mod:`reports.html`) only lay sections out. Tables keep the analysis's own columns and
values; each writer shows them as an export does (:meth:`Table.shown`: headers and enum
values in the report's language), so a figure reads the same in every format.

>>> Figure("watched_share", "有人包联占比", 0.1238, share=True).text
'12.4%'
>>> display(9596), display(0.5, share=True), display(None)
('9,596', '50.0%', '')
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd

from queries import catalogue
from queries.config import Config
from queries.export import translated

__all__ = ["Figure", "Table", "Chart", "Section", "Context", "Report", "ReportError", "display",
           "pick", "word", "WORDS"]


class ReportError(ValueError):
    """A report that cannot be made as asked (a county the store does not hold, a file
    name of no report format); the message is in the report's language."""


#: The report's own words: key -> (Chinese, English).
WORDS: dict[str, tuple[str, str]] = {
    "title": ("基层党组织月报", "Monthly report: grassroots party organisations"),
    "about": ("报告说明", "About"),
    "scope_all": ("全部旗县区", "All counties"),
    "as_of": ("截至日期", "As of"),
    "made": ("生成时间", "Made"),
    "scope": ("范围", "Scope"),
    "page": ("第 {n} 页", "Page {n}"),
    "none": ("（无）", "(none)"),
    "total": ("合计", "Total"),
    "rows": ("共 {n} 个", "{n} in all"),
    "group": ("{name}（{n}）", "{name} ({n})"),
    "bad_ext": ("无法写入 {name}：报告文件名须以 .pdf、.xlsx 或 .html 结尾",
                "cannot write {name}: use a .pdf, .xlsx or .html file name"),
    "bad_day": ("{day} 不是日期：请写成 YYYY-MM-DD", "{day} is not a date: write it as YYYY-MM-DD"),
    "no_county": ("没有名为 {county} 的旗县区；已有：{known}",
                  "no county called {county}; the store holds: {known}"),
    "no_font": ("找不到可嵌入的中文 TrueType 字体：请安装 fonts-wqy-zenhei（apt-get install "
                "fonts-wqy-zenhei）", "no Chinese TrueType font to embed: install "
                "fonts-wqy-zenhei (apt-get install fonts-wqy-zenhei)"),
}


def pick(pair: tuple[str, str], lang: str, **values: Any) -> str:
    """The (Chinese, English) ``pair``'s text in ``lang``, formatted with ``values``."""
    text = pair[1 if lang == "en" else 0]
    return text.format(**values) if values else text


def word(key: str, lang: str, **values: Any) -> str:
    """The report's word ``key`` in ``lang``, formatted with ``values``."""
    return pick(WORDS[key], lang, **values)


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def display(value: Any, *, share: bool = False) -> str:
    """How a value is printed in the PDF and HTML: whole numbers with thousands
    separators, shares as percentages with one decimal, missing as nothing."""
    if _missing(value):
        return ""
    if share:
        return f"{float(value):.1%}"
    if isinstance(value, str | bool):
        return str(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{int(number):,}" if number.is_integer() else f"{number:,.2f}"


@dataclass(frozen=True)
class Figure:
    """One headline number: its key, its label in the report's language, its value."""

    key: str
    label: str
    value: Any
    share: bool = False

    @property
    def text(self) -> str:
        return display(self.value, share=self.share)


@dataclass(frozen=True)
class Table:
    """Rows of an analysis, with its English column names and values.

    labels : column -> (zh, en) header overrides (the catalogue entry's, and the section's).
    values : column -> label dimension the values are translated with (see
        :meth:`queries.catalogue.Analysis.value_dimensions`).
    shares : columns printed as percentages.
    group : a column the PDF and HTML split the rows by (a heading per county).
    """

    frame: pd.DataFrame
    labels: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    values: Mapping[str, str] = field(default_factory=dict)
    shares: tuple[str, ...] = ()
    group: str | None = None
    title: str | None = None

    def shown(self, lang: str) -> pd.DataFrame:
        """The rows as an export shows them: headers, enum values and yes/no in ``lang``."""
        return translated(self.frame, lang=lang, labels=self.labels, values=dict(self.values))

    def header(self, column: str, lang: str) -> str:
        """The header of ``column`` in ``lang`` (as :meth:`shown` names it)."""
        return str(translated(self.frame[[column]].head(0), lang=lang, labels=self.labels).columns[0])

    def text_rows(self, lang: str) -> list[list[str]]:
        """Every row as printed text (shares as percentages)."""
        shown = self.shown(lang)
        share = [c in self.shares for c in self.frame.columns]
        return [[display(v, share=s) for v, s in zip(row, share)]
                for row in shown.itertuples(index=False, name=None)]

    def parts(self, lang: str) -> list[tuple[str | None, list[list[str]]]]:
        """The printed rows split by the ``group`` column, each part under its heading
        ("红山区（33）"); one part, no heading, without a group."""
        rows = self.text_rows(lang)
        if self.group is None:
            return [(None, rows)]
        at = list(self.frame.columns).index(self.group)
        parts: dict[str, list[list[str]]] = {}
        for r in rows:
            parts.setdefault(r[at], []).append(r)
        return [(word("group", lang, name=name or word("none", lang), n=len(part)), part)
                for name, part in parts.items()]


@dataclass(frozen=True)
class Chart:
    """A bar chart: one bar per category for each series (label, values).

    unit "%" draws the values as percentages (given as shares 0..1).
    """

    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    unit: str = ""
    horizontal: bool = False


@dataclass(frozen=True)
class Section:
    """One part of the report; its title in both languages."""

    key: str
    title_zh: str
    title_en: str
    figures: tuple[Figure, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    notes: tuple[str, ...] = ()

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_zh


@dataclass
class Context:
    """What every section is given: the report's language, scope, day and settings.

    ``table``/``run`` call the catalogue with the scope's ``county`` and ``as_of`` filled in
    where the analysis takes them, each analysis once per parameters (sections share).
    """

    lang: str = "zh"
    county: str | None = None
    as_of: str | None = None
    config: Config = field(default_factory=Config)
    _seen: dict = field(default_factory=dict, repr=False)

    def params(self, name: str, **given: Any) -> dict[str, Any]:
        """``given`` plus the scope, for the parameters the analysis ``name`` declares."""
        takes = {p.name for p in catalogue.get(name).params}
        scope = {"county": self.county, "as_of": self.as_of, "lang": self.lang}
        return {**{k: v for k, v in scope.items() if k in takes and v is not None}, **given}

    def run(self, store: Any, name: str, **given: Any) -> Any:
        params = self.params(name, **given)
        key = (id(store), name, tuple(sorted((k, repr(v)) for k, v in params.items())))
        if key not in self._seen:
            self._seen[key] = catalogue.run(name, store, params, self.config)
        return self._seen[key]

    def table(self, store: Any, name: str, **given: Any) -> pd.DataFrame:
        result = self.run(store, name, **given)
        part = catalogue.get(name).part
        return getattr(result, part) if part else result

    def word(self, key: str, **values: Any) -> str:
        return word(key, self.lang, **values)


@dataclass(frozen=True)
class Report:
    """A built report: its sections and what its heading says."""

    lang: str
    scope: str
    as_of: str
    made: datetime
    sections: tuple[Section, ...]

    @property
    def title(self) -> str:
        return word("title", self.lang)

    def heading(self) -> list[tuple[str, str]]:
        """(label, text) lines under the title: scope, day, when it was made."""
        return [(word("scope", self.lang), self.scope), (word("as_of", self.lang), self.as_of),
                (word("made", self.lang), self.made.strftime("%Y-%m-%d %H:%M"))]
