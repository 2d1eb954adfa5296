// name: org_watchers
// title_zh: 某组织的包联人和联系人
// title_en: Who watches an organisation
// description: The people who mentor an organisation or keep it as their contact point on the day,
// description: one row per link, with their role and level.
// param: org_id string = null -- only this organisation (组织编码); all organisations when empty
// param: as_of date = today -- the day links must be active on (YYYY-MM-DD)
MATCH (p:Person)-[r:MENTORS]->(o:Organization)
WHERE (o.org_id = $org_id OR $org_id IS NULL)
  AND (r.since IS NULL OR r.since <= $as_of) AND (r.until IS NULL OR r.until >= $as_of)
RETURN o.org_id AS org_id, o.name AS org_name, p.person_id AS person_id, p.name AS name,
       p.role AS role, p.level AS level, 'mentor' AS link, r.since AS since, r.until AS until
UNION ALL
MATCH (p:Person)-[r:CONTACT_POINT]->(o:Organization)
WHERE (o.org_id = $org_id OR $org_id IS NULL)
  AND (r.since IS NULL OR r.since <= $as_of) AND (r.until IS NULL OR r.until >= $as_of)
RETURN o.org_id AS org_id, o.name AS org_name, p.person_id AS person_id, p.name AS name,
       p.role AS role, p.level AS level, 'contact' AS link, r.since AS since, r.until AS until
