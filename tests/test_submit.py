"""County submissions (数据上报) on the tiny graph: 红山区 sends its ledger.

The 红山区 ledger below differs from the graph in three ways a reader can check:
B05 and G06 are gone, B03 now has 9 stars, and a new branch B13 (mentored by P1) is
added. Across the county's border: P4 (who works in 松山区's C1) kept G06 as contact
point — that link loses its end and is reported; the pairing C0–B09 (红山区–松山区)
stays. Every analysis for 松山区 is the same before and after.
"""

from __future__ import annotations

import pandas as pd
import pytest

from graphmodel.projection import node_frame, rel_frame
from loaders.errors import LoadError
from loaders.load import load_path
from queries import catalogue
from tests.analysis_graphs import AS_OF, contract_tiny_county, tiny_county
from tests.test_scope import SAME_FOR_A_COUNTY

HS, SS = "红山区", "松山区"
COUNTY_ANALYSES = [*SAME_FOR_A_COUNTY, "mentor-load", "contact-load", "headline", "proposals",
                   "star-progress"]


def hongshan_ledger() -> dict[str, pd.DataFrame]:
    d = contract_tiny_county()
    orgs = d["organizations"]
    orgs = orgs[(orgs["county"] == HS) & ~orgs["org_id"].isin(["B05", "G06"])].copy()
    orgs.loc[orgs["org_id"] == "B03", "stars"] = 9
    new = pd.DataFrame([{**{c: pd.NA for c in orgs.columns}, "org_id": "B13", "name": "新建村党支部",
                         "kind": "branch", "parent_id": "C0", "domain": "rural", "county": HS,
                         "tier": "middle", "stars": 4, "weak": False, "members": 12}])
    keep = set(orgs["org_id"]) | {"B13"}
    people = d["people"][d["people"]["org_id"].isin(keep)]
    assign = d["assignments"]
    assign = pd.concat([assign[assign["org_id"].isin(keep) & assign["person_id"].isin(people["person_id"])],
                        pd.DataFrame([{"person_id": "P1", "org_id": "B13", "type": "mentor",
                                       "since": "2024-06-01", "until": pd.NA}])], ignore_index=True)
    return {
        "organizations": pd.concat([orgs, new], ignore_index=True),
        "people": people,
        "assignments": assign,
        "alliances": d["alliances"][d["alliances"]["county"] == HS],
        "alliance_members": d["alliance_members"][d["alliance_members"]["org_id"].isin(keep)],
        "chains": d["chains"],
        "chain_members": d["chain_members"][d["chain_members"]["org_id"].isin(keep)],
        "pairings": d["pairings"][d["pairings"]["org_a"].isin(keep) & d["pairings"]["org_b"].isin(keep)],
    }


def write_ledger(tables: dict[str, pd.DataFrame], folder) -> str:
    folder.mkdir()
    for name, df in tables.items():
        df.to_csv(folder / f"{name}.csv", index=False)
    return str(folder)


def _figures(store, county: str) -> dict[str, pd.DataFrame]:
    out = {}
    for name in COUNTY_ANALYSES:
        a = catalogue.get(name)
        params = {"county": county, **({"as_of": AS_OF} if "as_of" in [p.name for p in a.params] else {})}
        out[name] = catalogue.table(name, store, params).reset_index(drop=True)
    return out


@pytest.fixture
def main(any_store):
    any_store.replace_graph(tiny_county(), source="tiny_county")
    return any_store


def test_a_county_submission_replaces_only_that_county(main, tmp_path):
    before = _figures(main, SS)
    result = load_path(main, write_ledger(hongshan_ledger(), tmp_path / "hs"), county=HS)
    sub = result.submission
    assert (sub.added, sub.removed, sub.changed) == (["B13"], ["B05", "G06"], ["B03"])
    assert sub.dropped_links.values.tolist() == [["CONTACT_POINT", "P4", "G06"]]
    pairs = rel_frame(main, "PAIRED_WITH")
    assert ("C0", "B09") in set(zip(pairs["src"], pairs["dst"]))      # across the border: kept
    assert ("B02", "B05") not in set(zip(pairs["src"], pairs["dst"]))  # went with B05
    orgs = node_frame(main, "Organization").set_index("org_id")
    assert orgs.loc["B03", "stars"] == 9 and "B13" in orgs.index and "B05" not in orgs.index
    assert set(orgs.index[orgs["county"] == SS]) == {"C1", "B07", "B08", "B09", "B10", "B11", "B12"}
    after = _figures(main, SS)
    for name in COUNTY_ANALYSES:  # 松山区 exactly as before, in every analysis
        pd.testing.assert_frame_equal(before[name], after[name], obj=name)


def test_a_submission_with_another_countys_organisation_changes_nothing(main, tmp_path):
    ledger = hongshan_ledger()
    orgs = ledger["organizations"]
    orgs.loc[orgs["org_id"] == "B13", "county"] = SS
    version = main.version()
    with pytest.raises(LoadError, match="其他旗县区的组织（B13）"):
        load_path(main, write_ledger(ledger, tmp_path / "bad"), county=HS)
    assert main.version() == version


def test_a_submission_may_not_take_another_countys_code(main, tmp_path):
    ledger = hongshan_ledger()
    orgs = ledger["organizations"]
    orgs.loc[orgs["org_id"] == "B13", "org_id"] = "B12"  # 松山区's
    ledger["assignments"].loc[ledger["assignments"]["org_id"] == "B13", "org_id"] = "B12"
    with pytest.raises(LoadError, match="B12"):
        load_path(main, write_ledger(ledger, tmp_path / "bad"), county=HS, lang="en")


def test_load_county_from_the_cli_and_a_county_planner_only_for_their_county(store, tmp_path, capsys):
    from branchgraph.accounts import Accounts, accounts_path
    from tests.test_cli import _cli

    store.replace_graph(tiny_county(), source="tiny_county")
    Accounts(accounts_path(store.uri)).add("hs", "planner", "planner-pass", (HS,))
    ledger = write_ledger(hongshan_ledger(), tmp_path / "hs")
    code, _, err = _cli(capsys, "--user", "hs", "load", ledger, "--store", str(store.uri))
    assert code == 1 and "--county 红山区" in err          # a county planner says which county
    code, _, err = _cli(capsys, "--user", "hs", "load", ledger, "--county", SS, "--store", str(store.uri))
    assert code == 1 and "--county 红山区" in err
    code, out, err = _cli(capsys, "--user", "hs", "load", ledger, "--county", HS,
                          "--store", str(store.uri))
    assert code == 0, err
    assert "新增组织 1 个，删除 2 个，变更 1 个" in out
    assert "B13" in set(node_frame(store, "Organization")["org_id"])


def county_ledger(d: dict[str, pd.DataFrame], county: str) -> dict[str, pd.DataFrame]:
    """The part of the contract tables ``d`` a county keeps: its organisations (whose
    county committee names the city committee as its parent), the people working there,
    their links and the alliances and chains its organisations belong to."""
    orgs = d["organizations"][d["organizations"]["county"] == county]
    keep = set(orgs["org_id"])
    people = d["people"][d["people"]["org_id"].isin(keep)]
    a = d["assignments"]
    am = d["alliance_members"][d["alliance_members"]["org_id"].isin(keep)]
    cm = d["chain_members"][d["chain_members"]["org_id"].isin(keep)]
    p = d["pairings"]
    return {"organizations": orgs, "people": people,
            "assignments": a[a["org_id"].isin(keep) & a["person_id"].isin(people["person_id"])],
            "alliances": d["alliances"][d["alliances"]["alliance_id"].isin(am["alliance_id"])],
            "alliance_members": am,
            "chains": d["chains"][d["chains"]["chain_id"].isin(cm["chain_id"])],
            "chain_members": cm, "pairings": p[p["org_a"].isin(keep) & p["org_b"].isin(keep)]}


def test_a_county_ledger_may_name_the_city_committee_and_a_mentor_from_elsewhere(store, tmp_path):
    """A real county ledger names the city committee above its county committee and may
    list a mentor sent from another county: both exist in the graph, so nothing is
    rejected; the same ledger sent again leaves the graph as it was."""
    from loaders.demo import generate
    from loaders.load import load_tables

    d = generate(seed=0, scale=0.2)
    load_tables(store, d, source="demo")
    before = store.counts()
    ledger = county_ledger(d, HS)
    orgs = ledger["organizations"]
    top = orgs[~orgs["parent_id"].isin(orgs["org_id"])]
    assert len(top) == 1 and top["parent_id"].iloc[0] in set(d["organizations"]["org_id"])
    # a mentor who works in 松山区 takes one more 红山区 branch, listed in 红山区's ledger
    outsider = d["people"][d["people"]["org_id"].isin(
        d["organizations"].loc[d["organizations"]["county"] == SS, "org_id"])]["person_id"].iloc[0]
    branch = orgs[orgs["kind"] == "branch"]["org_id"].iloc[0]
    extra = pd.DataFrame([{"person_id": outsider, "org_id": branch, "type": "mentor",
                           "since": "2024-01-01", "until": pd.NA}])
    ledger["assignments"] = pd.concat([ledger["assignments"], extra], ignore_index=True)

    result = load_path(store, write_ledger(ledger, tmp_path / "hs"), county=HS)
    assert result.rows_rejected == 0
    links = rel_frame(store, "MENTORS")
    assert ((links["src"] == outsider) & (links["dst"] == branch)).sum() == 1
    after = store.counts().set_index("name")["count"]
    want = before.set_index("name")["count"].copy()
    want["MENTORS"] += 1
    assert after.to_dict() == want.to_dict()
    # the county committee still sits below the city committee
    belongs = rel_frame(store, "BELONGS_TO")
    assert ((belongs["src"] == top["org_id"].iloc[0]) & (belongs["dst"] == top["parent_id"].iloc[0])).sum() == 1
