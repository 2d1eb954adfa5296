"""The audit trail of a store: who loaded, submitted, exported proposals, changed
accounts and signed in, when, from where, and what it changed.

The trail is one file beside the store's accounts, ``data/branchgraph.lbug`` ->
``data/branchgraph.audit.jsonl``: one JSON object per line, appended under a lock,
flushed to disk before the action goes on, readable by its owner only (mode 0600).
Nothing in it is ever rewritten. A load writes a ``started`` line before it reads its
files and a closing line (``ok``, ``refused`` or ``failed``) after it; a load that was
killed keeps its ``started`` line, and :meth:`AuditLog.entries` shows it as
``unfinished``.

>>> import tempfile, pathlib
>>> log = AuditLog(pathlib.Path(tempfile.mkdtemp()) / "a.audit.jsonl")
>>> _ = log.record("login", user="wang", address="10.0.0.7")
>>> [(e["kind"], e["user"], e["status"]) for e in log.entries()]
[('login', 'wang', 'ok')]
"""

from __future__ import annotations

import fcntl
import getpass
import hashlib
import json
import os
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from branchgraph.accounts import accounts_path

__all__ = ["AuditLog", "audit_path", "checksum", "local_user", "audited_load", "KINDS"]

#: Every kind of record, in the order the ``audit`` command documents them.
KINDS = ("load", "submission", "proposal-export", "account-add", "account-remove",
         "account-passwd", "login", "login-failed", "login-refused", "logout")


def audit_path(store: str, chosen: str = "") -> Path:
    """The audit file of ``store``: beside its accounts file.

    >>> audit_path("/srv/bg/graph.lbug").as_posix()
    '/srv/bg/graph.audit.jsonl'
    """
    path = accounts_path(store, chosen)
    return path.with_name(path.name.removesuffix(".accounts.json").removesuffix(".json") + ".audit.jsonl")


def local_user() -> str:
    """The name the command line records for its user: the account given with
    ``--user``, else the system user acting as the local admin."""
    try:
        return f"{getpass.getuser()} (local)"
    except Exception:  # noqa: BLE001 - no name for this uid in a container
        return f"uid {os.getuid()} (local)"


def checksum(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a file, or of a folder's files (their relative names and contents, in
    name order), as hex; "" when the path cannot be read."""
    p = Path(path)
    h = hashlib.sha256()
    try:
        files = [p] if p.is_file() else sorted(f for f in p.rglob("*") if f.is_file() and not f.is_symlink())
        for f in files:
            if f is not p:
                h.update(f.relative_to(p).as_posix().encode() + b"\0")
            with f.open("rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    h.update(block)
    except OSError:
        return ""
    return h.hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class AuditLog:
    """The append-only audit file at ``path`` (created on the first record)."""

    kinds = KINDS

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def record(self, kind: str, *, user: str, address: str = "local", status: str = "ok",
               id: str | None = None, **details: Any) -> str:
        """Append one record and return its id (a new one unless ``id`` is given, which
        closes the record of that id)."""
        entry = {"id": id or uuid.uuid4().hex[:12], "at": _now(), "kind": kind, "user": user,
                 "address": address, "status": status, **details}
        line = json.dumps(entry, ensure_ascii=False, default=str) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        return entry["id"]

    def _lines(self) -> Iterator[dict[str, Any]]:
        try:
            with self.path.open(encoding="utf-8") as fh:
                for line in fh:
                    try:
                        entry = json.loads(line)
                    except json.JSONDecodeError:  # a line cut by a crash: skipped, not fatal
                        continue
                    if isinstance(entry, dict) and "kind" in entry:
                        yield entry
        except FileNotFoundError:
            return

    def entries(self, *, user: str | None = None, kind: str | None = None,
                since: date | None = None, until: date | None = None) -> list[dict[str, Any]]:
        """The records, oldest first; a started action and its closing line are one
        record (the closing line's fields win, ``started`` keeps the start time); a
        started action never closed is ``unfinished``. Filters: exact user and kind,
        and the UTC day of the start between ``since`` and ``until`` (both included)."""
        merged: dict[str, dict[str, Any]] = {}
        for entry in self._lines():
            first = merged.get(entry["id"])
            if first is None:
                merged[entry["id"]] = dict(entry)
            else:
                first.update({k: v for k, v in entry.items() if k != "at"})
                first["finished"] = entry["at"]
        out = []
        for entry in merged.values():
            if entry["status"] == "started":
                entry["status"] = "unfinished"
            day = entry["at"][:10]
            if user is not None and entry.get("user") != user:
                continue
            if kind is not None and entry.get("kind") != kind:
                continue
            if since is not None and day < since.isoformat():
                continue
            if until is not None and day > until.isoformat():
                continue
            out.append(entry)
        return out


    def table(self, lang: str = "zh", **filters: Any) -> pd.DataFrame:
        """:meth:`entries` as :func:`audit_table` shows them, newest first (the 审计 page)."""
        return audit_table(self.entries(**filters)[::-1], lang)


def _summary(result: Any) -> dict[str, Any]:
    """What a load result tells the trail: rows per table and the changes per county."""
    out: dict[str, Any] = {}
    validation = getattr(result, "validation", result)
    counts = getattr(validation, "counts", None)
    if counts is not None:
        out["tables"] = [{"table": r["table"], "read": int(r["read"]), "loaded": int(r["loaded"]),
                          "rejected": int(r["rejected"])} for r in counts.to_dict("records")]
        out.update(rows_read=int(validation.rows_read), rows_loaded=int(validation.rows_loaded),
                   rows_rejected=int(validation.rows_rejected))
    changes = getattr(result, "changes", None)
    if changes is not None:
        out["changes"] = changes.to_dict("records")
    submission = getattr(result, "submission", None)
    if submission is not None:
        out["submission"] = submission.summary()
    snapshot = getattr(result, "snapshot", None)
    if snapshot is not None:
        out["as_of"] = snapshot.day
    return out


def audited_load(log: AuditLog | None, load: Callable[..., Any], store: Any, path: str | Path,
                 *, user: str, address: str = "local", **options: Any) -> Any:
    """Run ``load(store, path, **options)`` (:func:`loaders.load.load_path`) between a
    ``started`` record and its closing one; with ``log`` None, just the load."""
    options["loaded_by"] = user  # kept with the month's snapshot (``branchgraph history``)
    if log is None:
        return load(store, path, **options)
    county = options.get("county")
    rid = log.record("submission" if county else "load", user=user, address=address,
                     status="started", source=options.get("source") or Path(path).name,
                     checksum=checksum(path), county=county, as_of=options.get("as_of"))
    try:
        result = load(store, path, **options)
    except Exception as exc:
        from loaders.errors import LoadError

        refused = isinstance(exc, LoadError)
        details = _summary(exc.validation) if refused and exc.validation is not None else {}
        log.record("submission" if county else "load", user=user, address=address, id=rid,
                   status="refused" if refused else "failed",
                   error=(str(exc).splitlines() or [type(exc).__name__])[0][:300], **details)
        raise
    log.record("submission" if county else "load", user=user, address=address, id=rid,
               status="ok", **_summary(result))
    return result


_COLUMNS = ["at", "finished", "kind", "status", "user", "address", "source", "county",
            "rows_read", "rows_loaded", "rows_rejected", "changed", "what"]

#: Column headers, kinds, statuses and detail names in Chinese (English: the codes).
_ZH = {
    "columns": dict(zip(_COLUMNS, ["时间", "完成时间", "操作", "结果", "用户", "地址", "来源文件",
                                   "旗县区", "读取行数", "导入行数", "未导入行数", "组织变化", "详情"])),
    "kind": dict(zip(KINDS, ["导入", "上报", "导出包联建议", "添加账户", "删除账户", "修改密码",
                             "登录", "登录失败", "登录被拒", "退出"])),
    "status": {"ok": "成功", "refused": "未导入（数据有误）", "failed": "失败",
               "unfinished": "未完成（中断或进行中）", "started": "进行中"},
    "what": {"as_of": "台账日期", "account": "账户", "role": "角色", "counties": "旗县区", "file": "文件", "links": "包联条数",
             "checksum": "校验码", "error": "原因", "reason": "原因", "wait": "等待秒数"},
    "role": {"viewer": "查看", "planner": "规划", "admin": "管理员"},
    "reason": {"locked": "已锁定"},
}


def _user(name: object, lang: str) -> str:
    text = "" if name is None else str(name)
    if lang != "zh":
        return text
    return "本机管理员" if text == "local admin" else text.replace(" (local)", "（本机）")


def _changed(entry: dict) -> str:
    """Organisations added / removed / changed, in total and for each county."""
    rows = entry.get("changes") or []
    if not rows:
        return ""
    total = [sum(int(r[k]) for r in rows) for k in ("added", "removed", "changed")]
    counties = "; ".join(f"{r['county'] or '-'} +{r['added']} -{r['removed']} ~{r['changed']}"
                         for r in rows[:5]) + ("; …" if len(rows) > 5 else "")
    return f"+{total[0]} -{total[1]} ~{total[2]} ({counties})"


def _what(entry: dict, lang: str) -> str:
    zh = lang == "zh"
    parts = []
    for k, name in _ZH["what"].items():
        v = entry.get(k)
        if v in (None, "", []):
            continue
        if isinstance(v, list):
            v = "、".join(map(str, v))
        elif k == "checksum":
            v = str(v)[:16]  # enough to tell files apart; --format json has all of it
        elif zh and k in ("role", "reason"):
            v = _ZH[k].get(str(v), v)
        parts.append(f"{name if zh else k}={v}")
    return " ".join(parts)


def audit_table(entries: list[dict], lang: str = "zh") -> pd.DataFrame:
    """The trail as one row per record, in ``lang`` (headers, kinds, statuses); blank
    where a kind of record has no such field. Organisation changes read
    ``+added -removed ~changed (per county)``.

    >>> audit_table([{"at": "2026-12-06T01:00:00+00:00", "kind": "login", "status": "ok",
    ...               "user": "wang", "address": "10.0.0.7"}]).iloc[0, :5].tolist()
    ['2026-12-06T01:00:00+00:00', '', '登录', '成功', 'wang']
    """
    rows = [{**{c: e.get(c) for c in _COLUMNS}, "changed": _changed(e), "what": _what(e, lang),
             "user": _user(e.get("user"), lang),
             "address": "本机" if lang == "zh" and e.get("address") == "local" else e.get("address")}
            for e in entries]
    df = pd.DataFrame(rows, columns=_COLUMNS)
    for c in ("rows_read", "rows_loaded", "rows_rejected"):
        df[c] = df[c].astype("Int64").astype(str).replace("<NA>", "")
    df = df.astype(object).where(df.notna(), "")
    if lang == "zh":
        df["kind"] = df["kind"].map(lambda v: _ZH["kind"].get(v, v))
        df["status"] = df["status"].map(lambda v: _ZH["status"].get(v, v))
        df = df.rename(columns=_ZH["columns"])
    return df
