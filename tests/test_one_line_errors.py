"""Every verb answers a user's mistake in one short line, in Chinese by default (issue 9
item 6): a store in a missing folder or under /proc, a file that is not a store (left
byte for byte as it was), a Bolt URI with a port out of range, parameters of the wrong
type, a dashboard port out of range, a Cyrillic look-alike letter in Cypher.

Exit code not 0, no traceback, at most 3 lines, CJK characters in the message -- except
where click itself answers (a parameter that does not convert, an option out of range):
its usage errors are English, and those cases check the rest.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from branchgraph.cli import main

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")


def _cli(capsys, *args: str) -> tuple[int, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return int(code or 0), out.err + out.out


def _check(code: int, text: str, *, chinese: bool = True) -> None:
    assert code != 0, text
    assert "Traceback" not in text, text
    lines = [x for x in text.strip().splitlines() if x.strip()]
    assert 1 <= len(lines) <= 3, text
    assert not chinese or CJK.search(text), text


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "党组织.csv").write_text("组织编码,组织名称,类型\nO1,一村,党支部\n", encoding="utf-8")
    (tmp_path / "notastore.lbug").write_bytes(b"not a store\n\x00\xff")
    from graphmodel import open_store
    from loaders.load import load_tables

    with open_store(tmp_path / "g.lbug") as s:
        load_tables(s, {"organizations": pd.DataFrame(
            {"org_id": ["O1"], "name": ["一村"], "kind": ["branch"], "parent_id": [None]})}, source="t")
    return {"missing": str(tmp_path / "nope" / "x.lbug"), "proc": "/proc/x.lbug",
            "notastore": str(tmp_path / "notastore.lbug"), "bolt": "bolt://127.0.0.1:99999",
            "good": str(tmp_path / "g.lbug"), "data": str(tmp_path / "data"),
            "out": str(tmp_path / "o.csv"), "pdf": str(tmp_path / "r.pdf")}


VERBS = {
    "cypher": ["cypher", "RETURN 1 AS one"],
    "query": ["query", "coverage_gaps"],
    "export": ["export", "mentor-load", "--out", "{out}"],
    "propose": ["propose"],
    "whatif": ["whatif", "--remove-person", "P1"],
    "load": ["load", "{data}"],
    "report": ["report", "--out", "{pdf}"],
}

STORE_CASES = [
    pytest.param(verb, kind, id=f"{verb}-{kind}")
    for verb in VERBS for kind in ("missing", "proc", "notastore", "bolt")
    if not (verb == "load" and kind == "missing")  # load makes the folder: not a mistake
]


@pytest.mark.parametrize(("verb", "kind"), STORE_CASES)
def test_a_bad_store_is_one_short_chinese_line(world, capsys, verb: str, kind: str) -> None:
    before = Path(world["notastore"]).read_bytes()
    args = [a.format(**world) for a in VERBS[verb]] + ["--store", world[kind]]
    _check(*_cli(capsys, *args))
    assert Path(world["notastore"]).read_bytes() == before  # left byte for byte


def test_demo_under_proc_is_one_short_chinese_line(world, capsys) -> None:
    _check(*_cli(capsys, "demo", "--store", "/proc/x.lbug", "--no-dashboard"))


@pytest.mark.parametrize("item", ["x:int=abc", "x:int=99999999999999999999", "x:date=2026-13-40"])
def test_a_bad_parameter_is_one_short_line(world, capsys, item: str) -> None:
    code, text = _cli(capsys, "cypher", "RETURN $x AS x", "-p", item, "--store", world["good"])
    _check(code, text, chinese=False)  # click's usage error
    assert "--param" in text and item.split("=")[0].split(":")[0] in text


def test_a_json_list_of_mixed_types_is_refused_or_sent_without_a_traceback(world, capsys) -> None:
    """[1,"a"] is valid JSON; LadybugDB refuses a list of mixed types with a ValueError,
    which was a traceback out of `branchgraph cypher`; now one line."""
    code, text = _cli(capsys, "cypher", "RETURN $x AS x", "-p", 'x:json=[1,"a"]', "--store", world["good"])
    assert "Traceback" not in text
    if code:
        _check(code, text)


@pytest.mark.parametrize("item", ["as_of:date=2026-13-40", "tier=nonsense"])
def test_a_bad_query_parameter_is_one_short_line(world, capsys, item: str) -> None:
    code, text = _cli(capsys, "query", "coverage_gaps", "-p", item, "--store", world["good"])
    _check(code, text, chinese=False)  # click's usage error
    assert item.split(":")[0].split("=")[0] in text


def test_a_bad_report_day_is_one_short_line(world, capsys) -> None:
    code, text = _cli(capsys, "report", "--out", world["pdf"], "--as-of", "2026-13-40",
                      "--store", world["good"])
    _check(code, text)
    assert "2026-13-40" in text and not Path(world["pdf"]).exists()


def test_a_cyrillic_look_alike_in_cypher_is_one_short_chinese_line(world, capsys) -> None:
    # "О" below is Cyrillic U+041E, not the Latin O
    _check(*_cli(capsys, "cypher", "MATCH (o:\u041erganization) RETURN o.name", "--store", world["good"]))


def test_a_dashboard_port_out_of_range_is_one_short_line(world, tmp_path: Path) -> None:
    # a real process (with a timeout): a dashboard that did start would not return
    code = "import sys; from branchgraph.cli import main; sys.exit(main(sys.argv[1:]))"
    run = subprocess.run([sys.executable, "-c", code, "dashboard", "--port", "70000",
                          "--store", world["good"]], cwd=tmp_path, capture_output=True, text=True,
                         timeout=60, env={"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8",
                                          "PYTHONPATH": str(ROOT)})
    _check(run.returncode, run.stderr + run.stdout, chinese=False)  # click's range check
    assert "70000" in run.stderr + run.stdout
