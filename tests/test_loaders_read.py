"""Reading datasets: encodings, Chinese and English names, workbooks, zips, row numbers."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from loaders import LoadError, read_dataset, report_lines, validate
from loaders.read import column_for, detect_encoding, table_for

DATA = Path(__file__).parent / "data" / "loaders"
GOOD = DATA / "good"


def clean(path: Path, lang: str = "en"):
    return validate(read_dataset(path, lang=lang), lang=lang)


def frames_equal(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for k in a:
        pd.testing.assert_frame_equal(a[k], b[k], check_dtype=True)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_each_encoding_reads_the_same(tmp_path: Path, encoding: str) -> None:
    for f in GOOD.iterdir():
        (tmp_path / f.name).write_bytes(f.read_text(encoding="utf-8").encode(encoding))
    ds = read_dataset(tmp_path)
    want = "gb18030" if encoding in ("gb18030", "gbk") else "utf-8-sig"
    assert {s.encoding for s in ds.sources} == {want}
    r = validate(ds)
    assert r.problems == [] and r.rows_read == 22
    frames_equal(r.tables, clean(GOOD).tables)
    assert r.tables["organizations"]["name"].iloc[0] == "红山区委组织部党委"


def test_utf16_with_bom_and_tabs(tmp_path: Path) -> None:
    text = "org_id\tname\tkind\nO1\t第一党支部\t党支部\n"
    (tmp_path / "organizations.csv").write_bytes(text.encode("utf-16"))
    r = clean(tmp_path)
    assert r.tables["organizations"][["org_id", "name", "kind"]].values.tolist() == [["O1", "第一党支部", "branch"]]


def test_detect_encoding() -> None:
    assert detect_encoding(io.BytesIO("编码".encode("gbk"))) == "gb18030"
    assert detect_encoding(io.BytesIO("编码".encode("utf-8"))) == "utf-8-sig"
    assert detect_encoding(io.BytesIO(b"\x80\xff\x80")) is None


def test_undecodable_file_is_a_load_error(tmp_path: Path) -> None:
    (tmp_path / "organizations.csv").write_bytes(b"org_id,name\n\x80\xff,x\n")
    with pytest.raises(LoadError, match="cannot tell the text encoding of organizations.csv"):
        read_dataset(tmp_path, lang="en")


def test_english_file_names_and_headers(tmp_path: Path) -> None:
    (tmp_path / "Organizations.csv").write_text(
        "\ufeff ORG_ID ,Name,kind,Parent_ID\nC1,市委,committee,\nB1,一支部,branch,C1\n", encoding="utf-8")
    (tmp_path / "people.csv").write_text("person_id,name,capacity\nP1,王芳,2\n", encoding="utf-8")
    ds = read_dataset(tmp_path)
    org = next(s for s in ds.sources if s.table == "organizations")
    assert org.columns == {"org_id": "ORG_ID", "name": "Name", "kind": "kind", "parent_id": "Parent_ID"}
    r = validate(ds)
    assert r.tables["organizations"]["parent_id"].tolist()[1] == "C1"
    assert r.tables["people"]["capacity"].tolist() == [2]


def test_table_and_column_names() -> None:
    assert table_for("结对") == "pairings" and table_for("联系点") == "assignments"
    assert table_for("产业链") == "chains" and table_for("组织") is None
    assert column_for("organizations", "上级") == "parent_id"
    assert column_for("organizations", "*组织 编码") == "org_id"
    assert column_for("pairings", "组织编码A") == "org_a"
    assert column_for("alliances", "类型") == "theme" and column_for("organizations", "类型") == "kind"


def test_row_numbers_follow_excel_with_blank_and_multiline_rows(tmp_path: Path) -> None:
    (tmp_path / "organizations.csv").write_text(
        'org_id,name,kind,stars\nO1,一,branch,1\n,,,\n\nO2,"两\n行",branch,1\nO3,三,branch,99\n',
        encoding="utf-8")
    r = clean(tmp_path)
    assert r.rows_read == 3  # blank rows are not rows
    assert report_lines(r, "en") == ["organizations.csv:6 stars: 99 is not between 0 and 10"]


def test_ragged_rows_are_padded_or_rejected(tmp_path: Path) -> None:
    (tmp_path / "organizations.csv").write_text(
        "org_id,name,kind\nO1,一,branch\nO2,二\nO3,三,branch,多余\nO4,四,branch,\n", encoding="utf-8")
    r = clean(tmp_path)
    assert report_lines(r, "en") == [
        "organizations.csv:3 kind: required value is empty",
        "organizations.csv:4 the row has 4 values but the header has 3 columns (an unquoted comma?)",
    ]
    assert r.tables["organizations"]["org_id"].tolist() == ["O1", "O4"]


def test_unknown_files_and_columns_are_warnings(tmp_path: Path) -> None:
    (tmp_path / "organizations.csv").write_text("org_id,name,kind,备注,名称\nO1,一,branch,x,y\n", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("a\n1\n", encoding="utf-8")
    (tmp_path / "~$organizations.xlsx").write_bytes(b"lock")
    r = clean(tmp_path)
    assert report_lines(r, "en") == [
        "notes.csv warning: not a known table, ignored (known names: organizations, people, "
        "assignments, alliances, alliance_members, chains, chain_members, pairings)",
        "organizations.csv 备注: warning: unknown column, ignored",
        "organizations.csv 名称: warning: also means name, like 'name'; ignored",
    ]
    assert r.rows_loaded == 1 and r.tables["organizations"]["name"].tolist() == ["一"]


def test_missing_organizations_is_a_load_error(tmp_path: Path) -> None:
    (tmp_path / "人员.csv").write_text("人员编码,姓名\nP1,王芳\n", encoding="utf-8")
    with pytest.raises(LoadError, match="没有党组织表"):
        read_dataset(tmp_path)
    with pytest.raises(LoadError, match="does not exist"):
        read_dataset(tmp_path / "nope", lang="en")
    (tmp_path / "x.json").write_text("{}")
    with pytest.raises(LoadError, match=r"is not a folder, a CSV file, a workbook \(.xlsx, .xls, .ods\) or a .zip"):
        read_dataset(tmp_path / "x.json", lang="en")


def _workbook(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "党组织"
    ws.append(["赤峰市党组织名单"])  # a title row above the header
    ws.append(["组织编码", "组织名称", "类型", "上级组织编码", "星级", "任务得分", "软弱涣散"])
    ws.append(["C1", "市委", "党委", None, None, None, False])
    ws.append([1502, "一支部", "党支部", "C1", 7, 45.5, True])
    ws.append([None] * 7)
    ws.append(["B2", "二支部", "党支部", "C1", 12.0, None, "否"])
    p = wb.create_sheet("人员")
    p.append(["人员编码", "姓名", "所在组织编码"])
    p.append(["P1", "王芳", "C1"])
    a = wb.create_sheet("包联")
    a.append(["人员编码", "组织编码", "类型", "开始日期", "结束日期"])
    a.append(["P1", "1502", "包联", dt.datetime(2024, 1, 5), dt.date(2024, 12, 31)])
    wb.create_sheet("说明").append(["这是说明"])
    wb.save(path)


def test_xlsx_with_chinese_sheet_names(tmp_path: Path) -> None:
    _workbook(tmp_path / "赤峰.xlsx")
    r = clean(tmp_path / "赤峰.xlsx")
    assert report_lines(r, "en") == [
        "赤峰.xlsx[说明] warning: not a known table, ignored (known names: organizations, people, "
        "assignments, alliances, alliance_members, chains, chain_members, pairings)",
        "赤峰.xlsx[党组织]:6 星级: 12 is not between 0 and 10",
    ]
    orgs = r.tables["organizations"].set_index("org_id")
    assert list(orgs.index) == ["C1", "1502"]  # a numeric id cell reads as "1502", not "1502.0"
    assert orgs.loc["1502", "stars"] == 7 and orgs.loc["1502", "task_score"] == 45.5
    assert orgs.loc["1502", "weak"] == True and orgs.loc["C1", "weak"] == False  # noqa: E712
    a = r.tables["assignments"]
    assert a[["org_id", "type", "since", "until"]].values.tolist() == [["1502", "mentor", "2024-01-05", "2024-12-31"]]
    assert r.rows_read == 5 and r.rows_rejected == 1


class GbkName(zipfile.ZipInfo):
    """What zip tools on a Chinese Windows write: GBK names without the UTF-8 flag."""

    def _encodeFilenameFlags(self):  # noqa: N802 - zipfile's name
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def test_zip_of_csvs_with_gbk_member_names(tmp_path: Path) -> None:
    z = tmp_path / "upload.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for f in GOOD.iterdir():
            zf.writestr(GbkName("数据/" + f.name), f.read_text(encoding="utf-8").encode("gb18030"))
        zf.writestr("__MACOSX/._党组织.csv", b"junk")
    r = clean(z)
    assert r.problems == []
    frames_equal(r.tables, clean(GOOD).tables)
    assert sorted(s.label for s in read_dataset(z).sources)[0] == "产业链党委.csv"


def test_two_files_for_one_table_are_combined(tmp_path: Path) -> None:
    shutil.copy(GOOD / "党组织.csv", tmp_path)
    shutil.copy(GOOD / "人员.csv", tmp_path)
    (tmp_path / "包联.csv").write_text("人员编码,组织编码,类型\nP1,B1,包联\n", encoding="utf-8")
    (tmp_path / "联系点.csv").write_text("人员编码,组织编码,类型\nP2,B9,联系点\nP2,B2,联系点\n", encoding="utf-8")
    r = clean(tmp_path)
    assert report_lines(r, "en") == ["联系点.csv:2 组织编码: 'B9' is not in organizations"]
    assert r.tables["assignments"]["type"].tolist() == ["mentor", "contact"]
    assert r.counts.set_index("table").loc["assignments", "files"] == "包联.csv, 联系点.csv"


def test_a_workbook_without_an_organisations_sheet_names_the_sheets_it_has(tmp_path):
    import pandas as pd

    from loaders.errors import LoadError
    from loaders.read import read_dataset

    path = tmp_path / "台账.xlsx"
    pd.DataFrame({"组织编码": ["a"], "组织名称": ["甲"], "类型": ["党支部"]}).to_excel(
        path, sheet_name="Sheet1", index=False)
    with pytest.raises(LoadError, match=r"found: 台账\.xlsx\[Sheet1\]"):
        read_dataset(path, lang="en")
