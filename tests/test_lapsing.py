"""Organisations about to lose their only watcher: a small worked example on both
backends, a second computation in pandas, the export and the page.

On 2025-01-01 (AS_OF), with 30 days ahead (up to 2025-01-31):

====  ====================================================  ===========================
org   links active on the day                               listed?
====  ====================================================  ===========================
L1    P1 mentor until 2025-01-11                            yes, 10 days left
L2    P1 mentor until 2025-02-10                            no: ends in 40 days
L3    P2 mentor until 2025-01-06; P3 contact, no end        no: two watchers
L4    P2 mentor until 2025-01-06 and contact until 01-21    yes, at the later end: 20 days
L5    P3 mentor, no end                                     no: never lapses
L6    P1 mentor from 2025-02-01 until 2025-01-20 (none yet) no: nobody watches it now
L7    P1 mentor until 2024-12-31                            no: already ended (a gap)
L8    P1 mentor until 2025-01-01 (ends today)               yes, 0 days left
C9    P1 mentor until 2025-01-05 (a committee)              no: not a grassroots kind
====  ====================================================  ===========================
"""

from __future__ import annotations

import pandas as pd
import pytest

from queries import catalogue
from queries.export import export
from tests.analysis_graphs import AS_OF

ORGS = ["L1", "L2", "L3", "L4", "L5", "L6", "L7", "L8", "C9"]
MENTORS = [("P1", "L1", None, "2025-01-11"), ("P1", "L2", None, "2025-02-10"),
           ("P2", "L3", None, "2025-01-06"), ("P2", "L4", None, "2025-01-06"),
           ("P3", "L5", "2024-01-01", None), ("P1", "L6", "2025-02-01", "2025-01-20"),
           ("P1", "L7", None, "2024-12-31"), ("P1", "L8", None, "2025-01-01"),
           ("P1", "C9", None, "2025-01-05")]
CONTACTS = [("P3", "L3", None, None), ("P2", "L4", "2024-06-01", "2025-01-21")]


def graph() -> dict[str, pd.DataFrame]:
    orgs = pd.DataFrame({"org_id": ORGS, "name": [f"{o}党支部" for o in ORGS],
                         "kind": ["branch"] * 8 + ["committee"], "county": "红山区",
                         "tier": ["lagging", "middle", "advanced", "lagging", "middle", "middle",
                                  "middle", "advanced", None],
                         "stars": [3, 5, 8, 10, 6, 6, 6, 7, None],
                         "base_stars": [None, None, None, 4, None, None, None, None, None]})
    people = pd.DataFrame({"person_id": ["P1", "P2", "P3"], "name": ["王芳", "李强", "张伟"]})
    links = lambda rows: pd.DataFrame(rows, columns=["src", "dst", "since", "until"])  # noqa: E731
    return {"Organization": orgs, "Person": people, "MENTORS": links(MENTORS),
            "CONTACT_POINT": links(CONTACTS)}


def by_pandas(tables: dict[str, pd.DataFrame], day: str, horizon: str) -> list[tuple]:
    """The same answer from the tables: (org_id, person_id, link_end) soonest first."""
    links = pd.concat([tables["MENTORS"], tables["CONTACT_POINT"]])
    kinds = tables["Organization"].set_index("org_id")["kind"]
    links = links[links["dst"].map(kinds).isin(["branch", "general_branch"])]
    active = links[(links["since"].isna() | (links["since"] <= day))
                   & (links["until"].isna() | (links["until"] >= day))]
    out = []
    for org, part in active.groupby("dst"):
        if part["src"].nunique() == 1 and part["until"].notna().all() and part["until"].max() <= horizon:
            out.append((org, part["src"].iloc[0], part["until"].max()))
    return sorted(out, key=lambda r: (r[2], r[0]))


@pytest.fixture(params=["ladybug", "bolt"])
def lapsing_store(request, tmp_path):
    if request.param == "ladybug":
        from graphmodel import open_store

        s = open_store(tmp_path / "l.lbug")
    else:
        from graphmodel.bolt_store import BoltStore

        s = BoltStore(request.getfixturevalue("bolt_uri"))
    s.replace_graph(graph(), source="lapsing")
    yield s
    s.close()


def test_the_worked_example(lapsing_store):
    df = catalogue.run("lapsing-watch", lapsing_store, {"as_of": AS_OF})
    assert df[["org_id", "person_id", "link_end", "days_left"]].values.tolist() == [
        ["L8", "P1", "2025-01-01", 0], ["L1", "P1", "2025-01-11", 10],
        ["L4", "P2", "2025-01-21", 20]]
    assert df["stars"].tolist() == [7, 3, 4]  # L4: four base stars rate 4, not the recorded 10
    wider = catalogue.run("lapsing-watch", lapsing_store, {"as_of": AS_OF, "days": 40})
    assert wider["org_id"].tolist() == ["L8", "L1", "L4", "L2"]
    assert catalogue.run("lapsing-watch", lapsing_store,
                         {"as_of": AS_OF, "tier": "后进"})["org_id"].tolist() == ["L1", "L4"]


@pytest.mark.parametrize("day,days", [(AS_OF, 30), (AS_OF, 0), ("2025-01-07", 60), ("2024-06-01", 365)])
def test_agrees_with_pandas(lapsing_store, day, days):
    horizon = (pd.Timestamp(day) + pd.Timedelta(days=days)).date().isoformat()
    df = catalogue.run("lapsing-watch", lapsing_store, {"as_of": day, "days": days})
    assert list(zip(df["org_id"], df["person_id"], df["link_end"])) == by_pandas(graph(), day, horizon)


def test_export_has_its_headers_in_both_languages(tmp_path):
    from graphmodel import open_store

    with open_store(tmp_path / "l.lbug") as s:
        s.replace_graph(graph(), source="lapsing")
        export(s, "lapsing-watch", tmp_path / "zh.csv", as_of=AS_OF)
        export(s, "lapsing-watch", tmp_path / "en.csv", lang="en", as_of=AS_OF)
    zh = pd.read_csv(tmp_path / "zh.csv", encoding="utf-8-sig", dtype=str)
    en = pd.read_csv(tmp_path / "en.csv", encoding="utf-8-sig", dtype=str)
    assert {"到期日", "剩余天数", "组织名称"} <= set(zh.columns) and zh["类别"].tolist()[0] == "先进"
    assert {"Link ends", "Days left"} <= set(en.columns) and en["Tier"].tolist()[0] == "advanced"


def test_the_page_lists_them(store, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.test_dashboard_apptest import APP, DAY

    store.replace_graph(graph(), source="lapsing")
    monkeypatch.setenv("BRANCHGRAPH_STORE", str(store.uri))
    monkeypatch.setenv("BRANCHGRAPH_LANG", "zh")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.date_input(key="f_as_of").set_value(DAY).run()
    at.switch_page("../dashboard/views/lapsing.py").run()
    assert not at.exception
    assert at.title[0].value == "唯一包联即将到期"
    assert at.dataframe[0].value["组织编码"].tolist() == ["L8", "L1", "L4"]
    at.number_input(key="lapse_days").set_value(40).run()
    assert at.dataframe[0].value["组织编码"].tolist() == ["L8", "L1", "L4", "L2"]
    assert "到期日" in at.dataframe[0].value.columns
