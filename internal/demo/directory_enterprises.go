package demo

import (
	"context"
	"errors"
	"fmt"

	"chuhai/internal/app"
	"chuhai/internal/apperr"
	"chuhai/internal/directory"
	"chuhai/internal/network"
)

// extraEnterprises is how many enterprises the demo adds to the two per district of directory.go,
// for at least 200 in all.
const extraEnterprises = 176

// enterpriseLines are typical lines of business of Shanghai firms going abroad, with their GB/T
// 4754-2017 division and the markets such firms go to.
var enterpriseLines = []struct {
	zh, en, industry string
	markets          []string
}{
	{"精密机械", "Precision Machinery", "C34", []string{"VN", "TH", "DE"}},
	{"新能源科技", "New Energy Technology", "C38", []string{"HU", "DE", "SA", "AE"}},
	{"生物医药", "Biopharmaceutical", "C27", []string{"US", "SG", "GB"}},
	{"汽车零部件", "Auto Parts", "C36", []string{"MX", "HU", "TH"}},
	{"智能装备", "Intelligent Equipment", "C35", []string{"VN", "ID", "TR"}},
	{"纺织服饰", "Textiles and Apparel", "C18", []string{"VN", "KH", "BD"}},
	{"食品", "Foods", "C14", []string{"TH", "MY", "AE"}},
	{"化工新材料", "Advanced Chemical Materials", "C26", []string{"SA", "ID", "DE"}},
	{"电子元器件", "Electronic Components", "C39", []string{"VN", "MY", "MX"}},
	{"软件", "Software", "I65", []string{"SG", "AE", "JP"}},
	{"跨境电商", "Cross-border E-commerce", "F52", []string{"US", "BR", "GB", "SA"}},
	{"建筑工程", "Construction Engineering", "E48", []string{"SA", "KZ", "ET"}},
	{"国际货运代理", "Freight Forwarding", "G58", []string{"SG", "AE", "NL"}},
	{"医疗器械", "Medical Devices", "C35", []string{"DE", "BR", "ID"}},
	{"光伏组件", "Photovoltaic Modules", "C38", []string{"ES", "SA", "AU"}},
	{"智能家居", "Smart Home", "C21", []string{"US", "PL", "MY"}},
	{"工业机器人", "Industrial Robotics", "C34", []string{"VN", "MX", "TR"}},
	{"半导体材料", "Semiconductor Materials", "C39", []string{"MY", "SG", "JP"}},
}

// enterpriseBrands are invented trade names.
var enterpriseBrands = []struct{ zh, en string }{
	{"沪川", "Huchuan"}, {"申远", "Shenyuan"}, {"浦新", "Puxin"}, {"松晟", "Songsheng"}, {"嘉禾川", "Jiahechuan"}, {"闵瑞", "Minrui"},
	{"金泓", "Jinhong"}, {"青岚", "Qinglan"}, {"奉睿", "Fengrui"}, {"崇澜", "Chonglan"}, {"虹峰", "Hongfeng"}, {"杨澄", "Yangcheng"},
	{"静衡", "Jingheng"}, {"徐岳", "Xuyue"}, {"长屹", "Changyi"}, {"普川", "Puchuan"}, {"黄瀚", "Huanghan"}, {"宝衡", "Baoheng"},
	{"江湾", "Jiangwan"}, {"枫岭", "Fengling"}, {"临溪", "Linxi"}, {"泖川", "Maochuan"}, {"淀湖", "Dianhu"}, {"漕屹", "Caoyi"},
}

var sizeCycle = []string{"small", "medium", "small", "large", "micro", "medium"}
var ownershipCycle = []string{"private", "private", "state_owned", "foreign_invested", "private", "mixed", "hmt_invested"}

// generatedEnterprise is the i-th extra enterprise, homed in districts[i mod 16].
func generatedEnterprise(i int, districts []network.Region) directory.EnterpriseInput {
	line := enterpriseLines[i%len(enterpriseLines)]
	brand := enterpriseBrands[(i/len(enterpriseLines))%len(enterpriseBrands)]
	d := districts[i%len(districts)]
	in := directory.EnterpriseInput{USCC: usccFor("91", d.Code, 20000+i), NameZh: "上海" + brand.zh + line.zh + "有限公司",
		NameEn: "Shanghai " + brand.en + " " + line.en + " Co., Ltd.", HomeDistrict: d.Code,
		AddressZh: fmt.Sprintf("上海市%s示例路 %d 号", d.NameZh, 1+i), Industry: line.industry,
		SizeClass: sizeCycle[i%len(sizeCycle)], Ownership: ownershipCycle[i%len(ownershipCycle)]}
	in.Markets = append(in.Markets, line.markets[:1+i%len(line.markets)]...)
	if i%3 == 0 {
		status := []string{"operating", "establishing", "planned"}[i%3]
		kind := []string{"subsidiary", "plant", "representative_office", "warehouse"}[i%4]
		in.Entities = []directory.OverseasEntity{{Country: in.Markets[0], Kind: kind, Name: brand.en + " " + line.en + " (sample)", Status: status}}
	}
	in.Contacts = []directory.Contact{{Name: contactNames[(i+3)%len(contactNames)], Title: "海外业务负责人",
		Phone: fmt.Sprintf("021-5%03d %04d", i%1000, 2000+i), Email: fmt.Sprintf("overseas%03d@example.com", i)}}
	return in
}

// loadMoreEnterprises adds the generated enterprises that do not exist yet.
func loadMoreEnterprises(ctx context.Context, a *app.App) error {
	districts, err := a.Network.ListRegions(ctx, network.RegionFilter{Kind: network.RegionDistrict})
	if err != nil {
		return err
	}
	for i := range extraEnterprises {
		in := generatedEnterprise(i, districts)
		_, err := a.Directory.EnterpriseByUSCC(ctx, in.USCC)
		if errors.Is(err, apperr.ErrNotFound) {
			_, err = a.Directory.CreateEnterprise(ctx, in)
		}
		if err != nil {
			return fmt.Errorf("demo enterprise %s: %w", in.NameEn, err)
		}
	}
	return nil
}
