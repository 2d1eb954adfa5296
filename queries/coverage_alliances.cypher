// name: coverage_alliances
// title_zh: 各组织所属联合体数
// title_en: Alliances per organisation
// description: Per organisation (only those with any): distinct alliances (党建联合体) it is a member of.
// description_zh: 有联合体的组织各参加几个党建联合体。
// param: county string = null -- only this county (旗县区)
// param: domain string(rural|community|government|school|hospital|soe|private|social|park) = null -- only this domain (领域)
// param: tier string(advanced|middle|lagging) = null -- only this tier (先进/中间/后进)
// param: kinds list(branch|general_branch|committee|working_committee) = branch,general_branch -- organisation kinds to include
MATCH (o:Organization)-[:MEMBER_OF]->(a:Alliance)
WHERE o.kind IN $kinds
  AND (o.county = $county OR $county IS NULL)
  AND (o.domain = $domain OR $domain IS NULL)
  AND (o.tier = $tier OR $tier IS NULL)
RETURN o.org_id AS org_id, count(DISTINCT a.alliance_id) AS alliances
