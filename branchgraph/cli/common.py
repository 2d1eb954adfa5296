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

__all__ = [
    "store_option",
    "format_option",
    "param_option",
    "open_from",
    "parse_params",
    "emit",
    "friendly_errors",
    "UserError",
]


class UserError(Exception):
    """A mistake of the user's, reported as one message and exit code 1."""


def store_option(f: Any) -> Any:
    s = next(x for x in settings.SETTINGS if x.name == "store")
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


def param_option(f: Any) -> Any:
    return click.option(
        "--param",
        "-p",
        "params",
        multiple=True,
        metavar="NAME=VALUE",
        help="A query parameter; repeat for several. Values are sent as $parameters, "
        "never pasted into the query.",
    )(f)


def open_from(store: str) -> GraphStore:
    """Open the store a `--store` value names, with Bolt credentials from settings."""
    options: dict[str, Any] = {}
    user = settings.get("user")
    if user and store.startswith(("bolt", "neo4j")):
        options["auth"] = (user, settings.get("password"))
    return open_store(store, **options)


def parse_params(items: tuple[str, ...]) -> dict[str, Any]:
    """``("county=红山区", "limit=5")`` -> ``{"county": "红山区", "limit": 5}``.

    Integers and decimals become numbers, ``true``/``false`` booleans, ``null``
    None; anything else stays text.
    """
    out: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        out[name.strip()] = _value(value)
    return out


def _value(text: str) -> Any:
    low = text.strip().lower()
    if low in ("true", "false"):
        return low == "true"
    if low in ("null", "none"):
        return None
    for conv in (int, float):
        try:
            return conv(text)
        except ValueError:
            pass
    return text


def emit(df: pd.DataFrame, fmt: str) -> None:
    """Print ``df`` as an aligned table, CSV or JSON lines-free array."""
    if fmt == "csv":
        click.echo(df.to_csv(index=False), nl=False)
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
    except (StoreError, UserError) as exc:
        click.secho(f"Error: {exc}", fg="red", err=True)
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
