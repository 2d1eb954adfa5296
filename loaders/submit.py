"""County submissions (数据上报): a county's ledger replaces only that county's part.

A county planner sends their county's ledger; :func:`merge_county` builds the new
whole graph from the store's current one:

- the county's organisations are replaced by the submission's (every organisation of
  the submission must be of that county, and none may be another county's);
- the people who work there are replaced by the submission's people;
- the county's own links (both ends in the county: its organisations, its people, its
  alliance and chain memberships) are replaced by the submission's links;
- the links across its border (another county's mentor of one of its branches, a
  pairing with another county's branch, one of its people watching a branch elsewhere),
  which its ledger cannot hold, are kept when both ends still exist, and reported when
  not;
- everything else — other counties' organisations, people and links — is taken over
  unchanged.

The result is written with :meth:`graphmodel.GraphStore.replace_graph`: all or nothing,
like a full load.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from graphmodel import schema
from graphmodel.projection import node_frame, rel_frame
from graphmodel.store import GraphStore

from .changes import diff_keys
from .errors import LoadError

__all__ = ["Submission", "merge_county", "current_tables", "outside_keys"]

_TEXT = {
    "foreign": {"zh": "{county} 的上报中有其他旗县区的组织（{ids}）：只能上报本旗县区的组织，"
                      "请删去这些行后重新上报",
                "en": "the submission of {county} holds organisations of other counties ({ids}): "
                      "a county submits only its own; remove those rows and submit again"},
    "taken": {"zh": "组织代码 {ids} 已属于其他旗县区，{county} 不能使用；请核对代码后重新上报",
              "en": "organisation codes {ids} belong to other counties and cannot be used by "
                    "{county}; check the codes and submit again"},
    "no_county": {"zh": "请说明上报的旗县区（--county）", "en": "say which county submits (--county)"},
}


def _text(key: str, lang: str, **values: object) -> str:
    return _TEXT[key]["en" if lang == "en" else "zh"].format(**values)


@dataclass
class Submission:
    """What a county's submission changed.

    ``added``, ``removed``, ``changed`` are organisation keys; ``kept_links`` counts the
    links from elsewhere into the county that stay; ``dropped_links`` lists (``type``,
    ``src``, ``dst``) of those that lost an end.
    """

    county: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    kept_links: int = 0
    dropped_links: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["type", "src", "dst"]))

    def summary(self) -> dict[str, object]:
        """The counts, for the audit trail and messages."""
        return {"county": self.county, "added": len(self.added), "removed": len(self.removed),
                "changed": len(self.changed), "kept_links": self.kept_links,
                "dropped_links": len(self.dropped_links)}


def current_tables(store: GraphStore) -> dict[str, pd.DataFrame]:
    """Every node and relationship of ``store`` as graph tables."""
    out = {n.label: node_frame(store, n.label) for n in schema.NODES}
    out.update({r.type: rel_frame(store, r.type) for r in schema.RELS})
    return out


def outside_keys(store: GraphStore, county: str) -> dict[str, set[str]]:
    """What a submission of ``county`` may name without holding it, by contract table:
    the other counties' organisations (the city committee above the county's own, a
    paired branch elsewhere), the people who work outside the county (a mentor sent from
    the city), and every alliance and industry chain already in the graph."""
    if not store.exists():
        return {}
    orgs = node_frame(store, "Organization", columns=["county"])
    key = schema.node("Organization").key
    mine = orgs["county"].astype(object) == county
    ours = set(orgs.loc[mine, key].astype(str))
    works = rel_frame(store, "WORKS_IN")
    inside = set(works.loc[works["dst"].isin(ours), "src"].astype(str))
    people = set(node_frame(store, "Person", columns=[])[schema.node("Person").key].astype(str))
    return {
        "organizations": set(orgs.loc[~mine, key].astype(str)),
        "people": people - inside,
        "alliances": set(node_frame(store, "Alliance", columns=[])[schema.node("Alliance").key].astype(str)),
        "chains": set(node_frame(store, "Chain", columns=[])[schema.node("Chain").key].astype(str)),
    }


def _ids(keys: set[str]) -> str:
    shown = sorted(keys)[:5]
    return "、".join(shown) + ("……" if len(keys) > 5 else "")


def merge_county(store: GraphStore, new: dict[str, pd.DataFrame], county: str,
                 *, lang: str = "zh") -> tuple[dict[str, pd.DataFrame], Submission]:
    """The whole graph with ``county``'s part replaced by the graph tables ``new``.

    Parameters
    ----------
    store : the store whose current graph is merged into (not written here).
    new : the submission as graph tables (``loaders.contract.graph_tables``).
    county : the county submitting.
    lang : language of the error messages.

    Returns
    -------
    (graph tables for :meth:`GraphStore.replace_graph`, :class:`Submission`).

    Raises
    ------
    LoadError : an organisation of the submission is of another county, or its code
        is another county's.
    """
    if not county:
        raise LoadError(_text("no_county", lang))
    old = current_tables(store)
    org_key = schema.node("Organization").key
    person_key = schema.node("Person").key
    orgs_new = new.get("Organization", pd.DataFrame(columns=[org_key, "county"]))
    foreign = set(orgs_new.loc[orgs_new["county"].astype(str) != county, org_key].astype(str))
    if foreign:
        raise LoadError(_text("foreign", lang, county=county, ids=_ids(foreign)))
    orgs_old = old["Organization"]
    mine = orgs_old["county"].astype(object) == county
    ours, theirs = set(orgs_old.loc[mine, org_key]), set(orgs_old.loc[~mine, org_key])
    submitted = set(orgs_new[org_key].astype(str))
    taken = submitted & theirs
    if taken:
        raise LoadError(_text("taken", lang, county=county, ids=_ids(taken)))

    works = old["WORKS_IN"]
    our_people = set(works.loc[works["dst"].isin(ours), "src"])
    people_new = new.get("Person", pd.DataFrame(columns=[person_key]))
    our_people |= set(people_new[person_key].astype(str))

    merged: dict[str, pd.DataFrame] = {}
    for nt in schema.NODES:
        before, given = old[nt.label], new.get(nt.label)
        drop = {"Organization": ours, "Person": our_people}.get(nt.label, set())
        if given is not None and nt.label not in ("Organization", "Person"):
            drop = set(given[nt.key].astype(str))  # an alliance or chain sent again: its new row
        parts = [before[~before[nt.key].isin(drop)]]
        if given is not None and len(given):
            parts.append(given)
        merged[nt.label] = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    exists = {nt.label: set(merged[nt.label][nt.key].astype(str)) for nt in schema.NODES}

    report = Submission(county)
    dropped: list[tuple[str, str, str]] = []
    for rt in schema.RELS:
        before = old[rt.type]
        own_src = before["src"].isin({"Organization": ours, "Person": our_people}.get(rt.src, set()))
        own_dst = before["dst"].isin(ours) if rt.dst == "Organization" else own_src
        touches = own_src | (own_dst & (rt.dst == "Organization"))
        # the county's own links (replaced) have both ends in it; the rest cross its border
        from_elsewhere = touches & ~(own_src & own_dst)
        alive = before["src"].isin(exists[rt.src]) & before["dst"].isin(exists[rt.dst])
        kept = before[~touches | (from_elsewhere & alive)]
        report.kept_links += int((from_elsewhere & alive).sum())
        for row in before[from_elsewhere & ~alive].itertuples(index=False):
            dropped.append((rt.type, str(row.src), str(row.dst)))
        given = new.get(rt.type)
        parts = [kept] + ([given] if given is not None and len(given) else [])
        merged[rt.type] = pd.concat(parts, ignore_index=True).drop_duplicates(ignore_index=True) \
            if len(parts) > 1 else kept
    report.dropped_links = pd.DataFrame(dropped, columns=["type", "src", "dst"])

    report.added, report.removed, report.changed = diff_keys(orgs_old[mine], orgs_new, org_key)
    return merged, report
