package odi

import (
	"strconv"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/money"
)

// Exchange rates are yuan per US dollar with four decimals, held as integers × 10 000 (7.1234 is
// 71234), so RMB equivalents are exact and reproducible.
const (
	MinRateE4 = 10_000  // 1.0000
	MaxRateE4 = 200_000 // 20.0000: far outside any rate since 1994; catches a misplaced point
)

// RateString writes a rate × 10 000 as "7.1234".
func RateString(e4 int64) string {
	s := strconv.FormatInt(e4/10_000, 10) + "." + strconv.FormatInt(10_000+e4%10_000, 10)[1:]
	return s
}

// ParseRate reads "7.1234" (at most four decimals) into a rate × 10 000; errors are field errors on
// field.
func ParseRate(field, s string) (int64, error) {
	bad := apperr.Invalid(apperr.F(field, "odi.rate_range", "Min", RateString(MinRateE4), "Max", RateString(MaxRateE4)))
	s = strings.TrimSpace(s)
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(whole) > 3 || len(frac) > 4 || !allDigits(whole) || !allDigits(frac) {
		return 0, bad
	}
	frac += strings.Repeat("0", 4-len(frac))
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt(frac, 10, 64)
	e4 := w*10_000 + f
	if e4 < MinRateE4 || e4 > MaxRateE4 {
		return 0, bad
	}
	return e4, nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// RMBEquivalent converts US cents to fen at a rate × 10 000, rounding down to the fen.
func RMBEquivalent(usd money.Cents, rateE4 int64) (money.Fen, error) {
	c, err := money.ApplyRate(usd, rateE4)
	return money.Fen(c), err
}
