"""One store test suite, run on both backends (LadybugDB and Bolt/FalkorDB) via ``any_store``.

Each test loads a small hand-built graph whose answers are written here, so the
two backends must agree with the test and therefore with each other.
"""

from __future__ import annotations

import pandas as pd
import pytest

from graphmodel import QueryError, ReadOnlyError, StoreError, StoreMissing, open_store
from graphmodel.bolt_store import BoltStore

ORGS = pd.DataFrame(
    {
        "org_id": ["o1", "o2", "o3"],
        "name": ["城关街道党工委", "幸福里社区党支部", "茶香科技有限公司党支部"],
        "kind": ["街道", "社区", "企业"],
        "parent_id": [None, "o1", "o1"],
        "stars": [5, 3, None],
        "task_score": [9.5, 8.0, None],
        "weak": [False, True, None],
        "members": [30, 12, 7],
        "tier": ["advanced", "lagging", ""],
    }
)
PEOPLE = pd.DataFrame(
    {"person_id": ["p1", "p2"], "name": ["张三", "李四"], "capacity": [3, None]}
)


def full_graph() -> dict[str, pd.DataFrame]:
    """Every node label and relationship type at least once."""
    return {
        "Organization": ORGS,
        "Person": PEOPLE,
        "Alliance": pd.DataFrame(
            {"alliance_id": ["a1"], "name": ["城东党建联合体"], "founded": ["2023-05-01"]}
        ),
        "Chain": pd.DataFrame({"chain_id": ["c1"], "name": ["茶叶产业链"], "industry": ["茶叶"]}),
        "BELONGS_TO": pd.DataFrame({"src": ["o2", "o3"], "dst": ["o1", "o1"]}),
        "MENTORS": pd.DataFrame(
            {"src": ["p1", "p2"], "dst": ["o2", "o3"], "since": ["2024-01-01", None],
             "until": [None, "2023-12-31"]}
        ),
        "CONTACT_POINT": pd.DataFrame({"src": ["p1"], "dst": ["o1"]}),
        "SECRETARY_OF": pd.DataFrame({"src": ["p2"], "dst": ["o2"], "since": ["2022-03-01"]}),
        "WORKS_IN": pd.DataFrame({"src": ["p1", "p2"], "dst": ["o1", "o1"]}),
        "MEMBER_OF": pd.DataFrame(
            {"src": ["o2", "o3"], "dst": ["a1", "a1"], "role": ["牵头单位", "成员单位"]}
        ),
        "IN_CHAIN": pd.DataFrame({"src": ["o3"], "dst": ["c1"], "stage": ["生产"]}),
        "PAIRED_WITH": pd.DataFrame(
            {"src": ["o1"], "dst": ["o3"], "type": ["结对共建"], "since": ["2024-06-01"]}
        ),
    }  # fmt: skip


FULL_COUNTS = {
    "Organization": 3, "Person": 2, "Alliance": 1, "Chain": 1, "BELONGS_TO": 2, "MENTORS": 2,
    "CONTACT_POINT": 1, "SECRETARY_OF": 1, "WORKS_IN": 2, "MEMBER_OF": 2, "IN_CHAIN": 1,
    "PAIRED_WITH": 1,
}  # fmt: skip


def counts(store) -> dict[str, int]:
    return dict(zip(store.counts()["name"], store.counts()["count"]))


def totals(store) -> tuple[int, int]:
    """(all nodes, all relationships) whatever their label: staged leftovers show here."""
    n = store.run("MATCH (n) RETURN count(n) AS c")["c"].iloc[0]
    r = store.run("MATCH ()-[r]->() RETURN count(r) AS c")["c"].iloc[0]
    return int(n), int(r)


def records(df: pd.DataFrame) -> list[dict]:
    """Rows as dicts, missing values as None (pandas 3 reads a null string as NaN)."""
    return df.astype(object).where(df.notna(), None).to_dict("records")


def org(store, org_id: str) -> dict:
    df = store.run(
        "MATCH (o:Organization) WHERE o.org_id = $id RETURN o.name AS name, o.stars AS stars, "
        "o.task_score AS task_score, o.weak AS weak, o.members AS members, o.tier AS tier, "
        "o.parent_id AS parent_id",
        {"id": org_id},
    )
    assert len(df) == 1
    return df.iloc[0].to_dict()


# -- empty store ------------------------------------------------------------------


def test_an_empty_store_says_so(any_store):
    with pytest.raises(StoreMissing):
        any_store.run("MATCH (o:Organization) RETURN count(o) AS n")
    assert any_store.load_info() is None
    assert any_store.version() == "missing"
    assert not any_store.exists()


# -- loading and reading ------------------------------------------------------------


def test_every_label_and_type_is_counted(any_store):
    any_store.replace_graph(full_graph(), source="手工.xlsx")
    assert counts(any_store) == FULL_COUNTS
    assert totals(any_store) == (3 + 2 + 1 + 1 + 1, 12)  # + the load's own meta node


def test_property_types_round_trip(any_store):
    any_store.replace_graph(full_graph())
    o1, o2, o3 = org(any_store, "o1"), org(any_store, "o2"), org(any_store, "o3")
    assert o1["name"] == "城关街道党工委"
    assert o1["stars"] == 5 and isinstance(o1["stars"], int)  # an INT64 stays an integer
    assert o1["task_score"] == 9.5
    assert o2["task_score"] == 8.0 and isinstance(o2["task_score"], float)  # a DOUBLE stays one
    assert o1["weak"] is False or o1["weak"] == False  # noqa: E712 - numpy bool
    assert o2["weak"] == True  # noqa: E712
    assert o3["stars"] is None and o3["task_score"] is None and o3["weak"] is None
    assert o3["tier"] is None  # a blank string is stored as null
    assert o1["parent_id"] is None and o2["parent_id"] == "o1"
    rel = any_store.run(
        "MATCH (p:Person)-[m:MENTORS]->(o:Organization) RETURN p.name AS who, o.org_id AS org_id, "
        "m.since AS since, m.until AS until ORDER BY org_id"
    )
    assert records(rel) == [
        {"who": "张三", "org_id": "o2", "since": "2024-01-01", "until": None},
        {"who": "李四", "org_id": "o3", "since": None, "until": "2023-12-31"},
    ]
    roles = any_store.run(
        "MATCH (o:Organization)-[m:MEMBER_OF]->(a:Alliance) "
        "RETURN o.org_id AS org_id, m.role AS role, a.founded AS founded ORDER BY org_id"
    )
    assert roles.values.tolist() == [["o2", "牵头单位", "2023-05-01"], ["o3", "成员单位", "2023-05-01"]]


def test_columns_come_in_return_order_even_without_rows(any_store):
    any_store.replace_graph(full_graph())
    df = any_store.run(
        "MATCH (o:Organization) WHERE o.org_id = 'none' RETURN o.name AS z, o.org_id AS a"
    )
    assert df.empty and list(df.columns) == ["z", "a"]


def test_parameters_match_values_never_text(any_store):
    any_store.replace_graph(full_graph())
    q = "MATCH (o:Organization) WHERE o.org_id = $id RETURN o.name AS name"
    assert any_store.run(q, {"id": "o2"})["name"].tolist() == ["幸福里社区党支部"]
    assert any_store.run(q, {"id": "o2' OR 1=1 //"}).empty
    assert any_store.run(q, {"id": "x\" OR true RETURN 1 //"}).empty
    ids = any_store.run(
        "MATCH (o:Organization) WHERE o.org_id IN $ids RETURN o.org_id AS id ORDER BY id",
        {"ids": ["o3", "o1", "zz"]},
    )["id"].tolist()
    assert ids == ["o1", "o3"]


def test_quotes_and_backslashes_survive(any_store):
    tricky = [
        "St. Mary's 党支部", "a\\'b", 'say "hi"', "c:\\path\\n", "'; MATCH (n) DETACH DELETE n //"
    ]  # fmt: skip
    orgs = pd.DataFrame({"org_id": [f"q{i}" for i in range(len(tricky))], "name": tricky})
    any_store.replace_graph({"Organization": orgs})
    q = "MATCH (o:Organization) WHERE o.name = $name RETURN o.org_id AS id"
    for i, name in enumerate(tricky):
        assert any_store.run(q, {"name": name})["id"].tolist() == [f"q{i}"]
    got = any_store.run("MATCH (o:Organization) RETURN o.name AS name ORDER BY o.org_id")
    assert got["name"].tolist() == tricky


def test_uncovered_branches_agree(any_store):
    any_store.replace_graph(full_graph())
    never = any_store.run(
        "MATCH (o:Organization) WHERE NOT (o)<-[:MENTORS]-() RETURN o.org_id AS org_id "
        "ORDER BY org_id"
    )
    assert never["org_id"].tolist() == ["o1"]
    on_day = any_store.run(
        "MATCH (o:Organization) OPTIONAL MATCH (p:Person)-[m:MENTORS]->(o) "
        "WHERE (m.since IS NULL OR m.since <= $day) AND (m.until IS NULL OR m.until >= $day) "
        "WITH o, count(p) AS mentors WHERE mentors = 0 "
        "RETURN o.org_id AS org_id, o.name AS name ORDER BY org_id",
        {"day": "2025-01-01"},
    )
    assert on_day.values.tolist() == [["o1", "城关街道党工委"], ["o3", "茶香科技有限公司党支部"]]


# -- read-only and writes ------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "CREATE (o:Organization {org_id: 'z', name: 'z'})",
        "MATCH (o:Organization) SET o.name = 'changed'",
        "MATCH (o:Organization) DETACH DELETE o",
        "MERGE (o:Organization {org_id: 'z'})",
        "MATCH (p:Person)-[m:MENTORS]->(o:Organization) DELETE m",
    ],
)
def test_reads_cannot_write(any_store, query):
    any_store.replace_graph(full_graph())
    with pytest.raises(ReadOnlyError, match="--write"):
        any_store.run(query)
    assert counts(any_store) == FULL_COUNTS
    assert org(any_store, "o1")["name"] == "城关街道党工委"


def test_write_true_writes(any_store):
    any_store.replace_graph(full_graph())
    any_store.run(
        "MATCH (o:Organization) WHERE o.org_id = $id SET o.name = $name",
        {"id": "o1", "name": "新名字"},
        write=True,
    )
    any_store.run("CREATE (o:Organization {org_id: 'o9', name: '新组织'})", write=True)
    assert org(any_store, "o1")["name"] == "新名字"
    assert counts(any_store)["Organization"] == 4


def test_a_bad_query_is_a_query_error(any_store):
    any_store.replace_graph(full_graph())
    with pytest.raises(QueryError):
        any_store.run("MATCH (o:Organization) RETURN o.name AS")


# -- replacing -----------------------------------------------------------------------


def test_a_second_load_replaces_everything(any_store):
    first = any_store.replace_graph(full_graph(), source="a.xlsx", rows_read=10, rows_rejected=2)
    assert any_store.load_info() == first
    assert (first.source, first.rows_read, first.rows_rejected) == ("a.xlsx", 10, 2)
    v1 = any_store.version()
    assert v1 != "missing"
    only = pd.DataFrame({"org_id": ["n1"], "name": ["唯一组织"]})
    second = any_store.replace_graph({"Organization": only}, source="b.xlsx")
    assert second.load_id != first.load_id
    assert any_store.load_info() == second
    assert any_store.version() not in (v1, "missing")
    assert counts(any_store) == {**{k: 0 for k in FULL_COUNTS}, "Organization": 1}
    assert totals(any_store) == (2, 0)  # the organisation and the meta node: no leftovers
    assert org(any_store, "n1")["name"] == "唯一组织"


@pytest.mark.parametrize(
    "bad",
    [
        {"MENTORS": pd.DataFrame({"src": ["nobody"], "dst": ["o1"]})},
        {"BELONGS_TO": pd.DataFrame({"src": ["o1"], "dst": ["o404"]})},
        {"IN_CHAIN": pd.DataFrame({"src": ["o1"], "dst": [None]})},
        {"Person": pd.DataFrame({"person_id": ["p1", "p1"], "name": ["甲", "乙"]})},
        {"Chain": pd.DataFrame({"chain_id": [None], "name": ["无编号"]})},
    ],
    ids=["missing-person", "missing-org", "null-end", "duplicate-key", "null-key"],
)
def test_a_failed_load_keeps_the_previous_graph(any_store, bad):
    before = any_store.replace_graph(full_graph(), source="good.xlsx")
    size = totals(any_store)
    with pytest.raises(StoreError, match="loading"):
        any_store.replace_graph({**full_graph(), **bad}, source="bad.xlsx")
    assert any_store.load_info() == before
    assert counts(any_store) == FULL_COUNTS
    assert totals(any_store) == size


def test_readers_see_the_old_graph_until_the_swap(any_store):
    any_store.replace_graph({"Organization": pd.DataFrame({"org_id": ["old"], "name": ["旧"]})})
    seen: list[tuple[str, list[str]]] = []

    def progress(step: str, done: int, total: int) -> None:
        ids = any_store.run("MATCH (o:Organization) RETURN o.org_id AS id")["id"].tolist()
        seen.append((step, ids))

    any_store.replace_graph(full_graph(), progress=progress)
    assert [s for s, _ in seen][0] == "Organization" and seen[-1][0] == "swap"
    assert all(ids == ["old"] for _, ids in seen)
    assert sorted(any_store.run("MATCH (o:Organization) RETURN o.org_id AS id")["id"]) == [
        "o1", "o2", "o3"
    ]


# -- Bolt only -------------------------------------------------------------------------


def test_open_store_picks_bolt(bolt_uri):
    store = open_store(bolt_uri)
    try:
        assert isinstance(store, BoltStore)
        assert store.is_neo4j() is False  # FalkorDB, although it calls itself Neo4j/5.13.0
    finally:
        store.close()


def test_explain_is_not_trusted_on_falkordb(bolt_store):
    bolt_store.replace_graph(full_graph())
    size = totals(bolt_store)
    for query in ("EXPLAIN CREATE (n:W)", "explain merge (n:W {a: 1})", "PROFILE CREATE (n:W)"):
        with pytest.raises(ReadOnlyError):
            bolt_store.run(query)
    with pytest.raises(ReadOnlyError):
        bolt_store.run("CALL db.idx.fulltext.createNodeIndex('Organization', 'name')")
    assert totals(bolt_store) == size
    labels = set(bolt_store.run("CALL db.labels() YIELD label RETURN label")["label"])
    assert {"Alliance", "BranchgraphLoad", "Chain", "Organization", "Person"} <= labels
    assert "W" not in labels


def test_a_killed_loads_staging_is_swept(bolt_store):
    bolt_store.replace_graph(full_graph())
    bolt_store.run(
        "CREATE (:_Stage_Organization {org_id: 'ghost', name: '残留'}), "
        "(:_Stage_Person {person_id: 'ghost'})",
        write=True,
    )
    bolt_store.replace_graph({"Organization": pd.DataFrame({"org_id": ["n1"], "name": ["新"]})})
    assert totals(bolt_store) == (2, 0)
    assert bolt_store.run("MATCH (o:Organization) RETURN o.org_id AS id")["id"].tolist() == ["n1"]


def test_many_rows_go_in_batches(bolt_store):
    n = 600  # many UNWIND batches on FalkorDB (about 4 KB of parameters per query)
    orgs = pd.DataFrame(
        {"org_id": [f"o{i:04d}" for i in range(n)], "name": [f"第{i}党支部" for i in range(n)],
         "stars": [i % 6 for i in range(n)]}
    )  # fmt: skip
    belongs = pd.DataFrame({"src": orgs["org_id"][1:], "dst": ["o0000"] * (n - 1)})
    bolt_store.replace_graph({"Organization": orgs, "BELONGS_TO": belongs})
    c = counts(bolt_store)
    assert (c["Organization"], c["BELONGS_TO"]) == (n, n - 1)
    stars = bolt_store.run("MATCH (o:Organization) RETURN sum(o.stars) AS s")["s"].iloc[0]
    assert stars == sum(i % 6 for i in range(n))


def test_large_parameters_arrive_and_oversized_are_refused_not_sent(bolt_store):
    # FalkorDB's own parameter buffer held 4 KB; built into the query text by the
    # client they are bounded by the profile's budget (4 MB) instead
    bolt_store.replace_graph(full_graph())
    assert bolt_store.run("RETURN size($s) AS n", {"s": "长" * 300_000})["n"].iloc[0] == 300_000
    with pytest.raises(QueryError, match="too large"):
        bolt_store.run("RETURN size($s) AS n", {"s": "x" * 4_100_000})
    assert bolt_store.run("RETURN size($s) AS n", {"s": "长" * 100})["n"].iloc[0] == 100


def test_an_unreachable_server_is_a_store_error(bolt_uri):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    store = BoltStore(f"bolt://127.0.0.1:{port}")
    with pytest.raises(StoreError, match="is the server running"):
        store.run("RETURN 1 AS x")
    store.close()


# -- reads cannot touch files either (LadybugDB's read-only handle allows these) --

FILE_STATEMENTS = [
    "COPY (MATCH (o:Organization) RETURN o.org_id) TO '{out}/leak.csv'",
    "EXPORT DATABASE '{out}/export'",
    "LOAD FROM '/etc/passwd' (file_format='csv', header=false, delim=':') RETURN * LIMIT 2",
    "INSTALL httpfs",
    "LOAD EXTENSION '{out}/x.so'",
    "ATTACH '{out}/other.lbug' AS other (dbtype lbug)",
    "CALL threads=1",
]


@pytest.mark.parametrize("statement", FILE_STATEMENTS)
def test_reads_cannot_touch_files(store, tmp_path, statement):
    from graphmodel import ReadOnlyError

    store.replace_graph({"Organization": pd.DataFrame({"org_id": ["a"], "name": ["甲"]})})
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ReadOnlyError, match=r"--write.*refused: "):
        store.run(statement.format(out=out))
    assert list(out.iterdir()) == []


def test_read_only_catalogue_calls_still_work(store):
    store.replace_graph({"Organization": pd.DataFrame({"org_id": ["a"], "name": ["甲"]})})
    tables = store.run("CALL show_tables() RETURN *")
    assert "Organization" in set(tables["name"])


def test_max_rows_stops_fetching(any_store):
    n = 25
    any_store.replace_graph(
        {"Organization": pd.DataFrame({"org_id": [f"o{i:02d}" for i in range(n)], "name": ["x"] * n})}
    )
    q = "MATCH (o:Organization) RETURN o.org_id AS id ORDER BY id"
    assert any_store.run(q, max_rows=4)["id"].tolist() == ["o00", "o01", "o02", "o03"]
    assert len(any_store.run(q, max_rows=100)) == n
    assert len(any_store.run(q)) == n
    empty = any_store.run("MATCH (o:Organization) WHERE o.org_id = 'none' RETURN o.org_id AS id",
                          max_rows=3)
    assert list(empty.columns) == ["id"] and empty.empty
