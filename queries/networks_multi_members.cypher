// name: networks_multi_members
// title_zh: 参加多个联合体的组织
// title_en: Organisations in two or more alliances
// description: Each organisation that belongs to two or more joint-building alliances, one row per alliance it is in: the links that tie alliances into a network (an alliance none of these rows names is an island).
// description_zh: 参加两个及以上联合体的组织，每个所在联合体一行：正是这些组织把联合体连成网络。
MATCH (o:Organization)-[:MEMBER_OF]->(x:Alliance)
WITH o, count(DISTINCT x) AS memberships
WHERE memberships >= 2
MATCH (o)-[:MEMBER_OF]->(a:Alliance)
RETURN DISTINCT o.org_id AS org_id, a.alliance_id AS alliance_id, memberships
