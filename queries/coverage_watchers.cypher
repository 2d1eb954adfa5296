// name: coverage_watchers
// title_zh: 各组织的包联人和联系人数
// title_en: Watchers per organisation
// description: Per organisation (only those with any): distinct people with a mentor or contact-point link active on the day.
// description_zh: 有人包联或联系的组织，截至日期各有几人。
// param: as_of date = today -- the day links must be active on (YYYY-MM-DD)
// param: county string = null -- only this county (旗县区)
// param: counties list = null -- only these counties (旗县区; - stands for no county)
// param: domain string(rural|community|government|school|hospital|soe|private|social|park) = null -- only this domain (领域)
// param: tier string(advanced|middle|lagging) = null -- only this tier (先进/中间/后进)
// param: kinds list(branch|general_branch|committee|working_committee) = branch,general_branch -- organisation kinds to include
MATCH (p:Person)-[r:MENTORS|CONTACT_POINT]->(o:Organization)
WHERE o.kind IN $kinds
  AND (o.county = $county OR $county IS NULL)
  AND (coalesce(o.county, '-') IN $counties OR $counties IS NULL)
  AND (o.domain = $domain OR $domain IS NULL)
  AND (o.tier = $tier OR $tier IS NULL)
  AND (r.since IS NULL OR r.since <= $as_of) AND (r.until IS NULL OR r.until >= $as_of)
RETURN o.org_id AS org_id, count(DISTINCT p.person_id) AS watchers
