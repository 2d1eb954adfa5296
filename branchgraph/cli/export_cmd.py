"""`branchgraph export`: write an analysis, every row, to a .csv or .xlsx file."""

from __future__ import annotations

from pathlib import Path

import click

from queries.export import (
    FORMATS,
    ExportError,
    analysis_table,
    available_exports,
    export_all,
    exportable,
    write_table,
)
from queries.params import QueryParamError

from branchgraph.audit import checksum

from .common import snapshot_option, UserError, actor, audit_log, config, open_from, param_option, setting, store_option
from .query_cmd import _raw

__all__ = ["export", "COMMANDS"]


@click.command("export")
@click.argument("name", required=False)
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write: .csv (UTF-8 with BOM, opens in Excel) or .xlsx.")
@click.option("--all", "all_", is_flag=True, help="Write every export into --out-dir.")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for --all (one file per export).")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv",
              show_default=True, help="File format for --all.")
@click.option("--lang", type=click.Choice(["zh", "en"]), envvar=setting("lang").env,
              default=setting("lang").default, show_default=True,
              help=f"Language of headers, values and words. [env: {setting('lang').env}]")
@param_option(metavar="NAME=VALUE",
              help="A parameter of the analysis; repeat for several. Converted by the type "
              "the analysis declares (see `branchgraph query --list`), e.g. -p top=5, "
              "-p kinds=branch,committee.")
@store_option
@snapshot_option
def export(name: str | None, out: Path | None, all_: bool, out_dir: Path | None, fmt: str,
           lang: str, params: tuple[str, ...], store: str) -> None:
    """Write the analysis NAME, every row, to --out FILE.

    NAME is an export of the catalogue: coverage-gaps, coverage-rates, single-watcher,
    mentor-load, contact-load, alliances, unallied, bridges, chains, pairings,
    proposals, stars, star-distribution, star-progress. Parameters go in as --param,
    e.g. -p county=红山区 -p as_of=2024-06-30; capacity, tier weights and star targets
    come from the settings unless given.

    Text cells that a spreadsheet would run as a formula (=, +, -, @) get a
    leading apostrophe.

    Examples:

      branchgraph export coverage-gaps --out 无人包联.csv -p county=红山区

      branchgraph export --all --out-dir exports --lang en
    """
    cfg = config(lang=lang)
    if all_:
        if name or out:
            raise UserError("use either NAME --out FILE or --all --out-dir DIR, not both")
        if not out_dir:
            raise UserError("--all needs --out-dir DIR")
        if params:
            raise UserError("--param applies to one export; leave it out with --all")
        with open_from(store, needs="export") as s:
            try:
                paths = export_all(s, out_dir, lang=lang, fmt=fmt, config=cfg)
            except ExportError as exc:
                raise UserError(str(exc)) from None
        for p in paths:
            click.echo(f"wrote {p}")
        return
    if not name:
        raise UserError(f"name an export (one of: {', '.join(available_exports())}) "
                        "or use --all --out-dir DIR")
    try:
        exportable(name)
    except ExportError as exc:
        raise UserError(str(exc)) from None
    if not out:
        raise UserError(f"--out FILE is needed, e.g. --out {name}.csv or --out {name}.xlsx")
    if out.suffix.lower() not in FORMATS:
        raise UserError(f"cannot write {out.name}: use a .csv or .xlsx file name")
    with open_from(store, needs="export") as s:
        try:
            entry, df, values = analysis_table(s, name, _raw(params), cfg, lang=lang)
            path = write_table(df, out, lang=lang, title=entry.title(lang), labels=entry.labels,
                               values=values)
        except QueryParamError as exc:
            raise click.BadParameter(str(exc), param_hint="--param") from None
        except ExportError as exc:
            raise UserError(str(exc)) from None
    if name == "proposals":
        audit_log(store).record("proposal-export", user=actor(store), file=str(path),
                                links=len(df), checksum=checksum(path), params=list(params))
    click.echo(f"wrote {len(df)} rows to {path}")


COMMANDS = [export]
