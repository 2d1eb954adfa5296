// name: single_watcher
// title_zh: 仅一人包联的支部
// title_en: Branches with a single watcher
// description: Grassroots organisations that exactly one person watches on the day (one mentor or
// description: contact point): if that person leaves, nobody is looking after them.
// description_zh: 截至日期只有一人包联或联系的基层组织：此人一调离就无人包联。
// param: as_of date = today -- the day links must be active on (YYYY-MM-DD)
// param: county string = null -- only this county (旗县区)
// param: domain string(rural|community|government|school|hospital|soe|private|social|park) = null -- only this domain (领域)
// param: tier string(advanced|middle|lagging) = null -- only this tier (先进/中间/后进)
// param: kinds list(branch|general_branch|committee|working_committee) = branch,general_branch -- organisation kinds to include
MATCH (w:Person)-[r:MENTORS|CONTACT_POINT]->(o:Organization)
WHERE o.kind IN $kinds
  AND (o.county = $county OR $county IS NULL)
  AND (o.domain = $domain OR $domain IS NULL)
  AND (o.tier = $tier OR $tier IS NULL)
  AND (r.since IS NULL OR r.since <= $as_of) AND (r.until IS NULL OR r.until >= $as_of)
WITH o, count(DISTINCT w.person_id) AS watchers, min(w.person_id) AS watcher_id
WHERE watchers = 1
MATCH (p:Person)
WHERE p.person_id = watcher_id
RETURN o.org_id AS org_id, o.name AS name, o.county AS county, o.domain AS domain,
       o.tier AS tier, o.stars AS stars, o.base_stars AS base_stars,
       o.task_score AS task_score, o.highlight_score AS highlight_score, o.weak AS weak,
       p.person_id AS person_id, p.name AS person_name
ORDER BY org_id
