"""The graph model, the store interface and its backends, and projections to networkx."""

from .schema import NODES, RELS, NodeType, Prop, RelType
from .store import (
    GraphStore,
    LoadInfo,
    QueryError,
    ReadOnlyError,
    StoreError,
    StoreMissing,
    default_store_uri,
    open_store,
)

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
    "default_store_uri",
    "open_store",
]
