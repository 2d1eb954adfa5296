"""Benchmark steps for every analysis behind the exports, and for writing them all.

One step per entry of :data:`queries.export.EXPORTS` (the export's name with ``_``
for ``-``: ``coverage_gaps``, ``mentor_load``, ``bridges`` …), each timing
``queries.export.run_export(store, name)`` — the analysis alone, its DataFrame,
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
    from queries.export import EXPORTS

    func = EXPORTS[export].func
    where = getattr(func, "__qualname__", export)

    @register(step_name(export), f"analysis: {EXPORTS[export].title_en} ({where})")
    def _(ctx: Context, store: Any) -> int:
        from queries.export import run_export

        return len(run_export(store, export))


def _exports() -> list[str]:
    from queries.export import EXPORTS

    return [name for name in EXPORTS if name != "proposals"]


#: The step names registered here for the exports' analyses, in EXPORTS order.
ANALYSIS_STEPS: list[str] = []
for _name in _exports():
    _analysis(_name)
    ANALYSIS_STEPS.append(step_name(_name))
