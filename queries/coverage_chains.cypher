// name: coverage_chains
// title_zh: 各组织所属产业链数
// title_en: Chains per organisation
// description: Per organisation (only those with any): distinct industry chains it belongs to.
// description_zh: 有产业链的组织各属于几条产业链。
// param: county string = null -- only this county (旗县区)
// param: domain string(rural|community|government|school|hospital|soe|private|social|park) = null -- only this domain (领域)
// param: tier string(advanced|middle|lagging) = null -- only this tier (先进/中间/后进)
// param: kinds list(branch|general_branch|committee|working_committee) = branch,general_branch -- organisation kinds to include
MATCH (o:Organization)-[:IN_CHAIN]->(ch:Chain)
WHERE o.kind IN $kinds
  AND (o.county = $county OR $county IS NULL)
  AND (o.domain = $domain OR $domain IS NULL)
  AND (o.tier = $tier OR $tier IS NULL)
RETURN o.org_id AS org_id, count(DISTINCT ch.chain_id) AS chains
