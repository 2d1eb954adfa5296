"""Parameters for a Bolt server that pastes them into the query text (FalkorDB).

FalkorDB's Bolt layer (``src/bolt/bolt_api.c``, ``get_query``) turns a RUN
message's parameters into a ``CYPHER name=value … <query>`` prefix by ``sprintf``:
names and map keys raw, strings inside ``'…'`` without escaping, floats as ``%f``
(six decimals), all into a 4,096-byte stack buffer. So a map key
``k: 1} CREATE (:Pwn) WITH {q`` became query text, ``0.0000001`` arrived as ``0``
and 4 KB of parameters crashed the server.

Here the prefix is built by the client instead, with one function,
:func:`cypher_literal`, and the query goes with no Bolt parameters at all:
names must be identifiers, map keys are backtick-quoted (a key with a backtick
or NUL, or an empty key, is refused: FalkorDB's header has no escape for them),
strings are double-quoted with ``\\`` and ``"`` escaped, floats are written with
all their digits, integers must fit in 64 bits, NaN/infinity and NUL are refused.
Measured on FalkorDB 4.16: every string of the test corpus (quotes, backslashes,
newlines, control characters, Cyrillic, non-BMP) comes back unchanged, and a
5.7 MB prefix is accepted (the 4 KB limit was the server's parameter buffer).

>>> header({"id": "it's", "n": 3, "m": {"a b": [1.5, None, True]}})
'CYPHER id="it\\'s" n=3 m={`a b`: [1.5, null, true]} '
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from .errors import QueryError

__all__ = ["header", "cypher_literal", "check_names", "NAME", "INT64"]

#: What a parameter name may be: an ASCII identifier.
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
#: The whole numbers a store holds.
INT64 = (-(2**63), 2**63 - 1)


def check_names(params: Mapping[str, Any]) -> None:
    """Refuse (:class:`QueryError`) a parameter name that is not an identifier."""
    for name in params:
        if not isinstance(name, str) or not NAME.match(name):
            raise QueryError(key="param_name", name=name)


def header(params: Mapping[str, Any]) -> str:
    """``CYPHER name=literal … `` for ``params`` ('' when there are none)."""
    if not params:
        return ""
    check_names(params)
    return "CYPHER " + "".join(f"{n}={cypher_literal(v, n)} " for n, v in params.items())


def cypher_literal(value: Any, name: str = "?") -> str:
    """``value`` as a Cypher literal that reads back as exactly ``value``.

    Parameters
    ----------
    value:
        None, a bool, int, float, str, or a list/tuple/mapping of those (nested).
    name:
        The parameter's name, for messages.

    Returns
    -------
    str
        The literal; :class:`QueryError` (naming ``name``) for what has none.

    >>> cypher_literal(['a"b', "c\\\\d", 1e-07, -3])
    '["a\\\\"b", "c\\\\\\\\d", 1e-07, -3]'
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if not INT64[0] <= value <= INT64[1]:
            raise QueryError(key="param_int", name=name, value=value)
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise QueryError(key="param_float", name=name, value=value)
        return repr(value)
    if isinstance(value, str):
        return _string(value, name)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(v, name) for v in value) + "]"
    if isinstance(value, Mapping):
        parts = []
        for k, v in value.items():
            if not isinstance(k, str) or not k or "`" in k or "\x00" in k:
                raise QueryError(key="param_key", name=name, mapkey=k)
            _utf8(k, name)
            parts.append(f"`{k}`: {cypher_literal(v, name)}")
        return "{" + ", ".join(parts) + "}"
    raise QueryError(key="param_type", name=name, type=type(value).__name__)


def _string(text: str, name: str) -> str:
    if "\x00" in text:
        raise QueryError(key="param_nul", name=name)
    _utf8(text, name)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _utf8(text: str, name: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise QueryError(key="param_type", name=name, type="broken text (a lone surrogate)") from None
