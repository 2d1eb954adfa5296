"""The read-only guard's Cypher lexer: what counts as a write, and what does not."""

from __future__ import annotations

import pytest

from graphmodel import QueryError, ReadOnlyError
from graphmodel.cypher_guard import check_read_only, tokenize, write_reason


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (o:Organization) RETURN o.name AS name",
        "MATCH (o:Organization) WHERE o.name = 'CREATE (x)' RETURN o",
        'MATCH (o:Organization) WHERE o.name = "MERGE (x) SET x.a = 1" RETURN o',
        "MATCH (o:Organization) // DELETE o\nRETURN count(o) AS n",
        "MATCH (o:Organization) /* DETACH DELETE o */ RETURN count(o) AS n",
        "MATCH (o:`CREATE`) RETURN o.`SET` AS s",
        "MATCH (o:Organization) WHERE o.set = 1 OR o.remove IS NULL RETURN o.delete AS d",
        "MATCH (o:Organization) RETURN {set: o.name, create: 1} AS m",
        "MATCH (create:Organization) RETURN create.name AS n",
        "MATCH (o:Organization) RETURN o.name AS merge",
        "MATCH (o:Organization) WHERE o.name = $set RETURN o",
        "MATCH (o:Organization) WHERE o.name = 'it\\'s CREATE' RETURN o",
        "CALL db.labels() YIELD label RETURN label",
        "call DB.RELATIONSHIPTYPES()",
        "CALL { MATCH (o:Organization) RETURN count(o) AS n } RETURN n",
        "MATCH (o:Organization) WHERE NOT (o)<-[:MENTORS]-() RETURN o.org_id AS id",
        "MATCH (o:组织) RETURN o.名称 AS 名称",
        "RETURN apoc.create.uuid() AS u",
    ],
)
def test_reads_pass(query):
    assert write_reason(query) is None
    check_read_only(query)  # raises nothing


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("CREATE (o:Organization {org_id: 'x'})", "CREATE"),
        ("create (o:Organization)", "CREATE"),
        ("MATCH (o) SET o.name = 'x'", "SET"),
        ("MATCH (o) set o:Weak", "SET"),
        ("MATCH (o) DETACH DELETE o", "DETACH"),
        ("MATCH (o) delete o", "DELETE"),
        ("MATCH (o) REMOVE o.name", "REMOVE"),
        ("MERGE (o:Organization {org_id: 'x'})", "MERGE"),
        ("MATCH (o) WHERE o.name = 'CREATE' SET o.x = 1", "SET"),
        ("MATCH (o) RETURN o // harmless\n;CREATE (n)", "CREATE"),
        ("MATCH (o) /* x */ FOREACH (i IN [1] | SET o.x = i)", "FOREACH"),
        ("LOAD CSV FROM 'file:///x.csv' AS row RETURN row", "LOAD"),
        ("DROP INDEX ON :Organization(org_id)", "DROP"),
        ("EXPLAIN CREATE (n:W)", "CREATE"),
        ("RETURN 'a\\'b' AS x CREATE (n)", "CREATE"),
        ("CALL db.idx.fulltext.drop('Organization')", "CALL db.idx.fulltext.drop"),
        ("CALL `db`.`idx`.fulltext.createNodeIndex('O', 'name')",
         "CALL db.idx.fulltext.createNodeIndex"),
        ("CALL apoc.cypher.runWrite('CREATE (n)', {})", "CALL apoc.cypher.runWrite"),
        ("CALL { CREATE (n:X) } RETURN 1", "CREATE"),
    ],
)
def test_writes_are_named(query, reason):
    assert write_reason(query) == reason
    with pytest.raises(ReadOnlyError, match="--write"):
        check_read_only(query)


def test_tokens_skip_strings_comments_and_quoted_names():
    toks = tokenize("MATCH (o:`Org``s`) // c\n WHERE o.n = 'x\\'y' /* z */ RETURN $p, 1.5")
    assert [(t.kind, t.text) for t in toks if t.kind != "punct"] == [
        ("word", "MATCH"), ("word", "o"), ("name", "Org`s"), ("word", "WHERE"),
        ("word", "o"), ("word", "n"), ("string", "x'y"), ("word", "RETURN"),
        ("param", "p"), ("number", "1.5"),
    ]  # fmt: skip


@pytest.mark.parametrize("query", ["RETURN 'open", "RETURN `open", "RETURN 1 /* open"])
def test_unterminated_text_is_a_query_error(query):
    with pytest.raises(QueryError, match="unterminated"):
        write_reason(query)
