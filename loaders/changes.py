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

import pandas as pd

__all__ = ["diff_keys", "by_county"]


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """Values as text (<NA> for missing), to compare frames whatever their dtypes
    (column by column in C: ``str`` of each value, as a cell-by-cell map would give)."""
    return pd.DataFrame({c: df[c].astype(object).astype("string") for c in df.columns},
                        index=df.index)


def diff_keys(old: pd.DataFrame, new: pd.DataFrame, key: str) -> tuple[list[str], list[str], list[str]]:
    """(added, removed, changed) keys between two tables of one kind of node; a row is
    changed when any column both tables have differs (compared as text)."""
    old_keys, new_keys = old[key].astype(str), new[key].astype(str)
    before, after = set(old_keys), set(new_keys)
    both = before & after
    changed: list[str] = []
    if both:
        cols = [c for c in old.columns if c in new.columns and c != key]
        a = _plain(old.loc[old_keys.isin(both).to_numpy(), cols]).set_axis(
            old_keys[old_keys.isin(both)].to_numpy()).pipe(lambda f: f[~f.index.duplicated()])
        b = _plain(new.loc[new_keys.isin(both).to_numpy(), cols]).set_axis(
            new_keys[new_keys.isin(both)].to_numpy()).pipe(lambda f: f[~f.index.duplicated()])
        b = b.loc[a.index]
        same = (a == b).fillna(False) | (a.isna() & b.isna())
        changed = sorted(a.index[~same.all(axis=1).to_numpy()])
    return sorted(after - before), sorted(before - after), changed


def by_county(old: pd.DataFrame, new: pd.DataFrame, key: str) -> pd.DataFrame:
    """Counts of added, removed and changed organisations per county (columns ``county``,
    ``added``, ``removed``, ``changed``), counties with no change left out; an
    organisation counts in its new county, a removed one in its old."""
    added, removed, changed = diff_keys(old, new, key)

    def count(keys: list[str], frame: pd.DataFrame) -> pd.Series:
        keys_of = frame[key].astype(str)
        first = ~keys_of.duplicated()
        county = frame.loc[first.to_numpy(), "county"].set_axis(keys_of[first].to_numpy())
        county = county.reindex(keys).astype(object)
        return county.where(county.notna(), "").astype(str).value_counts()

    counts = pd.DataFrame({"added": count(added, new), "removed": count(removed, old),
                           "changed": count(changed, new)}).fillna(0).astype("int64")
    counts = counts[(counts > 0).any(axis=1)].sort_index()
    return counts.rename_axis("county").reset_index()[["county", "added", "removed", "changed"]]
