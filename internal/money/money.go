// Package money owns amounts of money: yuan held as integer fen and US dollars held as integer
// cents, so that no amount is ever a float. It parses what people type ("1,200,000.00"), formats
// amounts the way Chinese forms show them, applies basis-point rates with stated rounding, and does
// checked arithmetic that reports overflow instead of wrapping.
package money

import (
	"errors"
	"math"
	"math/bits"
	"strconv"
	"strings"

	"chuhai/internal/apperr"
)

// Fen is an amount of Chinese yuan in fen (1 yuan = 100 fen).
type Fen int64

// Cents is an amount of US dollars in cents (1 dollar = 100 cents).
type Cents int64

// Amount is either currency. Both have two decimal places, so they share parsing, formatting and
// arithmetic; the distinct types keep yuan and dollars from being mixed by accident.
type Amount interface{ Fen | Cents }

// BasisPoints per whole: a rate of 3,000 bp is 30%.
const BasisPoints = 10_000

// ErrOverflow is the cause of every out-of-range result; test for it with errors.Is.
var ErrOverflow = errors.New("money: amount out of range")

func overflow() error {
	return &apperr.Error{Kind: apperr.KindInvalid, Key: "money.overflow", Cause: ErrOverflow}
}

// Yuan returns y whole yuan as fen, or an error when that does not fit.
func Yuan(y int64) (Fen, error) {
	hi, lo := bits.Mul64(magnitude(y), 100)
	v, ok := signed(hi, lo, y < 0)
	if !ok {
		return 0, overflow()
	}
	return Fen(v), nil
}

// Dollars returns d whole US dollars as cents, or an error when that does not fit.
func Dollars(d int64) (Cents, error) {
	hi, lo := bits.Mul64(magnitude(d), 100)
	v, ok := signed(hi, lo, d < 0)
	if !ok {
		return 0, overflow()
	}
	return Cents(v), nil
}

// Add returns a+b, or an error when the sum does not fit in 64 bits.
func Add[T Amount](a, b T) (T, error) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, overflow()
	}
	return s, nil
}

// Sub returns a-b, or an error when the difference does not fit in 64 bits.
func Sub[T Amount](a, b T) (T, error) {
	d := a - b
	if (b > 0 && d > a) || (b < 0 && d < a) {
		return 0, overflow()
	}
	return d, nil
}

// Sum adds amounts, stopping at the first overflow.
func Sum[T Amount](amounts ...T) (T, error) {
	var total T
	for _, a := range amounts {
		var err error
		if total, err = Add(total, a); err != nil {
			return 0, err
		}
	}
	return total, nil
}

// Min returns the smaller amount.
func Min[T Amount](a, b T) T { return min(a, b) }

// Max returns the larger amount.
func Max[T Amount](a, b T) T { return max(a, b) }

// ApplyRate returns amount × bp / 10,000, rounded toward zero to the fen (or cent): DOWN for the
// non-negative amounts every programme deals in, so a subsidy of 30% of 0.05 yuan is 0.01 yuan,
// never 0.02 — the platform never pays out a fraction of a fen it does not owe. A negative amount
// (a reversal) rounds toward zero too, so it never reverses more than was paid. The product is
// computed in 128 bits, so only a result that itself does not fit is an overflow. A negative rate
// is an error.
func ApplyRate[T Amount](amount T, bp int64) (T, error) {
	if bp < 0 {
		return 0, apperr.Invalid(apperr.F("rate", "money.negative_rate"))
	}
	hi, lo := bits.Mul64(magnitude(int64(amount)), uint64(bp))
	if hi >= BasisPoints {
		return 0, overflow()
	}
	q, _ := bits.Div64(hi, lo, BasisPoints)
	v, ok := signed(0, q, amount < 0)
	if !ok {
		return 0, overflow()
	}
	return T(v), nil
}

// magnitude is |v| as an unsigned number; it is exact for math.MinInt64 too.
func magnitude(v int64) uint64 {
	if v < 0 {
		return uint64(-(v + 1)) + 1
	}
	return uint64(v)
}

// signed turns a 128-bit magnitude and a sign back into an int64 when it fits.
func signed(hi, lo uint64, negative bool) (int64, bool) {
	if hi != 0 {
		return 0, false
	}
	if negative {
		if lo > 1<<63 {
			return 0, false
		}
		if lo == 1<<63 {
			return math.MinInt64, true
		}
		return -int64(lo), true
	}
	if lo > math.MaxInt64 {
		return 0, false
	}
	return int64(lo), true
}

// String formats the amount in yuan with thousands separators and two decimals: "1,200,000.00".
func (f Fen) String() string { return format(int64(f), ",") }

// String formats the amount in dollars with thousands separators and two decimals: "1,200,000.00".
func (c Cents) String() string { return format(int64(c), ",") }

// Plain formats the amount in yuan without separators ("1200000.00"), for CSV and spreadsheets.
func (f Fen) Plain() string { return format(int64(f), "") }

// Plain formats the amount in dollars without separators ("1200000.00").
func (c Cents) Plain() string { return format(int64(c), "") }

// WanYuan formats the amount in 万元 (ten thousands of yuan) the way Chinese documents state budgets
// and caps: exact, with trailing zeros dropped — 300,000.00 yuan is "30万元", 12,345.60 yuan is
// "1.23456万元". It never rounds, so it is safe to print next to a legal cap.
func (f Fen) WanYuan() string {
	mag := magnitude(int64(f))
	whole, frac := mag/1_000_000, mag%1_000_000 // 1 万元 = 1,000,000 fen
	s := strconv.FormatUint(whole, 10)
	if frac != 0 {
		s += "." + strings.TrimRight(leftPad(strconv.FormatUint(frac, 10), 6), "0")
	}
	if f < 0 {
		s = "-" + s
	}
	return s + "万元"
}

func format(v int64, sep string) string {
	mag := magnitude(v)
	whole, frac := strconv.FormatUint(mag/100, 10), mag%100
	var b strings.Builder
	if v < 0 {
		b.WriteByte('-')
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	b.WriteByte('.')
	b.WriteString(leftPad(strconv.FormatUint(frac, 10), 2))
	return b.String()
}

func leftPad(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return strings.Repeat("0", n-len(s)) + s
}
