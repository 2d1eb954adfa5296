"""The domain's rules, each written once (../shared/domain.md, "Rules the analysis must know").

Pure functions and constants, no store and no settings: the loaders, the analyses,
the proposal and the dashboard all ask here, and the named Cypher queries pass the
same values in as ``$parameters`` (``$kinds``, ``$as_of``) or follow the one form of
:data:`ACTIVE_CYPHER` (a test checks every ``.cypher`` file against it).

- **Grassroots organisations** (:data:`GRASSROOTS`): branches and general branches,
  the ones rated, covered and mentored.
- **A dated link is active** on day D when ``since`` is empty or not after D and
  ``until`` is empty or not before D (:func:`active_on`).
- **The as-of day** (:func:`as_of_text`): the day named, else the store's own
  default (a past snapshot's date), else today.
- **Mentor mix** (赤峰): each mentor watches exactly one advanced, one middle and one
  lagging branch (:func:`mix_ok`). **Capacity** counts branches a person mentors
  (包联); contact points (联系点) are another duty and never count toward it;
  :data:`DEFAULT_CAPACITY` when a person has none of their own.
- **A person's county** (:func:`person_place`): the county of the organisation they
  work in, else the most common county among the organisations they watch (ties:
  the first in sort order).
- **Who comes first** (:func:`neediest_first`): lagging, then weak, then fewest stars
  (unrated first), then org_id — the order of every gap list and of the proposal.
- **Stars** (:func:`computed_stars`, :func:`rating`): five base stars, then one
  feature star per full 20 points of task plus highlight score, at most five more;
  the rating is the computed one where the components are given, else the recorded.
  :data:`BASTION` (6+) and :data:`STRONG_BASTION` (8+) are the two marks counted.
- **Responsibility** (:data:`COMMITTEES`): an organisation answers to the nearest
  committee or working committee above it along BELONGS_TO.

>>> active_on(pd.Series(["2025-01-01", None]), pd.Series([None, "2024-12-31"]), "2025-06-30").tolist()
[True, False]
>>> computed_stars(5, 72.5, 8), computed_stars(4, 100, 10)
(9, 4)
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .schema import ENUMS

__all__ = [
    "GRASSROOTS",
    "KINDS",
    "TIERS",
    "DEFAULT_CAPACITY",
    "DEFAULT_WEIGHTS",
    "GOOD_MIX",
    "ACTIVE_CYPHER",
    "BASE_STARS",
    "POINTS_PER_STAR",
    "MAX_FEATURE_STARS",
    "BASTION",
    "STRONG_BASTION",
    "COMMITTEES",
    "as_of_text",
    "active_on",
    "mix_ok",
    "mix_text",
    "person_place",
    "computed_stars",
    "rating",
    "neediest_first",
]

#: The kinds that are rated, covered and mentored (党支部, 党总支).
GRASSROOTS: tuple[str, ...] = ("branch", "general_branch")
#: Every organisation kind of the graph model, committees first.
KINDS: tuple[str, ...] = ENUMS["kind"]
#: The kinds that answer for the organisations below them (党委, 党工委): a gap names the
#: nearest one above it, and figures roll up to each of them.
COMMITTEES: tuple[str, ...] = ("committee", "working_committee")
#: Tiers in the order planners read them (先进, 中间, 后进).
TIERS: tuple[str, ...] = ENUMS["tier"]
#: Branches a mentor may watch when their own capacity is not given (one of each tier).
DEFAULT_CAPACITY = 3
#: Weight of one mentored branch in the weighted load, by tier (lagging ones need more).
DEFAULT_WEIGHTS: Mapping[str, float] = {"advanced": 1.0, "middle": 1.0, "lagging": 2.0,
                                        "unrated": 1.0}
#: The one mix a mentor should have, advanced/middle/lagging.
GOOD_MIX = (1, 1, 1)
#: How every named query tests that link ``{r}`` is active on ``$as_of``.
ACTIVE_CYPHER = "({r}.since IS NULL OR {r}.since <= $as_of) AND ({r}.until IS NULL OR {r}.until >= $as_of)"

BASE_STARS = 5
POINTS_PER_STAR = 20
MAX_FEATURE_STARS = 5
#: The stars of a bastion branch (堡垒支部) and of a strong bastion (过硬堡垒).
BASTION = 6
STRONG_BASTION = 8


def as_of_text(as_of: Any = None, store: Any = None) -> str:
    """The as-of day as ``YYYY-MM-DD``.

    ``as_of`` may be a date, a datetime, ISO text (``2025-1-5`` too) or None. None
    (or blank) means the store's ``default_as_of`` when it has one (a store opened on a
    past snapshot answers for that snapshot's day), else today. ``ValueError`` for text
    that is not a date.

    >>> as_of_text("2025-1-5"), as_of_text(_dt.date(2024, 2, 29))
    ('2025-01-05', '2024-02-29')
    """
    if as_of is None or (isinstance(as_of, str) and not as_of.strip()):
        default = getattr(store, "default_as_of", None)
        return default if default else _dt.date.today().isoformat()
    if isinstance(as_of, _dt.datetime):
        return as_of.date().isoformat()
    if isinstance(as_of, _dt.date):
        return as_of.isoformat()
    text = str(as_of).strip()
    parts = text.replace("/", "-").split("-")
    try:
        if len(parts) != 3:
            raise ValueError(text)
        return _dt.date(int(parts[0]), int(parts[1]), int(parts[2])).isoformat()
    except ValueError:
        raise ValueError(f"{text!r} is not a date: write it as YYYY-MM-DD") from None


def _blank(s: pd.Series) -> np.ndarray:
    return (s.isna() | (s.astype(object).astype(str).str.strip() == "")).to_numpy(dtype=bool)


def active_on(since: pd.Series, until: pd.Series, day: str) -> pd.Series:
    """Whether each link (``since``, ``until`` ISO texts, blanks open) is active on ``day``."""
    no_since, no_until = _blank(since), _blank(until)
    started = no_since | (since.astype(object).astype(str) <= day).to_numpy(dtype=bool)
    not_ended = no_until | (until.astype(object).astype(str) >= day).to_numpy(dtype=bool)
    return pd.Series(started & not_ended, index=since.index, dtype=bool)


def mix_ok(mentored: Any, advanced: Any, middle: Any, lagging: Any) -> Any:
    """Whether a mentor keeps the 1/1/1 rule: exactly three branches, one of each tier.

    Works on numbers or on Series alike.

    >>> mix_ok(3, 1, 1, 1), mix_ok(3, 0, 1, 2), mix_ok(4, 1, 1, 1)
    (True, False, False)
    """
    a, m, g = GOOD_MIX
    return (mentored == a + m + g) & (advanced == a) & (middle == m) & (lagging == g)


def mix_text(advanced: pd.Series, middle: pd.Series, lagging: pd.Series) -> pd.Series:
    """The mix as ``"a/m/l"`` text (the exports spell it out, never as a date)."""
    parts = [pd.to_numeric(s, errors="coerce").fillna(0).astype("int64").astype(str)
             for s in (advanced, middle, lagging)]
    return (parts[0] + "/" + parts[1] + "/" + parts[2]).astype(object)


def person_place(home: pd.DataFrame, watched: pd.DataFrame) -> pd.DataFrame:
    """Each person's county and township by the rule.

    County: the county of the organisation they work in, else the most common county
    among the organisations they watch (ties: the first in sort order). Township: the
    workplace's, else the most common township they watch in that county.

    Parameters
    ----------
    home : person_id, county, township of the workplace (one row per person; blanks
        where unknown; people without a workplace may be absent).
    watched : person_id, county, township, n (how many organisations they watch there).

    Returns
    -------
    DataFrame person_id, county, township over every person of either frame, sorted by
    person_id; None where the rule finds nothing.

    >>> home = pd.DataFrame({"person_id": ["P2"], "county": ["乙县"], "township": [None]})
    >>> watched = pd.DataFrame({"person_id": ["P1", "P1", "P1", "P2"],
    ...                         "county": ["甲县", "乙县", "乙县", "甲县"],
    ...                         "township": ["a", "b", "c", "d"], "n": [2, 1, 1, 3]})
    >>> person_place(home, watched).values.tolist()
    [['P1', '乙县', 'b'], ['P2', '乙县', None]]
    """
    def clean(s: pd.Series) -> pd.Series:
        s = s.astype(object)
        return s.where(s.notna() & (s.astype(str).str.strip() != ""), None)

    home = home.assign(county=clean(home["county"]), township=clean(home["township"]))
    home = home.drop_duplicates("person_id").set_index("person_id")
    w = watched.assign(county=clean(watched["county"]), township=clean(watched["township"]))
    w = w[w["county"].notna()]
    per_county = w.groupby(["person_id", "county"], as_index=False)["n"].sum()
    per_county = per_county.sort_values(["person_id", "n", "county"],
                                        ascending=[True, False, True], kind="stable")
    mode = per_county.drop_duplicates("person_id").set_index("person_id")["county"]
    ids = home.index.union(pd.Index(w["person_id"].unique())).sort_values()
    county = home["county"].reindex(ids)
    county = county.where(county.notna(), mode.reindex(ids))
    w = w[w["township"].notna() & (w["county"] == w["person_id"].map(county))]
    per_town = w.groupby(["person_id", "township"], as_index=False)["n"].sum()
    per_town = per_town.sort_values(["person_id", "n", "township"],
                                    ascending=[True, False, True], kind="stable")
    town_mode = per_town.drop_duplicates("person_id").set_index("person_id")["township"]
    has_home = home["county"].reindex(ids).notna()
    township = home["township"].reindex(ids).where(has_home, town_mode.reindex(ids))
    out = pd.DataFrame({"person_id": ids, "county": county.to_numpy(object),
                        "township": township.to_numpy(object)})
    for col in ("county", "township"):
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out.reset_index(drop=True)


def computed_stars(base_stars: Any, task_score: Any, highlight_score: Any) -> Any:
    """The stars the rule gives: ``base_stars`` below five, else five plus one feature
    star per full 20 points of ``task_score + highlight_score`` (at most five).

    No ``base_stars``, or five base stars and neither score: the rule cannot say
    (None, or ``<NA>`` in a Series); five base stars and one score: the other counts 0.
    Scalars give an int or None; any Series gives a nullable ``Int64`` Series.

    >>> computed_stars(5, 60, 0), computed_stars(5, 59.9, 0.1), computed_stars(None, 80, 5)
    (8, 8, None)
    """
    inputs = (base_stars, task_score, highlight_score)
    index = next((x.index for x in inputs if isinstance(x, pd.Series)), None)

    def as_series(x: Any) -> pd.Series:
        if isinstance(x, pd.Series):
            return pd.to_numeric(x, errors="coerce").astype("Float64")
        return pd.Series([x] * (1 if index is None else len(index)), index=index, dtype="Float64")

    base, task, high = (as_series(x) for x in inputs)
    no_scores = (task.isna() & high.isna()).astype(bool)
    points = (task.fillna(0) + high.fillna(0)).round(6)  # 59.9 + 0.1 is 60 points, not 59.99999
    feature = np.floor(points / POINTS_PER_STAR).clip(lower=0, upper=MAX_FEATURE_STARS)
    base = np.floor(base.clip(lower=0, upper=BASE_STARS))
    full = (base >= BASE_STARS).fillna(False).astype(bool)
    out = base.copy()
    out[full] = BASE_STARS + feature[full]
    out[full & no_scores] = pd.NA
    out = out.astype("Int64")
    if index is None:
        v = out.iloc[0]
        return None if pd.isna(v) else int(v)
    return out


def rating(stars: pd.Series, base_stars: pd.Series, task_score: pd.Series,
           highlight_score: pd.Series) -> pd.Series:
    """The rating the figures use: computed by the rule where the components allow it,
    else the recorded ``stars`` (nullable ``Int64``; ``<NA>`` when neither is there).

    >>> rating(pd.Series([10, None, 7]), pd.Series([4, 5, None]), pd.Series([None, 61.0, None]),
    ...        pd.Series([None, None, None])).tolist()
    [4, 8, 7]
    """
    computed = computed_stars(base_stars, task_score, highlight_score)
    recorded = pd.to_numeric(stars, errors="coerce").astype("Float64").round().astype("Int64")
    return computed.where(computed.notna(), recorded).astype("Int64")


def neediest_first(orgs: pd.DataFrame) -> pd.DataFrame:
    """``orgs`` (columns org_id, tier, weak, stars) in the order gaps are worked on:
    lagging first, then weak, then fewest stars (unrated first), then org_id; the
    index is reset.

    >>> o = pd.DataFrame({"org_id": ["a", "b", "c", "d"], "tier": ["middle", "lagging", "middle", "middle"],
    ...                   "weak": [False, False, True, False], "stars": [2, 9, 5, None]})
    >>> neediest_first(o)["org_id"].tolist()
    ['b', 'c', 'd', 'a']
    """
    keys = pd.DataFrame({
        "lagging": orgs["tier"].ne("lagging").astype("int8"),
        "weak": (~orgs["weak"].astype("boolean").fillna(False).astype(bool)).astype("int8"),
        "stars": pd.to_numeric(orgs["stars"], errors="coerce").fillna(-1),
        "org_id": orgs["org_id"].astype(str),
    }, index=orgs.index)
    order = keys.sort_values(["lagging", "weak", "stars", "org_id"], kind="stable").index
    return orgs.loc[order].reset_index(drop=True)
