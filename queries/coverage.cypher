// name: coverage
// title_zh: 组织覆盖情况
// title_en: Coverage of each organisation
// description: One row per grassroots organisation: how many people watch it (mentors and
// description: contact points active on the day), and its alliances, pairings and chains.
// description_zh: 每个基层组织一行：截至日期有几人包联或联系，以及所在联合体、结对、产业链的个数。
// param: as_of date = today -- the day links must be active on (YYYY-MM-DD)
// param: county string = null -- only this county (旗县区)
// param: domain string(rural|community|government|school|hospital|soe|private|social|park) = null -- only this domain (领域)
// param: tier string(advanced|middle|lagging) = null -- only this tier (先进/中间/后进)
// param: kinds list(branch|general_branch|committee|working_committee) = branch,general_branch -- organisation kinds to include
MATCH (o:Organization)
WHERE o.kind IN $kinds
  AND (o.county = $county OR $county IS NULL)
  AND (o.domain = $domain OR $domain IS NULL)
  AND (o.tier = $tier OR $tier IS NULL)
OPTIONAL MATCH (w:Person)-[r:MENTORS|CONTACT_POINT]->(o)
WITH o, count(DISTINCT CASE
       WHEN (r.since IS NULL OR r.since <= $as_of) AND (r.until IS NULL OR r.until >= $as_of)
       THEN w.person_id END) AS watchers
OPTIONAL MATCH (m:Person)-[rm:MENTORS]->(o)
WITH o, watchers, count(DISTINCT CASE
       WHEN (rm.since IS NULL OR rm.since <= $as_of) AND (rm.until IS NULL OR rm.until >= $as_of)
       THEN m.person_id END) AS mentors
OPTIONAL MATCH (c:Person)-[rc:CONTACT_POINT]->(o)
WITH o, watchers, mentors, count(DISTINCT CASE
       WHEN (rc.since IS NULL OR rc.since <= $as_of) AND (rc.until IS NULL OR rc.until >= $as_of)
       THEN c.person_id END) AS contacts
OPTIONAL MATCH (o)-[:MEMBER_OF]->(a:Alliance)
WITH o, watchers, mentors, contacts, count(DISTINCT a.alliance_id) AS alliances
OPTIONAL MATCH (o)-[rp:PAIRED_WITH]-(x:Organization)
WITH o, watchers, mentors, contacts, alliances, count(DISTINCT CASE
       WHEN (rp.since IS NULL OR rp.since <= $as_of) AND (rp.until IS NULL OR rp.until >= $as_of)
       THEN x.org_id END) AS pairings
OPTIONAL MATCH (o)-[:IN_CHAIN]->(ch:Chain)
WITH o, watchers, mentors, contacts, alliances, pairings, count(DISTINCT ch.chain_id) AS chains
RETURN o.org_id AS org_id, o.name AS name, o.kind AS kind, o.county AS county,
       o.township AS township, o.domain AS domain, o.tier AS tier, o.stars AS stars,
       o.weak AS weak, watchers, mentors, contacts, alliances, pairings, chains,
       watchers > 0 AS watched
ORDER BY org_id
