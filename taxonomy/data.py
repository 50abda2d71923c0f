"""The event taxonomy: 17 categories and 133 subcategories of reportable problems.

Pure data, no Django: ``taxonomy.loader.load_taxonomy`` reads ``CATEGORIES`` into the database,
where administrators may edit it afterwards.

Where it comes from
-------------------
* Municipal components and urban-management events follow the catalogues of GB/T 30428.2-2013
  (数字化城市管理信息系统 第2部分：管理部件和事件) and its reported successor GB/T 47678.5-2026
  (城市运行管理服务平台 第5部分：管理部件和事项): 供水/污水/雨水井盖, 雨水箅子, 路灯,
  交通信号灯异常, 暴露垃圾, 积存垃圾渣土, 道路不洁, 垃圾站（箱）满溢, 私搭乱建, 沿街晾挂,
  非法小广告, 违规户外广告, 施工扰民, 无证建设, 店外经营, 占道经营, 无照经营游商,
  机动车乱停放, 占用消防通道, 架空线缆脱落 and others.
* 下水道堵塞 and the emergencies 路面塌陷, 燃气泄漏 and 火灾 come from the event classes of older
  (CJ/T 214-era) deployments.
* Disputes, public-security risks, livelihood services and public health follow the classes
  of grid-based social-governance (综治) platforms and of the 12345 hotline: 婚姻家庭邻里, 劳资,
  征地拆迁, 物业, 医患 disputes, special-population services, 社情民意.

The selection, wording and the 17/133 structure are this project's own. Codes keep the
standards' shape (two digits for the category plus three for the item) but not their
numbers: our 05 市容环境 is the standard's 06, and so on. The standard's own code is kept
beside ours in ``national_code`` (below), for exchanging cases with city and province
platforms.

Local fit: a Guangdong district
-------------------------------
The catalogue is reviewed for a district in Guangdong (Chancheng, Foshan), where the seasonal
work is 防汛防风 (typhoons and rainstorms), not snow. 09008 道路积雪结冰 (snow and ice on
roads) became 09008 电线电缆裸露 (exposed electric cables: what typhoons and 水浸街 make
deadly); 04001 树木倒伏 and 09001 积水内涝 already held the fallen trees and waterlogged
roads and now say so in their descriptions and keywords. Nothing else in the 133 is tied to
a northern climate, so nothing else was swapped.

A swapped item keeps its code, so the 17/133 shape and every other code stay put, and
``load_taxonomy`` rewrites the row in place. That is only right while no case or duty-list
matter uses the old meaning: ``REPLACED`` names each reused code's former Chinese name, and
the loader refuses (and changes nothing) when a row still carries that name and is in use;
recode those cases in admin first, or keep the old catalogue.

National codes
--------------
``national_code`` is the item's code in the national catalogue: GB/T 47678.5-2026, or
GB/T 30428.2-2013 where the newer one is silent. It is set only where a public source gives
a code for the same item, and left out (empty) otherwise: never guessed. The source for
every code here is the list of both standards' codes in the project's domain notes
(shared/reference/domain-facts.md, "Catalogues in the national standards"), which gives one
list in the two standards' common shape and does not tell them apart; check against the
published text of GB/T 47678.5 before relying on a code across platforms.

* Components (部件, classes 01 市政公用设施 and 02 交通设施): 01004 雨水箅子 (our 01003),
  01037 路灯 (our 01007 路灯不亮 and 01008 路灯设施损坏: the standard files any street-light
  problem under the component, so these two share it, the only shared code), 02014
  交通信号灯异常 (our 02001).
* Events (事件/事项): class 06 市容环境: 06001 私搭乱建, 06007 沿街晾挂, 06010 暴露垃圾,
  06011 积存垃圾渣土, 06012 道路不洁, 06013 道路破损, 06036 乱堆杂物, 06042 垃圾站（箱）满溢,
  06051 盲道缺损; 07 宣传广告: 07001 非法小广告, 07003 违规户外广告; 08 施工管理: 08001
  施工扰民, 08016 无证建设; 09 街面秩序: 09001 无照经营游商, 09005 店外经营, 09006 占道经营,
  09009 机动车乱停放, 09012 占用消防通道; 10 其他: 10002 架空线缆脱落.
* Left empty on purpose: 井盖丢失 and 井盖破损 (the standard codes covers by owner: 01001
  供水, 01002 污水, 01003 雨水, 01023 不明; a citizen's report rarely knows which, and the
  dispatcher's component match settles it), and every item the notes give no code for.

Fields of a subcategory
-----------------------
``description``
    plain Chinese for a citizen choosing a category.
``keywords``
    words citizens actually type, for search and automatic classification.
``department``
    default responsible department, a code of ``org.catalogue``. It is the usual
    owner in a Chinese district; the dispatcher can reassign a case.
``urgency``
    default urgency: ``normal``, ``urgent`` or ``emergency``.
``handle``
    handling limit at normal urgency, ``[amount, unit]``; units are ``h`` (calendar hours, for
    emergencies and 24/7 utilities), ``wh`` (working hours) and ``wd`` (working days).
    Figures follow local practice where one is known: missing or damaged manhole covers 6 h
    (Guangzhou, 2021); 暴露垃圾 4 wh, 道路不洁 2 wh, 积存垃圾渣土 4 wd and 违法建设 15 wd
    (district rules, Jiyuan and others); 12345 hotline practice for the rest (emergencies 2 h,
    water, power and gas 24 h, general matters 7 wd, complex disputes 15 wd). No national rule
    sets them.
``photo_required``
    whether closing needs an on-site photo (physical problems yes, disputes and services no).
``filing_standard`` / ``closing_standard``
    立案标准 and 结案标准 as a command centre writes them; conditions are separated by "；".
"""

# Codes reused for a different item in the local review, with the item they held before
# (see "Local fit" above): the loader will not relabel a row that still holds the old item
# while cases or matters use it.
REPLACED = {
    "09008": "道路积雪结冰",
}

# Subcategories whose cases are never public (FixMyStreet's non-public categories): tip-offs
# and public security, disputes between people, health, special populations, and problems that
# name a private home. Admin can change each; loading the catalogue again keeps that choice.
NON_PUBLIC = {
    # 矛盾纠纷: every dispute names the parties
    "10001", "10002", "10003", "10004", "10005", "10006", "10007", "10008",
    # 治安隐患: tip-offs and public security
    "11001", "11002", "11003", "11004", "11005", "11006", "11007", "11008",
    "12007",  # 危房隐患: a private home
    "13008",  # 三合一场所违规住人: where people live
    "14005",  # 疑似食物中毒: health
    "15002",  # 社会生活噪声扰民: a neighbour's home
    "16005", "16006", "16007",  # 困难群众、独居老人、流浪乞讨人员: special populations
    "16008",  # 社情民意反映: a citizen's own views
    "17002",  # 传染病疫情线索: health
    "17006",  # 非法行医: a tip-off
}

CATEGORIES = [
    {
        "code": "01",
        "name_zh": "市政公用设施",
        "name_en": "Municipal utilities",
        "subcategories": [
            {
                "code": "01001",
                "name_zh": "井盖丢失",
                "name_en": "Missing manhole cover",
                "description": "道路或公共场所的井盖不见了、被盗，井口敞开无遮挡",
                "keywords": ["窨井盖", "下水道盖", "沙井盖", "井盖被偷", "马路上有个洞"],
                "department": "PSG",
                "urgency": "urgent",
                "handle": [6, "h"],
                "photo_required": True,
                "filing_standard": (
                    "井盖缺失或被盗，井口敞开或仅有临时遮挡物；"
                    "位于机动车道、非机动车道、人行道、广场或小区公共区域"
                ),
                "closing_standard": (
                    "已补装与井座规格匹配的井盖，安装平稳牢固；补装前已设置围蔽和警示标志；"
                    "处置前后现场照片清晰"
                ),
            },
            {
                "code": "01002",
                "name_zh": "井盖破损",
                "name_en": "Damaged manhole cover",
                "description": "井盖破裂、缺角、松动发响，或与路面明显高低不平",
                "keywords": ["井盖裂了", "井盖松动", "井盖下沉", "井盖响", "窨井盖破损"],
                "department": "PSG",
                "urgency": "urgent",
                "handle": [6, "h"],
                "photo_required": True,
                "filing_standard": (
                    "井盖破裂、缺角、塌陷或与井座不匹配、移位，存在踩空、翻转隐患；"
                    "井盖与路面高差明显，或车辆碾压时松动发响；位于道路或公共场所"
                ),
                "closing_standard": (
                    "已更换或修复井盖，与井座吻合、无晃动异响；井盖与周边路面平顺衔接，现场照片清晰"
                ),
            },
            {
                "code": "01003",
                "name_zh": "雨水箅子缺损",
                "name_en": "Missing or damaged storm grate",
                "national_code": "01004",
                "description": "路边雨水口的铁箅子丢失、断裂或下陷，容易卡轮绊脚",
                "keywords": ["雨水箅子", "雨水篦子", "下水口盖板", "排水口铁栅", "路边铁格子"],
                "department": "PSG",
                "urgency": "urgent",
                "handle": [24, "h"],
                "photo_required": True,
                "filing_standard": (
                    "雨水箅子缺失、断裂、变形或下陷；位于机动车道、非机动车道或人行道，影响通行安全"
                ),
                "closing_standard": (
                    "已补装或更换雨水箅子，安放平稳、与路面平齐；雨水口排水通畅，现场照片清晰"
                ),
            },
            {
                "code": "01004",
                "name_zh": "下水道堵塞",
                "name_en": "Blocked sewer",
                "description": "下水道、排水口堵塞，污水冒出路面或雨水排不走",
                "keywords": ["下水道堵了", "污水外溢", "排水不畅", "沙井冒水", "下水道反水"],
                "department": "PSG",
                "urgency": "normal",
                "handle": [24, "h"],
                "photo_required": True,
                "filing_standard": (
                    "公共排水管道、检查井或雨水口堵塞，造成污水冒溢或雨水排放不畅；"
                    "冒溢污水流至道路、人行道或公共场所；属市政公共排水设施，不含楼栋、小区内部管道"
                ),
                "closing_standard": (
                    "已疏通管道，排水恢复通畅；冒溢污水及淤泥已清理，路面无污水残留，现场照片清晰"
                ),
            },
            {
                "code": "01005",
                "name_zh": "供水管道漏水",
                "name_en": "Leaking water main",
                "description": "地面冒水，或供水管道、阀门漏水、爆裂，造成路面积水",
                "keywords": ["水管爆了", "爆管", "自来水漏水", "地面冒水", "水管破裂"],
                "department": "GSG",
                "urgency": "urgent",
                "handle": [24, "h"],
                "photo_required": True,
                "filing_standard": (
                    "市政供水管道、阀门、水表井等供水设施漏水、爆裂，地面持续冒水；"
                    "造成路面积水、结冰，或影响周边用户正常供水"
                ),
                "closing_standard": (
                    "漏点已修复，地面无持续冒水；开挖路面已回填恢复，积水已清理，现场照片清晰"
                ),
            },
            {
                "code": "01006",
                "name_zh": "消火栓损坏",
                "name_en": "Damaged fire hydrant",
                "description": "路边消火栓被撞、漏水、缺盖，或被埋压圈占无法使用",
                "keywords": ["消防栓", "消防栓漏水", "消火栓被撞", "消防栓喷水"],
                "department": "GSG",
                "urgency": "urgent",
                "handle": [24, "h"],
                "photo_required": True,
                "filing_standard": (
                    "室外市政消火栓倾斜、撞断、漏水或栓体部件缺失；"
                    "消火栓被埋压、圈占、遮挡，无法正常使用"
                ),
                "closing_standard": (
                    "消火栓已修复或更换，出水测试正常、无渗漏；周边无遮挡圈占，现场照片清晰"
                ),
            },
            {
                "code": "01007",
                "name_zh": "路灯不亮",
                "name_en": "Street light out",
                "national_code": "01037",
                "description": "道路或街巷的路灯夜间不亮、闪烁，或白天长明不熄",
                "keywords": ["路灯坏了", "路灯闪", "街灯不亮", "路灯白天亮", "整条路黑灯"],
                "department": "LDS",
                "urgency": "normal",
                "handle": [48, "h"],
                "photo_required": True,
                "filing_standard": (
                    "路灯夜间不亮、闪烁或亮度明显不足；路灯白天长明不熄；"
                    "属市政道路、街巷或公共场所照明设施"
                ),
                "closing_standard": (
                    "路灯已修复并恢复正常照明，经夜间亮灯复核无误；夜间现场照片清晰"
                ),
            },
            {
                "code": "01008",
                "name_zh": "路灯设施损坏",
                "name_en": "Damaged street-light fixture",
                "national_code": "01037",
                "description": "路灯杆倾斜、灯具脱落，或检修门缺失、电线外露",
                "keywords": ["灯杆歪了", "灯罩掉了", "路灯漏电", "电线外露", "路灯杆被撞"],
                "department": "LDS",
                "urgency": "urgent",
                "handle": [24, "h"],
                "photo_required": True,
                "filing_standard": (
                    "路灯杆倾斜、断裂或基础松动，灯具、灯罩破损脱落；"
                    "灯杆检修门缺失、电线外露，存在触电或坠落隐患"
                ),
                "closing_standard": (
                    "已扶正、加固或更换灯杆及灯具，检修门已补装封闭；无外露带电线路，现场照片清晰"
                ),
            },
            {
                "code": "01009",
                "name_zh": "架空线缆脱落",
                "name_en": "Fallen overhead cables",
                "national_code": "10002",
                "description": "电线杆上的通信、有线电视线缆垂落、断落或杂乱缠绕",
                "keywords": ["电线掉下来", "网线垂下来", "线缆乱拉", "蜘蛛网线", "飞线"],
                "department": "TXG",
                "urgency": "urgent",
                "handle": [24, "h"],
                "photo_required": True,
                "filing_standard": (
                    "通信、广电等架空线缆脱落、垂落或断裂，离地过低；"
                    "影响车辆、行人通行或存在缠绕、绊倒隐患；疑似电力线路断落的，按电力线路断落立案"
                ),
                "closing_standard": (
                    "线缆已重新架设固定或拆除废弃线缆，离地高度符合要求；现场无垂落线缆，照片清晰"
                ),
            },
        ],
    },
    {
        "code": "02",
        "name_zh": "交通设施",
        "name_en": "Traffic facilities",
        "subcategories": [
            {
                "code": "02001",
                "name_zh": "交通信号灯异常",
                "name_en": "Traffic signal fault",
                "national_code": "02014",
                "description": "红绿灯不亮、灯色错乱、一直闪烁，或倒计时故障、灯杆倾斜",
                "keywords": [
                    "红绿灯坏了",
                    "红绿灯不亮",
                    "红绿灯一直闪",
                    "信号灯故障",
                    "倒计时不准",
                ],
                "department": "JJD",
                "urgency": "urgent",
                "handle": [24, "h"],
                "photo_required": True,
                "filing_standard": (
                    "机动车、非机动车或人行横道信号灯不亮、常亮、灯色显示错误或倒计时故障；"
                    "信号灯杆倾斜、灯头破损或被遮挡"
                ),
                "closing_standard": (
                    "信号灯已修复，各相位显示正常；灯杆、灯头已扶正加固，现场照片清晰"
                ),
            },
            {
                "code": "02002",
                "name_zh": "交通标志牌缺损",
                "name_en": "Missing or damaged traffic sign",
                "description": "路边交通标志牌缺失、倾斜、破损，或被遮挡看不清",
                "keywords": ["路牌歪了", "指示牌坏了", "标志牌掉了", "限速牌", "禁停牌"],
                "department": "JJD",
                "urgency": "normal",
                "handle": [5, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "道路交通标志牌缺失、倾斜、破损、褪色或被遮挡，无法正常识读；"
                    "标志杆松动或标志牌有坠落风险"
                ),
                "closing_standard": (
                    "标志牌已补装、扶正或更换，安装牢固、清晰可辨；遮挡物已清除，现场照片清晰"
                ),
            },
            {
                "code": "02003",
                "name_zh": "道路交通标线模糊",
                "name_en": "Faded road markings",
                "description": "斑马线、车道线、停止线等路面标线磨损模糊或缺失",
                "keywords": ["斑马线看不清", "车道线", "路面划线", "标线磨损"],
                "department": "JJD",
                "urgency": "normal",
                "handle": [15, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "人行横道线、车道分界线、停止线等路面标线磨损或缺失，无法清晰辨认；"
                    "位于已通车的城市道路"
                ),
                "closing_standard": "标线已重新施划，线形清晰、完整；现场照片清晰",
            },
            {
                "code": "02004",
                "name_zh": "道路护栏损坏",
                "name_en": "Damaged road guardrail",
                "description": "道路隔离护栏、人行道护栏被撞倒、断裂或缺失",
                "keywords": ["护栏倒了", "栏杆坏了", "隔离栏", "护栏被撞", "中间栏杆"],
                "department": "JTJ",
                "urgency": "urgent",
                "handle": [1, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "道路隔离护栏、防撞护栏或人行道护栏倒伏、断裂、缺失；"
                    "护栏侵入车行道或有尖锐断口，影响通行安全"
                ),
                "closing_standard": (
                    "护栏已扶正、修复或更换，安装牢固、连续完整；侵入车道的残件已清除，现场照片清晰"
                ),
            },
            {
                "code": "02005",
                "name_zh": "道路破损",
                "name_en": "Damaged road surface",
                "national_code": "06013",
                "description": "车行道路面出现坑槽、裂缝、沉陷或拱起，行车颠簸",
                "keywords": ["路上有坑", "坑洼", "路面坑洞", "马路烂了", "路面开裂"],
                "department": "JTJ",
                "urgency": "urgent",
                "handle": [2, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "城市道路车行道出现坑槽、沉陷、拱起或松散剥落，车辆通行明显颠簸；"
                    "破损处积水或碎石散落，危及行车安全"
                ),
                "closing_standard": (
                    "破损路面已修补，与周边路面平顺衔接；施工围挡及废料已清理，现场照片清晰"
                ),
            },
            {
                "code": "02006",
                "name_zh": "人行道破损",
                "name_en": "Damaged pavement",
                "description": "人行道砖松动、缺失、翘起或路面下沉，走路容易绊倒",
                "keywords": ["地砖松动", "地砖翘起", "人行道砖", "人行道坑洼", "踩砖溅水"],
                "department": "JTJ",
                "urgency": "normal",
                "handle": [5, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "人行道砖块松动、缺失、破碎或翘起；人行道局部下沉、积水，影响行人通行"
                ),
                "closing_standard": "人行道已修复，铺装平整稳固、与周边衔接平顺；现场照片清晰",
            },
            {
                "code": "02007",
                "name_zh": "盲道缺损",
                "name_en": "Damaged tactile paving",
                "national_code": "06051",
                "description": "盲道砖破损、缺失，或被设施阻断、走向不连续",
                "keywords": ["盲道", "盲道断了", "盲道砖", "盲道被挡"],
                "department": "JTJ",
                "urgency": "normal",
                "handle": [5, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "盲道砖破损、缺失或松动；盲道被树池、杆件、井盖等设施阻断，走向不连续"
                ),
                "closing_standard": "盲道已修复或改线，铺装完整连续、无障碍物阻挡；现场照片清晰",
            },
            {
                "code": "02008",
                "name_zh": "公交站亭损坏",
                "name_en": "Damaged bus shelter",
                "description": "公交候车亭顶棚、座椅、站牌或灯箱损坏、玻璃碎裂",
                "keywords": ["公交站", "候车亭", "站牌坏了", "车站棚", "公交站台"],
                "department": "JTJ",
                "urgency": "normal",
                "handle": [5, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "公交候车亭顶棚、立柱、座椅、站牌或灯箱破损、缺失；"
                    "玻璃碎裂或构件松动，存在伤人隐患"
                ),
                "closing_standard": (
                    "站亭已修复或更换受损部件，结构稳固、站牌信息完整清晰；现场照片清晰"
                ),
            },
        ],
    },
    {
        "code": "03",
        "name_zh": "市容环卫设施",
        "name_en": "Sanitation facilities",
        "subcategories": [
            {
                "code": "03001",
                "name_zh": "垃圾桶破损缺失",
                "name_en": "Broken or missing litter bin",
                "description": "路边垃圾桶、果皮箱破损、缺盖、倾倒或被移走",
                "keywords": ["果皮箱", "垃圾箱坏了", "垃圾桶不见了", "垃圾桶倒了"],
                "department": "HWG",
                "urgency": "normal",
                "handle": [2, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "道路、广场等公共区域的垃圾桶、果皮箱破损、缺盖、倾倒或缺失；"
                    "影响正常投放或造成垃圾散落"
                ),
                "closing_standard": "垃圾桶已修复、扶正或补设，外观整洁、投放正常；现场照片清晰",
            },
            {
                "code": "03002",
                "name_zh": "垃圾箱满溢",
                "name_en": "Overflowing rubbish bin",
                "national_code": "06042",
                "description": "垃圾桶、垃圾箱装满后未及时清运，垃圾溢出散落",
                "keywords": ["垃圾满了", "垃圾没人收", "垃圾桶爆满", "垃圾溢出来"],
                "department": "HWG",
                "urgency": "normal",
                "handle": [2, "wh"],
                "photo_required": True,
                "filing_standard": (
                    "公共区域垃圾桶（箱）、垃圾收集点满溢，垃圾外溢或散落在周边地面；"
                    "满溢垃圾散发异味或招引蚊蝇"
                ),
                "closing_standard": "满溢垃圾已清运，桶（箱）及周边地面已清扫干净；现场照片清晰",
            },
            {
                "code": "03003",
                "name_zh": "垃圾分类投放点脏乱",
                "name_en": "Untidy waste-sorting point",
                "description": "垃圾分类投放点脏乱、混投混放，或有污水、异味",
                "keywords": ["垃圾分类点", "垃圾房", "垃圾屋臭", "分类桶", "垃圾混放"],
                "department": "HWG",
                "urgency": "normal",
                "handle": [4, "wh"],
                "photo_required": True,
                "filing_standard": (
                    "垃圾分类投放点地面有散落垃圾、污水或明显异味；"
                    "分类桶缺失、标识不清，或垃圾混投混放严重"
                ),
                "closing_standard": (
                    "投放点已清洁除臭，分类桶齐全且标识清晰；混投垃圾已分拣，现场照片清晰"
                ),
            },
            {
                "code": "03004",
                "name_zh": "垃圾中转站脏乱",
                "name_en": "Dirty waste transfer station",
                "description": "垃圾中转站周边污水横流、垃圾外溢或臭味扰民",
                "keywords": ["垃圾站臭", "垃圾转运站", "垃圾站漏水", "垃圾站噪音"],
                "department": "HWG",
                "urgency": "normal",
                "handle": [1, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "垃圾中转站内外垃圾堆积外溢、渗滤液外流；"
                    "除臭设施未正常运行，异味明显影响周边居民"
                ),
                "closing_standard": (
                    "站内外垃圾已清运，地面和渗滤液已清理；除臭设施运行正常，现场照片清晰"
                ),
            },
            {
                "code": "03005",
                "name_zh": "公共厕所不洁",
                "name_en": "Dirty public toilet",
                "description": "公共厕所地面脏污、便池堵塞、臭味大或缺水缺纸",
                "keywords": ["公厕脏", "厕所臭", "公厕没水", "厕所堵了", "公厕没纸"],
                "department": "HWG",
                "urgency": "normal",
                "handle": [2, "wh"],
                "photo_required": True,
                "filing_standard": (
                    "公共厕所地面、便器有明显污物或积水，异味明显；便池堵塞，或冲水、洗手用水中断"
                ),
                "closing_standard": (
                    "公厕已清洁消毒，便器、地面无污物，无明显异味；冲水、洗手正常，现场照片清晰"
                ),
            },
            {
                "code": "03006",
                "name_zh": "公共厕所设施损坏",
                "name_en": "Damaged public toilet facilities",
                "description": "公厕门锁、水龙头、冲水器、照明等设施损坏或无故关闭",
                "keywords": ["公厕门坏了", "厕所灯不亮", "冲水坏了", "公厕漏水", "公厕关门"],
                "department": "HWG",
                "urgency": "normal",
                "handle": [1, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "公共厕所门窗、隔板、便器、冲水器、洗手设施或照明损坏；公厕在开放时段内无故关闭"
                ),
                "closing_standard": "损坏设施已修复，公厕按规定时段正常开放使用；现场照片清晰",
            },
            {
                "code": "03007",
                "name_zh": "化粪池冒溢",
                "name_en": "Overflowing septic tank",
                "description": "化粪池、粪井粪水外溢，臭味大、污染地面，或盖板破损",
                "keywords": ["化粪池满了", "粪水外溢", "化粪池臭", "化粪池盖板"],
                "department": "HWG",
                "urgency": "urgent",
                "handle": [24, "h"],
                "photo_required": True,
                "filing_standard": (
                    "化粪池、粪井粪水外溢至地面或流入雨水管道；"
                    "化粪池盖板缺失、破损，存在坠落或沼气隐患"
                ),
                "closing_standard": (
                    "化粪池已清掏，外溢粪污已清理消毒；盖板已补装完好，现场照片清晰"
                ),
            },
        ],
    },
    {
        "code": "04",
        "name_zh": "园林绿化设施",
        "name_en": "Parks and greenery",
        "subcategories": [
            {
                "code": "04001",
                "name_zh": "树木倒伏",
                "name_en": "Fallen tree",
                "description": "台风暴雨过后等原因树木倒伏、严重倾斜，压住道路、车辆、房屋或电线",
                "keywords": ["大树倒了", "树倒了", "台风倒树", "树被吹倒", "树歪了", "树压车"],
                "department": "YLZ",
                "urgency": "emergency",
                "handle": [4, "h"],
                "photo_required": True,
                "filing_standard": (
                    "树木倒伏、连根拔起或严重倾斜随时可能倒下；"
                    "阻碍道路通行，或压覆、危及车辆、建筑物和架空线路"
                ),
                "closing_standard": (
                    "倒伏树木已清移或扶正加固，道路恢复通行；残枝落叶已清理，现场照片清晰"
                ),
            },
            {
                "code": "04002",
                "name_zh": "断枝悬挂",
                "name_en": "Hanging broken branch",
                "description": "树上有折断的枝干悬挂未落，随时可能砸伤行人车辆",
                "keywords": ["树枝断了", "挂枝", "枯枝", "树枝要掉", "枯枝掉落"],
                "department": "YLZ",
                "urgency": "urgent",
                "handle": [4, "wh"],
                "photo_required": True,
                "filing_standard": (
                    "树木枝干折断后悬挂树上未落，或枯枝明显有坠落危险；"
                    "位于道路、人行道、公园或小区等人员车辆通行区域"
                ),
                "closing_standard": (
                    "悬挂断枝、枯枝已修剪清除，现场无坠落隐患；枝叶已清运，现场照片清晰"
                ),
            },
            {
                "code": "04003",
                "name_zh": "行道树缺株",
                "name_en": "Missing street tree",
                "description": "行道树枯死、缺株，或树池空置长期未补种",
                "keywords": ["树死了", "枯树", "树池空了", "行道树", "少了一棵树"],
                "department": "YLZ",
                "urgency": "normal",
                "handle": [15, "wd"],
                "photo_required": True,
                "filing_standard": "行道树枯死、缺株或被擅自砍伐，树池空置；枯死树木未及时清除",
                "closing_standard": (
                    "已清除枯树并补植规格相当的苗木，或已按养护计划列入补植；现场照片清晰"
                ),
            },
            {
                "code": "04004",
                "name_zh": "树木遮挡设施",
                "name_en": "Trees obstructing facilities",
                "description": "树枝遮挡路灯、红绿灯、交通标志，或枝条太低妨碍通行",
                "keywords": ["树挡住红绿灯", "树挡路灯", "树枝太低", "树枝碰头", "树太密"],
                "department": "YLZ",
                "urgency": "normal",
                "handle": [5, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "树木枝叶遮挡交通信号灯、交通标志或路灯照明；"
                    "枝干过低妨碍行人、车辆通行，或贴近架空线路、建筑物"
                ),
                "closing_standard": (
                    "遮挡枝叶已修剪，信号灯、标志和照明无遮挡，通行净空满足要求；现场照片清晰"
                ),
            },
            {
                "code": "04005",
                "name_zh": "树木病虫害",
                "name_en": "Tree pests and disease",
                "description": "树木、绿篱出现大量害虫、虫网，或叶片大面积枯黄",
                "keywords": ["树上有虫", "毛毛虫", "树叶枯黄", "白蚁", "虫子掉下来"],
                "department": "YLZ",
                "urgency": "normal",
                "handle": [5, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "行道树、绿地植物发生明显病虫害，出现成片虫网、食叶或枯黄；"
                    "害虫掉落影响行人或有蔓延趋势"
                ),
                "closing_standard": (
                    "已完成病虫害防治，虫情得到控制；施药期间已设置提示，现场照片清晰"
                ),
            },
            {
                "code": "04006",
                "name_zh": "绿地脏乱",
                "name_en": "Littered green space",
                "description": "绿化带、公园绿地里有垃圾杂物堆放或杂草丛生",
                "keywords": ["绿化带垃圾", "草地垃圾", "杂草", "草太高", "绿化带脏"],
                "department": "YLZ",
                "urgency": "normal",
                "handle": [1, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "绿化带、公园绿地内有垃圾、枯枝落叶或杂物堆积；绿地杂草丛生，明显缺乏养护"
                ),
                "closing_standard": "绿地内垃圾杂物已清理，杂草已清除；现场整洁，照片清晰",
            },
            {
                "code": "04007",
                "name_zh": "毁绿占绿",
                "name_en": "Destroying or occupying green space",
                "description": "在公共绿地种菜、堆物、停车，或擅自砍伐、毁坏树木",
                "keywords": ["毁绿种菜", "绿化带种菜", "砍树", "绿地停车", "占用绿地"],
                "department": "CGJ",
                "urgency": "normal",
                "handle": [5, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "擅自在公共绿地开垦种菜、堆放物料、停放车辆或搭建设施；"
                    "擅自砍伐、移植、损毁树木或绿化设施"
                ),
                "closing_standard": (
                    "占绿毁绿行为已制止，种植物、堆放物及设施已清除；"
                    "绿地已恢复或移交园林部门补植，现场照片清晰"
                ),
            },
            {
                "code": "04008",
                "name_zh": "公园设施损坏",
                "name_en": "Damaged park facilities",
                "description": "公园、广场的座椅、健身器材、儿童游乐设施或园路损坏",
                "keywords": ["健身器材坏了", "公园椅子坏了", "滑梯坏了", "凉亭破了", "公园路坏了"],
                "department": "YLZ",
                "urgency": "normal",
                "handle": [3, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "公园、游园内座椅、亭廊、园路、健身器材或儿童游乐设施破损、松动；"
                    "设施有尖锐断口、结构不稳等伤人隐患"
                ),
                "closing_standard": (
                    "损坏设施已修复或更换，使用安全；暂不能修复的已停用并设置警示，现场照片清晰"
                ),
            },
        ],
    },
    {
        "code": "05",
        "name_zh": "市容环境",
        "name_en": "City appearance",
        "subcategories": [
            {
                "code": "05001",
                "name_zh": "暴露垃圾",
                "name_en": "Exposed rubbish",
                "national_code": "06010",
                "description": "路边、空地、河边有成堆的生活垃圾或废弃物未清理",
                "keywords": ["垃圾乱扔", "垃圾堆", "乱丢垃圾", "垃圾没人扫", "路边垃圾"],
                "department": "HWG",
                "urgency": "normal",
                "handle": [4, "wh"],
                "photo_required": True,
                "filing_standard": (
                    "道路、广场、绿地、河岸等公共区域有成堆或散落的生活垃圾、废弃物；"
                    "垃圾未装袋入桶，暴露在外"
                ),
                "closing_standard": "暴露垃圾已清运，现场清扫干净、无残留；现场照片清晰",
            },
            {
                "code": "05002",
                "name_zh": "积存垃圾渣土",
                "name_en": "Accumulated rubbish and spoil",
                "national_code": "06011",
                "description": "长期堆积的生活垃圾、建筑渣土、装修废料未清运",
                "keywords": ["建筑垃圾", "装修垃圾", "渣土堆", "泥头", "垃圾堆很久了"],
                "department": "HWG",
                "urgency": "normal",
                "handle": [4, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "公共区域积存生活垃圾、建筑垃圾、装修废料或渣土，长时间未清运；"
                    "堆积量较大，需机械或车辆清运"
                ),
                "closing_standard": "积存垃圾渣土已全部清运，场地已平整清扫；现场照片清晰",
            },
            {
                "code": "05003",
                "name_zh": "道路不洁",
                "name_en": "Unclean road",
                "national_code": "06012",
                "description": "道路、人行道上有明显垃圾、泥沙、油污或污水",
                "keywords": ["路面脏", "马路脏", "地上有油", "路上有泥", "没人扫地"],
                "department": "HWG",
                "urgency": "normal",
                "handle": [2, "wh"],
                "photo_required": True,
                "filing_standard": (
                    "道路、人行道保洁不到位，有明显果皮纸屑、泥沙、油污、污水或动物粪便；"
                    "影响市容或通行安全"
                ),
                "closing_standard": "路面已清扫冲洗干净，无明显垃圾、污渍；现场照片清晰",
            },
            {
                "code": "05004",
                "name_zh": "道路遗撒",
                "name_en": "Spillage on road",
                "description": "车辆运输时在路面撒落泥土、砂石、垃圾或污水油污",
                "keywords": ["泥头车撒泥", "路面撒土", "车掉沙子", "路面漏油", "沿路撒漏"],
                "department": "HWG",
                "urgency": "urgent",
                "handle": [2, "wh"],
                "photo_required": True,
                "filing_standard": (
                    "车辆运输过程中撒落渣土、砂石、泥浆、垃圾或油污，污染路面；"
                    "遗撒物影响车辆、行人通行安全"
                ),
                "closing_standard": "遗撒物已清除，路面冲洗干净、无打滑隐患；现场照片清晰",
            },
            {
                "code": "05005",
                "name_zh": "私搭乱建",
                "name_en": "Unauthorised sheds and structures",
                "national_code": "06001",
                "description": "在路边、空地、楼顶擅自搭建棚子、围墙、雨篷等临时设施",
                "keywords": ["乱搭棚子", "铁皮棚", "搭雨棚", "私建围墙", "临时搭建"],
                "department": "CGJ",
                "urgency": "normal",
                "handle": [15, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "未经批准在道路、广场、绿地、河边或楼顶等处搭建棚房、遮阳篷、围墙、"
                    "围栏等临时建（构）筑物；影响市容、通行或消防安全"
                ),
                "closing_standard": "私搭乱建已拆除，废料已清运，场地已恢复原状；现场照片清晰",
            },
            {
                "code": "05006",
                "name_zh": "沿街晾挂",
                "name_en": "Laundry hung along streets",
                "national_code": "06007",
                "description": "在临街护栏、树木、电线杆上晾晒衣物被褥或悬挂杂物",
                "keywords": ["晾衣服", "路边晒被子", "树上挂衣服", "护栏晾晒"],
                "department": "CGJ",
                "urgency": "normal",
                "handle": [1, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "在临街门窗外、阳台外、道路护栏、树木、电线杆等处晾晒衣物、被褥或悬挂物品；"
                    "位于主次干道、重要街道两侧可视范围内"
                ),
                "closing_standard": "晾挂物已撤除，现场整洁；现场照片清晰",
            },
            {
                "code": "05007",
                "name_zh": "乱堆杂物",
                "name_en": "Clutter piled in public space",
                "national_code": "06036",
                "description": "在道路、人行道、空地等公共场所乱堆杂物、废品或建材",
                "keywords": ["乱堆东西", "堆杂物", "乱放废品", "占道堆物", "堆放建材"],
                "department": "CGJ",
                "urgency": "normal",
                "handle": [2, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "在道路、人行道、广场、空地等公共区域擅自堆放杂物、废品、建材或大件家具；"
                    "影响市容或妨碍通行"
                ),
                "closing_standard": "堆放物已清理搬离，现场已清扫干净；现场照片清晰",
            },
            {
                "code": "05008",
                "name_zh": "水面漂浮物",
                "name_en": "Floating debris on water",
                "description": "河道、河涌、湖塘水面有垃圾、死鱼、水浮莲等漂浮物",
                "keywords": ["河里有垃圾", "河涌垃圾", "水浮莲", "死鱼", "河面脏"],
                "department": "ZJJ",
                "urgency": "normal",
                "handle": [1, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "河道、河涌、湖塘水面有成片垃圾、水生植物、动物尸体等漂浮物；"
                    "漂浮物明显影响水体景观，或堵塞水闸、排水口"
                ),
                "closing_standard": "漂浮物已打捞清运，水面清洁；现场照片清晰",
            },
        ],
    },
    {
        "code": "06",
        "name_zh": "宣传广告",
        "name_en": "Advertising and publicity",
        "subcategories": [
            {
                "code": "06001",
                "name_zh": "非法小广告",
                "name_en": "Illegal flyposting",
                "national_code": "07001",
                "description": "墙面、电线杆、地面上乱贴、乱喷、乱刻的小广告",
                "keywords": ["牛皮癣", "乱贴广告", "办证小广告", "喷涂电话", "贴纸广告"],
                "department": "CGJ",
                "urgency": "normal",
                "handle": [1, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "在建筑物、构筑物、树木、杆件、路面等处张贴、喷涂、刻画小广告；"
                    "含办证、招租、招聘、维修、贷款等内容"
                ),
                "closing_standard": "小广告已清除，墙面、杆件无明显残留；现场照片清晰",
            },
            {
                "code": "06002",
                "name_zh": "乱涂乱画",
                "name_en": "Graffiti",
                "description": "墙面、桥墩、公共设施上乱写乱画、涂鸦或刻画",
                "keywords": ["涂鸦", "乱写乱画", "墙上乱画", "喷漆"],
                "department": "CGJ",
                "urgency": "normal",
                "handle": [2, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "在建筑物外墙、桥梁、围墙、公共设施等处涂写、刻画、喷涂文字或图案；"
                    "位于道路、公共场所可视范围内"
                ),
                "closing_standard": "涂写刻画内容已清除或覆盖，墙面色调与周边协调；现场照片清晰",
            },
            {
                "code": "06003",
                "name_zh": "违规户外广告",
                "name_en": "Unauthorised outdoor advertising",
                "national_code": "07003",
                "description": "未经审批设置的户外广告牌、楼顶广告、墙体广告",
                "keywords": ["广告牌", "违规广告", "楼顶广告", "墙体广告", "大广告牌"],
                "department": "CGJ",
                "urgency": "normal",
                "handle": [5, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "未经审批或超出审批范围设置户外广告、楼顶广告、墙体广告；"
                    "广告设施位置、尺寸不符合设置规划，或广告内容违法"
                ),
                "closing_standard": (
                    "违规广告已拆除或按审批要求整改，拆除后墙面、楼顶已恢复整洁；现场照片清晰"
                ),
            },
            {
                "code": "06004",
                "name_zh": "广告招牌破损",
                "name_en": "Damaged signboard",
                "description": "店铺招牌、广告牌破损、松动、倾斜，有掉落危险",
                "keywords": ["招牌要掉", "招牌松了", "广告牌倾斜", "店招破了", "台风吹坏招牌"],
                "department": "CGJ",
                "urgency": "urgent",
                "handle": [4, "wh"],
                "photo_required": True,
                "filing_standard": (
                    "广告牌、店铺招牌面板破损、脱落、倾斜，或支架锈蚀松动；"
                    "位于人行道、道路上方或人员密集区域，存在坠落伤人隐患"
                ),
                "closing_standard": "招牌已加固、修复或拆除，无坠落隐患；现场照片清晰",
            },
            {
                "code": "06005",
                "name_zh": "灯箱霓虹灯残损",
                "name_en": "Broken lightbox or neon sign",
                "description": "广告灯箱、霓虹灯、电子屏缺字、不亮或画面显示残缺",
                "keywords": ["招牌缺字", "霓虹灯不亮", "灯箱坏了", "LED屏", "广告屏"],
                "department": "CGJ",
                "urgency": "normal",
                "handle": [5, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "广告灯箱、霓虹灯、电子显示屏夜间亮灯残缺、缺字断画或显示异常；"
                    "灯箱面板破损、脏污"
                ),
                "closing_standard": (
                    "灯箱、霓虹灯、显示屏已修复，显示完整；破损面板已更换，现场照片清晰"
                ),
            },
            {
                "code": "06006",
                "name_zh": "违规悬挂横幅",
                "name_en": "Unauthorised banners",
                "description": "在道路、天桥、树木、杆件上擅自悬挂横幅、彩旗、布幅",
                "keywords": ["横幅", "拉横幅", "挂条幅", "彩旗", "充气拱门"],
                "department": "CGJ",
                "urgency": "normal",
                "handle": [1, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "未经批准在道路、桥梁、树木、杆件、建筑外墙悬挂横幅、彩旗、"
                    "布幅或设置充气拱门等；宣传品破损、褪色或超期未撤除"
                ),
                "closing_standard": "横幅等宣传品已撤除或更新，悬挂点无残留绳索；现场照片清晰",
            },
            {
                "code": "06007",
                "name_zh": "占道广告牌",
                "name_en": "Sidewalk advertising boards",
                "description": "店铺在人行道上摆放立式广告牌、易拉宝、落地灯箱",
                "keywords": ["门口广告牌", "易拉宝", "落地广告", "地面灯箱", "门前立牌"],
                "department": "CGJ",
                "urgency": "normal",
                "handle": [1, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "在人行道、道路或广场上摆放立式广告牌、易拉宝、落地灯箱等；"
                    "妨碍行人通行或影响市容"
                ),
                "closing_standard": "占道广告牌已撤回店内或清除，人行道通行畅通；现场照片清晰",
            },
        ],
    },
    {
        "code": "07",
        "name_zh": "施工管理",
        "name_en": "Construction management",
        "subcategories": [
            {
                "code": "07001",
                "name_zh": "施工扰民",
                "name_en": "Construction nuisance",
                "national_code": "08001",
                "description": "工地夜间施工噪声大、灯光刺眼，或振动影响居民休息",
                "keywords": ["工地吵", "半夜施工", "晚上打桩", "工地噪音", "夜间施工"],
                "department": "ZJJ",
                "urgency": "normal",
                "handle": [1, "wd"],
                "photo_required": False,
                "filing_standard": (
                    "建筑施工单位在夜间（22时至次日6时）进行产生噪声的施工作业，"
                    "未取得夜间施工证明或未公告附近居民；施工噪声、强光、振动明显影响周边居民休息"
                ),
                "closing_standard": (
                    "违规夜间施工已停止，或已取得证明并落实降噪措施；回访投诉人确认扰民情况消除"
                ),
            },
            {
                "code": "07002",
                "name_zh": "工地扬尘",
                "name_en": "Construction dust",
                "description": "工地裸土未覆盖、车辆带泥上路，扬尘大、灰尘多",
                "keywords": ["工地灰尘大", "扬尘", "黄土没盖", "工地尘土", "拆迁扬尘"],
                "department": "ZJJ",
                "urgency": "normal",
                "handle": [1, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "施工工地未落实扬尘防治“六个百分百”要求；"
                    "裸露土方、易扬尘物料未覆盖，或出场车辆未冲洗带泥上路；作业时产生明显扬尘"
                ),
                "closing_standard": (
                    "裸土和物料已覆盖，洒水、冲洗等防尘措施已落实；现场无明显扬尘，照片清晰"
                ),
            },
            {
                "code": "07003",
                "name_zh": "施工围挡破损",
                "name_en": "Damaged site hoarding",
                "description": "工地围挡倒塌、破损、缺失或倾斜，存在安全隐患",
                "keywords": ["工地围墙倒了", "围挡", "围蔽", "工地挡板", "铁皮围挡"],
                "department": "ZJJ",
                "urgency": "urgent",
                "handle": [1, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "施工围挡倒塌、倾斜、破损或不连续；围挡基础松动有倒塌风险，或围挡占压盲道、"
                    "消火栓等设施"
                ),
                "closing_standard": "围挡已修复、加固或重新设置，连续稳固、整洁；现场照片清晰",
            },
            {
                "code": "07004",
                "name_zh": "违规占道施工",
                "name_en": "Unauthorised roadworks",
                "description": "未经许可，或超范围、超期限占用、挖掘道路施工",
                "keywords": ["占道施工", "挖路", "马路被挖", "施工占路", "路被围了"],
                "department": "CGJ",
                "urgency": "normal",
                "handle": [2, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "未取得道路占用、挖掘许可擅自占道或开挖施工；超出批准范围、期限占道施工；"
                    "施工现场未设置围挡、警示标志和夜间警示灯"
                ),
                "closing_standard": (
                    "违规占道施工已停止，已补办手续或撤出，占用道路已清理恢复；"
                    "安全警示设施齐全，现场照片清晰"
                ),
            },
            {
                "code": "07005",
                "name_zh": "道路开挖未恢复",
                "name_en": "Unrestored road excavation",
                "description": "道路挖开后长时间不回填，或回填处坑洼不平、下沉",
                "keywords": ["挖了不填", "路挖开没修", "回填不平", "补丁路", "施工后没修路"],
                "department": "JTJ",
                "urgency": "normal",
                "handle": [5, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "道路开挖施工完成后未按期回填、恢复路面；回填处沉陷、坑洼，或与原路面高差明显"
                ),
                "closing_standard": (
                    "开挖路面已按标准修复，与周边路面平顺衔接，施工残料已清除；现场照片清晰"
                ),
            },
            {
                "code": "07006",
                "name_zh": "渣土运输违规",
                "name_en": "Illegal spoil haulage",
                "description": "渣土车未密闭、超载、带泥上路，或在路边、空地偷倒渣土",
                "keywords": ["泥头车", "渣土车", "偷倒渣土", "乱倒建筑垃圾", "渣土车没盖"],
                "department": "CGJ",
                "urgency": "normal",
                "handle": [1, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "渣土运输车辆未密闭、车身带泥或超载运输；"
                    "未办理建筑垃圾处置核准擅自运输，或在非指定地点偷倒、乱倒渣土"
                ),
                "closing_standard": (
                    "违规车辆已依法查处，偷倒乱倒的渣土已清运；现场照片及处罚情况记录完整"
                ),
            },
            {
                "code": "07007",
                "name_zh": "无证建设",
                "name_en": "Construction without permits",
                "national_code": "08016",
                "description": "建设工程未办理规划许可、施工许可就擅自开工建设",
                "keywords": ["没有施工许可", "无证施工", "违规开工", "工地没证"],
                "department": "ZJJ",
                "urgency": "normal",
                "handle": [15, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "建设工程未取得建设工程规划许可证或施工许可证擅自开工；"
                    "施工现场未公示工程概况及许可信息"
                ),
                "closing_standard": (
                    "已责令停工并依法查处，建设单位已补办许可或停止建设；现场照片及查处文书记录完整"
                ),
            },
            {
                "code": "07008",
                "name_zh": "违法建设",
                "name_en": "Illegal construction",
                "description": "未经规划许可新建、加建、扩建房屋，或擅自加层外扩",
                "keywords": ["违建", "违章建筑", "楼顶加建", "阳台外扩", "加盖房子"],
                "department": "CGJ",
                "urgency": "normal",
                "handle": [15, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "未取得建设工程规划许可证或未按许可内容进行新建、扩建、改建；"
                    "在楼顶、露台、天井、院落等处加建、加层或外扩房屋"
                ),
                "closing_standard": (
                    "违法建设已拆除或依法处理完毕，现场已恢复原状；拆除前后照片及处理文书完整"
                ),
            },
        ],
    },
    {
        "code": "08",
        "name_zh": "街面秩序",
        "name_en": "Street order",
        "subcategories": [
            {
                "code": "08001",
                "name_zh": "占道经营",
                "name_en": "Street vending on public roads",
                "national_code": "09006",
                "description": "在道路、人行道、天桥、广场上摆摊设点经营",
                "keywords": ["摆摊", "路边摊", "小贩占道", "马路市场", "夜市摊"],
                "department": "CGJ",
                "urgency": "normal",
                "handle": [4, "wh"],
                "photo_required": True,
                "filing_standard": (
                    "在道路、人行道、桥梁、广场、地下通道等公共场所摆摊设点、兜售物品；"
                    "不在政府划定的临时经营区域内，或超出规定时段经营"
                ),
                "closing_standard": (
                    "占道摊点已劝离或依法查处，现场无摊点、无垃圾遗留；现场照片清晰"
                ),
            },
            {
                "code": "08002",
                "name_zh": "店外经营",
                "name_en": "Trading outside shopfronts",
                "national_code": "09005",
                "description": "店铺把货物、桌椅摆到门外人行道上经营或作业",
                "keywords": ["出店经营", "店门口摆货", "门口摆桌子", "超门窗经营", "门口修车"],
                "department": "CGJ",
                "urgency": "normal",
                "handle": [4, "wh"],
                "photo_required": True,
                "filing_standard": (
                    "沿街店铺超出门窗、外墙摆放商品、桌椅、货架，或在门外进行加工、维修、"
                    "洗车等作业；占用人行道、道路或公共场所"
                ),
                "closing_standard": (
                    "店外物品已撤回店内，经营作业已回到店内；人行道通行恢复，现场照片清晰"
                ),
            },
            {
                "code": "08003",
                "name_zh": "无照经营游商",
                "name_en": "Unlicensed street hawkers",
                "national_code": "09001",
                "description": "推车、挑担或骑三轮车沿街流动叫卖的无照小商贩",
                "keywords": ["流动摊贩", "走鬼", "小贩", "三轮车卖水果", "流动叫卖"],
                "department": "CGJ",
                "urgency": "normal",
                "handle": [4, "wh"],
                "photo_required": True,
                "filing_standard": (
                    "无营业执照人员推车、挑担、驾驶三轮车等沿街流动兜售商品或提供服务；"
                    "在学校、医院、车站、地铁口周边等重点区域聚集兜售"
                ),
                "closing_standard": "流动商贩已劝离或依法查处，现场恢复正常秩序；现场照片清晰",
            },
            {
                "code": "08004",
                "name_zh": "露天烧烤",
                "name_en": "Open-air barbecue",
                "description": "在街边、广场或店门外露天烧烤，油烟大、污染环境",
                "keywords": ["路边烧烤", "烧烤摊", "夜宵摊", "烧烤油烟", "露天烤串"],
                "department": "CGJ",
                "urgency": "normal",
                "handle": [4, "wh"],
                "photo_required": True,
                "filing_standard": (
                    "在城市道路、人行道、广场等露天场所或店铺门外进行烧烤食品经营；"
                    "产生油烟、废弃物污染周边环境"
                ),
                "closing_standard": (
                    "露天烧烤已停止，烧烤设施已撤离，现场油污、垃圾已清理；现场照片清晰"
                ),
            },
            {
                "code": "08005",
                "name_zh": "机动车乱停放",
                "name_en": "Illegal car parking",
                "national_code": "09009",
                "description": "汽车停在人行道、路口、斑马线、公交站或禁停路段",
                "keywords": ["乱停车", "违停", "车停人行道", "堵门口停车", "占道停车"],
                "department": "JJD",
                "urgency": "normal",
                "handle": [4, "wh"],
                "photo_required": True,
                "filing_standard": (
                    "机动车停放在人行道、人行横道、交叉路口、公交站台或禁停路段；"
                    "影响车辆、行人通行，或堵塞出入口"
                ),
                "closing_standard": "违停车辆已驶离、拖移或依法处罚；道路通行恢复，现场照片清晰",
            },
            {
                "code": "08006",
                "name_zh": "非机动车乱停放",
                "name_en": "Disorderly bicycle parking",
                "description": "共享单车、电动车乱停乱放，堵塞人行道、盲道或出入口",
                "keywords": ["共享单车乱停", "电动车乱停", "电单车", "单车堆成山", "单车堵路"],
                "department": "CGJ",
                "urgency": "normal",
                "handle": [4, "wh"],
                "photo_required": True,
                "filing_standard": (
                    "共享单车、电动自行车等非机动车在人行道、盲道、公交站台、"
                    "地铁出入口周边无序停放；大量堆积影响行人通行或市容"
                ),
                "closing_standard": (
                    "乱停车辆已整理归位或清运，通行恢复畅通；已通知共享单车企业调度，现场照片清晰"
                ),
            },
            {
                "code": "08007",
                "name_zh": "废弃车辆",
                "name_en": "Abandoned vehicles",
                "description": "长期停在路边或公共车位的废旧车辆，积灰破损无人管",
                "keywords": ["僵尸车", "废旧车", "烂车", "长期占位车", "报废车"],
                "department": "JJD",
                "urgency": "normal",
                "handle": [5, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "机动车、非机动车长期停放在道路或公共停车泊位，车身积尘、破损或缺少部件；"
                    "车辆无号牌，或疑似报废、被盗、废弃"
                ),
                "closing_standard": (
                    "废弃车辆已由车主移走或依法拖移处置，车位恢复使用；现场照片清晰"
                ),
            },
            {
                "code": "08008",
                "name_zh": "私设地桩地锁",
                "name_en": "Private bollards and parking locks",
                "description": "在道路、人行道或公共停车位私设地锁、地桩、石墩占位",
                "keywords": ["地锁", "地桩", "占车位", "石墩占位", "私设路障"],
                "department": "CGJ",
                "urgency": "normal",
                "handle": [3, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "在道路、人行道、公共停车场或公共停车泊位私自设置地锁、地桩、石墩、"
                    "铁架等障碍物；占用公共停车资源或妨碍通行"
                ),
                "closing_standard": "地锁、地桩等障碍物已拆除，地面已修复；现场照片清晰",
            },
        ],
    },
    {
        "code": "09",
        "name_zh": "突发事件",
        "name_en": "Emergencies",
        "subcategories": [
            {
                "code": "09001",
                "name_zh": "积水内涝",
                "name_en": "Flooding and waterlogging",
                "description": "暴雨、台风过后道路、隧道、低洼处积水严重（水浸街），影响通行和安全",
                "keywords": ["水浸街", "水浸", "路面积水", "隧道积水", "地下车库进水", "内涝"],
                "department": "PSG",
                "urgency": "emergency",
                "handle": [2, "h"],
                "photo_required": True,
                "filing_standard": (
                    "道路、下穿通道、隧道、低洼地段积水深度超过15厘米，或积水面积较大，车辆、"
                    "行人无法正常通行；积水倒灌地下空间、房屋，危及人身财产安全"
                ),
                "closing_standard": (
                    "积水已排除或降至安全水位，险情解除；危险路段已设置警示或封闭，现场照片清晰"
                ),
            },
            {
                "code": "09002",
                "name_zh": "路面塌陷",
                "name_en": "Road collapse",
                "description": "道路、人行道突然下陷、出现塌坑，且可能继续扩大",
                "keywords": ["地陷", "路面塌了", "马路塌陷", "天坑", "地面下沉"],
                "department": "JTJ",
                "urgency": "emergency",
                "handle": [4, "h"],
                "photo_required": True,
                "filing_standard": (
                    "道路、人行道或广场地面出现塌陷坑洞或明显沉陷；"
                    "塌陷有扩大趋势，或周边管线、建筑物受影响"
                ),
                "closing_standard": (
                    "现场已围蔽警示、交通已疏导，塌陷已回填修复或转入专项抢修；"
                    "险情解除，现场照片清晰"
                ),
            },
            {
                "code": "09003",
                "name_zh": "燃气泄漏",
                "name_en": "Gas leak",
                "description": "闻到明显燃气味，或燃气管道、阀门、气瓶漏气",
                "keywords": ["煤气味", "漏气", "天然气泄漏", "煤气泄漏", "燃气管破了"],
                "department": "RQG",
                "urgency": "emergency",
                "handle": [2, "h"],
                "photo_required": True,
                "filing_standard": (
                    "室外燃气管道、调压设施、阀门泄漏或被挖断；公共场所、楼道等处有明显燃气异味；"
                    "液化气瓶漏气"
                ),
                "closing_standard": (
                    "泄漏源已切断并完成抢修，现场燃气浓度检测正常；险情解除，抢修照片清晰"
                ),
            },
            {
                "code": "09004",
                "name_zh": "火灾",
                "name_en": "Fire",
                "description": "建筑物、车辆、垃圾堆、绿地或山林起火、冒出浓烟",
                "keywords": ["着火", "失火", "冒烟", "起火", "烧起来了"],
                "department": "XFJ",
                "urgency": "emergency",
                "handle": [1, "h"],
                "photo_required": True,
                "filing_standard": (
                    "建筑物、车辆、垃圾堆、绿地山林等起火或冒出浓烟；"
                    "已拨打119的，同步报告并跟踪处置情况"
                ),
                "closing_standard": (
                    "明火已扑灭、无复燃危险，现场已移交相关单位处理；火灾现场照片清晰"
                ),
            },
            {
                "code": "09005",
                "name_zh": "电力线路断落",
                "name_en": "Fallen power line",
                "description": "电线杆倒伏，或电力线断落、打火，有触电危险",
                "keywords": ["电线断了", "电线打火", "电杆倒了", "高压线掉下来", "漏电"],
                "department": "GDJ",
                "urgency": "emergency",
                "handle": [2, "h"],
                "photo_required": True,
                "filing_standard": (
                    "电力线路断落地面或低垂、打火冒烟；电杆倾倒、断裂；"
                    "变压器、配电箱冒烟起火或漏电，危及人身安全"
                ),
                "closing_standard": (
                    "故障线路已断电抢修并恢复正常，现场无触电危险；警戒已撤除，现场照片清晰"
                ),
            },
            {
                "code": "09006",
                "name_zh": "危化品泄漏",
                "name_en": "Hazardous chemical leak",
                "description": "危险化学品运输车辆、仓库发生泄漏，有刺鼻气味或烟雾",
                "keywords": ["化学品泄漏", "有毒气体", "刺鼻气味", "罐车泄漏", "化工厂泄漏"],
                "department": "YJJ",
                "urgency": "emergency",
                "handle": [2, "h"],
                "photo_required": True,
                "filing_standard": (
                    "危险化学品生产、储存、运输或使用过程中发生泄漏、散落；"
                    "现场出现刺激性气味、烟雾或人员不适"
                ),
                "closing_standard": (
                    "泄漏已控制并完成洗消处理，环境监测正常；险情解除，现场照片清晰"
                ),
            },
            {
                "code": "09007",
                "name_zh": "房屋倒塌险情",
                "name_en": "Building collapse risk",
                "description": "房屋、围墙、挡土墙倒塌，或开裂、倾斜，有垮塌危险",
                "keywords": ["房子裂了", "墙倒了", "墙要倒", "房屋倾斜", "围墙倒塌"],
                "department": "ZJJ",
                "urgency": "emergency",
                "handle": [2, "h"],
                "photo_required": True,
                "filing_standard": (
                    "房屋、围墙、挡土墙等建（构）筑物发生局部或整体倒塌；"
                    "出现裂缝快速扩展、倾斜、构件掉落等险情，需要立即疏散人员"
                ),
                "closing_standard": (
                    "人员已疏散转移，现场已围蔽警示；险情已排除或已落实加固、拆除措施，现场照片清晰"
                ),
            },
            {
                # Replaced 道路积雪结冰 (snow and ice) for a Guangdong district: see REPLACED.
                "code": "09008",
                "name_zh": "电线电缆裸露",
                "name_en": "Exposed electric cables",
                "description": "电线电缆破皮外露，配电箱、路灯杆检修门敞开，雨天水浸易漏电伤人",
                "keywords": ["电线裸露", "电线外露", "电线破皮", "电箱门开了", "路灯杆漏电",
                             "水浸漏电"],
                "department": "GDJ",
                "urgency": "urgent",
                "handle": [12, "h"],
                "photo_required": True,
                "filing_standard": (
                    "道路、人行道、广场或小区公共区域的电力电缆、照明线路绝缘层破损，线芯外露；"
                    "配电箱、路灯杆、信号灯杆检修门缺失或敞开，带电部件外露；"
                    "台风、暴雨后电缆浸水、被冲出地面或低垂至行人可触及高度"
                ),
                "closing_standard": (
                    "裸露线路已断电修复或更换，绝缘良好；检修门已补装锁闭；"
                    "积水区域漏电隐患已排除，处置前后现场照片清晰"
                ),
            },
        ],
    },
    {
        "code": "10",
        "name_zh": "矛盾纠纷",
        "name_en": "Disputes",
        "subcategories": [
            {
                "code": "10001",
                "name_zh": "邻里纠纷",
                "name_en": "Neighbour dispute",
                "description": "邻居之间因漏水、噪声、占地、宠物、通行等引发的矛盾",
                "keywords": ["邻居吵架", "邻居矛盾", "楼上漏水", "楼上太吵", "邻居占地方"],
                "department": "SFJ",
                "urgency": "normal",
                "handle": [7, "wd"],
                "photo_required": False,
                "filing_standard": (
                    "邻里之间因通行、采光、漏水、噪声、宠物、公共空间使用等发生争执；"
                    "当事人请求调解，或矛盾有激化苗头"
                ),
                "closing_standard": (
                    "经调解达成一致或签订调解协议，矛盾得到化解；"
                    "调解不成的已引导通过诉讼等途径解决，并已回访当事人"
                ),
            },
            {
                "code": "10002",
                "name_zh": "婚姻家庭纠纷",
                "name_en": "Marriage and family dispute",
                "description": "夫妻、父母子女等家庭成员之间的矛盾，以及赡养、抚养争议",
                "keywords": ["夫妻吵架", "家暴", "赡养老人", "离婚纠纷", "家庭矛盾"],
                "department": "SFJ",
                "urgency": "normal",
                "handle": [7, "wd"],
                "photo_required": False,
                "filing_standard": (
                    "家庭成员之间因婚姻、赡养、抚养、继承、财产等发生矛盾；"
                    "当事人请求调解，或矛盾有激化苗头；涉及家庭暴力的，同步报告公安机关和妇联"
                ),
                "closing_standard": (
                    "经调解矛盾化解或达成协议；涉及家庭暴力的已落实保护措施，已回访当事人"
                ),
            },
            {
                "code": "10003",
                "name_zh": "劳资纠纷",
                "name_en": "Labour and wage dispute",
                "description": "拖欠工资、辞退补偿、工伤待遇等劳动者与用人单位的争议",
                "keywords": ["欠工资", "讨薪", "拖欠工资", "老板跑路", "工伤赔偿"],
                "department": "RSJ",
                "urgency": "normal",
                "handle": [15, "wd"],
                "photo_required": False,
                "filing_standard": (
                    "用人单位拖欠、克扣劳动者工资，或未依法支付经济补偿、工伤待遇；"
                    "劳动者集体讨薪，或有聚集、过激行为苗头"
                ),
                "closing_standard": (
                    "工资等款项已支付或双方达成协议，或已引导进入劳动仲裁、诉讼程序；"
                    "已回访劳动者，无聚集风险"
                ),
            },
            {
                "code": "10004",
                "name_zh": "物业纠纷",
                "name_en": "Property management dispute",
                "description": "业主与物业公司之间因收费、服务、公共收益等产生的矛盾",
                "keywords": ["物业费", "物业不作为", "物业乱收费", "业委会", "停车费纠纷"],
                "department": "ZJJ",
                "urgency": "normal",
                "handle": [15, "wd"],
                "photo_required": False,
                "filing_standard": (
                    "业主与物业服务企业因物业费、服务质量、公共收益、停车管理、物业交接等发生争议；"
                    "矛盾涉及多户业主或有激化苗头"
                ),
                "closing_standard": (
                    "经协调双方达成一致或物业服务企业已整改；涉及违规的已依法处理，已回访业主"
                ),
            },
            {
                "code": "10005",
                "name_zh": "医患纠纷",
                "name_en": "Medical dispute",
                "description": "患者及家属与医疗机构因诊疗结果、费用、医疗事故等产生争议",
                "keywords": ["医闹", "医疗事故", "医院赔偿", "看病纠纷"],
                "department": "WJJ",
                "urgency": "normal",
                "handle": [15, "wd"],
                "photo_required": False,
                "filing_standard": (
                    "患者或家属与医疗机构因诊疗结果、医疗费用、服务态度等发生争议；"
                    "出现在医院聚集、拉横幅、摆放花圈等苗头的，同步报告公安机关"
                ),
                "closing_standard": (
                    "经医疗纠纷人民调解委员会调解或双方协商达成一致，或已引导通过医疗损害鉴定、"
                    "诉讼解决；医院秩序正常"
                ),
            },
            {
                "code": "10006",
                "name_zh": "征地拆迁纠纷",
                "name_en": "Land acquisition and demolition dispute",
                "description": "征地补偿、房屋征收拆迁、安置等引发的矛盾",
                "keywords": ["拆迁补偿", "征地补偿", "拆迁安置", "强拆", "旧改纠纷"],
                "department": "ZRJ",
                "urgency": "normal",
                "handle": [15, "wd"],
                "photo_required": False,
                "filing_standard": (
                    "群众对征地、房屋征收的补偿标准、安置方案或程序有异议；"
                    "出现阻工、聚集、上访等矛盾激化苗头"
                ),
                "closing_standard": (
                    "已作政策解释或协调解决合理诉求，双方达成一致，或已引导通过行政复议、诉讼解决；"
                    "回访无激化风险"
                ),
            },
            {
                "code": "10007",
                "name_zh": "消费纠纷",
                "name_en": "Consumer dispute",
                "description": "购物、餐饮、预付卡、装修等消费中与商家产生的争议",
                "keywords": ["商家跑路", "退款", "预付卡", "假货", "投诉商家"],
                "department": "SJJ",
                "urgency": "normal",
                "handle": [7, "wd"],
                "photo_required": False,
                "filing_standard": (
                    "消费者与经营者因商品质量、服务、价格、预付卡退费等发生争议；"
                    "经营者拒不退换或关门跑路，涉及人数较多"
                ),
                "closing_standard": (
                    "经调解双方达成和解或经营者已退赔，或已引导通过仲裁、诉讼维权；已回访消费者"
                ),
            },
            {
                "code": "10008",
                "name_zh": "房屋租赁纠纷",
                "name_en": "Tenancy dispute",
                "description": "房东与租客因押金、租金、维修、退租等发生的矛盾",
                "keywords": ["押金不退", "房东赶人", "租房纠纷", "二房东", "退租"],
                "department": "SFJ",
                "urgency": "normal",
                "handle": [7, "wd"],
                "photo_required": False,
                "filing_standard": (
                    "出租人与承租人因租金、押金、房屋维修、提前解约等发生争议；"
                    "涉及长租公寓、“二房东”跑路等群体性问题"
                ),
                "closing_standard": (
                    "经调解双方达成一致，或已引导通过诉讼解决；"
                    "群体性问题已移交相关部门处理，已回访当事人"
                ),
            },
        ],
    },
    {
        "code": "11",
        "name_zh": "治安隐患",
        "name_en": "Public security risks",
        "subcategories": [
            {
                "code": "11001",
                "name_zh": "可疑人员物品",
                "name_en": "Suspicious persons or objects",
                "description": "发现形迹可疑的人员，或无人看管的可疑包裹、物品",
                "keywords": ["可疑人员", "可疑包裹", "陌生人徘徊", "撬锁", "可疑物品"],
                "department": "GAJ",
                "urgency": "urgent",
                "handle": [2, "h"],
                "photo_required": False,
                "filing_standard": (
                    "发现形迹可疑、疑似盗窃、撬锁或尾随的人员；"
                    "公共场所发现无人认领的可疑包裹、物品；疑似爆炸物等危险物品的，"
                    "立即拨打110并疏散周边人员"
                ),
                "closing_standard": (
                    "公安机关已到场核查处置，可疑情况已排除或依法处理；处置结果已反馈"
                ),
            },
            {
                "code": "11002",
                "name_zh": "涉黄涉赌",
                "name_en": "Prostitution or gambling",
                "description": "发现涉嫌卖淫嫖娼、聚众赌博的场所或活动线索",
                "keywords": ["赌博", "打牌赌钱", "赌场", "色情按摩", "黄赌"],
                "department": "GAJ",
                "urgency": "normal",
                "handle": [5, "wd"],
                "photo_required": False,
                "filing_standard": (
                    "场所或出租屋内有聚众赌博、开设赌场迹象；"
                    "洗浴、按摩、足浴等场所涉嫌从事卖淫嫖娼活动"
                ),
                "closing_standard": (
                    "公安机关已核查，违法活动已依法查处或线索经核实不成立；核查结果已反馈"
                ),
            },
            {
                "code": "11003",
                "name_zh": "涉毒线索",
                "name_en": "Drug-related leads",
                "description": "发现吸毒、贩毒或制毒的可疑人员、场所线索",
                "keywords": ["吸毒", "贩毒", "制毒", "吸毒针具", "涉毒场所"],
                "department": "GAJ",
                "urgency": "urgent",
                "handle": [3, "wd"],
                "photo_required": False,
                "filing_standard": (
                    "发现人员聚集吸食毒品或有贩卖毒品迹象；出租屋、厂房有异常气味、"
                    "化学原料等制毒可疑迹象；公共场所发现废弃针具、锡纸等吸毒工具"
                ),
                "closing_standard": (
                    "公安机关已核查处置，涉毒违法犯罪已依法查处或线索经核实不成立；核查结果已反馈"
                ),
            },
            {
                "code": "11004",
                "name_zh": "涉嫌传销",
                "name_en": "Suspected pyramid selling",
                "description": "发现以招工、创业、投资为名聚集人员开展传销的线索",
                "keywords": ["传销", "拉人头", "洗脑", "传销窝点", "资金盘"],
                "department": "SJJ",
                "urgency": "normal",
                "handle": [7, "wd"],
                "photo_required": False,
                "filing_standard": (
                    "出租屋、宾馆等场所有大量外地人员聚集居住、集中上课；"
                    "以收取入门费、拉人头计酬等方式发展人员；限制人身自由的，同步报告公安机关"
                ),
                "closing_standard": (
                    "市场监管部门会同公安机关核查，传销窝点已取缔或线索经核实不成立；核查结果已反馈"
                ),
            },
            {
                "code": "11005",
                "name_zh": "电信网络诈骗线索",
                "name_en": "Telecom and online fraud leads",
                "description": "发现居民疑似正在被骗，或有人从事电信网络诈骗的线索",
                "keywords": ["电话诈骗", "网络诈骗", "被骗了", "刷单", "冒充公检法"],
                "department": "GAJ",
                "urgency": "urgent",
                "handle": [2, "h"],
                "photo_required": False,
                "filing_standard": (
                    "居民正在或可能遭受电信网络诈骗，存在转账汇款风险；"
                    "出租屋等场所集中使用大量手机卡、银行卡，疑似诈骗窝点"
                ),
                "closing_standard": (
                    "已劝阻转账或公安机关已核查处置；涉诈窝点已查处或线索经核实不成立，结果已反馈"
                ),
            },
            {
                "code": "11006",
                "name_zh": "出租屋治安隐患",
                "name_en": "Security risks in rental housing",
                "description": "出租屋人员未登记、群租，或存在违法犯罪活动隐患",
                "keywords": ["出租屋", "群租", "租客没登记", "隔断房", "流动人口"],
                "department": "GAJ",
                "urgency": "normal",
                "handle": [5, "wd"],
                "photo_required": False,
                "filing_standard": (
                    "出租屋未按规定登记租住人员信息；群租、隔断出租或人员流动频繁、情况异常；"
                    "出租屋有违法犯罪活动迹象"
                ),
                "closing_standard": (
                    "租住人员信息已登记，群租隔断已整改；异常情况已核查处置，结果已反馈"
                ),
            },
            {
                "code": "11007",
                "name_zh": "精神障碍患者肇事肇祸风险",
                "name_en": "Risk from a person with severe mental disorder",
                "description": "严重精神障碍患者病情不稳，有伤人、毁物或自伤倾向",
                "keywords": ["精神病人", "精神病发作", "精神异常", "乱砸东西", "有人发病"],
                "department": "GAJ",
                "urgency": "urgent",
                "handle": [2, "h"],
                "photo_required": False,
                "filing_standard": (
                    "严重精神障碍患者病情复发、拒绝服药或言行异常；"
                    "有伤人、毁物、自伤自杀倾向，或已发生肇事肇祸行为"
                ),
                "closing_standard": (
                    "公安、卫生健康、社区已联合处置，患者已送医治疗或落实监护措施；"
                    "风险已解除并纳入随访管理"
                ),
            },
            {
                "code": "11008",
                "name_zh": "治安监控损坏",
                "name_en": "Damaged security camera",
                "description": "公共区域治安视频监控摄像头损坏、偏移或被遮挡",
                "keywords": ["摄像头坏了", "监控坏了", "天网", "探头", "监控被挡"],
                "department": "GAJ",
                "urgency": "normal",
                "handle": [5, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "公共区域治安视频监控摄像头、立杆损坏，画面中断或模糊；"
                    "摄像头角度偏移，或被树木、广告遮挡"
                ),
                "closing_standard": (
                    "监控设备已修复，画面清晰、联网正常；遮挡物已清除，现场照片清晰"
                ),
            },
        ],
    },
    {
        "code": "12",
        "name_zh": "安全生产",
        "name_en": "Work safety",
        "subcategories": [
            {
                "code": "12001",
                "name_zh": "工贸企业安全隐患",
                "name_en": "Hazards in industrial and trade firms",
                "description": "厂房、仓库存在违章作业、设备无防护等安全生产隐患",
                "keywords": ["工厂不安全", "违规操作", "粉尘", "机器没防护", "有限空间"],
                "department": "YJJ",
                "urgency": "urgent",
                "handle": [3, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "工贸企业生产设备缺少安全防护装置，或违章指挥、违规作业；"
                    "粉尘涉爆、有限空间、涉氨制冷等重点环节未落实安全措施；员工未经安全培训上岗"
                ),
                "closing_standard": "隐患已整改，经应急管理部门复查合格；整改前后照片清晰",
            },
            {
                "code": "12002",
                "name_zh": "危化品违规存放",
                "name_en": "Improper storage of hazardous chemicals",
                "description": "居民区、商铺、出租屋违规存放易燃易爆或有毒化学品",
                "keywords": ["存放油漆", "囤积汽油", "易燃易爆品", "酒精桶", "化学品仓库"],
                "department": "YJJ",
                "urgency": "urgent",
                "handle": [1, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "在居民楼、商铺、出租屋、厂房等非专用场所违规储存危险化学品；"
                    "危险化学品超量存放，或无防泄漏、防火措施"
                ),
                "closing_standard": (
                    "违规存放的危险化学品已清理转移或依法处置，储存条件符合要求；现场照片清晰"
                ),
            },
            {
                "code": "12003",
                "name_zh": "建筑施工安全隐患",
                "name_en": "Construction site safety hazards",
                "description": "工地脚手架、塔吊、基坑、临边防护等存在安全隐患",
                "keywords": ["脚手架", "塔吊", "工地没安全网", "没系安全带", "基坑"],
                "department": "ZJJ",
                "urgency": "urgent",
                "handle": [1, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "脚手架、塔吊、施工升降机等倾斜、松动或违规操作；基坑、临边、洞口未设置防护；"
                    "作业人员未佩戴安全防护用品"
                ),
                "closing_standard": (
                    "隐患已整改，防护设施齐全有效，经住房城乡建设部门复查合格；整改照片清晰"
                ),
            },
            {
                "code": "12004",
                "name_zh": "特种设备安全隐患",
                "name_en": "Special equipment hazards",
                "description": "电梯、锅炉、压力容器、游乐设施等运行异常或超期未检",
                "keywords": ["电梯故障", "电梯困人", "电梯异响", "锅炉", "游乐设施"],
                "department": "SJJ",
                "urgency": "urgent",
                "handle": [1, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "电梯、锅炉、压力容器、大型游乐设施等运行异常、频繁故障或超期未检验；"
                    "未办理使用登记或安全警示标识缺失；电梯困人的，立即通知维保单位到场救援"
                ),
                "closing_standard": (
                    "设备已停用检修或整改合格，检验标志有效；经市场监管部门复查合格，现场照片清晰"
                ),
            },
            {
                "code": "12005",
                "name_zh": "瓶装燃气违规使用",
                "name_en": "Improper use of bottled gas",
                "description": "餐饮店、出租屋违规使用、存放液化气瓶，或使用不合格气瓶",
                "keywords": ["煤气罐", "液化气瓶", "煤气瓶", "黑气站", "气罐放屋里"],
                "department": "ZJJ",
                "urgency": "urgent",
                "handle": [1, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "餐饮场所、出租屋等在地下室、人员密集场所违规使用或存放瓶装液化气；"
                    "使用过期、未检验或来源不明的气瓶，未安装燃气泄漏报警装置；"
                    "非法充装、储存、销售瓶装燃气"
                ),
                "closing_standard": (
                    "违规气瓶已清理或更换，泄漏报警等安全装置已安装；非法经营点已取缔，现场照片清晰"
                ),
            },
            {
                "code": "12006",
                "name_zh": "高空坠物隐患",
                "name_en": "Falling-object hazard",
                "description": "建筑外墙瓷砖、空调外机、阳台花盆等有掉落危险",
                "keywords": ["外墙脱落", "瓷砖掉下来", "空调架生锈", "阳台花盆", "高空抛物"],
                "department": "ZJJ",
                "urgency": "urgent",
                "handle": [1, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "建筑外墙饰面、瓷砖、玻璃幕墙松动脱落；空调外机支架锈蚀，"
                    "阳台花盆等物品有坠落风险；位于人行道、出入口等人员通行区域"
                ),
                "closing_standard": (
                    "坠落隐患已排除，松动构件已加固或拆除；危险区域已解除警戒，现场照片清晰"
                ),
            },
            {
                "code": "12007",
                "name_zh": "危房隐患",
                "name_en": "Dangerous housing",
                "description": "老旧房屋出现墙体开裂、梁柱变形、地基下沉等情况",
                "keywords": ["房子开裂", "墙体裂缝", "老房子", "危房", "房屋下沉"],
                "department": "ZJJ",
                "urgency": "urgent",
                "handle": [3, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "房屋墙体出现明显裂缝、承重构件变形、地基沉降或屋面严重渗漏；"
                    "经鉴定为C级、D级危房仍有人居住或使用"
                ),
                "closing_standard": (
                    "已组织房屋安全鉴定，并落实加固维修、停止使用或人员搬离等措施；现场照片清晰"
                ),
            },
            {
                "code": "12008",
                "name_zh": "地质灾害隐患",
                "name_en": "Geological hazard",
                "description": "山体、边坡出现裂缝、滑坡、崩塌或落石迹象",
                "keywords": ["山体滑坡", "边坡开裂", "落石", "塌方", "泥石流"],
                "department": "ZRJ",
                "urgency": "urgent",
                "handle": [1, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "山体、边坡、挡土墙出现裂缝、鼓胀、渗水或局部滑塌；"
                    "坡脚有落石、崩塌迹象，威胁下方房屋、道路或人员安全"
                ),
                "closing_standard": (
                    "已设置警示并落实监测，受威胁人员已转移；"
                    "隐患已治理或纳入地质灾害隐患点管理，现场照片清晰"
                ),
            },
        ],
    },
    {
        "code": "13",
        "name_zh": "消防安全",
        "name_en": "Fire safety",
        "subcategories": [
            {
                "code": "13001",
                "name_zh": "消防通道占用",
                "name_en": "Blocked fire lane",
                "national_code": "09012",
                "description": "车辆、杂物或地桩占用、堵塞小区和街道的消防车通道",
                "keywords": ["消防通道停车", "堵消防通道", "占用消防车道", "生命通道"],
                "department": "XFJ",
                "urgency": "urgent",
                "handle": [4, "wh"],
                "photo_required": True,
                "filing_standard": (
                    "机动车、杂物、摊点、地桩地锁或围栏等占用、堵塞、封闭消防车通道；"
                    "消防车通道标志标线缺失，或消防车登高操作场地被占用"
                ),
                "closing_standard": "占用物已清除，消防车通道畅通；标志标线齐全清晰，现场照片清晰",
            },
            {
                "code": "13002",
                "name_zh": "疏散通道堵塞",
                "name_en": "Blocked evacuation route",
                "description": "商场、厂房、娱乐场所的安全出口、疏散楼梯被锁闭或堵塞",
                "keywords": ["安全出口锁了", "逃生通道堵了", "消防门锁死", "疏散楼梯"],
                "department": "XFJ",
                "urgency": "urgent",
                "handle": [1, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "人员密集场所、厂房、仓库的安全出口、疏散通道被锁闭、堵塞或占用；"
                    "常闭式防火门处于常开状态或损坏"
                ),
                "closing_standard": "安全出口和疏散通道已清理畅通，防火门启闭正常；现场照片清晰",
            },
            {
                "code": "13003",
                "name_zh": "消防设施器材缺损",
                "name_en": "Missing or faulty fire equipment",
                "description": "灭火器过期缺失、消火栓箱无水带，应急灯、疏散指示损坏",
                "keywords": ["灭火器过期", "消防栓箱空了", "应急灯坏了", "没有灭火器", "烟感坏了"],
                "department": "XFJ",
                "urgency": "urgent",
                "handle": [3, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "公共场所、住宅楼灭火器缺失、过期或失效；室内消火栓箱内水带水枪缺失或无水；"
                    "应急照明、疏散指示标志、火灾自动报警或自动喷水灭火设施损坏"
                ),
                "closing_standard": "消防设施器材已补齐、更换或修复，功能测试正常；现场照片清晰",
            },
            {
                "code": "13004",
                "name_zh": "电动自行车违规充电",
                "name_en": "Unsafe e-bike parking and charging",
                "description": "电动车在楼道、门厅停放充电，或私拉电线“飞线”充电",
                "keywords": ["飞线充电", "电动车进楼", "楼道充电", "电瓶车充电", "电动车上楼"],
                "department": "XFJ",
                "urgency": "urgent",
                "handle": [1, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "电动自行车或其蓄电池在建筑门厅、楼道、楼梯间、疏散通道、安全出口等处停放、"
                    "充电；从住宅楼私拉电线、插座为电动自行车充电；电动自行车进入电梯或入户充电"
                ),
                "closing_standard": (
                    "电动自行车已移至规定场所停放充电，私拉电线已拆除；现场照片清晰"
                ),
            },
            {
                "code": "13005",
                "name_zh": "楼道堆物",
                "name_en": "Clutter in stairwells",
                "description": "住宅楼道、楼梯间、走廊堆放杂物、纸箱、旧家具",
                "keywords": ["楼道堆东西", "楼梯间杂物", "走廊堆物", "楼道占用"],
                "department": "XFJ",
                "urgency": "normal",
                "handle": [2, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "住宅楼道、楼梯间、走廊、管道井堆放杂物或可燃物；"
                    "堆放物影响人员疏散或存在火灾隐患"
                ),
                "closing_standard": "堆放物已清理，楼道通行畅通，无可燃物堆积；现场照片清晰",
            },
            {
                "code": "13006",
                "name_zh": "违规用火用电",
                "name_en": "Unsafe use of fire and electricity",
                "description": "私拉乱接电线、违规电焊切割，或在易燃场所使用明火",
                "keywords": ["私拉电线", "乱接电线", "电焊", "插座超负荷", "乱用明火"],
                "department": "XFJ",
                "urgency": "urgent",
                "handle": [1, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "私拉乱接电线、超负荷用电或使用不合格电器；"
                    "未办理动火审批进行电焊、切割等动火作业；在易燃易爆场所使用明火"
                ),
                "closing_standard": (
                    "私拉乱接线路已整改，违规用火行为已停止；隐患经复查合格，现场照片清晰"
                ),
            },
            {
                "code": "13007",
                "name_zh": "九小场所消防隐患",
                "name_en": "Fire hazards in small premises",
                "description": "小商店、小餐饮、小旅馆、小作坊等小场所消防隐患多",
                "keywords": ["三小场所", "小档口", "小作坊", "小旅馆", "小网吧"],
                "department": "XFJ",
                "urgency": "urgent",
                "handle": [3, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "小商店、小餐饮、小旅馆、小作坊等“九小场所”未配置灭火器、"
                    "独立式感烟火灾探测报警器等消防设施；电气线路老化、乱拉乱接，或可燃物堆放杂乱；"
                    "安全出口数量不足或被堵塞"
                ),
                "closing_standard": (
                    "消防隐患已整改，消防设施器材配置到位；经复查合格，现场照片清晰"
                ),
            },
            {
                "code": "13008",
                "name_zh": "三合一场所违规住人",
                "name_en": "People living in mixed-use premises",
                "description": "生产、经营、储存场所与住宿混在一起，违规住人",
                "keywords": ["前店后厂", "厂房住人", "商铺住人", "仓库住人", "阁楼住人"],
                "department": "XFJ",
                "urgency": "urgent",
                "handle": [3, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "住宿与生产、储存、经营合用同一建筑空间，未按规定进行防火分隔；"
                    "住宿部分未设置独立的疏散设施"
                ),
                "closing_standard": (
                    "违规住人已清退，或已按规定进行防火分隔并设置独立疏散通道；"
                    "经复查合格，现场照片清晰"
                ),
            },
        ],
    },
    {
        "code": "14",
        "name_zh": "食品药品安全",
        "name_en": "Food and drug safety",
        "subcategories": [
            {
                "code": "14001",
                "name_zh": "无证食品经营",
                "name_en": "Unlicensed food business",
                "description": "未取得食品经营许可或营业执照，擅自经营餐饮、食品",
                "keywords": ["无证餐馆", "黑餐馆", "无证经营", "没营业执照", "无证外卖"],
                "department": "SJJ",
                "urgency": "normal",
                "handle": [7, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "未取得营业执照或食品经营许可证从事餐饮服务、食品销售；"
                    "超出许可范围，或使用过期、伪造的许可证经营"
                ),
                "closing_standard": (
                    "经营者已补办证照或停止经营，违法行为已依法查处；现场照片及查处记录完整"
                ),
            },
            {
                "code": "14002",
                "name_zh": "过期变质食品",
                "name_en": "Expired or spoiled food",
                "description": "商店、超市、市场销售过期、变质或“三无”食品",
                "keywords": ["过期食品", "变质", "三无产品", "发霉", "卖过期"],
                "department": "SJJ",
                "urgency": "normal",
                "handle": [3, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "销售超过保质期、腐败变质、霉变生虫或感官性状异常的食品；"
                    "销售无标签、无生产日期、无厂名厂址的“三无”食品"
                ),
                "closing_standard": "问题食品已下架封存或销毁，违法行为已依法查处；现场照片清晰",
            },
            {
                "code": "14003",
                "name_zh": "餐饮场所卫生脏乱",
                "name_en": "Unhygienic restaurant",
                "description": "餐馆后厨脏乱、有老鼠蟑螂，或从业人员没有健康证",
                "keywords": ["后厨脏", "餐馆不卫生", "饭菜有虫", "没有健康证", "地沟油"],
                "department": "SJJ",
                "urgency": "normal",
                "handle": [5, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "餐饮场所加工区域卫生脏乱，有鼠、蟑、蝇等病媒生物；从业人员未取得健康证明上岗；"
                    "餐具未清洗消毒，或使用来源不明的食用油"
                ),
                "closing_standard": (
                    "餐饮场所已整改，卫生状况和从业人员健康证明符合要求；"
                    "违法行为已依法查处，现场照片清晰"
                ),
            },
            {
                "code": "14004",
                "name_zh": "食品黑作坊",
                "name_en": "Illegal food workshop",
                "description": "在居民楼、出租屋内无证生产加工食品的小作坊",
                "keywords": ["黑作坊", "地下工厂", "私人作坊", "无证加工", "家庭作坊"],
                "department": "SJJ",
                "urgency": "normal",
                "handle": [5, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "未取得食品生产许可或小作坊登记擅自生产加工食品；"
                    "生产环境脏乱，使用非食品原料或滥用食品添加剂"
                ),
                "closing_standard": (
                    "黑作坊已依法取缔，问题原料和产品已查扣；现场照片及查处记录完整"
                ),
            },
            {
                "code": "14005",
                "name_zh": "疑似食物中毒",
                "name_en": "Suspected food poisoning",
                "description": "多人就餐后出现呕吐、腹泻、腹痛等疑似中毒症状",
                "keywords": ["食物中毒", "吃坏肚子", "吃完呕吐", "集体腹泻", "饭堂中毒"],
                "department": "SJJ",
                "urgency": "emergency",
                "handle": [2, "h"],
                "photo_required": False,
                "filing_standard": (
                    "2人及以上在同一场所就餐后出现呕吐、腹泻、腹痛等相似症状；"
                    "学校、托幼机构、工地食堂等集体用餐单位出现疑似病例"
                ),
                "closing_standard": (
                    "病人已送医救治，涉事食品已封存抽检；已完成流行病学调查和原因认定，依法处理完毕"
                ),
            },
            {
                "code": "14006",
                "name_zh": "违规销售药品",
                "name_en": "Illegal drug sales",
                "description": "无证卖药、处方药不凭处方销售，或销售假药、过期药",
                "keywords": ["无证药店", "假药", "过期药", "处方药", "街头卖药"],
                "department": "SJJ",
                "urgency": "normal",
                "handle": [5, "wd"],
                "photo_required": False,
                "filing_standard": (
                    "无药品经营许可证销售药品；药店不凭处方销售处方药，或销售假药、劣药、过期药品；"
                    "在集市、社区等处流动兜售药品"
                ),
                "closing_standard": "违法经营行为已依法查处，问题药品已查扣；核查结果已反馈",
            },
            {
                "code": "14007",
                "name_zh": "保健食品虚假宣传",
                "name_en": "Misleading health-food marketing",
                "description": "以讲座、免费体检、送礼品等方式向老年人推销保健品",
                "keywords": ["保健品", "骗老人", "会销", "免费讲座", "神药"],
                "department": "SJJ",
                "urgency": "normal",
                "handle": [7, "wd"],
                "photo_required": False,
                "filing_standard": (
                    "以健康讲座、免费体检、旅游、赠送礼品等方式聚集老年人推销保健食品；"
                    "宣称保健食品具有疾病预防、治疗功能或夸大功效"
                ),
                "closing_standard": (
                    "虚假宣传和违规销售行为已依法查处或经核实不成立，"
                    "受骗群众已获退赔或得到维权指引；结果已反馈"
                ),
            },
        ],
    },
    {
        "code": "15",
        "name_zh": "生态环境",
        "name_en": "Ecology and environment",
        "subcategories": [
            {
                "code": "15001",
                "name_zh": "噪声扰民",
                "name_en": "Noise nuisance",
                "description": "工厂、商铺、娱乐场所的设备或音响噪声影响居民休息",
                "keywords": ["太吵了", "噪音", "音响太大", "工厂噪音", "酒吧吵"],
                "department": "HBJ",
                "urgency": "normal",
                "handle": [3, "wd"],
                "photo_required": False,
                "filing_standard": (
                    "工业企业、商业经营场所、文化娱乐场所等使用设备、音响产生噪声，"
                    "明显干扰周边居民生活；噪声持续发生或在夜间（22时至次日6时）发生；"
                    "建筑施工噪声按施工扰民立案，生活噪声按社会生活噪声扰民立案"
                ),
                "closing_standard": (
                    "噪声源已整改或停止，经监测或回访噪声已不扰民；违法行为已依法处理"
                ),
            },
            {
                "code": "15002",
                "name_zh": "社会生活噪声扰民",
                "name_en": "Neighbourhood noise",
                "description": "夜间喧哗聚会、广场舞、街头卖唱、装修等生活噪声扰民",
                "keywords": ["广场舞", "半夜吵闹", "装修噪音", "狗叫", "楼上吵"],
                "department": "GAJ",
                "urgency": "normal",
                "handle": [2, "h"],
                "photo_required": False,
                "filing_standard": (
                    "夜间（22时至次日6时）在住宅区大声喧哗、聚会娱乐或使用音响器材；"
                    "广场舞、街头演唱等活动音量过大；在休息时段进行室内装修作业，"
                    "干扰周边居民正常生活"
                ),
                "closing_standard": "已到场劝止，噪声已停止；屡劝不改的已依法处理，已回访投诉人",
            },
            {
                "code": "15003",
                "name_zh": "废气污染",
                "name_en": "Air pollution from emissions",
                "description": "工厂、汽修店、作坊排放黑烟、粉尘或刺鼻废气",
                "keywords": ["烟囱冒黑烟", "刺鼻气味", "臭味", "废气", "喷漆味"],
                "department": "HBJ",
                "urgency": "normal",
                "handle": [3, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "工业企业、汽修喷漆、作坊等排放黑烟、粉尘或异味明显的废气；"
                    "未安装或未正常运行废气治理设施"
                ),
                "closing_standard": (
                    "废气治理设施已安装或恢复正常运行，现场无明显黑烟、异味；"
                    "违法排污行为已依法查处，现场照片清晰"
                ),
            },
            {
                "code": "15004",
                "name_zh": "餐饮油烟污染",
                "name_en": "Restaurant cooking fumes",
                "description": "饭店、食堂厨房油烟未经净化直排，熏到周边住户",
                "keywords": ["油烟", "厨房排烟", "饭店油烟", "排烟口对着窗", "熏得受不了"],
                "department": "HBJ",
                "urgency": "normal",
                "handle": [5, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "餐饮服务单位未安装油烟净化设施或未正常使用，油烟直排；"
                    "排烟口朝向居民住宅或距离过近，油烟、异味明显影响周边居民"
                ),
                "closing_standard": (
                    "油烟净化设施已安装或清洗维护并正常运行，排烟口已按要求整改；现场照片清晰"
                ),
            },
            {
                "code": "15005",
                "name_zh": "露天焚烧",
                "name_en": "Open burning",
                "description": "在空地、路边露天焚烧垃圾、树叶、电线、废旧物品",
                "keywords": ["烧垃圾", "烧树叶", "烧电线", "烧秸秆", "烧东西冒黑烟"],
                "department": "CGJ",
                "urgency": "normal",
                "handle": [4, "wh"],
                "photo_required": True,
                "filing_standard": (
                    "在居民区、道路、空地等露天场所焚烧垃圾、落叶，或焚烧沥青、油毡、橡胶、塑料、"
                    "皮革等产生有毒有害烟尘的物质；焚烧秸秆等农作物废弃物"
                ),
                "closing_standard": (
                    "焚烧已扑灭制止，焚烧残留物已清理；违法行为已依法处理，现场照片清晰"
                ),
            },
            {
                "code": "15006",
                "name_zh": "污水乱排",
                "name_en": "Illegal sewage discharge",
                "description": "工厂、商铺、小区把污水直接排入河涌、雨水管或路面",
                "keywords": ["偷排污水", "排污", "污水直排", "河水变黑", "河涌发臭"],
                "department": "HBJ",
                "urgency": "normal",
                "handle": [3, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "企业、商铺、小区等将生产废水、生活污水排入雨水管网、河道或路面；"
                    "排污口出水颜色、气味异常，河道水体发黑发臭"
                ),
                "closing_standard": (
                    "违法排污已停止，雨污混接已整改；违法行为已依法查处，排口整改前后照片清晰"
                ),
            },
            {
                "code": "15007",
                "name_zh": "固体废物非法倾倒",
                "name_en": "Illegal dumping of solid waste",
                "description": "在空地、河边、山林偷倒工业废料、危险废物等固体废物",
                "keywords": ["偷倒垃圾", "乱倒废料", "工业垃圾", "危废", "倾倒废渣"],
                "department": "HBJ",
                "urgency": "urgent",
                "handle": [1, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "在空地、河道、山林、农田等处倾倒、堆放工业固体废物或危险废物；"
                    "废物有异味、渗液或来源不明，可能污染土壤、水体"
                ),
                "closing_standard": (
                    "倾倒废物已清理并合规处置，污染场地已处理；倾倒责任人已依法查处，现场照片清晰"
                ),
            },
            {
                "code": "15008",
                "name_zh": "违法占用土地",
                "name_en": "Illegal land occupation",
                "description": "未经批准占用耕地、林地或集体土地建房、挖土、堆物",
                "keywords": ["占用耕地", "乱占地", "农田建房", "挖山取土", "违法用地"],
                "department": "ZRJ",
                "urgency": "normal",
                "handle": [15, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "未经批准占用耕地、林地、集体土地进行建设、挖土采砂或堆放物料；"
                    "非法改变土地用途或破坏种植条件"
                ),
                "closing_standard": (
                    "违法用地行为已制止并依法查处，违法建筑已拆除，土地已复垦或恢复原状；"
                    "现场照片清晰"
                ),
            },
        ],
    },
    {
        "code": "16",
        "name_zh": "民生服务",
        "name_en": "Livelihood services",
        "subcategories": [
            {
                "code": "16001",
                "name_zh": "停水",
                "name_en": "Water outage",
                "description": "家中或片区突然停水，或计划停水后长时间未恢复供水",
                "keywords": ["没水了", "水龙头没水", "供水中断", "什么时候来水", "突然停水"],
                "department": "GSG",
                "urgency": "normal",
                "handle": [24, "h"],
                "photo_required": False,
                "filing_standard": (
                    "居民住户或片区出现非计划停水；计划停水超过公告时间仍未恢复供水；"
                    "停水影响学校、医院等重点单位"
                ),
                "closing_standard": "已恢复正常供水，或已说明原因并落实临时送水措施；已回访诉求人",
            },
            {
                "code": "16002",
                "name_zh": "停电",
                "name_en": "Power outage",
                "description": "家中或片区突然停电、频繁停电，或长时间未恢复供电",
                "keywords": ["没电了", "突然停电", "频繁停电", "电压不稳", "什么时候来电"],
                "department": "GDJ",
                "urgency": "normal",
                "handle": [24, "h"],
                "photo_required": False,
                "filing_standard": (
                    "居民住户或片区出现非计划停电、频繁停电或电压异常；"
                    "计划停电超过公告时间仍未恢复供电；停电影响医院、养老机构或电梯运行等重要用电"
                ),
                "closing_standard": "已恢复正常供电，或已说明原因并落实临时保障措施；已回访诉求人",
            },
            {
                "code": "16003",
                "name_zh": "停气",
                "name_en": "Gas supply interruption",
                "description": "管道天然气突然停供、气压不足，或长时间未恢复供气",
                "keywords": ["没气了", "煤气打不着", "天然气停了", "燃气停供", "气压小"],
                "department": "RQG",
                "urgency": "normal",
                "handle": [24, "h"],
                "photo_required": False,
                "filing_standard": (
                    "管道燃气用户或片区出现非计划停气、气压不足；计划停气超过公告时间仍未恢复供气"
                ),
                "closing_standard": "已恢复正常供气，或已说明原因并告知恢复时间；已回访诉求人",
            },
            {
                "code": "16004",
                "name_zh": "水质水压异常",
                "name_en": "Water quality or pressure problem",
                "description": "自来水发黄、浑浊、有异味，或水压太低、高楼层没水",
                "keywords": ["水发黄", "水有异味", "水压低", "自来水浑浊", "高层没水"],
                "department": "GSG",
                "urgency": "normal",
                "handle": [24, "h"],
                "photo_required": False,
                "filing_standard": (
                    "市政供水出现浑浊、发黄、异味或有杂质；用户水压明显偏低，无法正常用水；"
                    "属二次供水水箱、水池问题的，按二次供水卫生立案"
                ),
                "closing_standard": (
                    "已排查原因并冲洗管网或维修设施，水质、水压恢复正常；已回访诉求人"
                ),
            },
            {
                "code": "16005",
                "name_zh": "困难群众救助",
                "name_en": "Help for people in hardship",
                "description": "低保、特困、残疾等困难群众生活困难，需要帮扶救助",
                "keywords": ["低保", "生活困难", "申请救助", "特困", "残疾人帮扶"],
                "department": "MZJ",
                "urgency": "normal",
                "handle": [7, "wd"],
                "photo_required": False,
                "filing_standard": (
                    "群众因病、因残、因灾、失业等导致基本生活困难，请求救助；"
                    "发现符合低保、特困供养、临时救助条件但未纳入保障的对象"
                ),
                "closing_standard": (
                    "已核实情况，符合条件的已纳入相应救助或落实临时救助；"
                    "不符合条件的已作政策解释并回访"
                ),
            },
            {
                "code": "16006",
                "name_zh": "独居老人关爱",
                "name_en": "Care for elderly living alone",
                "description": "高龄、独居、空巢老人无人照料，或多日不见出门",
                "keywords": ["独居老人", "空巢老人", "老人没人管", "老人多天没出门", "养老服务"],
                "department": "MZJ",
                "urgency": "normal",
                "handle": [3, "wd"],
                "photo_required": False,
                "filing_standard": (
                    "高龄、独居、空巢、失能老人缺乏照料，生活出现困难；"
                    "老人多日未出门、电话联系不上等异常情况；"
                    "疑似发生意外的，立即联系家属、社区并拨打110或120"
                ),
                "closing_standard": (
                    "已上门探访，落实居家养老服务、探访关爱或医疗救治等措施；已告知家属并回访"
                ),
            },
            {
                "code": "16007",
                "name_zh": "流浪乞讨人员救助",
                "name_en": "Help for homeless people and beggars",
                "description": "街头露宿、流浪乞讨人员需要救助、送医或护送返乡",
                "keywords": ["流浪汉", "乞丐", "露宿街头", "流浪人员", "乞讨"],
                "department": "MZJ",
                "urgency": "urgent",
                "handle": [24, "h"],
                "photo_required": False,
                "filing_standard": (
                    "街面有流浪乞讨、露宿人员，需要临时救助；"
                    "流浪人员中有未成年人、老年人、残疾人，或疑似精神障碍、患病人员"
                ),
                "closing_standard": (
                    "已引导或护送至救助管理站，或已送医、联系家属接回；"
                    "本人拒绝救助的，已提供衣食等临时帮助并做好记录"
                ),
            },
            {
                "code": "16008",
                "name_zh": "社情民意反映",
                "name_en": "Public opinion and suggestions",
                "description": "群众对社区治理、公共服务、政策落实等方面的意见建议",
                "keywords": ["意见建议", "反映问题", "投诉建议", "民生诉求", "社区建议"],
                "department": "CMD",
                "urgency": "normal",
                "handle": [7, "wd"],
                "photo_required": False,
                "filing_standard": (
                    "群众对社区治理、公共服务、政策落实等提出的意见建议或诉求，且不属于其他类别；"
                    "网格员走访收集到的重要社情民意、群众普遍关注的问题"
                ),
                "closing_standard": (
                    "已分析研判并转交相关部门或社区办理，答复意见已反馈诉求人；"
                    "群众普遍关注的问题已形成专报"
                ),
            },
        ],
    },
    {
        "code": "17",
        "name_zh": "公共卫生",
        "name_en": "Public health",
        "subcategories": [
            {
                "code": "17001",
                "name_zh": "登革热蚊媒孳生",
                "name_en": "Dengue mosquito breeding",
                "description": "花盆托盘、废旧轮胎、闲置容器等积水处孳生蚊虫幼虫",
                "keywords": ["蚊子多", "积水", "孑孓", "花盆积水", "伊蚊"],
                "department": "WJJ",
                "urgency": "urgent",
                "handle": [1, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "花盆托盘、废旧轮胎、闲置容器、绿化带、工地等处有积水，发现孑孓（蚊幼虫）；"
                    "布雷图指数或诱蚊诱卵指数超过5的区域；周边有登革热病例报告"
                ),
                "closing_standard": (
                    "积水已清除或已翻盆倒罐，孳生地已清理；必要时已完成灭蚊消杀，现场照片清晰"
                ),
            },
            {
                "code": "17002",
                "name_zh": "传染病疫情线索",
                "name_en": "Infectious disease leads",
                "description": "发现发热、腹泻等传染病聚集性病例或疑似疫情",
                "keywords": ["传染病", "疫情", "学校多人发烧", "水痘", "手足口病"],
                "department": "WJJ",
                "urgency": "emergency",
                "handle": [2, "h"],
                "photo_required": False,
                "filing_standard": (
                    "学校、托幼机构、养老机构、工地等集体单位短时间内出现多例发热、腹泻、"
                    "皮疹等相似症状病例；发现疑似法定传染病病例"
                ),
                "closing_standard": (
                    "疾病预防控制机构已完成流行病学调查和采样检测，病例已规范诊治；"
                    "已落实消毒、隔离等防控措施"
                ),
            },
            {
                "code": "17003",
                "name_zh": "鼠蟑蝇害",
                "name_en": "Rats, cockroaches and flies",
                "description": "小区、市场、公共区域老鼠、蟑螂、苍蝇多，密度高",
                "keywords": ["老鼠多", "蟑螂", "苍蝇", "鼠洞", "四害"],
                "department": "WJJ",
                "urgency": "normal",
                "handle": [5, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "小区、农贸市场、餐饮集中区、公共区域频繁出现老鼠、蟑螂、苍蝇；"
                    "发现鼠洞、鼠迹、蝇类孳生地，防鼠防蝇设施缺失"
                ),
                "closing_standard": (
                    "已开展灭鼠、灭蟑、灭蝇消杀，孳生地已清理，防制设施已完善；现场照片清晰"
                ),
            },
            {
                "code": "17004",
                "name_zh": "医疗废物乱丢弃",
                "name_en": "Improper disposal of medical waste",
                "description": "诊所、药店乱丢针头、输液瓶、带血纱布等医疗废物",
                "keywords": ["医疗垃圾", "废弃针头", "输液瓶", "针筒", "带血纱布"],
                "department": "WJJ",
                "urgency": "urgent",
                "handle": [1, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "医疗机构、诊所、药店等将医疗废物混入生活垃圾或随意丢弃；"
                    "公共区域发现废弃针头、输液器、带血敷料等医疗废物"
                ),
                "closing_standard": (
                    "医疗废物已按规定收集并交由有资质单位处置，现场已消毒；"
                    "违规单位已依法查处，现场照片清晰"
                ),
            },
            {
                "code": "17005",
                "name_zh": "活禽违规宰杀",
                "name_en": "Illegal live-poultry slaughter",
                "description": "在市场外或禁止区域内违规销售、宰杀活禽",
                "keywords": ["杀鸡", "卖活鸡", "活禽", "宰杀家禽", "鸡鸭档"],
                "department": "SJJ",
                "urgency": "normal",
                "handle": [3, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "在禁止活禽交易区域或农贸市场外销售、宰杀活禽；"
                    "市场活禽摊档未落实定期清洗消毒和休市制度"
                ),
                "closing_standard": (
                    "违规活禽经营已取缔，现场已清洗消毒；活禽摊档已落实清洗消毒和休市制度，"
                    "现场照片清晰"
                ),
            },
            {
                "code": "17006",
                "name_zh": "非法行医",
                "name_en": "Illegal medical practice",
                "description": "无资质人员开设黑诊所、黑牙科，或在街头、集市行医",
                "keywords": ["黑诊所", "无证诊所", "游医", "假医生", "黑牙医"],
                "department": "WJJ",
                "urgency": "normal",
                "handle": [7, "wd"],
                "photo_required": False,
                "filing_standard": (
                    "未取得医疗机构执业许可证擅自开展诊疗活动；"
                    "非卫生技术人员从事医疗活动，或在街头、集市、居民家中行医"
                ),
                "closing_standard": (
                    "非法行医场所已取缔，医疗器械、药品已依法没收；核查处理结果已反馈"
                ),
            },
            {
                "code": "17007",
                "name_zh": "二次供水卫生",
                "name_en": "Secondary water supply hygiene",
                "description": "楼顶水箱、地下蓄水池未清洗消毒，或被污染、无盖无锁",
                "keywords": ["水箱脏", "水池没洗", "楼顶水箱", "水里有虫", "二次供水"],
                "department": "WJJ",
                "urgency": "normal",
                "handle": [5, "wd"],
                "photo_required": True,
                "filing_standard": (
                    "住宅小区、公共建筑的二次供水水箱、蓄水池未按规定定期清洗消毒；"
                    "水箱无盖、未上锁，或周边有污染源；用户水质出现浑浊、异味、虫体等异常"
                ),
                "closing_standard": (
                    "水箱、蓄水池已清洗消毒，卫生防护设施已完善；水质检测合格，现场照片清晰"
                ),
            },
        ],
    },
]
