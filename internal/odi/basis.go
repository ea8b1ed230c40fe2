package odi

import (
	"strconv"
	"strings"
)

// Basis is the legal basis of a step: a rule and, where the article is certain, its articles.
type Basis struct {
	Rule     string `json:"rule"` // ndrc_order_11, ndrc_sensitive_industries_2018, mofcom_order_2014_3, safe_huifa_2015_13
	Articles []int  `json:"articles,omitempty"`
	Zh       string `json:"zh"`
	En       string `json:"en"`
}

var rules = map[string]Name{
	"ndrc_order_11": {"《企业境外投资管理办法》（国家发展和改革委员会令第11号）",
		"Administrative Measures for Outbound Investment by Enterprises (NDRC Order No. 11)"},
	"ndrc_sensitive_industries_2018": {"《境外投资敏感行业目录（2018年版）》",
		"Catalogue of Sensitive Industries for Outbound Investment (2018)"},
	"mofcom_order_2014_3": {"《境外投资管理办法》（商务部令2014年第3号）",
		"Administrative Measures for Overseas Investment (MOFCOM Order No. 3 of 2014)"},
	"safe_huifa_2015_13": {"《国家外汇管理局关于进一步简化和改进直接投资外汇管理政策的通知》（汇发〔2015〕13号）",
		"SAFE Circular on Further Simplifying and Improving Foreign Exchange Policies for Direct Investment (Huifa [2015] No. 13)"},
}

// basis cites rule with the given articles, formatted in both languages.
func basis(rule string, articles ...int) Basis {
	n := rules[rule]
	b := Basis{Rule: rule, Articles: articles, Zh: n.Zh, En: n.En}
	if len(articles) == 0 {
		return b
	}
	zh := make([]string, len(articles))
	en := make([]string, len(articles))
	for i, a := range articles {
		zh[i] = "第" + chineseNumber(a) + "条"
		en[i] = strconv.Itoa(a)
	}
	b.Zh += strings.Join(zh, "、")
	if len(articles) == 1 {
		b.En += ", Art. " + en[0]
	} else {
		b.En += ", Arts. " + strings.Join(en, ", ")
	}
	return b
}

// chineseNumber writes 1–99 as an article number is written: 九, 十, 十三, 二十, 四十四.
func chineseNumber(n int) string {
	const digits = "零一二三四五六七八九"
	d := func(i int) string { return string([]rune(digits)[i]) }
	switch {
	case n < 10:
		return d(n)
	case n < 20:
		if n == 10 {
			return "十"
		}
		return "十" + d(n-10)
	case n < 100:
		s := d(n/10) + "十"
		if n%10 != 0 {
			s += d(n % 10)
		}
		return s
	}
	return strconv.Itoa(n)
}
