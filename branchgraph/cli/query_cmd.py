"""`branchgraph query`: run a named query from the library, or list them."""

from __future__ import annotations

from typing import Any

import click
import pandas as pd

from branchgraph import settings
from queries.mentors import parse_weights
from queries.registry import (
    Query,
    QueryParamError,
    UnknownQuery,
    convert_params,
    get_query,
    list_queries,
)

from .common import (
    UserError,
    emit,
    format_option,
    open_from,
    param_option,
    split_param,
    store_option,
)

__all__ = ["query", "COMMANDS", "query_table"]

#: Query parameters whose default comes from a setting rather than the query file.
_FROM_SETTINGS = ("default_capacity", "w_advanced", "w_middle", "w_lagging", "w_unrated")


def query_table() -> pd.DataFrame:
    """The library as a table: name, title_zh, title_en, params (``name type=default, ...``)."""
    rows = [
        {
            "name": q.name,
            "title_zh": q.title_zh,
            "title_en": q.title_en,
            "params": ", ".join(f"{p.name} {p.type}={p.default_text}" for p in q.params),
        }
        for q in list_queries()
    ]
    return pd.DataFrame(rows, columns=["name", "title_zh", "title_en", "params"])


def _raw(items: tuple[str, ...]) -> dict[str, Any]:
    """``("county=红山区", "x=null")`` -> text values (``null``/``none`` -> None): the
    query's declared types convert them, so "007" stays "007" for a string parameter.
    A ``NAME:TYPE=`` form is accepted, but the declared type is the one that counts."""
    out: dict[str, Any] = {}
    for item in items:
        name, _typ, value = split_param(item)
        out[name] = None if value.strip().lower() in ("null", "none") else value
    return out


def _settings_defaults(q: Query, given: dict[str, Any]) -> dict[str, Any]:
    """Capacity and tier weights from settings for the parameters the user left out."""
    names = {p.name for p in q.params}
    out: dict[str, Any] = {}
    if "default_capacity" in names and given.get("default_capacity") is None:
        out["default_capacity"] = settings.get("capacity")
    if any(n.startswith("w_") for n in names & set(_FROM_SETTINGS)):
        try:
            weights = parse_weights(settings.get("tier_weights"))
        except QueryParamError as exc:
            raise UserError(f"setting tier_weights: {exc}") from None
        for tier, w in weights.items():
            key = f"w_{tier}"
            if key in names and given.get(key) is None:
                out[key] = w
    return out


@click.command("query")
@click.argument("name", required=False)
@click.option("--list", "list_", is_flag=True, help="List the named queries with their parameters.")
@param_option(
    metavar="NAME=VALUE",
    help="A parameter of the query; repeat for several. VALUE is converted by the type "
    "the query declares (see --list), so 0150402 stays text for a string parameter; "
    "NAME=null keeps the default. Sent as $parameters, never pasted into the query.",
)
@format_option
@store_option
def query(name: str | None, list_: bool, params: tuple[str, ...], fmt: str, store: str) -> None:
    """Run the named query NAME from the library and print its rows.

    Parameters are given as -p NAME=VALUE and checked against the query's
    declared types; the rest take their defaults (as_of: today; capacity and tier
    weights: the settings). `branchgraph query --list` shows every query.

    Example: branchgraph query coverage_gaps -p county=红山区 -p as_of=2025-01-01 --format csv
    """
    if list_:
        emit(query_table(), fmt)
        return
    if not name:
        known = ", ".join(q.name for q in list_queries())
        raise click.UsageError(f"give a query name, or --list to see them; known queries: {known}")
    try:
        q = get_query(name)
    except UnknownQuery as exc:
        raise click.BadParameter(str(exc), param_hint="NAME") from None
    given = _raw(params)
    try:
        chosen = {k: v for k, v in given.items() if v is not None}
        values = convert_params(q, {**_settings_defaults(q, given), **chosen})
    except QueryParamError as exc:
        if "has no parameter" in str(exc):  # the message already lists the valid names
            raise click.BadParameter(str(exc), param_hint="--param") from None
        valid = ", ".join(f"{p.name} ({p.type})" for p in q.params)
        raise click.BadParameter(f"{exc}. Parameters of {q.name}: {valid}",
                                 param_hint="--param") from None
    with open_from(store) as s:
        emit(s.run(q.cypher, values), fmt)


COMMANDS = [query]
