"""A small hand-built city tree for the responsibility tests, as graph tables.

``tree_city()`` — a city committee over two county committees, a street working
committee and a general branch, with eight grassroots organisations. Read on
:data:`AS_OF` (2025-01-01)::

    M0 赤峰市委 (committee, no county)
    ├── K1 红山区委 (committee, 红山区)
    │   ├── W1 城东街道党工委 (working committee)
    │   │   ├── B1 一村党支部        lagging  3★         watched: P1 mentors
    │   │   ├── B2 二村党支部        middle   6★         watched: P1 contact point
    │   │   └── G1 东风社区党总支    advanced 8★         nobody
    │   │       └── B3 东风社区第一党支部  lagging 2★   nobody  <- lagging, unwatched
    │   └── B4 区直机关党支部        middle   7★  weak   nobody (P2's mentoring ended
    │                                                    2024-12-31) <- weak, unwatched
    ├── K2 松山区委 (committee, 松山区)
    │   ├── B5 四村党支部            advanced 9★         watched: P2 mentors
    │   └── B6 五村党支部            middle   unrated    nobody
    └── B7 市直机关党支部 (市直)     middle   5★         watched: P3 contact point

Responsible committees: B1, B2, G1 and B3 (through G1) answer to W1; B4 and W1 to
K1; B5, B6 to K2; B7, K1 and K2 to M0; M0 to nobody.

The roll-up, worked by hand (stars: the mean of the rated ones; 6+ and 8+ counts):

=========  =====  ====  =====  =======  ==========  ==========  =======================  ===  ===
committee  depth  orgs  watch  share    lag unwtch  weak unwtch  stars mean               6+   8+
=========  =====  ====  =====  =======  ==========  ==========  =======================  ===  ===
M0         0      8     4      0.5      1 (B3)      1 (B4)      (3+6+8+2+7+9+5)/7 = 40/7  4    2
K1         1      5     2      0.4      1           1           (3+6+8+2+7)/5 = 5.2       3    1
W1         2      4     2      0.5      1           0           (3+6+8+2)/4 = 4.75        2    1
K2         1      2     1      0.5      0           0           9 / 1 = 9.0               1    1
=========  =====  ====  =====  =======  ==========  ==========  =======================  ===  ===

Nobody watches B3, B4, B6 and G1: the gap list, neediest first, is B3 (lagging), B4
(weak), B6 (unrated), G1 (8 stars), answered for by W1, K1, K2 and W1.
"""

from __future__ import annotations

import pandas as pd
import pytest

__all__ = ["AS_OF", "TREE_SOURCE", "tree_city", "tree"]

#: The day the hand-written answers refer to.
AS_OF = "2025-01-01"
TREE_SOURCE = "tree-city"

_NA = None
_ORGS = [
    # org_id, name, kind, parent, domain, county, township, stars, tier, weak, members
    ("M0", "赤峰市委", "committee", _NA, "government", _NA, _NA, _NA, _NA, _NA, 50),
    ("K1", "红山区委", "committee", "M0", "government", "红山区", _NA, _NA, _NA, _NA, 40),
    ("W1", "城东街道党工委", "working_committee", "K1", "community", "红山区", "城东街道",
     _NA, _NA, _NA, 25),
    ("B1", "一村党支部", "branch", "W1", "rural", "红山区", "城东街道", 3, "lagging", False, 18),
    ("B2", "二村党支部", "branch", "W1", "rural", "红山区", "城东街道", 6, "middle", False, 22),
    ("G1", "东风社区党总支", "general_branch", "W1", "community", "红山区", "城东街道", 8,
     "advanced", False, 45),
    ("B3", "东风社区第一党支部", "branch", "G1", "community", "红山区", "城东街道", 2, "lagging",
     False, 12),
    ("B4", "区直机关党支部", "branch", "K1", "government", "红山区", _NA, 7, "middle", True, 15),
    ("K2", "松山区委", "committee", "M0", "government", "松山区", _NA, _NA, _NA, _NA, 35),
    ("B5", "四村党支部", "branch", "K2", "rural", "松山区", "安庆镇", 9, "advanced", False, 20),
    ("B6", "五村党支部", "branch", "K2", "rural", "松山区", "安庆镇", _NA, "middle", False, 14),
    ("B7", "市直机关党支部", "branch", "M0", "government", "市直", _NA, 5, "middle", False, 30),
]
_PEOPLE = [
    # person_id, name, role, level, org_id, capacity
    ("P1", "王芳", "业务骨干", "county", "K1", _NA),
    ("P2", "李强", "业务骨干", "county", "K2", 3),
    ("P3", "张伟", "市委常委", "city", "M0", _NA),
]
_ASSIGNMENTS = [
    # person_id, org_id, type, since, until
    ("P1", "B1", "mentor", "2024-01-01", _NA),
    ("P1", "B2", "contact", _NA, _NA),
    ("P2", "B4", "mentor", "2023-01-01", "2024-12-31"),
    ("P2", "B5", "mentor", "2024-03-01", _NA),
    ("P3", "B7", "contact", "2024-05-01", _NA),
]


def tree_city() -> dict[str, pd.DataFrame]:
    """The city tree above as graph tables (label / type -> DataFrame)."""
    from loaders.contract import graph_tables

    orgs = pd.DataFrame(_ORGS, columns=["org_id", "name", "kind", "parent_id", "domain", "county",
                                        "township", "stars", "tier", "weak", "members"])
    orgs["stars"] = orgs["stars"].astype("Int64")
    orgs["members"] = orgs["members"].astype("Int64")
    orgs["weak"] = orgs["weak"].astype("boolean")
    people = pd.DataFrame(_PEOPLE, columns=["person_id", "name", "role", "level", "org_id",
                                            "capacity"])
    people["capacity"] = people["capacity"].astype("Int64")
    assignments = pd.DataFrame(_ASSIGNMENTS, columns=["person_id", "org_id", "type", "since",
                                                      "until"])
    return graph_tables({"organizations": orgs, "people": people, "assignments": assignments})


@pytest.fixture(scope="module")
def _tree_ladybug(tmp_path_factory):
    from graphmodel import open_store

    store = open_store(tmp_path_factory.mktemp("tree") / "tree.lbug")
    store.replace_graph(tree_city(), source=TREE_SOURCE)
    yield store
    store.close()


@pytest.fixture(scope="module")
def _tree_bolt(bolt_uri):
    from graphmodel.bolt_store import BoltStore

    store = BoltStore(bolt_uri)
    yield store
    store.close()


@pytest.fixture(params=["ladybug", "bolt"])
def tree(request):
    """The city tree, read-only, on LadybugDB and on Bolt (FalkorDB) in turn; the one
    Bolt graph is reloaded whenever another test has replaced it since."""
    if request.param == "ladybug":
        return request.getfixturevalue("_tree_ladybug")
    store = request.getfixturevalue("_tree_bolt")
    info = store.load_info()
    if info is None or info.source != TREE_SOURCE:
        store.replace_graph(tree_city(), source=TREE_SOURCE)
    return store
