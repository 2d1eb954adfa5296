// name: proposal_links
// title_zh: 未结束的包联、联系点和书记关系
// title_en: Links not ended
// description: Mentor, contact-point and secretary links not ended by the day (future ones too)
// description: to organisations of the given counties: the pairs a mentor proposal must not repeat.
// description_zh: 截至日期尚未结束（含尚未开始）的包联、联系点和书记关系，限所列旗县区的组织：包联建议不得重复的人员与组织。
// param: as_of date = today -- the day links must not have ended by (YYYY-MM-DD)
// param: counties list = null -- only organisations of these counties (旗县区; - stands for no county)
MATCH (p:Person)-[r:MENTORS|CONTACT_POINT|SECRETARY_OF]->(o:Organization)
WHERE (coalesce(o.county, '-') IN $counties OR $counties IS NULL)
  AND (r.until IS NULL OR r.until >= $as_of)
RETURN DISTINCT p.person_id AS person_id, o.org_id AS org_id
