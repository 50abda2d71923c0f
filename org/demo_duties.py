"""The demo district's duty list (权责清单) as data: every one of the 133 subcategories has a
default matter, many have the alternatives real lists give them (a penalty case, a private
estate's facility, a serious or district-wide case), and the town keeps its own sanitation.

Who leads follows practice in a Guangdong district after law enforcement and grassroots
governance moved down to the towns and streets (镇街综合行政执法, 基层治理): street-level
order and clutter go to the street's 城管中队, disputes to the street office or, between
neighbours, to the community's mediation committee, stairwell clutter and mosquito breeding
sites to the community, utilities and district bureaus keep their networks and licences.
Time limits are those the matter documents and are applied as written; emergencies add the
time to be on site (到场时限) to the handling limit. A matter with no limit (the manhole
covers, whose owner a component decides) takes the catalogue's limit for the urgency.
"""

from org.models import Level

D, S, C = Level.DISTRICT, Level.STREET, Level.COMMUNITY
STREET, COMMUNITY = "属地街道", "属地村居"
SFS, AWB, CGZD, AJB, LDB = (f"{STREET}:{f}" for f in ("司法所", "爱卫办", "城管中队", "安监办",
                                                        "劳动保障所"))

# Laws and regulations, each named once (articles where the list cites one).
URBAN = "《城市市容和环境卫生管理条例》"
ROADS = "《城市道路管理条例》"
DRAINAGE = "《城镇排水与污水处理条例》"
WATER = "《城市供水条例》"
LIGHTING = "《城市照明管理规定》"
GAS = "《城镇燃气管理条例》"
POWER = "《电力设施保护条例》"
TRAFFIC = "《中华人民共和国道路交通安全法》"
GREEN = "《城市绿化条例》"
ADVERTISING = "《中华人民共和国广告法》"
BUILDING = "《建设工程安全生产管理条例》"
AIR = "《中华人民共和国大气污染防治法》"
NOISE = "《中华人民共和国噪声污染防治法》"
PLANNING = "《中华人民共和国城乡规划法》"
PLANNING_GD = "《广东省城乡规划条例》"
MEDIATION = "《中华人民共和国人民调解法》"
SECURITY = "《中华人民共和国治安管理处罚法》"
SAFETY = "《中华人民共和国安全生产法》"
FIRE = "《中华人民共和国消防法》"
FOOD = "《中华人民共和国食品安全法》"
DRUGS = "《中华人民共和国药品管理法》"
EPIDEMIC = "《中华人民共和国传染病防治法》"
PATRIOTIC_HEALTH = "《广东省爱国卫生工作条例》"
WASTE = "《中华人民共和国固体废物污染环境防治法》"
WATER_POLLUTION = "《中华人民共和国水污染防治法》"
LAND = "《中华人民共和国土地管理法》"
EMERGENCY = "《中华人民共和国突发事件应对法》"
RELIEF = "《社会救助暂行办法》"
UNLICENSED = "《无证无照经营查处办法》"
GARBAGE_GD = "《广东省城乡生活垃圾管理条例》"

# subcategory code: (name, lead, level, assisting, legal basis, handle, on site within hours)
# lead None: the catalogue's default department; handle (amount, unit), None: the catalogue's
# handling limit at normal urgency, "": none (the catalogue's limit for the urgency applies).
DEFAULTS = {
    # 01 市政公用设施: the network's owner mends it
    "01001": ("井盖缺失的应急处置", None, D, [], f"{DRAINAGE}第三十八条", "", None),
    "01002": ("井盖破损的更换维护", None, D, [], f"{DRAINAGE}第三十八条", "", None),
    "01003": ("雨水箅子缺损的维护", None, D, [], DRAINAGE, None, None),
    "01004": ("市政排水管道堵塞的疏通", None, D, [], DRAINAGE, None, None),
    "01005": ("市政供水管道漏水的抢修", None, D, [], f"{WATER}第二十八条", None, 2),
    "01006": ("市政消火栓损坏的维修", None, D, ["XFJ"], f"{FIRE}第二十九条", None, None),
    "01007": ("路灯不亮的维修", None, D, [], LIGHTING, None, None),
    "01008": ("路灯设施损坏的维修", None, D, [], LIGHTING, None, None),
    "01009": ("架空通信线缆脱落的处置", None, D, ["GDJ"], "《电信设施保护条例》", None, None),
    # 02 交通设施
    "02001": ("交通信号灯故障的维修", None, D, [], f"{TRAFFIC}第二十五条", None, 2),
    "02002": ("交通标志牌缺损的修复", None, D, [], f"{TRAFFIC}第二十九条", None, None),
    "02003": ("道路交通标线的重划", None, D, [], f"{TRAFFIC}第二十九条", None, None),
    "02004": ("道路护栏损坏的修复", None, D, [], ROADS, None, None),
    "02005": ("市政道路破损的修补", None, D, [], f"{ROADS}第二十一条", None, None),
    "02006": ("人行道破损的修补", None, D, [], ROADS, None, None),
    "02007": ("盲道缺损的修复", None, D, [], "《无障碍环境建设法》", None, None),
    "02008": ("公交站亭损坏的维修", None, D, [], "《城市公共交通条例》", None, None),
    # 03 市容环卫设施
    "03001": ("垃圾桶破损缺失的更换", None, D, [], GARBAGE_GD, None, None),
    "03002": ("垃圾箱满溢的清运", None, D, [], GARBAGE_GD, None, None),
    "03003": ("垃圾分类投放点的督导与保洁", COMMUNITY, C, ["HWG"], GARBAGE_GD, None, None),
    "03004": ("垃圾中转站的保洁", None, D, [], "《城市生活垃圾管理办法》", None, None),
    "03005": ("公共厕所的保洁", None, D, [], "《城市公厕管理办法》", None, None),
    "03006": ("公共厕所设施的维修", None, D, [], "《城市公厕管理办法》", None, None),
    "03007": ("化粪池冒溢的清掏", None, D, ["PSG"], URBAN, None, 2),
    # 04 园林绿化设施
    "04001": ("倒伏树木的应急清理", None, D, ["JJD"], GREEN, (4, "h"), 1),
    "04002": ("断枝悬挂的清除", None, D, [], GREEN, None, None),
    "04003": ("行道树缺株的补植", None, D, [], GREEN, None, None),
    "04004": ("遮挡设施树木的修剪", None, D, [], f"{GREEN}第二十一条", None, None),
    "04005": ("树木病虫害的防治", None, D, [], GREEN, None, None),
    "04006": ("公共绿地的保洁", None, D, [], GREEN, None, None),
    "04007": ("毁绿占绿的巡查制止", CGZD, S, ["YLZ"], f"{GREEN}第二十条", None, None),
    "04008": ("公园设施的维修", None, D, [], "《公园条例》", None, None),
    # 05 市容环境
    "05001": ("暴露垃圾的清理", None, D, [], f"{URBAN}第十条", None, None),
    "05002": ("积存垃圾渣土的清运", None, D, [], "《城市建筑垃圾管理规定》", None, None),
    "05003": ("道路清扫保洁", None, D, [], URBAN, None, None),
    "05004": ("道路遗撒的清理", None, D, ["CGJ"], URBAN, None, None),
    "05005": ("私搭乱建的巡查制止", CGZD, S, [COMMUNITY], f"{URBAN}第十四条", None, None),
    "05006": ("沿街晾挂的劝导整改", CGZD, S, [], f"{URBAN}第九条", None, None),
    "05007": ("乱堆杂物的清理整改", COMMUNITY, C, [CGZD], f"{URBAN}第十四条", (2, "wd"), None),
    "05008": ("河涌水面漂浮物的打捞", None, D, [STREET], "《中华人民共和国河道管理条例》",
              None, None),
    # 06 宣传广告
    "06001": ("非法小广告的清除", CGZD, S, [COMMUNITY], f"{URBAN}第十七条", None, None),
    "06002": ("乱涂乱画的清除", CGZD, S, [], f"{URBAN}第十七条", None, None),
    "06003": ("违规户外广告的查处", None, D, [CGZD], f"{URBAN}第十一条", None, None),
    "06004": ("破损广告招牌的排险", CGZD, S, ["CGJ"], f"{URBAN}第十一条", (4, "wh"), None),
    "06005": ("残损灯箱霓虹灯的整改", CGZD, S, [], f"{URBAN}第十一条", None, None),
    "06006": ("违规悬挂横幅的清除", CGZD, S, [], URBAN, None, None),
    "06007": ("占道广告牌的清理", CGZD, S, [], f"{ROADS}第二十七条", None, None),
    # 07 施工管理
    "07001": ("建筑施工噪声扰民的查处", None, D, ["HBJ"], f"{NOISE}第四十三条", None, None),
    "07002": ("工地扬尘的查处", None, D, ["HBJ"], f"{AIR}第六十九条", None, None),
    "07003": ("施工围挡破损的整改", None, D, [], BUILDING, None, None),
    "07004": ("违规占道施工的查处", None, D, ["JJD"], f"{ROADS}第三十一条", None, None),
    "07005": ("道路开挖后未恢复的督办", None, D, [], f"{ROADS}第三十三条", None, None),
    "07006": ("渣土运输违规的查处", None, D, ["JJD"], "《城市建筑垃圾管理规定》", None, None),
    "07007": ("无证建设的查处", None, D, [STREET], "《中华人民共和国建筑法》第七条",
              None, None),
    "07008": ("违法建设的查处", STREET, S, [CGZD, COMMUNITY],
              f"{PLANNING}第六十四条；{PLANNING_GD}", (15, "wd"), None),
    # 08 街面秩序
    "08001": ("占道经营的巡查劝导", CGZD, S, [], f"{URBAN}第十四条", None, None),
    "08002": ("店外经营的劝导整改", CGZD, S, [], f"{URBAN}第十四条", None, None),
    "08003": ("无照经营游商的劝离", CGZD, S, ["SJJ"], UNLICENSED, None, None),
    "08004": ("露天烧烤的制止", CGZD, S, [], f"{AIR}第八十一条", None, None),
    "08005": ("机动车乱停放的处理", None, D, [], f"{TRAFFIC}第五十六条", None, None),
    "08006": ("非机动车乱停放的整理", CGZD, S, [COMMUNITY], TRAFFIC, None, None),
    "08007": ("废弃车辆的清拖", None, D, [CGZD], TRAFFIC, None, None),
    "08008": ("私设地桩地锁的清除", CGZD, S, [], f"{ROADS}第二十七条", None, None),
    # 09 突发事件: on site first, then the handling limit
    "09001": ("城市内涝积水点的抢排", None, D, [STREET], f"{DRAINAGE}第二十四条", (12, "h"), 1),
    "09002": ("路面塌陷的围蔽抢修", None, D, ["JJD", "PSG"], f"{ROADS}第二十四条", (72, "h"), 1),
    "09003": ("燃气泄漏的抢险", None, D, ["XFJ"], f"{GAS}第三十九条", (4, "h"), 0.5),
    "09004": ("火灾扑救", None, D, [STREET], f"{FIRE}第四十四条", (6, "h"), 0.25),
    "09005": ("电力线路断落的抢修", None, D, [], f"{POWER}第十一条", (8, "h"), 1),
    "09006": ("危险化学品泄漏的应急处置", None, D, ["XFJ", "HBJ"],
              "《危险化学品安全管理条例》第七十条", (8, "h"), 0.5),
    "09007": ("房屋倒塌险情的排险", None, D, [STREET, "XFJ"], EMERGENCY, (24, "h"), 1),
    "09008": ("裸露电线电缆的排险", None, D, ["LDS"], f"{POWER}第十一条", None, None),
    # 10 矛盾纠纷: mediated where people live
    "10001": ("邻里纠纷调解", COMMUNITY, C, [SFS], f"{MEDIATION}第二十二条", (5, "wd"), None),
    "10002": ("婚姻家庭纠纷调处", STREET, S, [SFS, COMMUNITY], MEDIATION, (7, "wd"), None),
    "10003": ("劳资纠纷调处", STREET, S, [LDB, "RSJ"],
              "《中华人民共和国劳动争议调解仲裁法》第十条", (15, "wd"), None),
    "10004": ("物业纠纷调处", STREET, S, ["ZJJ", COMMUNITY], "《物业管理条例》", (15, "wd"), None),
    "10005": ("医患纠纷调处", STREET, S, ["WJJ", SFS], "《医疗纠纷预防和处理条例》",
              (15, "wd"), None),
    "10006": ("征地拆迁纠纷调处", STREET, S, ["ZRJ", SFS],
              "《国有土地上房屋征收与补偿条例》", (15, "wd"), None),
    "10007": ("消费纠纷调处", STREET, S, ["SJJ"], "《中华人民共和国消费者权益保护法》第三十九条",
              (7, "wd"), None),
    "10008": ("房屋租赁纠纷调处", STREET, S, [SFS, COMMUNITY], MEDIATION, (7, "wd"), None),
    # 11 治安隐患
    "11001": ("可疑人员物品的核查", None, D, [], SECURITY, None, 0.5),
    "11002": ("涉黄涉赌线索的查处", None, D, [], f"{SECURITY}第六十六条、第七十条", None,
              None),
    "11003": ("涉毒线索的核查", None, D, [], "《中华人民共和国禁毒法》", None, None),
    "11004": ("涉嫌传销的查处", None, D, ["GAJ"], "《禁止传销条例》第四条", None, None),
    "11005": ("电信网络诈骗线索的处置", None, D, [], "《中华人民共和国反电信网络诈骗法》",
              None, None),
    "11006": ("出租屋治安隐患的整改", None, D, [COMMUNITY], SECURITY, None, None),
    "11007": ("精神障碍患者肇事肇祸风险的处置", None, D, ["WJJ", COMMUNITY],
              "《中华人民共和国精神卫生法》第二十八条", None, 0.5),
    "11008": ("治安监控设施的维修", None, D, [], SECURITY, None, None),
    # 12 安全生产
    "12001": ("工贸企业安全隐患的检查整改", AJB, S, ["YJJ"], f"{SAFETY}第六十五条",
              (3, "wd"), None),
    "12002": ("危化品违规存放的查处", None, D, [AJB], "《危险化学品安全管理条例》", None, None),
    "12003": ("建筑施工安全隐患的整改", None, D, [], BUILDING, None, None),
    "12004": ("特种设备安全隐患的查处", None, D, [],
              "《中华人民共和国特种设备安全法》第五十七条", None, None),
    "12005": ("瓶装燃气违规使用的查处", None, D, [AJB], GAS, None, None),
    "12006": ("高空坠物隐患的排除", None, D, [COMMUNITY],
              "《中华人民共和国民法典》第一千二百五十四条", None, None),
    "12007": ("危房隐患的排查鉴定", None, D, [STREET], "《城市危险房屋管理规定》", None, None),
    "12008": ("地质灾害隐患的巡查处置", None, D, [STREET], "《地质灾害防治条例》", None, None),
    # 13 消防安全
    "13001": ("占用消防车通道的查处", None, D, [COMMUNITY], f"{FIRE}第二十八条", None, None),
    "13002": ("疏散通道堵塞的整改", None, D, [], f"{FIRE}第二十八条", None, None),
    "13003": ("消防设施器材缺损的整改", None, D, [], f"{FIRE}第十六条", None, None),
    "13004": ("电动自行车违规充电的劝导整改", COMMUNITY, C, ["XFJ"],
              "《高层民用建筑消防安全管理规定》第三十七条", (1, "wd"), None),
    "13005": ("楼道堆物的清理", COMMUNITY, C, ["XFJ"], f"{FIRE}第二十八条", (2, "wd"), None),
    "13006": ("违规用火用电的查处", None, D, [], f"{FIRE}第二十一条", None, None),
    "13007": ("九小场所消防安全检查", AJB, S, ["XFJ"], f"{FIRE}第三十一条", (3, "wd"), None),
    "13008": ("三合一场所违规住人的整治", STREET, S, ["XFJ", "GAJ"], f"{FIRE}第十九条", (3, "wd"),
              None),
    # 14 食品药品安全
    "14001": ("无证食品经营的查处", None, D, [], f"{FOOD}第三十五条", None, None),
    "14002": ("过期变质食品的查处", None, D, [], f"{FOOD}第三十四条", None, None),
    "14003": ("餐饮场所卫生的检查", None, D, [], f"{FOOD}第五十五条", None, None),
    "14004": ("食品黑作坊的查处", None, D, ["GAJ"], FOOD, None, None),
    "14005": ("疑似食物中毒的应急处置", None, D, ["WJJ"], f"{FOOD}第一百零三条", (24, "h"), 1),
    "14006": ("违规销售药品的查处", None, D, [], DRUGS, None, None),
    "14007": ("保健食品虚假宣传的查处", None, D, [], ADVERTISING, None, None),
    # 15 生态环境
    "15001": ("工业噪声扰民的查处", None, D, [], NOISE, None, None),
    "15002": ("社会生活噪声扰民的处理", None, D, [COMMUNITY], f"{NOISE}第六十五条", None, 1),
    "15003": ("废气污染的查处", None, D, [], AIR, None, None),
    "15004": ("餐饮油烟污染的查处", None, D, [CGZD], f"{AIR}第八十一条", None, None),
    "15005": ("露天焚烧的制止", CGZD, S, [], f"{AIR}第七十七条", None, None),
    "15006": ("污水乱排的查处", None, D, ["PSG"], WATER_POLLUTION, None, None),
    "15007": ("固体废物非法倾倒的查处", None, D, [STREET], WASTE, None, None),
    "15008": ("违法占用土地的查处", None, D, [STREET], f"{LAND}第七十七条", None, None),
    # 16 民生服务
    "16001": ("停水的抢修与告知", None, D, [], f"{WATER}第二十二条", None, None),
    "16002": ("停电的抢修与告知", None, D, [], "《电力供应与使用条例》", None, None),
    "16003": ("停气的抢修与告知", None, D, [], GAS, None, None),
    "16004": ("水质水压异常的处理", None, D, ["WJJ"], WATER, None, None),
    "16005": ("困难群众救助申请的受理", STREET, S, [COMMUNITY, "MZJ"], f"{RELIEF}第十一条",
              (7, "wd"), None),
    "16006": ("独居老人的探访关爱", COMMUNITY, C, [], "《中华人民共和国老年人权益保障法》",
              (3, "wd"), None),
    "16007": ("流浪乞讨人员的救助", None, D, ["GAJ", CGZD],
              "《城市生活无着的流浪乞讨人员救助管理办法》", None, None),
    "16008": ("社情民意的办理", None, D, [], "《信访工作条例》", None, None),
    # 17 公共卫生
    "17001": ("登革热蚊媒孳生地的清理", COMMUNITY, C, [AWB, "WJJ"],
              f"{PATRIOTIC_HEALTH}；{EPIDEMIC}", (1, "wd"), None),
    "17002": ("传染病疫情线索的处置", None, D, [STREET], f"{EPIDEMIC}第三十一条", None, 2),
    "17003": ("鼠蟑蝇害的防制", AWB, S, [COMMUNITY], PATRIOTIC_HEALTH, None, None),
    "17004": ("医疗废物乱丢弃的查处", None, D, ["HBJ"], "《医疗废物管理条例》", None, None),
    "17005": ("活禽违规宰杀的查处", None, D, [CGZD], "《中华人民共和国动物防疫法》", None, None),
    "17006": ("非法行医的查处", None, D, ["GAJ"], "《中华人民共和国医师法》", None, None),
    "17007": ("二次供水卫生的监督", None, D, ["GSG"], "《生活饮用水卫生监督管理办法》", None,
              None),
}

# Matters a dispatcher may pick instead of the default (never chosen by routing):
# (subcategory code, name, lead, level, assisting, legal basis, handle)
ALTERNATIVES = [
    ("01001", "燃气井盖缺失的处置", "RQG", D, [], GAS, (6, "h")),
    ("01001", "通信井盖缺失的处置", "TXG", D, [], "《电信设施保护条例》", (6, "h")),
    ("01001", "供水井盖缺失的处置", "GSG", D, [], WATER, (6, "h")),
    ("01001", "电力井盖缺失的处置", "GDJ", D, [], POWER, (6, "h")),
    ("01002", "燃气井盖破损的处置", "RQG", D, [], GAS, (6, "h")),
    ("01002", "通信井盖破损的处置", "TXG", D, [], "《电信设施保护条例》", (6, "h")),
    ("01002", "供水井盖破损的处置", "GSG", D, [], WATER, (6, "h")),
    ("01002", "电力井盖破损的处置", "GDJ", D, [], POWER, (6, "h")),
    ("01004", "小区内部排水管道堵塞的协调", COMMUNITY, C, [STREET], DRAINAGE, (3, "wd")),
    ("01005", "小区内部供水管道漏水的协调", COMMUNITY, C, ["GSG"], WATER, (2, "wd")),
    ("01006", "小区消火栓损坏的督促整改", COMMUNITY, C, ["XFJ"], FIRE, (5, "wd")),
    ("01007", "村居自建路灯的维修", COMMUNITY, C, [], LIGHTING, (5, "wd")),
    ("01008", "村居自建路灯设施的维修", COMMUNITY, C, [], LIGHTING, (5, "wd")),
    ("01009", "架空电力线缆脱落的处置", "GDJ", D, [], POWER, (24, "h")),
    ("02005", "村道破损的修补", STREET, S, [], "《农村公路条例》", (5, "wd")),
    ("02006", "村居巷道路面破损的修补", COMMUNITY, C, [STREET], ROADS, (10, "wd")),
    ("02008", "公交站亭广告设施损坏的维修", "CGJ", D, ["JTJ"], URBAN, (5, "wd")),
    ("03001", "小区内垃圾桶的配置", COMMUNITY, C, ["HWG"], GARBAGE_GD, (5, "wd")),
    ("03002", "小区内垃圾箱满溢的督促清运", COMMUNITY, C, ["HWG"], GARBAGE_GD, (4, "wh")),
    ("04001", "小区内树木倒伏的清理", COMMUNITY, C, ["YLZ"], GREEN, (24, "h")),
    ("04002", "小区内断枝的清除", COMMUNITY, C, ["YLZ"], GREEN, (1, "wd")),
    ("04006", "村居绿地的保洁", COMMUNITY, C, [], GREEN, (1, "wd")),
    ("05001", "小区内暴露垃圾的清理", COMMUNITY, C, [], URBAN, (1, "wd")),
    ("05003", "村居巷道的清扫保洁", COMMUNITY, C, [], URBAN, (1, "wd")),
    ("05005", "私搭乱建的拆除（区级督办）", "CGJ", D, [CGZD], PLANNING, (30, "wd")),
    ("05007", "道路两侧乱堆物料的清理", CGZD, S, [], f"{URBAN}第十四条", (1, "wd")),
    ("05008", "村居内河涌漂浮物的打捞", STREET, S, [COMMUNITY],
     "《中华人民共和国河道管理条例》", (1, "wd")),
    ("06003", "大型户外广告设施的拆除", "CGJ", D, ["ZJJ"], ADVERTISING, (15, "wd")),
    ("06004", "大型广告招牌的安全检测", "ZJJ", D, ["CGJ"], BUILDING, (5, "wd")),
    ("07001", "夜间施工噪声的制止", "HBJ", D, ["ZJJ"], f"{NOISE}第四十三条", (2, "h")),
    ("07008", "区管项目违法建设的查处", "CGJ", D, [STREET], f"{PLANNING}第六十四条",
     (30, "wd")),
    ("07008", "农村村民住宅违法建设的查处", STREET, S, [COMMUNITY, "ZRJ"],
     f"{PLANNING}第六十五条", (30, "wd")),
    ("08001", "重点路段占道经营的集中整治", "CGJ", D, [CGZD], URBAN, (5, "wd")),
    ("08005", "小区内机动车乱停放的劝导", COMMUNITY, C, [], "《物业管理条例》", (1, "wd")),
    ("08007", "小区内废弃车辆的清理", COMMUNITY, C, ["JJD"], TRAFFIC, (15, "wd")),
    ("09001", "下穿通道积水的交通管制", "JJD", D, ["PSG"], TRAFFIC, (4, "h")),
    ("09004", "火灾后现场的清理与安置", STREET, S, [COMMUNITY, "MZJ"], EMERGENCY, (3, "wd")),
    ("09005", "用户产权电力线路断落的处置", "GDJ", D, [COMMUNITY], POWER, (24, "h")),
    ("10001", "重大邻里纠纷的调处", STREET, S, [SFS, COMMUNITY], MEDIATION, (15, "wd")),
    ("10001", "邻里纠纷的司法确认指导", SFS, S, [COMMUNITY], f"{MEDIATION}第三十三条",
     (15, "wd")),
    ("10002", "婚姻家庭纠纷的村居调解", COMMUNITY, C, [SFS], MEDIATION, (5, "wd")),
    ("10002", "家庭暴力的处置", "GAJ", D, [COMMUNITY, "MZJ"], "《中华人民共和国反家庭暴力法》",
     (24, "h")),
    ("10003", "拖欠农民工工资的查处", "RSJ", D, [LDB], "《保障农民工工资支付条例》",
     (30, "wd")),
    ("10003", "群体性劳资纠纷的调处", "RSJ", D, [STREET, "GAJ"],
     "《中华人民共和国劳动争议调解仲裁法》", (15, "wd")),
    ("10004", "物业服务质量投诉的处理", "ZJJ", D, [COMMUNITY], "《物业管理条例》", (15, "wd")),
    ("10005", "重大医疗纠纷的调处", "WJJ", D, ["SFJ", "GAJ"], "《医疗纠纷预防和处理条例》",
     (30, "wd")),
    ("10006", "重大征地拆迁纠纷的调处", "ZRJ", D, [STREET, "SFJ"], LAND, (30, "wd")),
    ("10007", "消费投诉的调解", "SJJ", D, [], "《市场监督管理投诉举报处理暂行办法》",
     (7, "wd")),
    ("10008", "出租屋租赁纠纷的村居调解", COMMUNITY, C, [SFS], MEDIATION, (5, "wd")),
    ("11006", "出租屋的登记核查", COMMUNITY, C, ["GAJ"], "《广东省出租屋治安管理规定》",
     (5, "wd")),
    ("11007", "精神障碍患者的监护落实", COMMUNITY, C, ["WJJ", "MZJ"],
     "《中华人民共和国精神卫生法》", (5, "wd")),
    ("12001", "规模以上工贸企业安全隐患的查处", "YJJ", D, [AJB], SAFETY, (5, "wd")),
    ("12005", "餐饮场所瓶装燃气的安全检查", AJB, S, ["ZJJ"], GAS, (3, "wd")),
    ("12006", "小区内高空坠物隐患的排除", COMMUNITY, C, ["ZJJ"], "《物业管理条例》",
     (1, "wd")),
    ("12007", "村居危房的巡查与人员转移", STREET, S, [COMMUNITY, "ZJJ"],
     "《城市危险房屋管理规定》", (24, "h")),
    ("13001", "小区内消防车通道占用的清理", COMMUNITY, C, ["XFJ"], f"{FIRE}第二十八条",
     (4, "wh")),
    ("13002", "住宅楼疏散通道堵塞的清理", COMMUNITY, C, ["XFJ"], f"{FIRE}第二十八条",
     (1, "wd")),
    ("13004", "电动自行车违规充电的查处", "XFJ", D, [COMMUNITY],
     "《高层民用建筑消防安全管理规定》第四十七条", (5, "wd")),
    ("13005", "楼道堆物的行政处罚", "XFJ", D, [COMMUNITY], f"{FIRE}第六十条", (15, "wd")),
    ("13007", "九小场所消防违法行为的查处", "XFJ", D, [AJB], f"{FIRE}第六十条", (15, "wd")),
    ("14003", "小餐饮场所卫生的巡查", STREET, S, ["SJJ"], FOOD, (3, "wd")),
    ("15002", "娱乐场所噪声的查处", "HBJ", D, ["GAJ"], f"{NOISE}第六十二条", (3, "wd")),
    ("15002", "装修噪声的劝导", COMMUNITY, C, [], f"{NOISE}第六十六条", (1, "wd")),
    ("15004", "餐饮油烟净化设施的督促安装", CGZD, S, ["HBJ"], f"{AIR}第八十一条", (10, "wd")),
    ("15005", "秸秆露天焚烧的制止", STREET, S, [COMMUNITY], f"{AIR}第七十七条", (4, "wh")),
    ("15007", "建筑垃圾非法倾倒的查处", "CGJ", D, [STREET], "《城市建筑垃圾管理规定》",
     (5, "wd")),
    ("15008", "农用地违法建设的制止", STREET, S, [COMMUNITY, "ZRJ"], LAND, (5, "wd")),
    ("16001", "小区二次供水设施故障停水的协调", COMMUNITY, C, ["GSG"], WATER, (24, "h")),
    ("16002", "小区配电设施故障停电的协调", COMMUNITY, C, ["GDJ"], "《电力供应与使用条例》",
     (24, "h")),
    ("16005", "临时救助的审批", "MZJ", D, [STREET], f"{RELIEF}第四十七条", (5, "wd")),
    ("16005", "最低生活保障的申请受理", STREET, S, [COMMUNITY], f"{RELIEF}第十一条",
     (30, "wd")),
    ("16006", "特困老人的供养", "MZJ", D, [STREET, COMMUNITY], f"{RELIEF}第十四条", (20, "wd")),
    ("16007", "流浪乞讨人员的劝导与护送", STREET, S, [COMMUNITY, "GAJ"],
     "《城市生活无着的流浪乞讨人员救助管理办法》", (24, "h")),
    ("17001", "公共区域蚊媒孳生地的清理", AWB, S, ["HWG", "YLZ"], PATRIOTIC_HEALTH, (1, "wd")),
    ("17001", "登革热病例周边的应急灭蚊", "WJJ", D, [AWB, COMMUNITY], EPIDEMIC, (24, "h")),
    ("17003", "餐饮场所病媒生物的防制", "SJJ", D, [AWB], PATRIOTIC_HEALTH, (5, "wd")),
    ("17006", "非法行医的联合打击", "WJJ", D, ["GAJ", STREET], "《中华人民共和国医师法》",
     (30, "wd")),
]

# Where the default is an inspection (行政检查), the penalty case (行政处罚) is a matter of its
# own that the dispatcher picks once a case is filed: 30 working days, by the default's lead.
PENALTY_DAYS = 30
PENALTIES = {
    "04007", "05005", "05006", "06001", "06002", "06003", "06005", "06006", "06007",
    "07001", "07002", "07004", "07006", "07007", "08001", "08002", "08003", "08004",
    "08006", "08008", "11002", "11004", "12002", "12004", "12005", "13001", "13002",
    "13003", "13006", "14001", "14002", "14003", "14004", "14006", "14007", "15001",
    "15003", "15004", "15005", "15006", "15007", "15008", "17004", "17005",
}

# Coercive measures (行政强制) where the law gives the enforcer one: seizing a hawker's goods,
# sealing premises, demolishing what was not removed. By the default's lead, 5 working days.
COERCION_DAYS = 5
COERCIONS = {
    "05005": ("私搭乱建的强制拆除", f"{PLANNING}第六十八条"),
    "06003": ("违规户外广告设施的强制拆除", f"{URBAN}第三十四条"),
    "07008": ("违法建设的强制拆除", f"{PLANNING}第六十八条"),
    "08001": ("占道经营物品的暂扣", f"{ROADS}第四十二条"),
    "08002": ("店外经营物品的暂扣", URBAN),
    "08003": ("无照经营工具的查封扣押", f"{UNLICENSED}第十一条"),
    "08004": ("露天烧烤工具的暂扣", AIR),
    "08008": ("地桩地锁的强制清除", ROADS),
    "12002": ("违规存放危化品的查封扣押", "《危险化学品安全管理条例》第七条"),
    "13008": ("三合一场所的临时查封", f"{FIRE}第五十四条"),
    "14004": ("食品黑作坊的查封扣押", f"{FOOD}第一百一十条"),
    "15006": ("污水偷排设施的查封扣押", f"{WATER_POLLUTION}第八十八条"),
    "15008": ("非法占地建筑物的拆除", f"{LAND}第八十三条"),
}

# The town keeps its own sanitation (镇环卫站): a row for the town overrides the district's.
TOWN_SANITATION = ["03001", "03002", "03004", "03005", "05001", "05002", "05003", "05004"]
