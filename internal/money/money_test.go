package money

import (
	"errors"
	"math"
	"testing"

	"chuhai/internal/apperr"
)

func fieldKey(t *testing.T, err error) string {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || e.Kind != apperr.KindInvalid || len(e.Fields) != 1 {
		t.Fatalf("want one field error, got %v", err)
	}
	return e.Fields[0].Key
}

func TestParseYuanExactly(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Fen
	}{
		{"1,200,000.00", 120_000_000},
		{"1200000", 120_000_000},
		{"1200000.5", 120_000_050},
		{"0.01", 1},
		{"0.1", 10},
		{"0", 0},
		{"-0", 0},
		{"  300,000  ", 30_000_000},
		{"¥1,200", 120_000},
		{"￥12.34", 1234},
		{"RMB 5", 500},
		{"88元", 8800},
		{"-35.20", -3520},
		{"-¥35.2", -3520},
		{"123", 12300},
		{"1,234", 123_400},
		{"007", 700},
		{"92,233,720,368,547,758.07", math.MaxInt64},
		{"-92233720368547758.08", math.MinInt64},
	} {
		got, err := ParseYuan("amount", tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}

func TestParseYuanRefusesWhatIsNotAnAmount(t *testing.T) {
	for _, tc := range []struct{ in, key string }{
		{"", "error.required"},
		{"   ", "error.required"},
		{"abc", "money.format"},
		{"1.", "money.format"},
		{".5", "money.format"},
		{"1.2.3", "money.format"},
		{"12,00", "money.format"},
		{"1,2000", "money.format"},
		{",100", "money.format"},
		{"1,000,", "money.format"},
		{"1234,567", "money.format"},
		{"+5", "money.format"},
		{"--5", "money.format"},
		{"1e6", "money.format"},
		{"1 000", "money.format"},
		{"0x10", "money.format"},
		{"１２３", "money.format"},
		{"1.234", "money.too_precise"},
		{"0.001", "money.too_precise"},
		{"92233720368547758.08", "money.overflow"},
		{"-92233720368547758.09", "money.overflow"},
		{"99999999999999999999", "money.overflow"},
		{"1" + string(make([]byte, 80)), "money.format"},
		{"$5", "money.format"},
	} {
		_, err := ParseYuan("amount", tc.in)
		if err == nil {
			t.Errorf("ParseYuan(%q) accepted", tc.in)
			continue
		}
		if got := fieldKey(t, err); got != tc.key {
			t.Errorf("ParseYuan(%q) key %q, want %q", tc.in, got, tc.key)
		}
		if e, _ := apperr.As(err); e.Fields[0].Name != "amount" {
			t.Errorf("ParseYuan(%q) names field %q", tc.in, e.Fields[0].Name)
		}
	}
}

func TestParseUSD(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Cents
	}{
		{"350,000,000", 35_000_000_000},
		{"$350,000,000.00", 35_000_000_000},
		{"US$12.5", 1250},
		{"USD 300000000", 30_000_000_000},
	} {
		got, err := ParseUSD("total", tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseUSD(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	if _, err := ParseUSD("total", "¥5"); err == nil {
		t.Error("a yuan sign is not a dollar amount")
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		in         Fen
		want, wan  string
		plainWant  string
		centsWant  string
		skipCents  bool
		skipWanOut bool
	}{
		{in: 120_000_000, want: "1,200,000.00", wan: "120万元", plainWant: "1200000.00"},
		{in: 0, want: "0.00", wan: "0万元", plainWant: "0.00"},
		{in: 1, want: "0.01", wan: "0.000001万元", plainWant: "0.01"},
		{in: 99, want: "0.99", wan: "0.000099万元", plainWant: "0.99"},
		{in: 100_000, want: "1,000.00", wan: "0.1万元", plainWant: "1000.00"},
		{in: 30_000_000, want: "300,000.00", wan: "30万元", plainWant: "300000.00"},
		{in: 1_234_560, want: "12,345.60", wan: "1.23456万元", plainWant: "12345.60"},
		{in: 1_000_000_000, want: "10,000,000.00", wan: "1000万元", plainWant: "10000000.00"},
		{in: -3520, want: "-35.20", wan: "-0.00352万元", plainWant: "-35.20"},
		{in: math.MaxInt64, want: "92,233,720,368,547,758.07", wan: "9223372036854.775807万元", plainWant: "92233720368547758.07"},
		{in: math.MinInt64, want: "-92,233,720,368,547,758.08", wan: "-9223372036854.775808万元", plainWant: "-92233720368547758.08"},
	} {
		if got := tc.in.String(); got != tc.want {
			t.Errorf("Fen(%d).String() = %q, want %q", tc.in, got, tc.want)
		}
		if got := tc.in.WanYuan(); got != tc.wan {
			t.Errorf("Fen(%d).WanYuan() = %q, want %q", tc.in, got, tc.wan)
		}
		if got := tc.in.Plain(); got != tc.plainWant {
			t.Errorf("Fen(%d).Plain() = %q, want %q", tc.in, got, tc.plainWant)
		}
		if got := Cents(tc.in).String(); got != tc.want {
			t.Errorf("Cents(%d).String() = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestSubsidyRatesRoundDown pins the rounding rule the subsidy programmes rely on.
func TestSubsidyRatesRoundDown(t *testing.T) {
	for _, tc := range []struct {
		name   string
		amount Fen
		bp     int64
		want   Fen
	}{
		{"Xuhui 30% of 1,000,000 yuan", 100_000_000, 3000, 30_000_000},
		{"30% of 0.05 yuan rounds down to 0.01", 5, 3000, 1},
		{"30% of 0.03 yuan rounds down to 0.00", 3, 3000, 0},
		{"50% of 0.99 yuan is 0.49", 99, 5000, 49},
		{"100% is the identity", 12345, 10_000, 12345},
		{"0% is nothing", 12345, 0, 0},
		{"150% markup", 1000, 15_000, 1500},
		{"1 bp of 1 yuan rounds to 0", 100, 1, 0},
		{"1 bp of 100 yuan is 1 fen", 10_000, 1, 1},
		{"reversal rounds toward zero", -5, 3000, -1},
		{"reversal of 0.99 at 50%", -99, 5000, -49},
		{"max amount at 100%", math.MaxInt64, 10_000, math.MaxInt64},
		{"max amount at 50% needs 128 bits inside", math.MaxInt64, 5000, math.MaxInt64 / 2},
		{"min amount at 100%", math.MinInt64, 10_000, math.MinInt64},
		{"min amount at 1 bp", math.MinInt64, 1, -922337203685477},
	} {
		got, err := ApplyRate(tc.amount, tc.bp)
		if err != nil || got != tc.want {
			t.Errorf("%s: ApplyRate(%d, %d) = %d, %v; want %d", tc.name, tc.amount, tc.bp, got, err, tc.want)
		}
	}
}

func TestApplyRateReportsOverflowAndBadRates(t *testing.T) {
	for _, tc := range []struct {
		amount Fen
		bp     int64
	}{
		{math.MaxInt64, 10_001},
		{math.MinInt64, 10_001},
		{math.MaxInt64 / 2, 30_000},
		{1 << 62, math.MaxInt64},
	} {
		if _, err := ApplyRate(tc.amount, tc.bp); !errors.Is(err, ErrOverflow) {
			t.Errorf("ApplyRate(%d, %d): err %v, want overflow", tc.amount, tc.bp, err)
		}
	}
	if _, err := ApplyRate(Fen(100), -1); err == nil || errors.Is(err, ErrOverflow) || fieldKey(t, err) != "money.negative_rate" {
		t.Errorf("a negative rate must be refused as such, got %v", err)
	}
	if got, err := ApplyRate(Cents(35_000_000_000), 1000); err != nil || got != 3_500_000_000 {
		t.Errorf("10%% of USD 350M = %d, %v", got, err)
	}
}

func TestCheckedArithmetic(t *testing.T) {
	for _, tc := range []struct{ a, b, want Fen }{
		{1, 2, 3},
		{-5, 5, 0},
		{math.MaxInt64, 0, math.MaxInt64},
		{math.MinInt64, math.MaxInt64, -1},
	} {
		if s, err := Add(tc.a, tc.b); err != nil || s != tc.want {
			t.Errorf("Add(%d, %d) = %d, %v; want %d", tc.a, tc.b, s, err, tc.want)
		}
	}
	for _, tc := range []struct{ a, b, want Fen }{
		{1, 2, -1},
		{-5, 5, -10},
		{math.MinInt64, 0, math.MinInt64},
		{math.MaxInt64, math.MaxInt64, 0},
		{-1, math.MaxInt64, math.MinInt64},
	} {
		if d, err := Sub(tc.a, tc.b); err != nil || d != tc.want {
			t.Errorf("Sub(%d, %d) = %d, %v; want %d", tc.a, tc.b, d, err, tc.want)
		}
	}
	if s, err := Add(Fen(math.MaxInt64), -1); err != nil || s != math.MaxInt64-1 {
		t.Errorf("Add(max, -1) = %d, %v", s, err)
	}
	for _, tc := range []struct {
		name string
		f    func() (Fen, error)
	}{
		{"max+1", func() (Fen, error) { return Add(Fen(math.MaxInt64), 1) }},
		{"min+-1", func() (Fen, error) { return Add(Fen(math.MinInt64), -1) }},
		{"min-1", func() (Fen, error) { return Sub(Fen(math.MinInt64), 1) }},
		{"max- -1", func() (Fen, error) { return Sub(Fen(math.MaxInt64), -1) }},
		{"0-min", func() (Fen, error) { return Sub(Fen(0), math.MinInt64) }},
		{"sum", func() (Fen, error) { return Sum(Fen(math.MaxInt64/2), math.MaxInt64/2, 2) }},
		{"yuan", func() (Fen, error) { return Yuan(math.MaxInt64 / 10) }},
	} {
		if v, err := tc.f(); !errors.Is(err, ErrOverflow) {
			t.Errorf("%s: got %d, %v; want overflow", tc.name, v, err)
		} else if e, _ := apperr.As(err); e.Key != "money.overflow" || e.Kind != apperr.KindInvalid {
			t.Errorf("%s: overflow must be an invalid-input error with a message, got %#v", tc.name, e)
		}
	}
	if s, err := Sum[Cents](); err != nil || s != 0 {
		t.Errorf("empty sum = %d, %v", s, err)
	}
	if s, err := Sum(Fen(1), 2, 3); err != nil || s != 6 {
		t.Errorf("Sum = %d, %v", s, err)
	}
	if Min(Fen(3), 2) != 2 || Max(Cents(-3), 2) != 2 {
		t.Error("Min/Max")
	}
	if y, err := Yuan(300_000); err != nil || y != 30_000_000 {
		t.Errorf("Yuan(300000) = %d, %v", y, err)
	}
	if d, err := Dollars(-300_000_000); err != nil || d != -30_000_000_000 {
		t.Errorf("Dollars = %d, %v", d, err)
	}
	if _, err := Dollars(math.MinInt64 / 10); !errors.Is(err, ErrOverflow) {
		t.Error("Dollars must report overflow")
	}
}
