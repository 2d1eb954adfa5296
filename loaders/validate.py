"""Check a dataset against the contract and turn it into clean contract tables.

Every rule of ../shared/data-contract.md is checked column-wise with pandas and
numpy (messages are built only for the rows that fail), so a nation-scale table
of millions of organisations validates in seconds. A row that fails any rule is
rejected whole and listed with its reasons; a row that references a rejected row
(a parent, a person, an alliance ...) is rejected too, naming the rejected id.

Decisions the contract leaves open:

- A repeated id keeps its first row; later rows with that id are rejected.
- A missing required column rejects every row of that file or sheet (one
  table-level problem, not one per row).
- An alliance with several leads keeps the first lead row; the other lead rows
  are rejected. An alliance whose accepted members include no lead is rejected
  (and with it its member rows). An alliance without any accepted member rows
  is kept, with a warning, when the dataset has an alliance_members table.
- Every organisation on a parent cycle is rejected; organisations below a cycle
  follow by cascade.
- Repeated link rows are rejected: the same (alliance, org) or (chain, org)
  pair, or an assignment or pairing identical to an earlier row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import contract
from ._checks import (
    Work,
    link_duplicates,
    parent_checks,
    parse_column,
    resolve_refs,
    target_name,
)
from .errors import Problem, message
from .impact import CAUSE_COLUMNS, rejected_parents, root_causes
from .read import Dataset
from .workbook import ERROR_CODES

__all__ = ["ValidationResult", "validate", "COUNT_COLUMNS"]

#: The columns of :attr:`ValidationResult.counts`: read = loaded + rejected + skipped.
COUNT_COLUMNS = ["table", "files", "read", "loaded", "rejected", "skipped"]

#: Tables in the order their references allow (a table only names earlier ones).
ORDER = ("organizations", "people", "assignments", "alliances", "alliance_members",
         "chains", "chain_members", "pairings")

#: A number as Excel shows it once it has more than 15 digits: 1.50402198801011E+17.
_CUT = r"[+-]?\d(?:\.\d+)?[eE]\+\d+"

_LINK_KEYS: dict[str, tuple[str, ...] | None] = {
    "assignments": None,
    "alliance_members": ("alliance_id", "org_id"),
    "chain_members": ("chain_id", "org_id"),
    "pairings": None,
}


@dataclass
class ValidationResult:
    """What :func:`validate` produced.

    Attributes
    ----------
    tables:
        Clean contract tables: table name -> DataFrame with the contract's English
        columns, canonical enum values, ``Int64``/``Float64``/``boolean`` numbers
        and flags, ISO date strings, and missing values as NA. Only accepted rows.
    problems:
        Every error and warning, reader's first, then table by table in row order.
    rejects:
        One row per rejected input row: ``table``, ``file``, ``row`` (as Excel
        shows it), ``reason``, then the row's original columns as written.
    counts:
        Per table: ``table``, ``files``, ``read``, ``loaded``, ``rejected``, ``skipped``
        (read = loaded + rejected + skipped).
    causes:
        The root causes of the rejected rows, most costly first, with what each drags
        along (columns :data:`loaders.impact.CAUSE_COLUMNS`).
    rejected_parents:
        How many rejected organisations have organisations below them.
    """

    tables: dict[str, pd.DataFrame]
    problems: list[Problem]
    rejects: pd.DataFrame
    counts: pd.DataFrame
    causes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CAUSE_COLUMNS))
    rejected_parents: int = 0

    @property
    def rows_read(self) -> int:
        return int(self.counts["read"].sum())

    @property
    def rows_loaded(self) -> int:
        return int(self.counts["loaded"].sum())

    @property
    def rows_rejected(self) -> int:
        return int(self.counts["rejected"].sum())

    @property
    def rows_skipped(self) -> int:
        """Rows left out with a reason before validation (totals rows)."""
        return int(self.counts["skipped"].sum())

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def _excel_errors(w: Work, col: str, lang: str) -> np.ndarray:
    """Reject cells showing an Excel error (``#N/A``, ``#REF!`` ...) and blank them in ``w.df``."""
    s = w.df[col]
    maybe = s.str.startswith("#").fillna(False).to_numpy(dtype=bool)
    if not maybe.any():
        return maybe
    err = np.zeros(len(s), dtype=bool)
    err[maybe] = s[maybe].str.upper().isin(ERROR_CODES).to_numpy(dtype=bool)
    w.fail(err, col, [message("excel_error", lang, value=v) for v in s[err]])
    w.df[col] = s.mask(err, "")
    return err


def _too_precise(w: Work, col: str, lang: str) -> None:
    """Reject text cells holding a number Excel has cut to 15 digits (``1.50402198801011E+17``)."""
    s = w.df[col]
    cut = s.str.contains("+", regex=False).fillna(False).to_numpy(dtype=bool, copy=True)  # rare
    if cut.any():
        cut[cut] = s[cut].str.fullmatch(_CUT).fillna(False).to_numpy(dtype=bool)
    w.fail(cut, col, [message("too_precise", lang, value=v) for v in s[cut]])


def _check_values(w: Work, lang: str) -> None:
    """Excel errors, required values, types, ranges, dates and since <= until; fills ``w.clean``."""
    for col in w.table.columns:
        if col.name in w.missing:
            continue
        err = _excel_errors(w, col.name, lang)
        if col.type == "text":
            _too_precise(w, col.name, lang)
        s = w.df[col.name]
        blank = (s == "").to_numpy() & ~err
        if col.required:
            w.fail(blank, col.name, [message("required", lang)] * int(blank.sum()))
        clean, bad, msgs, codes = parse_column(s, col, lang)
        w.clean[col.name] = clean
        if codes is not None:
            w.codes[col.name] = codes
        w.fail(bad, col.name, msgs)
    if "since" in w.clean and "until" in w.clean:
        since, until = w.clean["since"], w.clean["until"]
        both = since.notna() & until.notna()
        wrong = (both & (until.astype("string") < since.astype("string"))).to_numpy(dtype=bool)
        w.fail(wrong, "until", [message("until_before_since", lang, until=u, since=s_)
                                for s_, u in zip(since[wrong], until[wrong])])


def _check_unique(w: Work, lang: str) -> None:
    """Repeated ids: the first row keeps the id, later rows are rejected."""
    key = w.table.key
    if key is None or key in w.missing:
        return
    ids = w.df[key]
    dup = w.key_dup & (ids != "").to_numpy()
    idx = np.flatnonzero(dup)
    first_of = w.key_first[w.key_codes[idx]]
    w.fail(dup, key, [message("duplicate_id", lang, value=ids.iat[i], first=w.where(f, relative_to=i))
                      for i, f in zip(idx, first_of)])


def _check_ref(w: Work, col: str, target: Work, pos: np.ndarray | None, lang: str) -> np.ndarray:
    """Dangling and rejected references in ``w[col]``; ``pos``: rows of ``target`` named (-1 none)."""
    if col in w.missing:
        return np.full(len(w.df), -1)
    values = w.df[col]
    if pos is None:  # the target has no key column: nothing can be found
        pos = np.full(len(w.df), -1, dtype=np.int64)
    given = (values != "").to_numpy()
    w.fail_dangling(given & (pos < 0), col, values, target.table.name, lang)
    rejected = np.zeros(len(values), dtype=bool)
    found = pos >= 0
    rejected[found] = target.bad[pos[found]]
    w.cascade(rejected, col, values, pos, target, lang)
    return pos


def _check_leads(members: Work, alliances: Work, lang: str) -> None:
    """Exactly one lead per alliance: extra leads rejected, lead-less alliances rejected."""
    alive = ~members.bad
    pos = members.refs.get("alliance_id", np.full(len(members.df), -1))
    role = members.clean.get("role", pd.Series([pd.NA] * len(members.df), dtype="string"))
    lead = alive & (role == "lead").fillna(False).to_numpy(dtype=bool) & (pos >= 0)
    lead_idx = np.flatnonzero(lead)
    extra = np.zeros(len(members.df), dtype=bool)
    if len(lead_idx):
        _, first = np.unique(pos[lead_idx], return_index=True)
        extra[lead_idx] = True
        extra[lead_idx[first]] = False
    first_lead = {int(pos[i]): int(i) for i in lead_idx[~extra[lead_idx]]}
    ex = np.flatnonzero(extra)
    members.fail(extra, "role", [message(
        "several_leads", lang, value=members.df["alliance_id"].iat[i],
        first=members.where(first_lead[int(pos[i])], relative_to=i)) for i in ex])
    n = len(alliances.df)
    has_member = np.zeros(n, dtype=bool)
    has_lead = np.zeros(n, dtype=bool)
    ok = alive & (pos >= 0)
    has_member[pos[ok]] = True
    has_lead[pos[lead & ~extra]] = True
    no_lead = has_member & ~has_lead & ~alliances.bad
    alliances.fail(no_lead, "alliance_id", [message("no_lead", lang)] * int(no_lead.sum()))
    lonely = ~has_member & ~alliances.bad
    alliances.warn(lonely, "alliance_id", [message("no_members", lang)] * int(lonely.sum()))
    hit = np.zeros(len(members.df), dtype=bool)
    hit[ok] = no_lead[pos[ok]]
    members.cascade(hit & ~members.bad, "alliance_id", members.df["alliance_id"], pos, alliances, lang)


def _check_self_pairing(w: Work, lang: str) -> None:
    if {"org_a", "org_b"} & w.missing:
        return
    a, b = w.df["org_a"], w.df["org_b"]
    same = ((a == b) & (a != "")).to_numpy()
    w.fail(same, "org_b", [message("self_pairing", lang, value=v) for v in a[same]])


def validate(data: Dataset, *, lang: str = "zh",
             outside: dict[str, set[str]] | None = None) -> ValidationResult:
    """Check ``data`` (from :func:`loaders.read.read_dataset`) against the contract.

    Parameters
    ----------
    data:
        The dataset as read (text values, with their source locations).
    lang:
        Language of the messages: ``"zh"`` or ``"en"``.
    outside:
        Keys, per table, that exist outside the dataset and may be referred to (a
        county's submission: the rest of the graph, :func:`loaders.submit.outside_keys`).

    Returns
    -------
    ValidationResult
        Clean tables, problems, rejected rows and counts; for every table
        ``loaded + rejected + skipped == read``.
    """
    by_table = data.by_table()
    works: dict[str, Work] = {}
    for name in ORDER:
        if name in by_table:
            w = Work.build(contract.table(name), by_table[name], lang)
            w.outside = dict(outside or {})
            works[name] = w
            _check_values(w, lang)
    refs = resolve_refs(works)
    for w in works.values():
        _check_unique(w, lang)
    if "organizations" in works:
        parent_checks(works["organizations"], refs.get(("organizations", "parent_id")), lang)
    for name in ORDER[1:]:
        w = works.get(name)
        if w is None:
            continue
        for col in w.table.columns:
            ref = col.ref
            if ref is None:
                continue
            target = works.get(ref.split(".")[0])
            if target is None:
                w.refs[col.name] = _check_ref_absent(w, col.name, ref.split(".")[0], lang)
            else:
                w.refs[col.name] = _check_ref(w, col.name, target, refs.pop((name, col.name), None), lang)
        if name in _LINK_KEYS:
            link_duplicates(w, _LINK_KEYS[name], lang)
        if name == "alliance_members" and "alliances" in works:
            _check_leads(w, works["alliances"], lang)
        if name == "pairings":
            _check_self_pairing(w, lang)
    return _assemble(data, works, lang)


def _check_ref_absent(w: Work, col: str, table: str, lang: str) -> np.ndarray:
    """A reference into a table the dataset does not have: every given value dangles."""
    values = w.df[col] if col not in w.missing else pd.Series([""] * len(w.df))
    given = (values != "").to_numpy()
    w.fail_dangling(given, col, values, table, lang)
    return np.full(len(w.df), -1)


def _assemble(data: Dataset, works: dict[str, Work], lang: str) -> ValidationResult:
    problems = list(data.problems)
    causes = root_causes(works, lang)
    tables: dict[str, pd.DataFrame] = {}
    rejects: list[pd.DataFrame] = []
    counts = []
    for name in ORDER:
        w = works.get(name)
        if w is None:
            continue
        problems.extend(w.problems())
        tables[name] = w.clean_frame()
        rejects.extend(w.reject_frames())
        n_bad = int(w.bad.sum())
        n_skip = sum(len(s.skipped) for s in w.sources)
        counts.append((name, ", ".join(s.label for s in w.sources), len(w.df) + n_skip,
                       len(w.df) - n_bad, n_bad, n_skip))
    cols = ["table", "file", "row", "reason"]
    rej = pd.concat(rejects, ignore_index=True) if rejects else pd.DataFrame(columns=cols)
    return ValidationResult(tables, problems, rej, pd.DataFrame(counts, columns=COUNT_COLUMNS), causes,
                            rejected_parents(works.get("organizations")))
