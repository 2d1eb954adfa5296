// name: counts_by_county
// title_zh: 各旗县区组织概况
// title_en: Organisations by county
// description: Per county (旗县区): all organisations, grassroots ones (branches and general
// description: branches), committees, and among the grassroots the weak, lagging and rated ones
// description: with their mean stars.
// description_zh: 各旗县区的组织总数、基层组织（党支部、党总支）数、党委数，以及基层组织中软弱涣散、后进、已评星的个数和平均星级。
// param: kinds list(branch|general_branch|committee|working_committee) = branch,general_branch -- what counts as grassroots
MATCH (o:Organization)
WITH o, o.kind IN $kinds AS grassroots
WITH o.county AS county, count(o) AS organisations,
     count(CASE WHEN grassroots THEN 1 END) AS grassroots_count,
     count(CASE WHEN o.kind IN ['committee', 'working_committee'] THEN 1 END) AS committees,
     count(CASE WHEN grassroots AND o.weak THEN 1 END) AS weak,
     count(CASE WHEN grassroots AND o.tier = 'lagging' THEN 1 END) AS lagging,
     count(CASE WHEN grassroots AND o.stars IS NOT NULL THEN 1 END) AS rated,
     sum(CASE WHEN grassroots AND o.stars IS NOT NULL THEN o.stars ELSE 0 END) AS star_sum
RETURN county, organisations, grassroots_count AS grassroots, committees, weak, lagging, rated,
       CASE WHEN rated > 0 THEN star_sum * 1.0 / rated ELSE NULL END AS mean_stars
ORDER BY county
