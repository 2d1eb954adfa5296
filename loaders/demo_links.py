"""The demo dataset's people and links: secretaries, leaders' contact points,
mentors, alliances, industry chains and pairings (see :mod:`loaders.demo`).

Each function takes the organisations as code arrays (:class:`loaders.demo_orgs.Orgs`)
and returns contract tables. Every column is built with numpy; no loop runs once
per row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import demo_names as N
from .demo_orgs import (MENTOR_EXCEPTIONS, TARGETS, Orgs, _ids, _largest_remainder, day,
                        days_between, group_rank, iso, pick)

__all__ = ["people_tables", "alliance_tables", "chain_tables", "pairings", "person_names"]

_PAST_END = day("2025-12-31")  # every ended link ended on or before this day
_ADV, _MID, _LAG = 0, 1, 2


def _obj(values) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=object), dtype=object)


def person_names(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` Chinese names: surname + one or two characters; a few Mongolian names."""
    sur = np.array(N.SURNAMES, dtype=object)
    giv = np.array(("",) + N.GIVEN, dtype=object)
    # every possible name once (shared string objects), then indexed
    table = (sur[:, None, None] + giv[None, 1:, None] + giv[None, None, :]).ravel()
    w = 1.0 / (np.arange(len(sur)) + 8.0)  # common surnames first
    s = rng.choice(len(sur), n, p=w / w.sum())
    g1 = rng.integers(0, len(giv) - 1, n)
    g2 = np.where(rng.random(n) < 0.6, rng.integers(1, len(giv), n), 0)
    out = table[(s * (len(giv) - 1) + g1) * len(giv) + g2]
    mongol = rng.random(n) < 0.06
    mn = np.array(N.MONGOLIAN_NAMES, dtype=object)
    out[mongol] = mn[rng.integers(0, len(mn), int(mongol.sum()))]
    return out


def _ended(rng: np.random.Generator, since: np.ndarray, share: float) -> np.ndarray:
    """``until`` day numbers: ``share`` of links ended 90–500 days after they began (in the past); -1 open."""
    n = len(since)
    end = np.maximum(np.minimum(since + rng.integers(90, 500, n), _PAST_END), since)
    return np.where(rng.random(n) < share, end, -1)


def _capacity(rng: np.random.Generator, n: int, share: float, lo: int, hi: int) -> np.ndarray:
    """Capacities: ``share`` of people have one set (lo..hi); 0 = not given."""
    return np.where(rng.random(n) < share, rng.integers(lo, hi + 1, n), 0)


def people_tables(rng: np.random.Generator, orgs: Orgs, scale: float) -> dict:
    """``people`` and ``assignments``: secretaries, contact points, mentors."""
    n = len(orgs.oid)
    role, city, county = orgs.role, orgs.city, orgs.county
    # level: 0 city, 1 county, 2 township, 3 village
    level = np.select([role <= 1, role <= 3, role == 4, orgs.dom <= 1], [0, 1, 2, 3], 1)
    level = np.where(orgs.dom < 0, np.where(role <= 1, 0, 1), level)
    levels = np.array(["city", "county", "township", "village"], dtype=object)
    # ---- secretaries: one per organisation (1 % of branches vacant), 3 % with a predecessor
    idx = np.flatnonzero(rng.random(n) >= np.where(role == 5, 0.01, 0.0))
    sec_since = days_between(rng, "2019-01-01", "2025-06-30", len(idx))
    prev = np.flatnonzero(rng.random(len(idx)) < 0.03)
    p_since = days_between(rng, "2014-01-01", "2018-06-30", len(prev))
    # ---- leaders who take contact points: 10 per city, 8 per county
    lead_city = np.repeat(np.flatnonzero(role == 0), 10)
    lead_cty = np.repeat(np.flatnonzero(role == 2), 8)
    # people, in order: secretaries, predecessors, city leaders, county leaders, mentors
    p_org = np.concatenate([idx, idx[prev], lead_city, lead_cty])
    p_role = np.concatenate([np.full(len(idx), "书记", object), np.full(len(prev), "原书记", object),
                             np.full(len(lead_city), "市委常委", object),
                             np.array([str(c)[-1] for c in orgs.county_labels], dtype=object)[
                                 county[lead_cty]] + "委常委"])
    p_level = np.concatenate([level[idx], level[idx[prev]], np.zeros(len(lead_city), np.int64),
                              np.ones(len(lead_cty), np.int64)])
    n_sec, n_lead0 = len(idx), len(idx) + len(prev)
    # contact persons: (person number, target group, base quota)
    sec_of = np.full(n, -1, np.int64)
    sec_of[idx] = np.arange(n_sec)
    C = int(city.max()) + 1
    n_cty = len(orgs.county_labels)
    s_city = np.flatnonzero((role <= 1) & (sec_of >= 0))
    s_cty = np.flatnonzero((role == 2) | (role == 3) & (sec_of >= 0))
    s_cty = s_cty[sec_of[s_cty] >= 0]
    s_tw = np.flatnonzero((role == 4) & (sec_of >= 0))
    l_city = n_lead0 + np.arange(len(lead_city))
    l_cty = n_lead0 + len(lead_city) + np.arange(len(lead_cty))
    persons = np.concatenate([l_city, sec_of[s_city], l_cty, sec_of[s_cty], sec_of[s_tw]])
    keys = np.concatenate([city[lead_city], city[s_city], C + county[lead_cty], C + county[s_cty],
                           C + n_cty + orgs.tw[s_tw]])
    base = np.concatenate([np.full(len(l_city) + len(s_city) + len(l_cty) + len(s_cty), 3.0),
                           np.full(len(s_tw), 2.0)])
    b = np.flatnonzero(orgs.is_branch)
    b_tw = b[orgs.tw[b] >= 0]
    pool_key = np.concatenate([city[b], C + county[b], C + n_cty + orgs.tw[b_tw]])
    pool_org = np.concatenate([b, b, b_tw])
    lag = (orgs.rating["tier"] == _LAG) | orgs.rating["weak"]
    prio = rng.random(len(pool_org)) + 0.7 * ~lag[pool_org]  # lagging and weak first, mostly
    order = np.argsort(pool_key * 2**21 + (prio * 2**20).astype(np.int64), kind="stable")
    sk, so = pool_key[order], pool_org[order]
    uniq, start, count = np.unique(sk, return_index=True, return_counts=True)
    # quotas: shares of the target, never more than the person's group holds
    gpos = np.minimum(np.searchsorted(uniq, keys), len(uniq) - 1)
    room = np.where(uniq[gpos] == keys, count[gpos], 0)
    quota = np.minimum(_largest_remainder(int(round(TARGETS["contacts"] * scale)), base), room)
    short = int(round(TARGETS["contacts"] * scale)) - int(quota.sum())
    if short > 0:  # give what small townships cannot take to people with room to spare
        spare = np.argsort(quota - room, kind="stable")[:short]
        quota[spare] += (room[spare] > quota[spare])
    po = np.argsort(keys, kind="stable")
    persons, keys, quota = persons[po], keys[po], quota[po]
    taken = np.cumsum(quota) - quota
    _, gstart, _ = group_rank(keys)
    rows = np.repeat(np.arange(len(persons)), quota)
    offset = (taken - taken[gstart])[rows] + (np.arange(len(rows)) - taken[rows])
    gpos = np.minimum(np.searchsorted(uniq, keys[rows]), len(uniq) - 1)
    ok = uniq[gpos] == keys[rows]
    c_org = so[start[gpos] + offset % count[gpos]][ok]
    c_person = persons[rows][ok]
    c_since = days_between(rng, "2022-01-01", "2025-10-31", len(c_org))
    c_until = _ended(rng, c_since, 0.06)
    # ---- mentors (业务骨干): one advanced, one middle and one lagging branch each
    m = _mentors(rng, orgs, scale)
    n_before = n_lead0 + len(lead_city) + len(lead_cty)
    M = len(m["county"])
    home = np.full(n_cty, -1, np.int64)
    home[county[role == 2]] = np.flatnonzero(role == 2)
    p_org = np.concatenate([p_org, home[m["county"]]])
    p_role = np.concatenate([p_role, np.full(M, "业务骨干", object)])
    p_level = np.concatenate([p_level, np.ones(M, np.int64)])
    total = len(p_org)
    pid = _ids("P", total)
    cap = _capacity(rng, total, 0.08, 2, 6)
    cap[n_before:] = _capacity(rng, M, 0.15, 3, 5)
    cap[n_before + m["overloaded"][:1]] = 6  # one overloaded mentor may carry six
    capacity = pd.array(cap, dtype="Int64")
    capacity[cap == 0] = pd.NA
    people = pd.DataFrame({"person_id": _obj(pid), "name": _obj(person_names(rng, total)),
                           "role": _obj(p_role), "level": _obj(levels[p_level]),
                           "org_id": _obj(orgs.oid[p_org]), "capacity": capacity})
    people = pd.concat([people, _reserves(home, orgs, total, scale)], ignore_index=True)
    # ---- assignments
    a_person = np.concatenate([np.arange(n_sec), n_sec + np.arange(len(prev)), c_person,
                               n_before + m["mentor"]])
    a_org = np.concatenate([idx, idx[prev], c_org, m["org"]])
    a_type = np.concatenate([np.full(n_sec + len(prev), "secretary", object),
                             np.full(len(c_org), "contact", object), np.full(len(m["org"]), "mentor", object)])
    a_since = np.concatenate([sec_since, p_since, c_since, m["since"]])
    a_until = np.concatenate([np.full(n_sec, -1), sec_since[prev] - 1, c_until, m["until"]])
    assignments = pd.DataFrame({"person_id": _obj(pid[a_person]), "org_id": _obj(orgs.oid[a_org]),
                                "type": _obj(a_type), "since": _obj(iso(a_since)),
                                "until": _obj(iso(a_until))})
    dup = pd.Series(a_person * (n + 1) + a_org).duplicated().to_numpy()
    return {"people": people, "assignments": assignments[~dup]}


#: Cadres per county who may mentor (组工干部) and carry nothing yet: the people a
#: proposal can give whole new 1/1/1 mixes to.
RESERVES_PER_COUNTY = 3


def _reserves(home: np.ndarray, orgs: Orgs, first: int, scale: float) -> pd.DataFrame:
    """The reserve cadres, appended after everyone else so the other people and links
    stay as they were (their names come from a generator of their own)."""
    counties = np.flatnonzero(home >= 0)
    k = int(round(RESERVES_PER_COUNTY * min(1.0, scale))) if len(counties) else 0
    where = np.repeat(home[counties], k)
    ids = _ids("P", first + len(where))[first:]
    names = person_names(np.random.default_rng(20250101), len(where))
    return pd.DataFrame({"person_id": _obj(ids), "name": _obj(names),
                         "role": _obj(np.full(len(where), "组工干部", object)),
                         "level": _obj(np.full(len(where), "county", object)),
                         "org_id": _obj(orgs.oid[where]),
                         "capacity": pd.array([pd.NA] * len(where), dtype="Int64")})


def _mentors(rng: np.random.Generator, orgs: Orgs, scale: float) -> dict:
    """Mentor links with the deliberate exceptions, as arrays (mentor number, org, since, until)."""
    tier = orgs.rating["tier"]
    n_cty = len(orgs.county_labels)
    C = n_cty // 13
    cand = np.flatnonzero(orgs.is_branch & (orgs.role == 5) & (orgs.county < 12 * C))
    M = int(round(TARGETS["mentors"] * scale))
    m_county = orgs.county[cand[rng.integers(0, len(cand), M)]]
    n_over, n_broken, n_ended = (int(round(MENTOR_EXCEPTIONS[k] * scale))
                                 for k in ("overloaded", "broken_mix", "ended_extra"))
    perm = rng.permutation(M)
    over = perm[:n_over]
    broken = perm[n_over:n_over + n_broken]
    ended = perm[n_over + n_broken:n_over + n_broken + n_ended]
    r_m = np.repeat(np.arange(M), 3)
    r_t = np.tile(np.array([_ADV, _MID, _LAG]), M)
    r_t[np.isin(r_m, broken) & (r_t == _MID)] = _LAG
    o_m = np.repeat(over, np.resize(np.array([2, 3, 2, 3, 3]), n_over))
    mentor = np.concatenate([r_m, o_m, ended])
    t_all = np.concatenate([r_t, rng.integers(0, 3, len(o_m)), rng.integers(0, 3, len(ended))])
    since = np.concatenate([days_between(rng, "2025-01-01", "2025-04-30", len(r_m)),
                            days_between(rng, "2025-03-01", "2025-09-30", len(o_m)),
                            days_between(rng, "2024-01-01", "2024-06-30", len(ended))])
    until = np.concatenate([np.full(len(r_m) + len(o_m), -1), np.full(len(ended), day("2025-06-30"))])
    # the k-th request for (county, tier) takes the k-th branch of a shuffled pool: all distinct
    req = m_county[mentor] * 3 + t_all
    order = np.argsort(req, kind="stable")
    slot = np.empty(len(order), np.int64)
    slot[order] = group_rank(req[order])[0]
    got = pick(rng, orgs.county[cand] * 3 + tier[cand], req, offsets=slot)
    keep = got >= 0
    return {"mentor": mentor[keep], "org": cand[got[keep]], "since": since[keep],
            "until": until[keep], "county": m_county, "overloaded": over}


def alliance_tables(rng: np.random.Generator, orgs: Orgs, scale: float) -> dict:
    """``alliances`` and ``alliance_members``: one lead each, overlaps and a few islands."""
    A = int(round(TARGETS["alliances"] * scale))
    D = int(round(TARGETS["alliance_members"] * scale))
    X = int(round(TARGETS["alliance_overlap"] * scale))
    cand = np.flatnonzero(orgs.role != 0)
    chosen = rng.choice(cand, min(D, len(cand)), replace=False)
    cc = orgs.county[chosen]
    order = np.argsort(cc * len(chosen) + rng.permutation(len(chosen)))
    chosen, cc = chosen[order], cc[order]
    rank = group_rank(cc)[0]
    n_c = np.bincount(cc, minlength=len(orgs.county_labels))
    a_c = np.minimum(_largest_remainder(A, n_c.astype(float)), n_c // 3)
    a_off = np.cumsum(a_c) - a_c
    A = int(a_c.sum())
    local = np.where(rank < 3 * a_c[cc], rank // 3,
                     np.floor(a_c[cc] * rng.random(len(chosen)) ** 1.6).astype(np.int64))
    alliance = a_off[cc] + local
    a_county = np.repeat(np.arange(len(a_c)), a_c)
    island = np.zeros(A, bool)
    island[rng.choice(A, max(1, int(round(8 * scale))), replace=False)] = True
    # overlaps: members of ordinary alliances also join another alliance of their county
    src = np.flatnonzero(~island[alliance])
    src = src[rng.integers(0, len(src), X)]
    open_a = np.flatnonzero(~island)
    tgt = pick(rng, a_county[open_a], cc[src])
    ok = tgt >= 0
    a_all = np.concatenate([alliance, open_a[tgt[ok]]])
    o_all = np.concatenate([chosen, chosen[src][ok]])
    keep = ~pd.Series(a_all * (len(orgs.oid) + 1) + o_all).duplicated().to_numpy()
    a_all, o_all = a_all[keep], o_all[keep]
    # the lead: the member with most stars
    na = len(a_all)
    order = np.argsort((a_all * 11 + 10 - orgs.rating["stars"][o_all]) * na + rng.permutation(na))
    a_all, o_all = a_all[order], o_all[order]
    lead = group_rank(a_all)[0] == 0
    lead_org = np.zeros(A, np.int64)
    lead_org[a_all[lead]] = o_all[lead]
    themes = np.array(["区域联建", "行业联建", "村企联建", "城乡联建"], dtype=object)
    theme = themes[np.searchsorted(np.cumsum([0.4, 0.2, 0.25, 0.15]), rng.random(A),
                                   side="right").clip(0, 3)]
    # name: the leading unit + a word + the theme
    unit = pd.Series(orgs.name[lead_org], dtype=object).str.replace(
        r"(第[一二三四五六七八九十]+)?(党支部|党总支|党委|党工委|委员会)$", "", regex=True).to_numpy(dtype=object)
    k = pd.Series(unit + theme, dtype=object).groupby(unit + theme).cumcount().to_numpy()
    words = np.array(N.ALLIANCE_WORDS, dtype=object)
    num = np.where(k >= len(words), N.cn_number(k // len(words) + 1), "").astype(object)
    name = unit + words[(k + lead_org) % len(words)] + num + theme + "党建联合体"
    aid = _ids("A", A, 6)
    alliances = pd.DataFrame({
        "alliance_id": _obj(aid), "name": _obj(name), "theme": _obj(theme),
        "county": _obj(orgs.county_labels[orgs.county[lead_org]]),
        "founded": _obj(iso(days_between(rng, "2021-03-01", "2025-10-31", A)))})
    members = pd.DataFrame({"alliance_id": _obj(aid[a_all]), "org_id": _obj(orgs.oid[o_all]),
                            "role": _obj(np.where(lead, "lead", "member"))})
    return {"alliances": alliances, "alliance_members": members}


#: Industry -> index of the 赤峰 county it sits in (absent: under the city's committees).
_CHAIN_COUNTY = {"中药材": 9, "肉牛": 3, "小米": 11, "设施蔬菜": 10, "杂粮": 8, "肉羊": 5}


def chain_tables(rng: np.random.Generator, orgs: Orgs, scale: float) -> dict:
    """``chains`` and ``chain_members`` (stages 种植/养殖, 加工, 销售 ...)."""
    K = int(round(TARGETS["chains"] * scale))
    C = len(orgs.city_labels)
    i = np.arange(K)
    c = (i // 10) % C
    ind = i % 10
    industries = np.array([x[0] for x in N.INDUSTRIES], dtype=object)
    j = np.array([_CHAIN_COUNTY.get(x, -1) for x in industries])[ind]
    agri = j >= 0
    county = np.where(agri, c * 12 + np.maximum(j, 0), 12 * C + c)
    city_name = orgs.city_labels[c]
    again = np.where(i >= 10 * C, "（" + N.cn_number(i // (10 * C) + 1) + "）", "").astype(object)
    name = np.where(agri, orgs.county_labels[county] + industries[ind] + "产业链党委",
                    np.where(industries[ind] == "商会", city_name + "商会党委",
                             city_name + industries[ind] + "行业党委")) + again
    cid = _ids("L", K, 5)
    chains = pd.DataFrame({"chain_id": _obj(cid), "name": _obj(name), "industry": _obj(industries[ind]),
                           "county": _obj(orgs.county_labels[county])})
    # members: the first stage of a farm chain from the county's villages, the rest from firms
    m = 25 + rng.poisson(15, K)
    ch = np.repeat(i, m)
    n_st = np.array([len(x[1]) for x in N.INDUSTRIES])[ind[ch]]
    st = np.floor(rng.random(len(ch)) * n_st).astype(np.int64)
    stages = np.array([[*x[1], *[""] * (3 - len(x[1]))] for x in N.INDUSTRIES], dtype=object)
    leaf = orgs.role == 5
    got = np.full(len(ch), -1, np.int64)
    village = agri[ch] & (st == 0)
    rural = np.flatnonzero(leaf & (orgs.dom == 0))
    p = pick(rng, orgs.county[rural], county[ch][village])
    got[village] = np.where(p >= 0, rural[np.maximum(p, 0)], -1)
    firms = np.flatnonzero(leaf & ((orgs.dom == 5) | (orgs.dom == 6) | (orgs.dom == 7)))
    p = pick(rng, orgs.city[firms], c[ch][~village])
    got[~village] = np.where(p >= 0, firms[np.maximum(p, 0)], -1)
    keep = (got >= 0) & ~pd.Series(ch * (len(orgs.oid) + 1) + got).duplicated().to_numpy()
    members = pd.DataFrame({"chain_id": _obj(cid[ch[keep]]), "org_id": _obj(orgs.oid[got[keep]]),
                            "stage": _obj(stages[ind[ch], st][keep])})
    return {"chains": chains, "chain_members": members}


def pairings(rng: np.random.Generator, orgs: Orgs, scale: float) -> pd.DataFrame:
    """County departments, enterprises and communities paired with villages."""
    K = int(round(TARGETS["pairings"] * scale))
    leaf = orgs.role == 5
    rural = np.flatnonzero(leaf & (orgs.dom == 0))
    b = rural[rng.integers(0, len(rural), K)]
    types = np.array(["结对帮扶", "企业联村", "城乡结对"], dtype=object)
    t = np.searchsorted(np.cumsum([0.45, 0.40, 0.15]), rng.random(K), side="right").clip(0, 2)
    a = np.full(K, -1, np.int64)
    for code, doms in enumerate(((2,), (5, 6), (1,))):
        pool = np.flatnonzero(leaf & np.isin(orgs.dom, doms))
        sel = t == code
        p = pick(rng, orgs.county[pool], orgs.county[b[sel]])
        a[sel] = np.where(p >= 0, pool[np.maximum(p, 0)], -1)
    keep = (a >= 0) & ~pd.Series(a * (len(orgs.oid) + 1) + b).duplicated().to_numpy()
    since = days_between(rng, "2021-01-01", "2025-09-30", int(keep.sum()))
    return pd.DataFrame({"org_a": _obj(orgs.oid[a[keep]]), "org_b": _obj(orgs.oid[b[keep]]),
                         "type": _obj(types[t[keep]]), "since": _obj(iso(since)),
                         "until": _obj(iso(_ended(rng, since, 0.12)))})
