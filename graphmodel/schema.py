"""The graph model, defined once, as data.

Every backend derives its schema statements from :data:`NODES` and :data:`RELS`;
the loaders map input tables onto them; the dashboard and the docs list them.
Names follow Cypher habits: labels PascalCase, relationship types UPPER_SNAKE,
properties snake_case (the same names as the data contract's columns).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Prop",
    "NodeType",
    "RelType",
    "NODES",
    "RELS",
    "META_LABEL",
    "node",
    "rel",
    "DATED_RELS",
    "ENUMS",
    "ENUM_PROPS",
]

#: Property types, spelled as LadybugDB spells them.
TYPES = ("STRING", "INT64", "DOUBLE", "BOOLEAN")


@dataclass(frozen=True)
class Prop:
    name: str
    type: str = "STRING"

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"unknown property type {self.type!r}")


@dataclass(frozen=True)
class NodeType:
    label: str
    key: str
    props: tuple[Prop, ...]

    @property
    def columns(self) -> list[str]:
        return [p.name for p in self.props]


@dataclass(frozen=True)
class RelType:
    type: str
    src: str
    dst: str
    props: tuple[Prop, ...] = ()

    @property
    def columns(self) -> list[str]:
        """Columns of the relationship's frame: ``src``, ``dst`` then the properties."""
        return ["src", "dst", *[p.name for p in self.props]]


def _props(spec: str) -> tuple[Prop, ...]:
    """``"a b:INT64"`` -> (Prop('a'), Prop('b', 'INT64'))."""
    out = []
    for item in spec.split():
        name, _, typ = item.partition(":")
        out.append(Prop(name, typ or "STRING"))
    return tuple(out)


#: The value domains of the enum properties: name -> canonical values, in the order
#: planners read them. The data contract (loaders/contract.py) adds the Chinese
#: spellings it accepts; labels (queries/labels.py) how each value reads.
ENUMS: dict[str, tuple[str, ...]] = {
    "kind": ("committee", "working_committee", "general_branch", "branch"),
    "domain": ("rural", "community", "government", "school", "hospital", "soe", "private",
               "social", "park"),
    "tier": ("advanced", "middle", "lagging"),
    "level": ("city", "county", "township", "village"),
    "assignment_type": ("mentor", "contact", "secretary"),
    "member_role": ("lead", "member"),
}

#: (label or relationship type, property) -> the ENUMS entry its values come from.
ENUM_PROPS: dict[tuple[str, str], str] = {
    ("Organization", "kind"): "kind",
    ("Organization", "domain"): "domain",
    ("Organization", "tier"): "tier",
    ("Person", "level"): "level",
    ("MEMBER_OF", "role"): "member_role",
}

_DATED = "since until"

NODES: tuple[NodeType, ...] = (
    NodeType(
        "Organization",
        "org_id",
        _props(
            "org_id name kind parent_id domain county township stars:INT64 "
            "base_stars:INT64 task_score:DOUBLE highlight_score:DOUBLE tier "
            "weak:BOOLEAN members:INT64"
        ),
    ),
    NodeType("Person", "person_id", _props("person_id name role level org_id capacity:INT64")),
    NodeType("Alliance", "alliance_id", _props("alliance_id name theme county founded")),
    NodeType("Chain", "chain_id", _props("chain_id name industry county")),
)

RELS: tuple[RelType, ...] = (
    RelType("BELONGS_TO", "Organization", "Organization"),
    RelType("MENTORS", "Person", "Organization", _props(_DATED)),
    RelType("CONTACT_POINT", "Person", "Organization", _props(_DATED)),
    RelType("SECRETARY_OF", "Person", "Organization", _props(_DATED)),
    RelType("WORKS_IN", "Person", "Organization"),
    RelType("MEMBER_OF", "Organization", "Alliance", _props("role")),
    RelType("IN_CHAIN", "Organization", "Chain", _props("stage")),
    RelType("PAIRED_WITH", "Organization", "Organization", _props("type " + _DATED)),
)

#: Relationship types that carry ``since``/``until`` dates.
DATED_RELS = tuple(r.type for r in RELS if "since" in r.columns)

#: A one-node label each store keeps beside the graph: when and from what it was loaded.
META_LABEL = "BranchgraphLoad"
META = NodeType(
    META_LABEL, "load_id", _props("load_id loaded_at source rows_read:INT64 rows_rejected:INT64")
)

_NODES = {n.label: n for n in NODES}
_RELS = {r.type: r for r in RELS}


def node(label: str) -> NodeType:
    """The node type called ``label``; ``KeyError`` names the known ones."""
    try:
        return _NODES[label]
    except KeyError:
        raise KeyError(f"no node label {label!r}; known: {', '.join(_NODES)}") from None


def rel(type_: str) -> RelType:
    """The relationship type called ``type_``."""
    try:
        return _RELS[type_]
    except KeyError:
        raise KeyError(f"no relationship type {type_!r}; known: {', '.join(_RELS)}") from None
