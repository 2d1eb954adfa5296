"""The input data contract (../shared/data-contract.md) as data.

Tables, their file/sheet names in English and Chinese, their columns with Chinese
aliases, types and rules. The reader, the validator, the demo writer and the docs
all read these definitions; nothing else spells a column alias.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Column", "Table", "TABLES", "ENUMS", "table", "graph_tables"]


@dataclass(frozen=True)
class Column:
    name: str
    aliases: tuple[str, ...] = ()
    #: text, int, number, bool, date, or enum:<name of an ENUMS entry>
    type: str = "text"
    required: bool = False
    unique: bool = False
    min: float | None = None
    max: float | None = None
    #: "table.column" this column must name (a reference to an existing id)
    ref: str | None = None
    zh: str = ""

    @property
    def label_zh(self) -> str:
        return self.zh or (self.aliases[0] if self.aliases else self.name)


@dataclass(frozen=True)
class Table:
    name: str
    zh: tuple[str, ...]
    columns: tuple[Column, ...]
    required: bool = False
    key: str | None = None
    notes: str = field(default="", compare=False)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


#: Enum name -> {canonical English value: (accepted Chinese spellings, ...)}
ENUMS: dict[str, dict[str, tuple[str, ...]]] = {
    "kind": {
        "committee": ("党委", "基层党委"),
        "working_committee": ("党工委",),
        "general_branch": ("党总支",),
        "branch": ("党支部",),
    },
    "domain": {
        "rural": ("农村", "嘎查村"),
        "community": ("社区",),
        "government": ("机关",),
        "school": ("学校",),
        "hospital": ("医院", "医卫"),
        "soe": ("国企", "国有企业"),
        "private": ("非公", "非公企业"),
        "social": ("社会组织",),
        "park": ("园区",),
    },
    "tier": {"advanced": ("先进",), "middle": ("中间",), "lagging": ("后进",)},
    "level": {"city": ("市",), "county": ("县",), "township": ("乡",), "village": ("村",)},
    "assignment_type": {
        "mentor": ("包联", "监测"),
        "contact": ("联系点",),
        "secretary": ("书记",),
    },
    "member_role": {"lead": ("牵头",), "member": ("成员",)},
}

_DATES = (
    Column("since", ("开始日期",), "date"),
    Column("until", ("结束日期",), "date"),
)

TABLES: tuple[Table, ...] = (
    Table(
        "organizations",
        ("党组织",),
        (
            Column("org_id", ("组织编码", "编码"), required=True, unique=True),
            Column("name", ("组织名称", "名称"), required=True),
            Column("kind", ("类型", "组织类型"), "enum:kind", required=True),
            Column("parent_id", ("上级组织编码", "上级"), ref="organizations.org_id"),
            Column("domain", ("领域",), "enum:domain"),
            Column("county", ("旗县区", "县区")),
            Column("township", ("乡镇", "街道", "乡镇街道")),
            Column("stars", ("星级",), "int", min=0, max=10),
            Column("base_stars", ("基础星",), "int", min=0, max=5),
            Column("task_score", ("任务得分",), "number", min=0, max=100),
            Column("highlight_score", ("特色得分",), "number", min=0, max=10),
            Column("tier", ("类别", "等次"), "enum:tier"),
            Column("weak", ("软弱涣散",), "bool"),
            Column("members", ("党员数",), "int", min=0),
        ),
        required=True,
        key="org_id",
    ),
    Table(
        "people",
        ("人员",),
        (
            Column("person_id", ("人员编码",), required=True, unique=True),
            Column("name", ("姓名",), required=True),
            Column("role", ("职务", "角色")),
            Column("level", ("层级",), "enum:level"),
            Column("org_id", ("所在组织编码",), ref="organizations.org_id"),
            Column("capacity", ("包联上限",), "int", min=0),
        ),
        key="person_id",
    ),
    Table(
        "assignments",
        ("包联", "联系点", "包联联系点"),
        (
            Column("person_id", ("人员编码",), required=True, ref="people.person_id"),
            Column("org_id", ("组织编码",), required=True, ref="organizations.org_id"),
            Column("type", ("类型",), "enum:assignment_type", required=True),
            *_DATES,
        ),
    ),
    Table(
        "alliances",
        ("党建联合体", "联合体"),
        (
            Column("alliance_id", ("联合体编码",), required=True, unique=True),
            Column("name", ("名称", "联合体名称"), required=True),
            Column("theme", ("类型",)),
            Column("county", ("旗县区",)),
            Column("founded", ("成立日期",), "date"),
        ),
        key="alliance_id",
    ),
    Table(
        "alliance_members",
        ("联合体成员",),
        (
            Column("alliance_id", ("联合体编码",), required=True, ref="alliances.alliance_id"),
            Column("org_id", ("组织编码",), required=True, ref="organizations.org_id"),
            Column("role", ("角色",), "enum:member_role"),
        ),
    ),
    Table(
        "chains",
        ("产业链党委", "产业链"),
        (
            Column("chain_id", ("产业链编码",), required=True, unique=True),
            Column("name", ("名称",), required=True),
            Column("industry", ("产业",)),
            Column("county", ("旗县区",)),
        ),
        key="chain_id",
    ),
    Table(
        "chain_members",
        ("产业链成员",),
        (
            Column("chain_id", ("产业链编码",), required=True, ref="chains.chain_id"),
            Column("org_id", ("组织编码",), required=True, ref="organizations.org_id"),
            Column("stage", ("环节",)),
        ),
    ),
    Table(
        "pairings",
        ("结对共建", "结对"),
        (
            Column("org_a", ("组织编码A", "组织A"), required=True, ref="organizations.org_id"),
            Column("org_b", ("组织编码B", "组织B"), required=True, ref="organizations.org_id"),
            Column("type", ("类型",)),
            *_DATES,
        ),
    ),
)

_BY_NAME = {t.name: t for t in TABLES}


def table(name: str) -> Table:
    """The contract table called ``name`` (English)."""
    return _BY_NAME[name]


def graph_tables(data: dict) -> dict:
    """Contract tables (English columns, clean values) -> graph tables for a store.

    ``data`` maps table names to DataFrames; absent tables are simply empty.
    Returns frames keyed by node label / relationship type, as
    :meth:`graphmodel.store.GraphStore.replace_graph` takes them.
    """
    import pandas as pd

    def get(name: str) -> pd.DataFrame:
        df = data.get(name)
        return df if df is not None else pd.DataFrame(columns=table(name).column_names)

    def has(df: pd.DataFrame, col: str) -> pd.DataFrame:
        if col not in df.columns:
            return df.iloc[0:0]
        s = df[col]
        return df[s.notna() & (s.astype(str).str.strip() != "")]

    orgs, people, assign = get("organizations"), get("people"), get("assignments")
    out: dict[str, pd.DataFrame] = {
        "Organization": orgs,
        "Person": people,
        "Alliance": get("alliances"),
        "Chain": get("chains"),
    }
    parents = has(orgs, "parent_id")
    out["BELONGS_TO"] = pd.DataFrame({"src": parents["org_id"], "dst": parents["parent_id"]})
    works = has(people, "org_id")
    out["WORKS_IN"] = pd.DataFrame({"src": works["person_id"], "dst": works["org_id"]})
    for kind, rel in (("mentor", "MENTORS"), ("contact", "CONTACT_POINT"), ("secretary", "SECRETARY_OF")):
        part = assign[assign["type"] == kind] if "type" in assign.columns else assign.iloc[0:0]
        out[rel] = part.rename(columns={"person_id": "src", "org_id": "dst"})
    out["MEMBER_OF"] = get("alliance_members").rename(columns={"org_id": "src", "alliance_id": "dst"})
    out["IN_CHAIN"] = get("chain_members").rename(columns={"org_id": "src", "chain_id": "dst"})
    out["PAIRED_WITH"] = get("pairings").rename(columns={"org_a": "src", "org_b": "dst"})
    return out
