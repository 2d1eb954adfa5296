"""Who answers for whom (queries.tree) on the hand-built city tree (tests/tree_graphs.py),
on LadybugDB and on Bolt, plus the walk on bad data: dangling parents, cycles."""

from __future__ import annotations

import pandas as pd
import pytest

from queries import catalogue
from queries.coverage import GAP_COLUMNS, coverage_gaps
from queries.tree import RESPONSIBLE_COLUMNS, committee_paths, nearest_committees, responsible
from tests.analysis_graphs import _tiny_bolt, _tiny_ladybug, tiny  # noqa: F401 - fixtures
from tests.analysis_graphs import AS_OF as TINY_DAY
from tests.tree_graphs import AS_OF, _tree_bolt, _tree_ladybug, tree  # noqa: F401 - fixtures

ANSWERS_TO = {"M0": None, "K1": "M0", "K2": "M0", "B7": "M0", "W1": "K1", "B4": "K1",
              "B1": "W1", "B2": "W1", "G1": "W1", "B3": "W1", "B5": "K2", "B6": "K2"}


def _frame(rows):
    """org_id, kind, parent_id triples as a tree frame (names are the ids in lower case)."""
    df = pd.DataFrame(rows, columns=["org_id", "kind", "parent_id"])
    return df.assign(name=df["org_id"].str.lower(), county=None)


C, B, G = "committee", "branch", "general_branch"


@pytest.mark.parametrize(("rows", "expected"), [
    # a branch under a general branch answers to the committee above the general branch
    ([("C", C, None), ("G", G, "C"), ("B", B, "G")], {"C": None, "G": "C", "B": "C"}),
    # a parent that is not there (dangling) ends the walk
    ([("B", B, "nowhere"), ("C", C, "gone")], {"B": None, "C": None}),
    # its own parent: nobody
    ([("C", C, "C"), ("B", B, "B")], {"C": None, "B": None}),
    # a cycle of branches, with one hanging below it: no committee, and the walk stops
    ([("X", B, "Y"), ("Y", B, "X"), ("Z", B, "X")], {"X": None, "Y": None, "Z": None}),
    # a cycle through a committee: the others answer to it, it answers to none but itself
    ([("C", C, "X"), ("X", B, "C"), ("Z", B, "X")], {"C": None, "X": "C", "Z": "C"}),
    # a long chain: the nearest committee, not the top one
    ([("C0", C, None), ("C1", C, "C0"), *[(f"G{i}", G, f"G{i - 1}" if i else "C1") for i in range(9)]],
     {"C0": None, "C1": "C0", **{f"G{i}": "C1" for i in range(9)}}),
])
def test_the_nearest_committee_above_and_never_itself(rows, expected):
    got = nearest_committees(_frame(rows))
    assert dict(zip(got["org_id"], got["committee_id"])) == expected
    named = got.dropna(subset=["committee_id"])
    assert (named["committee"] == named["committee_id"].str.lower()).all()


def test_committee_paths_run_from_the_top_and_stop_at_a_cycle_of_committees():
    df = _frame([("A", C, "B"), ("B", C, "A"), ("T", C, None), ("U", C, "T"), ("V", C, "U")])
    assert committee_paths(df) == {"A": ("B", "A"), "B": ("A", "B"), "T": ("T",),
                                   "U": ("T", "U"), "V": ("T", "U", "V")}


def test_every_organisation_names_its_responsible_committee_and_county(tree):
    who = responsible(tree)
    assert list(who.columns) == RESPONSIBLE_COLUMNS
    assert dict(zip(who["org_id"], who["committee_id"])) == ANSWERS_TO
    row = who.set_index("org_id").loc["B3"]
    assert (row["committee"], row["county"]) == ("城东街道党工委", "红山区")
    assert who.set_index("org_id").loc["M0", "county"] is None
    assert responsible(tree, ["B7", "B5", "nope"])["org_id"].tolist() == ["B5", "B7"]


def test_a_county_tree_ends_at_the_county(tree):
    who = responsible(tree, county="红山区")
    assert dict(zip(who["org_id"], who["committee_id"])) == {
        "K1": None, "W1": "K1", "B4": "K1", "B1": "W1", "B2": "W1", "G1": "W1", "B3": "W1"}


def test_gaps_name_the_committee_that_should_act(tree):
    gaps = coverage_gaps(tree, as_of=AS_OF)
    assert list(gaps.columns) == GAP_COLUMNS and GAP_COLUMNS[-2:] == ["committee_id", "committee"]
    assert gaps[["org_id", "committee_id", "committee"]].values.tolist() == [
        ["B3", "W1", "城东街道党工委"], ["B4", "K1", "红山区委"], ["B6", "K2", "松山区委"],
        ["G1", "W1", "城东街道党工委"]]
    assert catalogue.get("coverage-gaps").header("committee", "en") == "Responsible committee"


def test_gaps_on_the_tiny_county_name_their_committees(tiny):
    gaps = coverage_gaps(tiny, as_of=TINY_DAY)
    # G06 and B05 hang straight under 红山区委; B09, B12, B11 under 松山区委
    assert gaps[["org_id", "committee"]].values.tolist() == [
        ["G06", "红山区委"], ["B09", "松山区委"], ["B12", "松山区委"], ["B11", "松山区委"],
        ["B05", "红山区委"]]
    assert gaps.drop(columns=["committee_id", "committee"]).equals(
        coverage_gaps(tiny, as_of=TINY_DAY)[GAP_COLUMNS[:-2]])
