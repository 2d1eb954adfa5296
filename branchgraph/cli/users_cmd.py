"""`branchgraph users`: the accounts of a store (add, list, remove, passwd)."""

from __future__ import annotations

import sys

import click

from branchgraph import settings
from branchgraph.accounts import ROLES, AccountError, Accounts, accounts_path

from .common import UserError, acting_account, actor, audit_log, store_option

__all__ = ["users", "COMMANDS", "accounts_of"]


def accounts_of(store: str) -> Accounts:
    """The accounts of ``store`` (the ``accounts`` setting, else beside the store); with
    ``--user``, only an admin may manage them."""
    account = acting_account(store)
    if account is not None and not account.can("accounts"):
        raise UserError(f"{account.name} ({account.role}): only an admin manages accounts / 只有管理员能管理账户")
    return Accounts(accounts_path(store, settings.get("accounts")))


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password / 密码", hide_input=True, confirmation_prompt=True)


def _do(fn, *args):  # type: ignore[no-untyped-def]
    try:
        return fn(*args)
    except AccountError as exc:
        raise UserError(exc.text(settings.get("lang"))) from None


@click.group("users")
def users() -> None:
    """Accounts for the dashboard: who may read, load and manage, and for which counties.

    The accounts are kept beside the store (<store>.accounts.json, readable by its owner
    only); passwords are stored as Argon2 hashes.
    """


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True,
              help="viewer reads; planner also loads, exports and proposes; admin does everything.")
@click.option("--county", "counties", multiple=True,
              help="Limit the account to this county (repeat for several; default: every county).")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@store_option
def add(name: str, role: str, counties: tuple[str, ...], password_stdin: bool, store: str) -> None:
    """Add the account NAME (asks for its password twice).

    Example: branchgraph users add wang --role planner --county 红山区
    """
    acc = accounts_of(store)
    account = _do(acc.add, name, role, _password(password_stdin), counties)
    scope = "、".join(account.counties) or "*"
    audit_log(store).record("account-add", user=actor(store), account=account.name,
                            role=account.role, counties=list(account.counties))
    click.echo(f"added {account.name} ({account.role}, {scope}) to {acc.path}")


@users.command("list")
@store_option
def list_(store: str) -> None:
    """List the accounts: name, role, counties, last change."""
    acc = accounts_of(store)
    found = _do(acc.all)
    if not found:
        click.echo(f"(no accounts in {acc.path}; add one with branchgraph users add NAME --role admin)")
        return
    for a in found:
        click.echo(f"{a.name}\t{a.role}\t{'、'.join(a.counties) or '*'}\t{a.changed}")


@users.command("remove")
@click.argument("name")
@store_option
def remove(name: str, store: str) -> None:
    """Remove the account NAME (the last admin stays while other accounts exist)."""
    acc = accounts_of(store)
    _do(acc.remove, name)
    audit_log(store).record("account-remove", user=actor(store), account=name)
    click.echo(f"removed {name}")


@users.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@store_option
def passwd(name: str, password_stdin: bool, store: str) -> None:
    """Set a new password for NAME."""
    acc = accounts_of(store)
    _do(acc.get, name)
    _do(acc.passwd, name, _password(password_stdin))
    audit_log(store).record("account-passwd", user=actor(store), account=name)
    click.echo(f"changed the password of {name}")


COMMANDS = [users]
