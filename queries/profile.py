"""One organisation at the centre (组织档案): its own facts and everything linked to it.

``org-card`` is the organisation itself (stars as the rating, with the components they
come from); ``org-profile`` its links, one row each: the organisation above and those
below, its mentors, contact points and secretary (dated, with whether each is active
on the day), alliances, chains and pairings. ``org-search`` finds it by code or by part
of its name.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from graphmodel import rules

from ._common import as_of_text, run, shape
from .catalogue import analysis
from .params import Param

__all__ = ["CARD_COLUMNS", "PROFILE_COLUMNS", "SEARCH_COLUMNS", "org_card", "org_profile",
           "org_search", "SECTIONS"]

#: The sections of a profile, in the order a page shows them.
SECTIONS = ("parent", "child", "mentor", "contact", "secretary", "alliance", "chain", "pairing")
CARD_COLUMNS = ["org_id", "name", "kind", "county", "township", "domain", "stars", "rated_stars",
                "base_stars", "task_score", "highlight_score", "tier", "weak", "members"]
PROFILE_COLUMNS = ["section", "id", "name", "detail", "since", "until", "active"]
SEARCH_COLUMNS = ["org_id", "name", "county", "township"]

ORG = Param("org_id", "string", help="the organisation (组织编码)")
TEXT = Param("text", "string", help="part of the name, or the code")
_LABELS = {"section": ("关系", "Link"), "id": ("编码", "Code"), "detail": ("说明", "Detail"),
           "active": ("截至日期有效", "Active on the day"), "rated_stars": ("计星", "Rating"),
           "stars": ("登记星级", "Stars recorded")}


@analysis("org-search", title=("查找组织", "Find an organisation"),
          description=("组织编码等于、或名称包含所输入文字的组织（最多50个）。",
                       "Organisations whose code is the text or whose name contains it (50 at most)."),
          params=(TEXT,), columns=SEARCH_COLUMNS, export=False)
def org_search(store: Any, *, text: str = "") -> pd.DataFrame:
    """Up to 50 organisations whose ``org_id`` is ``text`` or whose name contains it,
    shortest names first. Blank text finds nothing."""
    text = (text or "").strip()
    if not text:
        return pd.DataFrame(columns=SEARCH_COLUMNS)
    return shape(run(store, "org_search", text=text), SEARCH_COLUMNS)


@analysis("org-card", title=("组织基本情况", "An organisation's card"),
          description=("某个组织的类型、所在地、领域、星级及其构成、类别、是否软弱涣散、党员数。",
                       "One organisation's kind, place, domain, stars and components, tier, weak "
                       "flag and members."),
          params=(ORG,), columns=CARD_COLUMNS, labels=_LABELS, export=False)
def org_card(store: Any, *, org_id: str | None = None) -> pd.DataFrame:
    """The organisation ``org_id`` (no rows when there is none): ``stars`` as recorded,
    ``rated_stars`` the rating (by the rule where the components allow, else recorded)."""
    df = run(store, "org_card", org_id=org_id)
    if df.empty:
        return pd.DataFrame(columns=CARD_COLUMNS)
    df["rated_stars"] = rules.rating(df["stars"], df["base_stars"], df["task_score"],
                                     df["highlight_score"])
    return shape(df, CARD_COLUMNS, ints=("rated_stars", "base_stars", "members"))


@analysis("org-profile", title=("组织档案", "An organisation's profile"),
          description=("某个组织的全部关系：上下级组织、包联干部、联系点领导、书记（含起止日期和截至日期是否有效）、"
                       "联建联合体、产业链和结对组织。",
                       "Everything linked to one organisation: above and below it, mentors, contact "
                       "points, secretary (dated, active on the day or not), alliances, chains, pairings."),
          params=(ORG, "as_of"), columns=PROFILE_COLUMNS, labels=_LABELS,
          values={"section": "profile_section"}, export=False)
def org_profile(store: Any, *, org_id: str | None = None,
                as_of: str | date | None = None) -> pd.DataFrame:
    """The links of ``org_id``, by section (:data:`SECTIONS`) then code.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PROFILE_COLUMNS`; ``since``/``until`` blank when the link has no
        date; ``active`` whether the link holds on ``as_of`` (always true for undated
        kinds of link: tree, alliances, chains).
    """
    day = as_of_text(as_of, store)
    df = run(store, "org_profile", org_id=org_id)
    if df.empty:
        return pd.DataFrame(columns=PROFILE_COLUMNS)
    for col in ("since", "until"):
        df[col] = df[col].astype(object).where(df[col].astype(str) != "", None)
    df["active"] = rules.active_on(df["since"], df["until"], day)
    df["section"] = pd.Categorical(df["section"], categories=SECTIONS, ordered=True)
    df = df.sort_values(["section", "id"], kind="stable")
    df["section"] = df["section"].astype(str)
    return shape(df, PROFILE_COLUMNS, bools=("active",))
