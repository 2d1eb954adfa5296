"""The vectorised machinery under :mod:`loaders.validate` (private).

:class:`Work` is one table being validated: its rows as stripped text with their
source locations, the typed clean values, the rejected-row mask and the issues
found. The helpers parse a column once per distinct value (``pd.factorize``), look
ids up by factorising a table's keys and every reference to them together (one
hash table per target table), and walk parent pointers by pointer doubling
(log2(n) numpy steps) to find cycles and rejected ancestors.

Text stays in Arrow buffers throughout: stripping copies a column only when it has
something to strip, and blanks become nulls by a new validity bitmap over the same
buffers, so the clean text columns share memory with what was read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import contract
from .errors import Problem, message
from .read import Source

__all__ = ["Work", "parse_column", "resolve_refs", "parent_checks", "link_duplicates", "target_name",
           "normalised_ids"]

_TRUE = {"是", "true", "1", "yes", "y", "t", "√"}
_FALSE = {"否", "false", "0", "no", "n", "f", "×"}
_INT = r"[+-]?\d+(?:\.0*)?"
_DATE = re.compile(
    r"^(?:(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{4})(\d{2})(\d{2}))"
    r"(?:[ T]0{1,2}:00(?::00(?:\.0+)?)?)?$"
)


def target_name(table: str, lang: str) -> str:
    """How messages name a table: ``党组织表`` / ``organizations``."""
    t = contract.table(table)
    return f"{t.zh[0]}表" if lang == "zh" else t.name


def _fmt(x: float | None) -> str:
    return "" if x is None else (str(int(x)) if float(x).is_integer() else str(x))


def _enum_choices(enum: str, lang: str) -> str:
    items = contract.ENUMS[enum].items()
    if lang == "zh":
        return "、".join(f"{zh[0]}/{en}" for en, zh in items)
    return ", ".join(f"{en} ({zh[0]})" for en, zh in items)


# -- Arrow helpers -------------------------------------------------------------------


def arrow_of(s: pd.Series) -> pa.ChunkedArray:
    """The Arrow data under a text Series (no copy when it is Arrow-backed already)."""
    data = getattr(s.array, "_pa_array", None)
    if isinstance(data, pa.ChunkedArray):
        return data
    return pa.chunked_array([pa.array(s.to_numpy(dtype=object), type=pa.large_string(), from_pandas=True)])


def stripped(s: pd.Series) -> pd.Series:
    """``s.str.strip()``, but ``s`` itself (shared buffers) when nothing needs stripping."""
    data = getattr(s.array, "_pa_array", None)
    if not isinstance(data, pa.ChunkedArray) or not pa.types.is_string(data.type) and not pa.types.is_large_string(data.type):
        return s.str.strip()
    trimmed = pc.utf8_trim_whitespace(data)
    if pc.sum(pc.binary_length(trimmed)).as_py() == pc.sum(pc.binary_length(data)).as_py():
        return s
    del trimmed
    return s.str.strip()


def _null_blanks(chunk: pa.Array) -> pa.Array:
    """``chunk`` with empty strings turned into nulls, reusing its offsets and data."""
    keep = pc.fill_null(pc.not_equal(chunk, ""), False)
    if keep.null_count == 0 and pc.all(keep).as_py():
        return chunk
    if chunk.offset == 0 and keep.offset == 0:
        return pa.Array.from_buffers(chunk.type, len(chunk), [keep.buffers()[1], *chunk.buffers()[1:]])
    return pc.if_else(keep, chunk, pa.scalar(None, chunk.type))


def text_values(s: pd.Series) -> pd.Series:
    """A text column as the ``string`` dtype, blanks as NA (no copy of the text itself)."""
    data = arrow_of(s)
    out = pa.chunked_array([_null_blanks(c) for c in data.chunks], type=data.type)
    return pd.Series(pd.arrays.ArrowStringArray(out), index=s.index, name=s.name)


def _shared_dictionary(enc: pa.ChunkedArray) -> pa.Array | None:
    """The dictionary all chunks of ``enc`` share (Arrow's hash kernel keeps one memo
    table across chunks and gives every chunk the final dictionary), else None."""
    dictionary = max((c.dictionary for c in enc.chunks), key=len, default=None)
    if dictionary is None:  # no chunks at all: a table with a header and no rows
        return None
    try:
        data = dictionary.buffers()[2]
        for c in enc.chunks:
            if len(c.dictionary) and (len(c.dictionary) != len(dictionary)
                                      or c.dictionary.buffers()[2].address != data.address):
                return None
    except AttributeError:  # a dictionary without a data buffer (only empty strings)
        return None
    return dictionary


def factorize_text(parts: list[pd.Series]) -> tuple[np.ndarray, pd.Index]:
    """``pd.factorize`` of the Series in ``parts`` one after the other (one hash table).

    Codes number distinct values in order of first appearance; NA is -1.
    """
    chunks = []
    for s in parts:
        data = arrow_of(s)
        if not pa.types.is_large_string(data.type):
            data = data.cast(pa.large_string())
        chunks.extend(data.chunks)
    if not chunks:
        return np.zeros(0, dtype=np.int64), pd.Index([], dtype="string")
    whole = pa.chunked_array(chunks, type=pa.large_string())
    enc = pc.dictionary_encode(whole)
    dictionary = _shared_dictionary(enc)
    if dictionary is not None:
        codes = np.concatenate([c.indices.fill_null(-1).to_numpy() for c in enc.chunks])
        return codes, pd.Index(pd.arrays.ArrowStringArray(dictionary))
    del enc
    codes, uniq = pd.factorize(pd.Series(pd.arrays.ArrowStringArray(whole)))
    return codes.astype(np.int64, copy=False), pd.Index(uniq)


def parse_column(
    s: pd.Series, col: contract.Column, lang: str
) -> tuple[pd.Series, np.ndarray, list[str], np.ndarray | None]:
    """Typed clean values, a failure mask, one message per failure, and value codes, for a text column.

    Blank cells are NA and never fail here (required values are checked apart).
    Each distinct value is parsed once, so low-cardinality columns cost nothing.
    The codes (None for text columns) are equal exactly where the clean values are
    (NA included), for finding repeated rows without comparing values again.
    """
    if col.type == "text":
        return text_values(s), np.zeros(len(s), dtype=bool), [], None
    codes, uniq_idx = pd.factorize(s)
    u = pd.Series(uniq_idx, dtype="string")
    blank = (u == "").to_numpy(dtype=bool)
    msg: list[str | None] = [None] * len(u)
    if col.type.startswith("enum:"):
        enum = col.type.split(":", 1)[1]
        table = {en: en for en in contract.ENUMS[enum]}
        table.update({zh: en for en, zhs in contract.ENUMS[enum].items() for zh in zhs})
        value = u.str.lower().map(table).astype("string")
        bad = ~blank & value.isna().to_numpy(dtype=bool)
        choices = _enum_choices(enum, lang)
        for i in np.flatnonzero(bad):
            msg[i] = message("enum", lang, value=u.iat[i], choices=choices)
    elif col.type == "bool":
        low = u.str.lower()
        value = pd.Series(pd.NA, index=u.index, dtype="boolean")
        value[low.isin(_TRUE).to_numpy(dtype=bool)] = True
        value[low.isin(_FALSE).to_numpy(dtype=bool)] = False
        bad = ~blank & value.isna().to_numpy(dtype=bool)
        for i in np.flatnonzero(bad):
            msg[i] = message("bool", lang, value=u.iat[i])
    elif col.type in ("int", "number"):
        if col.type == "int":
            ok = u.str.fullmatch(_INT).fillna(False).to_numpy(dtype=bool)
            num = pd.to_numeric(u.where(ok).str.replace(r"\.0*$", "", regex=True), errors="coerce")
            value = num.astype("Int64")
        else:
            num = pd.to_numeric(u.where(~blank), errors="coerce").astype("Float64")
            num = num.where(np.isfinite(num.fillna(0).to_numpy(dtype=float)))
            value = num
        bad = ~blank & value.isna().to_numpy(dtype=bool)
        for i in np.flatnonzero(bad):
            msg[i] = message(col.type, lang, value=u.iat[i])
        f = value.astype("Float64")
        low = (f < col.min).fillna(False).to_numpy(dtype=bool) if col.min is not None else False
        high = (f > col.max).fillna(False).to_numpy(dtype=bool) if col.max is not None else False
        out = np.asarray(low | high, dtype=bool) & ~bad
        for i in np.flatnonzero(out):
            key = "between" if col.max is not None else "at_least"
            msg[i] = message(key, lang, value=u.iat[i], min=_fmt(col.min), max=_fmt(col.max))
        bad = bad | out
        value = value.mask(out)
    elif col.type == "date":
        parts = u.str.extract(_DATE)
        y = parts[0].fillna(parts[3])
        m = parts[1].fillna(parts[4])
        d = parts[2].fillna(parts[5])
        def num(x: pd.Series) -> np.ndarray:
            return pd.to_numeric(x, errors="coerce").astype("Float64").to_numpy(dtype=float, na_value=np.nan)

        when = pd.to_datetime(pd.DataFrame({"year": num(y), "month": num(m), "day": num(d)}), errors="coerce")
        value = when.dt.strftime("%Y-%m-%d").astype("string").mask(when.isna())
        bad = ~blank & value.isna().to_numpy(dtype=bool)
        for i in np.flatnonzero(bad):
            msg[i] = message("date", lang, value=u.iat[i])
    else:  # pragma: no cover - the contract only has these types
        raise ValueError(f"unknown column type {col.type!r}")
    clean = value.take(codes).reset_index(drop=True) if len(u) else value.iloc[0:0]
    rows_bad = bad[codes] if len(u) else np.zeros(0, dtype=bool)
    msgs = [msg[c] or "" for c in codes[rows_bad]]
    vcodes, _ = pd.factorize(value, use_na_sentinel=False)
    row_codes = np.where(codes >= 0, vcodes[np.maximum(codes, 0)], -1) if len(u) else codes
    row_codes = row_codes.astype(np.int32 if len(u) < 2**31 else np.int64)
    return clean.set_axis(s.index), rows_bad, msgs, row_codes


def first_occurrences(codes: np.ndarray) -> np.ndarray:
    """Mask of the rows whose code appears for the first time.

    ``pd.factorize`` numbers values in order of first appearance, so a row is a
    first occurrence exactly when its code exceeds every earlier code: no sort.
    """
    prev = np.maximum.accumulate(np.concatenate(([-1], codes[:-1]))) if len(codes) else codes
    return codes > prev


def resolve_refs(works: dict[str, Work]) -> dict[tuple[str, str], np.ndarray]:
    """Each table's repeated keys, and where every reference points, in one pass per target.

    For a table with a key, the key column and every column of any table referring
    to it are factorised together, so one hash table serves them all. Sets the
    target's ``key_first`` (row of each distinct key's first occurrence) and
    ``key_dup`` (rows repeating an earlier key); returns, per (table, column) that
    refers to a table present here, the referenced row (first occurrence) or -1
    (blank or not found).
    """
    out: dict[tuple[str, str], np.ndarray] = {}
    for name, target in works.items():
        key = target.table.key
        if key is None or key in target.missing:
            continue
        users = [(w, c.name) for w in works.values() for c in w.table.columns
                 if c.ref and c.ref.split(".")[0] == name and c.name not in w.missing]
        codes, uniq = factorize_text([target.df[key], *(w.df[c] for w, c in users)])
        n = len(target.df)
        new = first_occurrences(codes[:n])
        target.key_first = np.flatnonzero(new)
        target.key_dup = ~new
        target.key_codes = codes[:n].copy()
        k = len(target.key_first)
        blank = np.flatnonzero((uniq == "").to_numpy(dtype=bool, na_value=False) if len(uniq) else [])
        start = n
        for w, col in users:
            cc = codes[start:start + len(w.df)]
            start += len(w.df)
            pos = np.full(len(cc), -1, dtype=np.int32 if n < 2**31 else np.int64)
            found = (cc >= 0) & (cc < k)
            if len(blank):
                found &= cc != blank[0]
            pos[found] = target.key_first[cc[found]]
            out[(w.table.name, col)] = pos
    return out


def normalised_ids(s: pd.Series) -> tuple[pd.Series, int, tuple[str, str] | None]:
    """Ids as one spelling: Unicode NFKC (full-width ``Ｏ０１`` -> ``O01``), surrounding
    spaces (U+3000 too) removed, letters upper-cased.

    Returns the normalised column, how many values changed and one (before, after) example.
    """
    data = arrow_of(s)
    if not pa.types.is_string(data.type) and not pa.types.is_large_string(data.type):
        data = data.cast(pa.large_string())
    if len(data) and pc.all(pc.string_is_ascii(data)).as_py() is not False:
        norm = pc.ascii_upper(data)
    else:
        norm = pc.utf8_upper(pc.utf8_trim_whitespace(pc.utf8_normalize(data, "NFKC")))
    changed = pc.fill_null(pc.not_equal(norm, data), False)
    n = pc.sum(changed).as_py() or 0
    if not n:
        return s, 0, None
    i = pc.index(changed, True).as_py()
    example = (data[i].as_py(), norm[i].as_py())
    return pd.Series(pd.arrays.ArrowStringArray(norm), index=s.index, name=s.name), int(n), example


def _blank(n: int) -> pd.Series:
    return pd.Series(pd.array(pa.nulls(n, pa.string()).fill_null(""), dtype="str"))


@dataclass
class Work:
    """One table under validation (see module docstring)."""

    table: contract.Table
    sources: list[Source]
    df: pd.DataFrame
    src: np.ndarray
    pos: np.ndarray
    row: np.ndarray
    missing: set[str]
    dead: np.ndarray
    bad: np.ndarray
    clean: dict[str, pd.Series] = field(default_factory=dict)
    refs: dict[str, np.ndarray] = field(default_factory=dict)
    issues: list[tuple[np.ndarray, str, list[str], str]] = field(default_factory=list)
    table_problems: list[Problem] = field(default_factory=list)
    #: set by :func:`resolve_refs`: key code per row, first row per key code, repeat mask
    key_codes: Any = None
    key_first: Any = None
    key_dup: Any = None
    #: per column, codes equal exactly where the clean values are (see :func:`parse_column`)
    codes: dict[str, np.ndarray] = field(default_factory=dict)
    #: rows rejected only because they name a rejected row: row -> (target table, target row)
    caused_by: dict[int, tuple[str, int]] = field(default_factory=dict)
    #: (column, mask) of references that name no row at all
    dangling: list[tuple[str, np.ndarray]] = field(default_factory=list)
    #: keys outside the dataset that references may name (a county's submission may
    #: name the city committee above it, a mentor from another county): table -> keys
    outside: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, table: contract.Table, sources: list[Source], lang: str) -> Work:
        parts, srcs, poss, rows, dead = [], [], [], [], []
        problems = []
        for k, s in enumerate(sources):
            n = len(s.frame)
            cols = {}
            for c in table.columns:
                h = s.columns.get(c.name)
                cols[c.name] = stripped(s.frame[h]) if h else _blank(n)
                if h and (c.unique or c.ref):
                    cols[c.name], changed, example = normalised_ids(cols[c.name])
                    if changed:
                        problems.append(Problem(s.label, None, h, message(
                            "normalised", lang, n=changed, before=example[0], after=example[1]), "warning"))
            parts.append(pd.DataFrame(cols))
            srcs.append(np.full(n, k))
            poss.append(np.arange(n))
            rows.append(s.rows)
            absent = [c for c in table.columns if c.required and c.name not in s.columns]
            dead.append(np.full(n, bool(absent)))
            for c in absent:
                name = c.label_zh if lang == "zh" else c.name
                problems.append(Problem(s.label, None, name, message("missing_column", lang, column=name, n=n)))
        df = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
            {c: pd.Series([], dtype="str") for c in table.column_names})
        cat = (lambda xs, dt: np.concatenate(xs).astype(dt) if xs else np.zeros(0, dtype=dt))
        w = cls(table, sources, df, cat(srcs, np.int64), cat(poss, np.int64), cat(rows, np.int64),
                {c for c in table.column_names if all(c not in s.columns for s in sources)},
                cat(dead, bool), cat(dead, bool).copy(), table_problems=problems)
        if w.dead.any():
            reasons = []
            for k, s in enumerate(sources):
                absent = [c for c in table.columns if c.required and c.name not in s.columns]
                if absent:
                    reasons += ["; ".join(message("missing_column_row", lang, column=(
                        c.label_zh if lang == "zh" else c.name)) for c in absent)] * len(s.frame)
            w.issues.append((np.flatnonzero(w.dead), "", reasons, "silent"))
        start = 0
        for s in sources:
            if s.bad_rows:
                at = sorted(s.bad_rows)
                mask = np.zeros(len(w.df), dtype=bool)
                mask[start + np.asarray(at, dtype=np.int64)] = True
                w.fail(mask, "", [s.bad_rows[p] for p in at])
            start += len(s.frame)
        return w

    # -- recording -----------------------------------------------------------------

    def fail(self, mask: np.ndarray, col: str, msgs: list[str], severity: str = "error") -> None:
        """Record ``msgs`` (one per True in ``mask``) on column ``col``; errors reject the rows."""
        idx = np.flatnonzero(mask)
        if not len(idx):
            return
        live = ~self.dead[idx]
        if not live.all():
            idx, msgs = idx[live], [m for m, keep in zip(msgs, live) if keep]
        if not len(idx):
            return
        self.issues.append((idx, col, list(msgs), severity))
        if severity == "error":
            self.bad[idx] = True

    def warn(self, mask: np.ndarray, col: str, msgs: list[str]) -> None:
        self.fail(mask, col, msgs, "warning")

    def where(self, i: int, relative_to: int | None = None) -> str:
        """Row ``i`` as ``file:row``, or just ``row`` when ``relative_to`` is in the same file."""
        if relative_to is not None and self.src[relative_to] == self.src[i]:
            return str(int(self.row[i]))
        return f"{self.sources[self.src[i]].label}:{int(self.row[i])}"

    def cascade(self, mask: np.ndarray, col: str, values: pd.Series, pos: np.ndarray,
                target: Work, lang: str) -> None:
        """Reject rows in ``mask`` because ``values`` name rejected rows of ``target``.

        A row not rejected before is recorded in ``caused_by``, so the report can trace
        it back to the root cause (see :mod:`loaders.impact`).
        """
        idx = np.flatnonzero(mask)
        for i in idx[~self.bad[idx]]:
            self.caused_by[int(i)] = (target.table.name, int(pos[i]))
        self.fail(mask, col, [message("rejected_ref", lang, value=values.iat[i],
                                      where=target.where(int(pos[i]))) for i in idx])

    def fail_dangling(self, mask: np.ndarray, col: str, values: pd.Series, target: str, lang: str) -> None:
        """Reject rows in ``mask`` whose ``values`` name no row of the table ``target``
        (nor one of its keys kept outside the dataset, :attr:`outside`)."""
        if self.outside.get(target):
            mask = mask & ~values.isin(self.outside[target]).to_numpy()
        self.dangling.append((col, mask & ~self.dead))
        self.fail(mask, col, [message("dangling", lang, value=v, target=target_name(target, lang))
                              for v in values[mask]])

    def header(self, i: int, col: str) -> str:
        return self.sources[self.src[i]].columns.get(col, col) if col else ""

    # -- results -------------------------------------------------------------------

    def problems(self) -> list[Problem]:
        found = []
        for seq, (idx, col, msgs, sev) in enumerate(self.issues):
            if sev == "silent":
                continue
            for i, m in zip(idx, msgs):
                found.append((int(self.src[i]), int(self.row[i]), seq,
                              Problem(self.sources[self.src[i]].label, int(self.row[i]),
                                      self.header(i, col), m, sev)))
        found.sort(key=lambda t: t[:3])
        return self.table_problems + [p for *_, p in found]

    def reasons(self) -> dict[int, str]:
        out: dict[int, list[str]] = {}
        for idx, col, msgs, sev in self.issues:
            if sev == "warning":
                continue
            for i, m in zip(idx, msgs):
                h = self.header(i, col)
                out.setdefault(int(i), []).append(f"{h}: {m}" if h else m)
        return {i: "; ".join(v) for i, v in out.items()}

    def clean_frame(self) -> pd.DataFrame:
        """The accepted rows' clean values; hands the columns over (``clean`` is emptied)."""
        keep = ~self.bad
        everything = bool(keep.all())
        cols = {}
        for c in self.table.columns:
            if c.name in self.clean:
                s = self.clean.pop(c.name)
                cols[c.name] = s.reset_index(drop=True) if everything else s[keep].reset_index(drop=True)
                del s
            else:
                dtype = {"int": "Int64", "number": "Float64", "bool": "boolean"}.get(c.type, "string")
                cols[c.name] = pd.Series(pd.NA, index=range(int(keep.sum())), dtype=dtype)
        return pd.DataFrame(cols)

    def reject_frames(self) -> list[pd.DataFrame]:
        reasons = self.reasons()
        out = []
        for k, s in enumerate(self.sources):
            idx = np.flatnonzero(self.bad & (self.src == k))
            if not len(idx):
                continue
            orig = s.frame.iloc[self.pos[idx]].reset_index(drop=True)
            meta = pd.DataFrame({"table": self.table.name, "file": s.label, "row": self.row[idx],
                                 "reason": [reasons.get(int(i), "") for i in idx]})
            out.append(pd.concat([meta, orig], axis=1))
        return out


# -- organisation hierarchy ----------------------------------------------------------


def _on_cycle(parent: np.ndarray) -> np.ndarray:
    """Nodes on a cycle of ``parent`` pointers (-1: no parent), by pointer doubling."""
    n = len(parent)
    anc = parent.copy()
    steps = 1
    while steps < n:
        live = anc >= 0
        if not live.any():
            return np.zeros(n, dtype=bool)
        nxt = np.full(n, -1, dtype=np.int64)
        nxt[live] = anc[anc[live]]
        anc, steps = nxt, steps * 2
    on = np.zeros(n, dtype=bool)
    on[anc[anc >= 0]] = True
    return on


def _bad_ancestor(parent: np.ndarray, bad: np.ndarray) -> np.ndarray:
    """Nodes with a ``bad`` node among their ancestors, by pointer doubling."""
    n = len(parent)
    anc = parent.copy()
    hit = np.zeros(n, dtype=bool)
    live = anc >= 0
    hit[live] = bad[anc[live]]
    steps = 1
    while steps < n and live.any():
        nxt_hit = hit.copy()
        nxt_hit[live] |= hit[anc[live]]
        nxt = np.full(n, -1, dtype=np.int64)
        nxt[live] = anc[anc[live]]
        anc, hit, steps = nxt, nxt_hit, steps * 2
        live = anc >= 0
    return hit


def parent_checks(w: Work, pos: np.ndarray | None, lang: str) -> None:
    """parent_id: must name an organisation, no cycles, not below a rejected one.

    ``pos`` is where each parent_id points (from :func:`resolve_refs`).
    """
    if "parent_id" in w.missing or "org_id" in w.missing or pos is None:
        return
    ids, parents = w.df["org_id"], w.df["parent_id"]
    given = (parents != "").to_numpy()
    w.fail_dangling(given & (pos < 0), "parent_id", parents, "organizations", lang)
    on = _on_cycle(pos)
    msgs = []
    for i in np.flatnonzero(on):
        chain, j = [ids.iat[i]], int(pos[i])
        while j != i and len(chain) < 6:
            chain.append(ids.iat[j])
            j = int(pos[j])
        chain.append(ids.iat[i] if j == i else "…")
        msgs.append(message("cycle", lang, cycle=" → ".join(chain)))
    w.fail(on, "parent_id", msgs)
    below = _bad_ancestor(pos, w.bad) & ~w.bad
    w.cascade(below, "parent_id", parents, pos, w, lang)
    w.refs["parent_id"] = pos


def link_duplicates(w: Work, keys: tuple[str, ...] | None, lang: str) -> None:
    """Reject a link row that repeats an earlier accepted one (same key columns)."""
    cols = [c for c in (keys or w.table.column_names) if c not in w.missing]
    alive = np.flatnonzero(~w.bad)
    if not cols or len(alive) < 2:
        return
    group = np.zeros(len(alive), dtype=np.int64)
    span = 1  # group < span
    for c in cols:
        # for accepted rows a reference's target row stands for its value (dangling ones are rejected)
        codes = w.refs.get(c)
        if codes is None:
            codes = w.codes.get(c)
        if codes is None:
            codes = factorize_text([w.clean[c] if c in w.clean else text_values(w.df[c])])[0]
        cc = codes[alive].astype(np.int64) + 1
        width = int(cc.max()) + 1
        if span * width >= 2**62:  # renumber before the combined code could overflow
            group = pd.factorize(group)[0].astype(np.int64, copy=False)
            span = int(group.max()) + 1
        group = group * width + cc
        span *= width
    group = pd.factorize(group)[0]
    new = first_occurrences(group)
    dup = ~new
    first_of = alive[np.flatnonzero(new)[group[dup]]]
    mask = np.zeros(len(w.df), dtype=bool)
    mask[alive[dup]] = True
    w.fail(mask, cols[-1] if keys else "", [message("duplicate_link", lang, first=w.where(int(f), relative_to=int(i)))
                                          for i, f in zip(alive[dup], first_of)])
