package demo

import (
	"fmt"
	"strings"
)

// Sample firms and enterprises. Every name is invented; no real company is meant. Their unified
// social credit codes are computed to be valid under GB 32100-2015 (with a valid GB 11714
// organisation code inside), derived from a fixed seed so that loading twice gives the same codes.

// provider is a sample professional service firm.
type provider struct {
	zh, en   string
	lawFirm  bool     // law firms are registered by the justice bureau: their codes start 31
	district string   // GB/T 2260 code of the registering district
	joins    []string // demo alliances it belongs to
}

var providers = []provider{
	{"上海沪瀚律师事务所", "Shanghai Huhan Law Offices", true, "310104", []string{"SH-PSA", "XH-GSA"}},
	{"上海汇澄会计师事务所（特殊普通合伙）", "Shanghai Huicheng Certified Public Accountants LLP", false, "310104", []string{"SH-PSA", "XH-GSA"}},
	{"上海启望出海咨询有限公司", "Shanghai Qiwang Global Advisory Co., Ltd.", false, "310104", []string{"XH-GSA"}},
	{"上海澄远知识产权代理有限公司", "Shanghai Chengyuan IP Agency Co., Ltd.", false, "310104", []string{"SH-PSA", "XH-GSA"}},
	{"上海数衡合规科技有限公司", "Shanghai Shuheng Compliance Technology Co., Ltd.", false, "310104", []string{"XH-GSA"}},
	{"上海衡岳检测认证有限公司", "Shanghai Hengyue Testing and Certification Co., Ltd.", false, "310106", []string{"SH-PSA", "JA-GSP"}},
	{"上海汇岚人力资源有限公司", "Shanghai Huilan Human Resources Co., Ltd.", false, "310106", []string{"JA-GSP"}},
	{"上海远帆跨境金融服务有限公司", "Shanghai Yuanfan Cross-border Financial Services Co., Ltd.", false, "310106", []string{"SH-PSA", "JA-GSP"}},
	{"上海浦江致远管理咨询有限公司", "Shanghai Pujiang Zhiyuan Management Consulting Co., Ltd.", false, "310106", []string{"JA-GSP"}},
	{"上海译通达翻译服务有限公司", "Shanghai Yitongda Translation Services Co., Ltd.", false, "310101", []string{"SH-PSA"}},
	{"上海安途海外安保咨询有限公司", "Shanghai Antu Overseas Security Advisory Co., Ltd.", false, "310115", []string{"SH-PSA"}},
	{"上海松湖跨境物流有限公司", "Shanghai Songhu Cross-border Logistics Co., Ltd.", false, "310117", []string{"G60"}},
	{"上海泖塔律师事务所", "Shanghai Maota Law Offices", true, "310117", []string{"G60", "SH-PSA"}},
	{"上海广富林财税服务有限公司", "Shanghai Guangfulin Tax Services Co., Ltd.", false, "310117", []string{"G60"}},
}

// enterpriseTrades are invented trade names and industries for the sample enterprises, two per
// district in district order.
var enterpriseTrades = []struct{ zh, en string }{
	{"外滩云帆供应链管理", "Waitan Yunfan Supply Chain Management"}, {"豫园匠心文化创意", "Yuyuan Jiangxin Cultural and Creative"},
	{"漕溪智元机器人", "Caoxi Zhiyuan Robotics"}, {"滨江深算人工智能科技", "Binjiang Shensuan AI Technology"},
	{"虹桥远航航空服务", "Hongqiao Yuanhang Aviation Services"}, {"天山织锦时尚科技", "Tianshan Zhijin Fashion Technology"},
	{"苏河汇通数字科技", "Suhe Huitong Digital Technology"}, {"静安岭南生物医药", "Jing'an Lingnan Biopharmaceutical"},
	{"桃浦新材科技", "Taopu Advanced Materials"}, {"真如绿能储能科技", "Zhenru Green Energy Storage"},
	{"北外滩航运科技", "North Bund Shipping Technology"}, {"四川北路智慧零售", "Sichuan North Road Smart Retail"},
	{"五角场创芯电子", "Wujiaochang Chuangxin Electronics"}, {"杨浦滨江智能装备", "Yangpu Riverside Intelligent Equipment"},
	{"紫竹半导体装备", "Zizhu Semiconductor Equipment"}, {"莘庄新能源汽车零部件", "Xinzhuang NEV Components"},
	{"吴淞精密钢构", "Wusong Precision Steel Structures"}, {"罗泾港机重工", "Luojing Port Machinery"},
	{"嘉定氢途动力科技", "Jiading Qingtu Power Technology"}, {"安亭智驾科技", "Anting Autonomous Driving Technology"},
	{"张江海川医疗器械", "Zhangjiang Haichuan Medical Devices"}, {"陆家嘴远东跨境电商", "Lujiazui Yuandong Cross-border E-commerce"},
	{"金山湾精细化工", "Jinshan Bay Fine Chemicals"}, {"枫泾田园食品", "Fengjing Tianyuan Foods"},
	{"九科光伏组件", "Jiuke Photovoltaic Modules"}, {"洞泾智能制造", "Dongjing Intelligent Manufacturing"},
	{"青浦汇商物流", "Qingpu Huishang Logistics"}, {"朱家角水乡文旅", "Zhujiajiao Water Town Tourism"},
	{"东方美谷化妆品", "Oriental Beauty Valley Cosmetics"}, {"南桥生物制药", "Nanqiao Biopharma"},
	{"崇明生态农业科技", "Chongming Ecological Agritech"}, {"长兴海工装备", "Changxing Offshore Engineering Equipment"},
}

// enterprise is a sample enterprise with its home district.
type enterprise struct {
	uscc, zh, en, district string
}

// enterprises returns two sample enterprises per district.
func enterprises(districts []string) []enterprise {
	var out []enterprise
	for i, t := range enterpriseTrades {
		d := districts[(i/2)%len(districts)]
		out = append(out, enterprise{uscc: usccFor("91", d, 1000+i), zh: "上海" + t.zh + "有限公司", en: "Shanghai " + t.en + " Co., Ltd.", district: d})
	}
	return out
}

const (
	usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	orgAlphabet  = "0123456789ABCDEFGHJKLMNPQRTUWXY" // GB 11714 body characters used by new (MA…) codes
)

var (
	usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	orgWeights  = [8]int{3, 7, 9, 10, 5, 8, 4, 2}
)

// usccFor builds a valid unified social credit code: the registration authority and entity type
// (91 = market regulator, enterprise; 31 = justice bureau, law firm), the district's GB/T 2260 code,
// a GB 11714 organisation code "MA" + 6 characters + its check character, and the GB 32100 check
// character. seed picks the organisation code deterministically.
func usccFor(kind, district string, seed int) string {
	body := []byte("MA")
	x := uint64(seed)*2654435761 + 97
	for range 6 {
		body = append(body, orgAlphabet[x%uint64(len(orgAlphabet))])
		x = x/uint64(len(orgAlphabet)) + uint64(seed)*7919
	}
	sum := 0
	for i, c := range body {
		sum += orgValue(c) * orgWeights[i]
	}
	var check byte
	switch c := 11 - sum%11; c {
	case 10:
		check = 'X'
	case 11:
		check = '0'
	default:
		check = byte('0' + c)
	}
	code := kind + district + string(body) + string(check)
	sum = 0
	for i := range 17 {
		sum += strings.IndexByte(usccAlphabet, code[i]) * usccWeights[i]
	}
	code += string(usccAlphabet[(31-sum%31)%31])
	if len(code) != 18 {
		panic(fmt.Sprintf("uscc %q", code))
	}
	return code
}

// orgValue is a character's value in GB 11714: digits are themselves, letters A=10 … Z=35.
func orgValue(c byte) int {
	if c >= '0' && c <= '9' {
		return int(c - '0')
	}
	return int(c-'A') + 10
}
