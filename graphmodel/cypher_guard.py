"""Deciding, before a query runs, whether it could write to the graph.

A Bolt driver's READ access mode alone does not stop a write on a single server,
so :class:`~graphmodel.bolt_store.BoltStore` classifies every read query first:

* **On real Neo4j** the database classifies it: ``EXPLAIN <query>`` plans the
  query without running it, and the summary's ``query_type`` must be ``'r'``
  (``'rw'``, ``'w'`` and ``'s'`` are refused). See :func:`explain_is_read_only`.
* **On every server** (and the only check on others, such as FalkorDB, where
  ``EXPLAIN CREATE (n)`` over Bolt was measured to *create* the node) the query is
  tokenised by a small Cypher lexer — string literals, comments and backtick-quoted
  names are skipped, so ``'CREATE'`` in a string or ``o.set`` as a property is
  fine — and refused if any token is a write clause keyword (``CREATE``, ``MERGE``,
  ``SET``, ``DELETE``, ``REMOVE``, ``DROP``, ``LOAD CSV``, ``FOREACH``, …) or a
  ``CALL`` of a procedure outside :data:`READ_PROCEDURES`. See :func:`write_reason`.

LadybugDB's read-only database handle refuses writes to the graph, but not
statements that read or write *files* (``COPY … TO``, ``LOAD FROM '/etc/passwd'``,
``EXPORT DATABASE``, ``INSTALL``/``LOAD EXTENSION``, ``ATTACH``): so
:class:`~graphmodel.ladybug_store.LadybugStore` runs the same lexer before every
read too, which refuses those keywords and any ``CALL`` outside the allowlist.

Refusal is :class:`~graphmodel.store.ReadOnlyError` with the same message on
every backend.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import QueryError, ReadOnlyError

__all__ = [
    "Token",
    "tokenize",
    "write_reason",
    "check_read_only",
    "check_ascii",
    "explain_is_read_only",
    "WRITE_KEYWORDS",
    "READ_PROCEDURES",
    "READ_ONLY_MESSAGE",
]

READ_ONLY_MESSAGE = (
    "this query writes to the graph, and the store is open read-only (pass --write to allow it)"
)

#: Keywords that start (or are part of) a clause that changes data, schema or the server.
WRITE_KEYWORDS = frozenset(
    """CREATE MERGE SET DELETE DETACH REMOVE DROP LOAD FOREACH INSERT COPY ALTER RENAME
    GRANT DENY REVOKE START STOP TERMINATE ENABLE DEALLOCATE REALLOCATE
    EXPORT IMPORT INSTALL UNINSTALL ATTACH USE CHECKPOINT""".split()
)

#: Procedures that only read (compared case-insensitively). Anything else is refused.
READ_PROCEDURES = frozenset(
    name.lower()
    for name in """
    db.labels db.relationshipTypes db.propertyKeys db.indexes db.constraints
    db.schema.visualization db.schema.nodeTypeProperties db.schema.relTypeProperties
    db.meta.stats db.info db.ping dbms.components dbms.procedures dbms.functions
    db.idx.fulltext.queryNodes db.idx.fulltext.queryRelationships
    db.idx.vector.queryNodes db.idx.vector.queryRelationships
    db.index.fulltext.queryNodes db.index.fulltext.queryRelationships
    algo.pageRank algo.BFS algo.WCC algo.betweenness algo.labelPropagation
    algo.SPpaths algo.SSpaths algo.MSF
    show_tables table_info show_connection db_version show_functions show_indexes
    show_sequences show_projected_graphs
    """.split()
)


@dataclass(frozen=True)
class Token:
    """One lexical token: ``kind`` is word, name (backtick-quoted), string, number,
    param or punct; ``text`` is its text (a name or string without its quotes)."""

    kind: str
    text: str
    pos: int


_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d]\w*")
_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")


def tokenize(cypher: str) -> list[Token]:
    """The tokens of ``cypher``, comments and whitespace dropped.

    Strings use backslash escapes (as Neo4j and FalkorDB do); a backtick-quoted
    name escapes a backtick by doubling it. Raises :class:`QueryError` for an
    unterminated string, name or comment.

    >>> [t.text for t in tokenize("MATCH (o) /* x */ RETURN 'a\\\\'b' // c")]
    ['MATCH', '(', 'o', ')', 'RETURN', "a'b"]
    """
    out: list[Token] = []
    i, n = 0, len(cypher)
    while i < n:
        c = cypher[i]
        m = _SPACE.match(cypher, i)
        if m:
            i = m.end()
        elif cypher.startswith("//", i):
            j = cypher.find("\n", i)
            i = n if j < 0 else j + 1
        elif cypher.startswith("/*", i):
            j = cypher.find("*/", i + 2)
            if j < 0:
                raise QueryError(f"unterminated comment at position {i}")
            i = j + 2
        elif c in "'\"":
            text, i2 = _string(cypher, i)
            out.append(Token("string", text, i))
            i = i2
        elif c == "`":
            text, i2 = _backticked(cypher, i)
            out.append(Token("name", text, i))
            i = i2
        elif c == "$":
            j = i + 1
            if j < n and cypher[j] == "`":
                text, j = _backticked(cypher, j)
            else:
                m = _WORD.match(cypher, j) or _NUMBER.match(cypher, j)
                text, j = (m.group(), m.end()) if m else ("", j)
            out.append(Token("param", text, i))
            i = j
        elif (m := _WORD.match(cypher, i)) is not None:
            out.append(Token("word", m.group(), i))
            i = m.end()
        elif (m := _NUMBER.match(cypher, i)) is not None:
            out.append(Token("number", m.group(), i))
            i = m.end()
        else:
            out.append(Token("punct", c, i))
            i += 1
    return out


def _string(cypher: str, start: int) -> tuple[str, int]:
    quote, i, chars = cypher[start], start + 1, []
    while i < len(cypher):
        c = cypher[i]
        if c == "\\" and i + 1 < len(cypher):
            chars.append(cypher[i + 1])
            i += 2
        elif c == quote:
            return "".join(chars), i + 1
        else:
            chars.append(c)
            i += 1
    raise QueryError(f"unterminated string at position {start}")


def _backticked(cypher: str, start: int) -> tuple[str, int]:
    i, chars = start + 1, []
    while i < len(cypher):
        if cypher[i] == "`":
            if cypher.startswith("``", i):
                chars.append("`")
                i += 2
                continue
            return "".join(chars), i + 1
        chars.append(cypher[i])
        i += 1
    raise QueryError(f"unterminated `name` at position {start}")


def _is(tok: Token | None, punct: str) -> bool:
    return tok is not None and tok.kind == "punct" and tok.text == punct


def write_reason(cypher: str) -> str | None:
    """Why ``cypher`` could write (e.g. ``"MERGE"``, ``"CALL db.idx.fulltext.drop"``), or None.

    A keyword counts only where it can be a clause: not after ``.`` (``o.set``),
    ``:`` (a label) or ``AS`` (an alias), and not before ``:`` (a map key or a
    variable with a label) or ``.`` (a variable's property).

    >>> write_reason("MATCH (o:Organization) WHERE o.name = 'CREATE' RETURN o.set AS s")
    >>> write_reason("match (o) detach delete o")
    'DETACH'
    """
    toks = tokenize(cypher)
    for i, tok in enumerate(toks):
        if tok.kind != "word":
            continue
        prev = toks[i - 1] if i else None
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if _is(prev, ".") or _is(prev, ":") or _is(nxt, ":") or _is(nxt, "."):
            continue
        if prev is not None and prev.kind == "word" and prev.text.upper() == "AS":
            continue
        word = tok.text.upper()
        if word in WRITE_KEYWORDS:
            return word
        if word == "CALL":
            if _is(nxt, "{") or _is(nxt, "("):
                continue  # a subquery: its own tokens are checked in turn
            name = _procedure_name(toks, i + 1)
            if name.lower() not in READ_PROCEDURES:
                return f"CALL {name or '?'}"
    return None


def _procedure_name(toks: list[Token], i: int) -> str:
    parts: list[str] = []
    while i < len(toks) and toks[i].kind in ("word", "name"):
        parts.append(toks[i].text)
        if i + 1 < len(toks) and _is(toks[i + 1], "."):
            i += 2
        else:
            break
    return ".".join(parts)


def check_read_only(cypher: str) -> None:
    """Raise :class:`ReadOnlyError` if :func:`write_reason` finds a way to write."""
    reason = write_reason(cypher)
    if reason is not None:
        err = ReadOnlyError(f"{READ_ONLY_MESSAGE} [refused: {reason}]")
        err.reason = reason  # type: ignore[attr-defined]
        raise err


def check_ascii(cypher: str) -> None:
    """Refuse (:class:`QueryError`) a character that is not ASCII outside quotes,
    backticks and comments: a look-alike letter (Cyrillic ``о`` for ``o``) or a
    Chinese name where a server's parser takes ASCII only. The message names the
    character, its Unicode name and its position.

    >>> check_ascii("MATCH (o) WHERE o.name = '红山区' RETURN o.name AS `名称`")
    >>> check_ascii("MATCH (o) RETURN \u043e.name")
    Traceback (most recent call last):
    graphmodel.errors.QueryError: the query has 'о' (U+043E CYRILLIC SMALL LETTER O) at character 18, outside quotes: this server takes only ASCII letters in names; retype a look-alike letter in Latin, or put a Chinese name in backticks, e.g. `名称`
    """
    for tok in tokenize(cypher):
        if tok.kind in ("word", "punct", "number", "param") and not tok.text.isascii():
            i = next(i for i, c in enumerate(tok.text) if not c.isascii())
            ch = tok.text[i]
            pos = cypher.index(ch, tok.pos) + 1
            raise QueryError(key="non_ascii", char=ch, code=f"U+{ord(ch):04X}",
                             uname=unicodedata.name(ch, "?"), pos=pos)


def explain_is_read_only(session: Any, cypher: str, params: Mapping[str, Any] | None) -> bool:
    """Whether real Neo4j plans ``cypher`` as a read-only query (``query_type == 'r'``).

    ``session`` is a ``neo4j`` driver session. Only for servers known to be Neo4j:
    on FalkorDB ``EXPLAIN`` runs the query.
    """
    summary = session.run("EXPLAIN " + cypher, dict(params or {})).consume()
    return summary.query_type == "r"
