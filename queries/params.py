"""Parameters, declared once, converted in one place.

A :class:`Param` is what a named query (a ``// param:`` header line) or an analysis of
the catalogue takes: a name, a type, a default, a help text and, where the values
are fixed, the choices (a schema enum such as ``domain``, or an explicit list).
:func:`convert` turns what a caller gives — text typed on the command line, a
dashboard widget's value, a Python object — into that type, or raises
:class:`QueryParamError` in plain words. The command line's ``-p NAME:TYPE=VALUE``
for ad-hoc Cypher uses the same converter (:func:`typed`).

>>> convert(Param("top", "int"), "5"), convert(Param("kinds", "list"), "branch, committee")
(5, ['branch', 'committee'])
>>> convert(Param("tier", "string", enum="tier"), "后进")
'lagging'
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphmodel.rules import as_of_text
from graphmodel.schema import ENUMS

__all__ = ["Param", "QueryParamError", "TYPES", "TODAY", "INT64", "CLI_TYPES", "convert", "typed",
           "standard", "STANDARD"]

#: Parameter types a declaration may use (``json``: any JSON value, for ad-hoc Cypher).
TYPES = ("string", "int", "float", "bool", "date", "list", "json")
#: The default of a date parameter that means "the day the query runs" (or the snapshot's).
TODAY = "today"
#: The whole numbers a store can hold (64-bit).
INT64 = (-(2**63), 2**63 - 1)

_TRUE = ("true", "yes", "1", "是", "y")
_FALSE = ("false", "no", "0", "否", "n")


class QueryParamError(ValueError):
    """A parameter value that is unknown, of the wrong type or not among the allowed values."""


class _Reason(ValueError):
    """Why a value does not convert, in words fit for the message (not Python's own)."""


@dataclass(frozen=True)
class Param:
    """One declared parameter.

    ``default`` is already of the type (a tuple for lists), ``None`` for no default
    (the query then sees null), or :data:`TODAY` for a date. ``choices`` are the
    allowed values (of a list's items); ``enum`` names the schema enum they come from,
    so a Chinese spelling (后进) is accepted for its code and a form can offer them as
    a drop-down in the user's language. ``setting`` names the setting whose value is
    the default when the caller gives none (``capacity`` for ``default_capacity``).
    """

    name: str
    type: str = "string"
    default: Any = None
    help: str = ""
    choices: tuple[str, ...] = ()
    enum: str | None = None
    setting: str | None = None
    #: The function's keyword when the name is a Python word (``-p from=...`` -> ``start``).
    arg: str | None = None

    @property
    def keyword(self) -> str:
        """The keyword argument the analysis function takes this parameter as."""
        return self.arg or self.name

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"unknown parameter type {self.type!r}; use one of {', '.join(TYPES)}")
        if self.enum is not None and not self.choices:
            object.__setattr__(self, "choices", ENUMS[self.enum])

    @property
    def default_text(self) -> str:
        """The default as a header spells it (``null``, ``today``, ``a,b`` ...)."""
        if self.default is None:
            return "null"
        if self.type == "list":
            return ",".join(self.default)
        if self.type == "bool":
            return "true" if self.default else "false"
        return str(self.default)

    @property
    def nullable(self) -> bool:
        """Whether null is accepted (the default is null)."""
        return self.default is None

    def default_value(self, store: Any = None) -> Any:
        """The default as sent: ``today`` resolved (a past snapshot's day on its store)."""
        if self.type == "date" and self.default == TODAY:
            return as_of_text(None, store)
        return list(self.default) if isinstance(self.default, tuple) else self.default


def _chinese(p: Param) -> dict[str, str]:
    """Chinese spellings of the choices (from queries.labels), so 后进 means lagging."""
    if not p.enum:
        return {}
    from .labels import VALUE_LABELS

    dim = {"assignment_type": "link"}.get(p.enum, p.enum)
    return {zh: code for code, (zh, _en) in VALUE_LABELS.get(dim, {}).items()}


def convert(p: Param, value: Any) -> Any:
    """``value`` as ``p`` takes it; :class:`QueryParamError` says why not, naming ``p``.

    None means null (the caller decides whether that means "the default").
    """
    if value is None:
        return None
    try:
        out = _CONVERTERS[p.type](value)
    except _Reason as exc:
        raise QueryParamError(f"{p.name}: {value!r} is not {_WHAT[p.type]}: {exc}") from None
    except (TypeError, ValueError, OverflowError):
        raise QueryParamError(f"{p.name}: {value!r} is not {_WHAT[p.type]}") from None
    if p.choices:
        zh = _chinese(p)
        items = out if p.type == "list" else [out]
        items = [zh.get(v, v) if isinstance(v, str) else v for v in items]
        bad = [v for v in items if v not in p.choices]
        if bad:
            raise QueryParamError(f"{p.name}: {', '.join(map(repr, bad))} is not allowed; "
                                  f"choose from {', '.join(p.choices)}")
        out = items if p.type == "list" else items[0]
    return out


_WHAT = {"string": "text", "int": "a whole number", "float": "a number", "bool": "true or false",
         "date": "a date (YYYY-MM-DD)", "list": "a comma-separated list", "json": "JSON"}


def _to_string(v: Any) -> str:
    if isinstance(v, str):
        v = v.strip()
        if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
            v = v[1:-1]
        return v
    if isinstance(v, (bool, int, float)):
        return str(v)
    raise TypeError(f"a {type(v).__name__} is not text")


def _to_int(v: Any) -> int:
    if isinstance(v, bool):
        raise TypeError("true/false is not a whole number")
    if isinstance(v, float):
        if not v.is_integer():
            raise ValueError(v)
        v = int(v)
    n = v if isinstance(v, int) else int(str(v).strip())
    if not INT64[0] <= n <= INT64[1]:
        raise _Reason("larger than the store can hold (at most 19 digits)")
    return n


def _to_float(v: Any) -> float:
    if isinstance(v, bool):
        raise TypeError("true/false is not a number")
    out = float(v if isinstance(v, (int, float)) else str(v).strip())
    if out != out or out in (float("inf"), float("-inf")):
        raise _Reason("not a finite number")
    return out


def _to_bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    text = str(v).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(text)


def _to_date(v: Any) -> str:
    if isinstance(v, str) and v.strip().lower() == TODAY:
        return _dt.date.today().isoformat()
    return as_of_text(v)


def _to_list(v: Any) -> list[str]:
    if isinstance(v, str):
        items = [x.strip() for x in v.replace("，", ",").split(",")]
    elif isinstance(v, (list, tuple, set, frozenset)):
        items = [_to_string(x) for x in v]
    else:
        raise TypeError(f"a {type(v).__name__} is not a list")
    items = [x for x in items if x]
    if not items:
        raise _Reason("the list is empty")
    return items


def _to_json(v: Any) -> Any:
    return json.loads(v) if isinstance(v, str) else v


_CONVERTERS = {"string": _to_string, "int": _to_int, "float": _to_float, "bool": _to_bool,
               "date": _to_date, "list": _to_list, "json": _to_json}

#: The command line's short type names for ``-p NAME:TYPE=VALUE``.
CLI_TYPES = {"str": "string", "int": "int", "float": "float", "bool": "bool", "date": "date",
              "json": "json"}


def typed(name: str, typ: str, text: str) -> Any:
    """``-p NAME:TYPE=VALUE`` of the command line as the value to send (``str`` text as
    typed, kept exactly: ``0150402`` keeps its leading zero).

    >>> typed("n", "int", "5"), typed("id", "str", " 0150402"), typed("x", "json", "null")
    (5, ' 0150402', None)
    """
    if typ == "str":
        return text
    try:
        kind = CLI_TYPES[typ]
    except KeyError:
        raise QueryParamError(f"{name}: unknown type {typ!r}; use one of "
                              f"{', '.join(CLI_TYPES)}") from None
    if kind == "json":
        try:
            return json.loads(text)
        except ValueError as exc:
            raise QueryParamError(f"{name}: {text!r} is not JSON ({exc.msg} at character "
                                  f"{exc.pos})") from None
    return convert(Param(name, kind), text)


#: The filters every analysis understands the same way, by name.
STANDARD: Mapping[str, Param] = {
    "as_of": Param("as_of", "date", TODAY, "the day links must be active on (YYYY-MM-DD)"),
    "county": Param("county", "string", None, "only this county (旗县区)"),
    "township": Param("township", "string", None, "only this township (乡镇街道)"),
    "domain": Param("domain", "string", None, "only this domain (领域)", enum="domain"),
    "tier": Param("tier", "string", None, "only this tier (先进/中间/后进)", enum="tier"),
    "kinds": Param("kinds", "list", ("branch", "general_branch"),
                   "organisation kinds to include", enum="kind"),
    "lang": Param("lang", "string", "zh", "language of the words in the table",
                  choices=("zh", "en")),
}


def standard(name: str, **changes: Any) -> Param:
    """The standard filter ``name`` (see :data:`STANDARD`), with ``changes``.

    >>> standard("kinds", default=None).default is None
    True
    """
    from dataclasses import replace

    return replace(STANDARD[name], **changes)
