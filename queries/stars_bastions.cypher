// name: stars_bastions
// title_zh: 堡垒支部名单（达到星级）
// title_en: Bastion branches (at or above a star level)
// description: Branches rated at least min_stars stars (6 = bastion 堡垒支部, 8 = strong bastion, 10 = model), most stars first.
// description_zh: 星级不低于给定星数的党支部（6星为堡垒支部、8星为过硬堡垒、10星为示范），星多的在前。
// param: min_stars int = 6 -- the lowest star level to list
// param: county string = null -- only this county (旗县区)
MATCH (o:Organization)
WHERE o.kind IN ['branch', 'general_branch']
  AND o.stars >= $min_stars
  AND (coalesce($county, '') = '' OR o.county = $county)
RETURN o.org_id AS org_id, o.name AS name, o.county AS county, o.domain AS domain,
       o.tier AS tier, o.stars AS stars
ORDER BY stars DESC, org_id
