"""`branchgraph cypher`: run a query of the user's own."""

from __future__ import annotations

import click

from branchgraph import settings

from .common import UserError, emit, format_option, open_from, param_option, parse_params, store_option


@click.command("cypher")
@click.argument("query")
@param_option
@format_option
@click.option("--write", is_flag=True, help="Allow the query to change the graph (refused otherwise).")
@store_option
def cypher(query: str, params: tuple[str, ...], fmt: str, write: bool, store: str) -> None:
    """Run QUERY (Cypher) against the store and print the rows.

    Read-only unless --write is given; the database itself refuses writes.
    Parameters are text unless given a type: -p id=0150402 sends the text
    "0150402" (leading zero kept), -p top:int=5 the number 5.

    Examples:

      branchgraph cypher "MATCH (o:Organization) WHERE o.county = $c RETURN o.name" -p c=红山区

      branchgraph cypher "MATCH (o:Organization) RETURN o.name LIMIT $n" -p n:int=5
    """
    values = parse_params(params)
    with open_from(store, needs="cypher-write" if write else "cypher") as s:
        try:
            rows = s.run(query, values, write=write)
        except ValueError as exc:  # LadybugDB refuses a parameter it cannot type: [1,"a"]
            text = _BAD_VALUE.get(settings.get("lang"), _BAD_VALUE["zh"])
            raise UserError(text.format(reason=exc)) from None
        emit(rows, fmt)


_BAD_VALUE = {"zh": "图数据库不接受该参数值（{reason}）；列表中的值须是同一类型",
              "en": "the store does not take a parameter value ({reason}); a list holds values of one type"}


COMMANDS = [cypher]
