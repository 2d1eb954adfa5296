"""Benchmark steps for every analysis behind the exports, and for writing them all.

One step per export of the catalogue (the export's name with ``_`` for ``-``:
``coverage_gaps``, ``mentor_load``, ``bridges`` …), each timing
``queries.catalogue.table(name, store)`` — the analysis alone, its DataFrame,
no file — on a store holding the demo graph at the run's scale. The
``proposals`` export is the :func:`queries.proposals.propose` step of
:mod:`benchmarks.bench_proposals` (``propose``), so it is not registered twice.

(``export_all``, every export written at once, is in :mod:`benchmarks.bench_pipeline`.)
"""

from __future__ import annotations

from typing import Any

from benchmarks.steps import Context, register

__all__ = ["ANALYSIS_STEPS", "step_name"]


def step_name(export: str) -> str:
    """The step that times export ``export``'s analysis (``coverage-gaps`` -> ``coverage_gaps``)."""
    return "propose" if export == "proposals" else export.replace("-", "_")


def _analysis(export: str) -> None:
    from queries import catalogue

    entry = catalogue.get(export)
    where = getattr(entry.func, "__qualname__", export)

    @register(step_name(export), f"analysis: {entry.title_en} ({where})")
    def _(ctx: Context, store: Any) -> int:
        return len(catalogue.table(export, store))


def _exports() -> list[str]:
    from queries.export import available_exports

    return [name for name in available_exports() if name != "proposals"]


#: The step names registered here for the exports' analyses, in catalogue order.
ANALYSIS_STEPS: list[str] = []
for _name in _exports():
    _analysis(_name)
    ANALYSIS_STEPS.append(step_name(_name))
