"""The named Cypher library and the analyses built on it (each returns a DataFrame)."""

from .coverage import coverage, coverage_gaps, coverage_rates, single_watcher
from .export import EXPORTS, export, export_all, table_bytes, write_table
from .labels import label, translate_columns, translate_values
from .mentors import load_summary, mentor_load, watched_by
from .networks import (
    alliance_members,
    alliance_table,
    bridges,
    chain_table,
    co_membership_components,
    communities,
    network_for,
    pairing_table,
    pyvis_html,
    unallied,
    unpaired,
)
from .proposals import propose
from .registry import Param, Query, get_query, list_queries, run_query
from .stars import computed_stars, star_check, star_distribution, star_progress
from .whatif import whatif

__all__ = [
    "coverage", "coverage_gaps", "coverage_rates", "single_watcher",
    "EXPORTS", "export", "export_all", "table_bytes", "write_table",
    "label", "translate_columns", "translate_values",
    "load_summary", "mentor_load", "watched_by",
    "alliance_members", "alliance_table", "bridges", "chain_table", "co_membership_components",
    "communities", "network_for", "pairing_table", "pyvis_html", "unallied", "unpaired",
    "propose", "Param", "Query", "get_query", "list_queries", "run_query",
    "computed_stars", "star_check", "star_distribution", "star_progress", "whatif",
]
