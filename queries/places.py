"""Where a county lies: its city (地市), read from the organisation tree.

A ledger names each organisation's county but not its city. The tree says it: a
county's own organisations belong, at its top, to an organisation outside the county
(the city committee, 中共赤峰市委员会). A county's city is the name of that
organisation most of its outward links lead to, shortened the way planners say it
(中共赤峰市委员会 -> 赤峰市). Counties whose tree leads nowhere have no city.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from ._common import run
from .catalogue import analysis

__all__ = ["CITY_COLUMNS", "county_cities", "city_name"]

CITY_COLUMNS = ["county", "city"]


def city_name(committee: str) -> str:
    """The city a committee's name speaks for: 中共赤峰市委员会 -> 赤峰市.

    >>> city_name("中共赤峰市委员会"), city_name("赤峰市委"), city_name("某市直属机关工委")
    ('赤峰市', '赤峰市', '某市直属机关工委')
    """
    m = re.fullmatch(r"(?:中共|中国共产党)?(.+?[市州盟])(?:委员会|委)", committee.strip())
    return m.group(1) if m else committee.strip()


@analysis("county-cities", title=("各旗县区所属地市", "The city of each county"),
          description=("按组织隶属关系推出每个旗县区所属的地市（其组织向上隶属的本县以外的上级）。",
                       "Each county's city, read from the tree: where its organisations belong "
                       "outside the county."),
          params=(), columns=CITY_COLUMNS,
          labels={"city": ("地市", "City")})
def county_cities(store: Any) -> pd.DataFrame:
    """Each county with its city (:func:`city_name` of the outside organisation most of
    its links lead to; ties by name).

    Returns
    -------
    pandas.DataFrame
        Columns ``county``, ``city``, one row per county that belongs somewhere, by county.
    """
    links = run(store, "county_cities")
    if links.empty:
        return pd.DataFrame(columns=CITY_COLUMNS)
    top = links.sort_values(["county", "links", "city"], ascending=[True, False, True])
    top = top.drop_duplicates("county")
    return pd.DataFrame({"county": top["county"].to_numpy(),
                         "city": top["city"].map(city_name).to_numpy()})
