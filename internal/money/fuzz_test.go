package money

import (
	"testing"
)

// FuzzParseYuan: the parser never panics, what it accepts formats back to an equal amount, and
// every amount formats to text that parses back to itself.
func FuzzParseYuan(f *testing.F) {
	for _, s := range []string{"1,200,000.00", "1200000", "0.5", "-35.20", "¥1,200", "1.234", "12,00", "", "-", "9223372036854775807", "92,233,720,368,547,758.08", "88元", "-¥5"} {
		f.Add(s, int64(0))
	}
	f.Add("", int64(-1<<63))
	f.Add("", int64(1<<63-1))
	f.Fuzz(func(t *testing.T, s string, n int64) {
		if v, err := ParseYuan("amount", s); err == nil {
			for _, text := range []string{v.String(), v.Plain()} {
				back, err := ParseYuan("amount", text)
				if err != nil || back != v {
					t.Fatalf("%q parsed to %d, formatted %q, parsed back to %d, %v", s, v, text, back, err)
				}
			}
		}
		if c, err := ParseUSD("amount", s); err == nil {
			if back, err := ParseUSD("amount", c.String()); err != nil || back != c {
				t.Fatalf("USD %q → %d → %q → %d, %v", s, c, c.String(), back, err)
			}
		}
		for _, text := range []string{Fen(n).String(), Fen(n).Plain()} {
			back, err := ParseYuan("amount", text)
			if err != nil || back != Fen(n) {
				t.Fatalf("Fen(%d) formatted %q parsed back to %d, %v", n, text, back, err)
			}
		}
		if r, err := ApplyRate(Fen(n), int64(len(s))*997); err == nil {
			if (n >= 0 && (r < 0 || r > Fen(n) && len(s)*997 <= BasisPoints)) || (n < 0 && r > 0) {
				t.Fatalf("ApplyRate(%d, %d) = %d has the wrong sign or size", n, len(s)*997, r)
			}
		}
	})
}
