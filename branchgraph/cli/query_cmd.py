"""`branchgraph query`: run a named query of the library or an analysis of the catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pandas as pd

from branchgraph import settings
from queries import catalogue
from queries.params import QueryParamError
from queries.registry import UnknownQuery, convert_params, get_query, list_queries
from queries.saved import saved_queries

from .common import (snapshot_option, 
    config,
    emit,
    format_option,
    open_from,
    param_option,
    split_param,
    store_option,
)

__all__ = ["query", "COMMANDS", "query_table"]


def query_table(saved: Path | None = None) -> pd.DataFrame:
    """The named queries, the saved ones (kind ``saved``, from the folder ``saved``) and
    the analyses as a table: kind, name, title_zh, title_en, params (``name type=default, ...``)."""
    rows = [{"kind": kind, "name": q.name, "title_zh": q.title_zh, "title_en": q.title_en,
             "params": ", ".join(f"{p.name} {p.type}={p.default_text}" for p in q.params)}
            for kind, qs in (("cypher", list_queries()), ("saved", saved_queries(saved)))
            for q in qs]
    for name in catalogue.names():
        a = catalogue.get(name)
        rows.append({"kind": "analysis", "name": a.name, "title_zh": a.title_zh,
                     "title_en": a.title_en,
                     "params": ", ".join(f"{p.name} {p.type}={p.default_text}" for p in a.params)})
    return pd.DataFrame(rows, columns=["kind", "name", "title_zh", "title_en", "params"])


def _raw(items: tuple[str, ...]) -> dict[str, Any]:
    """``("county=红山区", "x=null")`` -> text values (``null``/``none`` -> None): the
    declared types convert them, so "007" stays "007" for a string parameter.
    A ``NAME:TYPE=`` form is accepted, but the declared type is the one that counts."""
    out: dict[str, Any] = {}
    for item in items:
        name, _typ, value = split_param(item)
        out[name] = None if value.strip().lower() in ("null", "none") else value
    return out


@click.command("query")
@click.argument("name", required=False)
@click.option("--list", "list_", is_flag=True,
              help="List the named queries and the analyses with their parameters.")
@param_option(
    metavar="NAME=VALUE",
    help="A parameter; repeat for several. VALUE is converted by the type the query or "
    "analysis declares (see --list), so 0150402 stays text for a string parameter; "
    "NAME=null keeps the default. Sent as $parameters, never pasted into the query.",
)
@format_option
@store_option
@snapshot_option
def query(name: str | None, list_: bool, params: tuple[str, ...], fmt: str, store: str) -> None:
    """Run NAME — a named Cypher query of the library (coverage_gaps), one saved from the
    dashboard (saved_001, in the query folder) or an analysis (coverage-gaps) — and print
    its rows. Named and saved queries run read-only.

    Parameters are given as -p NAME=VALUE and checked against the declared types; the
    rest take their defaults (as_of: today; capacity, tier weights and star targets:
    the settings). `branchgraph query --list` shows every query and analysis.

    Example: branchgraph query coverage_gaps -p county=红山区 -p as_of=2025-01-01 --format csv
    """
    folder = settings.query_folder(store)
    if list_:
        emit(query_table(folder), fmt)
        return
    if not name:
        raise click.UsageError("give a query or analysis name, or --list to see them")
    given = _raw(params)
    q = None
    for where in (None, folder):
        try:
            q = get_query(name, where) if where is None or where.is_dir() else None
            break
        except UnknownQuery:
            continue
    try:
        if q is None:
            catalogue.get(name)  # raises with the names of both kinds below
    except catalogue.CatalogueError:
        known = ", ".join([x.name for x in list_queries()] + catalogue.names())
        raise click.BadParameter(f"no query or analysis called {name!r}; known: {known}",
                                 param_hint="NAME") from None
    with open_from(store) as s:
        try:
            if q is not None:
                values = convert_params(q, {k: v for k, v in given.items() if v is not None}, s)
                df = s.run(q.cypher, values, write=False)
            else:
                df = catalogue.table(name, s, given, config())
        except QueryParamError as exc:
            raise click.BadParameter(str(exc), param_hint="--param") from None
    emit(df, fmt)


COMMANDS = [query]
