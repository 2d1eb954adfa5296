"""A slip must not silently remove a large part of the graph (issue 9): root causes with
what each drags along, and the reject threshold the CLI and the dashboard share."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders import LoadError, load_path, read_dataset, validate
from loaders.impact import cause_lines, check_rejects
from loaders.report import REPORT_NAME
from tests.test_load_cli import branchgraph

# The slip of the issue, small enough to check by hand: the county 二区 was typed with
# the id of 一区 (C1, row 4), so the five branches under 二区's real id C2 name an id
# that is not there; three branches hang below B0, two people work in B1 and X1, and
# three mentor links name rejected people or branches. Y names a parent that never was.
#
# | row | org_id | parent_id | fate |
# |---|---|---|---|
# | 2 | C0 | | loaded |
# | 3 | C1 | C0 | loaded |
# | 4 | C1 | C0 | duplicate id |
# | 5-9 | B0..B4 | C2 | 'C2' is not there (one cause, 5 rows) |
# | 10-12 | X0..X2 | B0 | dragged along by C2 |
# | 13 | Y | C9 | 'C9' is not there |
SLIP = {
    "organizations.csv": ["org_id,name,kind,parent_id", "C0,市委,committee,", "C1,一区,committee,C0",
                          "C1,二区,committee,C0", *[f"B{i},支部{i},branch,C2" for i in range(5)],
                          *[f"X{i},支部x{i},branch,B0" for i in range(3)], "Y,y,branch,C9"],
    "people.csv": ["person_id,name,org_id", "P1,王,B1", "P2,李,X1"],
    "assignments.csv": ["person_id,org_id,type", "P1,B2,mentor", "P2,C1,mentor", "P1,X2,contact"],
}


def write(folder: Path, files: dict[str, list[str]]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, lines in files.items():
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_root_causes_come_first_with_what_each_drags_along(tmp_path: Path) -> None:
    r = validate(read_dataset(write(tmp_path / "slip", SLIP), lang="en"), lang="en")
    assert cause_lines(r, "en") == [
        "organizations.csv:5 parent_id: 'C2' is not in organizations (5 rows) → 3 organisations, "
        "2 people, 3 links not loaded with it",
        "organizations.csv:4 org_id: duplicate id 'C1' (already at row 3)",
        "organizations.csv:13 parent_id: 'C9' is not in organizations",
    ]
    causes = r.causes
    # every rejected row is counted once: as a cause's own row or as dragged along
    assert int(causes[["rows", "organizations", "people", "links"]].to_numpy().sum()) == r.rows_rejected == 15
    assert r.rejected_parents == 1  # B0 has X0..X2 below it


def test_the_report_lists_root_causes_before_the_problems(tmp_path: Path, store) -> None:
    with pytest.raises(LoadError):
        load_path(store, write(tmp_path / "slip", SLIP), report_dir=tmp_path / "rep", lang="en")
    text = (tmp_path / "rep" / REPORT_NAME).read_text(encoding="utf-8").splitlines()
    at = text.index("root causes (most costly first):")
    assert text[at + 1].startswith("organizations.csv:5 parent_id: 'C2' is not in organizations (5 rows) →")
    assert at < next(i for i, line in enumerate(text) if line.startswith("problems"))


def _orgs(n: int, bad: int, child_of_bad: bool = False) -> dict[str, list[str]]:
    rows = ["org_id,name,kind,parent_id,stars", "C0,市委,committee,,"]
    rows += [f"B{i},支部{i},branch,C0,{99 if i < bad else 5}" for i in range(n - 1)]
    if child_of_bad:
        rows[-1] = f"K,下级,branch,B0,5"
    return {"organizations.csv": rows}


@pytest.mark.parametrize("n, bad, child, refuse", [
    (100, 1, False, False),   # 1 of 100 rejected: at the 1% limit, loads
    (100, 2, False, True),    # 2 of 100: past it
    (200, 1, True, True),     # 0.5%, but the rejected B0 has K below it
])
def test_the_reject_threshold(tmp_path: Path, n: int, bad: int, child: bool, refuse: bool) -> None:
    r = validate(read_dataset(write(tmp_path / "d", _orgs(n, bad, child)), lang="en"), lang="en")
    verdict = check_rejects(r, 0.01)
    assert (verdict.rejected, verdict.read) == (bad + child, n)
    assert verdict.refuse is refuse


def test_a_refused_load_keeps_the_graph_and_accepting_loads_it(tmp_path: Path, any_store) -> None:
    store = any_store
    load_path(store, write(tmp_path / "first", _orgs(10, 0)))
    before = store.load_info()
    slip = write(tmp_path / "slip", SLIP)
    with pytest.raises(LoadError, match=r"the graph was not replaced: 15 of 17 rows failed the checks and 1 "
                                        r"of the rejected organisations have organisations below them"):
        load_path(store, slip, lang="en")
    assert store.load_info() == before
    done = load_path(store, slip, lang="en", accept_rejects=True)
    assert done.rows_loaded == 2
    assert store.run("MATCH (o:Organization) RETURN count(o) AS n")["n"].iloc[0] == 2


def test_the_cli_refuses_in_one_line_and_names_the_causes(tmp_path: Path) -> None:
    slip = write(tmp_path / "slip", SLIP)
    store = tmp_path / "g.lbug"
    run = branchgraph("load", slip, "--store", store, "--lang", "en", cwd=tmp_path)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.strip().splitlines()[-1].startswith("Error: the graph was not replaced: 15 of 17 rows")
    out = run.stdout.splitlines()
    assert out[out.index("root causes:") + 1].startswith("  organizations.csv:5 parent_id: 'C2'")
    assert not store.exists()
    ok = branchgraph("load", slip, "--store", store, "--lang", "en", "--accept-rejects", cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    share = branchgraph("load", slip, "--store", store, cwd=tmp_path,
                        env={"BRANCHGRAPH_REJECT_SHARE": "half"})
    assert share.returncode == 1 and share.stderr.strip() == (
        "Error: BRANCHGRAPH_REJECT_SHARE='half': give a share such as 1% or 0.01")
