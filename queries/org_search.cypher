// name: org_search
// title_zh: 查找组织
// title_en: Find an organisation
// description: Organisations whose code is the text or whose name contains it, at most 50, by name.
// description_zh: 组织编码等于、或名称包含所输入文字的组织，最多50个，按名称排列。
// param: text string = null -- part of the name, or the code (组织编码)
MATCH (o:Organization)
WHERE o.org_id = $text OR o.name CONTAINS $text
RETURN o.org_id AS org_id, o.name AS name, o.county AS county, o.township AS township
ORDER BY size(o.name), name, org_id
LIMIT 50
