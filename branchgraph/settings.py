"""One table of settings: name, environment variable, default, help.

The edges — the command line (``branchgraph.cli``) and the dashboard's entry script
(``branchgraph.webapp``) — read it once: command-line options take their defaults
from it (click reads the variables), and :func:`config` resolves the settings the
analyses use into one :class:`queries.config.Config` that is passed down. Nothing
below this package reads the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from queries.config import WARNING_DEFAULTS, Config, ConfigError, parse_targets, parse_weights

__all__ = ["Setting", "SETTINGS", "SettingError", "get", "config", "setting", "query_folder"]


class SettingError(ValueError):
    """A setting whose value does not parse; the message names its variable."""


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
            "Branches a mentor (包联) may watch when their own capacity is not given."),
    Setting("contact_capacity", "BRANCHGRAPH_CONTACT_CAPACITY", "",
            "Contact points (联系点) a leader may keep; empty: contact points are not judged."),
    Setting("tier_weights", "BRANCHGRAPH_TIER_WEIGHTS", "advanced=1,middle=1,lagging=2",
            "Weight of each tier in a mentor's weighted load (unrated branches count 1)."),
    Setting("star_targets", "BRANCHGRAPH_STAR_TARGETS",
            "6+=6:6000:60.9%;8+=8:1000:10.1%;6+ 3y=6::100%;8+ 3y=8::1/3",
            "Star targets, NAME=STARS:COUNT:SHARE separated by ';' (COUNT may be empty)."),
    Setting("timezone", "BRANCHGRAPH_TIMEZONE", "Asia/Shanghai",
            "The department's time zone, for times shown to people."),
    Setting("query_timeout", "BRANCHGRAPH_QUERY_TIMEOUT", "30",
            "Seconds an ad-hoc query may run before it is stopped."),
    Setting("row_limit", "BRANCHGRAPH_ROW_LIMIT", "5000",
            "Rows the dashboard shows of an ad-hoc query."),
    Setting("query_folder", "BRANCHGRAPH_QUERY_FOLDER", "",
            "Folder of the queries saved from the dashboard; empty: beside the store "
            "(<store>.queries), or ./queries-saved for a Bolt server."),
    Setting("reject_share", "BRANCHGRAPH_REJECT_SHARE", "1%",
            "A load whose rejected rows pass this share of the rows read does not replace the graph "
            "unless --accept-rejects is given (nor does one rejecting an organisation with others below it)."),
    Setting("accounts", "BRANCHGRAPH_ACCOUNTS", "",
            "The accounts file; empty: beside the store (<store>.accounts.json), or "
            "./branchgraph.accounts.json for a Bolt server."),
    Setting("session_minutes", "BRANCHGRAPH_SESSION_MINUTES", "480",
            "Minutes a dashboard login lasts without use before it asks again."),
    Setting("login_attempts", "BRANCHGRAPH_LOGIN_ATTEMPTS", "5",
            "Wrong passwords in a row (per account, and per client address) before a lockout."),
    Setting("lockout_seconds", "BRANCHGRAPH_LOCKOUT_SECONDS", "60",
            "Seconds of the first lockout; each further lockout doubles it (up to an hour)."),
    Setting("warn_unwatched_months", "BRANCHGRAPH_WARN_UNWATCHED_MONTHS", "2",
            "预警 (red): a lagging or weak branch nobody has watched for this many monthly "
            "snapshots in a row."),
    Setting("warn_lapse_days", "BRANCHGRAPH_WARN_LAPSE_DAYS", "30",
            "预警 (yellow): a branch whose only watcher's link ends within this many days."),
    Setting("weak_deadline_months", "BRANCHGRAPH_WEAK_DEADLINE_MONTHS", "3",
            "预警 (red): months a weak (软弱涣散) branch has to be rectified (销号)."),
    Setting("warn_share_drop", "BRANCHGRAPH_WARN_SHARE_DROP", "5",
            "预警 (yellow): a county whose watched share fell by this many percentage points "
            "or more since the month before."),
    Setting("zip_max_total", "BRANCHGRAPH_ZIP_MAX_TOTAL", "1GB",
            "Largest uncompressed size of all files in a zip (or workbook) together."),
    Setting("zip_max_member", "BRANCHGRAPH_ZIP_MAX_MEMBER", "512MB",
            "Largest uncompressed size of one file in a zip (or workbook)."),
    Setting("zip_max_members", "BRANCHGRAPH_ZIP_MAX_MEMBERS", "1000",
            "Most files a zip may hold."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def setting(name: str) -> Setting:
    """The row of the table called ``name`` (for an option's ``envvar=`` and ``default=``)."""
    return _BY_NAME[name]


def get(name: str, env: Mapping[str, str] | None = None) -> str:
    """The setting's value: its environment variable (of ``env``, default
    ``os.environ``) if set, else its default."""
    s = _BY_NAME[name]
    source = os.environ if env is None else env
    return source.get(s.env) or s.default


def query_folder(store: str, env: Mapping[str, str] | None = None) -> Path:
    """Where saved queries live for ``store``: the ``query_folder`` setting, else beside
    a store file (``data/branchgraph.lbug`` -> ``data/branchgraph.queries``), else (a
    Bolt URI) ``./queries-saved``; always absolute.

    >>> query_folder("/srv/bg/graph.lbug", {}).as_posix()
    '/srv/bg/graph.queries'
    """
    chosen = get("query_folder", env)
    if chosen:
        return Path(chosen).expanduser().resolve()
    if "://" in store:
        return Path("queries-saved").resolve()
    path = Path(store).expanduser().resolve()
    return path.with_name(path.stem + ".queries")


def config(env: Mapping[str, str] | None = None, **overrides: object) -> Config:
    """The analyses' settings, resolved once from ``env`` (default ``os.environ``);
    ``overrides`` (not None) win, e.g. ``capacity=`` from a ``--capacity`` option.

    Raises :class:`SettingError` naming the variable of a value that does not parse.

    >>> config({"BRANCHGRAPH_CAPACITY": "5"}).capacity
    5
    """
    def parsed(name: str, parse):  # type: ignore[no-untyped-def]
        text = get(name, env)
        try:
            return parse(text)
        except (ValueError, ConfigError) as exc:
            raise SettingError(f"{setting(name).env}={text!r}: {exc}") from None

    def whole(text: str) -> int:
        try:
            n = int(text)
        except ValueError:
            raise ValueError("not a whole number") from None
        if n < 0:
            raise ValueError("must not be negative")
        return n

    values = {
        "capacity": parsed("capacity", whole),
        "contact_capacity": parsed("contact_capacity", lambda t: whole(t) if t.strip() else None),
        "tier_weights": parsed("tier_weights", parse_weights),
        "star_targets": parsed("star_targets", parse_targets),
        "lang": parsed("lang", lambda t: t if t in ("zh", "en") else _bad_lang(t)),
        "timezone": parsed("timezone", _zone),
        "extra": {name: parsed(name, whole) for name in WARNING_SETTINGS},
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Config(**values)  # type: ignore[arg-type]


#: The warning thresholds (whole numbers), passed to the analyses as ``Config.extra``.
WARNING_SETTINGS = tuple(WARNING_DEFAULTS)


def _bad_lang(text: str) -> str:
    raise ValueError("use zh or en")


def _zone(text: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("not a time zone name such as Asia/Shanghai") from None
    return text
