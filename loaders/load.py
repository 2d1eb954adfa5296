"""Load a planner's dataset into a store: read, validate, report, then replace the graph.

The store is written only after the whole dataset has been read and checked, and
:meth:`graphmodel.GraphStore.replace_graph` is all or nothing: whatever goes
wrong (a strict refusal, a bad file, a killed process), the graph planners were
looking at stays as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from graphmodel import GraphStore, LoadInfo, schema
from graphmodel.delta import Change
from graphmodel.history import Snapshot
from graphmodel.store import Progress

from . import contract
from .archive import Limits
from .errors import LoadError, message
from .month import Month
from .impact import DEFAULT_SHARE, check_rejects
from .read import read_dataset
from .report import ReportPaths, write_report
from .validate import ValidationResult, validate

__all__ = ["LoadResult", "load_path", "load_tables", "check_path"]


@dataclass
class LoadResult:
    """What :func:`load_path` did.

    ``validation`` holds the clean tables, problems, rejects and per-table counts
    (columns ``table``, ``files``, ``read``, ``loaded``, ``rejected``); ``info`` is
    the store's record of the new graph; ``report`` the files written, if any.
    """

    validation: ValidationResult
    info: LoadInfo | None
    report: ReportPaths | None
    #: For a county's submission (``county=``): what it changed (:class:`loaders.submit.Submission`).
    submission: object | None = None
    #: Organisations added, removed and changed per county (:func:`loaders.changes.by_county`).
    changes: pd.DataFrame | None = None
    #: The snapshot the load was kept as (None on a Bolt store: no history there).
    snapshot: Snapshot | None = None

    @property
    def rows_read(self) -> int:
        return self.validation.rows_read

    @property
    def rows_loaded(self) -> int:
        return self.validation.rows_loaded

    @property
    def rows_rejected(self) -> int:
        return self.validation.rows_rejected

    @property
    def counts(self) -> pd.DataFrame:
        return self.validation.counts


def check_path(
    path: str | Path, *, report_dir: str | Path | None = None, lang: str = "zh",
    include_hidden: bool = False, limits: Limits | None = None,
    store: GraphStore | None = None, county: str | None = None,
) -> tuple[ValidationResult, ReportPaths | None]:
    """Read and validate ``path`` without writing any store; write the report if asked.

    ``include_hidden`` and ``limits`` are passed to :func:`loaders.read.read_dataset`.
    With ``county`` (a county's submission) the ledger may refer to what ``store``
    keeps outside that county (:func:`loaders.submit.outside_keys`).
    Returns the validation result and the report paths (None without ``report_dir``).
    Raises :class:`LoadError` when the dataset cannot be read at all.
    """
    data = read_dataset(path, lang=lang, include_hidden=include_hidden, limits=limits)
    outside = None
    if county is not None and store is not None:
        from .submit import outside_keys

        outside = outside_keys(store, county)
    result = validate(data, lang=lang, outside=outside)
    paths = write_report(result, report_dir, source=str(path), lang=lang) if report_dir else None
    return result, paths


def load_path(
    store: GraphStore,
    path: str | Path,
    *,
    strict: bool = False,
    report_dir: str | Path | None = None,
    lang: str = "zh",
    progress: Progress | None = None,
    include_hidden: bool = False,
    limits: Limits | None = None,
    accept_rejects: bool = False,
    max_reject_share: float = DEFAULT_SHARE,
    source: str | None = None,
    county: str | None = None,
    as_of: str | None = None,
    loaded_by: str = "",
) -> LoadResult:
    """Read, validate and load the dataset at ``path`` into ``store``, replacing its graph
    (with ``county``: only that county's part, see :mod:`loaders.submit`).

    Parameters
    ----------
    store:
        The graph store to replace (all or nothing).
    path:
        A folder of CSV files and workbooks, one workbook (``.xlsx``, ``.xls``, ``.ods``),
        one CSV file or a ``.zip`` of them.
    strict:
        Refuse the whole load (store untouched) when any row fails a check.
    report_dir:
        Where to write ``load-report.txt`` and ``rejects.csv``; None writes nothing.
    lang:
        ``"zh"`` or ``"en"`` for messages and the report.
    progress:
        Called with (step, done, total) while the store is written.
    include_hidden:
        Also load hidden sheets (by default the report names them, and they are left out).
    limits:
        Caps on zip and workbook sizes (default :class:`loaders.archive.Limits`).
    accept_rejects:
        Replace the graph even when the rejected rows pass the threshold (see
        :func:`loaders.impact.check_rejects`).
    max_reject_share:
        The threshold: the share of the rows read that may be rejected (default 1%);
        any rejected organisation with organisations below it passes it too.
    source:
        How the load record names the data (default: ``path``); the dashboard gives
        the uploaded file's own name, not its temporary copy.
    county:
        A county's submission (数据上报): the dataset replaces only that county's
        organisations, the people who work there and the links starting there.
    as_of:
        The day the ledger describes (default today): the load is kept as that day's
        snapshot (:mod:`graphmodel.history`, embedded stores only), replacing an
        earlier load of the same day. The store's graph is replaced only when no
        later snapshot exists; a county submission for a past day goes into the
        snapshot it names.
    loaded_by:
        Who loads, recorded with the snapshot.

    Returns
    -------
    LoadResult
        Validation result, the store's load record and the report paths.

    Raises
    ------
    LoadError
        Unreadable dataset, no organisations table, strict mode with rejected rows,
        rejects past the threshold without ``accept_rejects``, or no organisation
        passing the checks. The store is left untouched;
        ``exc.validation`` holds the validation result when there is one.
    graphmodel.StoreError
        The store cannot be written; :class:`graphmodel.Superseded` when a load that
        started later replaced the graph while this one waited for the writer lock
        (held from the start, so the store's other writers wait for this one).
    """
    with store.writing("load", newest_wins=True):  # before reading: the later load wins
        result, paths = check_path(path, report_dir=report_dir, lang=lang,
                                   include_hidden=include_hidden, limits=limits,
                                   store=store, county=county)
        see = message("see_report", lang, report=paths.report) if paths else ""
        if strict and result.rows_rejected:
            raise LoadError(message("strict", lang, n=result.rows_rejected) + see, validation=result)
        orgs = result.tables.get("organizations")
        if orgs is None or orgs.empty:
            raise LoadError(message("nothing_loaded", lang) + see, validation=result)
        verdict = check_rejects(result, max_reject_share)
        if verdict.refuse and not accept_rejects:
            raise LoadError(verdict.message(lang) + see, validation=result)
        tables, submission = contract.graph_tables(result.tables), None
        month = Month.of(store, as_of, lang)
        if county is not None:
            from .submit import merge_county

            tables, submission = merge_county(month.base_for_county(lang), tables, county, lang=lang)
        change = month.change(tables)
        changes = _changes(month.base, tables, change)
        info, snap = month.write(
            tables,
            source=(source or str(path)) if county is None else f"{source or path} ({county})",
            rows_read=result.rows_read,
            rows_rejected=result.rows_rejected,
            progress=progress,
            user=loaded_by,
            change=change,
        )
    return LoadResult(result, info, paths, submission, changes, snap)


def _changes(store: GraphStore | None, tables: dict[str, pd.DataFrame],
             change: Change | None = None) -> pd.DataFrame:
    """What writing ``tables`` changes in the organisations of ``store`` (the graph it
    replaces; None: nothing before it), per county; from ``change`` when there is one
    (it compared the same two graphs already)."""
    from graphmodel.projection import node_frame

    from .changes import by_county, county_counts

    label = "Organization"
    key = schema.node(label).key
    if change is not None:
        d = change.tables.get(label)
        if d is None:
            return county_counts([], [], [])
        return county_counts(*(t["county"].to_pylist() for t in (d.insert, d.delete, d.update)))
    new = tables.get(label)
    if new is None:
        new = pd.DataFrame(columns=[key, "county"])
    if store is not None and store.exists():
        old = node_frame(store, label, columns=[c for c in new.columns if c != key])
    else:
        old = new.iloc[0:0]
    return by_county(old, new, key)


def load_tables(
    store: GraphStore,
    data: dict[str, pd.DataFrame],
    *,
    source: str,
    progress: Progress | None = None,
) -> LoadInfo:
    """Load already-clean contract tables (English columns, canonical values) into ``store``.

    For data built in Python, such as the demo generator's; nothing is validated.
    Unknown table names raise ``KeyError`` (a programming mistake, not a user's).
    """
    for name in data:
        contract.table(name)
    rows = sum(len(df) for df in data.values())
    return store.replace_graph(
        contract.graph_tables(data), source=source, rows_read=rows, rows_rejected=0, progress=progress
    )
