"""One table of settings: name, environment variable, default, help.

The command line's options, the dashboard and the docs read their defaults here;
nothing deeper in the code reads the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["Setting", "SETTINGS", "get"]


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("store", "BRANCHGRAPH_STORE", "./data/branchgraph.lbug",
            "Graph store: a LadybugDB file path, or a bolt:// / neo4j:// / neo4j+s:// URI."),
    Setting("user", "BRANCHGRAPH_USER", "", "User name for a Bolt server (empty: no auth)."),
    Setting("password", "BRANCHGRAPH_PASSWORD", "", "Password for a Bolt server."),
    Setting("exports", "BRANCHGRAPH_EXPORTS", "./exports",
            "Folder where `branchgraph demo` writes its exports."),
    Setting("lang", "BRANCHGRAPH_LANG", "zh", "Language of headers and messages: zh or en."),
    Setting("host", "BRANCHGRAPH_HOST", "127.0.0.1", "Address the dashboard binds to."),
    Setting("port", "BRANCHGRAPH_PORT", "8501", "Port of the dashboard."),
    Setting("capacity", "BRANCHGRAPH_CAPACITY", "3",
            "Branches a person may watch when their own capacity is not given."),
    Setting("tier_weights", "BRANCHGRAPH_TIER_WEIGHTS", "advanced=1,middle=1,lagging=2",
            "Weight of each tier in a person's weighted load (unrated branches count 1)."),
    Setting("query_timeout", "BRANCHGRAPH_QUERY_TIMEOUT", "30",
            "Seconds an ad-hoc query may run before it is stopped."),
    Setting("row_limit", "BRANCHGRAPH_ROW_LIMIT", "5000",
            "Rows the dashboard shows of an ad-hoc query."),
    Setting("reject_share", "BRANCHGRAPH_REJECT_SHARE", "1%",
            "A load whose rejected rows pass this share of the rows read does not replace the graph "
            "unless --accept-rejects is given (nor does one rejecting an organisation with others below it)."),
    Setting("zip_max_total", "BRANCHGRAPH_ZIP_MAX_TOTAL", "1GB",
            "Largest uncompressed size of all files in a zip (or workbook) together."),
    Setting("zip_max_member", "BRANCHGRAPH_ZIP_MAX_MEMBER", "512MB",
            "Largest uncompressed size of one file in a zip (or workbook)."),
    Setting("zip_max_members", "BRANCHGRAPH_ZIP_MAX_MEMBERS", "1000",
            "Most files a zip may hold."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    """The setting's value: its environment variable if set, else its default."""
    s = _BY_NAME[name]
    return os.environ.get(s.env) or s.default
