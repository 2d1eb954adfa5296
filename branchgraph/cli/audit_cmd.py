"""`branchgraph audit`: the store's audit trail (loads, submissions, proposal exports,
account changes, logins), filtered by user, kind and date."""

from __future__ import annotations

import json

import click

from branchgraph.audit import KINDS, audit_table

from .common import UserError, acting_account, audit_log, emit, format_option, setting, store_option

__all__ = ["audit", "COMMANDS"]


@click.command("audit")
@click.option("--by", "user", default=None, metavar="NAME",
              help="Only the records of this user (an account, or 'NAME (local)' for the command line).")
@click.option("--kind", type=click.Choice(KINDS), default=None, help="Only this kind of record.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="From this day (UTC), YYYY-MM-DD.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Up to this day (UTC), included.")
@click.option("--lang", type=click.Choice(["zh", "en"]), envvar=setting("lang").env,
              default=setting("lang").default, show_default=True,
              help=f"Language of headers, kinds and results. [env: {setting('lang').env}]")
@format_option
@store_option
def audit(user: str | None, kind: str | None, since, until, lang: str, fmt: str, store: str) -> None:  # type: ignore[no-untyped-def]
    """List the audit trail of the store: every load and county submission (source file,
    checksum, rows read / loaded / rejected, organisations added, removed and changed
    per county), proposal export, account change and dashboard login, oldest first.
    A load that was killed shows as unfinished. With --format json every field is kept.

    Example: branchgraph audit --kind load --since 2026-12-01
    """
    account = acting_account(store)
    if account is not None and not account.can("audit"):
        raise UserError(f"{account.name} ({account.role}): only an admin reads the audit trail / 只有管理员能查看审计记录")
    log = audit_log(store)
    entries = log.entries(user=user, kind=kind, since=since.date() if since else None,
                          until=until.date() if until else None)
    if fmt == "json":
        click.echo(json.dumps(entries, ensure_ascii=False, indent=1))
        return
    if not entries:
        click.echo(f"(no records in {log.path})")
        return
    emit(audit_table(entries, lang), fmt)


COMMANDS = [audit]
