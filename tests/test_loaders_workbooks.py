"""Workbooks as planners lay them out: merged cells, title rows, totals rows, hidden
sheets, numbers and errors in id columns, full-width ids, .xls and .ods (issue 9)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from loaders import LoadError, read_dataset, report_lines, validate
from tests.planner_workbook import planner_workbook

WORKBOOKS = Path(__file__).parent / "data" / "workbooks"


def clean(path: Path, **kw):
    return validate(read_dataset(path, lang="en", **kw), lang="en")


def orgs_of(r) -> dict[str, tuple]:
    o = r.tables["organizations"]
    return {row.org_id: (row.parent_id, row.county, row.township)
            for row in o.astype(object).where(o.notna(), None).itertuples()}


EXPECTED = {
    "C1": (None, "红山区", None),
    "T1": ("C1", "红山区", "文钟镇"),
    "150402": ("T1", "红山区", "文钟镇"),
    "V2": ("T1", "红山区", "文钟镇"),
}


@pytest.fixture
def planner(tmp_path: Path) -> Path:
    return planner_workbook(tmp_path / "红山区台账.xlsx")


def test_merged_cells_hold_their_value_in_every_cell(planner: Path) -> None:
    r = clean(planner)
    assert orgs_of(r) == EXPECTED


def test_title_and_form_rows_above_the_header_are_passed_over(planner: Path) -> None:
    src = next(s for s in read_dataset(planner).sources if s.table == "organizations")
    assert src.columns["org_id"] == "组织编码"
    assert src.rows.tolist() == [4, 5, 6, 7, 8, 9]  # Excel's own row numbers


def test_totals_row_is_skipped_and_named(planner: Path) -> None:
    r = clean(planner)
    c = r.counts.set_index("table").loc["organizations"]
    assert (c.read, c.loaded, c.rejected, c.skipped) == (7, 4, 2, 1)
    assert "红山区台账.xlsx[党组织]:10 warning: a totals row, skipped" in report_lines(r, "en")
    assert r.rows_read == r.rows_loaded + r.rows_rejected + r.rows_skipped


def test_hidden_sheets_are_named_and_not_loaded_unless_asked(planner: Path) -> None:
    r = clean(planner)
    lines = report_lines(r, "en")
    assert ("红山区台账.xlsx[人员] warning: sheet 人员 is hidden and was not loaded; unhide it to load "
            "it (or use --include-hidden)") in lines
    assert any(line.startswith("红山区台账.xlsx[说明] warning: sheet 说明 is hidden") for line in lines)
    assert "people" not in r.tables
    assert r.counts.set_index("table").loc["assignments", "rejected"] == 2  # P1 is on the hidden sheet
    shown = clean(planner, include_hidden=True)
    assert shown.tables["people"]["person_id"].tolist() == ["P1"]
    assert shown.tables["assignments"]["org_id"].tolist() == ["V2", "150402"]


def test_numbers_in_id_columns_keep_their_digits_and_cut_ones_are_refused(planner: Path) -> None:
    lines = report_lines(clean(planner), "en")
    assert ("红山区台账.xlsx[党组织]:8 组织编码: '1.50402198801011E+17' is a number of more than 15 "
            "digits and Excel has already lost its last digits; format the column as text before "
            "typing the ids again") in lines
    assert not any("duplicate" in line for line in lines)


def test_excel_error_cells_are_never_values(planner: Path) -> None:
    r = clean(planner)
    assert ("红山区台账.xlsx[党组织]:9 上级组织编码: the cell shows an Excel error (#N/A), not a value; "
            "fix the formula or type the value") in report_lines(r, "en")
    assert "#N/A" not in set(r.tables["organizations"]["org_id"]) | set(r.tables["organizations"]["parent_id"].dropna())


def test_error_values_typed_into_a_csv_are_refused_too(tmp_path: Path) -> None:
    (tmp_path / "organizations.csv").write_text(
        "org_id,name,kind,parent_id\n#N/A,甲,branch,\nO2,乙,branch,#REF!\nO3,丙,branch,#n/a\nO4,丁,branch,\n",
        encoding="utf-8")
    r = clean(tmp_path)
    assert r.tables["organizations"]["org_id"].tolist() == ["O4"]
    assert [(p.row, p.column, p.message.split(" (")[0]) for p in r.errors] == [
        (2, "org_id", "the cell shows an Excel error"), (3, "parent_id", "the cell shows an Excel error"),
        (4, "parent_id", "the cell shows an Excel error")]


def test_full_width_and_lower_case_ids_are_one_id_noted_once_per_column(planner: Path) -> None:
    r = clean(planner)
    assert set(r.tables["organizations"]["org_id"]) == set(EXPECTED)
    notes = [line for line in report_lines(r, "en") if "normalised" in line]
    assert notes == [
        "红山区台账.xlsx[党组织] 组织编码: warning: 1 ids were normalised (full-width to half-width, "
        "surrounding spaces removed, letters upper-cased), e.g. 'Ｖ２' -> 'V2'",
        "红山区台账.xlsx[党组织] 上级组织编码: warning: 1 ids were normalised (full-width to half-width, "
        "surrounding spaces removed, letters upper-cased), e.g. 't1' -> 'T1'",
        "红山区台账.xlsx[包联] 组织编码: warning: 1 ids were normalised (full-width to half-width, "
        "surrounding spaces removed, letters upper-cased), e.g. 'Ｖ２' -> 'V2'",
    ]


def test_ideographic_spaces_around_an_id_are_removed(tmp_path: Path) -> None:
    (tmp_path / "organizations.csv").write_text(
        "org_id,name,kind,parent_id\n\u3000C1\u3000,甲,committee,\nB1,乙,branch, c1 \n", encoding="utf-8")
    assert clean(tmp_path).tables["organizations"]["parent_id"].tolist()[1] == "C1"


@pytest.mark.parametrize("ext", [".xls", ".ods"])
def test_xls_and_ods_read_like_the_xlsx(planner: Path, tmp_path: Path, ext: str) -> None:
    """The fixtures were made from the same workbook by LibreOffice (see tests/planner_workbook.py)."""
    other = shutil.copy(WORKBOOKS / f"planner{ext}", tmp_path / f"红山区台账{ext}")
    want, got = clean(planner), clean(Path(other))
    assert orgs_of(got) == EXPECTED
    strip = lambda lines: [line.split(" ", 1)[1] for line in lines]  # noqa: E731 - file names differ
    assert strip(report_lines(got, "en")) == strip(report_lines(want, "en"))
    assert got.counts.drop(columns="files").equals(want.counts.drop(columns="files"))


def test_xls_alone_in_a_folder_and_in_a_zip(tmp_path: Path) -> None:
    folder = tmp_path / "台账"
    folder.mkdir()
    shutil.copy(WORKBOOKS / "planner.xls", folder / "红山区.xls")
    with zipfile.ZipFile(tmp_path / "台账.zip", "w") as zf:
        zf.write(WORKBOOKS / "planner.ods", "上报/红山区.ods")
    for path in (folder / "红山区.xls", folder, tmp_path / "台账.zip"):
        assert orgs_of(clean(path)) == EXPECTED, path


def test_an_unreadable_wps_file_is_asked_to_be_saved_as_xlsx(tmp_path: Path) -> None:
    (tmp_path / "台账.et").write_bytes(b"not really a spreadsheet")
    with pytest.raises(LoadError, match=r"cannot read the WPS spreadsheet 台账\.et: save it as \.xlsx"):
        read_dataset(tmp_path / "台账.et", lang="en")


def test_a_merged_header_names_every_column_it_covers(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "党组织"
    ws.append(["组织编码", "组织名称", "类型", "基本情况", None])
    ws.append([None, None, None, "星级", "党员数"])
    for col in "ABC":
        ws.merge_cells(f"{col}1:{col}2")
    ws.merge_cells("D1:E1")
    ws.append(["B1", "一支部", "党支部", 6, 30])
    wb.save(tmp_path / "a.xlsx")
    r = clean(tmp_path / "a.xlsx")
    o = r.tables["organizations"]
    assert (o["org_id"].tolist(), o["stars"].tolist(), o["members"].tolist()) == (["B1"], [6], [30])
