"""The analysis catalogue: every analysis declared once, beside its function.

An analysis module decorates its function with :func:`analysis`::

    @analysis("coverage-gaps", title=("无人包联的基层组织", "Organisations nobody watches"),
              description=("…", "…"), params=("as_of", "county", "domain", "tier", DIMENSION,
              "kinds"), columns=GAP_COLUMNS, labels={"name": ("组织名称", "Organisation")})
    def coverage_gaps(store, *, as_of=None, county=None, …) -> pd.DataFrame: …

and the command line (``query``, ``export``), the exports, the dashboard and the
generated docs all read :data:`CATALOGUE`: the name, the Chinese and English titles
and descriptions, the parameters (types and choices from :mod:`queries.params`,
defaults from the function's own signature, the setting that supplies a default),
the result columns with their zh/en headers (:mod:`queries.labels`, with per-analysis
overrides) and how values are translated. :func:`run` is the one way to call an
analysis with values from outside: it checks and converts them and fills settings
from the :class:`~queries.config.Config` the edge resolved.

>>> get("coverage-gaps").title("en")
'Organisations nobody watches'
>>> get("coverage_gaps").name       # the Python spelling finds it too
'coverage-gaps'
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from .config import Config
from .labels import COLUMN_LABELS, VALUE_COLUMNS
from .params import TODAY, Param, QueryParamError, convert, standard

__all__ = ["Analysis", "CATALOGUE", "CatalogueError", "analysis", "get", "names", "prepare",
           "run", "table"]


class CatalogueError(QueryParamError):
    """No analysis of that name, or a parameter it does not take (the message lists them)."""


@dataclass(frozen=True)
class Analysis:
    """One analysis: what it is called, what it takes and what its table holds.

    ``values`` maps a column to the label dimension its values are translated with
    (``"tier"``), or to ``"$param"`` for the dimension a parameter names (the ``group``
    column of a rate table grouped ``by=domain`` reads as domains). ``part`` names the
    attribute of a richer result that is the table (a proposal's ``links``).
    """

    name: str
    func: Callable[..., Any]
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    params: tuple[Param, ...]
    columns: tuple[str, ...] = ()
    labels: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    values: Mapping[str, str] = field(default_factory=dict)
    part: str | None = None
    export: bool = True

    def title(self, lang: str = "zh") -> str:
        return self.title_en if lang == "en" else self.title_zh

    def describe(self, lang: str = "zh") -> str:
        return self.description_en if lang == "en" else self.description_zh

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise CatalogueError(f"{self.name} takes no parameter {name!r}; it takes: "
                             f"{', '.join(p.name for p in self.params) or 'none'}")

    def header(self, column: str, lang: str = "zh") -> str:
        """The column's header in ``lang``: this analysis's override, else the shared label."""
        pair = self.labels.get(column) or COLUMN_LABELS.get(column)
        return (pair[1] if lang == "en" else pair[0]) if pair else column

    def value_dimensions(self, params: Mapping[str, Any]) -> dict[str, str]:
        """Column -> label dimension for a result computed with ``params``."""
        out = {**VALUE_COLUMNS, **self.values}
        for col, dim in list(out.items()):
            if dim.startswith("$"):
                chosen = params.get(dim[1:])
                if chosen is None:
                    chosen = self.param(dim[1:]).default
                out[col] = str(chosen)
        return out


#: Name -> analysis, filled as the analysis modules are imported (see :func:`_load`).
CATALOGUE: dict[str, Analysis] = {}


def analysis(
    name: str,
    *,
    title: tuple[str, str],
    description: tuple[str, str],
    params: Iterable[str | Param] = (),
    columns: Iterable[str] = (),
    labels: Mapping[str, tuple[str, str]] | None = None,
    values: Mapping[str, str] | None = None,
    part: str | None = None,
    export: bool = True,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare the decorated function as the analysis ``name`` (see the module docstring).

    ``params`` lists the keyword arguments a caller may give: a name of a standard
    filter (:data:`queries.params.STANDARD`) or a :class:`Param`. Every default is the
    function's own; a parameter the signature does not have is a programming error.
    """

    def deco(func: Callable[..., Any]) -> Callable[..., Any]:
        sig = inspect.signature(func).parameters
        declared = []
        for p in params:
            p = standard(p) if isinstance(p, str) else p
            if p.keyword not in sig:
                raise TypeError(f"{func.__qualname__} has no parameter {p.keyword!r} to declare")
            default = sig[p.keyword].default
            if default is inspect.Parameter.empty:
                default = None
            elif isinstance(default, list | tuple):
                default = tuple(default)
            if p.type == "date" and default is None:
                default = TODAY
            declared.append(replace(p, default=default))
        entry = Analysis(name, func, title[0], title[1], description[0], description[1],
                         tuple(declared), tuple(columns), dict(labels or {}), dict(values or {}),
                         part, export)
        if name in CATALOGUE and CATALOGUE[name].func is not func:
            raise ValueError(f"analysis {name!r} is declared twice")
        CATALOGUE[name] = entry
        func.analysis = entry  # type: ignore[attr-defined]
        return func

    return deco


_LOADED = False


def _load() -> None:
    """Import every module of the ``queries`` package once, so all declarations are in."""
    global _LOADED
    if _LOADED:
        return
    package = importlib.import_module("queries")
    for mod in pkgutil.iter_modules(package.__path__):
        if not mod.name.startswith("_"):
            importlib.import_module(f"queries.{mod.name}")
    _LOADED = True


def get(name: str) -> Analysis:
    """The analysis ``name`` (``coverage-gaps`` or ``coverage_gaps``); CatalogueError lists them."""
    _load()
    key = str(name).strip().replace("_", "-")
    try:
        return CATALOGUE[key]
    except KeyError:
        raise CatalogueError(f"no analysis called {name!r}; known: {', '.join(names())}") from None


def names(*, exports: bool = False) -> list[str]:
    """Every analysis name, in declaration order (only the exportable ones with ``exports``)."""
    _load()
    return [n for n, a in CATALOGUE.items() if a.export or not exports]


def prepare(a: Analysis, given: Mapping[str, Any] | None, config: Config | None = None,
            ) -> dict[str, Any]:
    """The keyword arguments to call ``a`` with: ``given`` values checked and converted
    (None or blank means "not given"), settings filled where the caller gave nothing."""
    config = config or Config()
    out: dict[str, Any] = {}
    for key, value in dict(given or {}).items():
        p = a.param(key)
        if value is None or (isinstance(value, str) and not value.strip()) \
                or (isinstance(value, list | tuple) and not value):
            continue
        if p.type == "date" and isinstance(value, str) and value.strip().lower() == TODAY:
            continue
        out[p.keyword] = convert(p, value)
    for p in a.params:
        if p.keyword not in out and p.setting is not None:
            out[p.keyword] = config.setting(p.setting)
    return out


def run(name: str, store: Any, params: Mapping[str, Any] | None = None,
        config: Config | None = None) -> Any:
    """Run the analysis ``name`` on ``store`` with ``params`` (checked, converted, settings
    filled from ``config``); its result as the function returns it."""
    a = get(name)
    return a.func(store, **prepare(a, params, config))


def table(name: str, store: Any, params: Mapping[str, Any] | None = None,
          config: Config | None = None) -> pd.DataFrame:
    """:func:`run`, then the table of the result (its ``part`` where it has one)."""
    a = get(name)
    result = run(name, store, params, config)
    return getattr(result, a.part) if a.part else result
