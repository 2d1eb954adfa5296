"""`branchgraph cypher`: run a query of the user's own."""

from __future__ import annotations

import unicodedata

import click

from branchgraph import settings
from graphmodel import StoreError

from .common import snapshot_option, UserError, emit, format_option, open_from, param_option, parse_params, store_option


@click.command("cypher")
@click.argument("query")
@param_option
@format_option
@click.option("--write", is_flag=True, help="Allow the query to change the graph (refused otherwise).")
@store_option
@snapshot_option
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
        except StoreError as exc:
            odd = look_alikes(query)
            if not odd:
                raise
            lang = settings.get("lang")
            text = _LOOK_ALIKE.get(lang, _LOOK_ALIKE["zh"])
            raise UserError(text.format(chars="、".join(odd), reason=exc.text(lang))) from None
        emit(rows, fmt)


def look_alikes(query: str) -> list[str]:
    """Cyrillic and Greek letters in ``query`` (outside nothing: labels, names, strings
    alike), which look like Latin ones and make a label or property unknown.

    >>> look_alikes("MATCH (o:\u041erganization) RETURN o")
    ['О (U+041E CYRILLIC CAPITAL LETTER O)']
    """
    found = []
    for ch in dict.fromkeys(query):
        name = unicodedata.name(ch, "")
        if name.startswith(("CYRILLIC", "GREEK")):
            found.append(f"{ch} (U+{ord(ch):04X} {name})")
    return found


_LOOK_ALIKE = {"zh": "查询里有看起来像拉丁字母的西里尔或希腊字母：{chars}；请用英文输入法重新输入（{reason}）",
               "en": "the query holds Cyrillic or Greek letters that look like Latin ones: {chars}; "
                     "type them again in a Latin layout ({reason})"}


_BAD_VALUE = {"zh": "图数据库不接受该参数值（{reason}）；列表中的值须是同一类型",
              "en": "the store does not take a parameter value ({reason}); a list holds values of one type"}


COMMANDS = [cypher]
