"""The fast paths taken for scale give the same answers as the plain ones.

- LadybugStore reads primitive results through Arrow: the DataFrame must be typed
  exactly as ``pd.DataFrame(result.get_all())`` types it (what every analysis was
  written against), nulls included.
- ``arrow_table`` keeps Arrow-backed text as it is, turning blanks into nulls.
- Validation factorises keys and references together: repeated keys, blank keys,
  references across several files and to missing rows still come out right.
"""

from __future__ import annotations

import ladybug
import pandas as pd
import pyarrow as pa
import pytest

from graphmodel.ladybug_store import _execute
from graphmodel.store import arrow_table
from loaders._checks import factorize_text
from loaders.read import Dataset, Source
from loaders.validate import validate

ORGS = pd.DataFrame({
    "org_id": ["O1", "O2", "O3"],
    "name": ["甲", "乙", None],
    "kind": ["branch", "branch", "committee"],
    "stars": pd.array([3, None, 5], dtype="Int64"),
    "task_score": pd.array([1.5, None, 2.0], dtype="Float64"),
    "weak": pd.array([True, None, False], dtype="boolean"),
    "members": pd.array([10, 20, 30], dtype="Int64"),
})

QUERIES = [
    # ints with and without nulls, text with a null, floats with a null, bools without nulls
    "MATCH (o:Organization) RETURN o.org_id AS id, o.name AS name, o.stars AS stars, "
    "o.members AS members, o.task_score AS score ORDER BY id",
    "MATCH (o:Organization) WHERE o.weak IS NOT NULL RETURN o.org_id AS id, o.weak AS weak ORDER BY id",
    # a bool column with a null, an all-null column
    "MATCH (o:Organization) RETURN o.org_id AS id, o.weak AS weak, o.county AS county ORDER BY id",
    # no rows
    "MATCH (o:Organization) WHERE o.org_id = 'none' RETURN o.org_id AS id, o.stars AS stars",
    # not primitive: a list and a node
    "MATCH (o:Organization) RETURN collect(o.org_id) AS ids",
    "MATCH (o:Organization) WHERE o.org_id = 'O1' RETURN o",
]


@pytest.mark.parametrize("cypher", QUERIES)
def test_arrow_results_are_typed_like_rows(store, cypher):
    store.replace_graph({"Organization": ORGS})
    store.close()
    db = ladybug.Database(str(store.path), read_only=True)
    conn = ladybug.Connection(db)
    try:
        result = conn.execute(cypher)
        by_rows = pd.DataFrame(result.get_all(), columns=result.get_column_names())
        pd.testing.assert_frame_equal(_execute(conn, cypher, None), by_rows)
    finally:
        conn.close()
        db.close()


def test_arrow_results_values(store):
    store.replace_graph({"Organization": ORGS})
    df = store.run(QUERIES[0])
    assert df["id"].tolist() == ["O1", "O2", "O3"]
    assert df["name"].tolist()[:2] == ["甲", "乙"] and pd.isna(df["name"].iloc[2])
    assert str(df["stars"].dtype) == "float64" and pd.isna(df["stars"].iloc[1])
    assert df["members"].dtype == "int64" and df["members"].tolist() == [10, 20, 30]
    weak = store.run(QUERIES[2])["weak"]
    assert weak.dtype == object and weak.tolist() == [True, None, False]


def test_arrow_text_blanks_become_nulls():
    names = pd.Series(["甲", "", "  ", "\u3000", None, " 乙 "], dtype="string")
    table = arrow_table("Organization", pd.DataFrame({"org_id": list("abcdef"), "name": names}))
    assert table.column("name").to_pylist() == ["甲", None, None, None, None, " 乙 "]
    sliced = arrow_table("Organization", pd.DataFrame({"org_id": ["x", "y"], "name": names.iloc[2:4]}))
    assert sliced.column("name").to_pylist() == [None, None]


def test_factorize_text_numbers_values_in_order_across_series():
    a = pd.Series(["b", "a", "", None], dtype="str")
    b = pd.Series(["c", "a"], dtype="string")
    codes, uniq = factorize_text([a, b])
    assert codes.tolist() == [0, 1, 2, -1, 3, 1]
    assert list(uniq) == ["b", "a", "", "c"]


def _source(table: str, label: str, frame: pd.DataFrame) -> Source:
    frame = frame.astype("str")
    return Source(table, label, frame, pa.array(range(2, len(frame) + 2)).to_numpy(),
                  {c: c for c in frame.columns})


def test_references_across_files_with_repeats_and_blanks():
    orgs1 = _source("organizations", "a.csv", pd.DataFrame(
        {"org_id": ["O1", "O2", ""], "name": ["甲", "乙", "丙"], "kind": ["branch"] * 3}))
    orgs2 = _source("organizations", "b.csv", pd.DataFrame(
        {"org_id": ["O3", "O1"], "name": ["丁", "戊"], "kind": ["branch"] * 2, "parent_id": ["O2", ""]}))
    members = _source("alliance_members", "m.csv", pd.DataFrame(
        {"alliance_id": ["A1", "A1", "A1"], "org_id": ["O3", "O9", "O3"], "role": ["lead", "member", "member"]}))
    alliances = _source("alliances", "al.csv", pd.DataFrame({"alliance_id": ["A1"], "name": ["联"]}))
    r = validate(Dataset(".", [orgs1, orgs2, alliances, members], []), lang="en")
    lines = [f"{p.file_or_sheet}:{p.row} {p.column}: {p.message}" for p in r.problems]
    assert lines == [
        "a.csv:4 org_id: required value is empty",
        "b.csv:3 org_id: duplicate id 'O1' (already at row a.csv:2)",
        "m.csv:3 org_id: 'O9' is not in organizations",
        "m.csv:4 org_id: same as row 2",
    ]
    assert r.tables["organizations"]["org_id"].tolist() == ["O1", "O2", "O3"]
    assert r.tables["organizations"]["parent_id"].tolist()[:2] == [pd.NA, pd.NA]
    assert r.tables["organizations"]["parent_id"].iloc[2] == "O2"
    assert r.tables["alliance_members"]["org_id"].tolist() == ["O3"]
