"""A small hand-built alliance network for the projection and network tests.

``hand_network()`` returns graph tables for ``store.replace_graph``. Read on
:data:`AS_OF` (2025-01-01). Every answer the tests check can be read off here.

Organisations (all ``branch`` unless said):

====  ======  ==========  ==========================================
org   county  domain      alliances / chains / pairings
====  ======  ==========  ==========================================
O1    红山区  rural       A1 (lead); CH1 种植; paired with O3 (open)
O2    红山区  community   A1; pairing with O7 only from 2025-03-01
O3    红山区  soe         A1, A2 (lead of A2); CH1 加工; paired with O1
O4    红山区  private     A2; CH1 销售; pairing with O5 ended 2024-06-30
O5    松山区  rural       A2, A3 (lead of A3); CH1 种植
O6    松山区  school      A3; CH2 (no stage)
O7    松山区  rural       none
O8    红山区  government  none (a general_branch)
C1    红山区  government  none (a committee: not grassroots)
O9    松山区  hospital    A4 (lead)
O10   松山区  rural       A4; CH1 种植
====  ======  ==========  ==========================================

Alliances: A1 {O1*, O2, O3} and A2 {O3*, O4, O5} share O3; A2 and A3 {O5*, O6}
share O5; A4 {O9*, O10} shares nobody (an island); A5 has no members (an island,
no lead). Chains: CH1 药材 (5 members: 种植 3, 加工 1, 销售 1; villages O1 O5 O10,
enterprises O3 O4), CH2 (O6 without a stage), CH3 (empty).

The membership graph (organisations + alliances, an edge per membership) has
13 nodes and two components with organisations: {O1..O6, A1, A2, A3} and
{O9, O10, A4}; A5 stands alone. In the first, A1 - O3 - A2 - O5 - A3 is a path
with leaves O1 O2 on A1, O4 on A2, O6 on A3. Betweenness (normalised by
(n-1)(n-2)/2 = 66): O3 lies on every shortest path between {O1, O2, A1} and
{A2, O4, O5, A3, O6}: 3 x 5 = 15 pairs, 15/66. O5 separates {A3, O6} from the
other six: 12 pairs, 12/66. Everyone else: 0.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["AS_OF", "hand_network"]

AS_OF = "2025-01-01"

_ORGS = [
    # org_id, name, kind, domain, county, stars, tier
    ("O1", "东村党支部", "branch", "rural", "红山区", 3, "lagging"),
    ("O2", "东城社区党支部", "branch", "community", "红山区", 6, "middle"),
    ("O3", "红山国企党支部", "branch", "soe", "红山区", 8, "advanced"),
    ("O4", "红山民企党支部", "branch", "private", "红山区", 5, "middle"),
    ("O5", "西村党支部", "branch", "rural", "松山区", 2, "lagging"),
    ("O6", "松山中学党支部", "branch", "school", "松山区", None, None),
    ("O7", "南村党支部", "branch", "rural", "松山区", 4, "middle"),
    ("O8", "红山区机关党总支", "general_branch", "government", "红山区", 7, "advanced"),
    ("C1", "红山区委", "committee", "government", "红山区", None, None),
    ("O9", "松山医院党支部", "branch", "hospital", "松山区", 6, "middle"),
    ("O10", "北村党支部", "branch", "rural", "松山区", 1, "lagging"),
]

_ALLIANCES = [
    ("A1", "东城区域联建", "区域联建", "红山区", "2023-03-01"),
    ("A2", "村企联建", "村企联建", "红山区", "2023-05-01"),
    ("A3", "西部城乡联建", "城乡联建", "松山区", None),
    ("A4", "医村联建", "行业联建", "松山区", "2024-01-01"),
    ("A5", "空联合体", "区域联建", "松山区", None),
]

_MEMBERS = [
    ("O1", "A1", "lead"), ("O2", "A1", "member"), ("O3", "A1", "member"),
    ("O3", "A2", "lead"), ("O4", "A2", "member"), ("O5", "A2", "member"),
    ("O5", "A3", "lead"), ("O6", "A3", "member"),
    ("O9", "A4", "lead"), ("O10", "A4", "member"),
]

_CHAINS = [
    ("CH1", "药材产业链党委", "中药材", "松山区"),
    ("CH2", "教育联盟", "教育", "松山区"),
    ("CH3", "出租车行业党委", "出租车", "红山区"),
]

_IN_CHAIN = [
    ("O1", "CH1", "种植"), ("O5", "CH1", "种植"), ("O10", "CH1", "种植"),
    ("O3", "CH1", "加工"), ("O4", "CH1", "销售"), ("O6", "CH2", None),
]

_PAIRINGS = [
    ("O3", "O1", "企业联村", "2024-01-01", None),
    ("O4", "O5", "结对帮扶", "2023-01-01", "2024-06-30"),
    ("O2", "O7", "城乡结对", "2025-03-01", None),
]


def hand_network() -> dict[str, pd.DataFrame]:
    """Graph tables of the network described in the module docstring."""
    return {
        "Organization": pd.DataFrame(
            _ORGS, columns=["org_id", "name", "kind", "domain", "county", "stars", "tier"]
        ),
        "Alliance": pd.DataFrame(
            _ALLIANCES, columns=["alliance_id", "name", "theme", "county", "founded"]
        ),
        "Chain": pd.DataFrame(_CHAINS, columns=["chain_id", "name", "industry", "county"]),
        "MEMBER_OF": pd.DataFrame(_MEMBERS, columns=["src", "dst", "role"]),
        "IN_CHAIN": pd.DataFrame(_IN_CHAIN, columns=["src", "dst", "stage"]),
        "PAIRED_WITH": pd.DataFrame(_PAIRINGS, columns=["src", "dst", "type", "since", "until"]),
    }
