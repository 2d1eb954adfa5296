"""The built-in demo dataset, calibrated to 赤峰市 (../shared/domain.md).

:func:`generate` returns the data-contract tables (English columns, canonical
values) for one city — about 9,850 organisations in 12 counties and 6 committees
directly under the city, 673 alliances over ~7,300 organisations, 153 mentors
watching 459 branches, 1,060 contact points, 10 industry chains, ~300 pairings —
or, with ``scale``, for a province (×10) or the nation (×500). Every column is
built with numpy in one pass per table, so the nation (~4.9 million organisations,
21 million rows in all) is generated in about 20 s on 2 cores, peaking at ~5.4 GB
(see BENCHMARKS.md). The organisations are built in :mod:`loaders.demo_orgs`,
people and links in :mod:`loaders.demo_links`, names come from
:mod:`loaders.demo_names`.

Deliberate features a planner's questions should find (all scale with ``scale``):

* stars follow the rule: feature stars only with all 5 base stars, one per full
  20 points of task score + highlight score, at most 5; exactly 60.9 % of
  organisations are at 6+ stars and 10.1 % at 8+;
* mentors: 5 are overloaded (5–6 active branches), 2 break the mix (no middle
  branch, two lagging), 3 have one extra link that ended on 2025-06-30;
* contact points and pairings, some of which ended (``until`` in the past);
* lagging and weak branches that nobody watches; a few island alliances.

:func:`write_csv` and :func:`write_xlsx` write the tables in the contract's file
format (Chinese file names, headers and values by default) — what a planner's own
files should look like.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import demo_links
from .contract import ENUMS, TABLES
from .demo_orgs import MENTOR_EXCEPTIONS, TARGETS, organizations

__all__ = ["SCALES", "TARGETS", "MENTOR_EXCEPTIONS", "generate", "scale_value", "write_csv",
           "write_xlsx", "to_language"]

#: Named scales: organisations ≈ 9,850 × the factor.
SCALES = {"city": 1.0, "province": 10.0, "nation": 500.0}


def scale_value(scale: str | float) -> float:
    """``"city"``/``"province"``/``"nation"`` or a number -> the factor."""
    if isinstance(scale, str) and scale in SCALES:
        return SCALES[scale]
    try:
        value = float(scale)
    except (TypeError, ValueError):
        raise ValueError(f"scale must be one of {', '.join(SCALES)} or a number, not {scale!r}") from None
    if not 0 < value <= 2000:
        raise ValueError(f"scale must be above 0 and at most 2000, not {value}")
    return value


def generate(seed: int = 0, scale: float | str = 1.0) -> dict[str, pd.DataFrame]:
    """The demo dataset as contract tables.

    Parameters
    ----------
    seed:
        Same seed, same data (byte for byte).
    scale:
        1 is one city (赤峰); 10 a province of ten cities; 500 the nation. Values
        below 1 shrink the one city (useful in tests).

    Returns
    -------
    dict
        ``organizations``, ``people``, ``assignments``, ``alliances``,
        ``alliance_members``, ``chains``, ``chain_members``, ``pairings`` with the
        columns of :data:`loaders.contract.TABLES`.
    """
    scale = scale_value(scale)
    rng = np.random.default_rng(seed)
    orgs = organizations(rng, scale)
    out = {"organizations": orgs.frame()}
    out.update(demo_links.people_tables(rng, orgs, scale))
    out.update(demo_links.alliance_tables(rng, orgs, scale))
    out.update(demo_links.chain_tables(rng, orgs, scale))
    out["pairings"] = demo_links.pairings(rng, orgs, scale)
    return {t.name: out[t.name][t.column_names].reset_index(drop=True) for t in TABLES}


# -- files in the data-contract format ---------------------------------------------

_XLSX_MAX_ROWS = 1_048_575  # Excel's limit, less the header row


def to_language(data: dict[str, pd.DataFrame], lang: str = "zh") -> dict[str, pd.DataFrame]:
    """The tables as a planner's files hold them: headers and values in ``lang``.

    ``"zh"``: Chinese headers (each column's first alias), enum values in their
    first Chinese spelling (党支部, 农村, 先进, 包联, 牵头) and 是/否 for booleans.
    ``"en"``: the contract's English names and canonical values, true/false.
    Keys become the file/sheet names without extension (党组织, 人员, ...).
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    out: dict[str, pd.DataFrame] = {}
    for t in TABLES:
        df = data.get(t.name)
        if df is None:
            continue
        cols = {}
        for c in t.columns:
            s = df[c.name] if c.name in df.columns else pd.Series(None, index=df.index, dtype=object)
            if c.type.startswith("enum:") and lang == "zh":
                spell = {k: v[0] for k, v in ENUMS[c.type[5:]].items()}
                s = s.map(spell).where(s.notna(), None)
            elif c.type == "bool":
                s = _bool_text(s, lang)
            cols[c.label_zh if lang == "zh" else c.name] = s
        out[t.zh[0] if lang == "zh" else t.name] = pd.DataFrame(cols)
    return out


def _bool_text(s: pd.Series, lang: str) -> pd.Series:
    """True/False (or text/numbers saying so) -> 是/否 or true/false; missing stays empty."""
    yes, no = ("是", "否") if lang == "zh" else ("true", "false")
    known = s.notna().to_numpy()
    truth = np.zeros(len(s), bool)
    v = s[known]
    if v.dtype == object or pd.api.types.is_string_dtype(v.dtype):
        truth[known] = v.astype(str).str.strip().str.lower().isin(["true", "1", "是", "yes", "y"]).to_numpy()
    else:
        truth[known] = v.astype(bool).to_numpy()
    return pd.Series(np.where(known, np.where(truth, yes, no), None), index=s.index, dtype=object)


def write_csv(data: dict[str, pd.DataFrame], folder: str | Path, lang: str = "zh") -> list[Path]:
    """Write one CSV per table into ``folder`` (created), UTF-8 with a byte-order mark.

    Chinese file names and headers for ``lang="zh"`` (党组织.csv), English for
    ``"en"`` (organizations.csv); values as :func:`to_language` gives them.
    Returns the paths written.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, df in to_language(data, lang).items():
        path = folder / f"{name}.csv"
        table = pa.Table.from_pandas(df, preserve_index=False)
        with open(path, "wb") as fh:
            fh.write(b"\xef\xbb\xbf")
            pacsv.write_csv(table, fh, pacsv.WriteOptions(quoting_style="needed"))
        paths.append(path)
    return paths


def write_xlsx(data: dict[str, pd.DataFrame], path: str | Path, lang: str = "zh") -> Path:
    """Write one workbook with a sheet per table (Chinese sheet names and headers by default).

    Raises ``ValueError`` when a table has more rows than a sheet holds (use
    :func:`write_csv` for province or nation scale).
    """
    from openpyxl import Workbook

    tables = to_language(data, lang)
    for name, df in tables.items():
        if len(df) > _XLSX_MAX_ROWS:
            raise ValueError(f"{name}: {len(df):,} rows do not fit in one Excel sheet; write CSV instead")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook(write_only=True)
    for name, df in tables.items():
        ws = wb.create_sheet(title=name)
        ws.append(list(df.columns))
        clean = df.astype(object).where(df.notna(), None)
        for row in clean.itertuples(index=False, name=None):
            ws.append(list(row))
    wb.save(path)
    return path
