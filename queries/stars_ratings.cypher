// name: stars_ratings
// title_zh: 组织星级评定明细
// title_en: Star ratings of organisations
// description: Each grassroots organisation with its stars, base stars, task score and highlight score (the inputs of the star rule), optionally for one county or domain.
// description_zh: 每个基层组织的星级及其构成：基础星、任务得分、特色得分（星级规则的输入），可只看一个旗县区或领域。
// param: kinds list(branch|general_branch|committee|working_committee) = branch,general_branch -- organisation kinds to include
// param: county string = null -- only this county (旗县区)
// param: domain string(rural|community|government|school|hospital|soe|private|social|park) = null -- only this domain (领域)
MATCH (o:Organization)
WHERE o.kind IN $kinds
  AND (coalesce($county, '') = '' OR o.county = $county)
  AND (coalesce($domain, '') = '' OR o.domain = $domain)
RETURN o.org_id AS org_id, o.name AS name, o.kind AS kind, o.county AS county,
       o.township AS township, o.domain AS domain, o.tier AS tier, o.stars AS stars,
       o.base_stars AS base_stars, o.task_score AS task_score,
       o.highlight_score AS highlight_score
ORDER BY org_id
