"""The named Cypher library, the analysis catalogue and the analyses built on it.

Every analysis is declared in :mod:`queries.catalogue` beside its function; run one
from outside with :func:`queries.catalogue.run`.
"""

from . import catalogue
from .catalogue import CATALOGUE, Analysis, analysis
from .config import Config
from .coverage import coverage, coverage_gaps, coverage_rates, single_watcher
from .export import available_exports, export, export_all, table_bytes, write_table
from .labels import label, translate_columns, translate_values
from .mentors import contact_load, load_summary, mentor_load, watched_by
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
from .params import Param, QueryParamError
from .proposals import propose
from .registry import Query, get_query, list_queries, run_query
from .stars import computed_stars, star_check, star_distribution, star_progress
from .whatif import whatif

__all__ = [
    "catalogue", "CATALOGUE", "Analysis", "analysis", "Config",
    "coverage", "coverage_gaps", "coverage_rates", "single_watcher",
    "available_exports", "export", "export_all", "table_bytes", "write_table",
    "label", "translate_columns", "translate_values",
    "contact_load", "load_summary", "mentor_load", "watched_by",
    "alliance_members", "alliance_table", "bridges", "chain_table", "co_membership_components",
    "communities", "network_for", "pairing_table", "pyvis_html", "unallied", "unpaired",
    "Param", "QueryParamError", "propose", "Query", "get_query", "list_queries", "run_query",
    "computed_stars", "star_check", "star_distribution", "star_progress", "whatif",
]
