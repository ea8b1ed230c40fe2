package demo

import (
	"strings"

	"chuhai/internal/network"
)

// The demo network is Shanghai's real "1+(3+15)+X" system: the real points and their real names and
// districts; street numbers, phone numbers and e-mail addresses are invented.

var weekdayZh, weekdayEn = "周一至周五 9:00–17:00（法定节假日除外）", "Mon–Fri 9:00–17:00, closed on public holidays"

var (
	allTopics      = []string{"odi", "market_entry", "legal", "tax", "finance", "ip", "certification", "hr", "safety", "data_compliance", "subsidy", "other"}
	hubTopics      = []string{"odi", "market_entry", "legal", "tax", "finance", "ip", "certification", "hr", "data_compliance", "subsidy"}
	districtTopics = []string{"market_entry", "legal", "tax", "subsidy", "other"}
	overseasTopics = []string{"market_entry", "legal", "safety", "hr", "certification"}
)

// district is one district point: code, district, Chinese and English district names, a street.
type district struct {
	code, region, zh, en, streetZh, streetEn string
}

var districtPoints = []district{
	{"HP", "310101", "黄浦", "Huangpu", "黄浦区大沽路 100 号", "100 Dagu Road, Huangpu District"},
	{"XH", "310104", "徐汇", "Xuhui", "徐汇区漕溪北路 336 号 区行政服务中心 出海服务专窗", "Going-Global Window, Xuhui Administrative Service Centre, 336 North Caoxi Road, Xuhui District"},
	{"CN", "310105", "长宁", "Changning", "长宁区长宁路 599 号", "599 Changning Road, Changning District"},
	{"JA", "310106", "静安", "Jing'an", "静安区共和新路 912 号", "912 Gonghe Xin Road, Jing'an District"},
	{"PT", "310107", "普陀", "Putuo", "普陀区大渡河路 1668 号", "1668 Daduhe Road, Putuo District"},
	{"HKQ", "310109", "虹口", "Hongkou", "虹口区飞虹路 518 号", "518 Feihong Road, Hongkou District"},
	{"YP", "310110", "杨浦", "Yangpu", "杨浦区江浦路 549 号", "549 Jiangpu Road, Yangpu District"},
	{"MH", "310112", "闵行", "Minhang", "闵行区沪闵路 6258 号", "6258 Humin Road, Minhang District"},
	{"BS", "310113", "宝山", "Baoshan", "宝山区密山路 5 号", "5 Mishan Road, Baoshan District"},
	{"JD", "310114", "嘉定", "Jiading", "嘉定区洪德路 1288 号", "1288 Hongde Road, Jiading District"},
	{"JS", "310116", "金山", "Jinshan", "金山区龙山路 555 号", "555 Longshan Road, Jinshan District"},
	{"SJ", "310117", "松江", "Songjiang", "松江区荣乐东路 2378 号", "2378 East Rongle Road, Songjiang District"},
	{"QP", "310118", "青浦", "Qingpu", "青浦区华青路 555 号", "555 Huaqing Road, Qingpu District"},
	{"FX", "310120", "奉贤", "Fengxian", "奉贤区望园路 2166 号", "2166 Wangyuan Road, Fengxian District"},
	{"CM", "310151", "崇明", "Chongming", "崇明区城桥镇翠竹路 1501 号", "1501 Cuizhu Road, Chengqiao Town, Chongming District"},
}

// points returns the demo network in display order.
func points() []network.PointInput {
	ps := []network.PointInput{
		{Code: "SH", Kind: network.CityPlatform, NameZh: "上海市企业走出去综合服务平台", NameEn: "Shanghai Going-Global Enterprise Service Platform",
			RegionCode: network.ShanghaiCode, AddressZh: "上海市黄浦区人民大道 200 号（示例地址）", AddressEn: "200 People's Avenue, Huangpu District, Shanghai (sample address)",
			OpeningHoursZh: "线上平台全天开放；线下咨询 " + weekdayZh, OpeningHoursEn: "Online at any time; in person " + weekdayEn,
			Phone: "021-6321 0000", Email: "service@example.gov.cn", OpenedOn: "2025-03-01", Capabilities: allTopics,
			NoteZh: "“1+(3+15)+X”体系中的“1”：市级一体化服务统筹协调机制和全市统一的企业走出去综合服务线上平台，由市商务委牵头。",
			NoteEn: "The “1” of the “1+(3+15)+X” system: the city-level coordination mechanism and the one citywide online platform for enterprises going overseas, led by the Municipal Commission of Commerce."},
		{Code: "PD", Kind: network.SubPlatform, NameZh: "浦东新区企业走出去综合服务中心", NameEn: "Pudong New Area Going-Global Enterprise Service Centre",
			RegionCode: "310115", AddressZh: "上海市浦东新区合欢路 2 号", AddressEn: "2 Hehuan Road, Pudong New Area, Shanghai",
			OpeningHoursZh: weekdayZh, OpeningHoursEn: weekdayEn, Phone: "021-5888 0101", Email: "pd@example.gov.cn", OpenedOn: "2025-03-18",
			Capabilities: hubTopics, NoteZh: "2025 年 3 月成立，浦东新区的出海服务由该分平台承担，浦东不另设区级服务点。",
			NoteEn: "Opened in March 2025. It serves Pudong New Area, which has no separate district service point."},
		{Code: "LG", Kind: network.SubPlatform, NameZh: "临港新片区“走出去”综合服务平台", NameEn: "Lingang Special Area Going-Global Service Platform",
			RegionCode: "SH-LINGANG", AddressZh: "上海市浦东新区申港大道 200 号", AddressEn: "200 Shengang Avenue, Pudong New Area, Shanghai",
			OpeningHoursZh: weekdayZh, OpeningHoursEn: weekdayEn, Phone: "021-6828 0202", Email: "lg@example.gov.cn", OpenedOn: "2024-06-01",
			Capabilities: hubTopics, NoteZh: "2000 平方米公共服务实体大厅，300 多家专业服务机构入驻；对“走出去”功能型总部最高奖励 1000 万元，采购专业服务最高补贴实际支出的 50%。",
			NoteEn: "A 2,000 m² public service hall with more than 300 professional service firms on site; rewards of up to 10 million yuan for going-global functional headquarters and subsidies of up to 50% of spending on professional services."},
		{Code: "HQ", Kind: network.SubPlatform, NameZh: "虹桥海外发展服务中心", NameEn: "Hongqiao Overseas Development Service Centre",
			RegionCode: "SH-HONGQIAO", AddressZh: "上海市闵行区申长路 988 号", AddressEn: "988 Shenchang Road, Minhang District, Shanghai",
			OpeningHoursZh: weekdayZh, OpeningHoursEn: weekdayEn, Phone: "021-6221 0303", Email: "hq@example.gov.cn", OpenedOn: "2024-04-01",
			Capabilities: hubTopics, NoteZh: "1800 平方米，线上线下联动，建有“大虹桥全球投资并购在线项目库”。",
			NoteEn: "1,800 m², online and offline, with the Greater Hongqiao online global investment and M&A project library."},
	}
	for _, d := range districtPoints {
		p := network.PointInput{Code: d.code, Kind: network.DistrictPoint,
			NameZh: "上海市企业走出去综合服务平台（" + d.zh + "）服务点", NameEn: "Shanghai Going-Global Service Platform — " + d.en + " Service Point",
			RegionCode: d.region, AddressZh: "上海市" + d.streetZh, AddressEn: d.streetEn + ", Shanghai",
			OpeningHoursZh: weekdayZh, OpeningHoursEn: weekdayEn, Phone: "021-" + phoneFor(d.region), Email: strings.ToLower(d.code) + "@example.gov.cn",
			OpenedOn: "2025-06-30", Capabilities: districtTopics,
			NoteZh: "依托" + d.zh + "区政务服务中心设立，是“15”个区级服务点之一。", NoteEn: "One of the “15” district service points, in the " + d.en + " government service centre."}
		switch d.code {
		case "XH":
			p.OpenedOn = "2025-08-20"
			p.Capabilities = []string{"market_entry", "legal", "tax", "ip", "data_compliance", "subsidy", "other"}
			p.NoteZh = "2025 年 8 月挂牌，在区行政服务中心设出海服务专窗；首批 21 家出海服务联盟成员优先推荐；购买区内专业服务商服务补贴 30%，最高 30 万元。"
			p.NoteEn = "Opened in August 2025 with a going-global window in the district administrative service centre; recommends the 21 first-batch alliance members; subsidises 30% of services bought from in-district providers, up to 300,000 yuan."
		case "JA":
			p.Capabilities = []string{"market_entry", "legal", "tax", "finance", "hr", "subsidy", "other"}
			p.NoteZh = "静安国际会客厅楼上的一站式出海服务中心：全球服务商成员、服务券补贴和新出海学院课程。"
			p.NoteEn = "The one-stop going-global centre above the Jing'an International Reception Hall: global service provider members, service vouchers and the going-global academy's courses."
		case "SJ":
			p.Capabilities = []string{"market_entry", "legal", "tax", "certification", "subsidy", "other"}
			p.NoteZh = "依托长三角 G60 科创走廊企业出海服务联盟，服务以制造业为主的出海企业。"
			p.NoteEn = "Works with the G60 corridor alliance and serves mainly manufacturers going overseas."
		}
		ps = append(ps, p)
	}
	ps = append(ps,
		network.PointInput{Code: "JA-ODI", Kind: network.SpecialisedPoint, NameZh: "静安区境外投资（ODI）咨询服务点", NameEn: "Jing'an ODI Consultation Point",
			RegionCode: "310106", AddressZh: "上海市静安区静安国际会客厅 7 楼（示例门牌：北京西路 1399 号）", AddressEn: "7F, Jing'an International Reception Hall (sample address: 1399 West Beijing Road), Jing'an District, Shanghai",
			OpeningHoursZh: weekdayZh, OpeningHoursEn: weekdayEn, Phone: "021-6288 0606", Email: "ja-odi@example.gov.cn", OpenedOn: "2025-04-01",
			Capabilities: []string{"odi", "finance", "legal", "tax"},
			NoteZh:       "2025 年 4 月开设，是除市发改委及临港、虹桥、浦东外，中心城区唯一提供境外投资项目许可咨询（ODI 咨询）的点位；已服务 18 家企业（含外区企业），其中 2 家获批。",
			NoteEn:       "Open since April 2025; apart from the city DRC and Lingang, Hongqiao and Pudong, the only place in the central districts offering ODI consultation. It has served 18 enterprises (some from other districts), 2 of which obtained approval."},
		network.PointInput{Code: "HK", Kind: network.OverseasPoint, NameZh: "上海市企业走出去综合服务平台香港服务点", NameEn: "Shanghai Going-Global Service Platform — Hong Kong Service Point",
			RegionCode: "HK", AddressZh: "香港湾仔港湾道 18 号（示例地址）", AddressEn: "18 Harbour Road, Wan Chai, Hong Kong (sample address)",
			OpeningHoursZh: "周一至周五 9:30–18:00（香港时间）", OpeningHoursEn: "Mon–Fri 9:30–18:00 Hong Kong time", TimeZone: "Asia/Hong_Kong",
			Phone: "+852 2827 0707", Email: "hk@example.org.cn", OpenedOn: "2025-09-01", Capabilities: overseasTopics, Countries: []string{"HK", "MO"},
			NoteZh: "依托市贸促会新设的海外服务点，为在港澳设立区域总部、融资平台的企业提供落地咨询。",
			NoteEn: "A new overseas point set up through the city CCPIT, advising enterprises that establish regional headquarters or financing platforms in Hong Kong and Macao."},
		network.PointInput{Code: "SG", Kind: network.OverseasPoint, NameZh: "上海市企业走出去综合服务平台新加坡服务点", NameEn: "Shanghai Going-Global Service Platform — Singapore Service Point",
			RegionCode: "SG", AddressZh: "新加坡罗敏申路 80 号（示例地址）", AddressEn: "80 Robinson Road, Singapore (sample address)",
			OpeningHoursZh: "周一至周五 9:00–18:00（新加坡时间）", OpeningHoursEn: "Mon–Fri 9:00–18:00 Singapore time", TimeZone: "Asia/Singapore",
			Phone: "+65 6221 0808", Email: "sg@example.org.cn", OpenedOn: "2025-09-15", Capabilities: overseasTopics,
			Countries: []string{"SG", "MY", "ID", "TH", "VN", "PH"},
			NoteZh:    "依托市贸促会新设的海外服务点，覆盖东南亚主要市场。", NoteEn: "A new overseas point set up through the city CCPIT, covering the main South-East Asian markets."},
	)
	return ps
}

func alliances() []network.AllianceInput {
	return []network.AllianceInput{
		{Code: "SH-PSA", NameZh: "上海市企业走出去专业服务联盟", NameEn: "Shanghai Going-Global Professional Services Alliance",
			Scope: network.ScopeCity, OwnerRegion: network.ShanghaiCode, FoundedOn: "2025-07-10",
			DescriptionZh: "2025 年 7 月成立，汇聚法律、财会、咨询、金融、知识产权、检验检测认证、人力资源等专业服务机构，为全市出海企业提供专业服务。",
			DescriptionEn: "Founded in July 2025, it brings together legal, accounting, consulting, finance, IP, testing and certification, and HR firms to serve enterprises across the city going overseas."},
		{Code: "XH-GSA", NameZh: "徐汇区出海服务联盟", NameEn: "Xuhui Going-Global Service Alliance",
			Scope: network.ScopeDistrict, OwnerRegion: "310104", FoundedOn: "2025-08-20",
			DescriptionZh: "首批吸纳 21 家成员单位，优先向出海企业推荐；企业购买区内专业服务商的出海服务，可获 30% 补贴（不超过 30 万元）。",
			DescriptionEn: "A first batch of 21 members, recommended to enterprises first; enterprises buying going-global services from in-district providers receive a 30% subsidy (at most 300,000 yuan)."},
		{Code: "JA-GSP", NameZh: "静安区全球服务商计划", NameEn: "Jing'an Global Service Provider Programme",
			Scope: network.ScopeDistrict, OwnerRegion: "310106", FoundedOn: "2019-01-01",
			DescriptionZh: "2019 年启动，103 家成员单位中一半以上为外资全球化专业服务机构（2026 年 1 月增至 115 家）；重心已逐步转向服务企业出海。",
			DescriptionEn: "Launched in 2019; more than half of its 103 members are foreign global professional service firms (115 by January 2026). Its focus has shifted to enterprises going overseas."},
		{Code: "G60", NameZh: "长三角G60科创走廊企业出海服务联盟", NameEn: "Yangtze River Delta G60 Corridor Going-Global Service Alliance",
			Scope: network.ScopeMultiCity, OwnerRegion: "310117", FoundedOn: "2025-06-01",
			Regions:       []string{"310117", "320500", "330100", "330400", "330500", "330700", "340100", "340200", "341800"},
			DescriptionZh: "九城联合（上海松江、苏州、嘉兴、杭州、金华、湖州、宣城、芜湖、合肥），200 多家成员企业，以制造业为主；组织沙龙、培训十余场，联合中阿改革发展研究中心定期发布《中东投资攻略》。",
			DescriptionEn: "Nine cities (Shanghai's Songjiang, Suzhou, Jiaxing, Hangzhou, Jinhua, Huzhou, Xuancheng, Wuhu and Hefei) and more than 200 member firms, mostly manufacturers; more than ten salons and training sessions, and a periodic Middle East investment guide with the China-Arab Reform and Development Research Center."},
	}
}

func phoneFor(region string) string { return "6" + region[3:] + " " + region[2:6] }
