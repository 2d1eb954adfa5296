// name: counties
// title_zh: 旗县区列表
// title_en: Counties
// description: Every county (旗县区) an organisation names, in order: for pickers and filters.
// description_zh: 组织所属的全部旗县区（按名称排序），供筛选使用。
MATCH (o:Organization)
WHERE o.county IS NOT NULL
RETURN DISTINCT o.county AS county
ORDER BY county
