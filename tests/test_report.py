"""The monthly report (月报), read back the way a reader gets it.

The built-in city demo (赤峰, seed 0) is written as report.pdf, .xlsx and .html through
the command line; the PDF is read back with poppler (``pdftotext``, ``pdffonts``,
``pdftoppm``) and the workbook with openpyxl, and every figure checked against what the
analysis returns through the catalogue. poppler missing is a failure, not a skip:
``scripts/setup.sh --dev`` installs it (and the font the PDF embeds).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from branchgraph.cli import main
from graphmodel import open_store
from loaders import contract, demo
from queries import catalogue
from queries.headline import FIGURES
from queries.labels import value_label
from reports import SECTIONS, build, report_bytes
from tests.analysis_graphs import tiny_county
from tests.test_one_line_errors import _cli

DAY = "2026-01-31"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: install poppler-utils (scripts/setup.sh --dev does)")
    return path


def _run(*args: str) -> str:
    return subprocess.run([_tool(args[0]), *args[1:]], capture_output=True, text=True,
                          check=True, timeout=120).stdout


@pytest.fixture(scope="module")
def city(tmp_path_factory) -> str:
    """The city demo in a store of its own (closed: each reader opens it)."""
    path = tmp_path_factory.mktemp("city") / "city.lbug"
    with open_store(path) as s:
        s.replace_graph(contract.graph_tables(demo.generate(seed=0, scale=1)), source="demo")
    return str(path)


def _table(store: str, name: str, **params) -> pd.DataFrame:
    with open_store(store) as s:
        return catalogue.table(name, s, {"as_of": DAY, **params})


@pytest.fixture(scope="module")
def written(city, tmp_path_factory) -> dict[str, Path]:
    """report.pdf/.xlsx/.html of the whole city and 红山区.xlsx/.pdf, written by the CLI."""
    folder = tmp_path_factory.mktemp("reports")
    out = {}
    for name, extra in (("report.pdf", ()), ("report.xlsx", ()), ("report.html", ()),
                        ("hs.xlsx", ("--county", "红山区")), ("hs.pdf", ("--county", "红山区"))):
        try:
            code = main(["report", "--store", city, "--as-of", DAY, "--out",
                         str(folder / name), *extra])
        except SystemExit as exc:
            code = exc.code
        assert not code, name
        out[name] = folder / name
    return out


def _lagging_or_weak(gaps: pd.DataFrame) -> pd.DataFrame:
    return gaps[gaps["tier"].eq("lagging") | gaps["weak"].astype(bool)]


# -- the PDF ----------------------------------------------------------------------------


def _headline_printed(text: str) -> dict[str, str]:
    """label -> value as printed in the headline block (a row of labels, then their values)."""
    labels = {zh for zh, _ in FIGURES.values()}
    lines = [ln for ln in text.splitlines() if ln.strip()]
    printed = {}
    for i, line in enumerate(lines[:-1]):
        cells = re.split(r"\s{2,}", line.strip())
        if cells and all(c in labels for c in cells):
            printed.update(zip(cells, re.split(r"\s{2,}", lines[i + 1].strip())))
    return printed


def test_the_pdf_prints_the_headline_analysis_figures(written, city):
    text = _run("pdftotext", "-layout", str(written["report.pdf"]), "-")
    head = _table(city, "headline")
    printed = _headline_printed(text)
    assert len(printed) == len(FIGURES)
    for key, value in zip(head["figure"], head["value"]):
        want = f"{value:.1%}" if key == "watched_share" else f"{int(value):,}"
        assert printed[FIGURES[key][0]] == want, key
    figures = dict(zip(head["figure"], head["value"]))
    assert printed["基层组织数"] == f"{figures['organisations']:,}" == "9,596"


def test_the_pdf_font_is_embedded_and_its_chinese_extracts(written, city):
    fonts = _run("pdffonts", str(written["report.pdf"])).splitlines()[2:]
    assert fonts, "no font in the PDF"
    for line in fonts:  # name type encoding emb sub uni ...
        assert line.split()[-5:-2] == ["yes", "yes", "yes"], line  # embedded, subset, unicode
    assert any("TrueType" in line for line in fonts)
    text = _run("pdftotext", str(written["report.pdf"]), "-")
    for title in ("基层党组织月报", "本月总体指标", "星级目标", "无人包联的后进、软弱涣散组织",
                  "包联干部负担异常", "包联调整建议摘要"):
        assert title in text
    gaps = _lagging_or_weak(_table(city, "coverage-gaps"))
    for name in gaps["name"].head(20):
        assert name in text.replace("\n", ""), name


def test_the_pdf_is_a4(written):
    info = _run("pdfinfo", str(written["report.pdf"]))
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 5 <= pages <= 40


def test_page_one_renders(written, tmp_path):
    from PIL import Image

    _run("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(written["report.pdf"]),
         str(tmp_path / "page"))
    (png,) = tmp_path.glob("page*.png")
    with Image.open(png) as im:
        assert abs(im.width / im.height - 210 / 297) < 0.01
        dark = sum(im.convert("L").point(lambda v: 255 if v < 128 else 0).histogram()[255:])
    assert dark > 0.01 * im.width * im.height  # text and charts, not a blank page


def test_the_zh_pdf_shows_no_english(written):
    text = _run("pdftotext", str(written["report.pdf"]), "-")
    words = re.sub(r"\b[OP]\d{5,}\b", "", text)  # organisation and person codes stay
    assert not re.findall(r"[A-Za-z]{2,}", words)


def test_the_english_report_is_english(city, tmp_path):
    with open_store(city) as s:
        data = report_bytes(s, "pdf", lang="en", as_of=DAY)
    (tmp_path / "en.pdf").write_bytes(data)
    text = _run("pdftotext", str(tmp_path / "en.pdf"), "-")
    assert "Monthly report" in text and "Headline figures" not in text  # the report's words
    assert "Lagging and weak organisations nobody watches" in text
    assert "lagging" in text and "后进" not in text


def test_a_county_pdf_lists_only_that_county(written):
    text = _run("pdftotext", str(written["hs.pdf"]), "-")
    assert "范围：红山区" in text
    for other in ("松山区", "敖汉旗", "宁城县"):
        assert other not in text


# -- the workbook -----------------------------------------------------------------------


def _sheet_rows(path: Path, sheet: str, first_header: str) -> list[dict]:
    ws = openpyxl.load_workbook(path)[sheet]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    at = next(i for i, r in enumerate(rows) if r[0] == first_header)
    header = [h for h in rows[at] if h is not None]
    out = []
    for r in rows[at + 1:]:
        if r[0] is None:
            break
        out.append(dict(zip(header, r)))
    return out


def test_one_sheet_per_section(written):
    wb = openpyxl.load_workbook(written["report.xlsx"])
    assert wb.sheetnames == ["报告说明", "本月总体指标", "与上月相比", "逐月趋势", "星级目标",
                             "无人包联的后进、软弱涣散组织", "预警", "包联干部负担异常", "包联调整建议摘要"]
    assert len(wb.sheetnames) == len(SECTIONS) + 1


def test_the_gap_sheet_rows_are_the_analysis_rows(written, city):
    gaps = _lagging_or_weak(_table(city, "coverage-gaps")).set_index("org_id")
    rows = _sheet_rows(written["report.xlsx"], "无人包联的后进、软弱涣散组织", "旗县区")
    assert {r["组织编码"] for r in rows} == set(gaps.index)
    assert len(rows) == len(gaps) == 454
    for row in rows[:: max(1, len(rows) // 25)]:
        g = gaps.loc[row["组织编码"]]
        assert row["旗县区"] == g["county"] and row["组织名称"] == g["name"]
        assert row["类别"] == value_label("tier", g["tier"], "zh")
        assert row["领域"] == value_label("domain", g["domain"], "zh")
        assert row["软弱涣散"] == ("是" if g["weak"] else "否")
        assert row["星级"] == (None if pd.isna(g["stars"]) else int(g["stars"]))


def test_the_headline_sheet_holds_the_analysis_values(written, city):
    ws = openpyxl.load_workbook(written["report.xlsx"])["本月总体指标"]
    cells = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r and r[0]}
    head = _table(city, "headline")
    for key, value in zip(head["figure"], head["value"]):
        assert cells[FIGURES[key][0]] == pytest.approx(value), key


def test_a_county_workbook_holds_only_its_gap_rows(written, city):
    rows = _sheet_rows(written["hs.xlsx"], "无人包联的后进、软弱涣散组织", "旗县区")
    gaps = _lagging_or_weak(_table(city, "coverage-gaps", county="红山区"))
    assert rows and {r["旗县区"] for r in rows} == {"红山区"}
    assert sorted(r["组织编码"] for r in rows) == sorted(gaps["org_id"])


def test_the_mentor_sheet_lists_the_exceptions(written, city):
    load = _table(city, "mentor-load")
    bad = load[load["status"].eq("over") | ~load["mix_ok"]]
    rows = _sheet_rows(written["report.xlsx"], "包联干部负担异常", "人员编码")
    assert [r["人员编码"] for r in rows] == bad["person_id"].tolist()
    assert {r["负担状态"] for r in rows} <= {"超出上限", "已满", "未满"}


def test_formula_like_text_is_neutralised_in_the_workbook(tmp_path):
    tables = tiny_county()
    orgs = tables["Organization"]
    hostile = {**orgs.iloc[0].to_dict(), "org_id": "X01", "name": "=1+1", "kind": "branch",
               "tier": "lagging", "weak": True, "county": orgs["county"].dropna().iloc[0]}
    tables["Organization"] = pd.concat([orgs, pd.DataFrame([hostile])], ignore_index=True)
    with open_store(tmp_path / "t.lbug") as s:
        s.replace_graph(tables, source="t")
        data = report_bytes(s, "xlsx", as_of="2025-01-01")
    (tmp_path / "t.xlsx").write_bytes(data)
    rows = _sheet_rows(tmp_path / "t.xlsx", "无人包联的后进、软弱涣散组织", "旗县区")
    assert "'=1+1" in {r["组织名称"] for r in rows}


# -- the HTML page ----------------------------------------------------------------------


def test_the_html_page_is_self_contained(written, city):
    page = written["report.html"].read_text(encoding="utf-8")
    assert "<script" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert page.count('src="data:image/png;base64,') >= 3
    head = dict(zip(*_table(city, "headline")[["figure", "value"]].T.values))
    assert f"{head['watched_share']:.1%}" in page and f"{head['unwatched']:,}" in page


# -- the command line -------------------------------------------------------------------


def test_an_existing_file_is_kept_unless_forced(city, tmp_path, capsys):
    out = tmp_path / "月报.pdf"
    out.write_bytes(b"keep me")
    code, text = _cli(capsys, "report", "--store", city, "--out", str(out))
    assert code == 1 and len(text.strip().splitlines()) == 1 and "--force" in text
    assert CJK.search(text) and out.read_bytes() == b"keep me"
    code, text = _cli(capsys, "report", "--store", city, "--out", str(out), "--force")
    assert code == 0 and out.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["月报.pdf"]  # no temporary file left


@pytest.mark.parametrize(("lang", "words"), [("zh", "报告文件名"), ("en", "use a .pdf")])
def test_an_unknown_extension_is_one_line_in_the_users_language(city, tmp_path, capsys, lang,
                                                               words):
    code, text = _cli(capsys, "report", "--store", city, "--out", str(tmp_path / "r.docx"),
                      "--lang", lang)
    assert code == 1 and "Traceback" not in text
    assert len(text.strip().splitlines()) == 1 and words in text
    assert not list(tmp_path.iterdir())


def test_an_unknown_county_is_named_with_the_known_ones(city, tmp_path, capsys):
    code, text = _cli(capsys, "report", "--store", city, "--out", str(tmp_path / "r.pdf"),
                      "--county", "无此县")
    assert code == 1 and "无此县" in text and "红山区" in text
    assert len(text.strip().splitlines()) == 1 and not list(tmp_path.iterdir())


def test_the_report_is_built_from_sections(city):
    with open_store(city) as s:
        r = build(s, as_of=DAY, county="红山区")
    assert [sec.key for sec in r.sections] == ["headline", "changes", "trends", "stars", "gaps",
                                              "warnings", "mentors", "proposals"]
    assert r.scope == "红山区" and r.as_of == DAY
    gaps = next(sec for sec in r.sections if sec.key == "gaps")
    assert set(gaps.tables[0].frame["county"]) == {"红山区"}


def test_the_dashboard_download_is_the_same_report(tmp_path):
    """What the 总览 page's buttons serve: report_bytes on the session's store."""
    with open_store(tmp_path / "t.lbug") as s:
        s.replace_graph(tiny_county(), source="t")
        pdf = report_bytes(s, "pdf", county="松山区", as_of="2025-01-01")
        xlsx = report_bytes(s, "xlsx", county="松山区", as_of="2025-01-01")
    (tmp_path / "d.pdf").write_bytes(pdf)
    text = _run("pdftotext", str(tmp_path / "d.pdf"), "-")
    assert "范围：松山区" in text and "红山区" not in text
    assert xlsx.startswith(b"PK")


def test_a_new_section_is_one_function(tmp_path):
    """How the change-from-previous, trends and warnings sections will come in."""
    from reports import Chart, Figure, Section, Table
    from reports.sections import headline

    def extra(store, ctx):
        return Section("extra", "附加部分", "Extra", figures=(Figure("n", "某个数", 1234),),
                       tables=(Table(pd.DataFrame({"county": ["红山区"], "watched_share": [0.25]}),
                                     shares=("watched_share",)),),
                       charts=(Chart("某图", ("甲", "乙"), (("值", (0.1, 0.2)),), unit="%"),))

    with open_store(tmp_path / "t.lbug") as s:
        s.replace_graph(tiny_county(), source="t")
        for fmt in ("pdf", "xlsx", "html"):
            (tmp_path / f"x.{fmt}").write_bytes(
                report_bytes(s, fmt, as_of="2025-01-01", sections=(headline, extra)))
    text = _run("pdftotext", "-layout", str(tmp_path / "x.pdf"), "-")
    assert "附加部分" in text and "1,234" in text and "25.0%" in text
    assert openpyxl.load_workbook(tmp_path / "x.xlsx").sheetnames == ["报告说明", "本月总体指标",
                                                                      "附加部分"]
    assert "附加部分" in (tmp_path / "x.html").read_text(encoding="utf-8")


def test_a_county_viewer_gets_the_report_of_their_county(city, tmp_path, capsys):
    from branchgraph.accounts import Accounts, accounts_path

    Accounts(accounts_path(city)).add("hs-viewer", "viewer", "viewer-pass-1", ("红山区",))
    out = tmp_path / "hs.xlsx"
    code, text = _cli(capsys, "--user", "hs-viewer", "report", "--store", city, "--out", str(out),
                      "--as-of", DAY)
    assert code == 0, text
    rows = _sheet_rows(out, "无人包联的后进、软弱涣散组织", "旗县区")
    assert {r["旗县区"] for r in rows} == {"红山区"}
    about = {r[0]: r[1] for r in openpyxl.load_workbook(out)["报告说明"].iter_rows(values_only=True)
             if r and r[0]}
    assert about["范围"] == "红山区"
