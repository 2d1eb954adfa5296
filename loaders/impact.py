"""What the rejected rows drag along, and whether a load may replace the graph with them.

A row is rejected for a reason of its own (a duplicate id, a bad value, a reference to
nothing) or only because it names a rejected row (an organisation below a rejected
one, a mentor link to a rejected person). :func:`root_causes` follows the second kind
back to the first, so the report can say what one slip costs::

    organizations.csv:3 parent_id: 'O00000002' is not in organizations (5 rows)
      → 411 organisations and 1,478 links not loaded with it

References to one missing id are one cause. :func:`check_rejects` is the decision the
command line and the dashboard both take before replacing a graph: refuse when the
rejected rows pass a share of the rows read, or when a rejected organisation has
organisations below it, unless the planner accepts the loss.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .errors import message

if TYPE_CHECKING:
    from ._checks import Work
    from .validate import ValidationResult

__all__ = ["CAUSE_COLUMNS", "root_causes", "rejected_parents", "RejectCheck", "check_rejects",
           "cause_lines"]

#: The columns of :attr:`loaders.validate.ValidationResult.causes`.
CAUSE_COLUMNS = ["table", "file", "row", "reason", "rows", "organizations", "people", "links",
                 "dragged"]

_KINDS = {"organizations": "organizations", "people": "people"}
#: Default of the reject threshold: the share of rows read that may be rejected.
DEFAULT_SHARE = 0.01


def _roots(works: dict[str, Work]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Every row of every table numbered globally, with the global row of its root cause.

    Returns the table names in order, each table's first global row, and ``root``
    (-1 for a row that is not rejected; itself for a row rejected on its own).
    """
    names = list(works)
    start = np.cumsum([0] + [len(works[n].df) for n in names])
    base = dict(zip(names, start[:-1]))
    up = np.full(int(start[-1]), -1, dtype=np.int64)
    bad = np.concatenate([works[n].bad for n in names]) if names else np.zeros(0, dtype=bool)
    for n in names:
        for i, (t, j) in works[n].caused_by.items():
            up[base[n] + i] = base[t] + j
    root = np.where(up >= 0, up, np.arange(len(up)))
    while True:  # pointer doubling: log2(depth) steps
        nxt = root[root]
        if np.array_equal(nxt, root):
            break
        root = nxt
    root[~bad] = -1
    return names, start, root


def _groups(works: dict[str, Work], names: list[str], start: np.ndarray) -> np.ndarray:
    """Each global row's cause: itself, the first row naming the same missing id, or the
    first row of a file that lacks a required column."""
    group = np.arange(int(start[-1]), dtype=np.int64)
    for k, n in enumerate(names):
        dead = np.flatnonzero(works[n].dead)
        if len(dead):
            src = works[n].src[dead]
            _, first = np.unique(src, return_index=True)
            group[start[k] + dead] = start[k] + dead[first][np.searchsorted(np.unique(src), src)]
        for col, mask in works[n].dangling:
            g = start[k] + np.flatnonzero(mask)
            g = g[group[g] == g]  # a row dangling in two columns: its first column counts
            if not len(g):
                continue
            codes, _ = pd.factorize(works[n].df[col].iloc[g - start[k]])
            _, first = np.unique(codes, return_index=True)
            group[g] = g[first][codes]
    return group


def root_causes(works: dict[str, Work], lang: str) -> pd.DataFrame:
    """The root causes of the rejected rows, most costly first (columns :data:`CAUSE_COLUMNS`).

    ``rows`` counts the rows rejected for the cause itself (several when they name one
    missing id); ``organizations``, ``people`` and ``links`` count what they drag along
    (rows rejected only because of them); ``dragged`` says it in words.
    """
    names, start, root = _roots(works)
    rejected = np.flatnonzero(root >= 0)
    if not len(rejected):
        return pd.DataFrame(columns=CAUSE_COLUMNS)
    table_of = np.repeat(np.arange(len(names)), np.diff(start))
    cause = _groups(works, names, start)[root[rejected]]
    kinds = np.array([_KINDS.get(n, "links") for n in names], dtype=object)[table_of[rejected]]
    kinds = np.where(root[rejected] == rejected, "rows", kinds)
    counts = pd.crosstab(cause, kinds).reindex(columns=["rows", *_KINDS.values(), "links"], fill_value=0)
    counts["cost"] = counts.sum(axis=1)
    counts = counts.sort_values("cost", ascending=False, kind="stable")
    reasons: dict[int, dict[int, str]] = {}
    out = []
    for g, c in zip(counts.index, counts.itertuples(index=False)):
        k = int(table_of[g])
        w = works[names[k]]
        i = int(g - start[k])
        if k not in reasons:
            reasons[k] = w.reasons()
        d = {"organizations": c.organizations, "people": c.people, "links": c.links}
        out.append((names[k], w.sources[w.src[i]].label, int(w.row[i]), reasons[k].get(i, ""),
                    int(c.rows), int(c.organizations), int(c.people), int(c.links), _dragged(d, lang)))
    return pd.DataFrame(out, columns=CAUSE_COLUMNS)


def _dragged(d: dict[str, int], lang: str) -> str:
    parts = [message(f"drag_{k}", lang, n=f"{int(d[k]):,}") for k in ("organizations", "people", "links")
             if d.get(k)]
    if not parts:
        return ""
    return message("dragged", lang, what=("、" if lang == "zh" else ", ").join(parts))


def rejected_parents(orgs: Work | None) -> int:
    """How many rejected organisations have an organisation below them in the input."""
    if orgs is None or "parent_id" not in orgs.refs:
        return 0
    pos = orgs.refs["parent_id"]
    has_child = np.zeros(len(orgs.df), dtype=bool)
    has_child[pos[pos >= 0]] = True
    return int((has_child & orgs.bad).sum())


@dataclass(frozen=True)
class RejectCheck:
    """Whether a load's rejects are small enough to replace the graph without asking.

    ``refuse`` is True when ``rejected`` passes ``max_share`` of ``read`` or any
    rejected organisation has organisations below it (``parents``).
    """

    read: int
    rejected: int
    parents: int
    max_share: float

    @property
    def share(self) -> float:
        return self.rejected / self.read if self.read else 0.0

    @property
    def refuse(self) -> bool:
        return self.rejected > self.max_share * self.read or self.parents > 0

    def message(self, lang: str = "zh") -> str:
        """One line: what would be lost and how to load anyway."""
        why = message("refuse_parents", lang, n=self.parents) if self.parents else message(
            "refuse_share", lang, share=f"{self.share:.1%}", max=f"{self.max_share:.1%}")
        return message("refuse", lang, n=f"{self.rejected:,}", read=f"{self.read:,}", why=why)


def check_rejects(result: ValidationResult, max_share: float = DEFAULT_SHARE) -> RejectCheck:
    """The reject threshold's verdict on ``result`` (see :class:`RejectCheck`)."""
    return RejectCheck(result.rows_read, result.rows_rejected, result.rejected_parents, max_share)


def cause_lines(result: ValidationResult, lang: str = "zh", limit: int | None = None) -> list[str]:
    """The root causes as report lines, most costly first (at most ``limit``)."""
    lines = []
    causes = result.causes if limit is None else result.causes.head(limit)
    for c in causes.itertuples(index=False):
        many = message("cause_rows", lang, n=c.rows) if c.rows > 1 else ""
        line = f"{c.file}:{c.row} {c.reason}{many}"
        lines.append(f"{line} {c.dragged}" if c.dragged else line)
    return lines
