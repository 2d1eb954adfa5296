// name: coverage_by_domain
// title_zh: 各领域覆盖率
// title_en: Coverage by domain
// description: Per domain (领域): grassroots organisations, how many are watched on the day, and the
// description: share (0..1) covered by a mentor, a contact point, an alliance, a pairing and a chain.
// description_zh: 各领域的基层组织数、截至日期有人包联的个数，以及有包联干部、联系点、联合体、结对、产业链的比例。
// param: as_of date = today -- the day links must be active on (YYYY-MM-DD)
// param: kinds list(branch|general_branch|committee|working_committee) = branch,general_branch -- organisation kinds to include
MATCH (o:Organization)
WHERE o.kind IN $kinds
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
WITH o.domain AS domain, count(o) AS organisations,
     count(CASE WHEN watchers > 0 THEN 1 END) AS watched,
     count(CASE WHEN mentors > 0 THEN 1 END) AS with_mentor,
     count(CASE WHEN contacts > 0 THEN 1 END) AS with_contact,
     count(CASE WHEN alliances > 0 THEN 1 END) AS with_alliance,
     count(CASE WHEN pairings > 0 THEN 1 END) AS with_pairing,
     count(CASE WHEN chains > 0 THEN 1 END) AS with_chain
RETURN domain, organisations, watched,
       watched * 1.0 / organisations AS watched_share,
       with_mentor * 1.0 / organisations AS mentor_share,
       with_contact * 1.0 / organisations AS contact_share,
       with_alliance * 1.0 / organisations AS alliance_share,
       with_pairing * 1.0 / organisations AS pairing_share,
       with_chain * 1.0 / organisations AS chain_share
ORDER BY domain
