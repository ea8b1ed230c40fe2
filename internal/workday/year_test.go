package workday

import (
	"bytes"
	"strings"
	"testing"

	"chuhai/internal/apperr"
	"chuhai/internal/i18n"
)

func TestParseReadsTheDocumentedFormat(t *testing.T) {
	src := "\uFEFF# 2027 年节假日安排\r\n" +
		"region sg\r\n" +
		"year 2027\n" +
		"\n" +
		"2027-01-01 off New Year's Day\n" +
		"2027-02-06\tOFF   Chinese New Year  \n" +
		"2027-01-09 on\n" +
		"   # indented comment\n"
	y, err := Parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if y.Region != "SG" || y.Year != 2027 || len(y.Days) != 3 {
		t.Fatalf("got %+v", y)
	}
	if y.Days[1].Kind != Off || y.Days[1].Note != "Chinese New Year" || y.Days[2].Kind != On || y.Days[2].Note != "" {
		t.Errorf("days %+v", y.Days)
	}
	if off, on := y.Counts(); off != 2 || on != 1 {
		t.Errorf("counts %d, %d", off, on)
	}
	var buf bytes.Buffer
	if err := Format(&buf, y); err != nil {
		t.Fatal(err)
	}
	want := "region SG\nyear 2027\n2027-01-01 off New Year's Day\n2027-01-09 on\n2027-02-06 off Chinese New Year\n"
	if buf.String() != want {
		t.Errorf("Format:\n%s\nwant:\n%s", buf.String(), want)
	}
	again, err := Parse(&buf)
	if err != nil || len(again.Days) != 3 || again.Days[1].Date.String() != "2027-01-09" {
		t.Errorf("round trip: %+v, %v", again, err)
	}
	if y, err := Parse(strings.NewReader("year 2030\n")); err != nil || y.Region != "CN" || len(y.Days) != 0 {
		t.Errorf("region defaults to CN and a year may list nothing: %+v, %v", y, err)
	}
}

func TestParseErrorsNameTheLine(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, src string
		want      []string // "field key" pairs, in order
	}{
		{"bad date", "year 2026\n2026-02-30 off x\n", []string{"line 2 workday.date_bad"}},
		{"not a line at all", "year 2026\nhello world\n", []string{"line 2 workday.file_line_bad"}},
		{"bad kind", "year 2026\n# c\n2026-01-01 holiday\n", []string{"line 3 workday.kind_bad"}},
		{"missing kind", "year 2026\n2026-01-01\n", []string{"line 2 workday.kind_bad"}},
		{"make-up day on a weekday", "year 2026\n2026-01-05 on\n", []string{"line 2 workday.on_weekday"}},
		{"date in another year", "year 2026\n2025-12-31 off\n", []string{"line 2 workday.date_other_year"}},
		{"duplicate", "year 2026\n2026-01-01 off\n\n2026-01-01 off\n", []string{"line 4 workday.duplicate_line"}},
		{"no year", "region CN\n", []string{"file workday.file_year_missing"}},
		{"days before the year", "2026-01-01 off\nyear 2026\n", []string{"line 1 workday.file_year_first", "line 2 workday.file_header_late"}},
		{"year out of range", "year 1999\n", []string{"line 1 workday.year_range"}},
		{"year not a number", "year twenty\n", []string{"line 1 workday.year_range"}},
		{"year twice", "year 2026\nyear 2026\n", []string{"line 2 workday.file_header_twice"}},
		{"header with junk", "year 2026 please\n", []string{"line 1 workday.file_header_bad", "file workday.file_year_missing"}},
		{"bad region", "region China\nyear 2026\n", []string{"line 1 workday.region_bad"}},
		{"note too long", "year 2026\n2026-01-01 off " + strings.Repeat("节", MaxNote+1) + "\n", []string{"line 2 error.too_long"}},
		{"control character in note", "year 2026\n2026-01-01 off a\x07b\n", []string{"line 2 workday.note_bad"}},
		{"invalid UTF-8", "year 2026\n2026-01-01 off \xff\n", []string{"line 2 workday.file_bad_text"}},
		{"several at once", "year 2026\n2026-01-05 on\n2026-13-01 off\n2026-01-01 maybe\n", []string{"line 2 workday.on_weekday", "line 3 workday.date_bad", "line 4 workday.kind_bad"}},
	} {
		_, err := Parse(strings.NewReader(tc.src))
		e, ok := apperr.As(err)
		if !ok || e.Kind != apperr.KindInvalid {
			t.Errorf("%s: want a validation error, got %v", tc.name, err)
			continue
		}
		var got []string
		for _, f := range e.Fields {
			got = append(got, f.Name+" "+f.Key)
			for _, lang := range i18n.Languages {
				if msg := cat.T(lang, f.Key, f.Args); msg == f.Key || strings.Contains(msg, "no value") {
					t.Errorf("%s: %s has no %s message (%q)", tc.name, f.Key, lang, msg)
				}
			}
		}
		if strings.Join(got, "; ") != strings.Join(tc.want, "; ") {
			t.Errorf("%s:\n got  %v\n want %v", tc.name, got, tc.want)
		}
	}
}

func TestParseBoundsItsInput(t *testing.T) {
	big := "year 2026\n" + strings.Repeat("# padding padding padding padding\n", MaxFileSize/30)
	_, err := Parse(strings.NewReader(big))
	if e, ok := apperr.As(err); !ok || len(e.Fields) != 1 || e.Fields[0].Key != "workday.file_too_large" {
		t.Errorf("an oversized file must be refused as such, got %v", err)
	}
	var many strings.Builder
	many.WriteString("year 2026\n")
	for range 50 {
		many.WriteString("2026-01-05 on\n")
	}
	_, err = Parse(strings.NewReader(many.String()))
	e, _ := apperr.As(err)
	if e == nil || len(e.Fields) != maxErrors+1 || e.Fields[maxErrors].Key != "workday.too_many_errors" {
		t.Errorf("errors must be capped at %d plus a note, got %v", maxErrors, err)
	}
}

func TestYearValidateNamesDays(t *testing.T) {
	y := Year{Region: "cn", Year: 2026, Days: []Day{
		{Date: d("2026-01-01"), Kind: Off},
		{Date: d("2026-01-01"), Kind: Off},
		{Kind: Off},
	}}
	e, _ := apperr.As(y.Validate())
	if e == nil {
		t.Fatal("accepted")
	}
	var got []string
	for _, f := range e.Fields {
		got = append(got, f.Name+" "+f.Key)
	}
	want := "region workday.region_bad; days[1] workday.duplicate; days[2] error.required"
	if strings.Join(got, "; ") != want {
		t.Errorf("got %v", got)
	}
	if err := (Year{Region: "CN", Year: 2026, Days: make([]Day, 367)}).Validate(); err == nil {
		t.Error("more days than a year has must be refused")
	}
}

// FuzzParse: the parser never panics, and whatever it accepts survives Format and Parse unchanged
// and builds a calendar.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"year 2026\n2026-01-01 off 元旦\n2026-01-04 on 调休\n",
		"region SG\nyear 2027\n",
		"\uFEFFyear 2025\r\n2025-10-11 on\r\n",
		"year 2026\n2026-02-30 off\n",
		"2026-01-01 off\nyear 2026\n",
		"year 2026 2027\n",
		"year\n",
		"#\n\n\t\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		y, err := Parse(strings.NewReader(src))
		if err != nil {
			if _, ok := apperr.As(err); !ok {
				t.Fatalf("non-validation error %v", err)
			}
			return
		}
		var buf bytes.Buffer
		if err := Format(&buf, y); err != nil {
			t.Fatal(err)
		}
		again, err := Parse(&buf)
		if err != nil {
			t.Fatalf("formatted calendar does not parse: %v\n%s", err, buf.String())
		}
		if again.Region != y.Region || again.Year != y.Year || len(again.Days) != len(y.Days) {
			t.Fatalf("round trip changed the year: %+v vs %+v", again, y)
		}
		for i, day := range sortedDays(y).Days {
			if again.Days[i] != day {
				t.Fatalf("day %d: %+v vs %+v", i, again.Days[i], day)
			}
		}
		if _, err := NewCalendar(y.Region, y); err != nil {
			t.Fatalf("accepted year does not build a calendar: %v", err)
		}
	})
}
