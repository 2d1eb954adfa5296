"""The `branchgraph` command line: a thin shell over the Python API.

Each module in this package contributes commands through a ``COMMANDS`` list;
:func:`main` gathers them, so adding a verb never edits this file.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import click

from .common import friendly_errors

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="branchgraph")
@click.option("--user", "as_user", metavar="NAME", default=None,
              help="Act as this account of the store (its role and counties apply); "
                   "default: the local admin.")
def cli(as_user: str | None) -> None:
    """branchgraph: grassroots party-organisation networks in a graph store.

    Start with `branchgraph demo`, then `branchgraph --help` on any verb.
    """
    from .common import act_as

    act_as(as_user)


def _gather() -> None:
    for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if mod.name == "common":
            continue
        module = importlib.import_module(f"{__name__}.{mod.name}")
        for command in getattr(module, "COMMANDS", ()):
            cli.add_command(command)


_gather()


def main(argv: list[str] | None = None) -> int:
    """Entry point: runs the group, turning user mistakes into messages."""
    with friendly_errors():
        return cli.main(args=argv, prog_name="branchgraph", standalone_mode=True) or 0
    return 1  # pragma: no cover - friendly_errors exits


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
