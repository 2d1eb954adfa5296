"""Chinese and English labels for the analyses' columns and values.

Every DataFrame column named in the analysis API has a label here, in Chinese
first and English second; the exports, the CLI and the dashboard print these
instead of the snake_case names. Enum values (tier, kind, domain, status, link,
the coverage dimensions in ``missing``, ...) have labels too, so a Chinese export
says 后进 where the store says ``lagging``.

Everyone may ADD entries; please do not rename existing ones (tests and saved
exports rely on them).

>>> label("org_id", "zh"), label("org_id", "en")
('组织编码', 'Organisation ID')
>>> value_label("tier", "lagging", "zh")
'后进'
>>> value_label("missing", "watched|mentor|contact|pairing", "zh")
'无人包联、无结对'
>>> value_label("mix", "1/1/1", "zh")
'先进1 中间1 后进1'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "LANGS",
    "COLUMN_LABELS",
    "VALUE_LABELS",
    "VALUE_COLUMNS",
    "BOOL_LABELS",
    "MIX_TEMPLATES",
    "label",
    "value_label",
    "param_label",
    "choice_label",
    "PARAM_LABELS",
    "translate_columns",
    "translate_values",
]

#: Languages a label exists in.
LANGS = ("zh", "en")

#: Column name -> (Chinese, English).
COLUMN_LABELS: dict[str, tuple[str, str]] = {
    # organisations
    "org_id": ("组织编码", "Organisation ID"),
    "name": ("名称", "Name"),
    "org_name": ("组织名称", "Organisation"),
    "kind": ("组织类型", "Kind"),
    "parent_id": ("上级组织编码", "Parent ID"),
    "county": ("旗县区", "County"),
    "township": ("乡镇街道", "Township"),
    "domain": ("领域", "Domain"),
    "tier": ("类别", "Tier"),
    "stars": ("星级", "Stars"),
    "base_stars": ("基础星", "Base stars"),
    "task_score": ("任务得分", "Task score"),
    "highlight_score": ("特色得分", "Highlight score"),
    "weak": ("软弱涣散", "Weak"),
    "members": ("成员数", "Members"),
    # coverage
    "watchers": ("包联人数", "Watchers"),
    "mentors": ("包联干部数", "Mentors"),
    "contacts": ("联系点数", "Contact points"),
    "alliances": ("联合体数", "Alliances"),
    "pairings": ("结对数", "Pairings"),
    "chains": ("产业链数", "Chains"),
    "watched": ("有人包联", "Watched"),
    "missing": ("缺少", "Missing"),
    "group": ("分组", "Group"),
    "organisations": ("组织数", "Organisations"),
    "watched_share": ("有人包联占比", "Watched share"),
    "mentor_share": ("有包联干部占比", "Mentor share"),
    "contact_share": ("有联系点占比", "Contact share"),
    "alliance_share": ("入联合体占比", "Alliance share"),
    "pairing_share": ("有结对占比", "Pairing share"),
    "chain_share": ("入产业链占比", "Chain share"),
    "person_id": ("人员编码", "Person ID"),
    # the tree: who answers for whom
    "committee_id": ("负责党委编码", "Committee ID"),
    "committee": ("负责党委", "Responsible committee"),
    "parent_committee_id": ("上级党委编码", "Parent committee ID"),
    "depth": ("上级党委层数", "Committees above"),
    "lagging_unwatched": ("无人包联的后进组织", "Lagging, unwatched"),
    "weak_unwatched": ("无人包联的软弱涣散组织", "Weak, unwatched"),
    "stars_mean": ("平均星级", "Mean stars"),
    "person_name": ("人员姓名", "Person"),
    # mentors
    "role": ("职务", "Role"),
    "level": ("层级", "Level"),
    "mentored": ("包联支部数", "Mentored"),
    "load": ("包联总数", "Load"),
    "weighted_load": ("加权负担", "Weighted load"),
    "capacity": ("包联上限", "Capacity"),
    "status": ("负担状态", "Status"),
    "advanced": ("先进组织数", "Advanced"),
    "middle": ("中间组织数", "Middle"),
    "lagging": ("后进组织数", "Lagging"),
    "unrated": ("未分类组织数", "Unrated"),
    "mix": ("包联结构", "Mix"),
    "mix_ok": ("搭配合规", "Mix OK"),
    "link": ("包联方式", "Link"),
    "people": ("人数", "People"),
    "mean_load": ("平均包联数", "Mean load"),
    "max_load": ("最多包联数", "Max load"),
    "over_capacity": ("超出上限人数", "Over capacity"),
    "over_share": ("超出上限占比", "Over-capacity share"),
    "mix_broken": ("搭配不合规人数", "Mix broken"),
    "contact_capacity": ("联系点上限", "Contact capacity"),
    "branches": ("其中支部数", "Branches"),
    "committees": ("其中党委数", "Committees"),
    # stars
    "computed": ("按规则应得星级", "Computed stars"),
    "agrees": ("星级一致", "Agrees"),
    **{f"s{i}": (f"{i}星", f"{i} stars") for i in range(11)},
    "rated": ("已评星", "Rated"),
    "at6": ("6星及以上", "6+ stars"),
    "at8": ("8星及以上", "8+ stars"),
    "at6_share": ("6星及以上占比", "6+ share"),
    "at8_share": ("8星及以上占比", "8+ share"),
    "target": ("目标", "Target"),
    "goal_share": ("目标占比", "Goal share"),
    "at_target": ("已达标", "At target"),
    "share": ("达标占比", "Share"),
    "gap": ("尚差", "Gap"),
    "goal_count": ("目标组织数", "Goal (organisations)"),
    "count_gap": ("尚差组织数", "Gap (organisations)"),
    "share_gap": ("尚差占比", "Gap (share)"),
    "by_rule": ("按规则计星的组织数", "Rated by the rule"),
    # networks
    "alliance_id": ("联合体编码", "Alliance ID"),
    "theme": ("联建类型", "Theme"),
    "founded": ("成立日期", "Founded"),
    "lead_id": ("牵头组织编码", "Lead ID"),
    "lead_name": ("牵头组织", "Lead"),
    "island": ("孤立联合体", "Island"),
    "component": ("连通分量", "Component"),
    "largest": ("最大分量", "Largest"),
    "betweenness": ("中介中心度", "Betweenness"),
    "community": ("社区编号", "Community"),
    "counties": ("旗县区数", "Counties"),
    "main_domain": ("主要领域", "Main domain"),
    "chain_id": ("产业链编码", "Chain ID"),
    "industry": ("产业", "Industry"),
    "stages": ("环节", "Stages"),
    "villages": ("村级组织数", "Villages"),
    "enterprises": ("企业组织数", "Enterprises"),
    "org_a": ("组织编码A", "Organisation A"),
    "name_a": ("组织名称A", "Name A"),
    "org_b": ("组织编码B", "Organisation B"),
    "name_b": ("组织名称B", "Name B"),
    "type": ("类型", "Type"),
    "since": ("开始日期", "Since"),
    "until": ("结束日期", "Until"),
    # proposals and what-if
    "cost": ("代价", "Cost"),
    "reason": ("理由", "Reason"),
    "lost": ("失去", "Lost"),
    "figure": ("指标", "Figure"),
    "before": ("调整前", "Before"),
    "after": ("调整后", "After"),
    # proposals: the cost in words, and what is still needed
    "cost_note": ("代价说明", "Cost explained"),
    "open": ("仍无人包联", "Still open"),
    "open_lagging_weak": ("其中后进或软弱涣散", "Of them lagging or weak"),
    "mentors_lagging_weak": ("覆盖后进、软弱涣散还需包联干部", "Mentors needed for lagging and weak"),
    "mentors_all": ("全部覆盖还需包联干部", "Mentors needed for all"),
}

#: Dimension -> {canonical value: (Chinese, English)}.
VALUE_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "tier": {
        "advanced": ("先进", "advanced"),
        "middle": ("中间", "middle"),
        "lagging": ("后进", "lagging"),
        "unrated": ("未分类", "unrated"),
    },
    "kind": {
        "committee": ("党委", "committee"),
        "working_committee": ("党工委", "working committee"),
        "general_branch": ("党总支", "general branch"),
        "branch": ("党支部", "branch"),
    },
    "domain": {
        "rural": ("农村", "rural"),
        "community": ("社区", "community"),
        "government": ("机关", "government"),
        "school": ("学校", "school"),
        "hospital": ("医院", "hospital"),
        "soe": ("国企", "state enterprise"),
        "private": ("非公企业", "private enterprise"),
        "social": ("社会组织", "social organisation"),
        "park": ("园区", "park"),
    },
    "level": {
        "city": ("市", "city"),
        "county": ("县", "county"),
        "township": ("乡", "township"),
        "village": ("村", "village"),
    },
    "status": {
        "over": ("超出上限", "over"),
        "full": ("已满", "full"),
        "under": ("未满", "under"),
    },
    "link": {
        "mentor": ("包联", "mentor"),
        "contact": ("联系点", "contact"),
        "secretary": ("书记", "secretary"),
    },
    "member_role": {
        "lead": ("牵头", "lead"),
        "member": ("成员", "member"),
    },
    # the sections of an organisation's profile (queries/profile.py)
    "profile_section": {
        "parent": ("上级组织", "above"),
        "child": ("下级组织", "below"),
        "mentor": ("包联干部", "mentor"),
        "contact": ("联系点领导", "contact point"),
        "secretary": ("书记", "secretary"),
        "alliance": ("联建联合体", "alliance"),
        "chain": ("产业链", "chain"),
        "pairing": ("结对组织", "pairing"),
    },
    # coverage dimensions; `missing` joins several with '|'
    "missing": {
        "watched": ("无人包联", "nobody watching"),
        "mentor": ("无包联干部", "no mentor"),
        "contact": ("无联系点", "no contact point"),
        "alliance": ("未入联合体", "no alliance"),
        "pairing": ("无结对", "no pairing"),
        "chain": ("未入产业链", "no chain"),
    },
    # month-on-month changes (queries/changes.py); English exactly as scripts expect
    "change": {
        "newly_uncovered": ("新增无人包联", "newly uncovered"),
        "newly_watched": ("新增有人包联", "newly watched"),
        "mentor_changed": ("包联干部变更", "mentor changed"),
        "weak_cleared": ("软弱涣散销号", "weak cleared"),
        "newly_weak": ("新增软弱涣散", "newly weak"),
        "tier_up": ("类别提升", "tier up"),
        "tier_down": ("类别下降", "tier down"),
        "stars_up": ("星级提升", "stars up"),
        "stars_down": ("星级下降", "stars down"),
        "joined_alliance": ("加入联合体", "joined an alliance"),
        "left_alliance": ("退出联合体", "left an alliance"),
        "added": ("新增组织", "added"),
        "removed": ("撤销组织", "removed"),
    },
    "severity": {"red": ("红色", "red"), "yellow": ("黄色", "yellow")},
    "warning": {
        "unwatched_needy": ("后进或软弱涣散支部连续无人包联", "lagging or weak, unwatched for months"),
        "weak_overdue": ("软弱涣散逾期未销号", "weak past its deadline"),
        "lapsing_watch": ("唯一包联即将到期", "only watcher's link ends soon"),
        "mentor_over": ("包联干部超出上限", "mentor over capacity"),
        "mentor_mix": ("包联结构不合规", "mentor's mix broken"),
        "county_share_fell": ("有人包联占比下降", "watched share fell"),
    },
    "figure": {
        "organisations": ("基层组织数", "Grassroots organisations"),
        "watched_share": ("有人包联占比", "Watched share"),
        "lagging_unwatched": ("无人包联的后进组织", "Lagging, nobody watching"),
        "weak_unwatched": ("无人包联的软弱涣散组织", "Weak, nobody watching"),
        "weak": ("软弱涣散组织", "Weak organisations"),
        "at6_share": ("6星及以上占比", "6+ share"),
        "at8_share": ("8星及以上占比", "8+ share"),
        "over_capacity": ("超出上限的包联干部", "Mentors over capacity"),
    },
    "target": {
        "6+": ("6星及以上（今年）", "6+ (this year)"),
        "8+": ("8星及以上（今年）", "8+ (this year)"),
        "6+ 3y": ("6星及以上（三年）", "6+ (three years)"),
        "8+ 3y": ("8星及以上（三年）", "8+ (three years)"),
    },
}

#: Column name -> the VALUE_LABELS dimension its values come from.
VALUE_COLUMNS: dict[str, str] = {
    "tier": "tier",
    "kind": "kind",
    "domain": "domain",
    "main_domain": "domain",
    "level": "level",
    "status": "status",
    "link": "link",
    "missing": "missing",
    "target": "target",
    "mix": "mix",
}

#: How a mentor's mix "a/m/l" (advanced/middle/lagging counts) reads: never as
#: "1/1/1", which Excel and Calc turn into the date 2001-01-01.
MIX_TEMPLATES = {"zh": "先进{0} 中间{1} 后进{2}", "en": "adv {0} / mid {1} / lag {2}"}
_MIX = re.compile(r"(\d+)/(\d+)/(\d+)")

#: Parameter name -> (Chinese, English), where the column of that name reads otherwise
#: or there is none (forms label their fields with :func:`param_label`).
PARAM_LABELS: dict[str, tuple[str, str]] = {
    "as_of": ("截至日期", "As of"),
    "kinds": ("组织类型", "Organisation kinds"),
    "by": ("分组方式", "Group by"),
    "dimension": ("缺少哪一项", "Lacking"),
    "min_stars": ("最低星级", "At least stars"),
    "horizon": ("截止日期", "Until"),
    "days": ("提前天数", "Days ahead"),
    "default_capacity": ("未填上限者的包联上限", "Capacity when none is given"),
    "allow_cross_county": ("允许跨旗县区", "Allow other counties"),
    "strict": ("严格搭配", "Strict mix"),
    "committee": ("党委编码", "Committee ID"),
}

#: Choices of a parameter that are column names (``by``) or coverage dimensions.
_CHOICE_DIMENSIONS = {"dimension": "missing"}

#: How True / False read in each language.
BOOL_LABELS: dict[str, tuple[str, str]] = {"zh": ("是", "否"), "en": ("yes", "no")}


def _index(lang: str) -> int:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of: {', '.join(LANGS)}")
    return LANGS.index(lang)


def label(col: str, lang: str = "zh") -> str:
    """The header for column ``col`` in ``lang`` ('zh' or 'en').

    Parameters
    ----------
    col : a DataFrame column name, e.g. ``"org_id"``.
    lang : ``"zh"`` or ``"en"``.

    Returns
    -------
    str
        The label; an unknown column is returned unchanged, so nothing is lost.
    """
    i = _index(lang)
    pair = COLUMN_LABELS.get(col)
    return pair[i] if pair else col


def param_label(name: str, lang: str = "zh") -> str:
    """The label of a parameter ``name`` in a form: :data:`PARAM_LABELS`, else the column
    label of that name, else the name.

    >>> param_label("as_of"), param_label("county"), param_label("kinds", "en")
    ('截至日期', '旗县区', 'Organisation kinds')
    """
    pair = PARAM_LABELS.get(name)
    return pair[_index(lang)] if pair else label(name, lang)


def choice_label(param: str, enum: str | None, value: object, lang: str = "zh") -> object:
    """A choice ``value`` of parameter ``param`` (whose values come from ``enum``, if any)
    as people read it: an enum value's label, a coverage dimension's, or a column's.

    >>> choice_label("tier", "tier", "lagging"), choice_label("dimension", None, "mentor")
    ('后进', '无包联干部')
    >>> choice_label("by", None, "domain")
    '领域'
    """
    if enum:
        return value_label(enum, value, lang)
    if param in _CHOICE_DIMENSIONS:
        return value_label(_CHOICE_DIMENSIONS[param], value, lang)
    return label(str(value), lang) if str(value) in COLUMN_LABELS else value


#: Dimensions a missing "watched" already says (nobody watching: no mentor, no contact point).
_IMPLIED_BY_WATCHED = {"mentor", "contact"}


def _missing_text(parts: list[str], i: int) -> str:
    """Several missing dimensions in words, each said once: 无人包联 covers 无包联干部 and
    无联系点; joined by 、 (', ' in English)."""
    if "watched" in parts:
        parts = [p for p in parts if p not in _IMPLIED_BY_WATCHED]
    words = VALUE_LABELS["missing"]
    return ("、", ", ")[i].join(words[p][i] if p in words else p for p in parts)


def value_label(dimension: str, value: object, lang: str = "zh") -> object:
    """``value`` of ``dimension`` in ``lang``; unknown values come back unchanged.

    A ``missing`` value such as ``"watched|mentor"`` is translated part by part.
    """
    i = _index(lang)
    table = VALUE_LABELS.get(dimension, {})
    if not isinstance(value, str):
        return value
    if dimension == "mix":
        m = _MIX.fullmatch(value)
        return MIX_TEMPLATES[LANGS[i]].format(*m.groups()) if m else value
    if dimension == "missing" and "|" in value:
        return _missing_text(value.split("|"), i)
    pair = table.get(value)
    return pair[i] if pair else value


def translate_columns(
    df: pd.DataFrame, lang: str = "zh", overrides: Mapping[str, tuple[str, str]] | None = None
) -> pd.DataFrame:
    """A copy of ``df`` whose headers are the labels in ``lang``.

    Parameters
    ----------
    df : any analysis result.
    lang : ``"zh"`` or ``"en"``.
    overrides : column -> (zh, en) labels that win over :data:`COLUMN_LABELS`
        for this one table (``name`` is 姓名 in a table of people, say).

    Returns
    -------
    DataFrame with the same values and translated column names.
    """
    i = _index(lang)
    extra = dict(overrides or {})
    names = [extra[c][i] if c in extra else label(str(c), lang) for c in df.columns]
    out = df.copy(deep=False)
    out.columns = names
    return out


def translate_values(
    df: pd.DataFrame, lang: str = "zh", columns: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """A copy of ``df`` with enum values and booleans spelled in ``lang``.

    Parameters
    ----------
    df : any analysis result (English column names).
    lang : ``"zh"`` or ``"en"``.
    columns : column -> dimension; defaults to :data:`VALUE_COLUMNS`.

    Returns
    -------
    DataFrame: ``tier`` 'lagging' reads 后进, a boolean True reads 是 (zh) or yes (en);
    missing values stay missing, numbers stay numbers.
    """
    i = _index(lang)
    dims = dict(VALUE_COLUMNS if columns is None else columns)
    out = df.copy(deep=False)  # columns are replaced, never changed in place
    yes, no = BOOL_LABELS[LANGS[i]]
    for col in out.columns:
        s = out[col]
        if col in dims:
            out[col] = _each_value(s, lambda v, d=dims[col]: value_label(d, v, lang))
        elif pd.api.types.is_bool_dtype(s.dtype):
            out[col] = _each_value(s, lambda v: yes if v else no)
    return out


def _each_value(s: pd.Series, word: Callable[[Any], Any]) -> pd.Series:
    """``word`` of each value of ``s`` (missing stays None), called once per distinct
    value: a column of millions of rows holds a handful of tiers or yes/no."""
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    words = np.array([word(u) for u in uniques] + [None], dtype=object)
    return pd.Series(words[codes], index=s.index, dtype=object)  # code -1 -> the last, None
