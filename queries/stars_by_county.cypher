// name: stars_by_county
// title_zh: 各旗县区星级达标情况
// title_en: Star targets by county
// description: Per county, how many branches there are, how many are rated, and how many have 6+ and 8+ stars (targets 60.9% and 10.1%).
// description_zh: 各旗县区的党支部数、已评星数，以及6星以上、8星以上的个数（目标60.9%和10.1%）。
MATCH (o:Organization)
WHERE o.kind IN ['branch', 'general_branch']
RETURN o.county AS county, count(o) AS organisations,
       sum(CASE WHEN o.stars IS NULL THEN 0 ELSE 1 END) AS rated,
       sum(CASE WHEN o.stars >= 6 THEN 1 ELSE 0 END) AS at6,
       sum(CASE WHEN o.stars >= 8 THEN 1 ELSE 0 END) AS at8
ORDER BY county
