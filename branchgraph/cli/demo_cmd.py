"""`branchgraph demo`: build the built-in demo dataset (赤峰市) into a store and sum it up.

A thin shell over :func:`loaders.demo.generate`, :func:`loaders.load.load_tables`
and the analyses ``headline`` and ``mentor-load`` of the catalogue.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pandas as pd
from tqdm import tqdm

from branchgraph import settings
from graphmodel import GraphStore
from queries import catalogue
from queries.config import Config

from .common import config, open_from, setting, store_option

__all__ = ["demo", "build_demo", "summary", "COMMANDS"]

_XLSX_NAME = "branchgraph-demo.xlsx"


def _scale(ctx: click.Context, param: click.Parameter, value: str) -> float:
    from loaders.demo import scale_value

    try:
        return scale_value(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def build_demo(store: GraphStore, *, seed: int = 0, scale: float = 1.0,
               write_files: str | Path | None = None, progress: bool = True) -> dict[str, Any]:
    """Generate the demo data, optionally write it as files, and load it into ``store``.

    Returns a dict with ``tables`` (the contract tables), ``files`` (paths written)
    and ``info`` (the store's :class:`graphmodel.LoadInfo`).
    """
    from loaders.demo import generate, write_csv, write_xlsx
    from loaders.demo_months import load_demo_months
    from queries.months import months, remember

    bar = tqdm(total=3, desc="demo", unit="step", disable=not progress, leave=False)
    bar.set_description("生成 generating")
    data = generate(seed=seed, scale=scale)
    bar.update(1)
    files: list[Path] = []
    if write_files:
        bar.set_description("写文件 writing files")
        folder = Path(write_files)
        files += write_csv(data, folder / "csv")
        try:
            files.append(write_xlsx(data, folder / _XLSX_NAME))
        except ValueError:  # too many rows for a sheet: CSV only
            pass
    bar.update(1)
    bar.set_description("写入图库 loading")

    def step(name: str, done: int, total: int) -> None:
        bar.set_postfix_str(f"{name} {done}/{total}")

    info = load_demo_months(store, data, source=f"demo seed={seed} scale={scale:g}", seed=seed,
                            progress=step, lang=settings.get("lang"))
    for snap in months(store):
        remember(store, snap, settings.config().capacity)
    bar.update(1)
    bar.close()
    return {"tables": data, "files": files, "info": info}


def summary(store: GraphStore, cfg: Config | None = None) -> dict[str, pd.DataFrame]:
    """The demo's headline answers, computed from the store.

    Returns ``counts`` (:meth:`GraphStore.counts`), ``headline`` (the ``headline``
    analysis: figure, value) and ``top_mentors`` (the five mentors with the most branches,
    from ``mentor-load``: name, county, mentored, capacity, status, mix).
    """
    load = catalogue.table("mentor-load", store, config=cfg)
    top = load.head(5)[["person_id", "name", "county", "mentored", "capacity", "status",
                        "mix"]].reset_index(drop=True)
    return {"counts": store.counts(), "headline": catalogue.table("headline", store, config=cfg),
            "top_mentors": top}


def _after_demo(store: str, no_dashboard: bool) -> None:
    """Start the dashboard on ``store`` (host and port from settings) unless told not to."""
    if no_dashboard:
        return
    from .dashboard_cmd import serve

    serve(store, settings.get("host"), int(settings.get("port")))


def write_exports(store: GraphStore, folder: str | Path, *, lang: str = "zh",
                  cfg: Config | None = None) -> list[Path]:
    """Every export of the demo's analyses into ``folder`` (CSV, UTF-8 with BOM)."""
    from queries.export import export_all

    return export_all(store, folder, lang=lang, config=cfg)


def _print_summary(s: dict[str, pd.DataFrame], files: list[Path]) -> None:
    counts = s["counts"]
    click.echo("图中数量 Counts in the graph:")
    for kind, label in (("node", "节点 nodes"), ("relationship", "关系 relationships")):
        part = counts[counts["kind"] == kind]
        click.echo(f"  {label}: " + ", ".join(f"{r.name} {r.count:,}" for r in part.itertuples()))
    figures = dict(zip(s["headline"]["figure"], s["headline"]["value"]))
    click.echo(f"无人包联或联系的支部 Branches nobody watches today: {figures['unwatched']:,} "
               f"(后进 lagging {figures['lagging_unwatched']:,}; "
               f"软弱涣散 weak {figures['weak_unwatched']:,})")
    click.echo("包联最多的五位 The 5 most-loaded mentors:")
    top = s["top_mentors"]
    if top.empty:
        click.echo("  (none)")
    for r in top.itertuples():
        cap = "" if pd.isna(r.capacity) else f", capacity {int(r.capacity)}"
        click.echo(f"  {r.name} ({r.county}): {int(r.mentored)} branches{cap}, {r.status}, "
                   f"mix {r.mix}")
    for f in files:
        click.echo(f"wrote {f}")


@click.command("demo")
@store_option
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same data.")
@click.option("--scale", default="city", show_default=True, callback=_scale,
              help="city (赤峰, ~9,850 organisations), province (×10), nation (×500) or a number.")
@click.option("--write-files", type=click.Path(file_okay=False), default=None, metavar="DIR",
              help="Also write the dataset in the data-contract format: DIR/csv/*.csv "
                   f"(Chinese names and headers) and DIR/{_XLSX_NAME} when it fits in Excel.")
@click.option("--exports", "exports_dir", envvar=setting("exports").env,
              default=setting("exports").default, show_default=True, metavar="DIR",
              help="Folder for the exports (coverage gaps, mentor load, stars, alliances, ...). "
                   f"[env: {setting('exports').env}]")
@click.option("--lang", type=click.Choice(["zh", "en"]), envvar=setting("lang").env,
              default=setting("lang").default, show_default=True,
              help=f"Language of the exports' headers and values. [env: {setting('lang').env}]")
@click.option("--no-dashboard", is_flag=True, help="Do not start the dashboard afterwards.")
def demo(store: str, seed: int, scale: float, write_files: str | None, exports_dir: str,
         lang: str, no_dashboard: bool) -> None:
    """Build the built-in demo dataset (赤峰市, 12 counties) into the store and sum it up.

    Replaces the store's graph. Prints counts, how many branches nobody watches
    and the five most-loaded mentors, writes every export into --exports, then
    starts the dashboard on 127.0.0.1 (Ctrl+C stops it; --no-dashboard skips it).

    Example: branchgraph demo --store ./data/demo.lbug --no-dashboard
    """
    cfg = config(lang=lang)
    with open_from(store, needs="load") as s:
        with s.writing("demo", newest_wins=True):
            built = build_demo(s, seed=seed, scale=scale, write_files=write_files)
        _print_summary(summary(s, cfg), built["files"])
        written = write_exports(s, exports_dir, lang=lang, cfg=cfg)
    click.echo(f"导出 Exports ({len(written)} files): {Path(exports_dir).resolve()}")
    _after_demo(store, no_dashboard)


COMMANDS = [demo]
