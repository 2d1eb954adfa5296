// name: org_card
// title_zh: 组织基本情况
// title_en: An organisation's card
// description: One organisation's own facts: kind, place, domain, stars and their components,
// description: tier, weak flag and members.
// description_zh: 某个组织的基本情况：类型、所在旗县区和乡镇、领域、星级及其构成（基础星、任务得分、特色得分）、类别、是否软弱涣散、党员数。
// param: org_id string = null -- the organisation (组织编码)
MATCH (o:Organization {org_id: $org_id})
RETURN o.org_id AS org_id, o.name AS name, o.kind AS kind, o.county AS county,
       o.township AS township, o.domain AS domain, o.stars AS stars, o.base_stars AS base_stars,
       o.task_score AS task_score, o.highlight_score AS highlight_score, o.tier AS tier,
       o.weak AS weak, o.members AS members
