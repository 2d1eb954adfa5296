// name: networks_alliances
// title_zh: 党建联合体一览
// title_en: Alliances and their size
// description: Every joint-building alliance with its number of member organisations and its lead (牵头单位, the smallest org_id if several); optionally one county's.
// description_zh: 每个党建联合体的成员数和牵头单位（有多个时取编码最小的），可只看一个旗县区。
// param: county string = null -- only alliances of this county (旗县区)
MATCH (a:Alliance)
WHERE a.county = $county OR $county IS NULL
OPTIONAL MATCH (o:Organization)-[m:MEMBER_OF]->(a)
WITH a, count(DISTINCT o) AS members,
     min(CASE WHEN m.role = 'lead' THEN o.org_id ELSE NULL END) AS lead_id
OPTIONAL MATCH (l:Organization)
WHERE l.org_id = lead_id
RETURN a.alliance_id AS alliance_id, a.name AS name, a.theme AS theme, a.county AS county,
       a.founded AS founded, members, lead_id, l.name AS lead_name
ORDER BY members DESC, alliance_id
