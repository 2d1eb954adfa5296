// name: networks_unpaired
// title_zh: 无结对的党支部
// title_en: Branches with no pairing
// description: Organisations (by default grassroots branches) with no pairing active on the given day (default today), on either side; optionally one county's.
// description_zh: 截至日期（默认今天）没有任何结对的组织（默认党支部、党总支），可只看一个旗县区。
// param: county string = null -- only this county (旗县区)
// param: as_of date = today -- the day a pairing must be in force on (YYYY-MM-DD)
// param: kinds list = branch,general_branch -- organisation kinds to include
MATCH (o:Organization)
WHERE o.kind IN $kinds
  AND (o.county = $county OR $county IS NULL)
OPTIONAL MATCH (o)-[r:PAIRED_WITH]-(p:Organization)
WHERE (r.since <= $as_of OR r.since IS NULL) AND (r.until >= $as_of OR r.until IS NULL)
WITH o, count(p) AS active
WHERE active = 0
RETURN o.org_id AS org_id, o.name AS name, o.county AS county, o.domain AS domain, o.tier AS tier
ORDER BY county, org_id
