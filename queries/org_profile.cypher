// name: org_profile
// title_zh: 组织档案
// title_en: An organisation's profile
// description: Everything linked to one organisation, one row per link: the organisation above
// description: and those below it, its mentors, contact points and secretary (with their dates),
// description: its alliances (with its role), chains (with its stage) and pairings (with the type).
// description_zh: 某个组织的全部关系，每条一行：上级组织、下级组织、包联干部、联系点领导和书记（含起止日期），所在联建联合体（含角色）、产业链（含环节）和结对组织（含类型）。
// param: org_id string = null -- the organisation (组织编码)
MATCH (o:Organization {org_id: $org_id})-[:BELONGS_TO]->(x:Organization)
RETURN 'parent' AS section, x.org_id AS id, x.name AS name, x.kind AS detail, '' AS since, '' AS until
UNION ALL
MATCH (x:Organization)-[:BELONGS_TO]->(o:Organization {org_id: $org_id})
RETURN 'child' AS section, x.org_id AS id, x.name AS name, x.kind AS detail, '' AS since, '' AS until
UNION ALL
MATCH (p:Person)-[r:MENTORS]->(o:Organization {org_id: $org_id})
RETURN 'mentor' AS section, p.person_id AS id, p.name AS name, p.role AS detail,
       coalesce(r.since, '') AS since, coalesce(r.until, '') AS until
UNION ALL
MATCH (p:Person)-[r:CONTACT_POINT]->(o:Organization {org_id: $org_id})
RETURN 'contact' AS section, p.person_id AS id, p.name AS name, p.role AS detail,
       coalesce(r.since, '') AS since, coalesce(r.until, '') AS until
UNION ALL
MATCH (p:Person)-[r:SECRETARY_OF]->(o:Organization {org_id: $org_id})
RETURN 'secretary' AS section, p.person_id AS id, p.name AS name, p.role AS detail,
       coalesce(r.since, '') AS since, coalesce(r.until, '') AS until
UNION ALL
MATCH (o:Organization {org_id: $org_id})-[m:MEMBER_OF]->(a:Alliance)
RETURN 'alliance' AS section, a.alliance_id AS id, a.name AS name, m.role AS detail, '' AS since, '' AS until
UNION ALL
MATCH (o:Organization {org_id: $org_id})-[c:IN_CHAIN]->(h:Chain)
RETURN 'chain' AS section, h.chain_id AS id, h.name AS name, c.stage AS detail, '' AS since, '' AS until
UNION ALL
MATCH (o:Organization {org_id: $org_id})-[r:PAIRED_WITH]-(x:Organization)
RETURN 'pairing' AS section, x.org_id AS id, x.name AS name, r.type AS detail,
       coalesce(r.since, '') AS since, coalesce(r.until, '') AS until
