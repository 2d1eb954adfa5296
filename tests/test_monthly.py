"""The monthly cycle on three hand-made ledgers (tests/monthly_ledgers.py has the answers
written out): snapshots, what changed, trends, warnings, and the history commands."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from graphmodel import StoreError, open_store
from graphmodel.history import History, history_for, open_snapshot
from loaders.load import load_path
from loaders.month import drop_month
from queries import catalogue
from tests.monthly_ledgers import MONTHS, write_month
from tests.test_load_cli import branchgraph

M1, M2, M3 = MONTHS


@pytest.fixture
def months(tmp_path: Path):
    """A store with the three months loaded, oldest first."""
    store = open_store(tmp_path / "g.lbug")
    for i, day in enumerate(MONTHS, 1):
        load_path(store, write_month(tmp_path / f"m{i}", i), as_of=day, report_dir=tmp_path / f"r{i}")
    return store


def _rows(df: pd.DataFrame, cols: list[str]) -> list[tuple]:
    return [tuple(r) for r in df[cols].itertuples(index=False)]


def test_every_load_is_kept_under_its_day_and_the_store_is_the_newest(months) -> None:
    history = history_for(months.uri)
    assert [s.day for s in history.entries()] == list(MONTHS)
    assert [s.tables["Organization"] for s in history.entries()] == [6, 6, 7]
    assert months.load_info().load_id == history.latest().load_id
    head = catalogue.table("headline", months, {"as_of": M3})
    assert dict(zip(head["figure"], head["value"]))["organisations"] == 5


def test_changes_month_one_to_two_and_two_to_three(months) -> None:
    cols = ["org_id", "change", "before", "after", "from_day", "to_day"]
    first = catalogue.table("changes", months, {"from": M1, "to": M2})
    assert _rows(first, cols) == [
        ("B2", "newly_uncovered", "王芳", "", M1, M2),
        ("B3", "tier_up", "lagging", "middle", M1, M2),
        ("B3", "stars_up", 4, 6, M1, M2),
    ]
    latest = catalogue.table("changes", months)  # default: the newest against the one before
    assert _rows(latest, cols[:4]) == [
        ("B1", "newly_watched", "", "李强"),
        ("B4", "weak_cleared", "", ""),
        ("B2", "joined_alliance", "", "A1"),
        ("B3", "left_alliance", "A1", ""),
        ("B5", "added", "", ""),
    ]
    # a day between snapshots means the newest snapshot on or before it
    assert _rows(catalogue.table("changes", months, {"from": "2026-10-20", "to": "2026-11-29"}),
                 cols) == _rows(first, cols)


def test_people_and_counties_before_and_after(months) -> None:
    people = catalogue.table("changes-people", months)
    assert _rows(people, ["person_id", "mentored_before", "mentored_after", "mix_before",
                          "mix_after"]) == [("P2", 1, 2, "0/1/0", "0/1/1")]
    heads = catalogue.table("changes-counties", months, {"from": M1, "to": M2})
    share = heads[(heads["county"] == "红山区") & (heads["figure"] == "watched_share")].iloc[0]
    assert (share["before"], share["after"], share["difference"]) == (0.5, 0.25, -0.25)
    weak = heads[(heads["county"] == "红山区") & (heads["figure"] == "weak")].iloc[0]
    assert (weak["before"], weak["after"]) == (2, 2)


def test_trends_agree_with_coverage_rates_on_each_snapshot(months) -> None:
    trends = catalogue.table("trends", months)
    county = trends[trends["county"] == "红山区"]
    assert county["day"].tolist() == list(MONTHS)
    assert county["watched_share"].tolist() == [0.5, 0.25, 0.4]
    assert county["weak"].tolist() == [2, 2, 1]
    for day, share in zip(MONTHS, county["watched_share"]):  # the other way: its own snapshot
        rates = catalogue.table("coverage-rates", open_snapshot(months, day), {"by": "county"})
        assert round(float(rates.loc[rates["group"] == "红山区", "watched_share"].iloc[0]), 4) == share


def test_warnings_of_each_month_as_written_out(months) -> None:
    cols = ["severity", "warning", "subject_id", "since"]
    assert _rows(catalogue.table("warnings", months, {"as_of": M3}), cols) == [
        ("red", "unwatched_needy", "B2", M2),
        ("yellow", "mentor_mix", "P2", M3),
    ]
    assert _rows(catalogue.table("warnings", open_snapshot(months, M2)), cols) == [
        ("red", "unwatched_needy", "B1", M1),
        ("red", "unwatched_needy", "B4", M1),
        ("yellow", "mentor_mix", "P2", M2),
        ("yellow", "county_share_fell", "红山区", M2),
    ]
    first = catalogue.table("warnings", open_snapshot(months, M1))
    assert _rows(first, cols)[0] == ("yellow", "lapsing_watch", "B2", M1)
    # a shorter deadline turns B2 (weak since month 1, two months) red
    overdue = catalogue.table("warnings", months, {"as_of": M3, "weak_deadline_months": 2})
    assert ("red", "weak_overdue", "B2", M1) in _rows(overdue, cols)
    red = catalogue.table("warnings", months, {"as_of": M3, "severity": "red", "lang": "en"})
    assert red["why"].tolist() == ["weak, nobody watching for 2 months"]
    # B2's nearest committee above it acts; a mentor's county department
    assert (red["committee"].tolist(), red["who"].tolist()) == (["城东街道党工委"], ["城东街道党工委"])
    yellow = catalogue.table("warnings", months, {"as_of": M3, "severity": "yellow", "lang": "en"})
    assert yellow["who"].tolist() == ["红山区 organisation department"]


def test_same_day_replaces_an_earlier_day_fills_in_and_the_store_stays_newest(months, tmp_path) -> None:
    history = history_for(months.uri)
    newest = months.load_info().load_id
    load_path(months, tmp_path / "m1", as_of="2026-10-15", report_dir=tmp_path / "r")
    assert [s.day for s in history.entries()] == [M1, "2026-10-15", M2, M3]
    assert months.load_info().load_id == newest  # a back-filled month leaves the store alone
    load_path(months, tmp_path / "m2", as_of=M3, report_dir=tmp_path / "r")  # month 3 corrected
    assert [s.day for s in history.entries()] == [M1, "2026-10-15", M2, M3]
    assert history.get(M3).tables["Organization"] == 6
    assert months.load_info().load_id == history.get(M3).load_id


def test_dropping_the_newest_puts_the_month_before_back(months) -> None:
    gone, newest = drop_month(months, M3)
    assert (gone.day, newest.day) == (M3, M2)
    head = catalogue.table("headline", months, {"as_of": M2})
    assert dict(zip(head["figure"], head["value"]))["organisations"] == 4
    drop_month(months, M1)
    with pytest.raises(StoreError) as exc:
        drop_month(months, M2)
    assert "唯一的快照" in exc.value.text("zh")


def test_a_killed_snapshot_write_leaves_the_history_as_it_was(months) -> None:
    history = history_for(months.uri)
    before = history.entries()
    tmp = history.prepare(M3, {})  # what a load killed before its commit leaves behind
    assert tmp.exists() and History(history.folder).entries() == before


def test_a_graph_loaded_before_history_is_kept_as_its_own_month(tmp_path) -> None:
    store = open_store(tmp_path / "g.lbug")
    load_path(store, write_month(tmp_path / "m1", 1), report_dir=tmp_path / "r")
    history = history_for(store.uri)
    for d in history.folder.iterdir():  # as if loaded by a version without snapshots
        import shutil

        shutil.rmtree(d)
    loaded_on = store.load_info().loaded_at[:10]
    load_path(store, write_month(tmp_path / "m2", 2), as_of="2099-01-31", report_dir=tmp_path / "r")
    assert [s.day for s in history.entries()] == [loaded_on, "2099-01-31"]


def test_cli_load_as_of_history_and_snapshot(tmp_path) -> None:
    store = tmp_path / "g.lbug"
    for i, day in enumerate(MONTHS, 1):
        run = branchgraph("load", write_month(tmp_path / f"m{i}", i), "--store", store,
                          "--as-of", day, cwd=tmp_path)
        assert run.returncode == 0, run.stderr
        assert f"已保存为 {day} 的快照" in run.stdout
    listing = branchgraph("history", "--store", store, "--format", "csv", "--lang", "en", cwd=tmp_path)
    rows = list(csv.DictReader(listing.stdout.splitlines()))
    assert [(r["as of"], r["organisations"], r["by"].endswith("(local)")) for r in rows] == [
        (M1, "6", True), (M2, "6", True), (M3, "7", True)]
    out = tmp_path / "changes.csv"
    run = branchgraph("export", "changes", "-p", f"from={M1}", "-p", f"to={M2}", "--lang", "en",
                      "--out", out, "--store", store, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    with out.open(encoding="utf-8-sig") as fh:
        changes = list(csv.DictReader(fh))
    assert [(r["Organisation ID"], r["Change"]) for r in changes] == [
        ("B2", "newly uncovered"), ("B3", "tier up"), ("B3", "stars up")]
    red = branchgraph("warnings", "--level", "red", "--snapshot", M2, "--store", store,
                      "--format", "csv", cwd=tmp_path)
    assert [r["对象编码"] for r in csv.DictReader(red.stdout.splitlines())] == ["B1", "B4"]
    bad = branchgraph("query", "headline", "--snapshot", "2026-01-01", "--store", store, cwd=tmp_path)
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "之前没有快照" in bad.stderr
    dropped = branchgraph("history", "--drop", M3, "--store", store, cwd=tmp_path)
    assert dropped.returncode == 0 and f"最新快照：{M2}" in dropped.stdout


def test_bolt_keeps_no_history_and_says_so_in_one_line(bolt_uri, tmp_path) -> None:
    run = branchgraph("load", write_month(tmp_path / "m1", 1), "--store", bolt_uri,
                      "--as-of", M1, "--lang", "en", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "history is kept only in the embedded store" in run.stdout
    for args in (("history",), ("query", "headline", "--snapshot", M1)):
        bad = branchgraph(*args, "--store", bolt_uri, cwd=tmp_path, env={"BRANCHGRAPH_LANG": "en"})
        assert bad.returncode == 1 and bad.stderr.count("\n") == 1, bad.stderr
        assert "history is kept only in the embedded store" in bad.stderr
    changes = catalogue.table("changes", open_store(bolt_uri))
    assert changes.empty  # nothing to compare: no error either


def test_the_report_of_a_month_shows_its_change_trend_and_warnings(months, tmp_path) -> None:
    import subprocess

    import openpyxl

    from reports import write_report

    path = write_report(months, tmp_path / "月报.xlsx", county="红山区", as_of=M3)
    wb = openpyxl.load_workbook(path)
    change = [r for r in wb["与上月相比"].iter_rows(values_only=True) if r[0] == "有人包联占比"]
    assert change and change[0][1:4] == (0.25, 0.4, 0.15)
    warned = [r for r in wb["预警"].iter_rows(values_only=True) if r and r[0] in ("红色", "黄色")]
    expected = catalogue.table("warnings", months, {"as_of": M3, "county": "红山区"})
    assert [(r[0], r[3]) for r in warned] == [("红色", "B2"), ("黄色", "P2")] == [
        ({"red": "红色", "yellow": "黄色"}[a], b) for a, b in _rows(expected, ["severity", "subject_id"])]
    pdf = write_report(months, tmp_path / "月报.pdf", county="红山区", as_of=M3)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "与上月相比" in text and "逐月趋势" in text and "软弱涣散，已连续 2 个月无人包联" in text


def test_a_county_account_reads_its_part_of_each_month(tmp_path) -> None:
    """A 红山区 planner (--user) on a past month: its scope of that month is built from the
    month's snapshot, and past months rebuilt meanwhile (only two stay built) keep naming
    the same scoped store; the answers equal the whole store's for 红山区."""
    store = tmp_path / "g.lbug"
    for i, day in enumerate(MONTHS, 1):
        assert branchgraph("load", write_month(tmp_path / f"m{i}", i), "--store", store,
                           "--as-of", day, cwd=tmp_path).returncode == 0
    add = subprocess.run([sys.executable, "-m", "branchgraph", "users", "add", "hsp", "--role",
                          "planner", "--county", "红山区", "--password-stdin", "--store", str(store)],
                         input="pass-word-123\n", capture_output=True, text=True, cwd=tmp_path)
    assert add.returncode == 0, add.stderr
    for day in (M1, M2, M1):  # back to month 1 after month 2 was built
        args = ("warnings", "--snapshot", day, "--store", store, "--format", "csv")
        mine = branchgraph("--user", "hsp", *args, cwd=tmp_path)
        whole = branchgraph(*args, cwd=tmp_path)
        assert mine.returncode == 0, mine.stderr
        assert mine.stdout == whole.stdout and mine.stdout.count("\n") > 1
    changes = branchgraph("--user", "hsp", "query", "changes", "--store", store, "--format", "csv",
                          cwd=tmp_path)
    assert [r["org_id"] for r in csv.DictReader(changes.stdout.splitlines())] == [
        "B1", "B4", "B2", "B3", "B5"]
