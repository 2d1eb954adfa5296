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
    """Values as text (None for missing), to compare frames whatever their dtypes."""
    return df.astype(object).where(df.notna(), None).map(lambda v: None if v is None else str(v))


def diff_keys(old: pd.DataFrame, new: pd.DataFrame, key: str) -> tuple[list[str], list[str], list[str]]:
    """(added, removed, changed) keys between two tables of one kind of node; a row is
    changed when any column both tables have differs (compared as text)."""
    before, after = set(old[key].astype(str)), set(new[key].astype(str))
    both = sorted(before & after)
    changed: list[str] = []
    if both:
        cols = [c for c in old.columns if c in new.columns]
        a = _plain(old[old[key].astype(str).isin(both)][cols]).drop_duplicates(key).set_index(key)
        b = _plain(new[new[key].astype(str).isin(both)][cols]).drop_duplicates(key).set_index(key)
        b = b.loc[a.index]
        differs = ~((a == b) | (a.isna() & b.isna())).all(axis=1)
        changed = sorted(a.index[differs])
    return sorted(after - before), sorted(before - after), changed


def by_county(old: pd.DataFrame, new: pd.DataFrame, key: str) -> pd.DataFrame:
    """Counts of added, removed and changed organisations per county (columns ``county``,
    ``added``, ``removed``, ``changed``), counties with no change left out; an
    organisation counts in its new county, a removed one in its old."""
    added, removed, changed = diff_keys(old, new, key)
    county_new = dict(zip(new[key].astype(str), new["county"].astype(object)))
    county_old = dict(zip(old[key].astype(str), old["county"].astype(object)))
    rows: dict[str, dict[str, int]] = {}

    def count(keys: list[str], where: dict, what: str) -> None:
        for k in keys:
            c = where.get(k)
            c = "" if c is None or pd.isna(c) else str(c)
            rows.setdefault(c, {"added": 0, "removed": 0, "changed": 0})[what] += 1

    count(added, county_new, "added")
    count(removed, county_old, "removed")
    count(changed, county_new, "changed")
    return pd.DataFrame([{"county": c, **v} for c, v in sorted(rows.items())],
                        columns=["county", "added", "removed", "changed"])
