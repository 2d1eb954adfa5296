// name: stars_counts
// title_zh: 各组星级计数
// title_en: Organisations per group and star count
// description: How many organisations hold each star count (null: not rated), per county, domain, tier, township or kind — the counts behind the star distribution and the star targets, aggregated in the store.
// param: by string(county|domain|tier|township|kind) = county -- what to group by
// param: kinds list(branch|general_branch|committee|working_committee) = branch,general_branch -- organisation kinds to count
// param: county string = null -- only this county (旗县区)
// param: domain string(rural|community|government|school|hospital|soe|private|social|park) = null -- only this domain (领域)
MATCH (o:Organization)
WHERE o.kind IN $kinds
  AND (coalesce($county, '') = '' OR o.county = $county)
  AND (coalesce($domain, '') = '' OR o.domain = $domain)
RETURN CASE $by WHEN 'county' THEN o.county WHEN 'domain' THEN o.domain WHEN 'tier' THEN o.tier
                WHEN 'township' THEN o.township ELSE o.kind END AS grp,
       o.stars AS stars, count(*) AS organisations
ORDER BY grp, stars
