// name: networks_pairings
// title_zh: 结对共建关系
// title_en: Pairings in force
// description: Pairings (结对共建、企业联村) active on the given day (default today).
// description_zh: 截至日期（默认今天）有效的结对共建、企业联村关系。
// param: as_of date = today -- the day the pairings must be in force on (YYYY-MM-DD)
MATCH (a:Organization)-[r:PAIRED_WITH]->(b:Organization)
WHERE (r.since <= $as_of OR r.since IS NULL) AND (r.until >= $as_of OR r.until IS NULL)
RETURN a.org_id AS org_a, a.name AS name_a, b.org_id AS org_b, b.name AS name_b,
       r.type AS type, r.since AS since, r.until AS until
ORDER BY org_a, org_b, since
