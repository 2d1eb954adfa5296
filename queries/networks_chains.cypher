// name: networks_chains
// title_zh: 产业链党委成员
// title_en: Industry chains and their members
// description: Every industry-chain committee with its member organisations, how many are villages (rural) and how many enterprises (state or private).
// description_zh: 每个产业链党委的成员组织，其中村（农村）几个、企业（国企、非公）几个。
MATCH (c:Chain)
OPTIONAL MATCH (o:Organization)-[:IN_CHAIN]->(c)
RETURN c.chain_id AS chain_id, c.name AS name, c.industry AS industry, c.county AS county,
       count(DISTINCT o.org_id) AS members,
       count(DISTINCT CASE WHEN o.domain = 'rural' THEN o.org_id ELSE NULL END) AS villages,
       count(DISTINCT CASE WHEN o.domain IN ['soe', 'private'] THEN o.org_id ELSE NULL END) AS enterprises
ORDER BY members DESC, chain_id
