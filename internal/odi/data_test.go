package odi

import (
	"strings"
	"testing"

	"chuhai/internal/country"
)

func TestIndustryTableIsGBT4754_2017(t *testing.T) {
	secs, divs := Sections(), Divisions()
	if len(secs) != 20 || len(divs) != 97 {
		t.Fatalf("%d sections and %d divisions, want 20 and 97", len(secs), len(divs))
	}
	for i, d := range divs {
		if want := i + 1; d.Code[1:] != twoDigits(want) {
			t.Errorf("division %d is %s: the divisions run 01 to 97 without gaps", want, d.Code)
		}
		if !strings.Contains("ABCDEFGHIJKLMNOPQRST", d.Section) || d.Zh == "" || d.En == "" {
			t.Errorf("division %+v", d)
		}
	}
	for _, tc := range []struct{ code, want, section string }{
		{"K70", "房地产业", "K"}, {"h61", "住宿业", "H"}, {"87", "广播、电视、电影和录音制作业", "R"}, {" C38 ", "电气机械和器材制造业", "C"},
		{"A01", "农业", "A"}, {"T97", "国际组织", "T"},
	} {
		in, ok := IndustryByCode(tc.code)
		if !ok || in.Zh != tc.want || in.Section != tc.section {
			t.Errorf("IndustryByCode(%q) = %+v, %v", tc.code, in, ok)
		}
	}
	for _, bad := range []string{"", "K", "K7", "K700", "X70", "98", "00"} {
		if _, ok := IndustryByCode(bad); ok || NormalizeIndustry(bad) != "" {
			t.Errorf("%q accepted as a division", bad)
		}
	}
}

func twoDigits(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

// TestCountriesAreTheSharedList: ODI names destinations by internal/country's list, the one the
// network's regions carry too.
func TestCountriesAreTheSharedList(t *testing.T) {
	cs, shared := Countries(), country.All()
	if len(cs) != len(shared) {
		t.Fatalf("%d countries, want the %d of internal/country", len(cs), len(shared))
	}
	for i, c := range cs {
		if s := shared[i]; c.Code != s.Code || c.Zh != s.NameZh || c.En != s.NameEn {
			t.Errorf("country %+v, want %+v", c, s)
		}
	}
	for code, zh := range map[string]string{"TW": "中国台湾", "HK": "中国香港", "MO": "中国澳门", "VN": "越南", "sg": "新加坡", " bn ": "文莱"} {
		if c, ok := CountryByCode(code); !ok || c.Zh != zh {
			t.Errorf("CountryByCode(%q) = %+v", code, c)
		}
	}
	for _, bad := range []string{"XK", "UK", "EU", "ZZ", "", "V"} {
		if _, ok := CountryByCode(bad); ok {
			t.Errorf("%q accepted as a country", bad)
		}
	}
}

func TestPlacesAndVocabulary(t *testing.T) {
	ps := Places()
	if len(ps) != 37 {
		t.Errorf("%d registration places, want 31 provinces + 5 plan-listed cities + the Corps", len(ps))
	}
	sh, ok := PlaceByCode(Shanghai)
	if !ok || sh.DRC.Zh != "上海市发展和改革委员会" || sh.Commerce.Zh != "上海市商务委员会" || sh.Commerce.En == "" {
		t.Errorf("Shanghai %+v", sh)
	}
	r := DefaultRules()
	for _, s := range []Sensitivity{r.NDRC, r.MOFCOM} {
		for _, c := range s.Countries {
			if n := vocab("reason", c.Reason); n.Zh == c.Reason {
				t.Errorf("reason %q has no name", c.Reason)
			}
		}
		for _, in := range s.Industries {
			if n := vocab("category", in.Category); n.Zh == in.Category {
				t.Errorf("category %q has no name", in.Category)
			}
		}
	}
	if n := vocab("category", "invented"); n.Zh != "invented" {
		t.Error("an unknown code falls back to itself")
	}
}

func TestArticleNumbersInChinese(t *testing.T) {
	for n, want := range map[int]string{1: "一", 9: "九", 10: "十", 13: "十三", 14: "十四", 20: "二十", 44: "四十四", 63: "六十三", 99: "九十九", 120: "120"} {
		if got := chineseNumber(n); got != want {
			t.Errorf("chineseNumber(%d) = %q, want %q", n, got, want)
		}
	}
	b := basis("mofcom_order_2014_3", 6, 9)
	if b.Zh != "《境外投资管理办法》（商务部令2014年第3号）第六条、第九条" || !strings.HasSuffix(b.En, "Arts. 6, 9") {
		t.Errorf("basis %+v", b)
	}
	if b := basis("safe_huifa_2015_13"); !strings.Contains(b.Zh, "汇发〔2015〕13号") || len(b.Articles) != 0 {
		t.Errorf("basis without article %+v", b)
	}
}
