"""What-if on the hand-built two-county graph (tests/analysis_graphs.py), read on 2025-01-01.

By hand: 12 grassroots organisations, 7 watched (B01 B02 B03 B04 B07 B08 B10).
P2 李强 alone watches B07, B08, B10; B01 has two mentors (P1, P3).
Alliance A1 holds B01, B02, B04 (and the committee T1); A2 holds B07, B10.
"""

from __future__ import annotations

import pytest

from queries.whatif import FIGURES, LOAD_COLUMNS, ORPHAN_COLUMNS, WhatIfError, whatif
from tests.analysis_graphs import AS_OF, tiny_county


@pytest.fixture
def tiny(store):
    store.replace_graph(tiny_county(), source="tiny")
    return store


def fig(w, name):
    row = w.summary.set_index("figure").loc[name]
    return row.before, row.after


def test_removing_the_only_watcher_orphans_his_branches(tiny):
    w = whatif(tiny, remove_people=["P2"], as_of=AS_OF)
    assert list(w.orphaned.columns) == ORPHAN_COLUMNS
    assert w.orphaned.org_id.tolist() == ["B07", "B08", "B10"]
    assert set(w.orphaned.lost) == {"包联/联系点：李强(P2)"}
    assert fig(w, "watched") == (7, 4) and fig(w, "unwatched") == (5, 8)
    assert fig(w, "lagging_unwatched") == (3, 4)  # B07 is lagging
    # mentors P1, P2, P3 (P4 may mentor but has no branch yet); nobody over capacity:
    # P2's contact points are no part of his load
    assert fig(w, "mentors") == (3, 2) and fig(w, "over_capacity") == (0, 0)
    assert "P2" in set(w.load_before.person_id) and "P2" not in set(w.load_after.person_id)
    assert list(w.load_before.columns) == LOAD_COLUMNS
    assert w.summary.figure.tolist() == list(FIGURES)


def test_a_second_watcher_keeps_a_branch_watched(tiny):
    w = whatif(tiny, remove_people=["P1"], as_of=AS_OF)
    # B01 keeps P3; B02 and B03 had only P1
    assert w.orphaned.org_id.tolist() == ["B02", "B03"]
    assert fig(w, "watched") == (7, 5)


def test_dissolving_an_alliance(tiny):
    w = whatif(tiny, remove_alliances=["A1"], as_of=AS_OF, lang="en")
    assert w.orphaned.org_id.tolist() == ["B01", "B02", "B04"]  # T1 is no grassroots branch
    assert set(w.orphaned.lost) == {"alliance: 城东街道党建联合体(A1)"}
    assert fig(w, "in_alliance") == (5, 2) and fig(w, "alliances") == (2, 1)
    assert fig(w, "watched") == (7, 7)


def test_added_capacity_lets_a_proposal_cover_more(tiny):
    # before: 4 of the 5 unwatched can be covered (B05's only free person is linked to it)
    # giving P1 one more place lets P1 take B05 too; places P2 1 + P3 2 + P4 3 (+ P1 1)
    w = whatif(tiny, add_capacity={"P1": 1}, as_of=AS_OF, strict=False)
    assert fig(w, "coverable") == (4, 5)
    # with the strict mix (the default) P1's 1/1/1 is kept and B05 has no tier: no gain
    assert fig(whatif(tiny, add_capacity={"P1": 1}, as_of=AS_OF), "coverable") == (3, 3)
    assert fig(w, "places") == (6, 7)
    assert w.orphaned.empty
    after = w.load_after.set_index("person_id")
    assert after.loc["P1", "capacity"] == 4 and after.loc["P1", "remaining"] == 1


def test_combined_and_county_scope(tiny):
    w = whatif(tiny, remove_people=["P2", "P4"], as_of=AS_OF, county="松山区")
    assert w.orphaned.org_id.tolist() == ["B07", "B08", "B10"]
    assert fig(w, "organisations") == (6, 6)
    assert fig(w, "coverable") == (3, 0)  # nobody left in 松山区 who may mentor


def test_unknown_ids_are_refused(tiny):
    with pytest.raises(WhatIfError, match="no person P9"):
        whatif(tiny, remove_people=["P9"], as_of=AS_OF)
    with pytest.raises(WhatIfError, match="no alliance A9"):
        whatif(tiny, remove_alliances=["A9"], as_of=AS_OF)
    with pytest.raises(WhatIfError, match="no person X"):
        whatif(tiny, add_capacity={"X": 2}, as_of=AS_OF)


def test_the_store_is_not_touched(tiny):
    version = tiny.version()
    whatif(tiny, remove_people=["P1", "P2"], remove_alliances=["A1", "A2"], as_of=AS_OF)
    assert tiny.version() == version
    again = whatif(tiny, as_of=AS_OF)
    assert again.orphaned.empty
    assert (again.summary.before == again.summary.after).all()


def test_unknown_county_is_named_not_read_as_zero(tiny):
    from queries.whatif import whatif

    with pytest.raises(ValueError, match="no county '不存在'.*known counties"):
        whatif(tiny, remove_people=["P1"], county="不存在")
