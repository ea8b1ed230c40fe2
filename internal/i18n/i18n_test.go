package i18n

import (
	"slices"
	"testing"
)

func TestBothLanguagesHaveTheSameKeys(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	zh, en := c.Keys(Chinese), c.Keys(English)
	if len(zh) == 0 {
		t.Fatal("empty catalogue")
	}
	for _, k := range zh {
		if !c.Has(English, k) {
			t.Errorf("%q has no English text", k)
		}
	}
	for _, k := range en {
		if !c.Has(Chinese, k) {
			t.Errorf("%q has no Chinese text", k)
		}
	}
	if !slices.Equal(zh, en) {
		t.Error("key sets differ")
	}
}

func TestTranslateWithData(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.T(English, "error.too_long", map[string]any{"Max": 20}); got != "Too long; at most 20 characters." {
		t.Errorf("en = %q", got)
	}
	if got := c.T(Chinese, "error.too_long", map[string]any{"Max": 20}); got != "太长了，最多 20 个字符。" {
		t.Errorf("zh = %q", got)
	}
	if got := c.T("fr", "error.required", nil); got != "必填。" {
		t.Errorf("unsupported language falls back to Chinese, got %q", got)
	}
}

func TestNegotiate(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ header, want string }{
		{"", Chinese},
		{"en-US,en;q=0.9", English},
		{"zh-CN,zh;q=0.9,en;q=0.8", Chinese},
		{"fr-FR", Chinese},
		{"de, en;q=0.5", English},
		{";;;garbage===", Chinese},
	} {
		if got := c.Negotiate(tc.header); got != tc.want {
			t.Errorf("Negotiate(%q) = %q, want %q", tc.header, got, tc.want)
		}
	}
}
