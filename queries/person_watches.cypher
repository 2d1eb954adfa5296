// name: person_watches
// title_zh: 某人包联的组织
// title_en: Organisations a person watches
// description: The organisations each person mentors or keeps as a contact point on the day, one
// description: row per link (a person who is both mentor and contact of one branch has two rows).
// param: person_id string = null -- only this person (人员编码); all people when empty
// param: as_of date = today -- the day links must be active on (YYYY-MM-DD)
MATCH (p:Person)-[r:MENTORS]->(o:Organization)
WHERE (p.person_id = $person_id OR $person_id IS NULL)
  AND (r.since IS NULL OR r.since <= $as_of) AND (r.until IS NULL OR r.until >= $as_of)
RETURN p.person_id AS person_id, p.name AS person_name, o.org_id AS org_id, o.name AS name,
       o.county AS county, o.domain AS domain, o.tier AS tier, o.stars AS stars,
       o.weak AS weak, 'mentor' AS link, r.since AS since, r.until AS until
UNION ALL
MATCH (p:Person)-[r:CONTACT_POINT]->(o:Organization)
WHERE (p.person_id = $person_id OR $person_id IS NULL)
  AND (r.since IS NULL OR r.since <= $as_of) AND (r.until IS NULL OR r.until >= $as_of)
RETURN p.person_id AS person_id, p.name AS person_name, o.org_id AS org_id, o.name AS name,
       o.county AS county, o.domain AS domain, o.tier AS tier, o.stars AS stars,
       o.weak AS weak, 'contact' AS link, r.since AS since, r.until AS until
