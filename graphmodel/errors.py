"""What can go wrong in a store, as exceptions whose message a planner can act on.

Every exception here is a :class:`StoreError`. One raised with a ``key`` from
:data:`MESSAGES` carries its message in Chinese and English: ``str(exc)`` is the
English text, :meth:`StoreError.text` gives either language (the command line and
the dashboard print it in the user's). One raised with plain text has that text
in both.

>>> str(NotAStore(key="not_a_store", path="台账.xlsx"))[:32]
'台账.xlsx is not a branchgraph sto'
>>> NotAStore(key="not_a_store", path="台账.xlsx").text("zh")[:12]
'台账.xlsx 不是 b'
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "StoreError",
    "StoreMissing",
    "NotAStore",
    "StoreBusy",
    "Superseded",
    "ReadOnlyError",
    "QueryError",
    "MESSAGES",
    "Msg",
    "message",
]

#: Every message of the store layer that names a user's mistake, in Chinese and English.
MESSAGES: dict[str, dict[str, str]] = {
    "no_graph": {
        "zh": "{path} 还没有图数据：先运行 branchgraph demo 或 branchgraph load 台账文件 --store {path}",
        "en": "no graph at {path} yet: run `branchgraph demo` or `branchgraph load PATH --store {path}`",
    },
    "bad_day": {
        "zh": "{day} 不是日期：请写成 年-月-日，例如 2026-11-30",
        "en": "{day!r} is not a date: write it as YYYY-MM-DD, such as 2026-11-30",
    },
    "no_snapshot_on": {
        "zh": "没有 {day} 的快照；已有快照：{days}",
        "en": "there is no snapshot of {day}; the snapshots kept: {days}",
    },
    "no_snapshot_before": {
        "zh": "{day} 当天或之前没有快照；已有快照：{days}",
        "en": "there is no snapshot on or before {day}; the snapshots kept: {days}",
    },
    "no_history_bolt": {
        "zh": "历史快照只保存在嵌入式图数据库（.lbug 文件）中，{store} 是 Bolt 服务器，没有历史快照",
        "en": "history is kept only in the embedded store (a .lbug file); {store} is a Bolt "
        "server and keeps no snapshots",
    },
    "only_snapshot": {
        "zh": "{day} 是唯一的快照，不能删除：它就是当前的图；先导入另一个月份",
        "en": "{day} is the only snapshot and holds the current graph: load another month first",
    },
    "not_a_store": {
        "zh": "{path} 不是 branchgraph 图数据库（文件开头不是 LadybugDB 数据库），未作任何改动；"
        "请用 --store 指定另一个路径，例如 ./data/branchgraph.lbug",
        "en": "{path} is not a branchgraph store (it does not start like a LadybugDB database) "
        "and was left untouched; give --store another path, such as ./data/branchgraph.lbug",
    },
    "store_is_folder": {
        "zh": "{path} 是文件夹，不是图数据库文件；请指定其中的一个文件，例如 {path}/branchgraph.lbug",
        "en": "{path} is a folder, not a store file; name a file in it, such as "
        "{path}/branchgraph.lbug",
    },
    "store_not_file": {
        "zh": "{path} 不是普通文件，不能作为图数据库；请用 --store 指定一个 .lbug 文件路径",
        "en": "{path} is not a regular file and cannot be a store; give --store a .lbug file path",
    },
    "store_unreadable": {
        "zh": "无法读取 {path}（{reason}）；请检查路径和权限",
        "en": "cannot read {path} ({reason}); check the path and its permissions",
    },
    "store_unwritable": {
        "zh": "无法在 {folder} 写入图数据库（{reason}）；请用 --store 指定一个可写的位置",
        "en": "cannot write a store in {folder} ({reason}); give --store a place you can write to",
    },
    "lock_not_ours": {
        "zh": "{path} 已存在且不是 branchgraph 的写入锁文件，未作改动；请移走它或换一个 --store 路径",
        "en": "{path} exists and is not branchgraph's writer lock; it was left untouched: move it "
        "away or use another --store path",
    },
    "busy": {
        "zh": "图数据库 {store} 正在被写入：{holder}；请稍后再试（不加 --no-wait 则会等待它结束）",
        "en": "the store {store} is being written: {holder}; try again later (without --no-wait "
        "the command waits for it)",
    },
    "waiting": {
        "zh": "正在等待 {holder} 结束……",
        "en": "waiting for {holder} to finish ...",
    },
    "superseded": {
        "zh": "未导入：等待期间，一次更晚开始的写入（{holder}）已替换了图；如果这次的数据更新，请重新运行",
        "en": "not loaded: while this waited, a write started later ({holder}) replaced the "
        "graph; run this one again if its data is the newer",
    },
    "holder": {
        "zh": "{what}（{started} 由 {host} 上的进程 PID {pid} 开始）",
        "en": "the {what} started {started} by PID {pid} on {host}",
    },
    "holder_unknown": {"zh": "另一个写入", "en": "another write"},
    "what_load": {"zh": "导入", "en": "load"},
    "what_demo": {"zh": "演示数据生成", "en": "demo build"},
    "what_write": {"zh": "写入查询", "en": "write query"},
    "bad_uri": {
        "zh": "无法打开 {uri}：{scheme}:// 不是图数据库；请给出 LadybugDB 文件路径，或以 {schemes} 开头的地址",
        "en": "cannot open {uri}: {scheme}:// is not a graph store; give a LadybugDB file path "
        "or a URI starting {schemes}",
    },
    "bad_port": {
        "zh": "{uri} 的端口不对：端口是 1 到 65535 之间的整数",
        "en": "the port of {uri} is wrong: a port is a whole number from 1 to 65535",
    },
    "unreachable": {
        "zh": "无法连接 {uri}：服务器在运行吗？请检查地址和端口",
        "en": "cannot reach {uri}: is the server running? Check the address and port",
    },
    "param_name": {
        "zh": "参数名 {name!r} 不可用：参数名只能由英文字母、数字和 _ 组成，且不以数字开头",
        "en": "parameter name {name!r} cannot be used: a name is letters, digits and _, "
        "not starting with a digit",
    },
    "param_key": {
        "zh": "参数 {name} 中的键 {mapkey!r} 不可用：键不能为空，也不能含 ` 或 NUL 字符",
        "en": "parameter {name}: the key {mapkey!r} cannot be used: a key must not be empty or "
        "contain ` or a NUL character",
    },
    "param_nul": {
        "zh": "参数 {name} 含 NUL 字符（\\0），图数据库不能保存它；请删去这个字符",
        "en": "parameter {name} contains a NUL character (\\0), which the store cannot take; "
        "remove it",
    },
    "param_int": {
        "zh": "参数 {name} 的整数 {value} 太大：图数据库最多保存 19 位（-9223372036854775808 到 "
        "9223372036854775807）",
        "en": "parameter {name}: the whole number {value} is too large: the store holds at most "
        "19 digits (-9223372036854775808 to 9223372036854775807)",
    },
    "param_float": {
        "zh": "参数 {name} 的 {value} 不是有限的数字；请给出普通数字",
        "en": "parameter {name}: {value} is not a finite number; give an ordinary number",
    },
    "param_type": {
        "zh": "参数 {name} 的值类型 {type} 不能作为查询参数；请用文字、数字、true/false、null、列表或对象",
        "en": "parameter {name}: a {type} cannot be a query parameter; use text, numbers, "
        "true/false, null, lists or objects",
    },
    "param_mixed_list": {
        "zh": "参数 {name} 的列表混有不同类型的值（{types}）；LadybugDB 的列表只能是同一种类型，"
        "例如全是文字 [\"1\",\"a\"]",
        "en": "parameter {name}: the list mixes kinds of values ({types}); a LadybugDB list holds "
        "one kind, e.g. all text [\"1\",\"a\"]",
    },
    "non_ascii": {
        "zh": "查询第 {pos} 个字符 {char!r}（{code} {uname}）在引号之外：这个服务器的名称只接受英文字母；"
        "看起来像英文的字母请用英文重新输入，中文名称请用反引号括起来，例如 `名称`",
        "en": "the query has {char!r} ({code} {uname}) at character {pos}, outside quotes: this "
        "server takes only ASCII letters in names; retype a look-alike letter in Latin, or put "
        "a Chinese name in backticks, e.g. `名称`",
    },
    "too_large": {
        "zh": "查询和参数太大，{uri} 一次只能接收约 {budget} 字节；请减少参数",
        "en": "query and parameters too large for {uri}: this server takes about {budget} bytes "
        "of query text and parameters at once",
    },
}


class Msg:
    """A message not yet put into words: ``key`` of :data:`MESSAGES` and its fields,
    which may be messages themselves (a holder's description inside "busy")."""

    def __init__(self, key: str, **fields: Any) -> None:
        self.key, self.fields = key, fields

    def text(self, lang: str = "en") -> str:
        """The message in ``lang``."""
        return message(self.key, lang, **self.fields)

    def __repr__(self) -> str:
        return f"Msg({self.key!r})"


def message(key: str, lang: str = "en", **fields: Any) -> str:
    """The message ``key`` in ``lang`` (``zh`` or ``en``) with ``fields`` filled in
    (a field that is a :class:`Msg` in the same language)."""
    texts = MESSAGES[key]
    words = {k: v.text(lang) if isinstance(v, Msg) else v for k, v in fields.items()}
    return texts.get(lang, texts["en"]).format(**words)


class StoreError(Exception):
    """The store could not do what was asked (a message fit for a planner).

    Parameters
    ----------
    text:
        The message, when it is not one of :data:`MESSAGES`.
    key, fields:
        The message's key in :data:`MESSAGES` and the values it names.
    """

    def __init__(self, text: str = "", *, key: str | None = None, **fields: Any) -> None:
        self.key, self.fields = key, fields
        super().__init__(message(key, "en", **fields) if key else text)

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (``zh`` or ``en``)."""
        return message(self.key, lang, **self.fields) if self.key else str(self)


class StoreMissing(StoreError):
    """There is no graph at the store's location yet."""


class NotAStore(StoreError):
    """The store's path names something that is not a store (left untouched)."""


class StoreBusy(StoreError):
    """Another writer holds the store and the caller would not wait."""


class Superseded(StoreError):
    """While this write waited, a write that started later replaced the graph."""


class ReadOnlyError(StoreError):
    """A query that writes was refused because the store was opened read-only."""


class QueryError(StoreError):
    """The database rejected a query (syntax, unknown label, timeout, a bad parameter, ...)."""
