// name: proposal_people
// title_zh: 可包联的人员
// title_en: People who may mentor
// description: The people a mentor proposal may choose from: everyone with a mentor link active
// description: on the day, and everyone whose role names one of the given mentoring roles; with
// description: their own capacity and their workplace (its county and township), one row per workplace.
// description_zh: 包联建议可选的人员：截至日期有包联的人，以及职务含所列包联角色的人；附本人上限和所在单位（旗县区、乡镇街道）。
// param: as_of date = today -- the day links must be active on (YYYY-MM-DD)
// param: roles list = 业务骨干,组工干部 -- roles whose holders may mentor before their first link
MATCH (p:Person)
OPTIONAL MATCH (p)-[r:MENTORS]->(o:Organization)
WITH p, count(CASE
       WHEN (r.since IS NULL OR r.since <= $as_of) AND (r.until IS NULL OR r.until >= $as_of)
       THEN o.org_id END) AS mentoring
WHERE mentoring > 0 OR any(x IN $roles WHERE p.role CONTAINS x)
OPTIONAL MATCH (p)-[:WORKS_IN]->(w:Organization)
RETURN p.person_id AS person_id, p.name AS name, p.role AS role, p.level AS level,
       p.capacity AS capacity, w.org_id AS work_org, w.county AS county, w.township AS township
ORDER BY person_id, work_org
