package directory

import (
	"strings"
	"unicode/utf8"

	"chuhai/internal/apperr"
)

// usccAlphabet is GB 32100-2015's character set: digits and upper-case letters without I, O, Z, S, V.
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// NormalizeUSCC trims and upper-cases a unified social credit code.
func NormalizeUSCC(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// ValidateUSCC checks a unified social credit code (统一社会信用代码) against GB 32100-2015: 18
// characters from the standard's alphabet with a correct check digit. The error names what is wrong.
func ValidateUSCC(field, code string) error {
	code = NormalizeUSCC(code)
	if code == "" {
		return apperr.Invalid(apperr.F(field, "error.required"))
	}
	runes := []rune(code)
	if len(runes) != 18 {
		return apperr.Invalid(apperr.F(field, "uscc.length", "Got", len(runes)))
	}
	sum := 0
	for i, r := range runes {
		v := strings.IndexRune(usccAlphabet, r)
		if v < 0 || r == utf8.RuneError {
			return apperr.Invalid(apperr.F(field, "uscc.character", "Pos", i+1, "Char", string(r)))
		}
		if i < 17 {
			sum += v * usccWeights[i]
		}
	}
	want := (31 - sum%31) % 31
	if rune(usccAlphabet[want]) != runes[17] {
		return apperr.Invalid(apperr.F(field, "uscc.check_digit", "Want", string(usccAlphabet[want]), "Got", string(runes[17])))
	}
	return nil
}
