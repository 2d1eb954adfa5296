// name: mentor_load
// title_zh: 包联人员工作量
// title_en: Mentor and contact-point load
// description: One row per person with an active mentor or contact-point link on the day: how many
// description: organisations they watch, weighted by tier, against their capacity, and the
// description: advanced/middle/lagging mix of the branches they mentor. County is that of the
// description: organisation they work in, else of the organisations they watch.
// param: as_of date = today -- the day links must be active on (YYYY-MM-DD)
// param: county string = null -- only people of this county (旗县区)
// param: default_capacity int = 3 -- organisations a person may watch when their own capacity is not given
// param: w_advanced float = 1 -- weight of an advanced organisation in the weighted load
// param: w_middle float = 1 -- weight of a middle organisation
// param: w_lagging float = 2 -- weight of a lagging organisation
// param: w_unrated float = 1 -- weight of an organisation with no tier
MATCH (p:Person)-[r:MENTORS|CONTACT_POINT]->(o:Organization)
WHERE (r.since IS NULL OR r.since <= $as_of) AND (r.until IS NULL OR r.until >= $as_of)
WITH DISTINCT p, o
OPTIONAL MATCH (p)-[rm:MENTORS]->(o)
WITH p, o, count(CASE
       WHEN rm IS NOT NULL AND (rm.since IS NULL OR rm.since <= $as_of) AND (rm.until IS NULL OR rm.until >= $as_of)
       THEN 1 END) AS as_mentor
OPTIONAL MATCH (p)-[rc:CONTACT_POINT]->(o)
WITH p, o, as_mentor, count(CASE
       WHEN rc IS NOT NULL AND (rc.since IS NULL OR rc.since <= $as_of) AND (rc.until IS NULL OR rc.until >= $as_of)
       THEN 1 END) AS as_contact
WITH p, count(o) AS watching, min(o.county) AS watched_county,
     count(CASE WHEN as_mentor > 0 THEN 1 END) AS mentored,
     count(CASE WHEN as_contact > 0 THEN 1 END) AS contacts,
     sum(CASE o.tier WHEN 'advanced' THEN $w_advanced WHEN 'middle' THEN $w_middle
                     WHEN 'lagging' THEN $w_lagging ELSE $w_unrated END) AS weighted_load,
     count(CASE WHEN o.tier = 'advanced' THEN 1 END) AS advanced,
     count(CASE WHEN o.tier = 'middle' THEN 1 END) AS middle,
     count(CASE WHEN o.tier = 'lagging' THEN 1 END) AS lagging,
     count(CASE WHEN o.tier = 'advanced' AND as_mentor > 0 THEN 1 END) AS mentored_advanced,
     count(CASE WHEN o.tier = 'middle' AND as_mentor > 0 THEN 1 END) AS mentored_middle,
     count(CASE WHEN o.tier = 'lagging' AND as_mentor > 0 THEN 1 END) AS mentored_lagging
OPTIONAL MATCH (p)-[:WORKS_IN]->(h:Organization)
WITH p, watching, watched_county, mentored, contacts, weighted_load, advanced, middle, lagging,
     mentored_advanced, mentored_middle, mentored_lagging, min(h.county) AS home_county
WITH p, watching, mentored, contacts, weighted_load, advanced, middle, lagging,
     mentored_advanced, mentored_middle, mentored_lagging,
     coalesce(home_county, watched_county) AS person_county,
     coalesce(p.capacity, $default_capacity) AS capacity
WHERE (person_county = $county OR $county IS NULL)
RETURN p.person_id AS person_id, p.name AS name, p.role AS role, p.level AS level,
       person_county AS county, mentored, contacts, watching, weighted_load, capacity,
       CASE WHEN watching > capacity THEN 'over' WHEN watching = capacity THEN 'full' ELSE 'under' END
         AS status,
       advanced, middle, lagging, watching - advanced - middle - lagging AS unrated,
       mentored_advanced, mentored_middle, mentored_lagging
ORDER BY watching DESC, weighted_load DESC, person_id
