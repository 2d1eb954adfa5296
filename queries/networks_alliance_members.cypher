// name: networks_alliance_members
// title_zh: 联合体成员单位
// title_en: Members of an alliance
// description: The member organisations of one alliance, the lead (牵头) first.
// description_zh: 某个联合体的成员单位，牵头单位在前。
// param: alliance_id string = null -- the alliance's code (联合体编码)
MATCH (o:Organization)-[m:MEMBER_OF]->(a:Alliance)
WHERE a.alliance_id = $alliance_id
RETURN o.org_id AS org_id, o.name AS name, o.county AS county, o.domain AS domain,
       o.tier AS tier, o.stars AS stars, m.role AS role
ORDER BY CASE WHEN m.role = 'lead' THEN 0 ELSE 1 END, org_id
