// name: stars_counts
// title_zh: 各组星级计数
// title_en: Organisations per group and star inputs
// description: How many organisations hold each combination of recorded stars, base stars and
// description: points (task score plus highlight score; null when neither is given), per county,
// description: domain, tier, township or kind — counted in the store, so it stays small at millions
// description: of organisations. The star rule (graphmodel.rules.rating) turns each row into a rating.
// description_zh: 各组（旗县区、领域、类别、乡镇或组织类型）按登记星级、基础星、得分（任务得分加特色得分）计数；星级规则据此得出评定星级。
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
       o.stars AS stars, o.base_stars AS base_stars,
       CASE WHEN o.task_score IS NULL AND o.highlight_score IS NULL THEN NULL
            ELSE coalesce(o.task_score, 0.0) + coalesce(o.highlight_score, 0.0) END AS points,
       count(*) AS organisations
