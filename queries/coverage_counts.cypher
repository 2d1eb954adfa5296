// name: coverage_counts
// title_zh: 各组覆盖计数
// title_en: Covered organisations per group and dimension
// description: Per county or domain and per coverage dimension (watched, mentor, contact, alliance, pairing, chain; plus all organisations), how many grassroots organisations have it on the day — one row per group and dimension, counted in the store. The counts behind the coverage rates; one UNION ALL branch per dimension, so it stays small at millions of organisations.
// description_zh: 按旗县区或领域、按覆盖项（有人包联、包联干部、联系点、联合体、结对、产业链，另加组织总数）统计截至日期的基层组织数，是覆盖率的底数。
// param: as_of date = today -- the day links must be active on (YYYY-MM-DD)
// param: by string(county|domain) = county -- what to group by
// param: kinds list(branch|general_branch|committee|working_committee) = branch,general_branch -- organisation kinds to include
MATCH (o:Organization)
WHERE o.kind IN $kinds
RETURN 'organisations' AS dimension, CASE $by WHEN 'domain' THEN o.domain ELSE o.county END AS grp,
       count(*) AS organisations
UNION ALL
MATCH (p:Person)-[r:MENTORS|CONTACT_POINT]->(o:Organization)
WHERE o.kind IN $kinds
  AND (r.since IS NULL OR r.since <= $as_of) AND (r.until IS NULL OR r.until >= $as_of)
WITH DISTINCT o
RETURN 'watched' AS dimension, CASE $by WHEN 'domain' THEN o.domain ELSE o.county END AS grp,
       count(*) AS organisations
UNION ALL
MATCH (p:Person)-[r:MENTORS]->(o:Organization)
WHERE o.kind IN $kinds
  AND (r.since IS NULL OR r.since <= $as_of) AND (r.until IS NULL OR r.until >= $as_of)
WITH DISTINCT o
RETURN 'mentor' AS dimension, CASE $by WHEN 'domain' THEN o.domain ELSE o.county END AS grp,
       count(*) AS organisations
UNION ALL
MATCH (p:Person)-[r:CONTACT_POINT]->(o:Organization)
WHERE o.kind IN $kinds
  AND (r.since IS NULL OR r.since <= $as_of) AND (r.until IS NULL OR r.until >= $as_of)
WITH DISTINCT o
RETURN 'contact' AS dimension, CASE $by WHEN 'domain' THEN o.domain ELSE o.county END AS grp,
       count(*) AS organisations
UNION ALL
MATCH (o:Organization)-[:MEMBER_OF]->(a:Alliance)
WHERE o.kind IN $kinds
WITH DISTINCT o
RETURN 'alliance' AS dimension, CASE $by WHEN 'domain' THEN o.domain ELSE o.county END AS grp,
       count(*) AS organisations
UNION ALL
MATCH (o:Organization)-[r:PAIRED_WITH]-(x:Organization)
WHERE o.kind IN $kinds
  AND (r.since IS NULL OR r.since <= $as_of) AND (r.until IS NULL OR r.until >= $as_of)
WITH DISTINCT o
RETURN 'pairing' AS dimension, CASE $by WHEN 'domain' THEN o.domain ELSE o.county END AS grp,
       count(*) AS organisations
UNION ALL
MATCH (o:Organization)-[:IN_CHAIN]->(ch:Chain)
WHERE o.kind IN $kinds
WITH DISTINCT o
RETURN 'chain' AS dimension, CASE $by WHEN 'domain' THEN o.domain ELSE o.county END AS grp,
       count(*) AS organisations
