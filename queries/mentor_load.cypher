// name: mentor_load
// title_zh: 包联干部工作量
// title_en: Mentor load
// description: One row per mentor (包联) with a mentor link active on the day to an organisation of
// description: the given kinds (branches by default): how many such organisations they mentor and
// description: how many of each tier. Contact points (联系点) are another duty and are not counted
// description: here (see contact_load). Capacity, the weighted load and the mix rule are applied by
// description: the mentor-load analysis.
// description_zh: 每位包联干部在截至日期包联的基层组织数，以及其中先进、中间、后进各几个。联系点是另一项职责，不计入（见 contact_load）。
// param: as_of date = today -- the day links must be active on (YYYY-MM-DD)
// param: kinds list(branch|general_branch|committee|working_committee) = branch,general_branch -- organisation kinds a mentor's load counts
MATCH (p:Person)-[r:MENTORS]->(o:Organization)
WHERE o.kind IN $kinds
  AND (r.since IS NULL OR r.since <= $as_of) AND (r.until IS NULL OR r.until >= $as_of)
WITH DISTINCT p, o
RETURN p.person_id AS person_id, p.name AS name, p.role AS role, p.level AS level,
       p.capacity AS own_capacity, count(o) AS mentored,
       count(CASE WHEN o.tier = 'advanced' THEN 1 END) AS advanced,
       count(CASE WHEN o.tier = 'middle' THEN 1 END) AS middle,
       count(CASE WHEN o.tier = 'lagging' THEN 1 END) AS lagging
