// name: coverage_orgs
// title_zh: 参与覆盖统计的组织
// title_en: Organisations counted for coverage
// description: The organisations coverage is computed for (kinds and filters), with their attributes
// description: and star inputs; one row each, ordered by org_id. The coverage analyses join
// description: per-dimension counts to it.
// description_zh: 参与覆盖统计的组织（按类型和筛选条件）及其属性、星级评定要素，按组织编码排序。
// param: county string = null -- only this county (旗县区)
// param: counties list = null -- only these counties (旗县区; - stands for no county)
// param: domain string(rural|community|government|school|hospital|soe|private|social|park) = null -- only this domain (领域)
// param: tier string(advanced|middle|lagging) = null -- only this tier (先进/中间/后进)
// param: kinds list(branch|general_branch|committee|working_committee) = branch,general_branch -- organisation kinds to include
MATCH (o:Organization)
WHERE o.kind IN $kinds
  AND (o.county = $county OR $county IS NULL)
  AND (coalesce(o.county, '-') IN $counties OR $counties IS NULL)
  AND (o.domain = $domain OR $domain IS NULL)
  AND (o.tier = $tier OR $tier IS NULL)
RETURN o.org_id AS org_id, o.name AS name, o.kind AS kind, o.county AS county,
       o.township AS township, o.domain AS domain, o.tier AS tier, o.stars AS stars,
       o.base_stars AS base_stars, o.task_score AS task_score,
       o.highlight_score AS highlight_score, o.weak AS weak
ORDER BY org_id
