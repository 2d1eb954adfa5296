// name: county_cities
// title_zh: 各旗县区所属地市
// title_en: The city of each county
// description: For each county (旗县区), the organisations directly above its organisations that
// description: lie outside it (its city committee, 市委), with how many links lead there.
// description_zh: 每个旗县区的组织向上隶属到本旗县区以外的上级组织（通常是市委）及隶属条数，用于按地市分组。
MATCH (o:Organization)-[:BELONGS_TO]->(p:Organization)
WHERE o.county IS NOT NULL AND (p.county IS NULL OR p.county <> o.county)
RETURN o.county AS county, p.name AS city, count(*) AS links
ORDER BY county, links DESC, city
