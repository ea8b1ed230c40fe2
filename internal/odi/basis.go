package odi

import (
	"strconv"
	"strings"
)

// Basis is the legal basis of a step: a rule and, where the provision is certain, which of it. An
// order (办法) is cited by its articles (条); a notice (通知) has no articles, only numbered parts
// (一、二、…), and is cited by those.
type Basis struct {
	Rule     string `json:"rule"` // ndrc_order_11, ndrc_sensitive_industries_2018, mofcom_order_2014_3, safe_huifa_2015_13
	Articles []int  `json:"articles,omitempty"`
	Parts    []int  `json:"parts,omitempty"`
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

// basis cites rule with the given articles, formatted in both languages: 第十三条、第十四条 and
// "Arts. 13, 14".
func basis(rule string, articles ...int) Basis {
	b := cite(rule, articles, "条", "Art.", "Arts.", strconv.Itoa)
	b.Articles = articles
	return b
}

// noticeBasis cites a notice by its numbered parts: 第一部分 and "Part I", as the notice's official
// English text numbers them.
func noticeBasis(rule string, parts ...int) Basis {
	b := cite(rule, parts, "部分", "Part", "Parts", roman)
	b.Parts = parts
	return b
}

// cite formats rule and the numbers of its provisions: 第…条 or 第…部分 in Chinese (zhUnit), the
// English label (enOne, enMany) and number (enNumber) in English.
func cite(rule string, numbers []int, zhUnit, enOne, enMany string, enNumber func(int) string) Basis {
	n := rules[rule]
	b := Basis{Rule: rule, Zh: n.Zh, En: n.En}
	if len(numbers) == 0 {
		return b
	}
	zh := make([]string, len(numbers))
	en := make([]string, len(numbers))
	for i, a := range numbers {
		zh[i] = "第" + chineseNumber(a) + zhUnit
		en[i] = enNumber(a)
	}
	b.Zh += strings.Join(zh, "、")
	if len(numbers) == 1 {
		b.En += ", " + enOne + " " + en[0]
	} else {
		b.En += ", " + enMany + " " + strings.Join(en, ", ")
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

// roman writes 1–39 in Roman numerals, as notices number their parts in English: I, IV, XII.
func roman(n int) string {
	if n < 1 || n > 39 {
		return strconv.Itoa(n)
	}
	ones := []string{"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"}
	return strings.Repeat("X", n/10) + ones[n%10]
}
