"""`branchgraph cypher`: run a query of the user's own."""

from __future__ import annotations

import click

from .common import emit, format_option, open_from, param_option, parse_params, store_option


@click.command("cypher")
@click.argument("query")
@param_option
@format_option
@click.option("--write", is_flag=True, help="Allow the query to change the graph (refused otherwise).")
@store_option
def cypher(query: str, params: tuple[str, ...], fmt: str, write: bool, store: str) -> None:
    """Run QUERY (Cypher) against the store and print the rows.

    Read-only unless --write is given; the database itself refuses writes.

    Example: branchgraph cypher "MATCH (o:Organization) WHERE o.county = $c RETURN o.name" -p c=红山区
    """
    with open_from(store) as s:
        emit(s.run(query, parse_params(params), write=write), fmt)


COMMANDS = [cypher]
