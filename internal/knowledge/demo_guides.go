package knowledge

import (
	"strings"

	"chuhai/internal/country"
)

// demoGuide writes a sample guide from a country's facts: every section in both languages, the way
// the real guides are laid out, and marked as sample text.
func demoGuide(c demoCountry) GuideInput {
	name, _ := country.ByCode(c.code)
	zhName, enName := name.NameZh, name.NameEn
	zh := map[string]string{
		"overview": "【示例】" + zhName + "位于" + c.regionZh + "，首都" + c.capitalZh + "，官方语言为" + c.languageZh + "，货币为" + c.currencyZh + "。\n\n" +
			"主要产业包括" + c.industriesZh + "。上海企业在当地的投资以制造、贸易和基础设施为主，近年来新能源、数字经济项目增多。\n\n" +
			"### 投资主管机构\n\n- " + c.agencyZh + "\n- 中国驻当地使（领）馆经济商务处",
		"market_access": c.accessZh + "\n\n### 办理顺序（示意）\n\n1. 在国内完成发展改革部门和商务部门的境外投资备案或核准；\n" +
			"2. 在银行办理境外直接投资外汇登记；\n3. 向" + c.agencyZh + "及当地登记机关办理设立手续；\n4. 开立银行账户、完成税务登记并为外派人员办理工作许可。",
		"tax": "- 企业所得税：" + c.citZh + "\n- 间接税：" + c.vatZh + "\n- 中国与" + zhName + "的税收协定可降低股息、利息和特许权使用费的预提税，享受协定待遇须按当地规定备案或申请。\n\n" +
			"建议在投资架构设计阶段即咨询专业税务机构。",
		"labour":           c.workZh + "\n\n劳动用工须签订书面合同，遵守当地最低工资、工时、社会保险和解雇程序的规定。外派人员出国前应接受安全培训，落实“谁派出，谁负责”。",
		"foreign_exchange": c.fxZh + "\n\n国内企业向境外汇出投资资金前，须由银行办理境外直接投资外汇登记（汇发〔2015〕13号）；境外利润汇回和再投资应保留完整的资金来源与用途凭证。",
		"law_disputes":     c.lawZh + "\n\n合同中应明确适用法律和争议解决方式。涉及知识产权、数据和反商业贿赂的合规要求，建议在进入市场前完成尽职调查。",
		"security":         c.securityZh + "\n\n出行前请在“中国领事”App 登记，关注外交部和中国驻当地使领馆发布的安全提醒，制定突发事件应急预案。",
		"chinese_presence": "- " + c.missionZh + "\n- 外交部全球领事保护与服务应急热线：**+86-10-12308**（24 小时）\n" +
			"- 上海市企业出海综合服务平台：可联系所在区的服务点，或通过本平台联系海外服务点。",
	}
	en := map[string]string{
		"overview": "[Sample] " + enName + " lies in " + c.regionEn + ". Its capital is " + c.capitalEn + ", its official language " + c.languageEn + ", and its currency " + c.currencyEn + ".\n\n" +
			"Its main industries are " + c.industriesEn + ". Shanghai firms there invest mostly in manufacturing, trade and infrastructure, and lately in renewables and digital business.\n\n" +
			"### Investment authorities\n\n- " + c.agencyEn + "\n- the economic and commercial office of the Chinese mission",
		"market_access": c.accessEn + "\n\n### Order of steps (outline)\n\n1. Complete the outbound investment filing or approval with the development and reform and the commerce authorities in China;\n" +
			"2. Register the outbound direct investment with a bank for foreign exchange;\n3. Set up the entity with " + c.agencyEn + " and the local registry;\n4. Open bank accounts, register for tax and obtain work permits for posted staff.",
		"tax": "- Corporate income tax: " + c.citEn + "\n- Indirect tax: " + c.vatEn + "\n- The tax treaty between China and " + enName + " lowers withholding tax on dividends, interest and royalties; claiming it requires the local filing.\n\n" +
			"Consult tax advisers while designing the investment structure.",
		"labour":           c.workEn + "\n\nEmployment needs written contracts and compliance with local minimum wage, working time, social insurance and dismissal rules. Staff sent abroad must be trained in safety first: whoever sends them is responsible.",
		"foreign_exchange": c.fxEn + "\n\nBefore investment funds leave China, a bank registers the outbound direct investment (SAFE Circular 13 of 2015); keep full records of where money comes from and goes.",
		"law_disputes":     c.lawEn + "\n\nContracts should name the governing law and the forum. Check intellectual property, data and anti-bribery compliance before entering the market.",
		"security":         c.securityEn + "\n\nRegister in the China Consular app before travelling, follow the alerts of the Ministry of Foreign Affairs and the missions, and keep an emergency plan.",
		"chinese_presence": "- " + c.missionEn + "\n- Global consular protection and services hotline: **+86-10-12308** (24 hours)\n" +
			"- Shanghai's going-global platform: contact your district's service point, or the overseas service points through this platform.",
	}
	in := GuideInput{TitleZh: zhName + "投资合作指南", TitleEn: enName + ": investment and cooperation guide",
		SummaryZh: "【示例】" + zhName + "的投资环境、准入、税收、劳工、外汇、法律和安全要点。", SummaryEn: "[Sample] Investing in " + enName + ": access, tax, labour, foreign exchange, law and security.",
		Keywords: c.keywords, ReviewedOn: c.reviewed, Sections: map[string]SectionBody{}, ChangeNote: "首次发布（示例）",
		Sources: []Source{
			{Title: "商务部《对外投资合作国别（地区）指南》" + zhName + "（示例引用）", URL: "https://example.gov.cn/guides/" + strings.ToLower(c.code)},
			{Title: c.agencyZh + "官方网站（示例引用）", URL: "https://example.org/investment/" + strings.ToLower(c.code)},
		}}
	for _, k := range Sections {
		in.Sections[k] = SectionBody{Zh: zh[k], En: en[k]}
	}
	return in
}

// demoRevisions are later edits of some sample guides, published as version 2 so that the version
// history and the diff have something to show.
var demoRevisions = map[string]func(*GuideInput){
	"VN": func(in *GuideInput) {
		s := in.Sections["labour"]
		s.Zh = strings.Replace(s.Zh, "最低工资按四类地区分别确定，每年调整。", "最低工资按四类地区分别确定，每年调整；2026 年起一类地区月最低工资上调约 7%（示例数据）。", 1)
		s.En = strings.Replace(s.En, "revised yearly.", "revised yearly; from 2026 the region I monthly minimum rises by about 7% (sample figure).", 1)
		in.Sections["labour"] = s
		in.ReviewedOn, in.ChangeNote = "2026-01-15", "更新最低工资调整信息（示例）"
	},
	"SA": func(in *GuideInput) {
		s := in.Sections["market_access"]
		s.Zh += "\n\n2025 年起施行新版《投资法》，外国投资者由许可制改为登记制（示例表述）。"
		s.En += "\n\nA new Investment Law in force from 2025 replaces the licence with a registration (sample wording)."
		in.Sections["market_access"] = s
		in.ReviewedOn, in.ChangeNote = "2026-02-01", "补充新版投资法的准入变化（示例）"
	},
}
