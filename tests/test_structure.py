"""Tests that guard the structure: the layers, the one schema, the catalogue, the doctests.

* Layers point one way (architecture.md): ``branchgraph`` (CLI, launcher) may import
  anything; ``dashboard`` only ``reports``, ``queries`` and ``graphmodel``; ``reports``
  (the monthly report) only ``queries`` and ``graphmodel``; ``queries`` and ``loaders``
  only ``graphmodel``; ``graphmodel`` nothing of ours. And no module-level import cycle
  inside the project.
* The data contract, ``graphmodel/schema.py`` and the catalogue agree: every contract
  column lands in a schema property of a matching type (``arrow_table`` would drop an
  extra one silently), the enum value sets are one, and every parameter's choices and
  every result column's label come from them.
* Every doctest of the project runs (and there are some).
"""

from __future__ import annotations

import ast
import doctest
import importlib
from pathlib import Path

import pandas as pd
import pytest

from graphmodel import schema
from loaders import contract
from queries import catalogue
from queries.labels import COLUMN_LABELS, VALUE_COLUMNS, VALUE_LABELS

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("graphmodel", "loaders", "queries", "reports", "dashboard", "branchgraph")
#: package -> the project packages it may import.
ALLOWED = {
    "graphmodel": set(),
    "loaders": {"graphmodel"},
    "queries": {"graphmodel"},
    "reports": {"queries", "graphmodel"},
    "dashboard": {"reports", "queries", "graphmodel"},
    "branchgraph": {"dashboard", "reports", "queries", "loaders", "graphmodel"},
}


def _modules() -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            rel = path.relative_to(ROOT).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imports(module: str, path: Path, *, top_level_only: bool) -> set[str]:
    """Project modules ``module`` imports (resolving relative imports)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if top_level_only and isinstance(node, ast.If):  # TYPE_CHECKING blocks import nothing
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            names = [base] + [f"{base}.{a.name}" for a in node.names]
        for name in names:
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name and name.split(".")[0] in PACKAGES and name != module:
                found.add(name)
    return found


def test_the_module_walk_sees_the_project():
    assert {"graphmodel.schema", "queries.catalogue", "dashboard.state", "loaders.load",
            "branchgraph.cli.common"} <= set(MODULES)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_a_layer_above_its_own(module):
    own = module.split(".")[0]
    bad = {m for m in _imports(module, MODULES[module], top_level_only=False)
           if m.split(".")[0] not in ALLOWED[own] | {own}}
    assert not bad, f"{module} imports {sorted(bad)}: {own} may import only {sorted(ALLOWED[own])}"


def test_the_layer_check_would_see_a_bent_import(tmp_path):
    bent = tmp_path / "bent.py"
    bent.write_text("from dashboard import state\nimport loaders.load as L\n", encoding="utf-8")
    assert _imports("queries.bent", bent, top_level_only=False) == {"dashboard", "dashboard.state",
                                                                    "loaders.load"}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state and (found := visit(m)):
                return found
        state[n] = 2
        stack.pop()
        return None

    for n in sorted(graph):
        if n not in state and (found := visit(n)):
            return found
    return None


def test_no_import_cycle_between_modules():
    graph = {}
    for m, p in MODULES.items():
        # a package importing its own submodules is how packages are made, not a cycle
        graph[m] = {d for d in _imports(m, p, top_level_only=True)
                    if not (p.name == "__init__.py" and d.startswith(m + "."))}
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


# -- the contract, the schema and the catalogue agree ------------------------------------

_STORED_AS = {"text": "STRING", "date": "STRING", "int": "INT64", "number": "DOUBLE",
              "bool": "BOOLEAN"}


def test_contract_and_schema_have_one_set_of_enum_values():
    assert {k: tuple(v) for k, v in contract.ENUMS.items()} == schema.ENUMS


def _one_row_each() -> dict[str, pd.DataFrame]:
    rows = {}
    for t in contract.TABLES:
        row = {c.name: ("mentor" if c.name == "type" and t.name == "assignments" else "x")
               for c in t.columns}
        rows[t.name] = pd.DataFrame([row])
    return rows


def test_every_contract_column_lands_in_the_schema_with_its_type():
    graph = contract.graph_tables(_one_row_each())
    assert set(graph) == {n.label for n in schema.NODES} | {r.type for r in schema.RELS}
    # columns the mapping uses as endpoints or to choose the relationship
    consumed = {"src", "dst", "type"}
    for name, frame in graph.items():
        spec = schema.node(name) if name in {n.label for n in schema.NODES} else schema.rel(name)
        stored = {p.name: p.type for p in spec.props}
        extra = set(frame.columns) - set(stored) - consumed
        assert not extra, f"{name}: contract columns {sorted(extra)} are not in the schema"
    for t in contract.TABLES:
        target = {"organizations": "Organization", "people": "Person", "alliances": "Alliance",
                  "chains": "Chain"}.get(t.name)
        if target is None:
            continue
        props = {p.name: p.type for p in schema.node(target).props}
        for c in t.columns:
            want = "STRING" if c.type.startswith("enum:") else _STORED_AS[c.type]
            assert props[c.name] == want, f"{t.name}.{c.name} is {c.type}, stored as {props[c.name]}"
            if c.type.startswith("enum:"):
                assert schema.ENUM_PROPS[(target, c.name)] == c.type[5:]


def test_every_enum_value_has_both_labels():
    for enum, values in schema.ENUMS.items():
        dim = enum if enum in VALUE_LABELS else {"assignment_type": "link",
                                                 "member_role": "role"}.get(enum, enum)
        assert dim in VALUE_LABELS, f"no labels for {enum}"
        for v in values:
            zh, en = VALUE_LABELS[dim][v]
            assert zh and en and zh != en, (enum, v)


@pytest.mark.parametrize("name", catalogue.names())
def test_catalogue_entry_agrees_with_the_schema_and_labels(name):
    a = catalogue.get(name)
    assert a.title("zh") != a.title("en") and a.describe("zh") and a.describe("en")
    for p in a.params:
        if p.enum:
            assert set(p.choices) <= set(schema.ENUMS[p.enum]), (p.name, p.choices)
    for col in a.columns:
        assert col in a.labels or col in COLUMN_LABELS, f"{name}.{col} has no label"
    for col, dim in a.values.items():
        dim = dim if not dim.startswith("$") else None
        assert dim is None or dim in VALUE_LABELS or dim in {"mix", "missing", "bool"}, (col, dim)
    for col in a.columns:
        if col in VALUE_COLUMNS:
            assert VALUE_COLUMNS[col] in VALUE_LABELS or VALUE_COLUMNS[col] in {"mix", "missing"}


# -- doctests ---------------------------------------------------------------------------

#: scripts that run when imported (Streamlit entry points, ``python -m branchgraph``)
_NO_IMPORT = ("dashboard.app", "branchgraph.webapp", "branchgraph.__main__", "dashboard.views.")


def _doctest_modules() -> list[str]:
    return [m for m in MODULES if not m.startswith(_NO_IMPORT) and m != "dashboard.views"]


def test_every_doctest_passes():
    finder, runner = doctest.DocTestFinder(), doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    examples, with_tests = 0, []
    for m in _doctest_modules():
        mod = importlib.import_module(m)
        for test in finder.find(mod, m):
            if test.examples:
                runner.run(test)
                examples += len(test.examples)
                with_tests.append(m)
    result = runner.summarize(verbose=False)
    assert result.failed == 0
    assert examples >= 40 and len(set(with_tests)) >= 15, (examples, sorted(set(with_tests)))
