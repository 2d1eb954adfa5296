"""Every export opens in a real spreadsheet program (LibreOffice Calc, headless).

The real analyses run on the hand-built ``tiny_county()`` graph (with a couple of
hostile cell values added); every available export is written as CSV and as xlsx
in Chinese, and a few in English; LibreOffice converts all of them to CSV in two
``soffice`` calls (one per input format), and the converted text must hold exactly
the cells we wrote: Chinese intact, numbers as numbers, and formula-looking text
still text (``'=1+1``, not ``2``).

What this does and does not prove about the encoding: the .xlsx files are opened
with no import filter at all, as Calc opens any workbook. The CSV files are
imported with the character set named explicitly (``CSV:44,34,76,1``: comma,
double quote, UTF-8, from line 1), which is what a planner picks (「Unicode
(UTF-8)」) in Calc's text-import dialog -- LibreOffice headless does not sniff the
byte-order mark, so this test does NOT show that the BOM makes Calc choose UTF-8.
The BOM is there for Excel, which reads it itself; ``test_every_csv_starts_with_the_bom``
checks that the bytes are really there.

LibreOffice missing is a failure, not a skip: CI installs it.
"""

from __future__ import annotations

import csv
import io
import math
import shutil
import subprocess
import uuid
from pathlib import Path

import pandas as pd
import pytest

from queries.export import available_exports, export, export_all
from tests.analysis_graphs import tiny_county

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
UTF8_CSV_OUT = "csv:Text - txt - csv (StarCalc):44,34,76,1"
#: Calc's CSV import options: separator 44 (,), text delimiter 34 ("), charset 76
#: (UTF-8), first line 1 -- the explicit choice of the text-import dialog, not a sniff.
UTF8_CSV_IN = "CSV:44,34,76,1"
UTF8_BOM = b"\xef\xbb\xbf"


def hostile_county() -> dict[str, pd.DataFrame]:
    """tiny_county plus two branches whose text a spreadsheet would run as formulas."""
    tables = tiny_county()
    orgs = tables["Organization"]
    extra = pd.DataFrame(
        [
            {"org_id": "X01", "name": "=1+1", "kind": "branch", "domain": "rural",
             "county": "红山区", "township": "@SUM(1,2)", "stars": 6, "base_stars": 5,
             "task_score": 20.0, "highlight_score": 0.5, "tier": "lagging", "weak": True},
            {"org_id": "X02", "name": "-2+3 党支部", "kind": "branch", "domain": "school",
             "county": "松山区", "township": "+86", "stars": 9, "base_stars": 5,
             "task_score": 70.0, "highlight_score": 9.0, "tier": "advanced", "weak": False},
        ]
    )
    tables["Organization"] = pd.concat([orgs, extra], ignore_index=True)
    return tables


def soffice_to_csv(files: list[Path], outdir: Path, profile: Path, infilter: str | None) -> None:
    """Convert ``files`` to UTF-8 CSV in ``outdir`` with one LibreOffice run."""
    if SOFFICE is None:
        pytest.fail("LibreOffice (soffice) is missing: install Debian's libreoffice-calc package")
    cmd = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    if infilter:
        cmd.append(f"--infilter={infilter}")
    cmd += ["--convert-to", UTF8_CSV_OUT, "--outdir", str(outdir), *map(str, files)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def rows_of(path: Path, encoding: str = "utf-8") -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding=encoding), newline="")))


def xlsx_rows(path: Path) -> list[list[object]]:
    from openpyxl import load_workbook

    return [list(r) for r in load_workbook(path).active.iter_rows(values_only=True)]


def same_cell(ours: object, theirs: str) -> bool:
    """Whether LibreOffice's rendering ``theirs`` is the value we wrote."""
    if ours is None or ours == "":
        return theirs == ""
    if isinstance(ours, (int, float)) and not isinstance(ours, bool):
        return math.isclose(float(theirs), float(ours), rel_tol=1e-9)
    try:  # a CSV cell we wrote as text that spells a number
        return math.isclose(float(theirs), float(str(ours)), rel_tol=1e-9)
    except ValueError:
        return theirs == str(ours)


def assert_same_table(ours: list[list[object]], theirs: list[list[str]], name: str) -> None:
    assert len(theirs) == len(ours), name
    for i, (a, b) in enumerate(zip(ours, theirs)):
        assert len(b) == len(a), (name, i)
        bad = [(x, y) for x, y in zip(a, b) if not same_cell(x, y)]
        assert not bad, (name, i, bad)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """All exports of the hostile tiny county as zh CSV, zh xlsx and some en files."""
    from graphmodel import open_store

    root = tmp_path_factory.mktemp("lo")
    store = open_store(root / "g.lbug")
    store.replace_graph(hostile_county())
    csvs = export_all(store, root / "csv")
    xlsxs = export_all(store, root / "xlsx", fmt="xlsx")
    en = [
        export(store, "stars", root / "en" / "stars-en.csv", lang="en"),
        export(store, "star-progress", root / "en" / "progress-en.xlsx", lang="en"),
    ]
    store.close()
    # a control file NOT neutralised, to show Calc would indeed run the formula
    control = root / "control" / "control.csv"
    control.parent.mkdir()
    control.write_bytes("名称,值\r\n=1+1,3\r\n".encode("utf-8-sig"))
    return root, csvs, xlsxs, en, control


@pytest.fixture(scope="module")
def converted(exported):
    root, csvs, xlsxs, en, control = exported
    profile = root / f"profile-{uuid.uuid4().hex[:8]}"
    out_csv, out_xlsx = root / "lo_csv", root / "lo_xlsx"
    out_csv.mkdir()
    out_xlsx.mkdir()
    soffice_to_csv([*csvs, en[0], control], out_csv, profile, UTF8_CSV_IN)
    soffice_to_csv([*xlsxs, en[1]], out_xlsx, profile, None)  # a workbook: no filter at all
    return out_csv, out_xlsx


def test_the_expected_exports_were_written(exported):
    _, csvs, xlsxs, _, _ = exported
    names = available_exports()
    assert {"stars", "star-distribution", "star-progress"} <= set(names)
    assert [p.stem for p in csvs] == names == [p.stem for p in xlsxs]


def test_every_csv_starts_with_the_bom(exported):
    """The UTF-8 byte-order mark Excel needs to show Chinese (Calc is told UTF-8 above)."""
    _, csvs, _, en, _ = exported
    for path in [*csvs, en[0]]:
        head = path.read_bytes()[:6]
        assert head.startswith(UTF8_BOM), path.name
        assert not head[3:].startswith(UTF8_BOM), path.name  # one BOM, not two


def test_every_csv_export_opens_in_calc_intact(exported, converted):
    _, csvs, _, en, _ = exported
    out_csv, _ = converted
    for path in [*csvs, en[0]]:
        ours = rows_of(path, "utf-8-sig")
        theirs = rows_of(out_csv / path.name)
        assert_same_table(ours, theirs, path.name)


def test_every_xlsx_export_opens_in_calc_intact(exported, converted):
    _, _, xlsxs, en, _ = exported
    _, out_xlsx = converted
    for path in [*xlsxs, en[1]]:
        theirs = rows_of(out_xlsx / f"{path.stem}.csv")
        assert_same_table(xlsx_rows(path), theirs, path.name)


def test_chinese_and_hostile_cells_survive_calc(converted):
    out_csv, out_xlsx = converted
    for folder in (out_csv, out_xlsx):
        rows = rows_of(folder / "stars.csv")
        assert rows[0][:4] == ["组织编码", "组织名称", "旗县区", "领域"]
        by_id = {r[0]: r for r in rows[1:]}
        assert by_id["B01"][1] == "一村党支部"
        assert by_id["X01"][1] == "'=1+1"        # text, not 2
        assert by_id["X02"][1] == "'-2+3 党支部"
        assert by_id["X01"][3] == "农村"
        assert by_id["X01"][-2:] == ["6", "是"]  # computed 6 stars, agrees
    en = rows_of(out_csv / "stars-en.csv")
    assert en[0][:2] == ["Organisation ID", "Organisation"]
    progress = rows_of(out_xlsx / "progress-en.csv")
    assert progress[1][0] == "6+ (this year)"


def test_control_shows_calc_runs_unneutralised_formulas(converted):
    out_csv, _ = converted
    rows = rows_of(out_csv / "control.csv")
    assert rows[0] == ["名称", "值"]
    assert rows[1][0] == "2"
