// name: person_watches
// title_zh: 某人包联的组织
// title_en: Organisations a person watches
// description: The organisations each person mentors or keeps as a contact point on the day, one
// description: row per kind of link (a person who is both mentor and contact point of one branch
// description: has two rows), mentor links first.
// description_zh: 截至日期每人包联或作为联系点的组织，每种关系一行（同一支部既包联又联系的有两行），包联在前。
// param: person_id string = null -- only this person (人员编码); all people when empty
// param: as_of date = today -- the day links must be active on (YYYY-MM-DD)
MATCH (p:Person)-[r:MENTORS|CONTACT_POINT]->(o:Organization)
WHERE (p.person_id = $person_id OR $person_id IS NULL)
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
RETURN p.person_id AS person_id, p.name AS person_name, o.org_id AS org_id, o.name AS name,
       o.county AS county, o.domain AS domain, o.tier AS tier, o.stars AS stars,
       o.weak AS weak, link
ORDER BY person_id, link DESC, org_id
