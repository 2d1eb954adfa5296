"""Docs are checked by tests: generated pages are current, settings and verbs documented."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from branchgraph import docs, settings
from branchgraph.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("page,make", [("queries.md", docs.queries_md), ("cli.md", docs.cli_md)])
def test_generated_page_is_current(page, make):
    on_disk = (ROOT / "docs" / page).read_text(encoding="utf-8")
    # click's column padding depends on what ran before in the process: compare words
    assert _words(on_disk) == _words(make()), f"docs/{page} is stale: run `python -m branchgraph.docs`"


def _words(text: str) -> list[str]:
    return text.split()


def test_every_named_query_is_in_the_reference():
    from queries.registry import list_queries

    text = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    names = [q.name for q in list_queries()]
    assert len(names) >= 15
    for name in names:
        assert f"## `{name}`" in text


@pytest.mark.parametrize("s", settings.SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_in_the_readme(s):
    assert f"`{s.env}`" in README
    assert s.help


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_verb_has_help(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage: " in result.output
    assert cli.commands[name].help, f"{name} has no docstring"


def test_readme_opens_with_the_two_commands():
    blocks = [b.split("\n", 1)[1].strip() for b in README.split("```")[1:4:2]]
    assert blocks == ["bash scripts/demo.sh", "bash scripts/test.sh"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "scripts/test.sh" in ci
