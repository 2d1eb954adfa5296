"""The command line's shared edges: `-p` parameters, exit codes, CSV to stdout."""

from __future__ import annotations

import csv
import io
import json

import click
import pandas as pd
import pytest

from branchgraph.cli import main
from branchgraph.cli.common import parse_params


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return int(code or 0), out.out, out.err


def _orgs(*rows: tuple[str, str, str]) -> dict[str, pd.DataFrame]:
    return {"Organization": pd.DataFrame(
        [{"org_id": i, "name": n, "county": c} for i, n, c in rows])}


# -- -p NAME=VALUE is text; NAME:TYPE=VALUE is typed ----------------------------------


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("id=0150402", "0150402"),       # an organisation code keeps its leading zero
        ("n=5", "5"),
        ("x=1.5", "1.5"),
        ("flag=true", "true"),
        ("v=null", "null"),
        ("c=红山区", "红山区"),
        ("expr=a=b", "a=b"),
        ("t=12:30", "12:30"),
        ("e=", ""),
        ("n:int=5", 5),
        ("n:int=-0012", -12),
        ("x:float=1.5", 1.5),
        ("flag:bool=TRUE", True),
        ("flag:bool=false", False),
        ("d:date=2025-01-01", "2025-01-01"),
        ("ids:json=[\"0150402\", 7]", ["0150402", 7]),
        ("v:json=null", None),
        ("s:str=007", "007"),
    ],
)
def test_parse_params_text_by_default_typed_on_request(item, expected):
    got = parse_params((item,))
    assert list(got.values()) == [expected]
    assert type(next(iter(got.values()))) is type(expected)


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("novalue", "is not NAME=VALUE"),
        ("=5", "is not NAME=VALUE"),
        ("n:integer=5", "unknown type 'integer'"),
        ("n:int=five", "is not a whole number"),
        ("x:float=abc", "is not a number"),
        ("b:bool=maybe", "is not true or false"),
        ("d:date=2025-13-01", "is not a date"),
        ("j:json=[1,", "is not JSON"),
    ],
)
def test_parse_params_mistakes_are_bad_parameters(item, message):
    with pytest.raises(click.BadParameter, match=message):
        parse_params((item,))


def test_cypher_sends_text_as_text(store, capsys):
    store.replace_graph(_orgs(("0150402", "一号支部", "红山区")), source="t")
    store.close()
    code, out, err = _cli(capsys, "cypher", "RETURN $id AS id, $n AS n, $d AS d",
                          "-p", "id=0150402", "-p", "n:int=5", "-p", "d:date=2025-01-01",
                          "--store", store.uri, "--format", "json")  # fmt: skip
    assert (code, err) == (0, "")
    assert json.loads(out) == [{"id": "0150402", "n": 5, "d": "2025-01-01"}]


def test_cypher_leading_zero_code_matches_on_falkordb(bolt_store, capsys):
    """FalkorDB does not cast: the int 150402 would match nothing."""
    bolt_store.replace_graph(_orgs(("0150402", "一号支部", "红山区"), ("150402", "别的", "松山区")),
                             source="t")
    code, out, err = _cli(capsys, "cypher",
                          "MATCH (o:Organization) WHERE o.org_id = $id RETURN o.name AS name",
                          "-p", "id=0150402", "--store", bolt_store.uri, "--format", "csv")
    assert (code, err) == (0, "")
    assert out.splitlines() == ["name", "一号支部"]


def test_cypher_bad_param_is_usage_error(store, capsys):
    code, _, err = _cli(capsys, "cypher", "RETURN $n AS n", "-p", "n:int=five",
                        "--store", str(store.uri))
    assert code == 2 and "n: 'five' is not a whole number" in err and "Traceback" not in err


def test_export_converts_text_filters_by_the_analysis_defaults(tmp_path, capsys):
    from graphmodel import open_store
    from tests.analysis_graphs import AS_OF, tiny_county

    db = tmp_path / "g.lbug"
    with open_store(db) as s:
        s.replace_graph(tiny_county(), source="tiny")
    out = tmp_path / "load.csv"
    code, stdout, err = _cli(capsys, "export", "mentor-load", "--out", str(out), "--store", str(db),
                             "--lang", "en", "-p", f"as_of={AS_OF}", "-p", "default_capacity=1")
    assert (code, err) == (0, "") and "wrote 3 rows" in stdout
    rows = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
    # most branches mentored first: P1 3, P3 2, P2 1
    assert rows.iloc[:, 0].tolist() == ["P1", "P3", "P2"]
    assert rows["Capacity"].tolist() == ["1", "4", "2"]  # P1 has none of their own
    code, _, err = _cli(capsys, "export", "mentor-load", "--out", str(out), "--store", str(db),
                        "-p", "default_capacity=two")
    assert code == 2 and "default_capacity: 'two' is not a whole number" in err


# -- settings are read when a command runs, not when it is imported ----------------------


def test_tests_start_without_branchgraph_settings():
    import os

    assert [n for n in os.environ if n.startswith("BRANCHGRAPH_")] == []


@pytest.mark.parametrize(
    ("verb", "args", "option", "env", "value", "default"),
    [
        ("demo", ["--no-dashboard"], "lang", "BRANCHGRAPH_LANG", "en", "zh"),
        ("demo", ["--no-dashboard"], "exports_dir", "BRANCHGRAPH_EXPORTS", "/tmp/x", "./exports"),
        ("load", ["."], "lang", "BRANCHGRAPH_LANG", "en", "zh"),
        ("dashboard", [], "port", "BRANCHGRAPH_PORT", "9001", 8501),
        ("query", [], "store", "BRANCHGRAPH_STORE", "/tmp/g.lbug", "./data/branchgraph.lbug"),
    ],
)
def test_option_defaults_follow_the_environment_at_run_time(monkeypatch, verb, args, option,
                                                            env, value, default):
    from branchgraph.cli import cli

    cmd = cli.commands[verb]
    # under the group's context, as `branchgraph VERB` runs (click caches the help option
    # a context builds, so a bare context would change what --help shows afterwards)
    group = click.Context(cli, info_name="branchgraph", **cli.context_settings)

    def params() -> dict:
        return cmd.make_context(verb, list(args), parent=group).params

    assert params()[option] == default
    monkeypatch.setenv(env, value)  # set after the CLI was imported
    assert str(params()[option]) == value


# -- user-facing edges ---------------------------------------------------------------------


@pytest.mark.parametrize("uri", ["http://x", "https://host/graph", "file:///tmp/g.lbug",
                                 "redis://localhost:6379"])
def test_an_unknown_uri_scheme_is_refused(uri, tmp_path, monkeypatch, capsys):
    from graphmodel import StoreError, open_store

    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreError, match=r"is not a graph store; give a LadybugDB file path"):
        open_store(uri)
    code, _, err = _cli(capsys, "cypher", "RETURN 1 AS one", "--store", uri)
    assert code == 1 and "不是图数据库" in err and len(err.strip().splitlines()) == 1  # zh by default
    assert list(tmp_path.iterdir()) == []  # no "http:" folder was made


def test_csv_to_stdout_neutralises_formulas(store, capsys):
    store.replace_graph(_orgs(("X1", "=1+1", "@SUM(1,2)"), ("X2", "-2+3 党支部", "\tx"),
                              ("X3", "-5", "+86")), source="t")
    store.close()
    query = ("MATCH (o:Organization) RETURN o.org_id AS id, o.name AS name, "
             "o.county AS `=county`, -1 AS n ORDER BY id")
    code, out, err = _cli(capsys, "cypher", query, "--store", store.uri, "--format", "csv")
    assert (code, err) == (0, "")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows == [["id", "name", "'=county", "n"],
                    ["X1", "'=1+1", "'@SUM(1,2)", "-1"],
                    ["X2", "'-2+3 党支部", "'\tx", "-1"],
                    ["X3", "-5", "'+86", "-1"]]  # a text negative number stays as it is
    code, out, _ = _cli(capsys, "cypher", query, "--store", store.uri, "--format", "json")
    assert json.loads(out)[0]["name"] == "=1+1"  # JSON is not a spreadsheet: left alone


def test_query_csv_to_stdout_neutralises_formulas(store, capsys):
    from tests.analysis_graphs import AS_OF, tiny_county

    tables = tiny_county()
    orgs = tables["Organization"]
    orgs.loc[orgs.org_id == "B09", "name"] = "=HYPERLINK(\"http://x\")"
    store.replace_graph(tables, source="t")
    store.close()
    code, out, err = _cli(capsys, "query", "coverage_gaps", "--store", store.uri,
                          "-p", f"as_of={AS_OF}", "-p", "county=松山区", "--format", "csv")
    assert (code, err) == (0, "")
    rows = {r[0]: r for r in csv.reader(io.StringIO(out))}
    assert rows["B09"][1] == "'=HYPERLINK(\"http://x\")"
