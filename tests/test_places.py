"""A county's city, read from the tree (queries/places.py), cross-checked with pandas on
the demo's own tables (two cities: seed 0 at scale 2)."""

from __future__ import annotations

import pandas as pd

from loaders.contract import graph_tables
from queries import catalogue


def test_each_county_gets_the_city_its_tree_leads_to(store):
    from loaders.demo import generate

    data = generate(seed=0, scale=2)
    store.replace_graph(graph_tables(data), source="demo x2")
    got = catalogue.run("county-cities", store).set_index("county")["city"]

    orgs = data["organizations"].set_index("org_id")
    parents = orgs[["name", "county"]].add_suffix("_parent")
    up = orgs.join(parents, on="parent_id")
    outward = up[up["county"].notna() & (up["county_parent"].isna() |
                                          (up["county_parent"] != up["county"]))]
    top = (outward.groupby(["county", "name_parent"]).size().rename("n").reset_index()
           .sort_values(["county", "n", "name_parent"], ascending=[True, False, True])
           .drop_duplicates("county"))
    assert top["name_parent"].str.fullmatch(r"中共.+市委员会").all()
    want = pd.Series(top["name_parent"].str.slice(2, -3).to_numpy(), index=top["county"].to_numpy())
    assert got.sort_index().to_dict() == want.sort_index().to_dict()
    assert got.nunique() == 2 and len(got) >= 24  # 12 counties (and the city's own) per city
