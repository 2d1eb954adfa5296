"""The audit trail (issue 11 item 5): loads and submissions with checksums, rows per table
and organisations changed per county; proposal exports; account changes; dashboard
logins; a killed load left as unfinished; ``branchgraph audit`` with its filters."""

from __future__ import annotations

import hashlib
import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from branchgraph.audit import AuditLog, audit_path, checksum
from tests.test_accounts import _cli
from tests.test_load_kill import big_dataset
from tests.test_login import APP, _login, accounts  # noqa: F401 - the fixture

GOOD = Path(__file__).parent / "data" / "loaders" / "good"


def _trail(store: str) -> list[dict]:
    return AuditLog(audit_path(store)).entries()


def _sha(folder: Path) -> str:
    """The folder's checksum computed here by hand: name, NUL, contents, in name order."""
    h = hashlib.sha256()
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(f.relative_to(folder).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def _report(tmp_path: Path) -> tuple[str, str]:
    """Reports into the test's folder, not beside the fixtures."""
    return "--report-dir", str(tmp_path / "report")


def _variant(tmp_path: Path) -> Path:
    """The good ledger with B2 renamed, B5 added in 松山区 and B6 added in 红山区."""
    folder = tmp_path / "v2"
    shutil.copytree(GOOD, folder)
    orgs = pd.read_csv(folder / "党组织.csv", dtype=str, keep_default_na=False)
    orgs.loc[orgs["组织编码"] == "B2", "组织名称"] = "东屯村第一党支部"
    extra = orgs[orgs["组织编码"] == "B1"].copy()
    extra2 = extra.copy()
    extra["组织编码"], extra["组织名称"], extra["旗县区"] = "B5", "新村党支部", "松山区"
    extra2["组织编码"], extra2["组织名称"] = "B6", "后屯村党支部"
    pd.concat([orgs, extra, extra2]).to_csv(folder / "党组织.csv", index=False)
    return folder


def test_each_load_records_who_what_rows_and_changes_per_county(tmp_path, capsys, monkeypatch):
    store = str(tmp_path / "graph.lbug")
    assert _cli(capsys, monkeypatch, "load", str(GOOD), "--store", store, *_report(tmp_path))[0] == 0
    first = _trail(store)[0]
    assert (first["kind"], first["status"], first["source"]) == ("load", "ok", "good")
    assert first["user"].endswith("(local)") and first["address"] == "local"
    assert first["checksum"] == _sha(GOOD) == checksum(GOOD)
    tables = {t["table"]: t for t in first["tables"]}
    assert tables["organizations"] == {"table": "organizations", "read": 6, "loaded": 6, "rejected": 0}
    assert first["changes"] == [{"county": "红山区", "added": 6, "removed": 0, "changed": 0}]

    assert _cli(capsys, monkeypatch, "load", str(_variant(tmp_path)), "--store", store,
                *_report(tmp_path))[0] == 0
    assert _trail(store)[1]["changes"] == [
        {"county": "松山区", "added": 1, "removed": 0, "changed": 0},
        {"county": "红山区", "added": 1, "removed": 0, "changed": 1}]
    assert _cli(capsys, monkeypatch, "load", str(GOOD), "--store", store, *_report(tmp_path))[0] == 0
    assert _trail(store)[2]["changes"] == [
        {"county": "松山区", "added": 0, "removed": 1, "changed": 0},
        {"county": "红山区", "added": 0, "removed": 1, "changed": 1}]
    assert (tmp_path / "graph.audit.jsonl").stat().st_mode & 0o777 == 0o600


def test_a_refused_load_is_recorded_with_its_reason_and_rows(tmp_path, capsys, monkeypatch):
    store = str(tmp_path / "graph.lbug")
    code, _, err = _cli(capsys, monkeypatch, "load", str(GOOD.parent / "duplicate_id"),
                        "--strict", "--store", store, *_report(tmp_path))
    assert code != 0
    (entry,) = _trail(store)
    assert entry["status"] == "refused" and entry["error"] in err
    assert entry["rows_rejected"] >= 1 and "finished" in entry


def test_proposals_and_accounts_are_recorded_and_the_command_filters(tmp_path, capsys, monkeypatch):
    store = str(tmp_path / "graph.lbug")
    _cli(capsys, monkeypatch, "load", str(GOOD), "--store", store, *_report(tmp_path))
    _cli(capsys, monkeypatch, "users", "add", "wang", "--role", "planner", "--county", "红山区",
         "--password-stdin", "--store", store, stdin="s3cret-pass\n")
    _cli(capsys, monkeypatch, "users", "passwd", "wang", "--password-stdin", "--store", store,
         stdin="another-pass\n")
    out = tmp_path / "建议.xlsx"
    assert _cli(capsys, monkeypatch, "--user", "wang", "propose", "--county", "红山区",
                "--out", str(out), "--store", store)[0] == 0
    kinds = [(e["kind"], e["user"]) for e in _trail(store)]
    assert [k for k, _ in kinds] == ["load", "account-add", "account-passwd", "proposal-export"]
    assert kinds[3][1] == "wang"
    export = _trail(store)[3]
    assert export["checksum"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert export["county"] == "红山区" and export["file"] == str(out)

    code, text, _ = _cli(capsys, monkeypatch, "audit", "--store", store, "--format", "csv")
    lines = text.splitlines()
    assert code == 0 and lines[0].startswith("时间,完成时间,操作,结果,用户")
    assert [line.split(",")[2] for line in lines[1:]] == ["导入", "添加账户", "修改密码", "导出包联建议"]
    code, text, _ = _cli(capsys, monkeypatch, "audit", "--by", "wang", "--format", "json",
                         "--store", store)
    assert [e["kind"] for e in json.loads(text)] == ["proposal-export"]
    code, text, _ = _cli(capsys, monkeypatch, "audit", "--kind", "account-add", "--lang", "en",
                         "--format", "csv", "--store", store)
    assert text.splitlines()[1].split(",")[2:4] == ["account-add", "ok"]
    code, text, _ = _cli(capsys, monkeypatch, "audit", "--since", "2000-01-01", "--until",
                         "2000-12-31", "--store", store)
    assert code == 0 and text.startswith("(no records")
    # a planner may not read the trail
    code, _, err = _cli(capsys, monkeypatch, "--user", "wang", "audit", "--store", store)
    assert code == 1 and "只有管理员" in err


#: The child: load ``big`` through the audited load and stop, waiting on stdin, at the
#: store's Person step, so the parent's SIGKILL lands mid-write.
CHILD = """
import sys
from branchgraph.audit import AuditLog, audited_load
from graphmodel import open_store
from loaders import load_path

store, big, trail = sys.argv[1:4]

def step(name, done, total):
    if name == "Person":
        print("at Person", flush=True)
        sys.stdin.readline()

with open_store(store) as s:
    audited_load(AuditLog(trail), load_path, s, big, user="wang", progress=step)
"""


def test_a_killed_load_leaves_an_unfinished_record(tmp_path, capsys, monkeypatch):
    big = big_dataset(tmp_path / "big", n=2_000)
    store, trail = tmp_path / "graph.lbug", tmp_path / "graph.audit.jsonl"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(store), str(big), str(trail)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "at Person"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    (entry,) = AuditLog(trail).entries()
    assert (entry["status"], entry["user"], entry["source"]) == ("unfinished", "wang", "big")
    assert "finished" not in entry
    code, text, _ = _cli(capsys, monkeypatch, "audit", "--store", str(store), "--format", "csv")
    assert "未完成" in text.splitlines()[1]


def test_dashboard_logins_are_recorded_and_only_admins_see_the_trail(accounts, store):  # noqa: F811
    at = AppTest.from_file(APP, default_timeout=60).run()
    _login(at, "leader", "wrong-password")
    _login(at, "leader", "viewer-pass-1")
    trail = _trail(str(store.uri))
    assert [(e["kind"], e["user"], e["address"]) for e in trail] == [
        ("login-failed", "leader", "127.0.0.1"), ("login", "leader", "127.0.0.1")]
    try:  # a viewer's menu has no 审计 page
        at.switch_page("../dashboard/views/audit.py").run()
    except Exception:  # noqa: BLE001 - Streamlit refuses or shows the default page
        pass
    assert "审计" not in [t.value for t in at.title]
    at = _login(AppTest.from_file(APP, default_timeout=60).run(), "root", "admin-pass-1")
    at.switch_page("../dashboard/views/audit.py").run()
    assert at.title[0].value == "审计" and not at.exception
    shown = at.dataframe[0].value
    assert list(shown["操作"]) == ["登录", "登录", "登录失败"]  # newest first
    assert list(shown["用户"]) == ["root", "leader", "leader"]
    when = pd.Timestamp(trail[0]["at"]).tz_convert("Asia/Shanghai").strftime("%Y-%m-%d %H:%M")
    assert shown["时间"].iloc[-1] == when  # in the department's time zone
