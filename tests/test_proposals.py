"""Proposals on the hand-built two-county graph (tests/analysis_graphs.py), read on 2025-01-01.

Worked out by hand. Nobody watches B05, G06 (红山区) and B09, B11, B12 (松山区).
People who may mentor (the day's mentors, and people whose role is a mentoring role),
with room left — a mentor's load is the branches they mentor; contact points are
another duty and take no place:
  P1 王芳 业务骨干, 红山区, mentors 3 / capacity 3           -> 0 places
  P2 李强 书记, 松山区, mentors B10 (mid) / own capacity 2    -> 1 place (his contact
     points B07 and B08 do not count)
  P3 张伟, 红山区 城东街道, mentors 2 (B01 lag, B04 mid) / 4 -> 2 places; planned mentor of
     B05 from 2025-06-01, so never proposed for B05
  P4 赵敏 组工干部, 松山区, no links, capacity 3             -> 3 places
Lenient (strict=False): G06 -> P3 (same county, other township 2, P3 already has a
lagging branch 3: cost 5);
in 松山区 (every link costs 2 for the township, P2 and P4 work in C1 with none) P2 takes
one of the lagging B09 / B12 (his mix lacks lagging: cost 2) and P4 the other and B11
(his first lagging and first middle: 2 each) — 6, where P4 taking all three would cost
9 (a second lagging +3). B05 stays open: the only person with room is linked to it.
"""

from __future__ import annotations

import pandas as pd
import pytest

from loaders.contract import graph_tables
from queries.assign_inputs import person_table, snapshot, unwatched
from queries.proposals import (
    ASSIGNMENT_COLUMNS,
    LINK_COLUMNS,
    UNCOVERED_COLUMNS,
    assignments_table,
    propose,
)
from tests.analysis_graphs import AS_OF, contract_tiny_county, tiny_county


@pytest.fixture
def tiny(store):
    store.replace_graph(tiny_county(), source="tiny")
    return store


def test_tiny_county_proposal_strict(tiny):
    """Strict (the default): only a tier missing from the mentor's mix. P3 has a lagging
    branch, so G06 stays open; B05 has no tier; 松山区 is placed as in the lenient answer."""
    p = propose(tiny, as_of=AS_OF)
    got = sorted(zip(p.links.org_id, p.links.person_id, p.links.cost))
    assert got in ([("B09", "P2", 2), ("B11", "P4", 2), ("B12", "P4", 2)],
                   [("B09", "P4", 2), ("B11", "P4", 2), ("B12", "P2", 2)])
    assert set(p.links.cost_note) == {"2：不同乡镇街道+2"}
    reasons = p.uncovered.set_index("org_id").reason
    assert sorted(reasons.index) == ["B05", "G06"]
    assert "红山区尚有余额的人员都已有后进组织" in reasons["G06"] and "未分先进" in reasons["B05"]
    assert p.after["mix_ok"] >= p.before["mix_ok"]
    # still needed at capacity 3: 红山区 B05 + G06 (G06 lagging and weak) -> 1 and 1
    assert p.needed.values.tolist() == [["红山区", 2, 1, 1, 1], [None, 2, 1, 1, 1]]


def test_tiny_county_proposal(tiny):
    p = propose(tiny, as_of=AS_OF, strict=False)
    assert list(p.links.columns) == LINK_COLUMNS
    assert list(p.uncovered.columns) == UNCOVERED_COLUMNS
    got = sorted(zip(p.links.org_id, p.links.person_id, p.links.cost))
    assert got in ([("B09", "P2", 2), ("B11", "P4", 2), ("B12", "P4", 2), ("G06", "P3", 5)],
                   [("B09", "P4", 2), ("B11", "P4", 2), ("B12", "P2", 2), ("G06", "P3", 5)])
    assert p.links.cost.sum() == 11
    assert p.uncovered.org_id.tolist() == ["B05"]
    assert "有关联" in p.uncovered.reason[0]
    assert p.links.person_name[p.links.org_id == "G06"].item() == "张伟"
    assert p.before == {"unwatched": 5, "lagging_unwatched": 3, "weak_unwatched": 2,
                        "mentors": 3, "places": 6, "mix_ok": 1}
    # P4 becomes a mentor (B11 and a lagging branch)
    assert p.after == {"unwatched": 1, "lagging_unwatched": 0, "weak_unwatched": 0,
                       "mentors": 4, "places": 2, "mix_ok": 1}


def test_reasons_in_both_languages(tiny):
    zh = propose(tiny, strict=False, as_of=AS_OF).links.set_index("org_id").reason
    en = propose(tiny, strict=False, as_of=AS_OF, lang="en").links.set_index("org_id").reason
    assert zh["G06"].startswith("后进且软弱涣散，优先安排（2星）；同旗县区（红山区）")
    assert "现包联2个、上限4个，采纳后共3个" in zh["G06"]
    assert "mentors 2 now, capacity 4, 3 once adopted" in en["G06"]
    assert en["G06"].startswith("lagging and weak: first in line (stars: 2); same county (红山区)")
    assert "补上其包联结构缺少的中间组织" in zh["B11"]  # P4 has no middle branch yet
    with pytest.raises(ValueError, match="unknown language"):
        propose(tiny, strict=False, as_of=AS_OF, lang="fr")


def test_filters_and_cross_county(tiny):
    p = propose(tiny, strict=False, as_of=AS_OF, county="松山区")
    assert sorted(p.links.org_id) == ["B09", "B11", "B12"] and p.uncovered.empty
    p = propose(tiny, strict=False, as_of=AS_OF, domain="rural")
    assert sorted(p.links.org_id) == ["B11", "B12"]
    # across counties P4 (松山区) may take B05 (红山区); everything is covered
    p = propose(tiny, strict=False, as_of=AS_OF, allow_cross_county=True)
    assert p.uncovered.empty and len(p.links) == 5
    b05 = p.links[p.links.org_id == "B05"]
    assert b05.person_id.item() != "P3" and "跨旗县区" in b05.reason.item()


def test_as_of_moves_links(tiny):
    # on 2025-07-01 P3's planned link to B05 is active: B05 is watched, P3 has 1 place left
    p = propose(tiny, strict=False, as_of="2025-07-01")
    assert "B05" not in set(p.links.org_id) | set(p.uncovered.org_id)
    assert p.links.person_id[p.links.org_id == "G06"].item() == "P3"


def test_capacity_and_scarcity_reasons(tiny):
    p = propose(tiny, strict=False, as_of=AS_OF, default_capacity=1)
    # P4 now has 1 place and P2 (own capacity 2) 1: the two neediest of 松山区 get them,
    # the lagging B09 (stars unknown) and B12 (0 stars); B11 (middle) stays open
    assert sorted(p.links.org_id) == ["B09", "B12", "G06"]
    assert set(p.links.person_id[p.links.org_id != "G06"]) == {"P2", "P4"}
    reasons = p.uncovered.set_index("org_id").reason
    assert "松山区可用的2个空余名额" in reasons["B11"]


def test_person_table_matches_the_hand_count(tiny):
    pt = person_table(snapshot(tiny, as_of=AS_OF)).set_index("person_id")
    assert pt.loc[["P1", "P2", "P3", "P4"], "mentored"].tolist() == [3, 1, 2, 0]
    assert pt.loc[["P1", "P2", "P3", "P4"], "contacts"].tolist() == [0, 2, 1, 0]
    assert pt.loc[["P1", "P2", "P3", "P4"], "remaining"].tolist() == [0, 1, 2, 3]
    assert pt.loc[["P1", "P2", "P3", "P4"], "county"].tolist() == ["红山区", "松山区", "红山区", "松山区"]
    assert pt.loc["P3", "township"] == "城东街道"
    assert pt.loc["P2", "status"] == "under" and pt.loc["P1", "mix_ok"]


def test_unwatched_agrees_with_coverage_gaps(tiny):
    from queries.coverage import coverage_gaps

    gaps = coverage_gaps(tiny, as_of=AS_OF, dimension="watched")
    assert unwatched(snapshot(tiny, as_of=AS_OF)).org_id.tolist() == gaps.org_id.tolist()


def test_person_table_agrees_with_mentor_load(tiny):
    from queries.mentors import mentor_load

    ml = mentor_load(tiny, as_of=AS_OF).set_index("person_id")
    pt = person_table(snapshot(tiny, as_of=AS_OF)).set_index("person_id").loc[ml.index]
    for col in ("county", "township", "mentored", "contacts", "capacity", "advanced", "middle",
                "lagging", "unrated", "status", "mix", "mix_ok"):
        assert pt[col].tolist() == ml[col].tolist(), col


def test_proposal_loads_back_as_assignments(tiny, tmp_path):
    p = propose(tiny, strict=False, as_of=AS_OF)
    rows = assignments_table(p)
    assert list(rows.columns) == ASSIGNMENT_COLUMNS
    assert set(rows.type) == {"mentor"} and set(rows.since) == {AS_OF}
    data = contract_tiny_county()
    data["assignments"] = pd.concat([data["assignments"], rows[["person_id", "org_id", "type",
                                                                  "since"]]], ignore_index=True)
    tiny.replace_graph(graph_tables(data), source="tiny + proposal")
    left = unwatched(snapshot(tiny, as_of=AS_OF))
    assert left.org_id.tolist() == ["B05"]
    again = propose(tiny, strict=False, as_of=AS_OF)
    assert again.links.empty and again.uncovered.org_id.tolist() == ["B05"]


def test_never_writes_to_the_store(tiny):
    before = tiny.version()
    propose(tiny, as_of=AS_OF, allow_cross_county=True)
    assert tiny.version() == before


def _writable(data):
    # loaders.demo.to_language cannot write a missing boolean yet; committees have no weak flag
    data["organizations"]["weak"] = data["organizations"]["weak"].fillna(False)
    return data


def test_written_proposal_loads_back_through_the_loader(tiny, tmp_path):
    from click.testing import CliRunner

    from branchgraph.cli import cli
    from loaders import load_path
    from loaders.demo import write_csv

    folder = tmp_path / "dataset"
    write_csv(_writable(contract_tiny_county()), folder)
    out = folder / "包联建议.xlsx"
    db = str(tmp_path / "graph.lbug")
    res = CliRunner().invoke(cli, ["propose", "--store", db, "--as-of", AS_OF, "--out", str(out),
                                   "--lenient"])
    assert res.exit_code == 0, res.output
    assert "已写入 4 条建议" in res.output
    result = load_path(tiny, folder)
    assert result.validation.rows_rejected == 0
    assert unwatched(snapshot(tiny, as_of=AS_OF)).org_id.tolist() == ["B05"]
    loaded = tiny.run("MATCH (p:Person)-[m:MENTORS]->(o:Organization) WHERE m.since = $d "
                      "RETURN p.person_id AS pid, o.org_id AS oid ORDER BY oid", {"d": AS_OF})
    pairs = list(zip(loaded.oid, loaded.pid))
    assert [o for o, _ in pairs] == ["B09", "B11", "B12", "G06"]
    assert ("B11", "P4") in pairs and ("G06", "P3") in pairs


def test_english_file_loads_too(tiny, tmp_path):
    from loaders import load_path
    from loaders.demo import write_csv
    from queries.proposals import write_proposal

    folder = tmp_path / "dataset"
    write_csv(_writable(contract_tiny_county()), folder, lang="en")
    write_proposal(propose(tiny, strict=False, as_of=AS_OF, lang="en"), folder / "proposal.xlsx", lang="en")
    load_path(tiny, folder)
    assert unwatched(snapshot(tiny, as_of=AS_OF)).org_id.tolist() == ["B05"]


def test_cli_errors_are_one_line(tiny, tmp_path):
    from click.testing import CliRunner

    from branchgraph.cli import cli

    db = str(tmp_path / "graph.lbug")
    res = CliRunner().invoke(cli, ["whatif", "--store", db, "--remove-person", "P9"])
    assert res.exit_code == 1 and "no person P9" in str(res.exception or res.output)
    res = CliRunner().invoke(cli, ["whatif", "--store", db, "--add-capacity", "P1"])
    assert res.exit_code == 2 and "PERSON_ID=N" in res.output
    res = CliRunner().invoke(cli, ["whatif", "--store", db, "--as-of", AS_OF, "--remove-person",
                                   "P2", "--format", "csv"])
    assert res.exit_code == 0 and "B07" in res.output


def test_dashboard_page(tiny, monkeypatch):
    import datetime as dt
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("BRANCHGRAPH_STORE", str(tiny.uri))
    app = str(Path(__file__).resolve().parents[1] / "branchgraph" / "webapp.py")
    at = AppTest.from_file(app, default_timeout=90)
    at.run()
    at.date_input(key="f_as_of").set_value(dt.date.fromisoformat(AS_OF)).run()
    at.switch_page("../dashboard/views/proposals.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title[0].value == "建议"
    metrics = {m.label: m.value for m in at.metric}
    # strict by default: G06 and B05 stay open, P3 keeps 2 places and P4 1
    assert metrics["无人包联"] == "2" and metrics["剩余包联名额"] == "3"
    needed, links, left = at.dataframe[0].value, at.dataframe[2].value, at.dataframe[3].value
    assert needed["仍无人包联"].tolist() == [2, 2] and needed["旗县区"].tolist() == ["红山区", "合计"]
    assert len(links) == 3 and len(left) == 2 and "代价说明" in links.columns
    at.checkbox(key="pr_strict").uncheck().run()
    assert not at.exception, [e.value for e in at.exception]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["无人包联"] == "1" and metrics["剩余包联名额"] == "2"
    assert len(at.dataframe[2].value) == 4 and len(at.dataframe[3].value) == 1
    at.multiselect(key="pr_gone").set_value(["P2"]).run()
    assert not at.exception, [e.value for e in at.exception]
    orphaned = at.dataframe[-1].value
    assert sorted(orphaned["组织编码"]) == ["B07", "B08", "B10"]


def test_demo_strict_keeps_every_compliant_mix_and_counts_what_is_still_needed(store):
    import math

    from loaders import demo

    store.replace_graph(graph_tables(demo.generate(seed=0)), source="demo")
    p = propose(store)
    assert p.after["mix_ok"] >= p.before["mix_ok"] == 146
    lenient = propose(store, strict=False)
    assert lenient.after["mix_ok"] < lenient.before["mix_ok"]  # what strict protects
    open_ = p.uncovered.groupby("county").size()
    per = p.needed.dropna(subset=["county"]).set_index("county")
    assert per["open"].to_dict() == open_.to_dict()
    assert per["mentors_all"].tolist() == [math.ceil(n / 3) for n in per["open"]]
    assert p.needed["mentors_all"].iloc[-1] == per["mentors_all"].sum()


def test_demo_city_is_covered_as_far_as_places_go_and_loads_back(store):
    from loaders import demo

    from queries.assign_inputs import linked_pairs

    data = demo.generate(seed=0)
    store.replace_graph(graph_tables(data), source="demo")
    p = propose(store, strict=False)
    snap = snapshot(store, as_of=p.as_of)
    people = person_table(snap).set_index("person_id")
    cand = people[people.may_mentor]
    # thousands of branches nobody watches, a few places: every place is used
    assert len(p.links) == p.before["places"] > 20 and p.after["places"] == 0
    assert p.links.org_id.is_unique
    # constraints: capacity, same county, never an existing link
    taken = p.links.person_id.value_counts()
    assert (taken <= cand.remaining.reindex(taken.index)).all()
    assert (cand.county.reindex(p.links.person_id).to_numpy() == p.links.county.to_numpy()).all()
    banned = linked_pairs(snap)
    assert not set(zip(p.links.person_id, p.links.org_id)) & banned
    # nothing left that someone nearby with room could take
    left = (cand.remaining - taken.reindex(cand.index, fill_value=0))
    room = cand[left > 0]
    for o in p.uncovered.itertuples(index=False):
        near = room[room.county == o.county].index
        assert all((pid, o.org_id) in banned for pid in near), (o.org_id, list(near))
    # lagging-and-weak branches are served before plain ones in every county
    open_lw = p.uncovered[(p.uncovered.tier == "lagging") & p.uncovered.weak]
    plain = p.links[(p.links.tier != "lagging") & ~p.links.weak.astype(bool)]
    assert not set(open_lw.county) & set(plain.county)
    # load the proposal back: those branches are watched, the rest unchanged
    rows = assignments_table(p)[["person_id", "org_id", "type", "since"]]
    data["assignments"] = pd.concat([data["assignments"], rows], ignore_index=True)
    store.replace_graph(graph_tables(data), source="demo + proposal")
    after = unwatched(snapshot(store, as_of=p.as_of))
    assert not set(after.org_id) & set(p.links.org_id)
    assert len(after) == p.before["unwatched"] - len(p.links) == p.after["unwatched"]


def _main(capsys, *args: str) -> tuple[int, str, str]:
    from branchgraph.cli import main

    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return int(code or 0), out.out, out.err


def test_an_unknown_county_is_named_not_answered_with_zeros(tiny, capsys):
    with pytest.raises(ValueError, match="no county '不存在' in the store; known counties: 松山区, 红山区"):
        propose(tiny, as_of=AS_OF, county="不存在")
    tiny.close()
    code, out, err = _main(capsys, "propose", "--store", tiny.uri, "--county", "不存在")
    assert code == 1 and out == ""
    assert err.strip().splitlines() == [
        "Error: no county '不存在' in the store; known counties: 松山区, 红山区"]


def test_whatif_needs_a_change(tiny, capsys):
    tiny.close()
    code, out, err = _main(capsys, "whatif", "--store", tiny.uri)
    assert code == 2 and out == ""
    assert "say what changes: --remove-person ID" in err and "Traceback" not in err


def test_person_table_with_nobody_warns_nothing(store):
    """No people: an empty, bool-typed may_mentor, and no `bool | str` deprecation."""
    import warnings

    tables = tiny_county()
    store.replace_graph({"Organization": tables["Organization"]}, source="orgs only")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        people = person_table(snapshot(store, as_of=AS_OF))
        p = propose(store, as_of=AS_OF)
    assert people.empty and people["may_mentor"].dtype == bool
    assert p.links.empty and len(p.uncovered) == len(unwatched(snapshot(store, as_of=AS_OF)))


# -- read per group of counties: the same answer as one read of the whole store ----------


def _same_proposal(a, b) -> None:
    for part in ("links", "uncovered", "needed", "needed_townships"):
        x, y = (getattr(p, part).astype(object).reset_index(drop=True) for p in (a, b))
        pd.testing.assert_frame_equal(x.where(x.notna(), None), y.where(y.notna(), None),
                                      check_dtype=False)  # a missing value is missing either way
    assert (a.before, a.after, a.as_of) == (b.before, b.after, b.as_of)


def _whole_store(store, **options):
    """The proposal the way it was read before the per-county reads: every organisation,
    person and link in one Snapshot, the gap list for the branches."""
    from queries.coverage import coverage_gaps
    from queries.proposals import propose_on

    snap = snapshot(store, as_of=AS_OF)
    gaps = coverage_gaps(store, as_of=AS_OF, dimension="watched")
    branches = gaps[["org_id", "name", "kind", "county", "township", "domain", "tier", "stars", "weak"]]
    return propose_on(snap, branches=branches, **options)


def _with_countyless_branch(tables: dict) -> dict:
    """tiny_county plus B99, a lagging branch with no county nobody watches."""
    orgs = tables["Organization"]
    row = {**orgs[orgs.org_id == "B05"].iloc[0].to_dict(), "org_id": "B99", "name": "无县支部",
           "county": None, "township": None, "tier": "lagging", "weak": True, "stars": 1}
    return {**tables, "Organization": pd.concat([orgs, pd.DataFrame([row])], ignore_index=True)}


@pytest.mark.parametrize("strict", [True, False])
def test_county_groups_give_the_whole_store_answer(store, strict):
    """One county per group (batch=1), all in one group, and the old whole-store read agree
    row for row, the branch without a county (its own group, "no_county") included."""
    store.replace_graph(_with_countyless_branch(tiny_county()), source="tiny")
    one = propose(store, as_of=AS_OF, strict=strict, batch=1)
    _same_proposal(one, propose(store, as_of=AS_OF, strict=strict, batch=10**9))
    _same_proposal(one, _whole_store(store, strict=strict))
    assert "组织未填旗县区" in one.uncovered.set_index("org_id").reason["B99"]
    assert one.before["unwatched"] == 6  # B05, G06, B09, B11, B12 (the docstring) and B99


def test_demo_city_county_groups_give_the_whole_store_answer(store):
    """The demo city (13 counties, 1,000+ branches open) per county, in one group and read
    whole: the same links, reasons and figures."""
    from loaders import demo

    store.replace_graph(graph_tables(demo.generate(seed=0)), source="demo")
    one = propose(store, as_of=AS_OF, batch=1)
    assert len(one.links) > 100
    _same_proposal(one, propose(store, as_of=AS_OF))
    _same_proposal(one, _whole_store(store))


def test_bolt_gives_the_same_proposal(store, bolt_store):
    """The per-county reads (proposal_people, proposal_links, the counties filter) on the
    FalkorDB Bolt server give LadybugDB's answer."""
    tables = _with_countyless_branch(tiny_county())
    store.replace_graph(tables, source="tiny")
    bolt_store.replace_graph(tables, source="tiny")
    for strict in (True, False):
        _same_proposal(propose(store, as_of=AS_OF, strict=strict, batch=1),
                       propose(bolt_store, as_of=AS_OF, strict=strict, batch=1))
