// name: person_homes
// title_zh: 包联人和联系人的工作单位
// title_en: Watchers' workplaces
// description: For every person with a mentor or contact-point link active on the day: the county
// description: and township of the organisation they work in (WORKS_IN), where the ledger gives one.
// description_zh: 每位包联人或联系人（截至日期）所在工作单位的旗县区和乡镇。
// param: as_of date = today -- the day links must be active on (YYYY-MM-DD)
MATCH (p:Person)-[r:MENTORS|CONTACT_POINT]->(:Organization)
WHERE (r.since IS NULL OR r.since <= $as_of) AND (r.until IS NULL OR r.until >= $as_of)
WITH DISTINCT p
MATCH (p)-[:WORKS_IN]->(h:Organization)
RETURN p.person_id AS person_id, h.county AS county, h.township AS township
