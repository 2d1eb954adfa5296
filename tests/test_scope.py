"""County scopes below the dashboard: a scoped store holds its counties and nothing else,
and the analyses on it agree with the same analyses on the main store for that county.
The main store is each backend in turn; the scoped store is always embedded."""

from __future__ import annotations

import pandas as pd
import pytest

from graphmodel import open_store
from graphmodel.projection import node_frame, rel_frame
from graphmodel.scope import scope_tables, scoped_store
from queries import catalogue
from tests.analysis_graphs import AS_OF, tiny_county

HONGSHAN = "红山区"
HONGSHAN_ORGS = {"C0", "T1", "B01", "B02", "B03", "B04", "B05", "G06"}


@pytest.fixture
def main(any_store):
    """The tiny graph in the main store: LadybugDB, then the FalkorDB Bolt server."""
    any_store.replace_graph(tiny_county(), source="tiny_county")
    return any_store


def test_the_scoped_tables_hold_the_county_and_nothing_else(main):
    tables = scope_tables(main, [HONGSHAN])
    assert set(tables["Organization"]["org_id"]) == HONGSHAN_ORGS
    # P1, P3 watch 红山区 branches, P4 kept G06 as contact point; P2 only 松山区
    assert set(tables["Person"]["person_id"]) == {"P1", "P3", "P4"}
    # P4 works in C1 (松山区): that link leaves with its organisation
    assert set(tables["WORKS_IN"]["dst"]) <= HONGSHAN_ORGS
    assert set(tables["Alliance"]["alliance_id"]) == {"A1"}
    assert set(tables["IN_CHAIN"]["src"]) == {"B03"}           # CH1 keeps only its 红山区 member
    assert set(tables["PAIRED_WITH"]["src"]) | set(tables["PAIRED_WITH"]["dst"]) <= HONGSHAN_ORGS
    for t in ("BELONGS_TO", "PAIRED_WITH", "MENTORS", "CONTACT_POINT", "SECRETARY_OF", "MEMBER_OF"):
        ends = set(tables[t]["dst"]) | (set(tables[t]["src"]) if t in ("BELONGS_TO", "PAIRED_WITH") else set())
        assert ends <= HONGSHAN_ORGS | {"A1"}, t


def _agree(main_store, scoped, name: str, county: str) -> None:
    params = {"as_of": AS_OF} if "as_of" in [p.name for p in catalogue.get(name).params] else {}
    whole = catalogue.table(name, main_store, {**params, "county": county})
    part = catalogue.table(name, scoped, params)
    pd.testing.assert_frame_equal(whole.reset_index(drop=True), part.reset_index(drop=True),
                                  check_dtype=False)


SAME_FOR_A_COUNTY = ["coverage", "coverage-gaps", "single-watcher", "unallied", "unpaired", "stars",
                     "lapsing-watch", "organisations", "alliances"]


@pytest.mark.parametrize("name", SAME_FOR_A_COUNTY)
def test_analyses_on_the_scoped_store_equal_the_main_store_for_that_county(main, tmp_path, name):
    uri = scoped_store(main, [HONGSHAN], tmp_path / "scopes")
    with open_store(uri) as scoped:
        _agree(main, scoped, name, HONGSHAN)


def test_counties_and_every_table_of_the_scoped_store_name_only_its_county(main, tmp_path):
    uri = scoped_store(main, [HONGSHAN], tmp_path / "scopes")
    with open_store(uri) as scoped:
        assert catalogue.table("counties", scoped)["county"].tolist() == [HONGSHAN]
        assert set(node_frame(scoped, "Organization")["county"]) == {HONGSHAN}
        assert set(rel_frame(scoped, "BELONGS_TO")["src"]) <= HONGSHAN_ORGS


def test_a_new_load_gives_a_new_scoped_store_and_removes_the_old(main, tmp_path):
    first = scoped_store(main, [HONGSHAN], tmp_path / "scopes")
    assert scoped_store(main, [HONGSHAN], tmp_path / "scopes") == first  # reused while current
    tables = tiny_county()
    orgs = tables["Organization"]
    orgs.loc[orgs["org_id"] == "G06", "county"] = "松山区"
    main.replace_graph(tables, source="G06 moved to 松山区")
    second = scoped_store(main, [HONGSHAN], tmp_path / "scopes")
    assert second != first and not any(p.name.startswith(first.rsplit("/", 1)[1])
                                        for p in (tmp_path / "scopes").iterdir())
    with open_store(second) as scoped:
        assert "G06" not in set(node_frame(scoped, "Organization")["org_id"])


# -- the command line with --user: the same rules -------------------------------------


@pytest.fixture
def cli_store(store):
    from branchgraph.accounts import Accounts, accounts_path

    store.replace_graph(tiny_county(), source="tiny_county")
    acc = Accounts(accounts_path(store.uri))
    acc.add("hs", "viewer", "viewer-pass-1", ("红山区",))
    acc.add("city", "viewer", "viewer-pass-2")
    return str(store.uri)


def test_cli_user_limited_to_a_county_reads_only_it(cli_store, capsys):
    import json

    from tests.test_cli import _cli

    code, out, _ = _cli(capsys, "--user", "hs", "query", "organisations", "--format", "json",
                        "--store", cli_store)
    assert code == 0 and {r["county"] for r in json.loads(out)} == {HONGSHAN}
    code, out, _ = _cli(capsys, "--user", "city", "query", "organisations", "--format", "json",
                        "--store", cli_store)
    assert code == 0 and {r["county"] for r in json.loads(out)} == {HONGSHAN, "松山区"}


@pytest.mark.parametrize(("user", "args", "says"), [
    ("hs", ("cypher", "MATCH (o:Organization) RETURN o.county"), "cypher"),
    ("city", ("cypher", "--write", "MATCH (o:Organization) SET o.name = 'x'"), None),
    ("hs", ("users", "list"), "only an admin"),
    ("nobody", ("query", "organisations"), "没有账户 nobody"),
])
def test_cli_user_rules(cli_store, capsys, user, args, says):
    from tests.test_cli import _cli

    code, _, err = _cli(capsys, "--user", user, *args, "--store", cli_store)
    assert code != 0 and "Traceback" not in err
    if says:
        assert says in err
