"""How the demo dataset's organisations are built (see :mod:`loaders.demo`).

The hierarchy city committee -> 6 city committees + 12 county committees ->
township and sector committees -> general branches and branches, with names,
kinds, domains, counties, townships and ratings, all as numpy code arrays
(:class:`Orgs`); plus the small vectorised helpers the link builders
(:mod:`loaders.demo_links`) share: grouped ranks, picking within groups, dates
as day numbers, sequential ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import demo_names as N

__all__ = ["TARGETS", "MENTOR_EXCEPTIONS", "KINDS", "TIERS", "ROLES", "Orgs", "organizations",
           "group_rank", "pick", "day", "days_between", "iso", "iso_dates"]

#: The calibration figures for one city (scale 1).
TARGETS = {
    "organizations": 9850, "alliances": 673, "alliance_members": 7300, "alliance_overlap": 1800,
    "mentors": 153, "contacts": 1060, "chains": 10, "pairings": 300,
    "share_6plus": 0.609, "share_8plus": 0.101, "weak": 0.02,
}
#: Mentors who break the rule on purpose (at scale 1): kind -> how many mentors.
MENTOR_EXCEPTIONS = {"overloaded": 5, "broken_mix": 2, "ended_extra": 3}

#: Share of organisations at 0..10 stars (6+: 60.9 %, 8+: 10.1 %).
_STAR_SHARES = np.array([0.5, 0.5, 1.0, 3.0, 7.0, 27.1, 32.0, 18.8, 6.5, 2.6, 1.0]) / 100
_DOMAINS = ("rural", "community", "government", "school", "hospital", "soe", "private",
            "social", "park")
_LEAF_SHARES = np.array([0.335, 0.05, 0.24, 0.14, 0.06, 0.045, 0.09, 0.025, 0.015])
_DIRECT_SHARE = 0.18  # urban units under the city's own committees
_CITY_DIRECT_OF = {"government": 0, "school": 1, "hospital": 2, "soe": 3, "private": 4,
                   "social": 4, "park": 5}


# -- geography ---------------------------------------------------------------------


def _geography(rng: np.random.Generator, n_cities: int, f: float) -> dict:
    """City, county and township names and keys for ``n_cities`` cities."""
    counties = list(N.COUNTIES)
    city_names = np.array([N.CITY], dtype=object)
    if n_cities > 1:
        more = N.combos(N.PLACE_A, N.PLACE_B, rng, n_cities - 1, exclude={"赤峰"}) + "市"
        city_names = np.concatenate([city_names, more])
    county_names = np.array(counties * n_cities, dtype=object)
    if n_cities > 1:
        pairs = tuple(a + b for a in N.PLACE_B for b in N.PLACE_B if a != b)
        made = N.combos(N.PLACE_A, pairs, rng, 12 * (n_cities - 1))
        suffix = np.array([c[-1] for c in counties] * (n_cities - 1), dtype=object)
        county_names[12:] = made + suffix
    # townships: the template is 赤峰's (shrunk when f < 1), names made up beyond it
    t_county, t_real = [], []
    for j, c in enumerate(counties):
        tws = list(N.COUNTIES[c])
        first = next(i for i, t in enumerate(tws) if not t.endswith("街道"))
        tws = [tws[first], *tws[:first], *tws[first + 1:]]
        keep = len(tws) if f >= 1 else max(2, int(np.ceil(len(tws) * f)))
        t_county += [j] * keep
        t_real += tws[:keep]
    t_county_a = np.array(t_county)
    t_real_a = np.array(t_real, dtype=object)
    per_city = len(t_real_a)
    tw_county = (np.arange(n_cities)[:, None] * 12 + t_county_a[None, :]).ravel()
    tw_name = np.tile(t_real_a, n_cities)
    suffix = np.array([_tw_suffix(t) for t in t_real_a], dtype=object)
    if n_cities > 1:
        rest = slice(per_city, None)
        pool = (np.array(N.PLACE_A, dtype=object)[:, None]
                + np.array(N.PLACE_B, dtype=object)[None, :]).ravel()
        rank = np.tile(np.arange(per_city) - np.searchsorted(t_county_a, t_county_a), n_cities - 1)
        off = rng.integers(0, len(pool), len(county_names))[tw_county[rest]]
        tw_name[rest] = pool[(off + rank * 7) % len(pool)] + np.tile(suffix, n_cities - 1)
    street = np.tile(np.array([t.endswith("街道") for t in t_real_a]), n_cities)
    sumu = np.tile(np.array([t.endswith("苏木") for t in t_real_a]), n_cities)
    short = np.array([c[:-1] for c in city_names], dtype=object)
    return {
        "city": city_names, "direct": short + "市直", "county": county_names,
        "tw_county": tw_county, "tw_name": tw_name, "tw_street": street, "tw_sumu": sumu,
    }


def _tw_suffix(name: str) -> str:
    for s in ("街道", "苏木", "乡", "镇"):
        if name.endswith(s):
            return s
    return "镇"


def _largest_remainder(total: int, shares: np.ndarray) -> np.ndarray:
    raw = total * shares / shares.sum()
    out = np.floor(raw).astype(np.int64)
    short = total - out.sum()
    out[np.argsort(-(raw - out), kind="stable")[:short]] += 1
    return out


def _exact(rng: np.random.Generator, n: int, shares: np.ndarray) -> np.ndarray:
    """``n`` category codes with counts exactly proportional to ``shares``, shuffled."""
    return rng.permutation(np.repeat(np.arange(len(shares)), _largest_remainder(n, shares)))


def group_rank(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For ``keys`` already sorted: (rank within its group, group start, group size) per row."""
    n = len(keys)
    if n == 0:
        z = np.zeros(0, np.int64)
        return z, z, z
    new = np.empty(n, bool)
    new[0] = True
    new[1:] = keys[1:] != keys[:-1]
    starts = np.flatnonzero(new)
    sizes = np.diff(np.append(starts, n))
    gid = np.cumsum(new) - 1
    return np.arange(n) - starts[gid], starts[gid], sizes[gid]


def pick(rng: np.random.Generator, pool_keys: np.ndarray, query_keys: np.ndarray,
         offsets: np.ndarray | None = None) -> np.ndarray:
    """For each query, a member of the pool with the same key (index into the pool).

    Random unless ``offsets`` is given (then the ``offset``-th member, modulo the
    group size, of a random order of the group). -1 where the group is empty.
    """
    order = rng.permutation(len(pool_keys))
    order = order[np.argsort(pool_keys[order], kind="stable")]
    sk = pool_keys[order]
    uniq, start, count = np.unique(sk, return_index=True, return_counts=True)
    pos = np.searchsorted(uniq, query_keys)
    pos_c = np.minimum(pos, max(len(uniq) - 1, 0))
    found = (len(uniq) > 0) & (uniq[pos_c] == query_keys) if len(uniq) else np.zeros(len(query_keys), bool)
    if offsets is None:
        off = np.floor(rng.random(len(query_keys)) * count[pos_c]).astype(np.int64) if len(uniq) else 0
    else:
        off = offsets % count[pos_c] if len(uniq) else 0
    out = np.full(len(query_keys), -1, np.int64)
    if len(uniq):
        out[found] = order[(start[pos_c] + off)[found]]
    return out


_EPOCH = np.datetime64("2010-01-01", "D")
_DAY_LABELS = np.datetime_as_string(_EPOCH + np.arange(22 * 366), unit="D").astype(object)


def day(text: str) -> int:
    """An ISO date as days since 2010-01-01 (the demo's day numbers)."""
    return int((np.datetime64(text, "D") - _EPOCH).astype(int))


def days_between(rng: np.random.Generator, start: str, end: str, n: int) -> np.ndarray:
    """``n`` random day numbers between ``start`` and ``end`` (inclusive)."""
    return rng.integers(day(start), day(end) + 1, n)


def iso(days: np.ndarray) -> np.ndarray:
    """Day numbers -> ISO date strings (shared string objects; -1 -> None)."""
    days = np.asarray(days, dtype=np.int64)
    return np.where(days >= 0, _DAY_LABELS[np.maximum(days, 0)], None)


def iso_dates(rng: np.random.Generator, start: str, end: str, n: int) -> np.ndarray:
    """``n`` random ISO dates between ``start`` and ``end`` (inclusive), as an object array."""
    return iso(days_between(rng, start, end, n))


def _ids(prefix: str, n: int, width: int = 8) -> np.ndarray:
    s = pd.Series(np.arange(1, n + 1) + 10**width).astype(str).str[1:]
    return (prefix + s).to_numpy(dtype=object)


# -- organisations -----------------------------------------------------------------

KINDS = ("committee", "working_committee", "general_branch", "branch")
TIERS = ("advanced", "middle", "lagging")
ROLES = ("city", "city_direct", "county", "sector", "township", "leaf")


@dataclass
class Orgs:
    """The organisations as numpy arrays of codes (what the link builders work on).

    ``kind``/``dom``/``tier``/``role`` index :data:`KINDS`/``_DOMAINS``/:data:`TIERS`/
    :data:`ROLES` (``dom`` -1: none); ``county`` indexes ``county_labels`` (12 per
    city, then one "<city>市直" per city; -1: none); ``tw`` indexes ``tw_labels``.
    """

    oid: np.ndarray
    name: np.ndarray
    kind: np.ndarray
    parent: np.ndarray
    dom: np.ndarray
    county: np.ndarray
    tw: np.ndarray
    city: np.ndarray
    role: np.ndarray
    county_labels: np.ndarray
    tw_labels: np.ndarray
    city_labels: np.ndarray
    rating: dict = field(default_factory=dict)

    @property
    def is_branch(self) -> np.ndarray:
        return self.kind >= 2

    def frame(self) -> pd.DataFrame:
        """The ``organizations`` contract table."""
        obj = lambda labels, codes: _label(np.array(labels, dtype=object), codes)  # noqa: E731
        df = pd.DataFrame({
            "org_id": pd.Series(self.oid, dtype=object),
            "name": pd.Series(self.name, dtype=object),
            "kind": obj(KINDS, self.kind),
            "parent_id": _label(self.oid, self.parent),
            "domain": obj(_DOMAINS, self.dom),
            "county": _label(self.county_labels, self.county),
            "township": _label(self.tw_labels, self.tw),
        })
        r = self.rating
        for k in ("stars", "base_stars", "task_score", "highlight_score"):
            df[k] = r[k]
        df["tier"] = obj(TIERS, r["tier"])
        df["weak"] = r["weak"]
        df["members"] = r["members"]
        return df


def _label(labels: np.ndarray, codes: np.ndarray) -> pd.Series:
    """``labels[codes]`` as an object column, None where the code is -1."""
    out = labels[np.maximum(codes, 0)] if len(labels) else np.full(len(codes), None, object)
    out = np.where(codes >= 0, out, None)
    return pd.Series(out, dtype=object)


def organizations(rng: np.random.Generator, scale: float) -> Orgs:
    """The organisations of ``scale`` cities (see :func:`loaders.demo.generate`)."""
    n_cities = max(1, int(round(scale)))
    f = scale / n_cities
    geo = _geography(rng, n_cities, f)
    C, T = n_cities, len(geo["tw_name"])
    cols: dict[str, list] = {k: [] for k in ("name", "kind", "parent", "dom", "county", "tw",
                                              "city", "role")}

    def add(name, **codes):
        n = len(name)
        cols["name"].append(np.asarray(name, dtype=object))
        for k, v in codes.items():
            cols[k].append(np.broadcast_to(np.asarray(v, dtype=np.int64), (n,)))

    cities = np.arange(C)
    add("中共" + geo["city"] + "委员会", kind=0, parent=-1, dom=-1, county=-1, tw=-1, city=cities, role=0)
    # 6 committees directly under each city: index C + c*6 + k
    k6, c6 = np.tile(np.arange(6), C), np.repeat(cities, 6)
    cd = N.CITY_DIRECT
    add(geo["city"][c6] + np.array([x[0] for x in cd], dtype=object)[k6],
        kind=np.array([KINDS.index(x[1]) for x in cd])[k6], parent=c6,
        dom=np.array([_DOMAINS.index(x[2]) for x in cd])[k6], county=12 * C + c6, tw=-1, city=c6, role=1)
    base_county = C + 6 * C  # county committees: base_county + g
    g_all = np.arange(12 * C)
    cname = geo["county"]
    add("中共" + cname + "委员会", kind=0, parent=g_all // 12, dom=-1, county=g_all, tw=-1,
        city=g_all // 12, role=2)
    base_sector = base_county + 12 * C  # county sector committees: base_sector + g*7 + k
    k7, g7 = np.tile(np.arange(7), 12 * C), np.repeat(g_all, 7)
    sd = N.COUNTY_DIRECT
    add(cname[g7] + np.array([x[0] for x in sd], dtype=object)[k7],
        kind=np.array([KINDS.index(x[1]) for x in sd])[k7], parent=base_county + g7,
        dom=np.array([_DOMAINS.index(x[2]) for x in sd])[k7], county=g7, tw=-1, city=g7 // 12, role=3)
    base_tw = base_sector + 84 * C  # township committees: base_tw + t
    tg = geo["tw_county"]
    add(cname[tg] + geo["tw_name"] + np.where(geo["tw_street"], "党工委", "党委").astype(object),
        kind=np.where(geo["tw_street"], 1, 0), parent=base_county + tg,
        dom=np.where(geo["tw_street"], 1, 0), county=tg, tw=np.arange(T), city=tg // 12, role=4)
    n_committees = base_tw + T
    per_city = max(int(round(TARGETS["organizations"] * f)) - n_committees // C, 20)
    lv = _leaves(rng, geo, C, per_city, base_county, base_sector, base_tw)
    lv["parent"] = np.where(lv["parent"] >= 0, lv["parent"], n_committees + lv.pop("gb_parent"))
    add(lv.pop("name"), role=5, **lv)
    arr = {k: np.concatenate(v) for k, v in cols.items()}
    orgs = Orgs(oid=_ids("O", len(arr["name"])), **arr,
                county_labels=np.concatenate([cname, geo["direct"]]),
                tw_labels=geo["tw_name"], city_labels=geo["city"])
    orgs.rating = _rate(rng, orgs)
    return orgs


def _leaves(rng, geo, C, per_city, base_county, base_sector, base_tw) -> dict:
    """The branches and general branches under the committees (code arrays + names)."""
    L = per_city * C
    dom = _exact(rng, L, _LEAF_SHARES)
    city = np.repeat(np.arange(C), per_city)
    rural_like = dom <= 1
    w = np.where(rural_like[:, None], np.array(N.COUNTY_RURAL_WEIGHT), np.array(N.COUNTY_URBAN_WEIGHT))
    cdf = np.cumsum(w / w.sum(axis=1, keepdims=True), axis=1)
    j = np.minimum((rng.random(L)[:, None] > cdf).sum(axis=1), 11)
    g = city * 12 + j
    direct = ~rural_like & (rng.random(L) < _DIRECT_SHARE)
    # townships: villages in towns/乡/苏木, communities in streets and towns
    tw_names = geo["tw_name"]
    T = len(tw_names)
    town = np.array([str(t).endswith("镇") for t in tw_names[: T // C]] * C)
    tw = np.full(L, -1, np.int64)
    idx_t = np.arange(T)
    for code, ok in ((0, ~geo["tw_street"]), (1, geo["tw_street"] | town)):
        sel = dom == code
        got = pick(rng, geo["tw_county"][ok], g[sel])
        tw[sel] = np.where(got >= 0, idx_t[ok][np.maximum(got, 0)], -1)
    missing = rural_like & (tw < 0)  # a shrunken county without a street: any township
    if missing.any():
        tw[missing] = idx_t[pick(rng, geo["tw_county"], g[missing])]
    # a group is where names must differ: a township (villages, communities), else county/city + domain
    slot = np.where(direct, 12 * C + city, g)
    group = np.where(rural_like, tw, T + slot * 16 + dom)
    order = np.argsort(group * L + rng.permutation(L))  # by group, random within
    dom, city, g, direct, tw, group, rural_like, slot = (
        x[order] for x in (dom, city, g, direct, tw, group, rural_like, slot))
    rank, start, size = group_rank(group)
    kind = np.where(rng.random(L) < np.where(dom == 0, 0.08, 0.25), 2, 3)
    cname = geo["county"]
    twn = tw_names[np.maximum(tw, 0)]
    unit = np.empty(L, object)
    off = rng.integers(0, 10**6, T)
    # villages (嘎查 in 苏木) and communities: one organisation each
    villages = (np.array(N.PLACE_A, dtype=object)[:, None]
                + np.array(N.VILLAGE_B, dtype=object)[None, :]).ravel()
    sel = dom == 0
    vs = _stride(len(villages))
    unit[sel] = (cname[g[sel]] + twn[sel] + villages[(off[tw[sel]] + rank[sel] * vs) % len(villages)]
                 + np.where(geo["tw_sumu"][tw[sel]], "嘎查", "村").astype(object))
    sel = dom == 1
    cn = np.array(N.COMMUNITY_NAMES, dtype=object)
    r = rank[sel]
    extra = np.where(r >= len(cn), N.cn_number(r // len(cn) + 1), "").astype(object)
    unit[sel] = cname[g[sel]] + twn[sel] + cn[(off[tw[sel]] + r) % len(cn)] + extra + "社区"
    # urban units: unit p of the group's pool holds rows p, p+P, p+2P ...; a unit with
    # three or more rows is a 党总支 (its first row) over numbered 党支部
    parent = np.full(L, -1, np.int64)
    gb_parent = np.full(L, -1, np.int64)
    prefix = np.where(direct, geo["city"][city], cname[g]).astype(object)
    sectors = [x[2] for x in N.COUNTY_DIRECT]
    for code in range(2, 9):
        sel = np.flatnonzero(dom == code)
        if not len(sel):
            continue
        d = _DOMAINS[code]
        if d == "private":
            pool = (np.array(N.FIRM_A, dtype=object)[:, None]
                    + np.array(N.FIRM_B, dtype=object)[None, :]).ravel()
        else:
            pool = np.array(N.UNIT_POOLS[d], dtype=object)
        P = len(pool)
        r, n_g = rank[sel], size[sel]
        p, seq = r % P, r // P
        m = (n_g - p + P - 1) // P  # rows sharing this unit
        name = prefix[sel] + pool[(group[sel] + p * _stride(P)) % P]
        numbered = (m == 2) | ((m >= 3) & (seq > 0))
        num = N.cn_number(seq + np.where(m >= 3, 0, 1))
        unit[sel] = np.where(numbered, name + "第" + num, name)
        kind[sel] = np.where(m >= 3, np.where(seq == 0, 2, 3), np.where(m == 2, 3, kind[sel]))
        head = np.where((m >= 3) & (seq > 0), start[sel] + p, -1)
        gb_parent[sel] = head
        com = np.where(direct[sel], C + city[sel] * 6 + _CITY_DIRECT_OF[d],
                       base_sector + g[sel] * 7 + sectors.index(d))
        parent[sel] = np.where(head >= 0, -1, com)
    rl = np.flatnonzero(rural_like)
    parent[rl] = base_tw + tw[rl]
    name = unit + np.where(kind == 2, "党总支", "党支部").astype(object)
    return {"name": name, "kind": kind, "parent": parent, "gb_parent": gb_parent, "dom": dom,
            "county": slot, "tw": np.where(rural_like, tw, -1), "city": city}


def _stride(n: int) -> int:
    return next(s for s in (7, 11, 13, 17, 19, 23, 29) if np.gcd(s, n) == 1)


def _rate(rng: np.random.Generator, orgs: Orgs) -> dict:
    """Stars by the rule, tier, weak and members."""
    n = len(orgs.oid)
    stars = _exact(rng, n, _STAR_SHARES)
    base = np.minimum(stars, 5)
    feature = np.maximum(stars - 5, 0)
    # task + highlight in half points: [20f, 20f+19.5] (f=5: [100, 110]); exact in binary
    lo = feature * 40
    hi = np.where(feature == 5, 220, lo + 39)
    low_base = base < 5  # scores of their own, which earn nothing without all five base stars
    lo = np.where(low_base, 0, lo)
    hi = np.where(low_base, 180, hi)
    total = lo + np.floor(rng.random(n) * (hi - lo + 1)).astype(np.int64)
    h_lo, h_hi = np.maximum(0, total - 200), np.minimum(20, total)
    high = h_lo + np.floor(rng.random(n) * (h_hi - h_lo + 1)).astype(np.int64)
    k = int(round(TARGETS["weak"] * n))
    key = np.where(orgs.is_branch & (stars <= 5),
                   -np.log(rng.random(n)) / (6.0 - np.minimum(stars, 5)), np.inf)
    weak = np.zeros(n, bool)
    weak[np.argpartition(key, min(k, n - 1))[:k]] = True
    adv = (stars >= 8) | ((stars == 7) & (rng.random(n) < 0.3))
    lag = (stars <= 4) | weak
    tier = np.where(lag, 2, np.where(adv, 0, 1))
    members = np.where(orgs.dom == 0, 18 + rng.poisson(22, n),
                       np.maximum(3, np.round(rng.lognormal(2.6, 0.6, n))).astype(np.int64))
    members = np.where(orgs.kind == 2, members * 2 + 20, members)
    members = np.where(orgs.kind <= 1, 200 + rng.poisson(600, n), members)
    return {"stars": stars, "base_stars": base, "task_score": (total - high) / 2.0,
            "highlight_score": high / 2.0, "tier": tier, "weak": weak,
            "members": members.astype(np.int64)}
