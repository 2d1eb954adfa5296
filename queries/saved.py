"""Saved queries: an ad-hoc Cypher query kept as a named query in a folder of the user's.

A planner who wrote a useful query in the 查询 box saves it with a title and a
description; it is written as one ``.cypher`` file in the same header format as the
shipped library (:mod:`queries.registry`), into the query folder the edge names
(beside the store by default), and listed and run from then on like any named query.
Its parameters are the ``$names`` it uses, each optional text. It runs read-only, as
every named query does: the database refuses writes.

Files are never overwritten: each saved query gets a new name ``saved_001``,
``saved_002`` …; the title is what people read.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from .registry import QueryFileError, Query, list_queries, parse_query

__all__ = ["save_query", "saved_queries", "SavedQueryError"]

_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_NAME = re.compile(r"saved_(\d{3,})\.cypher$")


class SavedQueryError(ValueError):
    """A query that cannot be saved (the message says what to change)."""


def saved_queries(folder: Path | str | None) -> list[Query]:
    """The queries saved in ``folder`` (none when it is None or does not exist)."""
    if folder is None or not Path(folder).is_dir():
        return []
    return list_queries(folder)


def _one_line(text: str, what: str) -> str:
    clean = " ".join(str(text or "").split())
    if not clean:
        raise SavedQueryError(f"the {what} is empty: give one")
    return clean


def save_query(folder: Path | str, *, title: str, description: str, cypher: str) -> Query:
    """Save ``cypher`` as a new named query in ``folder`` (created if needed).

    Parameters
    ----------
    folder : the query folder.
    title : what the query is called (shown in both languages' lists).
    description : what it answers.
    cypher : the query; each ``$name`` becomes an optional text parameter.

    Returns
    -------
    The saved :class:`~queries.registry.Query`.

    >>> import tempfile
    >>> q = save_query(tempfile.mkdtemp(), title="某旗县区的组织数", description="数一数",
    ...                cypher="MATCH (o:Organization) WHERE o.county = $county RETURN count(o) AS n")
    >>> q.name, q.title_zh, [p.name for p in q.params]
    ('saved_001', '某旗县区的组织数', ['county'])
    """
    title, description = _one_line(title, "title"), _one_line(description, "description")
    body = str(cypher or "").strip()
    if not body:
        raise SavedQueryError("the query is empty: write the Cypher first")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    taken = [int(m.group(1)) for f in folder.iterdir() if (m := _NAME.match(f.name))]
    number = max(taken, default=0) + 1
    name = f"saved_{number:03d}"
    params = "".join(f"// param: {p} string = null -- value of ${p}\n"
                     for p in dict.fromkeys(_USE.findall(body)))
    text = (f"// name: {name}\n// title_zh: {title}\n// title_en: {title}\n"
            f"// description: {description}\n// description_zh: {description}\n{params}{body}\n")
    try:
        query = parse_query(text, folder / f"{name}.cypher")
    except QueryFileError as exc:
        raise SavedQueryError(str(exc).split(": ", 1)[-1]) from None
    path = folder / f"{name}.cypher"
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".saving-", suffix=".cypher")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    try:
        os.link(tmp, path)  # fails if the name was taken meanwhile: never overwrite
    except FileExistsError:
        raise SavedQueryError(f"{path.name} appeared meanwhile: save again") from None
    finally:
        os.unlink(tmp)
    return query
