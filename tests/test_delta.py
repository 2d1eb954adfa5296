"""Next month's load writes only what changed (graphmodel/delta.py, LadybugStore._replace),
and the graph it leaves is the graph a full load of the same ledger leaves."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import graphmodel.ladybug_store as ladybug_store
from graphmodel import StoreError, open_store, schema
from graphmodel.delta import diff
from graphmodel.history import history_for, tables_of
from graphmodel.store import arrow_table
from loaders import contract
from loaders.demo import generate, write_csv
from loaders.load import load_path
from queries import catalogue


def _arrow(tables: dict[str, pd.DataFrame]) -> dict:
    return {k: arrow_table(k, v) for k, v in tables.items()}


def test_diff_worked_example() -> None:
    """Two organisations kept (O1 same, O3 renamed), O2 gone, O4 new; P1 mentors O1 twice
    in the old month (two identical rows) and once in the new; P4's link is new."""
    old = _arrow({
        "Organization": pd.DataFrame({"org_id": ["O1", "O2", "O3"], "name": ["一", "二", "三"],
                                      "stars": [3, 4, None]}),
        "MENTORS": pd.DataFrame({"src": ["P1", "P1", "P2", "P3"], "dst": ["O1", "O1", "O2", "O3"],
                                 "since": ["2026-01-01", "2026-01-01", None, "2026-02-01"]}),
    })
    new = _arrow({
        "Organization": pd.DataFrame({"org_id": ["O4", "O3", "O1"], "name": ["四", "三村", "一"],
                                      "stars": [5, None, 3]}),
        "MENTORS": pd.DataFrame({"src": ["P3", "P1", "P4"], "dst": ["O3", "O1", "O1"],
                                 "since": ["2026-02-01", "2026-01-01", None]}),
    })
    change = diff(old, new, base_load="L1")
    assert change.keys("Organization") == (["O4"], ["O2"], ["O3"])
    orgs = change.tables["Organization"]
    assert orgs.update.to_pylist()[0]["name"] == "三村"  # the whole new row, nulls kept
    assert orgs.update.to_pylist()[0]["stars"] is None
    mentors = change.tables["MENTORS"]
    # P1->O1 went from two rows to one, P2->O2 is gone, P4->O1 is new; P3->O3 is untouched
    assert sorted(mentors.delete.to_pylist(), key=str) == sorted(
        [{"s": "P1", "d": "O1"}, {"s": "P2", "d": "O2"}, {"s": "P4", "d": "O1"}], key=str)
    assert sorted(mentors.insert["src"].to_pylist()) == ["P1", "P4"]
    assert set(change.tables) == {"Organization", "MENTORS"}
    assert change.rows == 3 + 3 + 2 and change.total == 6
    assert not change.small()  # 8 changed rows against 6: a full rewrite is cheaper


def test_identical_tables_make_no_change_even_reordered() -> None:
    tables = _arrow(contract.graph_tables(generate(3, 0.02)))
    assert tables["Organization"].num_rows > 100 and tables["MEMBER_OF"].num_rows > 100
    change = diff(tables, tables, base_load="L")
    assert change.tables == {} and change.rows == 0 and change.total > 500
    shuffled = {k: v.take(np.random.default_rng(1).permutation(v.num_rows)) for k, v in tables.items()}
    assert diff(tables, shuffled, base_load="L").tables == {}


def _graph(store) -> dict[str, list[tuple]]:
    """Every table of ``store`` as sorted rows (nulls as None)."""
    out = {}
    for name, df in tables_of(store).items():
        rows = df.astype(object).where(df.notna(), None).itertuples(index=False)
        out[name] = sorted((tuple(r) for r in rows), key=repr)
    return out


def _next_month(data: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """A month later: 5% of the organisations re-rated, one branch closed (its links go
    with it), one opened with a mentor, one mentor link ended, one pairing repeated."""
    data = {k: v.copy() for k, v in data.items()}
    orgs, asg = data["organizations"], data["assignments"]
    pick = np.random.default_rng(7).random(len(orgs)) < 0.05
    orgs.loc[pick, "stars"] = orgs.loc[pick, "stars"].fillna(0).clip(upper=9) + 1
    orgs.loc[pick, "members"] = orgs.loc[pick, "members"].fillna(0) + 2
    parents = set(orgs.parent_id.dropna())
    closed = next(o for o in asg.org_id if o not in parents)
    for name, col in (("organizations", "org_id"), ("assignments", "org_id"),
                      ("alliance_members", "org_id"), ("people", "org_id"),
                      ("pairings", "org_a"), ("pairings", "org_b")):
        data[name] = data[name][data[name][col] != closed].reset_index(drop=True)
    orgs, asg = data["organizations"], data["assignments"]
    branch = orgs[orgs.kind == "branch"].iloc[0]
    orgs.loc[len(orgs)] = {**branch.to_dict(), "org_id": "NEW-1", "name": "新建党支部"}
    person = data["people"].person_id.iloc[0]
    asg.loc[len(asg)] = {"person_id": person, "org_id": "NEW-1", "type": "mentor",
                                  "since": "2026-11-01", "until": None}
    open_links = asg.index[asg["until"].isna()]
    asg.loc[open_links[0], "until"] = "2026-11-15"
    pairs = data["pairings"]
    data["pairings"] = pd.concat([pairs, pairs.iloc[:1]], ignore_index=True)
    return data


@pytest.fixture
def two_months(tmp_path: Path):
    month1 = generate(5, 0.05)
    write_csv(month1, tmp_path / "m1")
    write_csv(_next_month(month1), tmp_path / "m2")
    return tmp_path


def test_next_month_patched_is_the_graph_a_full_load_gives(two_months: Path) -> None:
    patched = open_store(two_months / "patched.lbug")
    load_path(patched, two_months / "m1", as_of="2026-10-31", accept_rejects=True)
    res = load_path(patched, two_months / "m2", as_of="2026-11-30", accept_rejects=True)
    assert patched.last_write == "patch"
    full = open_store(two_months / "full.lbug")
    load_path(full, two_months / "m2", as_of="2026-11-30", accept_rejects=True)
    assert full.last_write == "full"
    assert _graph(patched) == _graph(full)
    assert patched.load_info().load_id == history_for(patched.uri).latest().load_id
    # the same answers, two ways: headline figures and the gap list
    for name in ("headline", "coverage_gaps"):
        a = catalogue.table(name, patched, {"as_of": "2026-11-30"})
        b = catalogue.table(name, full, {"as_of": "2026-11-30"})
        pd.testing.assert_frame_equal(a, b)
    # what changed per county, counted from the difference: the closed branch, the new one
    assert res.changes["added"].sum() == 1 and res.changes["removed"].sum() == 1
    assert res.changes["changed"].sum() > 0


def test_unchanged_tables_of_the_snapshot_are_links_to_last_month(two_months: Path) -> None:
    store = open_store(two_months / "g.lbug")
    load_path(store, two_months / "m1", as_of="2026-10-31", accept_rejects=True)
    load_path(store, two_months / "m1", as_of="2026-11-30", accept_rejects=True)
    folder = history_for(store.uri).folder
    for name in ("Organization", "MENTORS"):
        a, b = folder / "2026-10-31" / f"{name}.parquet", folder / "2026-11-30" / f"{name}.parquet"
        assert a.stat().st_ino == b.stat().st_ino  # one file, two names
    history_for(store.uri).drop("2026-10-31")  # dropping a month keeps the other's files
    assert len(history_for(store.uri).tables(history_for(store.uri).latest())["Organization"]) > 0


def test_an_edited_store_is_rebuilt_whole(two_months: Path) -> None:
    store = open_store(two_months / "g.lbug")
    load_path(store, two_months / "m1", as_of="2026-10-31", accept_rejects=True)
    store.run("MATCH (o:Organization) SET o.name = 'edited'", write=True)
    load_path(store, two_months / "m2", as_of="2026-11-30", accept_rejects=True)
    assert store.last_write == "full"
    names = store.run("MATCH (o:Organization) WHERE o.name = 'edited' RETURN count(*) AS n")
    assert names.n.iloc[0] == 0
    assert not Path(str(store.path) + ".edited").exists()
    load_path(store, two_months / "m1", as_of="2026-12-31", accept_rejects=True)
    assert store.last_write == "patch"  # the mark went with the rebuild


def test_a_failed_patch_leaves_the_store_and_history_as_they_were(two_months: Path,
                                                                  monkeypatch) -> None:
    store = open_store(two_months / "g.lbug")
    load_path(store, two_months / "m1", as_of="2026-10-31", accept_rejects=True)
    before = _graph(store)
    real = ladybug_store._run
    calls = []

    def fail_third(conn, cypher, table):
        calls.append(cypher)
        if len(calls) == 3:
            raise StoreError(f"loading {table} failed: disk full (test)")
        real(conn, cypher, table)

    monkeypatch.setattr(ladybug_store, "_run", fail_third)
    with pytest.raises(StoreError, match="disk full"):
        load_path(store, two_months / "m2", as_of="2026-11-30", accept_rejects=True)
    assert len(calls) == 3  # it failed after two statements had been written into the copy
    assert _graph(store) == before
    assert [s.day for s in history_for(store.uri).entries()] == ["2026-10-31"]
    leftovers = [p.name for p in store.path.parent.iterdir() if ".loading-" in p.name]
    assert leftovers == []


def test_a_ledger_that_changed_most_rows_is_rebuilt_whole(two_months: Path) -> None:
    store = open_store(two_months / "g.lbug")
    load_path(store, two_months / "m1", as_of="2026-10-31", accept_rejects=True)
    other = generate(11, 0.05)  # another city: other ids everywhere
    write_csv(other, two_months / "other")
    load_path(store, two_months / "other", as_of="2026-11-30", accept_rejects=True)
    assert store.last_write == "full"
    ids = store.run("MATCH (o:Organization) RETURN o.org_id AS id").id
    assert set(ids) == set(other["organizations"].org_id)


def test_every_table_is_compared(two_months: Path) -> None:
    """The schema's every table takes part (a table left out would never be patched)."""
    store = open_store(two_months / "g.lbug")
    load_path(store, two_months / "m1", as_of="2026-10-31", accept_rejects=True)
    history = history_for(store.uri)
    tables = history.arrow_tables(history.latest())
    assert set(tables) == {n.label for n in schema.NODES} | {r.type for r in schema.RELS}


def test_text_read_as_large_string_compares_equal() -> None:
    """A workbook's text can reach the loader as Arrow ``large_string``: same values, no change."""
    import pyarrow as pa

    old = _arrow(contract.graph_tables(generate(3, 0.02)))
    wide = {k: v.cast(pa.schema([(f.name, pa.large_string() if f.type == pa.string() else f.type)
                                 for f in v.schema])) for k, v in old.items()}
    assert wide["MEMBER_OF"].schema.field("src").type == pa.large_string()
    assert diff(old, wide, base_load="L").tables == {}
