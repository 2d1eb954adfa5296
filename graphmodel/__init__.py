"""The graph model, the store interface and its backends, and projections to networkx."""

from .errors import (
    NotAStore,
    QueryError,
    ReadOnlyError,
    StoreBusy,
    StoreError,
    StoreMissing,
    Superseded,
)
from .schema import NODES, RELS, NodeType, Prop, RelType
from .store import DEFAULT_STORE, GraphStore, LoadInfo, open_store

__all__ = [
    "NODES",
    "RELS",
    "NodeType",
    "Prop",
    "RelType",
    "GraphStore",
    "LoadInfo",
    "QueryError",
    "ReadOnlyError",
    "StoreError",
    "StoreMissing",
    "NotAStore",
    "StoreBusy",
    "Superseded",
    "DEFAULT_STORE",
    "open_store",
]
