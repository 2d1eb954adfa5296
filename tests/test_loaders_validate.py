"""Validation: one small fixture per kind of bad input, with the exact report lines.

Fixtures live in tests/data/loaders/<kind>/; each test states the report lines a
planner gets (English and, for some, Chinese) and that loaded + rejected == read.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from loaders import LoadError, load_path, read_dataset, report_lines, validate, write_report
from loaders.read import Dataset, Source
from loaders.report import REJECTS_NAME, REPORT_NAME, read_rejects

DATA = Path(__file__).parent / "data" / "loaders"


def check(kind: str, lang: str = "en"):
    return validate(read_dataset(DATA / kind, lang=lang), lang=lang)


def assert_balanced(r) -> None:
    assert r.rows_loaded + r.rows_rejected == r.rows_read
    for row in r.counts.itertuples(index=False):
        assert row.loaded + row.rejected == row.read
        assert len(r.tables[row.table]) == row.loaded
    assert len(r.rejects) == r.rows_rejected


CASES = {
    "missing_column": (
        [
            "organizations.csv kind: required column kind is missing; all 2 rows rejected",
            "people.csv:2 org_id: 'O1' refers to a rejected row (organizations.csv:2)",
        ],
        (3, 0, 3),
    ),
    "duplicate_id": (["organizations.csv:4 org_id: duplicate id 'O1' (already at row 2)"], (4, 3, 1)),
    "bad_enum": (
        [
            "organizations.csv:3 kind: '支部' is not one of: committee (党委), working_committee (党工委), "
            "general_branch (党总支), branch (党支部)",
            "organizations.csv:4 domain: 'farm' is not one of: rural (农村), community (社区), "
            "government (机关), school (学校), hospital (医院), soe (国企), private (非公), "
            "social (社会组织), park (园区)",
            "organizations.csv:5 weak: 'maybe' is not yes or no (是/否, true/false, 1/0)",
        ],
        (4, 1, 3),
    ),
    "out_of_range": (
        [
            "organizations.csv:3 stars: 11 is not between 0 and 10",
            "organizations.csv:4 base_stars: 6 is not between 0 and 5",
            "organizations.csv:5 stars: '2.5' is not a whole number",
            "organizations.csv:6 task_score: 100.5 is not between 0 and 100",
            "organizations.csv:6 highlight_score: -1 is not between 0 and 10",
            "organizations.csv:7 members: -3 is less than 0",
        ],
        (6, 1, 5),
    ),
    "bad_date": (
        [
            "assignments.csv:3 since: '2024-02-30' is not a date (write it as 2024-01-05)",
            "assignments.csv:4 since: '05/01/2024' is not a date (write it as 2024-01-05)",
        ],
        (6, 4, 2),
    ),
    "until_before_since": (
        ["pairings.csv:2 until: until 2024-05-31 is before since 2024-06-01"],
        (4, 3, 1),
    ),
    "dangling_reference": (
        [
            "organizations.csv:4 parent_id: 'O9' is not in organizations",
            "people.csv:3 org_id: 'O7' is not in organizations",
            "assignments.csv:3 org_id: 'O3' refers to a rejected row (organizations.csv:4)",
            "assignments.csv:4 person_id: 'P2' refers to a rejected row (people.csv:3)",
            "assignments.csv:5 person_id: 'P9' is not in people",
        ],
        (9, 4, 5),
    ),
    "parent_cycle": (
        [
            "organizations.csv:3 parent_id: parent cycle: A → C → B → A",
            "organizations.csv:4 parent_id: parent cycle: B → A → C → B",
            "organizations.csv:5 parent_id: parent cycle: C → B → A → C",
            "organizations.csv:6 parent_id: 'A' refers to a rejected row (organizations.csv:3)",
            "organizations.csv:7 parent_id: parent cycle: S → S",
            "chain_members.csv:2 org_id: 'D' refers to a rejected row (organizations.csv:6)",
        ],
        (10, 4, 6),
    ),
    "two_leads": (
        [
            "alliances.csv:3 alliance_id: none of the alliance's members is its lead (role lead/牵头)",
            "alliance_members.csv:3 role: alliance 'U1' already has a lead (row 2)",
            "alliance_members.csv:5 alliance_id: 'U2' refers to a rejected row (alliances.csv:3)",
            "alliance_members.csv:6 alliance_id: 'U2' refers to a rejected row (alliances.csv:3)",
        ],
        (10, 6, 4),
    ),
    "self_pairing": (
        ["pairings.csv:2 org_b: an organisation cannot pair with itself ('O1')"],
        (4, 3, 1),
    ),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_bad_input_report_lines(kind: str, tmp_path: Path) -> None:
    lines, (read, loaded, rejected) = CASES[kind]
    r = check(kind)
    assert report_lines(r, "en") == lines
    assert (r.rows_read, r.rows_loaded, r.rows_rejected) == (read, loaded, rejected)
    assert_balanced(r)
    paths = write_report(r, tmp_path, source="x", lang="en")
    text = paths.report.read_text(encoding="utf-8").splitlines()
    assert text[-len(lines):] == lines
    assert paths.rejects.read_bytes().startswith(b"\xef\xbb\xbf")
    assert len(read_rejects(paths.rejects)) == rejected


def test_good_dataset_is_clean_and_canonical() -> None:
    r = check("good", "zh")
    assert r.problems == []
    assert_balanced(r)
    assert r.rows_read == 22 and r.rows_rejected == 0
    orgs = r.tables["organizations"].set_index("org_id")
    assert list(orgs.columns)[:3] == ["name", "kind", "parent_id"]
    assert orgs.loc["B1", "kind"] == "branch" and orgs.loc["C1", "kind"] == "committee"
    assert orgs.loc["B4", "kind"] == "general_branch"
    assert orgs.loc["B1", "domain"] == "rural"  # 嘎查村 is rural
    assert orgs.loc["B4", "domain"] == "soe"
    assert orgs.loc["B3", "tier"] == "lagging" and orgs.loc["B1", "tier"] == "advanced"
    assert orgs.loc["B3", "weak"] == True and orgs.loc["B4", "weak"] == False  # noqa: E712
    assert orgs.loc["B1", "stars"] == 7 and str(orgs["stars"].dtype) == "Int64"
    assert orgs.loc["B1", "task_score"] == 45.5
    assert pd.isna(orgs.loc["C1", "parent_id"]) and orgs.loc["B1", "parent_id"] == "G1"
    a = r.tables["assignments"]
    assert list(a["type"]) == ["mentor", "mentor", "mentor", "contact", "secretary"]
    assert list(a["since"].fillna("")) == ["2024-01-05", "2024-03-01", "2024-01-05", "", "2021-06-30"]
    assert a["until"].iloc[1] == "2024-12-31"
    assert list(r.tables["alliance_members"]["role"]) == ["lead", "member", "member"]
    assert r.tables["people"].set_index("person_id").loc["P2", "level"] == "township"


def test_chinese_messages_use_the_files_headers() -> None:
    r = check("out_of_range", "zh")
    assert report_lines(r, "zh")[:3] == [
        "organizations.csv:3 stars: 11 不在 0 到 10 之间",
        "organizations.csv:4 base_stars: 6 不在 0 到 5 之间",
        "organizations.csv:5 stars: 「2.5」不是整数",
    ]


def test_missing_column_in_chinese_names_the_chinese_header() -> None:
    r = check("missing_column", "zh")
    assert report_lines(r, "zh")[0] == "organizations.csv 类型: 缺少必填列「类型」，本表 2 行全部未导入"


def test_rejects_keep_original_columns_and_all_reasons(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "党组织.csv").write_text(
        "组织编码,名称,类型,星级,备注\nO1,甲,党支部,5,\nO2,乙,支部, 12 ,note\n", encoding="utf-8")
    r = validate(read_dataset(tmp_path / "d", lang="zh"), lang="zh")
    assert report_lines(r, "zh") == [
        "党组织.csv 备注: 警告：未知列，已忽略",
        "党组织.csv:3 类型: 「支部」不是有效值，应为：党委/committee、党工委/working_committee、"
        "党总支/general_branch、党支部/branch",
        "党组织.csv:3 星级: 12 不在 0 到 10 之间",
    ]
    paths = write_report(r, tmp_path / "rep", lang="zh")
    rej = read_rejects(paths.rejects)
    assert list(rej.columns) == ["表", "文件", "行", "原因", "组织编码", "名称", "类型", "星级", "备注"]
    assert rej.iloc[0].tolist() == [
        "organizations", "党组织.csv", "3",
        "类型: 「支部」不是有效值，应为：党委/committee、党工委/working_committee、党总支/general_branch、"
        "党支部/branch; 星级: 12 不在 0 到 10 之间",
        "O2", "乙", "支部", " 12 ", "note",
    ]
    assert paths.report.name == REPORT_NAME and paths.rejects.name == REJECTS_NAME


def test_repeated_links_and_alliance_without_members(tmp_path: Path) -> None:
    d = tmp_path / "d"
    d.mkdir()
    (d / "organizations.csv").write_text("org_id,name,kind\nO1,甲,branch\nO2,乙,branch\n", encoding="utf-8")
    (d / "alliances.csv").write_text("alliance_id,name\nU1,一\nU2,二\n", encoding="utf-8")
    (d / "alliance_members.csv").write_text(
        "alliance_id,org_id,role\nU1,O1,lead\nU1,O2,member\nU1,O2,成员\n", encoding="utf-8")
    (d / "pairings.csv").write_text("org_a,org_b\nO1,O2\nO1,O2\n", encoding="utf-8")
    r = validate(read_dataset(d, lang="en"), lang="en")
    assert report_lines(r, "en") == [
        "alliances.csv:3 alliance_id: warning: the alliance has no members",
        "alliance_members.csv:4 org_id: same as row 3",
        "pairings.csv:3 same as row 2",
    ]
    assert_balanced(r)
    assert (r.rows_read, r.rows_rejected) == (9, 2)


def test_cascade_runs_down_a_deep_hierarchy() -> None:
    n = 3000  # a chain O0 <- O1 <- ... deeper than any doubling shortcut would hide
    ids = [f"O{i}" for i in range(n)]
    rows = pd.DataFrame({"org_id": ids, "name": ids, "kind": "branch",
                         "parent_id": [""] + ids[:-1]})
    rows.loc[n // 2, "kind"] = "bad"
    src = Source("organizations", "organizations.csv", rows.astype("str"), np.arange(n) + 2,
                 {c: c for c in rows.columns})
    r = validate(Dataset(Path("."), [src], []), lang="en")
    assert r.rows_loaded == n // 2 and r.rows_rejected == n - n // 2
    assert report_lines(r, "en")[1] == (
        f"organizations.csv:{n // 2 + 3} parent_id: 'O{n // 2}' refers to a rejected row "
        f"(organizations.csv:{n // 2 + 2})")


def test_load_path_writes_graph_and_report(store, tmp_path: Path) -> None:
    res = load_path(store, DATA / "dangling_reference", report_dir=tmp_path / "rep", lang="en",
                    accept_rejects=True)
    assert (res.rows_read, res.rows_loaded, res.rows_rejected) == (9, 4, 5)
    info = store.load_info()
    assert (info.rows_read, info.rows_rejected) == (9, 5)
    assert info.source == str(DATA / "dangling_reference")
    counts = dict(zip(store.counts()["name"], store.counts()["count"]))
    assert counts["Organization"] == 2 and counts["Person"] == 1 and counts["MENTORS"] == 1
    assert counts["BELONGS_TO"] == 1 and counts["WORKS_IN"] == 1
    assert res.report.report.exists() and res.report.rejects.exists()


def test_load_path_good_dataset_builds_every_relationship(any_store) -> None:
    """On LadybugDB and on a Bolt server alike: the clean dtypes travel to both."""
    store = any_store
    load_path(store, DATA / "good")
    counts = dict(zip(store.counts()["name"], store.counts()["count"]))
    assert counts == {
        "Organization": 6, "Person": 3, "Alliance": 1, "Chain": 1, "BELONGS_TO": 5,
        "MENTORS": 3, "CONTACT_POINT": 1, "SECRETARY_OF": 1, "WORKS_IN": 3,
        "MEMBER_OF": 3, "IN_CHAIN": 2, "PAIRED_WITH": 1,
    }
    df = store.run("MATCH (o:Organization {org_id: $id}) RETURN o.stars AS s, o.weak AS w, o.tier AS t",
                   {"id": "B3"})
    assert df.iloc[0].tolist() == [3, True, "lagging"]


def test_strict_refuses_and_leaves_the_store(store, tmp_path: Path) -> None:
    load_path(store, DATA / "good")
    before = store.load_info()
    with pytest.raises(LoadError, match="strict mode: 1 rows failed") as exc:
        load_path(store, DATA / "duplicate_id", strict=True, report_dir=tmp_path, lang="en")
    assert exc.value.validation.rows_rejected == 1
    assert store.load_info() == before
    assert (tmp_path / REPORT_NAME).exists()


def test_nothing_loadable_is_refused(store) -> None:
    with pytest.raises(LoadError, match="no organisation passed the checks"):
        load_path(store, DATA / "missing_column", lang="en")
    assert not store.exists()
