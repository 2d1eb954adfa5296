// name: org_tree
// title_zh: 组织隶属关系
// title_en: Organisation tree
// description: Every organisation (of one county when given) with its kind and the parent it
// description: BELONGS_TO, by id: the tree that names each organisation's responsible committee
// description: and rolls figures up (a parent outside the county ends the walk up).
// description_zh: 全部组织（可限一个旗县区）及其类型和隶属的上级组织，按编码排序：据此确定负责党委、逐级汇总。
// param: county string = null -- only this county (旗县区)
MATCH (o:Organization)
WHERE (o.county = $county OR $county IS NULL)
OPTIONAL MATCH (o)-[:BELONGS_TO]->(p:Organization)
RETURN o.org_id AS org_id, o.name AS name, o.kind AS kind, o.county AS county,
       p.org_id AS parent_id
ORDER BY org_id, parent_id
