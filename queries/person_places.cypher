// name: person_places
// title_zh: 包联人和联系人所包联组织的分布
// title_en: Where watchers watch
// description: For every person with a mentor or contact-point link active on the day: how many
// description: distinct organisations they watch per county and township. A person's county is
// description: their workplace's, else the most common of these (the rule in graphmodel.rules).
// description_zh: 每位包联人或联系人在截至日期所包联、联系的组织按旗县区和乡镇的个数；用来确定其所属旗县区。
// param: as_of date = today -- the day links must be active on (YYYY-MM-DD)
MATCH (p:Person)-[r:MENTORS|CONTACT_POINT]->(o:Organization)
WHERE (r.since IS NULL OR r.since <= $as_of) AND (r.until IS NULL OR r.until >= $as_of)
WITH DISTINCT p, o
RETURN p.person_id AS person_id, o.county AS county, o.township AS township, count(o) AS n
