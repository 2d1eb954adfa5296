"""`branchgraph export`: write an analysis, every row, to a .csv or .xlsx file."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import click

from branchgraph import settings
from queries.export import (
    EXPORTS,
    FORMATS,
    ExportError,
    export_all,
    get_export,
    run_export,
    write_table,
)

from .common import UserError, open_from, param_option, parse_params, store_option

__all__ = ["export", "COMMANDS"]

_NAMES = ", ".join(EXPORTS)


def _as_defaults(name: str, filters: dict[str, Any]) -> dict[str, Any]:
    """Text filters converted to the type of the analysis's default for them
    (``top=5`` -> 5, ``only_disagreements=true`` -> True); `-p NAME=VALUE` is text."""
    func = get_export(name).func
    try:
        func = func.target() if hasattr(func, "target") else func
    except (ModuleNotFoundError, AttributeError):
        return filters  # run_export says it is not available
    params = inspect.signature(func).parameters
    out = dict(filters)
    for key, value in filters.items():
        default = params[key].default if key in params else None
        if not isinstance(value, str) or default is None or isinstance(default, str):
            continue
        try:
            if isinstance(default, bool):
                if value.strip().lower() not in ("true", "false"):
                    raise ValueError
                out[key] = value.strip().lower() == "true"
            elif isinstance(default, (int, float)):
                out[key] = type(default)(value)
        except ValueError:
            kind = "true or false" if isinstance(default, bool) else type(default).__name__
            raise click.BadParameter(f"{key}={value!r}: {name} needs {kind}",
                                     param_hint="--param") from None
    return out


@click.command("export")
@click.argument("name", required=False)
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write: .csv (UTF-8 with BOM, opens in Excel) or .xlsx.")
@click.option("--all", "all_", is_flag=True, help="Write every available export into --out-dir.")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for --all (one file per export).")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv",
              show_default=True, help="File format for --all.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Language of headers and values [default: the lang setting, zh].")
@param_option
@store_option
def export(name: str | None, out: Path | None, all_: bool, out_dir: Path | None, fmt: str,
           lang: str | None, params: tuple[str, ...], store: str) -> None:
    """Write the analysis NAME, every row, to --out FILE.

    NAME is one of: coverage-gaps, coverage-rates, single-watcher, mentor-load,
    stars, star-distribution, star-progress, alliances, unallied, bridges, chains,
    pairings, proposals. Filters go in as --param, e.g. -p county=红山区 -p as_of=2024-06-30;
    a filter whose default is a number or true/false is converted to that type (-p top=5).

    Text cells that a spreadsheet would run as a formula (=, +, -, @) get a
    leading apostrophe.

    Examples:

      branchgraph export coverage-gaps --out 无人包联.csv -p county=红山区

      branchgraph export --all --out-dir exports --lang en
    """
    lang = lang or settings.get("lang")
    filters = parse_params(params)
    if isinstance(filters.get("kinds"), str):
        filters["kinds"] = tuple(k.strip() for k in filters["kinds"].split(",") if k.strip())
    if all_:
        if name or out:
            raise UserError("use either NAME --out FILE or --all --out-dir DIR, not both")
        if not out_dir:
            raise UserError("--all needs --out-dir DIR")
        if filters:
            raise UserError("--param applies to one export; leave it out with --all")
        with open_from(store) as s:
            try:
                paths = export_all(s, out_dir, lang=lang, fmt=fmt)
            except ValueError as exc:
                raise UserError(str(exc)) from None
        for p in paths:
            click.echo(f"wrote {p}")
        return
    if not name:
        raise UserError(f"name an export (one of: {_NAMES}) or use --all --out-dir DIR")
    try:
        entry = get_export(name)
    except ExportError as exc:
        raise UserError(str(exc)) from None
    if not out:
        raise UserError(f"--out FILE is needed, e.g. --out {name}.csv or --out {name}.xlsx")
    if out.suffix.lower() not in FORMATS:
        raise UserError(f"cannot write {out.name}: use a .csv or .xlsx file name")
    filters = _as_defaults(name, filters)
    with open_from(store) as s:
        try:
            df = run_export(s, name, **filters)
            path = write_table(df, out, lang=lang, title=entry.title(lang), labels=entry.labels)
        except ValueError as exc:
            raise UserError(str(exc)) from None
    click.echo(f"wrote {len(df)} rows to {path}")


COMMANDS = [export]
