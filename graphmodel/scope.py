"""County scopes: the part of a graph that belongs to some counties, as a store of its own.

A user limited to some counties reads a *scoped store*: an embedded LadybugDB file
holding only their counties' organisations, the links between those organisations,
the people who work in, mentor, keep as contact point or are secretary of one of
them (with only those links), and the alliances and chains with a member there (with
only those members). Every analysis, export, named query and network view run on it
then simply has no other county: the limit is in the data, not in the pages, and no
analysis needs a scope argument.

A scoped store is built from the main store's tables (:func:`scope_tables`) into
``FOLDER/<counties-hash>-<main version>.lbug`` (:func:`scoped_store`), so a new load of
the main store gives a new file and nothing stale is ever read; older files of the same
counties are removed. It stays embedded even when the main store is a Bolt server.

>>> scope_key(("松山区", "红山区")) == scope_key(("红山区", "松山区"))
True
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from . import schema
from .projection import node_frame, rel_frame
from .store import GraphStore, open_store

__all__ = ["ScopedHistory", "scope_key", "scope_tables", "scoped_store", "county_orgs"]


def scope_key(counties: Iterable[str]) -> str:
    """A short name for a set of counties (order and repeats do not matter)."""
    text = "\n".join(sorted(set(counties)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def county_orgs(store: GraphStore, counties: Iterable[str]) -> set[str]:
    """The keys of the organisations of ``counties`` in ``store``."""
    wanted = list(dict.fromkeys(counties))
    df = store.run("MATCH (o:Organization) WHERE o.county IN $c RETURN o.org_id AS k", {"c": wanted})
    return set(df["k"].astype(str))


def scope_tables(store: GraphStore, counties: Iterable[str]) -> dict[str, pd.DataFrame]:
    """The graph tables (as :meth:`GraphStore.replace_graph` takes them) of ``counties``.

    Organisation-to-organisation links (BELONGS_TO, PAIRED_WITH) are kept when both
    ends are in the counties; person, alliance and chain links when their
    organisation is; people, alliances and chains when at least one of their links is
    kept. Nothing of another county remains.
    """
    orgs = county_orgs(store, counties)
    out: dict[str, pd.DataFrame] = {}
    kept_ends: dict[str, set[str]] = {n.label: set() for n in schema.NODES}
    kept_ends["Organization"] = orgs
    for rt in schema.RELS:
        df = rel_frame(store, rt.type)
        keep = pd.Series(True, index=df.index)
        if rt.src == "Organization":
            keep &= df["src"].isin(orgs)
        if rt.dst == "Organization":
            keep &= df["dst"].isin(orgs)
        out[rt.type] = df[keep].reset_index(drop=True)
        for label, col in ((rt.src, "src"), (rt.dst, "dst")):
            if label != "Organization":
                kept_ends[label].update(out[rt.type][col].astype(str))
    for nt in schema.NODES:
        out[nt.label] = node_frame(store, nt.label, keys=sorted(kept_ends[nt.label]))
    return out


def _version_tag(version: str) -> str:
    return re.sub(r"[^0-9A-Za-z]+", "_", version)[:40] or "v"


def scoped_store(store: GraphStore, counties: Iterable[str], folder: str | Path) -> str:
    """The path of the scoped store of ``counties`` for the current graph of ``store``,
    built first when it is missing or the main store has been loaded since.

    Parameters
    ----------
    store : the main store (embedded or Bolt).
    counties : the counties the user may see.
    folder : where scoped stores live (created with mode 0700 when missing).

    Returns
    -------
    The scoped store's file path, a URI for :func:`graphmodel.open_store`.
    """
    counties = tuple(sorted(set(counties)))
    folder = Path(folder)
    day = getattr(store, "snapshot_day", None)
    if day:  # a past month's scope has a folder of its own: it never replaces today's
        folder = folder / "snapshots" / day
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = scope_key(counties)
    # a past month is named by its load, which a rebuild of its store does not change
    version = getattr(store, "snapshot_load", None) or store.version()
    path = folder / f"{key}-{_version_tag(version)}.lbug"
    scoped = open_store(path)
    try:
        if scoped.load_info() is None:  # missing, or a build that did not finish
            scoped.replace_graph(scope_tables(store, counties), source="scope: " + "、".join(counties))
    finally:
        scoped.close()
    for old in folder.glob(f"{key}-*.lbug*"):
        if not old.name.startswith(path.name):
            with contextlib.suppress(OSError):
                old.unlink()
    return str(path)


class ScopedHistory:
    """The department's snapshots as a user limited to ``counties`` sees them: the same
    days, each opened as the scoped store of that month (built on first use)."""

    def __init__(self, main: GraphStore, history: object, counties: Iterable[str],
                 folder: str | Path) -> None:
        self.main, self.history = main, history
        self.counties, self.folder = tuple(counties), Path(folder)

    def __getattr__(self, name: str) -> object:  # entries, find, get, days_text ...
        return getattr(self.history, name)

    def memo(self, snap: object, key: str, compute: object) -> pd.DataFrame:
        """As :meth:`graphmodel.history.History.memo`, kept with this scope's stores."""
        from .history import _memo

        folder = self.folder / "snapshots" / snap.day  # type: ignore[attr-defined]
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return _memo(folder / f"memo-{scope_key(self.counties)}-{key}-"
                     f"{snap.load_id[:12]}.parquet", compute)  # type: ignore[attr-defined]

    def store(self, snap: object, current: GraphStore | None = None) -> GraphStore:
        whole = self.history.store(snap, current=self.main)  # type: ignore[attr-defined]
        if whole is self.main:  # the newest month: the scope of today's store
            if current is not None:
                return current
            uri = scoped_store(self.main, self.counties, self.folder)
        else:
            uri = scoped_store(whole, self.counties, self.folder)
        out = open_store(uri)
        if whole is not self.main:
            out.default_as_of = out.snapshot_day = snap.day  # type: ignore[attr-defined]
        out.history = self  # type: ignore[attr-defined]
        return out
