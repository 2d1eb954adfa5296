"""The organisation tree: who answers for whom along BELONGS_TO.

Every organisation answers to its **responsible committee**: the nearest organisation
above it (walking up BELONGS_TO, never itself) whose kind is a committee or a working
committee (:data:`graphmodel.rules.COMMITTEES`, 党委 / 党工委). A gap or a warning
names that committee and the organisation's county; the roll-ups
(:mod:`queries.rollup`) add figures up to every committee above.

The walk runs here, in pandas, over the named query ``org_tree`` (each organisation
with its parent), so it is the same on every backend and safe on bad data: a parent
that is not in the table (dangling, or outside the county asked for) ends the walk, a
cycle without a committee on it gives no committee, and an organisation whose walk
comes back to itself gets none either. With ``county`` the tree is that county's
organisations alone, exactly the graph a county-limited user's scoped store holds.

>>> tree = pd.DataFrame({"org_id": ["C", "T", "B1", "G", "B2", "X", "Y"],
...                      "name": ["区委", "街道党工委", "一支部", "总支", "二支部", "甲", "乙"],
...                      "kind": ["committee", "working_committee", "branch", "general_branch",
...                               "branch", "branch", "branch"],
...                      "county": ["甲县"] * 7,
...                      "parent_id": [None, "C", "T", "T", "G", "Y", "X"]})
>>> nearest_committees(tree)[["org_id", "committee_id"]].values.tolist()
[['B1', 'T'], ['B2', 'T'], ['C', None], ['G', 'T'], ['T', 'C'], ['X', None], ['Y', None]]
>>> committee_paths(tree)
{'C': ('C',), 'T': ('C', 'T')}
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graphmodel.rules import COMMITTEES

from ._common import arrow_text, positions, run, shape

__all__ = ["TREE_COLUMNS", "RESPONSIBLE_COLUMNS", "org_tree", "nearest_committees",
           "committee_paths", "responsible", "with_committee"]

#: The columns of :func:`org_tree`, in order.
TREE_COLUMNS = ["org_id", "name", "kind", "county", "parent_id"]
#: The columns of :func:`responsible`, in order.
RESPONSIBLE_COLUMNS = ["org_id", "committee_id", "committee", "county"]


def org_tree(store: Any, *, county: str | None = None) -> pd.DataFrame:
    """Every organisation (of ``county`` when given) with its parent, by org_id.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TREE_COLUMNS`, one row per organisation; ``parent_id`` is None
        where it has no parent in the table (none, dangling, another county, itself),
        and the smallest parent id where the data gives several.
    """
    df = _rows(store, county)
    parent, _ = _positions(df)
    df = shape(df, TREE_COLUMNS)
    df["parent_id"] = df["parent_id"].where(parent >= 0, None)
    return df


def _rows(store: Any, county: str | None) -> pd.DataFrame:
    """The rows of the named query ``org_tree``, the first per org_id (its columns
    Arrow-backed as the store gives them)."""
    raw = run(store, "org_tree", county=county)
    for col in TREE_COLUMNS:
        if col not in raw:
            raw[col] = None
    return raw.loc[~raw["org_id"].duplicated().to_numpy()].reset_index(drop=True)


def _positions(tree: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each row's parent as a row position (-1: none) and whether it is a committee."""
    ids = arrow_text(tree["org_id"])
    parent = positions(arrow_text(tree["parent_id"]), ids)
    parent[parent == np.arange(len(parent))] = -1
    kinds = pa.array(sorted(COMMITTEES), pa.large_string())
    committee = pc.is_in(arrow_text(tree["kind"]), value_set=kinds).fill_null(False)
    return parent, committee.to_numpy(zero_copy_only=False).astype(bool)


def _nearest(tree: pd.DataFrame) -> np.ndarray:
    """Row position of each row's nearest committee above it (-1: none).

    Pointer doubling: ``reach[x]`` is the farthest ancestor known not to be a
    committee, ``found[x]`` the committee once met; each round jumps from ``reach[x]``
    by as far as ``reach[x]`` itself has looked, so ⌈log2 n⌉ + 1 rounds walk any
    chain, and a row still walking after them is on (or below) a committee-free cycle.
    """
    parent, committee = _positions(tree)
    has = parent >= 0
    found = np.where(has & committee[np.maximum(parent, 0)], parent, -1)
    reach = np.where(has & (found < 0), parent, -1)
    for _ in range(math.ceil(math.log2(len(parent) + 1)) + 1):
        walking = (found < 0) & (reach >= 0)
        if not walking.any():
            break
        at = reach[walking]
        ahead_found, ahead_reach = found[at], reach[at]
        found[walking] = ahead_found
        reach[walking] = np.where(ahead_found >= 0, -1, ahead_reach)
    found[found == np.arange(len(found))] = -1  # a cycle back to itself: not its own committee
    return found


def _walked(store: Any, county: str | None) -> tuple[pd.DataFrame, np.ndarray]:
    """The organisation tree as the store gives it (one row per org_id, columns still
    Arrow-backed) and the row position of each row's nearest committee (-1: none).

    What :func:`responsible` and :func:`with_committee` need, without turning 5
    million ids and names into Python objects (at nation that took most of the time)."""
    raw = _rows(store, county)
    return raw, _nearest(raw)


def _answering(raw: pd.DataFrame, found: np.ndarray, org_ids: pd.Series) -> dict[str, np.ndarray]:
    """committee_id, committee (its name) and county of each of ``org_ids``, as object
    arrays with None where there is none (or the id is not in the tree)."""
    at = positions(arrow_text(org_ids), arrow_text(raw["org_id"]))
    pick = np.where(at >= 0, found[np.maximum(at, 0)], -1) if len(found) else at

    def take(col: str, rows: np.ndarray) -> np.ndarray:
        idx = pa.array(rows, mask=rows < 0)
        return pc.take(arrow_text(raw[col]), idx).to_numpy(zero_copy_only=False)

    return {"committee_id": take("org_id", pick), "committee": take("name", pick),
            "county": take("county", at)}


def nearest_committees(tree: pd.DataFrame) -> pd.DataFrame:
    """The responsible committee of every organisation of ``tree``.

    Parameters
    ----------
    tree : DataFrame with org_id, name, kind, parent_id (as :func:`org_tree` gives it).

    Returns
    -------
    pandas.DataFrame
        org_id, committee_id, committee (its name), ordered by org_id; None where no
        committee is above the organisation.
    """
    tree = tree.sort_values("org_id", kind="stable").reset_index(drop=True)
    found = _nearest(tree)
    ok = found >= 0
    pick = np.maximum(found, 0)
    out = pd.DataFrame({"org_id": tree["org_id"].to_numpy(object),
                        "committee_id": tree["org_id"].to_numpy(object)[pick],
                        "committee": tree["name"].to_numpy(object)[pick]})
    for col in ("committee_id", "committee"):
        out[col] = out[col].astype(object).where(ok, None)
    return out


def committee_paths(tree: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """Committee id -> the committees from the top down to itself (itself last).

    A committee's parent committee is its own responsible committee; a path stops
    before a committee it has already met (a cycle of committees).
    """
    near = nearest_committees(tree)
    up = dict(zip(near["org_id"], near["committee_id"]))
    committees = tree.loc[tree["kind"].isin(COMMITTEES), "org_id"].sort_values()
    paths: dict[str, tuple[str, ...]] = {}
    for c in committees:
        path, seen, at = [c], {c}, up.get(c)
        while at is not None and at not in seen:
            if at in paths:  # known already: reuse it, minus anything met on the way
                path.extend(a for a in reversed(paths[at]) if a not in seen)
                break
            path.append(at)
            seen.add(at)
            at = up.get(at)
        paths[c] = tuple(reversed(path))
    return paths


def responsible(store: Any, org_ids: Iterable[str] | None = None, *,
                county: str | None = None) -> pd.DataFrame:
    """Who answers for each organisation: its responsible committee and its county.

    The one join a list of gaps or warnings needs to name who should act.

    Parameters
    ----------
    store : graphmodel.GraphStore
    org_ids : iterable of str, optional
        The organisations asked about (default: every one); unknown ids are left out.
    county : str, optional
        Walk the tree of this county's organisations only (as a scoped store does).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RESPONSIBLE_COLUMNS`: org_id, committee_id, committee (its
        name), county (the organisation's), ordered by org_id.
    """
    raw, found = _walked(store, county)
    ids = raw["org_id"]
    if org_ids is not None:
        asked = arrow_text(pd.Series(list(org_ids), dtype=object).astype(str))
        ids = ids[pc.is_in(arrow_text(ids), value_set=asked).to_numpy(zero_copy_only=False)]
    out = pd.DataFrame({"org_id": ids.to_numpy(object), **_answering(raw, found, ids)})
    return shape(out.sort_values("org_id", kind="stable"), RESPONSIBLE_COLUMNS)


def with_committee(store: Any, df: pd.DataFrame, *, county: str | None = None) -> pd.DataFrame:
    """``df`` (with an ``org_id`` column) with ``committee_id`` and ``committee`` appended,
    rows and order unchanged (see :func:`responsible`)."""
    raw, found = _walked(store, county)
    who = _answering(raw, found, df["org_id"])
    out = df.copy()
    for col in ("committee_id", "committee"):
        out[col] = who[col]
    return out
