"""What differs between the graph a store holds and the graph a load is about to write.

A month's ledger usually changes a few percent of its rows. :func:`diff` compares the
tables of the load the store holds (its snapshot's Parquet files, :mod:`graphmodel.history`)
with the new ones, table by table, in Arrow:

* a **node table** by its key: the keys that are gone, the rows whose other columns
  differ (null equals null), the rows that are new;
* a **relationship table**, which has no key, as a multiset of whole rows: every pair
  of ends (``src``, ``dst``) whose rows differ in any way is rewritten — its old links
  deleted, its new ones inserted — so repeated and dated links come out exact.

A table identical to the old one (the usual case: a file nobody touched reads back
row for row the same) costs one ``Table.equals``. A backend holding the base load may
write only the difference (:meth:`graphmodel.ladybug_store.LadybugStore._replace`);
the graph is the same as a full load's (``tests/test_delta.py`` checks it table by table).

>>> import pyarrow as pa
>>> old = {"Organization": arrow_table("Organization", None)}
>>> new = {"Organization": pa.Table.from_pylist([{"org_id": "O1"}], schema=old["Organization"].schema)}
>>> change = diff(old, new, base_load="L1")
>>> change.tables["Organization"].insert.num_rows, change.rows, sorted(change.unchanged)[:2]
(1, 1, ['Alliance', 'BELONGS_TO'])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import schema
from .store import LOAD_STEPS, arrow_table

__all__ = ["Change", "TableDelta", "diff", "REWRITE_SHARE"]

#: Above this share of the new graph's rows changed, a full rewrite is cheaper than
#: applying the difference (province, store write alone: patch 0.91x of a full write at
#: 10.6% of rows changed, 1.32x at 21%; BENCHMARKS.md, "reload").
REWRITE_SHARE = 0.1


@dataclass(frozen=True)
class TableDelta:
    """How one table changes. ``delete``: for nodes the old rows that go, for
    relationships the pairs whose links are rewritten (columns ``s``, ``d``); ``update``:
    node rows whose non-key columns changed (all columns); ``insert``: rows to add."""

    delete: pa.Table
    update: pa.Table
    insert: pa.Table

    @property
    def rows(self) -> int:
        return self.delete.num_rows + self.update.num_rows + self.insert.num_rows


@dataclass(frozen=True)
class Change:
    """The difference from the graph of load ``base_load`` to a new graph of ``total`` rows."""

    base_load: str
    tables: dict[str, TableDelta]
    total: int

    @property
    def rows(self) -> int:
        return sum(d.rows for d in self.tables.values())

    @property
    def unchanged(self) -> set[str]:
        """The tables written exactly as before."""
        return set(LOAD_STEPS) - set(self.tables)

    def small(self, share: float = REWRITE_SHARE) -> bool:
        """Whether applying the difference beats a full rewrite."""
        return self.rows <= share * max(self.total, 1)

    def keys(self, label: str) -> tuple[list[str], list[str], list[str]]:
        """(added, removed, changed) keys of node table ``label``, each sorted."""
        d = self.tables.get(label)
        if d is None:
            return [], [], []
        key = schema.node(label).key
        return (sorted(d.insert[key].to_pylist()), sorted(d.delete[key].to_pylist()),
                sorted(d.update[key].to_pylist()))


def diff(old: Mapping[str, pa.Table], new: Mapping[str, pa.Table], *, base_load: str) -> Change:
    """The :class:`Change` from ``old`` to ``new`` (graph tables as :func:`arrow_table`
    gives them; a missing table is empty)."""
    out: dict[str, TableDelta] = {}
    total = 0
    for name in LOAD_STEPS:
        a, b = _table(name, old), _table(name, new)
        total += b.num_rows
        if a.equals(b):
            continue
        is_node = name in {n.label for n in schema.NODES}
        delta = _node_delta(name, a, b) if is_node else _rel_delta(a, b)
        if delta.rows:
            out[name] = delta
    return Change(base_load, out, total)


def _table(name: str, tables: Mapping[str, pa.Table]) -> pa.Table:
    """``tables[name]`` in the schema's exact Arrow types (text read from a workbook can
    come as ``large_string``); empty when missing."""
    empty = arrow_table(name, None)
    t = tables.get(name)
    if t is None:
        return empty
    return t if t.schema.equals(empty.schema) else t.cast(empty.schema)


def _node_delta(label: str, old: pa.Table, new: pa.Table) -> TableDelta:
    key = schema.node(label).key
    ok, nk = old[key].combine_chunks(), new[key].combine_chunks()
    at = pc.index_in(nk, value_set=ok)  # each new row's old row (null: a new key)
    kept_new, kept_old = pc.is_valid(at), pc.is_in(ok, value_set=nk)
    n = new.filter(kept_new)
    o = old.take(at.filter(kept_new))
    differs = np.zeros(n.num_rows, dtype=bool)
    for col in n.column_names:
        if col != key:
            differs |= ~_same(o[col], n[col])
    return TableDelta(old.filter(pc.invert(kept_old)), n.filter(pa.array(differs)),
                      new.filter(pc.invert(kept_new)))


def _same(a: pa.ChunkedArray, b: pa.ChunkedArray) -> np.ndarray:
    """Row by row: equal values, or both null."""
    eq = pc.fill_null(pc.equal(a, b), False)
    both_null = pc.and_(pc.is_null(a), pc.is_null(b))
    return pc.or_(eq, both_null).to_numpy(zero_copy_only=False)


def _rel_delta(old: pa.Table, new: pa.Table) -> TableDelta:
    ro, rn = _row_text(old), _row_text(new)
    counts = rn.to_pandas().value_counts().sub(ro.to_pandas().value_counts(), fill_value=0)
    moved = pa.array(counts.index[counts.to_numpy() != 0].tolist(), type=pa.string())
    ends = ["src", "dst"]
    pairs = pa.concat_tables([
        old.select(ends).filter(pc.is_in(ro, value_set=moved)),
        new.select(ends).filter(pc.is_in(rn, value_set=moved)),
    ]).group_by(ends).aggregate([])
    return TableDelta(
        pairs.rename_columns(["s", "d"]),
        new.schema.empty_table(),
        new.join(pairs, keys=ends, join_type="left semi"),
    )


def _row_text(t: pa.Table) -> pa.Array:
    """Each row as one unambiguous text: every column as ``-`` (null) or ``<bytes>:<value>``."""
    fields = []
    for col in t.columns:
        text = pc.cast(col.combine_chunks(), pa.string())
        tagged = pc.binary_join_element_wise(pc.cast(pc.binary_length(text), pa.string()), text, ":")
        fields.append(pc.fill_null(tagged, "-"))
    return pc.binary_join_element_wise(*fields, "|")
