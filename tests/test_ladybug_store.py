"""The embedded store on its own: atomic replacement, read-only, reopening."""

from __future__ import annotations

import pandas as pd
import pytest

from graphmodel import ReadOnlyError, StoreMissing, open_store
from graphmodel.ladybug_store import ddl


def _orgs(*ids: str) -> dict[str, pd.DataFrame]:
    return {"Organization": pd.DataFrame({"org_id": list(ids), "name": [f"组织{i}" for i in ids]})}


def test_ddl_declares_every_label_and_type():
    text = "\n".join(ddl())
    for word in ("Organization", "Person", "Alliance", "Chain", "MENTORS", "PAIRED_WITH"):
        assert word in text
    assert "CREATE REL TABLE MENTORS(FROM Person TO Organization, since STRING, until STRING)" in text


def test_missing_store_says_what_to_do(store):
    with pytest.raises(StoreMissing, match="branchgraph demo"):
        store.run("MATCH (o:Organization) RETURN count(o) AS n")
    assert store.load_info() is None


def test_replace_is_whole_and_records_its_source(store):
    store.replace_graph(_orgs("a", "b", "c"), source="first.xlsx", rows_read=3)
    store.replace_graph(_orgs("x"), source="second.xlsx", rows_read=1)
    ids = store.run("MATCH (o:Organization) RETURN o.org_id AS id")["id"].tolist()
    assert ids == ["x"]
    info = store.load_info()
    assert (info.source, info.rows_read, info.rows_rejected) == ("second.xlsx", 1, 0)


def test_reads_cannot_write(store):
    store.replace_graph(_orgs("a"))
    with pytest.raises(ReadOnlyError, match="--write"):
        store.run("CREATE (o:Organization {org_id: 'z', name: 'z'})")
    assert store.run("MATCH (o:Organization) RETURN count(o) AS n")["n"].iloc[0] == 1
    store.run("CREATE (o:Organization {org_id: 'z', name: 'z'})", write=True)
    assert store.run("MATCH (o:Organization) RETURN count(o) AS n")["n"].iloc[0] == 2


def test_a_second_reader_sees_a_new_load(tmp_path):
    path = tmp_path / "g.lbug"
    writer, reader = open_store(path), open_store(path)
    writer.replace_graph(_orgs("a"))
    assert reader.run("MATCH (o:Organization) RETURN o.org_id AS id")["id"].tolist() == ["a"]
    before = reader.version()
    writer.replace_graph(_orgs("b", "c"))
    assert reader.version() != before
    assert sorted(reader.run("MATCH (o:Organization) RETURN o.org_id AS id")["id"]) == ["b", "c"]


def test_failed_load_keeps_previous_graph(store):
    store.replace_graph(_orgs("a"))
    bad = {
        **_orgs("b"),
        "MENTORS": pd.DataFrame({"src": ["nobody"], "dst": ["b"]}),  # no such person
    }
    with pytest.raises(Exception):
        store.replace_graph(bad)
    assert store.run("MATCH (o:Organization) RETURN o.org_id AS id")["id"].tolist() == ["a"]
    leftovers = [p.name for p in store.path.parent.iterdir() if ".loading-" in p.name]
    assert leftovers == []


def test_params_travel_as_parameters(store):
    store.replace_graph(_orgs("a", "b"))
    df = store.run(
        "MATCH (o:Organization) WHERE o.org_id = $id RETURN o.name AS name", {"id": "b' OR 1=1 //"}
    )
    assert df.empty
    assert store.run(
        "MATCH (o:Organization) WHERE o.org_id = $id RETURN o.name AS name", {"id": "b"}
    )["name"].tolist() == ["组织b"]


def test_release_gives_back_the_reader_and_the_store_goes_on(store):
    # release() closes the read handle (and with it LadybugDB's buffer pool);
    # the next query opens a fresh one and answers the same
    store.replace_graph(_orgs("a", "b"))
    first = store._reader()
    assert store.run("MATCH (o:Organization) RETURN count(o) AS n")["n"].iloc[0] == 2
    store.release()
    assert store._conn is None
    assert store.run("MATCH (o:Organization) RETURN count(o) AS n")["n"].iloc[0] == 2
    assert store._reader() is not first
