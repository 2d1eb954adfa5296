// name: networks_unallied
// title_zh: 未加入联合体的党支部
// title_en: Branches in no alliance
// description: Organisations (by default grassroots branches, 党支部、党总支) that belong to no joint-building alliance; optionally one county's or one domain's.
// description_zh: 未加入任何党建联合体的组织（默认党支部、党总支），可只看一个旗县区或领域。
// param: county string = null -- only this county (旗县区)
// param: domain string(rural|community|government|school|hospital|soe|private|social|park) = null -- only this domain (领域)
// param: kinds list = branch,general_branch -- organisation kinds to include
MATCH (o:Organization)
WHERE o.kind IN $kinds
  AND (o.county = $county OR $county IS NULL)
  AND (o.domain = $domain OR $domain IS NULL)
  AND NOT (o)-[:MEMBER_OF]->(:Alliance)
RETURN o.org_id AS org_id, o.name AS name, o.county AS county, o.domain AS domain,
       o.tier AS tier, o.stars AS stars, o.base_stars AS base_stars,
       o.task_score AS task_score, o.highlight_score AS highlight_score
ORDER BY county, org_id
