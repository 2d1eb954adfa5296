// name: contact_load
// title_zh: 联系点领导的联系点
// title_en: Contact points per leader
// description: One row per person keeping a contact point (联系点) active on the day: how many
// description: organisations they keep as contact points, how many of them are branches and how
// description: many committees, and how many branches the same person mentors (包联).
// description_zh: 每位设有联系点的领导在截至日期的联系点数，其中支部和党委各几个，以及此人包联的支部数。
// param: as_of date = today -- the day links must be active on (YYYY-MM-DD)
MATCH (p:Person)-[r:CONTACT_POINT]->(o:Organization)
WHERE (r.since IS NULL OR r.since <= $as_of) AND (r.until IS NULL OR r.until >= $as_of)
WITH DISTINCT p, o
RETURN p.person_id AS person_id, p.name AS name, p.role AS role, p.level AS level,
       count(o) AS contacts,
       count(CASE WHEN o.kind IN ['branch', 'general_branch'] THEN 1 END) AS branches,
       count(CASE WHEN o.kind IN ['committee', 'working_committee'] THEN 1 END) AS committees
