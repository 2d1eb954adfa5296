"""What every verb shares: the store option, parameters, output formats, errors."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from typing import Any

import click
import pandas as pd

from branchgraph import settings
from graphmodel import GraphStore, StoreError, open_store
from queries.config import Config
from queries.params import CLI_TYPES, QueryParamError, typed

__all__ = [
    "setting",
    "config",
    "store_option",
    "format_option",
    "param_option",
    "open_from",
    "snapshot_option",
    "act_as",
    "acting_account",
    "audit_log",
    "actor",
    "parse_params",
    "split_param",
    "PARAM_TYPES",
    "emit",
    "friendly_errors",
    "UserError",
]


class UserError(Exception):
    """A mistake of the user's, reported as one message and exit code 1."""


def setting(name: str) -> settings.Setting:
    """The row of the settings table called ``name``, for an option's ``envvar=`` and
    static ``default=`` (click then reads the environment when the command runs, not
    when this module is imported)."""
    return settings.setting(name)


def config(**overrides: Any) -> Config:
    """The analyses' settings for this command, resolved once from the environment;
    ``overrides`` (a command's own options, None when not given) win."""
    try:
        return settings.config(**overrides)
    except settings.SettingError as exc:
        raise UserError(f"setting {exc}") from None


def store_option(f: Any) -> Any:
    s = setting("store")
    return click.option(
        "--store",
        envvar=s.env,
        default=s.default,
        show_default=True,
        help=s.help + f" [env: {s.env}]",
    )(f)


def format_option(f: Any) -> Any:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "csv", "json"]),
        default="table",
        show_default=True,
        help="How to print the rows.",
    )(f)


#: The types `-p NAME:TYPE=VALUE` understands; `-p NAME=VALUE` is always text.
PARAM_TYPES = tuple(CLI_TYPES)

PARAM_HELP = (
    "A query parameter; repeat for several. NAME=VALUE sends VALUE as text, exactly "
    "as typed (0150402 stays 0150402); give a type for anything else: NAME:int=5, "
    "NAME:float=0.5, NAME:bool=true, NAME:date=2025-01-01 (checked, sent as the "
    "ISO text dates are stored as), NAME:json=[1,2] (any JSON; NAME:json=null for "
    "null). Values are sent as $parameters, never pasted into the query."
)


def param_option(f: Any = None, *, metavar: str = "NAME[:TYPE]=VALUE",
                 help: str = PARAM_HELP) -> Any:
    """The repeatable ``-p/--param`` option; ``@param_option`` or ``@param_option(help=...)``."""

    def deco(g: Any) -> Any:
        return click.option("--param", "-p", "params", multiple=True, metavar=metavar,
                            help=help)(g)

    return deco(f) if f is not None else deco


#: The day ``--snapshot DATE`` names (empty: the newest snapshot, the store itself).
_SNAPSHOT: list[str] = []


def _pick_snapshot(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    _SNAPSHOT[:] = [value] if value else []


def snapshot_option(f: Any) -> Any:
    """``--snapshot DATE``: run on the newest snapshot on or before DATE (:func:`open_from`)."""
    return click.option(
        "--snapshot", metavar="DATE", expose_value=False, callback=_pick_snapshot,
        help="Answer for the newest snapshot on or before DATE (YYYY-MM-DD; see "
             "`branchgraph history`); dated links then default to that snapshot's day. "
             "Default: the newest, the store itself.")(f)


#: The account named by the root option ``--user`` (empty: the local admin).
_ACTING: list[str] = []


def act_as(name: str | None) -> None:
    """Make this command act as the account ``name`` (None: as the local admin)."""
    _ACTING[:] = [name] if name else []


def acting_account(store: str) -> Any:
    """The account the command acts as (``branchgraph.accounts.Account``), or None for
    the local admin; UserError when ``--user`` names no account of ``store``."""
    if not _ACTING:
        return None
    from branchgraph.accounts import AccountError, Accounts, accounts_path

    try:
        return Accounts(accounts_path(store, settings.get("accounts"))).get(_ACTING[0])
    except AccountError as exc:
        raise UserError(exc.text(settings.get("lang"))) from None


def audit_log(store: str) -> Any:
    """The audit trail of ``store`` (:class:`branchgraph.audit.AuditLog`)."""
    from branchgraph.audit import AuditLog, audit_path

    return AuditLog(audit_path(store, settings.get("accounts")))


def actor(store: str) -> str:
    """Who the audit trail names for this command: the ``--user`` account, else the
    system user acting as the local admin."""
    from branchgraph.audit import local_user

    return _ACTING[0] if _ACTING else local_user()


_REFUSED = {"zh": "账户 {name}（{role}）不能执行此操作（{action}）",
            "en": "account {name} ({role}) may not do this ({action})"}


def open_from(store: str, *, needs: str = "read") -> GraphStore:
    """Open the store a `--store` value names, with Bolt credentials from settings.

    ``needs`` is what the command does (``read``, ``export``, ``propose``, ``load``,
    ``cypher``, ``cypher-write``): with ``--user``, an account whose role may not do it is refused, and an
    account limited to counties reads its scoped store (:mod:`graphmodel.scope`), may not
    run ad-hoc Cypher, and gets the whole store only to load (``load --county``).
    """
    options: dict[str, Any] = {}
    user = settings.get("user")
    if store.startswith(("bolt", "neo4j")):
        _check_port(store)
    if user and store.startswith(("bolt", "neo4j")):
        options["auth"] = (user, settings.get("password"))
    account = acting_account(store)
    if account is not None:
        if needs.startswith("cypher"):  # ad-hoc Cypher reads everything: no county limit
            allowed = not account.scoped and (needs == "cypher" or account.can("load"))
        else:
            allowed = account.can(needs)
        if not allowed:
            text = _REFUSED[settings.get("lang")] if settings.get("lang") in _REFUSED else _REFUSED["zh"]
            raise UserError(text.format(name=account.name, role=account.role, action=needs))
    main = open_store(store, **options)
    if needs == "load":
        return main
    if account is not None and account.scoped:
        main = _scoped(main, account, store)
    if _SNAPSHOT:
        from graphmodel.history import open_snapshot

        if needs == "cypher-write":
            raise UserError("--snapshot reads a past month; --write changes only the newest "
                            "/ 历史快照只读，--write 只能改最新的图")
        return open_snapshot(main, _SNAPSHOT[0])
    return main


def _scoped(main: GraphStore, account: Any, store: str) -> GraphStore:
    """The store of ``account``'s counties, its snapshots those counties' part of the
    department's (:class:`graphmodel.scope.ScopedHistory`)."""
    from branchgraph.accounts import scopes_folder
    from graphmodel.history import history_for
    from graphmodel.scope import ScopedHistory, scoped_store

    folder = scopes_folder(store, settings.get("accounts"))
    uri = scoped_store(main, account.counties, folder)
    out = open_store(uri)
    history = history_for(store)
    if history is not None:
        out.history = ScopedHistory(main, history, account.counties, folder)  # type: ignore[attr-defined]
    return out


_BAD_PORT = {"zh": "{uri} 的端口不对：端口应是 1 到 65535 之间的数字",
             "en": "{uri}: the port must be a number from 1 to 65535"}


def _check_port(uri: str) -> None:
    """A Bolt URI's port out of range is the user's mistake, not a ValueError traceback
    from deep in the driver (``bolt://127.0.0.1:99999``)."""
    from urllib.parse import urlsplit

    try:
        urlsplit(uri).port
    except ValueError:
        text = _BAD_PORT.get(settings.get("lang"), _BAD_PORT["zh"])
        raise UserError(text.format(uri=uri)) from None


def parse_params(items: tuple[str, ...]) -> dict[str, Any]:
    """``("county=红山区", "id=0150402", "top:int=5")`` ->
    ``{"county": "红山区", "id": "0150402", "top": 5}``.

    ``NAME=VALUE`` is text, never guessed at; ``NAME:TYPE=VALUE`` converts VALUE
    to one of :data:`PARAM_TYPES` (``json`` takes lists, objects and ``null``).
    A malformed item or a value that is not of its type is a
    :class:`click.BadParameter` (exit code 2).
    """
    out: dict[str, Any] = {}
    for item in items:
        name, typ, value = split_param(item)
        try:
            out[name] = typed(name, typ, value)
        except QueryParamError as exc:
            raise click.BadParameter(str(exc), param_hint="--param") from None
    return out


def split_param(item: str) -> tuple[str, str, str]:
    """``"top:int=5"`` -> ``("top", "int", "5")``; ``"c=红山区"`` -> ``("c", "str", "红山区")``."""
    head, sep, value = item.partition("=")
    name, colon, typ = head.partition(":")
    name, typ = name.strip(), typ.strip().lower()
    if not sep or not name:
        raise click.BadParameter(f"{item!r} is not NAME=VALUE or NAME:TYPE=VALUE",
                                 param_hint="--param")
    if colon and typ not in PARAM_TYPES:
        raise click.BadParameter(f"{item!r}: unknown type {typ!r}; use one of "
                                 f"{', '.join(PARAM_TYPES)}", param_hint="--param")
    return name, typ or "str", value


def emit(df: pd.DataFrame, fmt: str) -> None:
    """Print ``df`` as an aligned table, CSV or JSON lines-free array.

    CSV goes where spreadsheets go, so text cells (and headers) that a spreadsheet
    would run as a formula get the exports' leading apostrophe
    (:func:`queries.export.neutralise`).
    """
    if fmt == "csv":
        from queries.export import neutralise

        safe = df.copy()
        for col in safe.columns:
            if not (pd.api.types.is_numeric_dtype(safe[col].dtype)
                    or pd.api.types.is_bool_dtype(safe[col].dtype)):
                safe[col] = safe[col].map(neutralise).astype(object)
        safe.columns = [neutralise(str(c)) for c in safe.columns]
        click.echo(safe.to_csv(index=False), nl=False)
    elif fmt == "json":
        click.echo(json.dumps(df.to_dict(orient="records"), ensure_ascii=False, default=str, indent=1))
    elif df.empty:
        click.echo("(no rows)")
    else:
        with pd.option_context("display.max_rows", 200, "display.width", 200,
                               "display.max_columns", 50, "display.unicode.east_asian_width", True):
            click.echo(df.to_string(index=False))
        if len(df) > 200:
            click.echo(f"({len(df)} rows; use --format csv for all of them)")


@contextlib.contextmanager
def friendly_errors() -> Iterator[None]:
    """Turn the errors a user can cause into one line on stderr and exit code 1."""
    try:
        yield
    except (StoreError, UserError, QueryParamError) as exc:
        text = exc.text(settings.get("lang")) if isinstance(exc, StoreError) else str(exc)
        click.secho(f"Error: {text}", fg="red", err=True)
        sys.exit(1)
    except _loader_errors() as exc:
        click.secho(f"Error: {exc}", fg="red", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)


def _loader_errors() -> tuple[type[BaseException], ...]:
    try:
        from loaders.errors import LoadError
    except ImportError:  # pragma: no cover - loaders not installed
        return ()
    return (LoadError,)
