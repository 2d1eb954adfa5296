"""Star ratings: the rule, the check, the distribution and the targets.

The graph below is written out so the answers can be checked by hand.

======  ========  ==========  ==============  =====  ====  =====  =====  ========  ======
org     county    domain      kind            stars  base  task   high   computed  agrees
======  ========  ==========  ==============  =====  ====  =====  =====  ========  ======
S01     红山区    rural       branch          9      5     72.5   8      9         yes
S02     红山区    rural       branch          9      5     71     8      8         NO
S03     红山区    community   branch          10     5     95     10     10        yes
S04     红山区    community   branch          6      4     100    10     4         NO
S05     松山区    rural       branch          7      -     -      -      -         -
S06     松山区    school      branch          -      5     40     0      7         -
S07     松山区    rural       branch          5      5     -      -      -         -
S08     松山区    rural       branch          6      5     20     -      6         yes
S09     松山区    school      branch          3      3     -      -      3         yes
S10     红山区    government  committee       8      5     60     0      (not grassroots)
G11     松山区    hospital    general_branch  8      5     59     1      8         yes
S12     -         rural       branch          0      0     -      -      0         yes
======  ========  ==========  ==============  =====  ====  =====  =====  ========  ======
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from queries.registry import run_query
from queries.stars import (
    CHECK_COLUMNS,
    DIST_COLUMNS,
    PROGRESS_COLUMNS,
    computed_stars,
    star_check,
    star_counts,
    star_distribution,
    star_progress,
)

NA = None
ORGS = [
    # org_id, kind, county, domain, stars, base, task, high
    ("S01", "branch", "红山区", "rural", 9, 5, 72.5, 8),
    ("S02", "branch", "红山区", "rural", 9, 5, 71, 8),
    ("S03", "branch", "红山区", "community", 10, 5, 95, 10),
    ("S04", "branch", "红山区", "community", 6, 4, 100, 10),
    ("S05", "branch", "松山区", "rural", 7, NA, NA, NA),
    ("S06", "branch", "松山区", "school", NA, 5, 40, 0),
    ("S07", "branch", "松山区", "rural", 5, 5, NA, NA),
    ("S08", "branch", "松山区", "rural", 6, 5, 20, NA),
    ("S09", "branch", "松山区", "school", 3, 3, NA, NA),
    ("S10", "committee", "红山区", "government", 8, 5, 60, 0),
    ("G11", "general_branch", "松山区", "hospital", 8, 5, 59, 1),
    ("S12", "branch", NA, "rural", 0, 0, NA, NA),
]


def star_tables() -> dict[str, pd.DataFrame]:
    df = pd.DataFrame(
        ORGS,
        columns=["org_id", "kind", "county", "domain", "stars", "base_stars", "task_score",
                 "highlight_score"],
    )
    df["name"] = df["org_id"] + "党支部"
    return {"Organization": df}


@pytest.fixture
def stars_store(any_store):
    """The graph above, in LadybugDB and then in a Bolt (FalkorDB) store."""
    any_store.replace_graph(star_tables())
    return any_store


# -- the rule ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "task", "high", "expected"),
    [
        (5, 72.5, 8, 9),     # 80.5 points: four full twenties
        (5, 71, 8, 8),       # 79 points: three
        (5, 95, 10, 10),     # 105 points: capped at five feature stars
        (5, 100, 10, 10),
        (5, 0, 0, 5),        # all base stars, no feature stars
        (5, 19.99, 0, 5),
        (5, 20, 0, 6),
        (5, 59.9, 0.1, 8),   # 60 points exactly, despite floating point
        (5, 30, None, 6),    # one score missing counts 0
        (5, None, 10, 5),
        (5, None, None, None),  # nothing to compute feature stars from
        (4, 100, 10, 4),     # feature stars only after all five base stars
        (0, None, None, 0),
        (None, 80, 10, None),
    ],
)
def test_computed_stars_scalars(base, task, high, expected):
    assert computed_stars(base, task, high) == expected


def test_computed_stars_vectorised_keeps_index_and_nulls():
    base = pd.Series([5, 4, None, 5], index=[10, 11, 12, 13])
    task = pd.Series([40.0, 90.0, 90.0, None], index=[10, 11, 12, 13])
    out = computed_stars(base, task, 5)
    assert str(out.dtype) == "Int64"
    assert list(out.index) == [10, 11, 12, 13]
    assert out.tolist() == [7, 4, pd.NA, 5]


# -- star_check ---------------------------------------------------------------------


def test_star_check_orders_disagreements_first(stars_store):
    df = star_check(stars_store)
    assert list(df.columns) == CHECK_COLUMNS
    assert df["org_id"].tolist() == [
        "S02", "S04",                     # disagree
        "S05", "S06", "S07",              # cannot be checked
        "G11", "S01", "S03", "S08", "S09", "S12",  # agree
    ]
    by_id = df.set_index("org_id")
    assert by_id.loc["S02", "computed"] == 8 and by_id.loc["S02", "stars"] == 9
    assert by_id.loc["S04", "computed"] == 4
    assert by_id.loc["S06", "computed"] == 7 and pd.isna(by_id.loc["S06", "agrees"])
    assert pd.isna(by_id.loc["S05", "computed"]) and pd.isna(by_id.loc["S07", "computed"])
    assert by_id.loc["G11", "agrees"] == True  # noqa: E712 - nullable boolean
    assert by_id.loc["S12", "computed"] == 0


def test_star_check_filters(stars_store):
    assert star_check(stars_store, county="红山区")["org_id"].tolist() == [
        "S02", "S04", "S01", "S03"
    ]
    assert star_check(stars_store, domain="school")["org_id"].tolist() == ["S06", "S09"]
    assert star_check(stars_store, only_disagreements=True)["org_id"].tolist() == ["S02", "S04"]
    committees = star_check(stars_store, kinds=("committee",))
    assert committees["org_id"].tolist() == ["S10"]
    assert committees["computed"].tolist() == [8]


def test_star_check_without_rating_inputs(store):
    # recorded stars but no base stars anywhere: nothing can be checked
    tables = star_tables()
    tables["Organization"] = tables["Organization"].drop(
        columns=["base_stars", "task_score", "highlight_score"]
    )
    store.replace_graph(tables)
    df = star_check(store)
    assert len(df) == 11 and df["computed"].isna().all() and df["agrees"].isna().all()
    assert df["org_id"].tolist() == sorted(df["org_id"])


def test_star_check_empty_graph_has_columns(any_store):
    any_store.replace_graph({})
    df = star_check(any_store)
    assert df.empty and list(df.columns) == CHECK_COLUMNS


# -- star_distribution -----------------------------------------------------------


def test_star_distribution_by_county(stars_store):
    df = star_distribution(stars_store)
    assert list(df.columns) == DIST_COLUMNS
    assert df["group"].tolist()[:2] == ["松山区", "红山区"]
    assert pd.isna(df["group"].iloc[2])
    song, hong, none = (df.iloc[i] for i in range(3))
    assert hong["organisations"] == 4 and hong["rated"] == 4
    assert [hong[f"s{i}"] for i in range(11)] == [0, 0, 0, 0, 0, 0, 1, 0, 0, 2, 1]
    assert hong["at6_share"] == 1.0 and hong["at8_share"] == 0.75
    assert song["organisations"] == 6 and song["rated"] == 5
    assert [song[f"s{i}"] for i in range(11)] == [0, 0, 0, 1, 0, 1, 1, 1, 1, 0, 0]
    assert song["at6_share"] == 0.5 and song["at8_share"] == pytest.approx(1 / 6)
    assert none["organisations"] == 1 and none["s0"] == 1 and none["at6_share"] == 0.0


def test_star_distribution_by_domain_and_bad_group(stars_store):
    df = star_distribution(stars_store, by="domain").set_index("group")
    assert sorted(df.index) == ["community", "hospital", "rural", "school"]
    assert df.loc["rural", "organisations"] == 6  # S01 S02 S05 S07 S08 S12
    assert df.loc["school", "rated"] == 1
    with pytest.raises(ValueError, match="cannot group stars by 'colour'"):
        star_distribution(stars_store, by="colour")


def test_star_distribution_empty(any_store):
    any_store.replace_graph({})
    df = star_distribution(any_store)
    assert df.empty and list(df.columns) == DIST_COLUMNS


# -- star_progress -----------------------------------------------------------------


def test_star_progress_all(stars_store):
    df = star_progress(stars_store)
    assert list(df.columns) == PROGRESS_COLUMNS
    assert df["target"].tolist() == ["6+", "8+", "6+ 3y", "8+ 3y"]
    assert df["goal_share"].tolist() == pytest.approx([0.609, 0.101, 1.0, 1 / 3])
    assert df["organisations"].tolist() == [11] * 4
    # 6+: S01 S02 S03 S04 S05 S08 G11; 8+: S01 S02 S03 G11
    assert df["at_target"].tolist() == [7, 4, 7, 4]
    # needed: ceil(6.699)=7, ceil(1.111)=2, 11, ceil(3.67)=4
    assert df["gap"].tolist() == [0, 0, 4, 0]
    assert df["share"].tolist() == pytest.approx([7 / 11, 4 / 11, 7 / 11, 4 / 11])


def test_star_progress_one_county(stars_store):
    df = star_progress(stars_store, county="松山区")
    # six organisations; 6+: S05 S08 G11; 8+: G11
    assert df["at_target"].tolist() == [3, 1, 3, 1]
    # needed: ceil(3.654)=4, ceil(0.606)=1, 6, 2
    assert df["gap"].tolist() == [1, 0, 3, 1]


def test_star_progress_empty(any_store):
    any_store.replace_graph({})
    df = star_progress(any_store)
    assert df["organisations"].tolist() == [0] * 4
    assert df["gap"].tolist() == [0] * 4
    assert all(math.isnan(v) for v in df["share"])


# -- the named queries ---------------------------------------------------------------


def test_named_star_queries_run(stars_store):
    bastions = run_query(stars_store, "stars_bastions", {"min_stars": "8"})
    assert bastions["org_id"].tolist() == ["S03", "S01", "S02", "G11"]
    strong = run_query(stars_store, "stars_bastions", {"min_stars": 8, "county": "松山区"})
    assert strong["org_id"].tolist() == ["G11"]
    assert run_query(stars_store, "stars_bastions")["org_id"].tolist() == [
        "S03", "S01", "S02", "G11", "S05", "S04", "S08"
    ]  # default: 6 stars and up
    by_county = run_query(stars_store, "stars_by_county").set_index("county")
    assert by_county.loc["红山区", "organisations"] == 4
    assert by_county.loc["松山区", ["organisations", "rated", "at6", "at8"]].tolist() == [6, 5, 3, 1]


def test_star_counts_are_counted_in_the_store(stars_store):
    # per county and star count, unrated as <NA>; the same totals as star_distribution
    df = star_counts(stars_store)
    assert list(df.columns) == ["group", "stars", "organisations"]
    assert str(df["stars"].dtype) == "Int64" and df["organisations"].dtype == "int64"
    dist = star_distribution(stars_store).set_index("group")
    for group, part in df.groupby("group"):
        assert part["organisations"].sum() == dist.loc[group, "organisations"]
        rated = part.dropna(subset=["stars"])
        assert rated["organisations"].sum() == dist.loc[group, "rated"]
        for stars, n in zip(rated["stars"], rated["organisations"]):
            assert dist.loc[group, f"s{int(stars)}"] == n
    one = star_counts(stars_store, by="kind", county="松山区")
    assert one["organisations"].sum() == star_progress(stars_store, county="松山区")["organisations"][0]
