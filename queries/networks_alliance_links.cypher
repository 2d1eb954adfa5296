// name: networks_alliance_links
// title_zh: 联合体之间的共同成员
// title_en: Alliances linked by shared members
// description: Pairs of alliances that share member organisations, with how many they share. An alliance in no pair is an island.
// description_zh: 有共同成员的两个联合体及共同成员数；不在任何一对中的联合体是孤岛。
MATCH (a:Alliance)<-[:MEMBER_OF]-(o:Organization)-[:MEMBER_OF]->(b:Alliance)
WHERE a.alliance_id < b.alliance_id
RETURN a.alliance_id AS alliance_a, a.name AS name_a, b.alliance_id AS alliance_b, b.name AS name_b,
       count(DISTINCT o) AS shared
ORDER BY shared DESC, alliance_a, alliance_b
