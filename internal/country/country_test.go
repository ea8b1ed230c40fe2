package country

import (
	"strings"
	"testing"
)

func TestDataLoadsAllOfISO3166(t *testing.T) {
	if _, err := load(); err != nil {
		t.Fatal(err)
	}
	cs := All()
	if len(cs) != 249 {
		t.Errorf("%d countries and regions, want the 249 of ISO 3166-1", len(cs))
	}
	for _, c := range cs {
		if c.NameZh == c.Code || c.NameEn == c.Code {
			t.Errorf("%s is named by its code: %+v", c.Code, c)
		}
	}
}

// TestChineseOfficialNames pins the names a government product must get right, in both languages.
func TestChineseOfficialNames(t *testing.T) {
	for _, tc := range []struct{ code, zh, en string }{
		{"HK", "中国香港", "Hong Kong, China"},
		{"MO", "中国澳门", "Macao, China"},
		{"TW", "中国台湾", "Taiwan, China"},
		{"VN", "越南", "Vietnam"},
		{"BN", "文莱", "Brunei"},
		{"MN", "蒙古国", "Mongolia"},
		{"FM", "密克罗尼西亚联邦", "Federated States of Micronesia"},
		{"FK", "马尔维纳斯群岛（福克兰群岛）", "Falkland Islands (Malvinas)"},
		{"KP", "朝鲜", "Democratic People's Republic of Korea"},
		{"KR", "韩国", "Republic of Korea"},
		{"AE", "阿拉伯联合酋长国", "United Arab Emirates"},
	} {
		c, ok := ByCode(tc.code)
		if !ok || c.NameZh != tc.zh || c.NameEn != tc.en {
			t.Errorf("ByCode(%s) = %+v, %v; want %s / %s", tc.code, c, ok, tc.zh, tc.en)
		}
	}
}

func TestByCode(t *testing.T) {
	for _, code := range []string{"VN", "vn", " sg ", "Cn"} {
		if c, ok := ByCode(code); !ok || c.Code != strings.ToUpper(strings.TrimSpace(code)) {
			t.Errorf("ByCode(%q) = %+v, %v", code, c, ok)
		}
	}
	for _, bad := range []string{"", "V", "VNM", "XK", "UK", "EU", "ZZ", "704"} {
		if c, ok := ByCode(bad); ok {
			t.Errorf("%q accepted as %+v", bad, c)
		}
	}
}

func TestParseRefusesBrokenData(t *testing.T) {
	for name, data := range map[string]string{
		"two fields":   "VN\t越南\n",
		"lower case":   "vn\t越南\tVietnam\n",
		"three letter": "VNM\t越南\tVietnam\n",
		"no English":   "VN\t越南\t \n",
		"out of order": "VN\t越南\tVietnam\nSG\t新加坡\tSingapore\n",
		"twice":        "VN\t越南\tVietnam\nVN\t越南\tViet Nam\n",
	} {
		if _, err := parse([]byte(data)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	tb, err := parse([]byte("# comment\r\nSG\t新加坡\tSingapore\r\n\r\nVN\t越南\tVietnam\n"))
	if err != nil || len(tb.all) != 2 || tb.byCode["VN"].NameEn != "Vietnam" {
		t.Errorf("CRLF and comments: %+v, %v", tb, err)
	}
}
