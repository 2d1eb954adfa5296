"""Name material for the demo dataset: 赤峰's counties and townships, and pools of
syllables from which villages, communities, units, firms and people are named.

Everything here is plain data plus two vectorised helpers; :mod:`loaders.demo`
draws from it. The 12 counties and their townships are the real ones of 赤峰市
(a selection of townships where a county has many); cities and counties beyond
赤峰 (province and nation scale) get made-up but plausible two-character names.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "CITY",
    "COUNTIES",
    "COUNTY_RURAL_WEIGHT",
    "COUNTY_URBAN_WEIGHT",
    "CITY_DIRECT",
    "COUNTY_DIRECT",
    "UNIT_POOLS",
    "PLACE_A",
    "PLACE_B",
    "VILLAGE_B",
    "COMMUNITY_NAMES",
    "FIRM_A",
    "FIRM_B",
    "SURNAMES",
    "GIVEN",
    "MONGOLIAN_NAMES",
    "ALLIANCE_WORDS",
    "INDUSTRIES",
    "cn_number",
    "combos",
]

CITY = "赤峰市"

#: County -> townships (a township's last characters tell its kind: 街道 is a street
#: office with a working committee, 镇/乡/苏木 a township committee).
COUNTIES: dict[str, tuple[str, ...]] = {
    "红山区": ("永巩街道", "西屯街道", "站前街道", "三中街街道", "铁南街道", "长青街道",
            "南新街道", "哈达街街道", "桥北街道", "东城街道", "文钟镇", "红庙子镇"),
    "元宝山区": ("平庄镇", "元宝山镇", "风水沟镇", "五家镇", "美丽河镇", "小五家乡",
             "东风街道", "西露天街道", "平庄城区街道", "建昌营街道"),
    "松山区": ("穆家营子镇", "初头朗镇", "大夫营子乡", "太平地镇", "当铺地满族乡", "安庆镇",
            "王府镇", "大庙镇", "城子乡", "夏家店乡", "老府镇", "岗子乡", "哈拉道口镇",
            "上官地镇", "向阳街道", "振兴街道", "松州街道", "全宁街道"),
    "阿鲁科尔沁旗": ("天山镇", "天山口镇", "双胜镇", "坤都镇", "绍根镇", "扎嘎斯台镇",
               "先锋乡", "新民乡", "巴彦花镇", "罕苏木苏木", "巴拉奇如德苏木",
               "赛罕塔拉苏木", "巴彦温都尔苏木", "乌兰哈达乡"),
    "巴林左旗": ("林东镇", "隆昌镇", "十三敖包镇", "碧流台镇", "富河镇", "白音勿拉镇",
             "哈拉哈达镇", "三山乡", "乌兰达坝苏木", "查干哈达苏木"),
    "巴林右旗": ("大板镇", "索博日嘎镇", "宝日勿苏镇", "查干沐沦镇", "幸福之路苏木",
             "巴彦琥硕镇", "西拉沐沦苏木", "查干诺尔镇", "巴彦塔拉苏木"),
    "林西县": ("林西镇", "新城子镇", "新林镇", "五十家子镇", "官地镇", "大井镇", "统部镇",
            "隆平乡", "大营子乡"),
    "克什克腾旗": ("经棚镇", "宇宙地镇", "土城子镇", "同兴镇", "万合永镇", "芝瑞镇",
              "新开地乡", "达来诺日镇", "达日罕乌拉苏木", "巴彦查干苏木", "浩来呼热苏木",
              "白音查干镇"),
    "翁牛特旗": ("乌丹镇", "乌敦套海镇", "五分地镇", "桥头镇", "广德公镇", "梧桐花镇",
             "海拉苏镇", "亿合公镇", "毛山东乡", "白音套海苏木", "解放营子乡", "阿什罕苏木",
             "格日僧苏木", "紫城街道"),
    "喀喇沁旗": ("锦山镇", "美林镇", "王爷府镇", "小牛群镇", "牛家营子镇", "乃林镇", "西桥镇",
             "河南街道", "永丰街道"),
    "宁城县": ("天义镇", "小城子镇", "大城子镇", "八里罕镇", "黑里河镇", "右北平镇",
            "大双庙镇", "汐子镇", "大明镇", "忙农镇", "五化镇", "三座店镇", "存金沟乡",
            "甸子镇", "一肯中乡", "必斯营子镇", "铁匠营子镇", "热水镇"),
    "敖汉旗": ("新惠镇", "四家子镇", "长胜镇", "贝子府镇", "玛尼罕乡", "下洼镇", "金厂沟梁镇",
            "兴隆洼镇", "古鲁板蒿镇", "宝国吐乡", "丰收乡", "萨力巴乡", "四道湾子镇", "新地乡",
            "木头营子乡", "牛古吐镇"),
}

#: Relative share of each county's villages and of its urban (non-village) units.
COUNTY_RURAL_WEIGHT = (0.02, 0.05, 0.12, 0.09, 0.09, 0.06, 0.07, 0.08, 0.12, 0.08, 0.12, 0.10)
COUNTY_URBAN_WEIGHT = (0.17, 0.09, 0.12, 0.06, 0.06, 0.05, 0.05, 0.06, 0.08, 0.07, 0.10, 0.09)

#: The committees directly under a city: (name after the city's name, kind, domain).
CITY_DIRECT = (
    ("直属机关工作委员会", "working_committee", "government"),
    ("委教育工作委员会", "working_committee", "school"),
    ("卫生健康委员会党委", "committee", "hospital"),
    ("国有资产监督管理委员会党委", "committee", "soe"),
    ("非公有制经济组织和社会组织党委", "committee", "private"),
    ("高新技术产业开发区党工委", "working_committee", "park"),
)

#: The sector committees of a county (name after the county's name, kind, domain).
COUNTY_DIRECT = (
    ("直属机关工作委员会", "working_committee", "government"),
    ("教育系统党委", "committee", "school"),
    ("卫生健康系统党委", "committee", "hospital"),
    ("国有企业党委", "committee", "soe"),
    ("非公有制经济组织党委", "committee", "private"),
    ("社会组织党委", "committee", "social"),
    ("工业园区党工委", "working_committee", "park"),
)

#: Units that hold the branches of each urban domain; a unit with several branches
#: numbers them (第二党支部 ...).
UNIT_POOLS: dict[str, tuple[str, ...]] = {
    "government": ("发展和改革委员会", "财政局", "人力资源和社会保障局", "自然资源局", "住房和城乡建设局",
                   "交通运输局", "农牧局", "水利局", "商务局", "文化旅游体育局", "卫生健康委员会机关",
                   "应急管理局", "审计局", "统计局", "市场监督管理局", "医疗保障局", "林业和草原局",
                   "民政局", "司法局", "生态环境局", "退役军人事务局", "信访局", "档案馆", "政务服务中心",
                   "融媒体中心", "公安局机关", "人民法院", "人民检察院", "税务局", "乡村振兴局",
                   "科学技术局", "工业和信息化局", "能源局", "粮食和物资储备中心", "总工会",
                   "团委机关", "妇女联合会", "科学技术协会", "残疾人联合会", "政协机关"),
    "school": ("第一中学", "第二中学", "第三中学", "第四中学", "第五中学", "第六中学", "实验中学",
               "蒙古族中学", "职业教育中心", "第一小学", "第二小学", "第三小学", "第四小学",
               "实验小学", "蒙古族小学", "民族小学", "特殊教育学校", "第一幼儿园", "第二幼儿园",
               "实验幼儿园", "进修学校", "第七中学", "第八中学", "第五小学", "第六小学", "第七小学"),
    "hospital": ("人民医院", "中医医院", "蒙医医院", "妇幼保健院", "疾病预防控制中心", "医院",
                 "第二人民医院", "精神卫生中心", "急救中心", "卫生监督所", "中心血站", "康复医院"),
    "soe": ("城市建设投资集团", "国有资产投资公司", "水务集团", "热力公司", "公共交通公司",
            "供电分公司", "农村商业银行", "粮食储备库", "交通投资公司", "文化旅游投资公司",
            "燃气公司", "农牧业发展公司", "林场", "供销合作社"),
    "social": ("个体劳动者协会", "律师协会", "物流协会", "养老服务中心", "慈善总会", "青年志愿者协会",
               "会计师协会", "餐饮行业协会", "快递行业协会", "家政服务协会", "民办教育协会", "社工服务站"),
    "park": ("园区管委会机关", "园区企业服务中心", "创业孵化基地", "物流园", "新材料产业园",
             "冶金产业园", "绿色农畜产品加工园", "清洁能源产业园"),
}

#: First and second characters of made-up place names (cities, counties, townships).
PLACE_A = tuple(dict.fromkeys("安宁平兴永丰顺和泰昌康华盛隆德福庆乐嘉新东西南北红白青金银宝玉长广双太三五"))
PLACE_B = tuple(dict.fromkeys("山河川源泉阳城原林岭峰水台岗口营湖滩沟门州坝泽塘溪坡谷"))
#: Second parts of village names (first parts from PLACE_A).
VILLAGE_B = ("地", "营子", "家", "沟", "井", "房", "店", "庄", "屯", "台", "窝铺", "梁", "山",
             "河", "湾", "甸子", "杖子", "堡", "窑", "林场", "泉", "号", "图", "花")
COMMUNITY_NAMES = ("新华", "民族", "团结", "长青", "和平", "幸福", "光明", "富强", "康宁", "馨园",
                   "翠园", "锦绣", "东升", "朝阳", "春晓", "北城", "南苑", "西城", "东园", "兴安",
                   "昭乌达", "清河", "红旗", "建设", "铁东", "站南", "桥西", "花园", "怡景", "泰和")
FIRM_A = ("鑫源", "蒙东", "草原", "赤诚", "金峰", "北方", "塞北", "华泰", "红山", "昭盟", "兴隆",
          "宏达", "天润", "永盛", "丰泽", "绿源", "大漠", "驰航", "恒信", "万家", "禾丰", "牧歌",
          "金谷", "瑞达", "通达", "嘉禾", "玉龙", "远航", "福源", "长城")
FIRM_B = ("农牧业有限公司", "肉业有限公司", "食品有限公司", "药业有限公司", "建材有限公司",
          "物流有限公司", "电子商务有限公司", "矿业有限公司", "能源有限公司", "商贸有限公司",
          "建筑工程有限公司", "米业有限公司", "乳业有限公司", "运输有限公司", "科技有限公司",
          "旅游开发有限公司", "服装有限公司", "酒业有限公司", "种业有限公司", "养殖专业合作社")

SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱",
            "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯",
            "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜",
            "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭",
            "陆", "汪", "范", "金", "石", "贾", "夏", "付", "方", "白", "邹", "孟", "秦", "邱",
            "尹", "薛", "闫", "段", "雷", "侯", "史", "郝", "邵", "武", "孔", "包", "鲍", "宁")
GIVEN = tuple(dict.fromkeys("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰志红建国海林春燕宏亮辉鹏飞"
              "雪梅晓东文斌俊峰丹凤慧颖宇浩然博佳欣瑞冬生福成利民永振晨阳旭"))
MONGOLIAN_NAMES = ("巴特尔", "乌力吉", "苏日娜", "其木格", "额尔敦", "那仁", "宝音", "图雅", "斯琴",
                   "阿拉坦", "朝鲁", "萨仁", "乌云", "哈斯", "孟和", "敖登", "格日勒", "巴雅尔",
                   "布和", "达来")

ALLIANCE_WORDS = ("红色", "先锋", "同心", "振兴", "共富", "北疆", "暖心", "兴农", "石榴籽", "聚力",
                  "连心", "红石", "同行", "善治", "铸魂")

#: Industry-chain committees: (industry, stages its members sit at).
INDUSTRIES = (
    ("出租车", ("运营", "服务")),
    ("商会", ("会员", "服务")),
    ("中药材", ("种植", "加工", "销售")),
    ("肉牛", ("养殖", "加工", "销售")),
    ("小米", ("种植", "加工", "销售")),
    ("设施蔬菜", ("种植", "加工", "销售")),
    ("杂粮", ("种植", "加工", "销售")),
    ("肉羊", ("养殖", "加工", "销售")),
    ("冷链物流", ("仓储", "运输", "销售")),
    ("快递", ("分拣", "运输", "服务")),
)

_CN = "零一二三四五六七八九十"


def cn_number(n: np.ndarray) -> np.ndarray:
    """Integers 1–99 as Chinese numerals (一, 十二, 二十三); larger as digits."""
    n = np.asarray(n, dtype=np.int64)
    digits = np.array(list(_CN), dtype=object)
    tens, ones = n // 10, n % 10
    head = np.where(tens == 0, "", np.where(tens == 1, "十", digits[np.minimum(tens, 9)] + "十"))
    tail = np.where(ones == 0, "", digits[ones])
    out = (head.astype(object) + tail.astype(object))
    big = n >= 100
    if big.any():
        out[big] = n[big].astype(str).astype(object)
    return out


def combos(first: tuple[str, ...], second: tuple[str, ...], rng: np.random.Generator,
           k: int, exclude: set[str] | frozenset[str] = frozenset()) -> np.ndarray:
    """``k`` distinct names first[i] + second[j], in a random order (object array).

    Raises ``ValueError`` when fewer than ``k`` combinations exist.
    """
    a = np.array(first, dtype=object)
    b = np.array(second, dtype=object)
    allc = (a[:, None] + b[None, :]).ravel()
    if exclude:
        allc = allc[~np.isin(allc, list(exclude))]
    if k > len(allc):
        raise ValueError(f"only {len(allc)} distinct names, {k} wanted")
    return allc[rng.permutation(len(allc))[:k]]
