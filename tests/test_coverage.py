"""Coverage analyses on the hand-built tiny county (answers in tests/analysis_graphs.py),
on LadybugDB and on Bolt, plus a networkx cross-check on the demo data."""

from __future__ import annotations

import pandas as pd
import pytest

from queries import coverage, coverage_gaps, coverage_rates, single_watcher
from queries.coverage import COVERAGE_COLUMNS, GAP_COLUMNS, RATE_COLUMNS, SINGLE_WATCHER_COLUMNS
from queries.registry import QueryParamError
from tests.analysis_graphs import (  # noqa: F401 - fixtures
    AS_OF,
    _tiny_bolt,
    _tiny_ladybug,
    nx_uncovered,
    tiny,
    tiny_county,
)

ALL_MISSING = "watched|mentor|contact|alliance|pairing|chain"


def test_coverage_counts_every_dimension(tiny):
    df = coverage(tiny, as_of=AS_OF)
    assert list(df.columns) == COVERAGE_COLUMNS
    got = df.set_index("org_id")[
        ["watchers", "mentors", "contacts", "alliances", "pairings", "chains", "watched"]
    ]
    expected = {
        # org:  watchers mentors contacts alliances pairings chains watched
        "B01": (2, 2, 0, 1, 0, 0, True),   # P1 and P3 mentor; A1 lead
        "B02": (1, 1, 0, 1, 0, 0, True),   # pairing with B05 starts 2025-03-01
        "B03": (1, 1, 0, 0, 0, 1, True),
        "B04": (1, 1, 1, 1, 0, 0, True),   # P3 is mentor AND contact: one watcher
        "B05": (0, 0, 0, 0, 0, 0, False),  # P3 only from 2025-06-01
        "B07": (1, 0, 1, 1, 1, 0, True),   # paired with B10 (B10 -> B07 counts both ways)
        "B08": (1, 0, 1, 0, 0, 1, True),
        "B09": (0, 0, 0, 0, 0, 0, False),  # mentor and pairing both ended
        "B10": (1, 1, 0, 1, 1, 1, True),
        "B11": (0, 0, 0, 0, 0, 0, False),
        "B12": (0, 0, 0, 0, 0, 0, False),
        "G06": (0, 0, 0, 0, 0, 0, False),  # contact point ended 2024-12-31
    }
    assert {k: tuple(v) for k, v in zip(got.index, got.itertuples(index=False))} == expected
    assert df["org_id"].tolist() == sorted(expected)
    b09 = df.set_index("org_id").loc["B09"]
    assert b09["stars"] is pd.NA and b09["township"] is None and not b09["weak"]


def test_gaps_put_lagging_then_weak_then_fewest_stars_first(tiny):
    df = coverage_gaps(tiny, as_of=AS_OF)
    assert list(df.columns) == GAP_COLUMNS
    # G06 lagging+weak; B09 lagging, unrated (stars null first); B12 lagging 0 stars;
    # B11 middle but weak; B05 not lagging, not weak.
    assert df["org_id"].tolist() == ["G06", "B09", "B12", "B11", "B05"]
    assert set(df["missing"]) == {ALL_MISSING}
    assert df["kind"].tolist() == ["general_branch", "branch", "branch", "branch", "branch"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"county": "松山区"}, ["B09", "B12", "B11"]),
        ({"county": "红山区"}, ["G06", "B05"]),
        ({"tier": "lagging"}, ["G06", "B09", "B12"]),
        ({"domain": "rural"}, ["B12", "B11"]),
        ({"kinds": ["general_branch"]}, ["G06"]),
        ({"county": "无此旗"}, []),
    ],
)
def test_gap_filters(tiny, filters, expected):
    df = coverage_gaps(tiny, as_of=AS_OF, **filters)
    assert df["org_id"].tolist() == expected
    assert list(df.columns) == GAP_COLUMNS


def test_gaps_on_other_dimensions_list_what_else_is_missing(tiny):
    chain = coverage_gaps(tiny, as_of=AS_OF, dimension="chain", county="松山区")
    assert chain["org_id"].tolist() == ["B07", "B09", "B12", "B11"]
    assert chain["missing"].tolist() == ["mentor|chain", ALL_MISSING, ALL_MISSING, ALL_MISSING]
    mentor = coverage_gaps(tiny, as_of=AS_OF, dimension="mentor")
    assert mentor["org_id"].tolist() == ["G06", "B07", "B09", "B12", "B11", "B05", "B08"]
    assert mentor.set_index("org_id").loc["B08", "missing"] == "mentor|alliance|pairing"
    alliance = coverage_gaps(tiny, as_of=AS_OF, dimension="alliance")
    assert alliance["org_id"].tolist() == ["G06", "B09", "B12", "B11", "B05", "B08", "B03"]


@pytest.mark.parametrize(
    ("day", "gaps"),
    [
        ("2024-06-30", ["B12", "B11", "B05"]),  # P2's mentor link to B09 still counts that day
        ("2024-07-01", ["B09", "B12", "B11", "B05"]),  # ...and not the day after
        ("2024-12-31", ["B09", "B12", "B11", "B05"]),  # G06 has P4 until 2024-12-31
        (AS_OF, ["G06", "B09", "B12", "B11", "B05"]),  # P4's link ended
        ("2025-06-01", ["G06", "B09", "B12", "B11"]),  # P3 mentors B05 from 2025-06-01
    ],
)
def test_as_of_decides_which_links_count(tiny, day, gaps):
    assert coverage_gaps(tiny, as_of=day)["org_id"].tolist() == gaps


def test_as_of_accepts_dates_and_defaults_to_today(tiny):
    import datetime as dt

    assert coverage_gaps(tiny, as_of=dt.date(2025, 1, 1))["org_id"].tolist() == [
        "G06", "B09", "B12", "B11", "B05"
    ]  # fmt: skip
    # Today (after 2025-06-01 and before P3's B01 link ends 2026-12-31, or after: either way
    # G06 and B09 have no link that could be active).
    today = coverage_gaps(tiny)["org_id"].tolist()
    assert {"G06", "B09", "B11", "B12"} <= set(today)


def test_rates_by_county(tiny):
    df = coverage_rates(tiny, as_of=AS_OF)
    assert list(df.columns) == RATE_COLUMNS
    assert df["group"].tolist() == ["松山区", "红山区"]
    assert df["organisations"].tolist() == [6, 6]
    assert df["watched"].tolist() == [3, 4]
    assert df["watched_share"].tolist() == pytest.approx([3 / 6, 4 / 6])
    assert df["mentor_share"].tolist() == pytest.approx([1 / 6, 4 / 6])
    assert df["contact_share"].tolist() == pytest.approx([2 / 6, 1 / 6])
    assert df["alliance_share"].tolist() == pytest.approx([2 / 6, 3 / 6])
    assert df["pairing_share"].tolist() == pytest.approx([2 / 6, 0])
    assert df["chain_share"].tolist() == pytest.approx([2 / 6, 1 / 6])


def test_rates_by_domain(tiny):
    df = coverage_rates(tiny, as_of=AS_OF, by="domain").set_index("group")
    assert df.index.tolist() == ["community", "government", "hospital", "private", "rural", "school"]
    assert df.loc["rural", "organisations"] == 7
    assert df.loc["rural", "watched"] == 5  # B01 B02 B03 B07 B08 (not B11 B12)
    assert df.loc["rural", "watched_share"] == pytest.approx(5 / 7)
    assert df.loc["school", "watched_share"] == 0.0
    assert df.loc["private", "chain_share"] == 1.0


def test_single_watcher(tiny):
    df = single_watcher(tiny, as_of=AS_OF)
    assert list(df.columns) == SINGLE_WATCHER_COLUMNS
    assert df[["org_id", "person_id"]].values.tolist() == [
        ["B02", "P1"], ["B03", "P1"], ["B04", "P3"], ["B07", "P2"], ["B08", "P2"], ["B10", "P2"],
    ]  # fmt: skip  (B01 has two watchers; B04's one person has two links)
    assert df.set_index("org_id").loc["B04", "person_name"] == "张伟"
    assert single_watcher(tiny, as_of=AS_OF, tier="advanced")["org_id"].tolist() == ["B03", "B08"]


def test_committees_count_when_asked(tiny):
    df = coverage(tiny, as_of=AS_OF, kinds=["committee", "working_committee"])
    assert df["org_id"].tolist() == ["C0", "C1", "T1"]
    assert df.set_index("org_id")["alliances"].to_dict() == {"C0": 0, "C1": 0, "T1": 1}
    # SECRETARY_OF (P2 leads C1) is not watching; C0's pairing with B09 has ended.
    assert df["watchers"].tolist() == [0, 0, 0] and df["pairings"].tolist() == [0, 0, 0]


def test_bad_arguments_are_refused(_tiny_ladybug):
    store = _tiny_ladybug
    with pytest.raises(QueryParamError, match="dimension"):
        coverage_gaps(store, dimension="mentors")
    with pytest.raises(QueryParamError, match="'county' or 'domain'"):
        coverage_rates(store, by="tier")
    with pytest.raises(QueryParamError, match="as_of"):
        coverage(store, as_of="1 Jan 2025")
    with pytest.raises(QueryParamError, match="kinds"):
        coverage(store, kinds=["支部"])
    with pytest.raises(QueryParamError, match="choose from advanced, middle, lagging"):
        coverage(store, tier="落后")
    # the contract's Chinese spelling of a value is that value
    assert coverage(store, tier="后进", as_of=AS_OF).equals(coverage(store, tier="lagging", as_of=AS_OF))


def test_empty_graph_gives_empty_frames_with_the_columns(store):
    store.replace_graph({}, source="empty")
    assert list(coverage(store).columns) == COVERAGE_COLUMNS
    assert list(coverage_gaps(store).columns) == GAP_COLUMNS
    assert list(coverage_rates(store).columns) == RATE_COLUMNS
    assert list(single_watcher(store).columns) == SINGLE_WATCHER_COLUMNS
    assert coverage_gaps(store).empty
    # an empty answer has the types of a full one (a dashboard table or an export relies on them)
    full = coverage_rates(_tiny_ladybug_store(store), as_of=AS_OF)
    store.replace_graph({}, source="empty")
    assert coverage_rates(store).dtypes.to_dict() == full.dtypes.to_dict()


@pytest.mark.parametrize("day", ["2024-06-30", "2024-07-01", "2024-12-31", AS_OF, "2025-06-01"])
def test_uncovered_agrees_with_networkx_on_the_tiny_county(_tiny_ladybug, day):
    got = set(coverage_gaps(_tiny_ladybug, as_of=day)["org_id"])
    assert got == nx_uncovered(tiny_county(), day)


@pytest.mark.slow
def test_uncovered_agrees_with_networkx_on_the_demo_data(store):
    from loaders import contract, demo

    tables = contract.graph_tables(demo.generate(seed=0))
    store.replace_graph(tables, source="demo")
    for day in ("2025-01-01", "2026-06-30"):
        gaps = coverage_gaps(store, as_of=day)
        expected = nx_uncovered(tables, day)
        assert len(gaps) == len(expected) > 0
        assert set(gaps["org_id"]) == expected
        cov = coverage(store, as_of=day)
        assert int((~cov["watched"]).sum()) == len(expected)


@pytest.mark.parametrize("by", ["county", "domain"])
def test_rates_agree_with_the_per_organisation_coverage(store, by):
    # coverage_rates counts in the store (coverage_counts, one UNION ALL branch per
    # dimension); here the same shares from coverage()'s per-organisation rows.
    # One extra branch has neither county nor domain: its group comes last as None.
    tables = tiny_county()
    orgs = tables["Organization"]
    extra = orgs[orgs["kind"] == "branch"].iloc[[0]].assign(org_id="X01", county=None, domain=None)
    tables["Organization"] = pd.concat([orgs, extra], ignore_index=True)
    store.replace_graph(tables, source="tiny + one without county")
    rates = coverage_rates(store, as_of=AS_OF, by=by)
    per_org = coverage(store, as_of=AS_OF)
    assert rates["group"].iloc[-1] is None
    assert rates["organisations"].sum() == len(per_org) == 13
    for group, part in per_org.groupby(per_org[by].fillna("-"), sort=False):
        row = rates[rates["group"].fillna("-") == group].iloc[0]
        assert row["organisations"] == len(part)
        assert row["watched"] == part["watched"].sum()
        for dim, col in [("mentor", "mentors"), ("contact", "contacts"), ("alliance", "alliances"),
                         ("pairing", "pairings"), ("chain", "chains")]:
            assert row[f"{dim}_share"] == pytest.approx((part[col] > 0).mean())


def _tiny_ladybug_store(store):
    store.replace_graph(tiny_county(), source="tiny")
    return store
