// name: organisations
// title_zh: 组织列表
// title_en: Organisations
// description: Every organisation (of one county when given) with its id and name, by id: for
// description: pickers and search.
// description_zh: 全部组织（可限一个旗县区）的编码和名称，按编码排序，供选择和搜索。
// param: county string = null -- only this county (旗县区)
MATCH (o:Organization)
WHERE (o.county = $county OR $county IS NULL)
RETURN o.org_id AS org_id, o.name AS name, o.county AS county
ORDER BY org_id
