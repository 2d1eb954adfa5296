"""Exports: BOM CSV and xlsx, formula neutralisation, every row, zh/en headers, the CLI."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from branchgraph.cli import main
from queries import catalogue, labels
from queries.export import (
    ExportError,
    available_exports,
    export,
    export_all,
    neutralise,
    write_table,
)
from tests.test_stars import star_tables

BOM = b"\xef\xbb\xbf"


def read_csv_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(BOM)
    return list(csv.reader(io.StringIO(raw[len(BOM):].decode("utf-8"), newline="")))


def read_xlsx_rows(path: Path) -> list[list[object]]:
    wb = load_workbook(path)
    return [list(r) for r in wb.active.iter_rows(values_only=True)]


SAMPLE = pd.DataFrame(
    {
        "org_id": ["B01", "B02", "B03"],
        "name": ["一村党支部", "=SUM(A1)", "@x"],
        "tier": ["lagging", "advanced", None],
        "stars": pd.array([3, -5, None], dtype="Int64"),
        "weak": pd.array([True, False, None], dtype="boolean"),
        "missing": ["watched|mentor|pairing", "chain", ""],
    }
)

# -- neutralisation ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@x", "'@x"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("-5", "-5"),          # a plain negative number is harmless
        ("-1.5", "-1.5"),
        ("红山区", "红山区"),
        ("a=b", "a=b"),        # only the first character matters
        (-5, -5),
        (2.5, 2.5),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_csv_neutralises_text_but_keeps_numbers(tmp_path):
    df = pd.DataFrame({"text": ["=SUM(A1)", "+1", "-2+3", "@x"], "n": [-5, 1, 2, 3]})
    rows = read_csv_rows(write_table(df, tmp_path / "f.csv", lang="en", values=False))
    assert [r[0] for r in rows[1:]] == ["'=SUM(A1)", "'+1", "'-2+3", "'@x"]
    assert [r[1] for r in rows[1:]] == ["-5", "1", "2", "3"]


def test_xlsx_neutralises_text_but_keeps_numbers(tmp_path):
    df = pd.DataFrame({"text": ["=SUM(A1)", "+1", "-2+3", "@x"], "n": [-5, 1, 2, 3]})
    path = write_table(df, tmp_path / "f.xlsx", lang="en", values=False)
    wb = load_workbook(path)
    ws = wb.active
    assert [c.value for c in ws["A"][1:]] == ["'=SUM(A1)", "'+1", "'-2+3", "'@x"]
    assert all(c.data_type == "s" for c in ws["A"][1:])  # text, not formulas
    assert ws["B2"].value == -5 and ws["B2"].data_type == "n"


# -- CSV and xlsx --------------------------------------------------------------------


def test_csv_has_bom_and_intact_chinese_with_zh_headers(tmp_path):
    path = write_table(SAMPLE, tmp_path / "gaps.csv")
    assert path.read_bytes().startswith(BOM)
    rows = read_csv_rows(path)
    assert rows[0] == ["组织编码", "名称", "类别", "星级", "软弱涣散", "缺少"]
    assert rows[1] == ["B01", "一村党支部", "后进", "3", "是", "无人包联、无结对"]  # 无人包联 already says 无包联干部
    assert rows[2] == ["B02", "'=SUM(A1)", "先进", "-5", "否", "未入产业链"]
    assert rows[3] == ["B03", "'@x", "", "", "", ""]
    # pandas reads it back the way Excel would see it
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert back["名称"].iloc[0] == "一村党支部"


def test_en_headers_and_values(tmp_path):
    rows = read_csv_rows(write_table(SAMPLE, tmp_path / "gaps.csv", lang="en"))
    assert rows[0] == ["Organisation ID", "Name", "Tier", "Stars", "Weak", "Missing"]
    assert rows[1][2:] == ["lagging", "3", "yes", "nobody watching, no pairing"]


def test_xlsx_round_trip(tmp_path):
    path = write_table(SAMPLE, tmp_path / "gaps.xlsx", title="无人包联")
    wb = load_workbook(path)
    assert wb.sheetnames == ["无人包联"]
    rows = read_xlsx_rows(path)
    assert rows[0] == ["组织编码", "名称", "类别", "星级", "软弱涣散", "缺少"]
    assert rows[1] == ["B01", "一村党支部", "后进", 3, "是", "无人包联、无结对"]  # 无人包联 already says 无包联干部
    assert rows[2] == ["B02", "'=SUM(A1)", "先进", -5, "否", "未入产业链"]
    assert rows[3] == ["B03", "'@x", None, None, None, None]


def test_overrides_and_untranslated(tmp_path):
    df = pd.DataFrame({"name": ["王芳"], "not_a_known_column": [1]})
    rows = read_csv_rows(
        write_table(df, tmp_path / "p.csv", labels={"name": ("姓名", "Name")})
    )
    assert rows[0] == ["姓名", "not_a_known_column"]


def test_bad_extension_and_language(tmp_path):
    with pytest.raises(ExportError, match="use a .csv or .xlsx"):
        write_table(SAMPLE, tmp_path / "x.txt")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        write_table(SAMPLE, tmp_path / "x.csv", lang="fr")
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "x.txt").exists()


# -- exports from the store ------------------------------------------------------------


CONTRACT_EXPORTS = {
    "coverage-gaps", "coverage-rates", "single-watcher", "mentor-load", "stars",
    "star-distribution", "alliances", "unallied", "bridges", "chains", "pairings", "proposals",
}


def test_every_contract_export_is_registered():
    assert CONTRACT_EXPORTS <= set(available_exports())
    for name in available_exports():
        entry = catalogue.get(name)
        assert callable(entry.func) and entry.title_zh and entry.title_en, name
        assert entry.description_zh and entry.description_en, name
    assert {"stars", "star-distribution", "star-progress"} <= set(available_exports())


def big_store(store, n: int):
    orgs = pd.DataFrame(
        {
            "org_id": [f"B{i:05d}" for i in range(n)],
            "name": [f"第{i}党支部" for i in range(n)],
            "kind": "branch",
            "county": ["红山区", "松山区"] * (n // 2),
            "domain": "rural",
            "stars": [i % 11 for i in range(n)],
            "base_stars": 5,
            "task_score": 0.0,
            "highlight_score": 0.0,
        }
    )
    store.replace_graph({"Organization": orgs})
    return store


def test_every_row_is_written(store, tmp_path):
    n = 6200  # more than the dashboard's row limit (5000) and any page size
    big_store(store, n)
    csv_rows = read_csv_rows(export(store, "stars", tmp_path / "stars.csv"))
    assert len(csv_rows) == n + 1
    assert {r[0] for r in csv_rows[1:]} == {f"B{i:05d}" for i in range(n)}
    xlsx_rows = read_xlsx_rows(export(store, "stars", tmp_path / "stars.xlsx", lang="en"))
    assert len(xlsx_rows) == n + 1
    assert xlsx_rows[0][:2] == ["Organisation ID", "Organisation"]


def test_export_with_filters_and_titles(store, tmp_path):
    store.replace_graph(star_tables())
    rows = read_csv_rows(export(store, "stars", tmp_path / "s.csv", county="红山区"))
    assert rows[0][:4] == ["组织编码", "组织名称", "旗县区", "领域"]
    assert [r[0] for r in rows[1:]] == ["S02", "S04", "S01", "S03", "S10"]  # every kind
    assert rows[1][-2:] == ["8", "否"]  # computed 8, does not agree
    progress = read_xlsx_rows(export(store, "star-progress", tmp_path / "p.xlsx"))
    assert progress[0] == ["目标", "星级", "目标组织数", "目标占比", "组织数", "已达标", "达标占比",
                           "尚差组织数", "尚差占比", "按规则计星的组织数"]
    assert progress[1][0] == "6星及以上（今年）"
    assert load_workbook(tmp_path / "p.xlsx").sheetnames == ["星级目标进度"]


def test_export_errors(store, tmp_path):
    store.replace_graph(star_tables())
    with pytest.raises(ExportError, match="no export called 'nope'.*coverage-gaps"):
        export(store, "nope", tmp_path / "x.csv")
    with pytest.raises(ExportError, match="takes no parameter 'colour'.*county"):
        export(store, "stars", tmp_path / "x.csv", colour="red")
    assert not (tmp_path / "x.csv").exists()


def test_export_all(store, tmp_path):
    store.replace_graph(star_tables())
    paths = export_all(store, tmp_path / "out")
    names = [p.name for p in paths]
    assert names == [f"{n}.csv" for n in available_exports()]
    assert {"stars.csv", "star-distribution.csv", "star-progress.csv"} <= set(names)
    for p in paths:
        assert p.read_bytes().startswith(BOM)
        # headers are translated and unique in every export
        header = read_csv_rows(p)[0]
        assert len(set(header)) == len(header), p.name
    xlsx = export_all(store, tmp_path / "x", lang="en", fmt="xlsx")
    assert all(p.suffix == ".xlsx" for p in xlsx) and len(xlsx) == len(paths)


# -- labels ----------------------------------------------------------------------------

#: Every column the analysis API (api_contract.md) names.
CONTRACT_COLUMNS = """
org_id name kind county township domain tier stars weak watchers mentors contacts alliances
pairings chains watched missing group organisations watched_share mentor_share contact_share
alliance_share pairing_share chain_share person_id person_name role level mentored load
weighted_load capacity status advanced middle lagging unrated mix mix_ok people mean_load
max_load over_capacity over_share mix_broken link base_stars task_score highlight_score computed
agrees s0 s1 s2 s3 s4 s5 s6 s7 s8 s9 s10 rated at6_share at8_share target goal_share at_target
share gap alliance_id theme founded members lead_id lead_name island component largest
betweenness community counties main_domain chain_id industry stages villages enterprises org_a
name_a org_b name_b type since until org_name cost reason lost figure before after
""".split()


def test_every_contract_column_has_both_labels():
    missing = [c for c in CONTRACT_COLUMNS if c not in labels.COLUMN_LABELS]
    assert missing == []
    for col, (zh, en) in labels.COLUMN_LABELS.items():
        assert zh and en and zh != en, col


@pytest.mark.parametrize("dimension", ["tier", "kind", "domain", "status", "link", "missing"])
def test_value_labels_cover_dimensions(dimension):
    from loaders.contract import ENUMS

    table = labels.VALUE_LABELS[dimension]
    if dimension in ENUMS:
        assert set(ENUMS[dimension]) <= set(table)
    for value, (zh, en) in table.items():
        assert zh and en, value
    assert labels.value_label(dimension, "not-a-value", "zh") == "not-a-value"


# -- the command line -------------------------------------------------------------------


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    try:
        code = main(args)
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return int(code or 0), out.out, out.err


def test_cli_export_one(tmp_path, capsys):
    from graphmodel import open_store

    db = tmp_path / "g.lbug"
    with open_store(db) as s:
        s.replace_graph(star_tables())
    out = tmp_path / "星级.xlsx"
    code, stdout, _ = run_cli(
        ["export", "stars", "--out", str(out), "--store", str(db), "--lang", "en",
         "-p", "county=松山区"], capsys,
    )
    assert code == 0 and "wrote 6 rows" in stdout
    assert read_xlsx_rows(out)[0][0] == "Organisation ID"


def test_cli_export_all_and_errors(tmp_path, capsys):
    from graphmodel import open_store

    db = tmp_path / "g.lbug"
    with open_store(db) as s:
        s.replace_graph(star_tables())
    code, stdout, _ = run_cli(
        ["export", "--all", "--out-dir", str(tmp_path / "all"), "--store", str(db)], capsys
    )
    assert code == 0 and (tmp_path / "all" / "stars.csv").exists()
    assert stdout.count("wrote ") == len(available_exports())
    code, _, err = run_cli(["export", "nope", "--out", "x.csv", "--store", str(db)], capsys)
    assert code == 1 and "no export called 'nope'" in err and "mentor-load" in err
    code, _, err = run_cli(["export", "stars", "--store", str(db)], capsys)
    assert code == 1 and "--out FILE is needed" in err
    code, _, err = run_cli(
        ["export", "stars", "--out", str(tmp_path / "x.csv"), "--store", str(db), "-p", "x=1"],
        capsys,
    )
    assert code == 1 and "takes no parameter 'x'" in err
    code, _, err = run_cli(["export", "--all", "--store", str(db)], capsys)
    assert code == 1 and "--out-dir" in err


def test_fractions_are_rounded_not_truncated(tmp_path):
    df = pd.DataFrame({"share": [3 / 7, 2 / 3, 0.5], "organisations": [7, 3, 2]})
    rows = read_csv_rows(write_table(df, tmp_path / "r.csv", lang="en"))
    assert rows[1:] == [["0.428571", "7"], ["0.666667", "3"], ["0.5", "2"]]


def test_mentor_mix_is_not_left_looking_like_a_date(tmp_path):
    # "1/1/1" in a CSV opens as the date 2001-01-01 in Excel and Calc
    df = pd.DataFrame({"person_id": ["P1", "P2"], "mix": ["1/1/1", "0/2/1"]})
    zh = read_csv_rows(write_table(df, tmp_path / "zh.csv"))
    assert [r[1] for r in zh[1:]] == ["先进1 中间1 后进1", "先进0 中间2 后进1"]
    en = read_csv_rows(write_table(df, tmp_path / "en.csv", lang="en"))
    assert en[1][1] == "adv 1 / mid 1 / lag 1"


def test_planner_exports_on_tiny_county(store, tmp_path):
    from queries.catalogue import table
    from tests.analysis_graphs import AS_OF, tiny_county

    store.replace_graph(tiny_county())
    gaps = table("coverage-gaps", store, {"as_of": AS_OF})
    assert {"org_id", "name", "county", "domain", "tier", "stars", "weak", "missing"} <= set(
        gaps.columns
    )
    # nobody watches these on 2025-01-01 (see tests/analysis_graphs.py)
    assert set(gaps["org_id"]) == {"B05", "G06", "B09", "B11", "B12"}
    load = table("mentor-load", store, {"as_of": AS_OF})
    assert {"person_id", "name", "mentored", "contacts", "weighted_load", "capacity",
            "status", "mix"} <= set(load.columns)
    rows = read_csv_rows(export(store, "mentor-load", tmp_path / "load.csv", as_of=AS_OF))
    header = rows[0]
    p1 = dict(zip(header, next(r for r in rows if r[0] == "P1")))
    assert p1["姓名"] == "王芳" and p1["包联结构"] == "先进1 中间1 后进1" and p1["负担状态"] == "已满"


def test_table_bytes_match_the_files(tmp_path):
    from queries.export import table_bytes

    csv_bytes = table_bytes(SAMPLE, "csv")
    assert csv_bytes == write_table(SAMPLE, tmp_path / "a.csv").read_bytes()
    assert csv_bytes.startswith(BOM)
    xlsx = tmp_path / "b.xlsx"
    xlsx.write_bytes(table_bytes(SAMPLE, "xlsx", lang="en", title="Gaps"))
    assert load_workbook(xlsx).sheetnames == ["Gaps"]
    assert read_xlsx_rows(xlsx)[0][0] == "Organisation ID"
    with pytest.raises(ExportError, match="unknown format 'pdf'"):
        table_bytes(SAMPLE, "pdf")


def test_export_all_on_tiny_county(store, tmp_path):
    from tests.analysis_graphs import tiny_county

    store.replace_graph(tiny_county())  # stars recorded, but no rating inputs
    paths = export_all(store, tmp_path, fmt="xlsx")
    assert [p.stem for p in paths] == available_exports()
    stars = read_xlsx_rows(tmp_path / "stars.xlsx")
    assert len(stars) == 16  # header + the 15 organisations of every kind


def test_translate_values_keeps_missing_as_none_and_numbers_as_they_are():
    df = pd.DataFrame({
        "tier": ["lagging", None, "advanced", "lagging"],
        "weak": pd.array([True, None, False, True], dtype="boolean"),
        "missing": ["watched|mentor", "chain", None, "watched|mentor"],
        "stars": pd.array([3, None, 8, 3], dtype="Int64"),
    })
    before = df.copy()
    zh = labels.translate_values(df, "zh")
    assert zh["tier"].tolist() == ["后进", None, "先进", "后进"]
    assert zh["weak"].tolist() == ["是", None, "否", "是"]
    assert zh["missing"].tolist()[1:3] == [labels.value_label("missing", "chain"), None]
    assert zh["missing"][0] == zh["missing"][3] == labels.value_label("missing", "watched|mentor")
    assert zh["stars"].tolist() == df["stars"].tolist() and str(zh["stars"].dtype) == "Int64"
    pd.testing.assert_frame_equal(df, before)  # the input is untouched
