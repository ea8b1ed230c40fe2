package industry

import "testing"

func TestDataLoadsWithEverySectionAndDivision(t *testing.T) {
	if _, err := load(); err != nil {
		t.Fatal(err)
	}
	secs := Sections()
	if len(secs) != 20 || secs[0].Code != "A" || secs[19].Code != "T" {
		t.Fatalf("sections: got %d (%s…%s), want 20 A…T", len(secs), secs[0].Code, secs[len(secs)-1].Code)
	}
	n := 0
	want := 1
	for _, s := range secs {
		if len(s.Divisions) == 0 {
			t.Errorf("section %s has no divisions", s.Code)
		}
		for _, d := range s.Divisions {
			n++
			// Divisions are numbered 01–97 consecutively across the sections.
			if got := d.Number; got != twoDigits(want) {
				t.Errorf("division %s out of order: want %s", got, twoDigits(want))
			}
			want++
		}
	}
	if n != 97 {
		t.Errorf("divisions: got %d, want 97", n)
	}
}

func twoDigits(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }

func TestNormalize(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"C39", "C39", true},
		{"39", "C39", true},
		{" c 39 ", "C39", true},
		{"C3911", "C39", true},
		{"3911", "C39", true},
		{"C", "C", true},
		{"t", "T", true},
		{"计算机、通信和其他电子设备制造业", "C39", true},
		{"Manufacturing", "C", true},
		{"房地产业", "K70", true}, // the section and its only division share the name; the division wins
		{"软件和信息技术服务业", "I65", true},
		{"A39", "", false}, // 39 is in C, not A
		{"98", "", false},
		{"U", "", false},
		{"", "", false},
		{"制造", "", false},
	} {
		got, ok := Normalize(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Normalize(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestWithin(t *testing.T) {
	for _, tc := range []struct {
		code, scope string
		want        bool
	}{
		{"C39", "C", true},
		{"C39", "C39", true},
		{"C39", "C38", false},
		{"I65", "C", false},
		{"C", "C39", false},
		{"X1", "C", false},
	} {
		if got := Within(tc.code, tc.scope); got != tc.want {
			t.Errorf("Within(%s, %s) = %v", tc.code, tc.scope, got)
		}
	}
}

func TestDivisionByCode(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"K70", "K70"}, {"h61", "H61"}, {"87", "R87"}, {" C38 ", "C38"}, {"A01", "A01"}, {"T97", "T97"},
		{"", ""}, {"K", ""}, {"K7", ""}, {"K700", ""}, {"X70", ""}, {"98", ""}, {"00", ""}, {"A39", ""}, {"房地产业", ""},
	} {
		d, ok := DivisionByCode(tc.in)
		if d.Code != tc.want || ok != (tc.want != "") {
			t.Errorf("DivisionByCode(%q) = %+v, %v; want %q", tc.in, d, ok, tc.want)
		}
	}
}

func TestParseRejectsBrokenData(t *testing.T) {
	for name, data := range map[string]string{
		"division first": "A01\t农业\tAgriculture\n",
		"wrong section":  "A\t甲\tA\nB01\t农业\tAgriculture\n",
		"duplicate":      "A\t甲\tA\nA01\t农业\tAgriculture\nA01\t农业\tAgriculture\n",
		"bad code":       "AA\t甲\tA\n",
		"empty name":     "A\t\tA\n",
		"ragged row":     "A\t甲\n",
	} {
		if _, err := parse([]byte(data)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
