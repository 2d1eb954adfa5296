// name: org_watchers
// title_zh: 某组织的包联人和联系人
// title_en: Who watches an organisation
// description: The people who mentor an organisation or keep it as their contact point on the day,
// description: one row per kind of link, with their role and level; mentors first.
// description_zh: 截至日期包联某组织或以它为联系点的人员，每种关系一行，附职务和层级，包联在前。
// param: org_id string = null -- only this organisation (组织编码); all organisations when empty
// param: as_of date = today -- the day links must be active on (YYYY-MM-DD)
MATCH (p:Person)-[r:MENTORS|CONTACT_POINT]->(o:Organization)
WHERE (o.org_id = $org_id OR $org_id IS NULL)
  AND (r.since IS NULL OR r.since <= $as_of) AND (r.until IS NULL OR r.until >= $as_of)
WITH DISTINCT p, o
OPTIONAL MATCH (p)-[rm:MENTORS]->(o)
WITH p, o, count(CASE
       WHEN rm IS NOT NULL AND (rm.since IS NULL OR rm.since <= $as_of) AND (rm.until IS NULL OR rm.until >= $as_of)
       THEN 1 END) AS as_mentor
OPTIONAL MATCH (p)-[rc:CONTACT_POINT]->(o)
WITH p, o, as_mentor, count(CASE
       WHEN rc IS NOT NULL AND (rc.since IS NULL OR rc.since <= $as_of) AND (rc.until IS NULL OR rc.until >= $as_of)
       THEN 1 END) AS as_contact
UNWIND ['mentor', 'contact'] AS link
WITH p, o, link, as_mentor, as_contact
WHERE (link = 'mentor' AND as_mentor > 0) OR (link = 'contact' AND as_contact > 0)
RETURN o.org_id AS org_id, o.name AS org_name, p.person_id AS person_id, p.name AS name,
       p.role AS role, p.level AS level, link
ORDER BY org_id, link DESC, person_id
