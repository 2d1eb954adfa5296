"""The named Cypher library and the analyses built on it (each returns a DataFrame).

A simple list of re-exports; each analysis module adds its own lines.
"""

from .coverage import coverage, coverage_gaps, coverage_rates, single_watcher
from .mentors import load_summary, mentor_load, watched_by
from .registry import Param, Query, get_query, list_queries, run_query
