"""Star ratings: the rule, the check, the distribution and the targets.

The graph below is written out so the answers can be checked by hand.

======  ========  ==========  ==============  =====  ====  =====  =====  ========  ======  ======
org     county    domain      kind            stars  base  task   high   computed  agrees  rating
======  ========  ==========  ==============  =====  ====  =====  =====  ========  ======  ======
S01     红山区    rural       branch          9      5     72.5   8      9         yes     9
S02     红山区    rural       branch          9      5     71     8      8         NO      8
S03     红山区    community   branch          10     5     95     10     10        yes     10
S04     红山区    community   branch          6      4     100    10     4         NO      4
S05     松山区    rural       branch          7      -     -      -      -         -       7 (rec)
S06     松山区    school      branch          -      5     40     0      7         -       7
S07     松山区    rural       branch          5      5     -      -      -         -       5 (rec)
S08     松山区    rural       branch          6      5     20     -      6         yes     6
S09     松山区    school      branch          3      3     -      -      3         yes     3
S10     红山区    government  committee       8      5     60     0      8         yes     8
G11     松山区    hospital    general_branch  8      5     59     1      8         yes     8
S12     -         rural       branch          0      0     -      -      0         yes     0
======  ========  ==========  ==============  =====  ====  =====  =====  ========  ======  ======

The figures use the rating: the computed stars where the components allow it, else the
recorded ones ("rec": S05 and S07, so 10 of the 12 are rated by the rule). They count
every kind of organisation unless told otherwise (the targets are set over all of them).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from queries.config import Target
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
        "G11", "S01", "S03", "S08", "S09", "S10", "S12",  # agree
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
        "S02", "S04", "S01", "S03", "S10"
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
    assert len(df) == 12 and df["computed"].isna().all() and df["agrees"].isna().all()
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
    # 红山区: S01 9, S02 8, S03 10, S04 4, S10 8 — all by the rule
    assert hong["organisations"] == 5 and hong["rated"] == 5 and hong["by_rule"] == 5
    assert [hong[f"s{i}"] for i in range(11)] == [0, 0, 0, 0, 1, 0, 0, 0, 2, 1, 1]
    assert hong["at6_share"] == 0.8 and hong["at8_share"] == 0.8
    # 松山区: S05 7 and S07 5 recorded, S06 7, S08 6, S09 3, G11 8 by the rule
    assert song["organisations"] == 6 and song["rated"] == 6 and song["by_rule"] == 4
    assert [song[f"s{i}"] for i in range(11)] == [0, 0, 0, 1, 0, 1, 1, 2, 1, 0, 0]
    assert song["at6_share"] == pytest.approx(4 / 6) and song["at8_share"] == pytest.approx(1 / 6)
    assert none["organisations"] == 1 and none["s0"] == 1 and none["at6_share"] == 0.0
    grassroots = star_distribution(stars_store, kinds=("branch", "general_branch"))
    assert grassroots.set_index("group").loc["红山区", "organisations"] == 4  # S10 left out


def test_star_distribution_by_domain_and_bad_group(stars_store):
    df = star_distribution(stars_store, by="domain").set_index("group")
    assert sorted(df.index) == ["community", "government", "hospital", "rural", "school"]
    assert df.loc["rural", "organisations"] == 6  # S01 S02 S05 S07 S08 S12
    assert df.loc["school", "rated"] == 2  # S06 rated by the rule, S09
    with pytest.raises(ValueError, match="cannot group stars by 'colour'"):
        star_distribution(stars_store, by="colour")


def test_star_distribution_empty(any_store):
    any_store.replace_graph({})
    df = star_distribution(any_store)
    assert df.empty and list(df.columns) == DIST_COLUMNS


# -- star_progress -----------------------------------------------------------------


#: Share-only targets, so the gaps can be checked by hand on twelve organisations.
SHARES = (Target("6+", 6, None, 0.609), Target("8+", 8, None, 0.101),
          Target("6+ 3y", 6, None, 1.0), Target("8+ 3y", 8, None, 1 / 3))


def test_star_progress_all(stars_store):
    df = star_progress(stars_store)
    assert list(df.columns) == PROGRESS_COLUMNS
    assert df["target"].tolist() == ["6+", "8+", "6+ 3y", "8+ 3y"]
    assert df["goal_share"].tolist() == pytest.approx([0.609, 0.101, 1.0, 1 / 3])
    assert df["goal_count"].tolist() == [6000, 1000, pd.NA, pd.NA]
    assert df["organisations"].tolist() == [12] * 4 and df["by_rule"].tolist() == [10] * 4
    # 6+: S01 S02 S03 S05 S06 S08 S10 G11; 8+: S01 S02 S03 S10 G11
    assert df["at_target"].tolist() == [8, 5, 8, 5]
    # the count goals (6,000 and 1,000) first; the three-year goals are shares:
    # ceil(12) = 12 and ceil(4) = 4
    assert df["count_gap"].tolist() == [5992, 995, 4, 0]
    assert df["share_gap"].tolist() == pytest.approx([0, 0, 1 - 8 / 12, 0])
    assert df["share"].tolist() == pytest.approx([8 / 12, 5 / 12, 8 / 12, 5 / 12])


def test_star_progress_one_county_with_share_targets(stars_store):
    df = star_progress(stars_store, county="松山区", targets=SHARES)
    # six organisations; 6+: S05 S06 S08 G11; 8+: G11
    assert df["at_target"].tolist() == [4, 1, 4, 1]
    # needed: ceil(3.654)=4, ceil(0.606)=1, 6, 2
    assert df["count_gap"].tolist() == [0, 0, 2, 1]
    text = star_progress(stars_store, county="松山区", targets="6+=6::60.9%;8+ 3y=8::1/3")
    assert text["count_gap"].tolist() == [0, 1]


def test_star_progress_empty(any_store):
    any_store.replace_graph({})
    df = star_progress(any_store, targets=SHARES)
    assert df["organisations"].tolist() == [0] * 4
    assert df["count_gap"].tolist() == [0] * 4
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
    assert list(df.columns) == ["group", "stars", "by_rule", "organisations"]
    assert str(df["stars"].dtype) == "Int64" and df["organisations"].dtype == "int64"
    dist = star_distribution(stars_store).set_index("group")
    for group, part in df.groupby("group"):
        assert part["organisations"].sum() == dist.loc[group, "organisations"]
        rated = part.dropna(subset=["stars"])
        assert rated["organisations"].sum() == dist.loc[group, "rated"]
        per = rated.groupby("stars")["organisations"].sum()
        for stars, n in per.items():
            assert dist.loc[group, f"s{int(stars)}"] == n
    one = star_counts(stars_store, by="kind", county="松山区")
    assert one["organisations"].sum() == star_progress(stars_store, county="松山区")["organisations"][0]
