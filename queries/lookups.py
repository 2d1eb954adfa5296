"""Lists the dashboard's pickers and filters draw from (counties, organisations)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ._common import run, shape
from .catalogue import analysis

__all__ = ["counties", "organisations"]


@analysis("counties", title=("旗县区列表", "Counties"),
          description=("组织所属的全部旗县区。", "Every county an organisation names."),
          columns=("county",), export=False)
def counties(store: Any) -> pd.DataFrame:
    """Every county an organisation names, sorted (column ``county``)."""
    return shape(run(store, "counties"), ["county"])


@analysis("organisations", title=("组织列表", "Organisations"),
          description=("全部组织的编码和名称。", "Every organisation's id and name."),
          params=("county",), columns=("org_id", "name", "county"), export=False)
def organisations(store: Any, *, county: str | None = None) -> pd.DataFrame:
    """org_id, name, county of every organisation (of ``county``), by org_id."""
    return shape(run(store, "organisations", county=county), ["org_id", "name", "county"])
