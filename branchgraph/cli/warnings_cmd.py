"""`branchgraph warnings`: this month's 预警, red first, in the user's language."""

from __future__ import annotations

import click

from queries.export import analysis_table
from queries.labels import translate_columns, translate_values

from .common import config, emit, format_option, open_from, setting, snapshot_option, store_option

__all__ = ["warnings", "COMMANDS"]


@click.command("warnings")
@click.option("--level", type=click.Choice(["red", "yellow"]), default=None,
              help="Only red (act now) or only yellow warnings.")
@click.option("--county", default=None, metavar="C", help="Only county C.")
@click.option("--lang", type=click.Choice(["zh", "en"]), envvar=setting("lang").env,
              default=setting("lang").default, show_default=True,
              help=f"Language of headers and words. [env: {setting('lang').env}]")
@format_option
@store_option
@snapshot_option
def warnings(level: str | None, county: str | None, lang: str, fmt: str, store: str) -> None:
    """List the warnings (预警) of the month, red first: lagging or weak branches nobody
    has watched for months and weak branches past their deadline (red); only watchers'
    links ending soon, mentors over capacity or with a broken mix, counties whose
    watched share fell (yellow). Each says why, since when and who should act.

    Thresholds are settings: BRANCHGRAPH_WARN_UNWATCHED_MONTHS (2),
    BRANCHGRAPH_WEAK_DEADLINE_MONTHS (3), BRANCHGRAPH_WARN_LAPSE_DAYS (30),
    BRANCHGRAPH_WARN_SHARE_DROP (5 points). `branchgraph export warnings --out F.csv`
    writes them for Excel.

    Example: branchgraph warnings --level red --county 红山区
    """
    with open_from(store, needs="read") as s:
        entry, df, values = analysis_table(s, "warnings", {"severity": level, "county": county},
                                           config(lang=lang), lang=lang)
    if fmt != "json":
        df = translate_columns(translate_values(df, lang, values), lang, entry.labels)
    emit(df, fmt)


COMMANDS = [warnings]
