"""Smoke tests of every dashboard page with Streamlit's AppTest, on the tiny two-county graph.

The graph (tests/analysis_graphs.py) is read on 2025-01-01, set in the sidebar's
as-of date. Hand-counted from the table in that module, on that day:

- 12 grassroots organisations (B01..B12 and G06);
- nobody watches B05 (P3 starts 2025-06-01), G06 (P4 ended 2024-12-31), B09 (P2's
  mentoring ended 2024-06-30), B11, B12: 5 uncovered, 3 of them lagging (G06, B09,
  B12), 2 weak (G06, B11);
- gaps order (lagging first, then weak, then fewest stars with unrated first):
  G06, B09, B12, B11, B05;
- P2 李强 mentors B10 and keeps B07, B08 as contact points (another duty): 1 branch
  against his capacity 2, so nobody is over capacity at the default capacity of 3;
  with BRANCHGRAPH_CAPACITY=2, P1 王芳 (mentors B01, B02, B03, no capacity of her own)
  is the one mentor over it;
- alliance A1 has 4 members (B01, B02, B04, T1); 5 grassroots organisations are in
  an alliance (B01, B02, B04, B07, B10).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest


from streamlit.testing.v1 import AppTest  # noqa: E402

from tests.analysis_graphs import AS_OF, contract_tiny_county, tiny_county  # noqa: E402

APP = str(Path(__file__).resolve().parents[1] / "branchgraph" / "webapp.py")
DAY = dt.date.fromisoformat(AS_OF)


@pytest.fixture
def tiny_store(store, monkeypatch):
    """The tiny graph in a fresh store, named to the app through BRANCHGRAPH_STORE."""
    store.replace_graph(tiny_county(), source="tiny_county")
    monkeypatch.setenv("BRANCHGRAPH_STORE", str(store.uri))
    monkeypatch.setenv("BRANCHGRAPH_LANG", "zh")
    return store


def _app(page: str | None = None) -> AppTest:
    """The app run once, the as-of date set to AS_OF, then (optionally) on ``page``."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.date_input(key="f_as_of").set_value(DAY).run()
    if page:
        at.switch_page(f"../dashboard/views/{page}.py").run()
    _assert_clean(at)
    return at


def _assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    na = [i.value for i in at.info if "尚未提供" in str(i.value) or "not available" in str(i.value)]
    assert not na, na


def _metric(at: AppTest, label: str) -> str:
    found = [m.value for m in at.metric if m.label == label]
    assert found, f"no metric {label!r}; have {[m.label for m in at.metric]}"
    return found[0]


def test_overview_counts_match_the_hand_counted_graph(tiny_store):
    at = _app()
    assert at.title[0].value == "总览"
    assert _metric(at, "基层党组织") == "12"
    assert _metric(at, "无人包联") == "5"
    assert _metric(at, "无人包联的后进组织") == "3"
    assert _metric(at, "无人包联的软弱涣散组织") == "2"
    assert _metric(at, "有人包联的比例") == f"{7 / 12:.1%}"
    assert _metric(at, "超出上限的包联干部") == "0"
    assert _metric(at, "党建联合体") == "2"
    assert _metric(at, "参与联建的基层组织") == "5"


def test_a_load_from_elsewhere_is_picked_up_on_the_next_rerun(tiny_store):
    at = _app()
    assert _metric(at, "无人包联") == "5"
    tables = tiny_county()
    mentors = tables["MENTORS"]
    tables["MENTORS"] = mentors[mentors["src"] != "P1"]  # P1 stops mentoring B01, B02, B03
    tiny_store.replace_graph(tables, source="second load")  # as `branchgraph load` would
    at.run()
    _assert_clean(at)
    # B01 keeps P3; B02 and B03 lose their only watcher
    assert _metric(at, "无人包联") == "7"


def test_overview_offers_the_monthly_report(tiny_store):
    at = _app()
    assert "月报" in [h.value for h in at.subheader]
    assert {"下载月报（PDF）", "下载月报（Excel）"} <= {b.label for b in at.get("download_button")}
    at.selectbox(key="f_county").set_value("松山区").run()
    _assert_clean(at)
    assert any("范围：松山区" in c.value for c in at.caption)


def test_gaps_table_order_and_filters(tiny_store):
    at = _app("gaps")
    table = at.dataframe[0].value
    assert table["组织编码"].tolist() == ["G06", "B09", "B12", "B11", "B05"]
    assert table["类别"].tolist()[:3] == ["后进", "后进", "后进"]
    assert {b.label for b in at.get("download_button")} == {
        "下载当前表格（CSV）", "下载当前表格（Excel）", "下载全部（CSV）", "下载全部（Excel）"}

    at.selectbox(key="f_county").set_value("松山区").run()
    _assert_clean(at)
    assert at.dataframe[0].value["组织编码"].tolist() == ["B09", "B12", "B11"]

    at.selectbox(key="f_county").set_value("__all__").run()
    at.slider(key="gaps_stars").set_value((0, 3)).run()
    at.checkbox(key="gaps_unrated").uncheck().run()
    _assert_clean(at)
    assert at.dataframe[0].value["组织编码"].tolist() == ["G06", "B12", "B11", "B05"]
    assert any("显示 4 个，共 5 个" in c.value for c in at.caption)

    at.selectbox(key="gaps_dimension").set_value("alliance").run()
    _assert_clean(at)
    # in no alliance on that day: B03, B05, G06, B08, B09, B11, B12 (7), all stars 0..3 rated
    # and unrated excluded: G06(2), B05(3), B11(1), B12(0)
    assert sorted(at.dataframe[0].value["组织编码"]) == ["B05", "B11", "B12", "G06"]


def test_mentor_load_flags_the_overloaded_person_and_shows_whom_they_watch(tiny_store,
                                                                         monkeypatch):
    monkeypatch.setenv("BRANCHGRAPH_CAPACITY", "2")  # the setting reaches the page
    at = _app("mentors")
    assert _metric(at, "超出上限") == "1"
    load = at.dataframe[0].value
    names = load["姓名"] if "姓名" in load else load["名称"]
    over = load[load["负担状态"] == "超出上限"]
    assert names.tolist() == ["王芳", "张伟", "李强"] and over["人员编码"].tolist() == ["P1"]
    contacts = at.dataframe[-1].value  # the contact-point tab: P2 keeps 2, P3 keeps 1
    assert dict(zip(contacts["人员编码"], contacts["联系点数"])) == {"P2": 2, "P3": 1}
    at.selectbox(key="mt_person").set_value("P1").run()
    _assert_clean(at)
    watched = at.dataframe[1].value  # under the mentor table, before the contact tab
    assert sorted(watched["组织编码"]) == ["B01", "B02", "B03"]

    at.checkbox(key="mt_broken").check().run()
    _assert_clean(at)


def test_alliances_page_lists_members_and_draws_the_network(tiny_store):
    at = _app("alliances")
    alliances = at.dataframe[0].value
    assert sorted(alliances["联合体编码"]) == ["A1", "A2"]
    at.selectbox(key="al_pick").set_value("A1").run()
    at.selectbox(key="al_net_alliance").set_value("A1").run()
    members = at.dataframe[1].value
    assert sorted(members["组织编码"]) == ["B01", "B02", "B04", "T1"]
    # A1 and its four members, one membership edge each
    # A1 shares no member with A2: an island; with one alliance at the centre nobody is a bridge
    assert any(c.value == "5 个节点，4 条连线；★ 关键连接组织 0 个，孤立联合体 1 个" for c in at.caption), [c.value for c in at.caption]
    assert at.get("iframe"), "the pyvis network is not embedded"

    at.radio(key="al_scope").set_value("org").run()
    at.selectbox(key="al_net_org").set_value("B07").run()
    _assert_clean(at)
    # B07 -> A2 -> B10, plus B07's pairing with B10 drawn as a second link
    assert any(c.value.startswith("3 个节点") for c in at.caption), [c.value for c in at.caption]


def test_queries_page_runs_a_named_query_and_refuses_writes(tiny_store):
    at = _app("queries")
    assert at.selectbox(key="q_pick").options, "no named queries listed"
    at.selectbox(key="q_pick").set_value("coverage_gaps").run()
    # the query is described in Chinese; the form is generated from its parameters with
    # Chinese labels and choices; as_of starts at the sidebar's day
    assert "基层组织" in at.caption[0].value
    assert at.date_input(key="qp_coverage_gaps_as_of").value == DAY
    assert at.date_input(key="qp_coverage_gaps_as_of").label == "截至日期"
    county = at.selectbox(key="qp_coverage_gaps_county")
    assert county.label == "旗县区" and county.options == ["全部", "松山区", "红山区"]
    kinds = at.multiselect(key="qp_coverage_gaps_kinds")
    assert kinds.label == "组织类型" and "党支部" in kinds.options and "branch" not in kinds.options
    county.set_value("松山区")
    _submit(at, "q_run")
    _assert_clean(at)
    assert sorted(at.dataframe[0].value["组织编码"]) == ["B09", "B11", "B12"]

    at.text_area(key="adhoc_cypher").input("MATCH (o:Organization) RETURN count(o) AS n")
    _submit(at, "adhoc_run")
    _assert_clean(at)
    assert at.dataframe[-1].value["n"].tolist() == [15]

    at.text_area(key="adhoc_cypher").input("CREATE (:Person {person_id: 'X1', name: '入侵者'})")
    _submit(at, "adhoc_run")
    assert not at.exception
    assert len(at.error) == 1 and "已被拒绝" in at.error[0].value
    assert tiny_store.run("MATCH (p:Person) RETURN count(p) AS n")["n"].tolist() == [4]

    at.text_area(key="adhoc_cypher").input("MATCH (o:Nope) RETURN o")
    _submit(at, "adhoc_run")
    assert len(at.error) == 1 and at.error[0].value.startswith("出错了")


def test_sidebar_filter_prefills_the_query_and_an_adhoc_query_is_saved(tiny_store, monkeypatch, tmp_path):
    monkeypatch.setenv("BRANCHGRAPH_QUERY_FOLDER", str(tmp_path / "saved"))
    at = _app("queries")
    at.selectbox(key="f_county").set_value("红山区").run()
    at.selectbox(key="q_pick").set_value("coverage_gaps").run()
    assert at.selectbox(key="qp_coverage_gaps_county").value == "红山区"

    at.text_area(key="adhoc_cypher").input(
        "MATCH (o:Organization) WHERE o.county = $county RETURN count(o) AS n")
    at.text_input(key="save_title").input("某旗县区组织数")
    at.text_area(key="save_desc").input("数一个旗县区有多少组织")
    _submit(at, "save_button")
    _assert_clean(at)
    assert [s.value for s in at.success] == ["已保存为「某旗县区组织数」，可在上方命名查询中选用。"]
    assert (tmp_path / "saved" / "saved_001.cypher").is_file()
    at.run()
    pick = at.selectbox(key="q_pick")
    assert "某旗县区组织数（我保存的）" in pick.options
    pick.set_value("saved_001").run()
    at.selectbox(key="qp_saved_001_county").set_value("松山区")
    _submit(at, "q_run")
    _assert_clean(at)
    assert at.dataframe[0].value["n"].tolist() == [7]  # C1 and B07..B12


def test_adhoc_rows_are_capped_at_the_row_limit(tiny_store, monkeypatch):
    monkeypatch.setenv("BRANCHGRAPH_ROW_LIMIT", "5")
    at = _app("queries")
    at.text_area(key="adhoc_cypher").input("MATCH (o:Organization) RETURN o.org_id AS id")
    _submit(at, "adhoc_run")
    _assert_clean(at)
    assert [w.value for w in at.warning] == ["结果超过 5 行，只取回并显示前 5 行。"]
    assert len(at.dataframe[-1].value) == 5


def _submit(at: AppTest, key: str) -> None:
    at.form_submit_button(key=key).click().run()


def _tiny_zip(bad_pairing: bool) -> bytes:
    data = contract_tiny_county()
    if bad_pairing:
        p = data["pairings"]
        p.loc[len(p)] = ["B02", "B99", "结对帮扶", None, None]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, df in data.items():
            zf.writestr(f"{name}.csv", df.to_csv(index=False))
    return buf.getvalue()


def test_data_page_validates_and_loads_an_upload(tiny_store):
    at = _app("data")
    assert _metric(at, "来源") == "tiny_county"
    at.file_uploader(key="data_upload").upload("台账.zip", _tiny_zip(True), "application/zip")
    at.run()
    _assert_clean(at)
    assert any("1 个错误" in w.value for w in at.warning), [w.value for w in at.warning]
    rejects = at.dataframe[-2].value
    assert len(rejects) == 1
    from loaders.contract import TABLES

    tables = [d.value for d in at.dataframe if "表" in d.value.columns]
    assert "党组织" in tables[0]["表"].tolist()  # the counts table, then the rejects
    assert not any(set(df["表"]) & {table.name for table in TABLES} for df in tables)
    assert all(c.isascii() is False for c in tables[0].columns), tables[0].columns
    causes = at.dataframe[-1].value  # the one root cause, dragging nothing along
    assert causes["行号"].tolist() == [rejects["行号"].iloc[0]] and causes["连带党组织"].tolist() == [0]
    assert at.button(key="data_load").disabled  # not before the planner accepts the loss
    at.checkbox(key="data_accept").check().run()
    assert not at.button(key="data_load").disabled
    at.button(key="data_load").click().run()
    _assert_clean(at)
    assert at.success and "台账.zip" in at.success[0].value
    assert tiny_store.load_info().source == "台账.zip"  # its own name, not the temp copy
    assert _metric(at, "来源") == "台账.zip"
    assert tiny_store.run(
        "MATCH (:Organization)-[r:PAIRED_WITH]->(:Organization) RETURN count(r) AS n"
    )["n"].tolist() == [3]


def test_language_switch_to_english(tiny_store):
    at = _app()
    at.segmented_control(key="lang_pick").set_value("en").run()
    _assert_clean(at)
    assert at.title[0].value == "Overview"
    assert _metric(at, "Nobody watching") == "5"
    at.switch_page("../dashboard/views/gaps.py").run()
    assert at.title[0].value == "Coverage gaps"
    assert "Organisation ID" in at.dataframe[0].value.columns


def test_dashboard_command_help():
    from click.testing import CliRunner

    from branchgraph.cli import cli

    result = CliRunner().invoke(cli, ["dashboard", "--help"])
    assert result.exit_code == 0
    assert "127.0.0.1" in result.output and "--store" in result.output


def test_streamlit_command_keeps_telemetry_off_and_passes_the_store():
    from branchgraph.launcher import streamlit_command

    cmd = streamlit_command("/data/g.lbug", "127.0.0.1", 8765)
    assert cmd[-2:] == ["--store", "/data/g.lbug"]
    assert cmd[3:5] == ["run", str(Path(APP))] and cmd[-3] == "--"
    flags = dict(zip(cmd[5:-3:2], cmd[6:-3:2]))
    assert flags["--server.address"] == "127.0.0.1" and flags["--server.port"] == "8765"
    assert flags["--browser.gatherUsageStats"] == "false"
    assert flags["--client.toolbarMode"] == "minimal"
    assert flags["--server.headless"] == "true"


def test_launch_on_a_taken_port_says_so(tmp_path):
    import socket
    import subprocess

    from branchgraph.launcher import DashboardError, launch

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(DashboardError, match=f"port {port}"):
            launch(str(tmp_path / "g.lbug"), "127.0.0.1", port, output=subprocess.DEVNULL)


def test_empty_store_offers_the_demo(tmp_path, monkeypatch):
    monkeypatch.setenv("BRANCHGRAPH_STORE", str(tmp_path / "nothing.lbug"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.warning and at.warning[0].value == "数据库里还没有图数据"
    assert at.button(key="demo_button").label == "载入演示数据"
    assert any("branchgraph demo --no-dashboard" in m.value for m in at.markdown)

    at.button(key="demo_button").click().run()
    _assert_clean(at)
    assert not at.warning
    assert at.title[0].value == "总览"
    # the demo is a whole city: thousands of organisations, some of them uncovered
    assert int(_metric(at, "基层党组织").replace(",", "")) > 1000
    assert int(_metric(at, "无人包联").replace(",", "")) > 0


# -- the view in the URL; times in the department's zone; sources by their names --------

def test_a_sent_link_opens_the_same_view_and_the_view_is_written_back(tiny_store):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"county": "松山区", "tier": "lagging", "as_of": AS_OF,
                            "lang": "en", "domain": "no-such-domain"})
    at.run()
    _assert_clean(at)
    assert at.selectbox(key="f_county").value == "松山区"
    assert at.selectbox(key="f_tier").value == "lagging"
    assert at.selectbox(key="f_domain").value == "__all__"  # not a choice: ignored
    assert at.date_input(key="f_as_of").value == DAY
    assert at.title[0].value == "Overview"
    at.selectbox(key="f_county").set_value("__all__").run()
    assert dict(at.query_params) == {"tier": "lagging", "as_of": AS_OF, "lang": "en"}


def test_load_time_is_shown_in_the_department_zone_and_the_demo_by_name(tiny_store, monkeypatch):
    from zoneinfo import ZoneInfo

    monkeypatch.setenv("BRANCHGRAPH_TIMEZONE", "Asia/Shanghai")
    info = tiny_store.load_info()
    local = dt.datetime.fromisoformat(info.loaded_at).astimezone(ZoneInfo("Asia/Shanghai"))
    at = _app("data")
    assert _metric(at, "载入时间") == local.strftime("%Y-%m-%d %H:%M")
    assert _metric(at, "来源") == "tiny_county"  # a file's own name, no folder
    assert f"载入于 {local:%Y-%m-%d %H:%M}" in [c.value for c in at.sidebar.caption]


def test_overview_charts_rank_worst_first_and_cut_to_n(tiny_store):
    from queries.coverage import coverage_rates

    at = _app()
    at.toggle(key="ov_chart_table").set_value(True).run()
    _assert_clean(at)
    tables = [d.value for d in at.dataframe if "旗县区或地市" in d.value.columns]
    watched, _, unwatched = tables
    want = coverage_rates(tiny_store, as_of=AS_OF, by="county")
    want = want.assign(pct=100 * want.watched / want.organisations).sort_values("pct")
    assert watched["旗县区或地市"].tolist() == want["group"].tolist()  # lowest share first
    assert watched.iloc[:, 1].tolist() == pytest.approx(want["pct"].tolist())
    assert unwatched.iloc[:, 1].is_monotonic_decreasing  # most unwatched first
    assert unwatched.iloc[:, 1].sum() == 5  # the five hand-counted gaps
    at.segmented_control(key="ov_chart_show").set_value("best").run()
    at.number_input(key="ov_chart_n").set_value(1).run()
    best = [d.value for d in at.dataframe if "旗县区或地市" in d.value.columns][0]
    assert best["旗县区或地市"].tolist() == want["group"].tolist()[-1:]


def test_profile_of_an_organisation_from_its_code_in_the_address(tiny_store):
    from queries.registry import run_query

    at = _app()
    at.query_params["org"] = "B01"
    at.switch_page("../dashboard/views/profile.py").run()
    _assert_clean(at)
    watchers = run_query(tiny_store, "org_watchers", {"org_id": "B01", "as_of": AS_OF})
    assert _metric(at, "截至日期的包联人和联系人") == str(watchers["person_id"].nunique())
    assert _metric(at, "联建联合体") == "1"  # A1
    tables = {tuple(d.value.columns): d.value for d in at.dataframe}
    mentors = [df for cols, df in tables.items() if "起始日期" in cols or "开始日期" in cols]
    assert mentors, list(tables)
    shown = set().union(*(set(df.iloc[:, 0]) for df in mentors))
    assert set(watchers["person_id"]) <= shown
    name = tiny_store.run("MATCH (o:Organization {org_id: 'B01'}) RETURN o.name AS n")["n"].iloc[0]
    at.text_input(key="pf_text").input(name[1:]).run()  # part of its name finds it
    _assert_clean(at)
    assert f"{name}（红山区，B01）" in at.selectbox(key="pf_pick").options
    at.text_input(key="pf_text").input("B02").run()  # so does its code
    assert [o[-4:-1] for o in at.selectbox(key="pf_pick").options] == ["B02"]


def test_tree_page_drills_from_the_top_committees_to_a_committee_s_branches(tiny_store):
    # tiny county: 红山区委 C0 (6 organisations, B05 and G06 unwatched) over 城东街道党工委 T1
    # (B01..B04, all watched); 松山区委 C1 (6 organisations, 3 watched: B07, B08, B10)
    at = _app("tree")
    assert at.title[0].value == "组织树"
    tops = at.dataframe[0].value
    assert tops["党委名称"].tolist() == ["红山区委", "松山区委"]
    assert tops["组织类型"].tolist() == ["党委", "党委"]
    assert tops["组织数"].tolist() == [6, 6] and tops["有人包联数"].tolist() == [4, 3]
    at.selectbox(key="tree_down_").set_value("C0").run()
    _assert_clean(at)
    assert at.selectbox(key="tree_at").value == "C0"
    assert _metric(at, "组织数") == "6" and _metric(at, "无人包联的后进组织") == "1"
    assert _metric(at, "有人包联占比") == f"{4 / 6:.1%}"
    assert at.dataframe[0].value["党委名称"].tolist() == ["城东街道党工委"]
    # C0's own organisations: G06 (lagging, weak) before B05
    assert at.dataframe[1].value["组织名称"].tolist() == ["区医院党总支", "区直机关第一党支部"]
    at.selectbox(key="tree_down_C0").set_value("T1").run()
    assert at.dataframe[1].value["组织编码"].tolist() == ["B01", "B02", "B04", "B03"]
    assert not any(c in str(at.dataframe[1].value.columns) for c in ("committee", "branch"))
    at.button(key="tree_up").click().run()
    assert at.selectbox(key="tree_at").value == "C0"

    at.selectbox(key="f_county").set_value("松山区").run()
    _assert_clean(at)
    assert at.selectbox(key="tree_at").value == ""  # C0 is not in 松山区: back to the top
    assert at.dataframe[0].value["党委名称"].tolist() == ["松山区委"]

    at.segmented_control(key="lang_pick").set_value("en").run()
    _assert_clean(at)
    assert at.title[0].value == "Organisation tree"
    assert at.dataframe[0].value["Kind"].tolist() == ["committee"]
