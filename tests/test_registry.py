"""The named-query library: header rules, parameter conversion, every query on both
backends, and `branchgraph query`."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from branchgraph.cli import main
from queries.registry import (
    TODAY,
    QueryFileError,
    QueryParamError,
    UnknownQuery,
    convert_params,
    get_query,
    list_queries,
    parse_query,
    run_query,
)
from tests.analysis_graphs import AS_OF, tiny_county

GOOD = """\
// name: demo
// title_zh: 示例
// title_en: Example
// description: First line,
// description: second line.
// param: as_of date = today -- the day
// param: county string = null -- only this county
// param: tier string(advanced|middle|lagging) = lagging -- the tier
// param: kinds list = branch,general_branch -- kinds
// param: top int = 5 -- how many
// param: share float = 0.5 -- a share
// param: weak bool = false -- weak only
MATCH (o:Organization)
WHERE o.kind IN $kinds AND (o.county = $county OR $county IS NULL) AND o.tier = $tier
  AND o.weak = $weak AND $as_of <> '' AND $share > 0
RETURN o.org_id AS org_id LIMIT $top
"""

#: Values that exercise each parameter of the shipped library on tiny_county (a name
#: not listed here gets a value by its type, so a new query is covered too).
SAMPLES = {
    "as_of": AS_OF, "county": "红山区", "domain": "rural", "tier": "lagging",
    "kinds": ["branch"], "dimension": "mentor", "person_id": "P1", "org_id": "B01",
    "alliance_id": "A1", "default_capacity": 2, "min_stars": 6,
}  # fmt: skip
_BY_TYPE = {"string": "红山区", "int": 1, "float": 1.5, "bool": True, "date": AS_OF, "list": None}


def test_a_good_header_parses_into_typed_params():
    q = parse_query(GOOD, "demo.cypher")
    assert (q.name, q.title_zh, q.title_en) == ("demo", "示例", "Example")
    assert q.description == "First line, second line."
    assert [(p.name, p.type, p.default) for p in q.params] == [
        ("as_of", "date", TODAY),
        ("county", "string", None),
        ("tier", "string", "lagging"),
        ("kinds", "list", ("branch", "general_branch")),
        ("top", "int", 5),
        ("share", "float", 0.5),
        ("weak", "bool", False),
    ]
    assert q.param("tier").choices == ("advanced", "middle", "lagging")
    assert q.cypher.startswith("MATCH (o:Organization)")


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        ("// name: demo", "// name: other", "differs from the file name"),
        ("// title_en: Example\n", "", "lacks title_en"),
        ("// title_zh: 示例", "// titel_zh: 示例", "key one of"),
        ("// title_zh: 示例", "// title_zh: 示例\n// title_zh: 又一个", "given twice"),
        ("// param: top int = 5 -- how many", "// param: top integer = 5 -- how many", "unknown type"),
        ("// param: top int = 5 -- how many", "// param: top int = five -- how many", "bad default"),
        ("// param: top int = 5 -- how many", "// param: top int = 5", "NAME TYPE = DEFAULT -- help"),
        ("// param: top int = 5 -- how many", "// param: top int = today -- how many", "only a date"),
        ("// param: tier string(advanced|middle|lagging) = lagging", "// param: tier string(advanced|middle) = lagging", "not allowed"),
        ("// param: top int = 5 -- how many\n", "", r"undeclared parameter\(s\) \$top"),
        ("LIMIT $top", "LIMIT 5", "never uses: top"),
        ("// param: weak bool = false -- weak only", "// param: weak bool = false -- weak only\n// param: weak bool = true -- again", "declared twice"),
    ],
)  # fmt: skip
def test_a_broken_header_is_refused_with_file_and_reason(old, new, match):
    assert old in GOOD
    with pytest.raises(QueryFileError, match=match):
        parse_query(GOOD.replace(old, new), "demo.cypher")


def test_defaults_fill_in_and_values_convert_to_declared_types():
    q = parse_query(GOOD, "demo.cypher")
    values = convert_params(q)
    assert values == {
        "as_of": dt.date.today().isoformat(), "county": None, "tier": "lagging",
        "kinds": ["branch", "general_branch"], "top": 5, "share": 0.5, "weak": False,
    }  # fmt: skip
    values = convert_params(
        q, {"as_of": dt.date(2024, 2, 29), "kinds": "branch, committee",
            "top": "7", "share": "1", "weak": "是", "tier": None, "county": ""},
    )  # fmt: skip
    assert values["as_of"] == "2024-02-29"
    assert values["county"] is None  # blank text means "not given"
    assert values["kinds"] == ["branch", "committee"]
    assert (values["top"], values["share"], values["weak"]) == (7, 1.0, True)
    assert values["tier"] == "lagging"  # None means "not given"
    assert convert_params(q, {"kinds": [], "county": 150402})["kinds"] == ["branch", "general_branch"]
    assert convert_params(q, {"county": 150402})["county"] == "150402"


@pytest.mark.parametrize(
    ("given", "match"),
    [
        ({"countie": "红山区"}, r"no parameter 'countie'; its parameters: as_of, county, tier"),
        ({"top": "2.5"}, "'2.5' is not a whole number"),
        ({"top": True}, "True is not a whole number"),
        ({"top": "99999999999999999999"}, "larger than the store can hold"),
        ({"as_of": "2025-02-30"}, "'2025-02-30' is not a date"),
        ({"weak": "maybe"}, "'maybe' is not true or false"),
        ({"tier": "weak"}, "choose from advanced, middle, lagging"),
    ],
)
def test_bad_values_name_the_parameter_and_the_choices(given, match):
    with pytest.raises(QueryParamError, match=match):
        convert_params(parse_query(GOOD, "demo.cypher"), given)


def test_an_unknown_query_lists_the_known_ones():
    with pytest.raises(KeyError, match="coverage_gaps") as info:
        get_query("coverage_gapz")
    assert isinstance(info.value, UnknownQuery)
    assert "no query called 'coverage_gapz'" in str(info.value)
    with pytest.raises(UnknownQuery):
        get_query("../registry")


def test_the_library_ships_the_agreed_queries_with_titles_in_both_languages():
    names = {q.name for q in list_queries()}
    assert {
        "coverage", "coverage_gaps", "coverage_by_county", "coverage_by_domain", "single_watcher",
        "mentor_load", "person_watches", "org_watchers", "counts_by_county",
    } <= names  # fmt: skip
    for q in list_queries():
        assert re.search(r"[\u4e00-\u9fff]", q.title_zh), q.name
        assert q.title_en and q.description, q.name
        assert q.path is not None and q.path.stem == q.name


def _samples(q) -> dict:
    out = {}
    for p in q.params:
        value = SAMPLES.get(p.name, _BY_TYPE[p.type])
        if p.choices and value not in p.choices and not isinstance(value, list):
            value = p.choices[0]
        if p.choices and isinstance(value, list):
            value = [v for v in value if v in p.choices] or [p.choices[0]]
        if value is not None:
            out[p.name] = value
    return out


def test_every_query_runs_with_defaults_and_with_values(any_store):
    """Each named query, unchanged, on LadybugDB and on Bolt (FalkorDB): once with
    its defaults (nulls) and once with a value for every parameter."""
    any_store.replace_graph(tiny_county(), source="tiny")
    failures = []
    for q in list_queries():
        for params in ({}, _samples(q)):
            try:
                df = run_query(any_store, q.name, params)
                assert isinstance(df, pd.DataFrame)
            except Exception as exc:  # noqa: BLE001 - collect them all, then fail once
                failures.append(f"{q.name} {params}: {type(exc).__name__}: {exc}")
    assert failures == []


def _canonical(df: pd.DataFrame) -> list[tuple]:
    def cell(v):
        if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
            return None
        if isinstance(v, bool):
            return v
        if isinstance(v, (int, float)) or hasattr(v, "__float__"):
            return round(float(v), 9)
        return str(v)

    return [tuple(cell(v) for v in row) for row in df.astype(object).itertuples(index=False)]


def test_both_backends_give_the_same_rows_in_the_same_order(store, bolt_store):
    tables = tiny_county()
    store.replace_graph(tables, source="tiny")
    bolt_store.replace_graph(tables, source="tiny")
    differ = []
    for q in list_queries():
        params = _samples(q)
        a, b = run_query(store, q.name, params), run_query(bolt_store, q.name, params)
        ordered = "ORDER BY" in q.cypher
        rows_a, rows_b = _canonical(a), _canonical(b)
        if not ordered:
            rows_a, rows_b = sorted(rows_a, key=repr), sorted(rows_b, key=repr)
        if list(a.columns) != list(b.columns) or rows_a != rows_b:
            differ.append(q.name)
    assert differ == []


def test_queries_answer_on_the_tiny_county(store):
    store.replace_graph(tiny_county(), source="tiny")
    watchers = run_query(store, "org_watchers", {"org_id": "B04", "as_of": AS_OF})
    assert watchers[["person_id", "link"]].values.tolist() == [["P3", "mentor"], ["P3", "contact"]]
    counts = run_query(store, "counts_by_county")
    assert counts["county"].tolist() == ["松山区", "红山区"]
    assert counts["organisations"].tolist() == [7, 8]
    assert counts["grassroots"].tolist() == [6, 6]
    assert counts["committees"].tolist() == [1, 2]
    assert counts["weak"].tolist() == [2, 2]
    assert counts["lagging"].tolist() == [3, 2]
    # 松山区 rated: B07 4, B08 7, B10 6, B11 1, B12 0 -> 18/5; 红山区: 3+5+8+6+3+2 = 27/6
    assert counts["mean_stars"].tolist() == pytest.approx([3.6, 4.5])


# -- the command line --------------------------------------------------------------


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out = capsys.readouterr()
    return info.value.code, out.out, out.err


def test_cli_lists_the_queries_with_titles_and_params(capsys):
    code, out, _ = _cli(capsys, "query", "--list", "--format", "json")
    assert code == 0
    rows = {r["name"]: r for r in json.loads(out)}
    assert rows["coverage_gaps"]["title_zh"] == "无人包联的支部"
    assert rows["coverage_gaps"]["title_en"] == "Branches nobody watches"
    assert "as_of date=today" in rows["coverage_gaps"]["params"]
    assert "dimension string=watched" in rows["coverage_gaps"]["params"]


def test_cli_runs_a_query_with_params(store, capsys):
    store.replace_graph(tiny_county(), source="tiny")
    store.close()
    code, out, err = _cli(
        capsys, "query", "coverage_gaps", "--store", store.uri, "-p", f"as_of={AS_OF}",
        "-p", "county=松山区", "--format", "csv",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert [line.split(",")[0] for line in out.splitlines()] == ["org_id", "B09", "B12", "B11"]


def test_query_and_export_take_capacity_from_the_same_settings(store, capsys, monkeypatch,
                                                                 tmp_path):
    """One setting, one answer: `query mentor-load` and `export mentor-load` both give P1
    (three branches) capacity 2 and status over with BRANCHGRAPH_CAPACITY=2 (before, the
    query took the setting and the export did not)."""
    store.replace_graph(tiny_county(), source="tiny")
    store.close()
    monkeypatch.setenv("BRANCHGRAPH_CAPACITY", "2")
    monkeypatch.setenv("BRANCHGRAPH_TIER_WEIGHTS", "lagging=5")
    code, out, _ = _cli(capsys, "query", "mentor-load", "--store", store.uri,
                        "-p", f"as_of={AS_OF}", "--format", "json")  # fmt: skip
    assert code == 0
    rows = {r["person_id"]: r for r in json.loads(out)}
    assert rows["P1"]["capacity"] == 2 and rows["P1"]["status"] == "over"
    assert rows["P1"]["weighted_load"] == 7.0  # lagging 5 + middle 1 + advanced 1
    code, _, _ = _cli(capsys, "export", "mentor-load", "--store", store.uri, "-p",
                      f"as_of={AS_OF}", "--out", str(tmp_path / "m.csv"), "--lang", "en")
    assert code == 0
    exported = pd.read_csv(tmp_path / "m.csv", encoding="utf-8-sig").set_index("Person ID")
    assert exported.loc["P1", "Capacity"] == 2 and exported.loc["P1", "Status"] == "over"
    assert exported.loc["P1", "Weighted load"] == 7.0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "coverage_gapz"], "no query or analysis called 'coverage_gapz'; known: "),
        (["query"], "give a query or analysis name, or --list"),
        (["query", "coverage_gaps", "-p", "tier=weak"], "choose from advanced, middle, lagging"),
        (["query", "coverage_gaps", "-p", "countie=x"], "its parameters: as_of, dimension, county"),
        (["query", "coverage_gaps", "-p", "as_of=2025-13-01"], "as_of"),
    ],
)
def test_cli_mistakes_are_usage_errors(capsys, tmp_path, args, message):
    """Bad usage (unknown query, parameter or value): exit code 2, click's usage note
    and one Error: line with the message."""
    code, out, err = _cli(capsys, *args, "--store", str(tmp_path / "none.lbug"))
    assert code == 2 and out == ""
    assert message in err
    assert "Traceback" not in err
    assert len([line for line in err.splitlines() if line.startswith("Error:")]) == 1
    assert err.startswith("Usage: branchgraph query")
    assert not (tmp_path / "none.lbug").exists()  # refused before the store was opened


# -- every query speaks Chinese; saved queries are named queries, read-only ---------------


def test_every_shipped_query_has_a_chinese_description():
    missing = [q.name for q in list_queries() if not q.description_zh]
    assert not missing, f"add a '// description_zh:' line to {missing}"
    assert all(not q.name.startswith("saved_") for q in list_queries())  # saved names stay free


def test_a_saved_query_is_listed_and_runs_read_only(store, tmp_path):
    from queries.saved import SavedQueryError, save_query, saved_queries

    store.replace_graph({"Organization": pd.DataFrame({"org_id": ["O1", "O2"], "name": ["一", "二"],
                                                       "kind": ["branch"] * 2,
                                                       "county": ["甲县", "乙县"]})}, source="t")
    folder = tmp_path / "saved"
    q = save_query(folder, title="某县组织数", description="数一数",
                   cypher="MATCH (o:Organization) WHERE o.county = $county RETURN count(o) AS n")
    evil = save_query(folder, title="写", description="试图写入", cypher="CREATE (:Organization {org_id: 'X'})")
    assert (q.name, evil.name) == ("saved_001", "saved_002")
    assert [s.name for s in saved_queries(folder)] == ["saved_001", "saved_002"]
    assert run_query(store, "saved_001", {"county": "甲县"}, saved=folder)["n"].tolist() == [1]
    with pytest.raises(Exception, match="(?i)read.only|write"):
        run_query(store, "saved_002", saved=folder)
    assert store.run("MATCH (o:Organization) RETURN count(o) AS n")["n"].tolist() == [2]
    with pytest.raises(SavedQueryError, match="title"):
        save_query(folder, title=" ", description="x", cypher="RETURN 1 AS n")
    # an existing file is never overwritten: the next save takes the next name
    (folder / "saved_003.cypher").write_text("mine", encoding="utf-8")
    assert save_query(folder, title="t", description="d", cypher="RETURN 1 AS n").name == "saved_004"
    assert (folder / "saved_003.cypher").read_text(encoding="utf-8") == "mine"


def test_cli_lists_and_runs_a_saved_query_beside_the_store(store, capsys):
    from queries.saved import save_query

    store.replace_graph(tiny_county(), source="tiny")
    store.close()
    folder = Path(str(store.uri)).with_suffix(".queries")
    save_query(folder, title="组织总数", description="全部组织", cypher="MATCH (o:Organization) RETURN count(o) AS n")
    code, listed, _ = _cli(capsys, "query", "--list", "--store", str(store.uri), "--format", "csv")
    assert code == 0 and "saved,saved_001,组织总数" in listed
    code, out, err = _cli(capsys, "query", "saved_001", "--store", str(store.uri), "--format", "csv")
    assert (code, err, out.split()) == (0, "", ["n", "15"])
