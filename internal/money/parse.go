package money

import (
	"strings"

	"chuhai/internal/apperr"
)

// maxInput bounds what the parser reads; the longest valid amount is well under it.
const maxInput = 64

// ParseYuan reads an amount of yuan as people type it — "1,200,000.00", "1200000", "0.5",
// "¥1,200", "-35.20" — into fen, exactly. Thousands separators, when used, must group the integer
// part in threes; at most two decimals are allowed (a third would be a fraction of a fen, which is
// refused rather than rounded). Errors are field errors on field.
func ParseYuan(field, s string) (Fen, error) {
	v, err := parse(field, s, []string{"¥", "￥", "CNY", "RMB"}, []string{"元"})
	return Fen(v), err
}

// ParseUSD reads an amount of US dollars ("1,200,000.00", "$350,000,000", "US$12.5") into cents,
// with the same rules as ParseYuan.
func ParseUSD(field, s string) (Cents, error) {
	v, err := parse(field, s, []string{"US$", "$", "USD"}, nil)
	return Cents(v), err
}

func parse(field, s string, prefixes, suffixes []string) (int64, error) {
	bad := func(key string) (int64, error) { return 0, apperr.Invalid(apperr.F(field, key)) }
	t := strings.TrimSpace(s)
	if t == "" {
		return bad("error.required")
	}
	if len(t) > maxInput {
		return bad("money.format")
	}
	negative := false
	if t[0] == '-' {
		negative, t = true, t[1:]
	}
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(t, p); ok {
			t = strings.TrimSpace(rest)
			break
		}
	}
	for _, p := range suffixes {
		if rest, ok := strings.CutSuffix(t, p); ok {
			t = strings.TrimSpace(rest)
			break
		}
	}
	whole, frac, dotted := strings.Cut(t, ".")
	if dotted && len(frac) > 2 && digits(frac) {
		return bad("money.too_precise")
	}
	if whole == "" || (dotted && (frac == "" || len(frac) > 2 || !digits(frac))) || !grouped(whole) {
		return bad("money.format")
	}
	var mag uint64 // |value| in minor units; the limit is 2^63 so that math.MinInt64 parses
	const limit = 1 << 63
	for _, r := range whole {
		if r == ',' {
			continue
		}
		d := uint64(r - '0')
		if mag > (limit-d)/10 {
			return bad("money.overflow")
		}
		mag = mag*10 + d
	}
	cents := uint64(0)
	if dotted {
		cents = uint64(frac[0] - '0')
		if len(frac) == 2 {
			cents = cents*10 + uint64(frac[1]-'0')
		} else {
			cents *= 10
		}
	}
	if mag > (limit-cents)/100 {
		return bad("money.overflow")
	}
	mag = mag*100 + cents
	v, ok := signed(0, mag, negative)
	if !ok {
		return bad("money.overflow")
	}
	return v, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// grouped accepts plain digits, or digits grouped by commas in threes ("1,200,000").
func grouped(s string) bool {
	if !strings.Contains(s, ",") {
		return digits(s)
	}
	groups := strings.Split(s, ",")
	if len(groups[0]) < 1 || len(groups[0]) > 3 || !digits(groups[0]) {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !digits(g) {
			return false
		}
	}
	return true
}
