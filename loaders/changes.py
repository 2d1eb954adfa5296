"""What a load changed: organisations added, removed and changed, per county.

One comparison of the store's organisations before a load with the ones it writes,
used by county submissions (:mod:`loaders.submit`) and by every load's record in the
audit trail.

>>> old = pd.DataFrame({"org_id": ["O1", "O2", "O3"], "county": ["甲", "甲", "乙"], "name": ["a", "b", "c"]})
>>> new = pd.DataFrame({"org_id": ["O1", "O3", "O4"], "county": ["甲", "乙", "乙"], "name": ["a", "c2", "d"]})
>>> diff_keys(old, new, "org_id")
(['O4'], ['O2'], ['O3'])
>>> by_county(old, new, "org_id").to_dict("records")
[{'county': '乙', 'added': 1, 'removed': 0, 'changed': 1}, {'county': '甲', 'added': 0, 'removed': 1, 'changed': 0}]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["diff_keys", "by_county", "county_counts"]


def _text(s: pd.Series) -> np.ndarray:
    """A column as text, None where missing: ``str`` of each value, whatever the dtype
    (so 6 in one table and 6 in another compare equal however each was typed)."""
    txt = s.astype(object).astype("string")
    return txt.to_numpy(dtype=object, na_value=None)


def _first(keys: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each distinct key once (as text) and the row of its first occurrence."""
    text = keys.astype(str).to_numpy(dtype=object)
    uniq, rows = np.unique(text, return_index=True)
    return uniq, rows


def diff_keys(old: pd.DataFrame, new: pd.DataFrame, key: str) -> tuple[list[str], list[str], list[str]]:
    """(added, removed, changed) keys between two tables of one kind of node; a row is
    changed when any column both tables have differs (compared as text; a key given
    twice is compared by its first row)."""
    ok, orow = _first(old[key])
    nk, nrow = _first(new[key])
    both, io, ino = np.intersect1d(ok, nk, assume_unique=True, return_indices=True)
    differs = np.zeros(len(both), dtype=bool)
    for col in (c for c in old.columns if c in new.columns and c != key):
        a, b = _text(old[col])[orow[io]], _text(new[col])[nrow[ino]]
        differs |= a != b  # None == None holds, None != "x" too
    before, after = set(ok.tolist()), set(nk.tolist())  # (numpy's set routines crawl on text)
    return sorted(after - before), sorted(before - after), sorted(both[differs].tolist())


def by_county(old: pd.DataFrame, new: pd.DataFrame, key: str) -> pd.DataFrame:
    """Counts of added, removed and changed organisations per county (columns ``county``,
    ``added``, ``removed``, ``changed``), counties with no change left out; an
    organisation counts in its new county, a removed one in its old."""
    added, removed, changed = diff_keys(old, new, key)

    def counties(keys: list[str], frame: pd.DataFrame) -> list:
        keys_of = frame[key].astype(str)
        first = ~keys_of.duplicated()
        county = frame.loc[first.to_numpy(), "county"].set_axis(keys_of[first].to_numpy())
        return county.reindex(keys).tolist()

    return county_counts(counties(added, new), counties(removed, old), counties(changed, new))


def county_counts(added: list, removed: list, changed: list) -> pd.DataFrame:
    """The table :func:`by_county` returns, from the county of each organisation added,
    removed and changed (None or NaN: no county, counted under ``""``).

    >>> county_counts(["甲", None], [], ["甲"]).to_dict("records")
    [{'county': '', 'added': 1, 'removed': 0, 'changed': 0}, {'county': '甲', 'added': 1, 'removed': 0, 'changed': 1}]
    """

    def count(values: list) -> pd.Series:
        county = pd.Series(values, dtype=object)
        return county.where(county.notna(), "").astype(str).value_counts()

    counts = pd.DataFrame({"added": count(added), "removed": count(removed),
                           "changed": count(changed)}).fillna(0).astype("int64")
    counts = counts[(counts > 0).any(axis=1)].sort_index()
    return counts.rename_axis("county").reset_index()[["county", "added", "removed", "changed"]]
