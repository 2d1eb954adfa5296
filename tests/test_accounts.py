"""Accounts beside the store: `branchgraph users`, hashes, the file's mode, lockouts."""

from __future__ import annotations

import io
import json
import os
import stat

import pytest

from branchgraph.accounts import AccountError, Accounts, Lockout, accounts_path
from tests.test_cli import _cli as run_cli


def _cli(capsys, monkeypatch, *args: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return run_cli(capsys, *args)


def test_users_add_list_passwd_remove_through_the_cli(tmp_path, capsys, monkeypatch):
    store = str(tmp_path / "graph.lbug")
    code, out, _ = _cli(capsys, monkeypatch, "users", "add", "wang", "--role", "planner",
                        "--county", "红山区", "--county", "松山区", "--password-stdin",
                        "--store", store, stdin="s3cret-pass\n")
    assert code == 0 and "wang" in out
    path = tmp_path / "graph.accounts.json"
    assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "s3cret-pass" not in path.read_text(encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8"))["accounts"][0]["password_hash"].startswith("$argon2id$")

    code, out, _ = _cli(capsys, monkeypatch, "users", "list", "--store", store)
    assert code == 0 and out.split("\t")[:3] == ["wang", "planner", "红山区、松山区"]

    acc = Accounts(path)
    assert acc.verify("wang", "s3cret-pass").counties == ("红山区", "松山区")
    code, _, _ = _cli(capsys, monkeypatch, "users", "passwd", "wang", "--password-stdin",
                      "--store", store, stdin="another-pass\n")
    assert code == 0
    assert acc.verify("wang", "s3cret-pass") is None
    assert acc.verify("wang", "another-pass").name == "wang"

    code, _, _ = _cli(capsys, monkeypatch, "users", "remove", "wang", "--store", store)
    assert code == 0 and acc.all() == []


@pytest.mark.parametrize(("args", "stdin", "says"), [
    (("users", "add", "li", "--role", "planner", "--password-stdin"), "short\n", "at least 8"),
    (("users", "add", "li li", "--role", "viewer", "--password-stdin"), "long-enough\n", "not usable"),
    (("users", "remove", "nobody"), "", "no account nobody"),
    (("users", "passwd", "nobody", "--password-stdin"), "long-enough\n", "no account nobody"),
])
def test_users_mistakes_are_one_line_in_the_users_language(tmp_path, capsys, monkeypatch,
                                                         args, stdin, says):
    monkeypatch.setenv("BRANCHGRAPH_LANG", "en")
    code, out, err = _cli(capsys, monkeypatch, *args, "--store", str(tmp_path / "g.lbug"), stdin=stdin)
    assert code == 1 and says in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_users_errors_are_in_chinese_by_default(tmp_path, capsys, monkeypatch):
    code, _, err = _cli(capsys, monkeypatch, "users", "remove", "nobody", "--store",
                        str(tmp_path / "g.lbug"))
    assert code == 1 and "没有账户 nobody" in err


def test_a_taken_name_and_the_last_admin_are_refused(tmp_path):
    acc = Accounts(tmp_path / "a.json")
    acc.add("root", "admin", "password-1")
    acc.add("zhao", "viewer", "password-2")
    with pytest.raises(AccountError, match="already exists"):
        acc.add("root", "viewer", "password-3")
    with pytest.raises(AccountError, match="last admin"):
        acc.remove("root")
    acc.remove("zhao")
    acc.remove("root")  # alone, the last admin may go
    assert acc.all() == []


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    acc = Accounts(tmp_path / "a.json")
    acc.add("root", "admin", "password-1")
    before = (tmp_path / "a.json").read_bytes()

    def broken(*_a):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        acc.add("zhao", "viewer", "password-2")
    assert (tmp_path / "a.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "a.json.lock"]


def test_an_unreadable_accounts_file_is_an_account_error_not_a_traceback(tmp_path):
    (tmp_path / "a.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(AccountError, match="cannot be read"):
        Accounts(tmp_path / "a.json").all()


def test_accounts_sit_beside_a_store_file_or_in_the_folder_for_a_server(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert accounts_path("data/g.lbug") == tmp_path / "data" / "g.accounts.json"
    assert accounts_path("bolt://db:7687") == tmp_path / "branchgraph.accounts.json"
    assert accounts_path("bolt://db:7687", "/etc/bg.json").as_posix() == "/etc/bg.json"


def test_lockout_per_name_and_per_address_with_doubling_waits():
    now = [0.0]
    lock = Lockout(attempts=3, wait=10, clock=lambda: now[0])
    for _ in range(2):
        lock.failed("wang", "10.0.0.1")
    assert lock.wait_left("wang", "10.0.0.1") == 0
    lock.failed("wang", "10.0.0.1")
    assert lock.wait_left("wang", "10.0.0.2") == 10      # the name is locked everywhere
    assert lock.wait_left("li", "10.0.0.1") == 10        # and the address for every name
    assert lock.wait_left("li", "10.0.0.2") == 0
    now[0] = 10.5
    assert lock.wait_left("wang", "10.0.0.1") == 0
    for _ in range(3):
        lock.failed("wang", "10.0.0.3")
    assert lock.wait_left("wang", "10.0.0.9") == 20      # the second lockout is twice as long
    lock.succeeded("wang", "10.0.0.3")
    assert lock.wait_left("wang", "10.0.0.3") == 0
