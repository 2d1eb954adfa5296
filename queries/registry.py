"""The named-query library: one ``.cypher`` file per query, with a header.

A query file starts with comment lines that say what it is and what it takes::

    // name: coverage_gaps
    // title_zh: 无人包联的支部
    // title_en: Branches nobody watches
    // description: Grassroots organisations with no active mentor or contact point on a day.
    // param: as_of date = today -- the day links must be active on
    // param: county string = null -- only this county (旗县区)
    // param: tier string(advanced|middle|lagging) = null -- only this tier
    // param: kinds list = branch,general_branch -- organisation kinds to include
    MATCH (o:Organization) ...

Header rules, checked strictly (a bad file raises :class:`QueryFileError` naming
file and line): every line up to the first non-``//`` line is ``// key: value``
with key ``name`` (the file's stem), ``title_zh``, ``title_en``, ``description``
(may repeat; the lines are joined) or ``param``. A param line is
``NAME TYPE[(a|b|c)] = DEFAULT -- help`` where TYPE is string, int, float, bool,
date or list (of strings), the optional ``(a|b|c)`` lists the allowed values, and
DEFAULT is a literal, ``null`` or, for dates, ``today``. Every declared parameter
must appear as ``$NAME`` in the query and every ``$NAME`` must be declared.

Values always travel as ``$parameters``; :func:`run_query` fills defaults and
converts the caller's values to the declared types first.

Dialect note for authors: write an optional filter comparison first,
``(o.county = $county OR $county IS NULL)``. LadybugDB types a parameter from its
first use, and a null met first as ``$county IS NULL`` is typed BOOL, after which
the comparison with a STRING fails. To count only active dated links after an
``OPTIONAL MATCH``, put the date test inside the aggregate
(``count(DISTINCT CASE WHEN … THEN p.person_id END)``): FalkorDB evaluates a
``WHERE`` on an ``OPTIONAL MATCH`` several times slower.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from graphmodel.schema import ENUMS

from .params import TODAY, TYPES, Param, QueryParamError, convert

__all__ = [
    "Param",
    "Query",
    "QueryFileError",
    "QueryParamError",
    "UnknownQuery",
    "QUERY_DIR",
    "TYPES",
    "TODAY",
    "parse_query",
    "list_queries",
    "get_query",
    "convert_params",
    "run_query",
]

#: Where the shipped query files live.
QUERY_DIR = Path(__file__).resolve().parent

#: Types a ``// param:`` line may declare (json is for ad-hoc Cypher only).
HEADER_TYPES = tuple(t for t in TYPES if t != "json")

_KEYS = ("name", "title_zh", "title_en", "description", "description_zh", "param")
_HEADER = re.compile(r"^//\s*(?P<key>[a-z_]+)\s*:\s*(?P<value>.*?)\s*$")
_PARAM = re.compile(
    r"^(?P<name>[a-z_][a-z0-9_]*)\s+(?P<type>[a-z]+)(?:\((?P<choices>[^)]*)\))?"
    r"\s*=\s*(?P<default>.*?)\s+--\s+(?P<help>\S.*)$"
)
_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


class QueryFileError(ValueError):
    """A query file whose header or parameters break the rules (names file and line)."""


class UnknownQuery(KeyError):
    """No query of that name; the message lists the known names."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown query"


@dataclass(frozen=True)
class Query:
    """A named query: titles, descriptions (English, Chinese), parameters and the Cypher."""

    name: str
    title_zh: str
    title_en: str
    description: str
    params: list[Param]
    cypher: str
    path: Path | None = None
    description_zh: str = ""

    def param(self, name: str) -> Param:
        """The declared parameter ``name``; :class:`QueryParamError` lists the valid ones."""
        for p in self.params:
            if p.name == name:
                return p
        raise QueryParamError(
            f"query {self.name!r} has no parameter {name!r}; "
            f"its parameters: {', '.join(p.name for p in self.params) or '(none)'}"
        )

    def title(self, lang: str = "zh") -> str:
        """The title in ``lang`` ('zh' or 'en')."""
        return self.title_en if lang == "en" else self.title_zh

    def describe(self, lang: str = "zh") -> str:
        """The description in ``lang`` (the English one where no Chinese is given)."""
        return self.description_zh if lang == "zh" and self.description_zh else self.description


# -- parsing ---------------------------------------------------------------------


def parse_query(text: str, path: Path | str | None = None) -> Query:
    """Parse one query file's text; :class:`QueryFileError` on any broken rule.

    >>> q = parse_query('''// name: n
    ... // title_zh: 组织数
    ... // title_en: Organisations
    ... // description: How many organisations of a county.
    ... // param: county string = null -- only this county
    ... MATCH (o:Organization) WHERE o.county = $county OR $county IS NULL RETURN count(o) AS n''')
    >>> [(p.name, p.type, p.default) for p in q.params]
    [('county', 'string', None)]
    """
    where = str(path) if path is not None else "<query>"
    lines = text.splitlines()
    fields: dict[str, str] = {}
    description: list[str] = []
    description_zh: list[str] = []
    params: list[Param] = []
    body_start = len(lines)
    for i, line in enumerate(lines):
        if not line.strip():
            if i == 0:
                raise QueryFileError(f"{where}:1: a query file starts with its '// name:' line")
            body_start = i
            break
        if not line.startswith("//"):
            body_start = i
            break
        m = _HEADER.match(line)
        if not m or m.group("key") not in _KEYS:
            raise QueryFileError(
                f"{where}:{i + 1}: header lines are '// key: value' with key one of "
                f"{', '.join(_KEYS)}; got {line!r}"
            )
        key, value = m.group("key"), m.group("value")
        if not value:
            raise QueryFileError(f"{where}:{i + 1}: '{key}' has no value")
        if key == "description":
            description.append(value)
        elif key == "description_zh":
            description_zh.append(value)
        elif key == "param":
            params.append(_parse_param(value, f"{where}:{i + 1}"))
        elif key in fields:
            raise QueryFileError(f"{where}:{i + 1}: '{key}' given twice")
        else:
            fields[key] = value
    missing = [k for k in ("name", "title_zh", "title_en") if k not in fields]
    if not description:
        missing.append("description")
    if missing:
        raise QueryFileError(f"{where}: header lacks {', '.join(missing)}")
    name = fields["name"]
    if path is not None and Path(path).stem != name:
        raise QueryFileError(f"{where}: name {name!r} differs from the file name {Path(path).stem!r}")
    names = [p.name for p in params]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise QueryFileError(f"{where}: parameter declared twice: {', '.join(dupes)}")
    body = "\n".join(lines[body_start:]).strip()
    if not body:
        raise QueryFileError(f"{where}: no Cypher after the header")
    used = set(_USE.findall(body))
    undeclared = sorted(used - set(names))
    unused = [n for n in names if n not in used]
    if undeclared:
        raise QueryFileError(
            f"{where}: uses undeclared parameter(s) {', '.join('$' + n for n in undeclared)}: "
            "add a '// param:' line for each"
        )
    if unused:
        raise QueryFileError(f"{where}: declares parameter(s) it never uses: {', '.join(unused)}")
    return Query(
        name=name,
        title_zh=fields["title_zh"],
        title_en=fields["title_en"],
        description=" ".join(description),
        params=params,
        cypher=body,
        path=Path(path) if path is not None else None,
        description_zh="".join(description_zh),
    )


def _parse_param(text: str, where: str) -> Param:
    m = _PARAM.match(text)
    if not m:
        raise QueryFileError(
            f"{where}: a param line reads 'NAME TYPE = DEFAULT -- help' "
            f"(TYPE one of {', '.join(TYPES)}); got {text!r}"
        )
    name, typ, default = m.group("name"), m.group("type"), m.group("default")
    if typ not in HEADER_TYPES:
        raise QueryFileError(
            f"{where}: unknown type {typ!r} of {name}; use one of {', '.join(HEADER_TYPES)}")
    choices: tuple[str, ...] = ()
    if m.group("choices") is not None:
        if typ not in ("string", "list"):
            raise QueryFileError(f"{where}: only string and list parameters may list choices")
        choices = tuple(c.strip() for c in m.group("choices").split("|"))
        if not all(choices):
            raise QueryFileError(f"{where}: empty choice in ({m.group('choices')})")
    value: Any
    if default == "null":
        value = None
    elif default == "today":
        if typ != "date":
            raise QueryFileError(f"{where}: only a date parameter may default to 'today'")
        value = TODAY
    else:
        try:
            value = convert(Param(name, typ, choices=choices), default)
        except QueryParamError as exc:
            raise QueryFileError(f"{where}: bad default: {exc}") from None
        if isinstance(value, list):
            value = tuple(value)
    enum = next((e for e, values in ENUMS.items() if choices and set(choices) == set(values)),
                None)
    return Param(name, typ, value, m.group("help"), choices, enum=enum)


# -- the library -----------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _parse_file(path: str, mtime_ns: int) -> Query:
    return parse_query(Path(path).read_text(encoding="utf-8"), path)


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.cypher"))


def list_queries(folder: Path | str | None = None) -> list[Query]:
    """Every named query, sorted by name (``folder`` defaults to the shipped library)."""
    out = []
    for f in _files(Path(folder) if folder is not None else QUERY_DIR):
        out.append(_parse_file(str(f), f.stat().st_mtime_ns))
    return sorted(out, key=lambda q: q.name)


def get_query(name: str, folder: Path | str | None = None) -> Query:
    """The query called ``name``; :class:`UnknownQuery` (a ``KeyError``) lists the known names."""
    base = Path(folder) if folder is not None else QUERY_DIR
    f = base / f"{name}.cypher"
    if re.fullmatch(r"[A-Za-z0-9_]+", name or "") and f.is_file():
        return _parse_file(str(f), f.stat().st_mtime_ns)
    known = ", ".join(q.name for q in list_queries(base))
    raise UnknownQuery(f"no query called {name!r}; known queries: {known}")


def convert_params(query: Query, params: Mapping[str, Any] | None = None,
                   store: Any = None) -> dict[str, Any]:
    """The values to send with ``query``: defaults filled in, types converted.

    ``None`` (or an empty string or list) means "not given": the default is used, and a
    date defaulting to ``today`` becomes today's ISO date (or, on a store opened on a
    past snapshot, that snapshot's day). Raises :class:`QueryParamError` for an unknown
    name or a value that will not convert.
    """
    given = dict(params or {})
    for key in given:
        query.param(key)  # raises with the valid names
    out: dict[str, Any] = {}
    for p in query.params:
        value = given.get(p.name)
        if value is None or (isinstance(value, (str, list, tuple)) and not _filled(value)):
            out[p.name] = p.default_value(store)
        else:
            out[p.name] = convert(p, value)
    return out


def _filled(value: str | list | tuple) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return any(v is not None and str(v).strip() for v in value)


def run_query(store: Any, name: str, params: Mapping[str, Any] | None = None, *,
              saved: Path | str | None = None) -> pd.DataFrame:
    """Run the named query on ``store`` with ``params`` (defaults filled, types converted).

    Parameters
    ----------
    store : graphmodel.GraphStore
    name : str
        A query name from :func:`list_queries`.
    params : mapping, optional
        Parameter values by name; missing ones take their defaults.
    saved : folder of saved queries (:mod:`queries.saved`), searched after the library.

    Returns
    -------
    pandas.DataFrame
        The rows the query returns, columns as its RETURN names them.
    """
    try:
        query = get_query(name)
    except UnknownQuery:
        if saved is None or not Path(saved).is_dir():
            raise
        query = get_query(name, saved)
    return store.run(query.cypher, convert_params(query, params, store), write=False)
