package demo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"chuhai/internal/app"
	"chuhai/internal/apperr"
	"chuhai/internal/directory"
	"chuhai/internal/network"
)

// The directory's demo beyond the sample firms of directory.go: a profile and service menu for every
// provider, more providers (at least 60 in all, spread over the twelve categories, Shanghai's
// districts, foreign registrations and the four alliances), more enterprises (at least 200, over the
// 16 districts, typical industries and markets), and a track record of engagements and ratings, some
// of it old enough that the idle list has members to show. Everything is derived from the index of
// the row, so a second load finds every record and changes nothing.

// demoNow is the moment the demo's engagements are dated from, fixed so that loading twice or on
// another day gives the same history.
var demoNow = time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)

// categoryFirm is how firms of a category are named and what they sell.
type categoryFirm struct {
	category        string
	suffixZh        string
	suffixEn        string
	lawFirm         bool
	services        []serviceTemplate
	languages       []string
	foreignSuffixZh string
	foreignSuffixEn string
}

type serviceTemplate struct {
	zh, en   string
	min, max int64 // yuan
	days     int
}

var categoryFirms = []categoryFirm{
	{category: "legal", suffixZh: "律师事务所", suffixEn: "Law Offices", lawFirm: true, languages: []string{"zh", "en"},
		foreignSuffixZh: "律师行", foreignSuffixEn: "Legal LLP",
		services: []serviceTemplate{{"境外投资法律尽职调查", "Outbound investment legal due diligence", 50_000, 300_000, 30},
			{"海外劳动用工合规审查", "Overseas employment compliance review", 20_000, 80_000, 20},
			{"跨境并购交易文件起草", "Cross-border M&A transaction documents", 100_000, 500_000, 45}}},
	{category: "accounting", suffixZh: "会计师事务所（特殊普通合伙）", suffixEn: "Certified Public Accountants LLP", languages: []string{"zh", "en"},
		foreignSuffixZh: "会计师行", foreignSuffixEn: "Chartered Accountants",
		services: []serviceTemplate{{"境外税务架构筹划", "Overseas tax structuring", 30_000, 150_000, 25},
			{"ODI 专项审计报告", "ODI special audit report", 15_000, 40_000, 15},
			{"境外子公司账务与申报", "Bookkeeping and filings for overseas subsidiaries", 24_000, 96_000, 30}}},
	{category: "consulting", suffixZh: "管理咨询有限公司", suffixEn: "Management Consulting Co., Ltd.", languages: []string{"zh", "en"},
		foreignSuffixZh: "咨询私人有限公司", foreignSuffixEn: "Advisory Pte. Ltd.",
		services: []serviceTemplate{{"海外市场进入研究", "Market entry study", 40_000, 200_000, 30},
			{"ODI 备案申报辅导", "ODI filing support", 20_000, 60_000, 20}}},
	{category: "finance", suffixZh: "跨境金融服务有限公司", suffixEn: "Cross-border Financial Services Co., Ltd.", languages: []string{"zh", "en"},
		foreignSuffixZh: "资本管理有限公司", foreignSuffixEn: "Capital Management Ltd.",
		services: []serviceTemplate{{"跨境结算与外汇风险方案", "Cross-border settlement and FX risk plan", 10_000, 50_000, 10},
			{"海外投资保险安排", "Overseas investment insurance", 5_000, 30_000, 15}}},
	{category: "ip", suffixZh: "知识产权代理有限公司", suffixEn: "IP Agency Co., Ltd.", languages: []string{"zh", "en"},
		services: []serviceTemplate{{"PCT 国际专利申请", "PCT international patent application", 15_000, 40_000, 60},
			{"马德里商标国际注册", "Madrid international trademark registration", 8_000, 20_000, 90}}},
	{category: "certification", suffixZh: "检测认证有限公司", suffixEn: "Testing and Certification Co., Ltd.", languages: []string{"zh", "en"},
		foreignSuffixZh: "认证服务有限公司", foreignSuffixEn: "Certification Services GmbH",
		services: []serviceTemplate{{"欧盟 CE 认证", "EU CE marking", 20_000, 80_000, 45},
			{"沙特 SABER 符合性认证", "Saudi SABER conformity certificate", 15_000, 50_000, 30}}},
	{category: "hr", suffixZh: "人力资源有限公司", suffixEn: "Human Resources Co., Ltd.", languages: []string{"zh", "en"},
		services: []serviceTemplate{{"外派员工薪酬与社保方案", "Expatriate pay and social insurance plan", 10_000, 40_000, 15},
			{"海外本地招聘", "Local recruitment abroad", 20_000, 120_000, 45}}},
	{category: "it", suffixZh: "数据合规科技有限公司", suffixEn: "Data Compliance Technology Co., Ltd.", languages: []string{"zh", "en"},
		foreignSuffixZh: "数据科技有限公司", foreignSuffixEn: "Data Technology Ltd.",
		services: []serviceTemplate{{"数据出境安全评估申报辅导", "Outbound data transfer security assessment support", 30_000, 120_000, 40},
			{"GDPR 合规评估", "GDPR compliance assessment", 40_000, 150_000, 30}}},
	{category: "logistics", suffixZh: "国际物流有限公司", suffixEn: "International Logistics Co., Ltd.", languages: []string{"zh", "en"},
		services: []serviceTemplate{{"海外仓与跨境运输方案", "Overseas warehousing and cross-border transport", 10_000, 100_000, 14}}},
	{category: "translation", suffixZh: "翻译服务有限公司", suffixEn: "Translation Services Co., Ltd.", languages: []string{"zh", "en"},
		services: []serviceTemplate{{"法律与商务文件翻译", "Legal and business document translation", 2_000, 30_000, 7},
			{"商务陪同口译", "Business interpreting", 3_000, 8_000, 1}}},
	{category: "security", suffixZh: "海外安保咨询有限公司", suffixEn: "Overseas Security Advisory Co., Ltd.", languages: []string{"zh", "en"},
		services: []serviceTemplate{{"海外项目安全风险评估", "Security risk assessment for projects abroad", 30_000, 150_000, 20},
			{"驻外人员安全培训", "Safety training for staff abroad", 8_000, 30_000, 3}}},
	{category: "marketing", suffixZh: "品牌营销策划有限公司", suffixEn: "Brand Marketing Co., Ltd.", languages: []string{"zh", "en"},
		foreignSuffixZh: "营销有限公司", foreignSuffixEn: "Marketing Ltd.",
		services: []serviceTemplate{{"海外品牌推广", "Overseas brand promotion", 50_000, 300_000, 60},
			{"跨境电商代运营", "Cross-border e-commerce operations", 30_000, 200_000, 90}}},
}

// markets are groups of countries firms cover, with the language worked in there.
var markets = []struct {
	countries []string
	lang      string
}{
	{[]string{"VN", "TH", "ID", "MY", "SG", "PH", "KH"}, "vi"},
	{[]string{"AE", "SA", "QA", "EG", "TR"}, "ar"},
	{[]string{"DE", "FR", "GB", "HU", "IT", "ES", "NL", "PL", "RS"}, "de"},
	{[]string{"US", "MX", "BR", "CA", "CL"}, "es"},
	{[]string{"JP", "KR", "AU", "KZ", "UZ", "IN"}, "ja"},
	{[]string{"ZA", "NG", "KE", "ET"}, "fr"},
}

// brandNames are invented two-character trade names with their readings.
var brandNames = []struct{ zh, en string }{
	{"瀚屿", "Hanyu"}, {"澄川", "Chengchuan"}, {"钧岳", "Junyue"}, {"锦澜", "Jinlan"}, {"弘屿", "Hongyu"}, {"禾川", "Hechuan"},
	{"朗峰", "Langfeng"}, {"渊泽", "Yuanze"}, {"峻川", "Junchuan"}, {"泓屿", "Hongyu Bay"}, {"宸澜", "Chenlan"}, {"檀川", "Tanchuan"},
	{"砚溪", "Yanxi"}, {"棠屿", "Tangyu"}, {"翰澄", "Hancheng"}, {"栖岳", "Qiyue"}, {"岚桥", "Lanqiao"}, {"芷川", "Zhichuan"},
	{"沐衡", "Muheng"}, {"昀川", "Yunchuan"}, {"霁澜", "Jilan"}, {"澹屿", "Danyu"}, {"珩溪", "Hengxi"}, {"璟岳", "Jingyue"},
	{"蔚桥", "Weiqiao"}, {"潆川", "Yingchuan"}, {"晗屿", "Hanyu Cove"}, {"攸澄", "Youcheng"}, {"岑溪", "Cenxi"}, {"黛川", "Daichuan"},
	{"骞岳", "Qianyue"}, {"翊衡", "Yiheng"}, {"琛澜", "Chenlan Bay"}, {"曦桥", "Xiqiao"}, {"湛屿", "Zhanyu"}, {"奕川", "Yichuan"},
	{"皓澄", "Haocheng"}, {"沄溪", "Yunxi"}, {"隽岳", "Junyue Peak"}, {"祺桥", "Qiqiao"}, {"煦川", "Xuchuan"}, {"靖澜", "Jinglan"},
	{"汀屿", "Tingyu"}, {"稷衡", "Jiheng"}, {"珞溪", "Luoxi"}, {"彦川", "Yanchuan"}, {"霈岳", "Peiyue"}, {"瑾桥", "Jinqiao"},
}

// foreignPlaces are where the demo's foreign firms are registered, with registration numbers in the
// style of each register (invented).
var foreignPlaces = []struct{ country, zh, en, regFormat string }{
	{"SG", "新加坡", "Singapore", "2019%05dK"}, {"DE", "德国", "Germany", "HRB %06d"}, {"GB", "英国", "United Kingdom", "%08d"},
	{"AE", "阿联酋", "UAE", "DMCC-%06d"}, {"HK", "香港", "Hong Kong", "%07d"}, {"JP", "日本", "Japan", "0104-01-%06d"},
}

// extraProviders is how many providers the demo adds to the sample firms.
const extraProviders = 48

// alliancesFor picks the alliances a generated provider joins: Xuhui's and Jing'an's district
// alliances take firms with offices there, G60 takes Songjiang's, the city alliance every third.
func alliancesFor(i int, district string) []string {
	var out []string
	switch district {
	case "310104":
		out = append(out, "XH-GSA")
	case "310106":
		out = append(out, "JA-GSP")
	case "310117":
		out = append(out, "G60")
	}
	if i%3 == 0 {
		out = append(out, "SH-PSA")
	}
	return out
}

var providerDistricts = []string{"310104", "310106", "310101", "310115", "310117", "310104", "310106", "310105", "310112", "310106"}

// generatedProvider is the i-th extra provider: its identity, profile and alliances.
func generatedProvider(i int) (directory.ProviderInput, []string) {
	cf := categoryFirms[i%len(categoryFirms)]
	brand := brandNames[i%len(brandNames)]
	district := providerDistricts[i%len(providerDistricts)]
	m := markets[(i/2)%len(markets)]
	in := directory.ProviderInput{Categories: []string{cf.category}}
	// Every fifth firm of a category that has foreign firms is one, registered in Jing'an's programme
	// (over half of whose members are foreign firms).
	if cf.foreignSuffixZh != "" && i%5 == 2 {
		fp := foreignPlaces[i%len(foreignPlaces)]
		in.NameZh, in.NameEn = fp.zh+brand.zh+cf.foreignSuffixZh, brand.en+" "+cf.foreignSuffixEn
		in.ForeignCountry, in.ForeignRegNo = fp.country, fmt.Sprintf(fp.regFormat, 10000+i*37)
		district = "310106"
	} else {
		kind := "91"
		if cf.lawFirm {
			kind = "31"
		}
		in.NameZh, in.NameEn = "上海"+brand.zh+cf.suffixZh, "Shanghai "+brand.en+" "+cf.suffixEn
		in.USCC = usccFor(kind, district, 5000+i)
	}
	// A second category for some: law firms often do IP, accountants consulting.
	switch {
	case cf.category == "legal" && i%2 == 0:
		in.Categories = append(in.Categories, "ip")
	case cf.category == "accounting" && i%2 == 1:
		in.Categories = append(in.Categories, "consulting")
	case cf.category == "consulting" && i%3 == 0:
		in.Categories = append(in.Categories, "hr")
	}
	n := 3 + i%len(m.countries)
	in.Countries = append([]string{}, m.countries[:min(n, len(m.countries))]...)
	in.Languages = append(append([]string{}, cf.languages...), m.lang)
	in.Offices = []directory.Office{{Region: district, AddressZh: fmt.Sprintf("上海市%s示例路 %d 号", districtStreet[district], 100+i), Head: true}}
	if i%5 == 0 {
		in.Offices = append(in.Offices, directory.Office{Region: m.countries[0], AddressEn: fmt.Sprintf("%d Sample Street (sample address)", 10+i)})
	}
	for j, st := range cf.services {
		if j > 0 && i%3 == 2 {
			break
		}
		sv := directory.Service{Category: cf.category, NameZh: st.zh, NameEn: st.en, PriceMinFen: st.min * 100 * int64(100+i%4*10) / 100,
			PriceMaxFen: st.max * 100 * int64(100+i%4*10) / 100, DeliveryDays: st.days}
		if j == 0 {
			sv.Countries = in.Countries[:1]
		}
		in.Services = append(in.Services, sv)
	}
	in.DescriptionZh = fmt.Sprintf("%s，专注为出海企业提供%s服务，覆盖%d个国家和地区。（示例机构，名称虚构）", in.NameZh,
		directory.Ref().Categories.Choices[i%len(categoryFirms)].NameZh, len(in.Countries))
	in.DescriptionEn = fmt.Sprintf("%s serves enterprises going abroad in %d countries. (Sample firm; the name is invented.)", in.NameEn, len(in.Countries))
	in.Contacts = []directory.Contact{{Name: contactNames[i%len(contactNames)], Title: "业务合伙人", Phone: fmt.Sprintf("021-6%03d %04d", 100+i, 1000+i*7),
		Email: fmt.Sprintf("contact%02d@example.com", i)}}
	if cf.lawFirm {
		in.Licences = []directory.Licence{{Kind: "律师事务所执业许可证", Number: fmt.Sprintf("31%012d", 310000000000+int64(i)), Issuer: "上海市司法局"}}
	}
	return in, alliancesFor(i, district)
}

var districtStreet = map[string]string{"310101": "黄浦区", "310104": "徐汇区", "310105": "长宁区", "310106": "静安区", "310112": "闵行区",
	"310115": "浦东新区", "310117": "松江区"}

var contactNames = []string{"陈律", "王敏", "李婷", "张磊", "刘洋", "周静", "吴昊", "郑岚", "孙悦", "何川"}

// sampleProfile gives one of directory.go's sample firms the profile its name promises.
func sampleProfile(i int, p provider) directory.ProviderInput {
	// The most specific word first: an "overseas security advisory" firm is a security firm.
	byWord := []struct{ word, category string }{{"律师", "legal"}, {"会计", "accounting"}, {"财税", "accounting"}, {"知识产权", "ip"},
		{"合规", "it"}, {"检测认证", "certification"}, {"人力", "hr"}, {"金融", "finance"}, {"翻译", "translation"}, {"安保", "security"},
		{"物流", "logistics"}, {"咨询", "consulting"}}
	category := "consulting"
	for _, b := range byWord {
		if strings.Contains(p.zh, b.word) {
			category = b.category
			break
		}
	}
	in, _ := generatedProvider(indexOfCategory(category) + len(categoryFirms)*i)
	in.USCC, in.ForeignCountry, in.ForeignRegNo = "", "", ""
	in.NameZh, in.NameEn = p.zh, p.en
	in.Offices = []directory.Office{{Region: p.district, AddressZh: fmt.Sprintf("上海市%s示例路 %d 号", districtStreet[p.district], 10+i), Head: true}}
	in.DescriptionZh = fmt.Sprintf("%s，为出海企业提供专业服务。（示例机构，名称虚构）", p.zh)
	in.DescriptionEn = p.en + " serves enterprises going abroad. (Sample firm; the name is invented.)"
	return in
}

func indexOfCategory(code string) int {
	for i, c := range categoryFirms {
		if c.category == code {
			return i
		}
	}
	return 0
}

// loadDirectoryProfiles completes the sample firms' profiles, adds the generated providers and
// enterprises, their alliance memberships and a track record.
func loadDirectoryProfiles(ctx context.Context, a *app.App, sampleIDs []int64) error {
	var all []int64
	for i, id := range sampleIDs {
		p, err := a.Directory.ProviderByID(ctx, id)
		if err != nil {
			return err
		}
		if len(p.Categories) == 0 {
			in := sampleProfile(i, providers[i])
			in.USCC = p.USCC
			if p, err = a.Directory.UpdateProvider(ctx, id, p.Version, in); err != nil {
				return fmt.Errorf("demo profile of %s: %w", p.NameEn, err)
			}
		}
		if err := verify(ctx, a, p); err != nil {
			return err
		}
		all = append(all, id)
	}
	joins := map[string][]int64{}
	for i := range extraProviders {
		in, alliances := generatedProvider(i)
		p, err := findProvider(ctx, a, in)
		if errors.Is(err, apperr.ErrNotFound) {
			p, err = a.Directory.CreateProvider(ctx, in)
		}
		if err != nil {
			return fmt.Errorf("demo provider %s: %w", in.NameEn, err)
		}
		if err := verify(ctx, a, p); err != nil {
			return err
		}
		for _, al := range alliances {
			joins[al] = append(joins[al], p.ID)
		}
		all = append(all, p.ID)
	}
	if err := joinAlliances(ctx, a.Network, joins); err != nil {
		return err
	}
	if err := loadTrackRecord(ctx, a, all); err != nil {
		return err
	}
	return loadMoreEnterprises(ctx, a)
}

func findProvider(ctx context.Context, a *app.App, in directory.ProviderInput) (directory.Provider, error) {
	if in.USCC != "" {
		return a.Directory.ProviderByUSCC(ctx, in.USCC)
	}
	ps, _, err := a.Directory.ListProviders(ctx, directory.ProviderFilter{Query: in.ForeignRegNo, Limit: 5})
	if err != nil {
		return directory.Provider{}, err
	}
	for _, p := range ps {
		if p.ForeignRegNo == in.ForeignRegNo {
			return a.Directory.ProviderByID(ctx, p.ID)
		}
	}
	return directory.Provider{}, apperr.NotFound("provider " + in.ForeignRegNo)
}

func verify(ctx context.Context, a *app.App, p directory.Provider) error {
	if p.Status != directory.ProviderPending {
		return nil
	}
	_, err := a.Directory.SetProviderStatus(ctx, p.ID, p.Version, directory.ProviderVerified, "demo")
	return err
}

// joinAlliances admits providers to alliances they are not members of yet.
func joinAlliances(ctx context.Context, n *network.Store, joins map[string][]int64) error {
	for code, ids := range joins {
		al, err := n.AllianceByCode(ctx, code)
		if err != nil {
			return err
		}
		ms, _, err := n.ListMembers(ctx, code, network.MemberFilter{Limit: 1000})
		if err != nil {
			return err
		}
		member := map[int64]bool{}
		for _, m := range ms {
			member[m.ProviderID] = true
		}
		for k, id := range ids {
			if member[id] {
				continue
			}
			batch := 1 + k/12
			if _, err := n.AddMember(ctx, code, network.MemberInput{ProviderID: id, Batch: batch, JoinedOn: al.FoundedOn}); err != nil {
				return fmt.Errorf("demo member of %s: %w", code, err)
			}
		}
	}
	return nil
}

// loadTrackRecord gives about two providers in three a history of completed engagements with
// ratings; every seventh only old engagements, so the idle list is not empty. A provider that has a
// record already is left alone.
func loadTrackRecord(ctx context.Context, a *app.App, ids []int64) error {
	for i, id := range ids {
		if i%3 == 2 {
			continue
		}
		p, err := a.Directory.ProviderByID(ctx, id)
		if err != nil {
			return err
		}
		if p.Activity.Completed > 0 {
			continue
		}
		n := 1 + (i*7)%15
		for k := range n {
			months := k % 9
			if i%7 == 0 {
				months = 14 + k%6
			}
			rating := 0
			if k%3 != 2 {
				rating = 35 + (i*3+k*5)%16
			}
			at := demoNow.AddDate(0, -months, -(k*3)%27)
			if err := a.Directory.RecordEngagement(ctx, id, directory.Engagement{CompletedAt: at, RatingTenths: rating}); err != nil {
				return fmt.Errorf("demo engagement: %w", err)
			}
		}
	}
	return nil
}
