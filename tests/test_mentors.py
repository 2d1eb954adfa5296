"""Mentor load and contact points on the hand-built tiny county (answers in
tests/analysis_graphs.py), on LadybugDB and on Bolt, plus a networkx cross-check.

Mentors (包联) and contact points (联系点) are two duties: a mentor's load is the branches
they mentor, against their capacity and the 1/1/1 mix; contact points never count
toward it and are judged only against a contact capacity when one is set.
"""

from __future__ import annotations

import pandas as pd
import pytest

from queries import contact_load, load_summary, mentor_load, watched_by
from queries.config import parse_weights
from queries.mentors import CONTACT_COLUMNS, LOAD_COLUMNS, SUMMARY_COLUMNS, WATCHED_COLUMNS
from queries.params import QueryParamError
from tests.analysis_graphs import (  # noqa: F401 - fixtures
    AS_OF,
    _tiny_bolt,
    _tiny_ladybug,
    nx_contacts,
    nx_loads,
    tiny,
    tiny_county,
)

COLS = ["mentored", "weighted_load", "capacity", "status", "advanced", "middle", "lagging",
        "unrated", "mix", "mix_ok", "contacts"]  # fmt: skip


def _rows(df: pd.DataFrame) -> dict[str, tuple]:
    return {pid: tuple(r) for pid, r in zip(df["person_id"], df[COLS].itertuples(index=False))}


def test_each_mentors_load_status_and_mix(tiny):
    df = mentor_load(tiny, as_of=AS_OF)
    assert list(df.columns) == LOAD_COLUMNS
    # P1 mentors B01 (lagging, weight 2), B02 (middle), B03 (advanced): the model mix, full.
    # P2 mentors B10 (middle) only (his B09 link ended 2024-06-30); his contact points
    #    B07 and B08 are another duty: 1 branch against his own capacity 2, under.
    # P3 mentors B01 and B04 (B05 starts only 2025-06-01) and keeps B04 as contact point;
    #    capacity 4.
    # P4 mentors nothing: not a mentor.
    assert _rows(df) == {
        "P1": (3, 4.0, 3, "full", 1, 1, 1, 0, "1/1/1", True, 0),
        "P2": (1, 1.0, 2, "under", 0, 1, 0, 0, "0/1/0", False, 2),
        "P3": (2, 3.0, 4, "under", 0, 1, 1, 0, "0/1/1", False, 1),
    }
    assert df["person_id"].tolist() == ["P1", "P3", "P2"]  # load desc, weighted desc, id
    p2 = df.set_index("person_id").loc["P2"]
    assert (p2["name"], p2["role"], p2["level"], p2["county"]) == ("李强", "书记", "county", "松山区")


def test_as_of_brings_links_in_and_out(tiny):
    later = _rows(mentor_load(tiny, as_of="2025-06-01"))
    # B05 (no tier: unrated, weight 1) joins P3's load from 2025-06-01; not part of the mix.
    assert later["P3"] == (3, 4.0, 4, "under", 0, 1, 1, 1, "0/1/1", False, 1)
    earlier = _rows(mentor_load(tiny, as_of="2024-06-30"))
    # P2 still mentors B09 (lagging) that day: 2 branches, his capacity 2, full.
    assert earlier["P2"] == (2, 3.0, 2, "full", 0, 1, 1, 0, "0/1/1", False, 2)
    assert "P4" not in earlier  # P4 kept G06 as a contact point only


def test_capacity_weights_and_county(tiny):
    df = mentor_load(tiny, as_of=AS_OF, default_capacity=4, weights={"lagging": 3, "advanced": 0.5})
    got = df.set_index("person_id")
    assert got["capacity"].to_dict() == {"P1": 4, "P3": 4, "P2": 2}  # own capacity wins
    assert got["status"].to_dict() == {"P1": "under", "P3": "under", "P2": "under"}
    assert got["weighted_load"].to_dict() == {"P1": 4.5, "P3": 4.0, "P2": 1.0}
    hong = mentor_load(tiny, as_of=AS_OF, county="红山区")
    assert hong["person_id"].tolist() == ["P1", "P3"]
    assert mentor_load(tiny, as_of=AS_OF, weights="lagging=1").set_index("person_id")[
        "weighted_load"
    ].to_dict() == {"P1": 3.0, "P3": 2.0, "P2": 1.0}


def test_contact_points_are_their_own_table(tiny):
    df = contact_load(tiny, as_of=AS_OF)
    assert list(df.columns) == CONTACT_COLUMNS
    # P2 keeps B07 and B08 (branches), P3 keeps B04; P4's G06 ended 2024-12-31.
    got = df.set_index("person_id")
    assert got["contacts"].to_dict() == {"P2": 2, "P3": 1}
    assert got["branches"].to_dict() == {"P2": 2, "P3": 1}
    assert got["committees"].to_dict() == {"P2": 0, "P3": 0}
    assert got["mentored"].to_dict() == {"P2": 1, "P3": 2}
    assert got["status"].isna().all() and got["contact_capacity"].isna().all()  # none set
    capped = contact_load(tiny, as_of=AS_OF, contact_capacity=1).set_index("person_id")
    assert capped["status"].to_dict() == {"P2": "over", "P3": "full"}
    assert contact_load(tiny, as_of="2024-12-31").set_index("person_id")["contacts"].to_dict() \
        == {"P2": 2, "P3": 1, "P4": 1}


def test_summary(tiny):
    summary = load_summary(mentor_load(tiny, as_of=AS_OF))
    assert list(summary.columns) == SUMMARY_COLUMNS
    row = summary.iloc[0].to_dict()
    # loads 3, 2, 1; nobody over capacity; P2 and P3 break the 1/1/1 mix
    assert row == {"people": 3, "mean_load": pytest.approx(2.0), "max_load": 3,
                   "over_capacity": 0, "over_share": 0.0, "mix_broken": 2}  # fmt: skip
    empty = load_summary(mentor_load(tiny, as_of=AS_OF, county="无此旗"))
    assert empty.iloc[0].tolist() == [0, 0.0, 0, 0, 0.0, 0]


def test_watched_by(tiny):
    df = watched_by(tiny, "P3", as_of=AS_OF)
    assert list(df.columns) == WATCHED_COLUMNS
    assert df[["org_id", "link"]].values.tolist() == [
        ["B01", "mentor"], ["B04", "mentor"], ["B04", "contact"],
    ]  # fmt: skip
    assert watched_by(tiny, "P2", as_of=AS_OF)[["org_id", "link"]].values.tolist() == [
        ["B10", "mentor"], ["B07", "contact"], ["B08", "contact"],
    ]  # fmt: skip
    assert watched_by(tiny, "P4", as_of=AS_OF).empty
    assert watched_by(tiny, "P4", as_of="2024-12-31")["org_id"].tolist() == ["G06"]
    assert watched_by(tiny, "nobody", as_of=AS_OF).empty


def test_parse_weights_and_bad_arguments(_tiny_ladybug):
    assert parse_weights("advanced=1,middle=1,lagging=2") == {
        "advanced": 1.0, "middle": 1.0, "lagging": 2.0, "unrated": 1.0,
    }  # fmt: skip
    with pytest.raises(ValueError, match="unknown tier 'weak'"):
        parse_weights("weak=3")
    with pytest.raises(ValueError, match="not TIER=NUMBER"):
        parse_weights("lagging")
    with pytest.raises(QueryParamError, match="not a number"):
        mentor_load(_tiny_ladybug, weights={"lagging": "heavy"})
    with pytest.raises(QueryParamError, match="default_capacity"):
        mentor_load(_tiny_ladybug, default_capacity="three")
    with pytest.raises(QueryParamError, match="person_id"):
        watched_by(_tiny_ladybug, "")


def test_empty_graph(store):
    store.replace_graph({}, source="empty")
    df = mentor_load(store)
    assert df.empty and list(df.columns) == LOAD_COLUMNS
    assert contact_load(store).empty
    assert list(watched_by(store, "P1").columns) == WATCHED_COLUMNS


def _agree(store, tables, day):
    df = mentor_load(store, as_of=day)
    got = {p: (int(a), int(b)) for p, a, b in df[["person_id", "mentored", "contacts"]].itertuples(
        index=False)}
    assert got == nx_loads(tables, day)
    contacts = contact_load(store, as_of=day)
    assert dict(zip(contacts["person_id"], contacts["contacts"].astype(int))) == \
        nx_contacts(tables, day)
    return len(df)


@pytest.mark.parametrize("day", ["2024-06-30", "2024-12-31", AS_OF, "2025-06-01"])
def test_loads_agree_with_networkx_on_the_tiny_county(_tiny_ladybug, day):
    assert _agree(_tiny_ladybug, tiny_county(), day) > 0


@pytest.mark.slow
def test_loads_agree_with_networkx_on_the_demo_data(store):
    from loaders import contract, demo

    tables = contract.graph_tables(demo.generate(seed=0))
    store.replace_graph(tables, source="demo")
    for day in ("2025-01-01", "2026-06-30"):
        assert _agree(store, tables, day) > 0
