"""CSV files as they arrive (issue 9): decoding errors say where, semicolon and tab
separators are read, and the report folder goes where it may be written."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders import LoadError, read_dataset, report_lines, validate
from loaders.report import default_report_dir
from tests.test_load_cli import branchgraph

HEADER = "组织编码,组织名称,类型\n"


def test_a_decoding_error_names_the_file_line_and_byte_offset(tmp_path: Path) -> None:
    body = (HEADER + "O1,一支部,党支部\nO2,二支部,党支部\n").encode("gbk")
    bad = body + b"O3,\xff\xfe,branch\n"  # two bytes neither GBK nor UTF-8 can read
    (tmp_path / "党组织.csv").write_bytes(bad)
    with pytest.raises(LoadError) as exc:
        read_dataset(tmp_path, lang="en")
    assert str(exc.value) == (
        f"cannot tell the text encoding of 党组织.csv: line 4 (byte offset {len(body) + 3}, bytes ff fe) is "
        "neither UTF-8 nor GB18030; save it from Excel as 'CSV UTF-8'")
    with pytest.raises(LoadError, match=r"第 4 行（字节偏移 \d+，字节 ff fe）"):
        read_dataset(tmp_path)


def test_a_utf8_file_with_one_bad_byte_far_down_is_placed_there(tmp_path: Path) -> None:
    rows = HEADER + "".join(f"O{i},支部{i},党支部\n" for i in range(1000))
    data = rows.encode("utf-8") + b"O\x80,x,branch\n"
    (tmp_path / "党组织.csv").write_bytes(data)
    with pytest.raises(LoadError, match=rf"line 1002 \(byte offset {len(rows.encode()) + 1}, bytes 80 2c\)"):
        read_dataset(tmp_path, lang="en")


@pytest.mark.parametrize("sep", [";", "\t"])
def test_semicolon_and_tab_separated_files_are_read(tmp_path: Path, sep: str) -> None:
    text = "组织编码;组织名称;类型;星级\nO1;一支部,东;党支部;5\n".replace(";", sep)
    (tmp_path / "党组织.csv").write_text(text, encoding="utf-8")
    r = validate(read_dataset(tmp_path, lang="en"), lang="en")
    assert r.problems == []
    assert r.tables["organizations"][["org_id", "name", "stars"]].values.tolist() == [["O1", "一支部,东", 5]]


def test_a_semicolon_header_naming_nothing_known_says_so(tmp_path: Path) -> None:
    (tmp_path / "党组织.csv").write_text("编号;单位;性质\nO1;一支部;党支部\n", encoding="utf-8")
    r = validate(read_dataset(tmp_path, lang="en"), lang="en")
    assert report_lines(r, "en")[0] == (
        "党组织.csv warning: the header looks separated by semicolons, yet names no known column; "
        "save it as comma-separated CSV")


def test_the_report_goes_beside_the_input_when_writable_else_the_current_folder(tmp_path: Path) -> None:
    (tmp_path / "台账").mkdir()
    assert default_report_dir(tmp_path / "台账", cwd=tmp_path / "here") == tmp_path / "台账.report"
    # /proc takes no new folder, not even from root: the report goes to the current folder
    assert default_report_dir("/proc/self/status", cwd=tmp_path / "here") == tmp_path / "here" / "status.report"


def test_the_cli_says_where_the_report_went(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "党组织.csv").write_text(HEADER + "O1,一支部,党支部\n", encoding="utf-8")
    run = branchgraph("load", tmp_path / "d", "--store", tmp_path / "g.lbug", "--lang", "en",
                      "--report-dir", tmp_path / "报告", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert f"report: {tmp_path / '报告' / 'load-report.txt'}" in run.stdout.splitlines()
    blocked = branchgraph("load", tmp_path / "d", "--store", tmp_path / "g.lbug", "--lang", "en",
                          "--report-dir", "/proc/self/报告", cwd=tmp_path)
    assert blocked.returncode == 1 and "Traceback" not in blocked.stderr
    assert blocked.stderr.startswith("Error: /proc/self/报告: "), blocked.stderr
