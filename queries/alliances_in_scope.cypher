// name: alliances_in_scope
// title_zh: 范围内的联合体数
// title_en: Alliances with a member in scope
// description: How many alliances have at least one member among the organisations of the kinds
// description: and filters given.
// description_zh: 至少有一个成员属于所选范围（组织类型、旗县区、领域、类别）的联合体个数。
// param: county string = null -- only this county (旗县区)
// param: domain string(rural|community|government|school|hospital|soe|private|social|park) = null -- only this domain (领域)
// param: tier string(advanced|middle|lagging) = null -- only this tier (先进/中间/后进)
// param: kinds list(branch|general_branch|committee|working_committee) = branch,general_branch -- organisation kinds to include
MATCH (o:Organization)-[:MEMBER_OF]->(a:Alliance)
WHERE o.kind IN $kinds
  AND (o.county = $county OR $county IS NULL)
  AND (o.domain = $domain OR $domain IS NULL)
  AND (o.tier = $tier OR $tier IS NULL)
RETURN count(DISTINCT a.alliance_id) AS alliances
