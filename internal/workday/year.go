package workday

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"chuhai/internal/apperr"
)

// Limits on what a calendar may hold.
const (
	MinYear     = 2000
	MaxYear     = 2100
	MaxNote     = 100     // characters
	MaxFileSize = 1 << 16 // bytes; a year's file is about 1 KiB
	maxErrors   = 20      // field errors reported before giving up
)

// Validate checks a year as a whole; field names point into the value ("days[3].date").
func (y Year) Validate() error {
	return fieldsErr(checkYear(y, func(i int) string { return fmt.Sprintf("days[%d]", i) }, nil))
}

// checkYear returns every problem with y. at names day i for messages; lines, when known, gives
// each day's source line so that a duplicate can say where the first one was.
func checkYear(y Year, at func(i int) string, lines []int) []apperr.Field {
	var fs []apperr.Field
	if !validRegion(y.Region) {
		fs = append(fs, apperr.F("region", "workday.region_bad", "Value", y.Region))
	}
	if y.Year < MinYear || y.Year > MaxYear {
		fs = append(fs, apperr.F("year", "workday.year_range", "Min", MinYear, "Max", MaxYear))
	}
	if len(y.Days) > 366 {
		return append(fs, apperr.F("days", "workday.too_many_days"))
	}
	seen := map[Date]int{}
	for i, d := range y.Days {
		name := at(i)
		switch {
		case d.Date.IsZero():
			fs = append(fs, apperr.F(name, "error.required"))
		case d.Date.Year() != y.Year:
			fs = append(fs, apperr.F(name, "workday.date_other_year", "Date", d.Date.String(), "Year", y.Year))
		case d.Kind != Off && d.Kind != On:
			fs = append(fs, apperr.F(name, "workday.kind_bad", "Value", string(d.Kind)))
		case d.Kind == On && !weekend(d.Date.Weekday()):
			fs = append(fs, apperr.F(name, "workday.on_weekday", "Date", d.Date.String(),
				"WeekdayZh", weekdayZh[d.Date.Weekday()], "WeekdayEn", d.Date.Weekday().String()))
		case utf8.RuneCountInString(d.Note) > MaxNote:
			fs = append(fs, apperr.F(name, "error.too_long", "Max", MaxNote))
		case !cleanText(d.Note):
			fs = append(fs, apperr.F(name, "workday.note_bad"))
		}
		if first, dup := seen[d.Date]; dup && !d.Date.IsZero() {
			if lines != nil {
				fs = append(fs, apperr.F(name, "workday.duplicate_line", "Date", d.Date.String(), "First", lines[first]))
			} else {
				fs = append(fs, apperr.F(name, "workday.duplicate", "Date", d.Date.String()))
			}
		} else {
			seen[d.Date] = i
		}
	}
	return fs
}

var weekdayZh = [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}

func validRegion(r string) bool {
	return len(r) == 2 && r[0] >= 'A' && r[0] <= 'Z' && r[1] >= 'A' && r[1] <= 'Z'
}

func cleanText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

func fieldsErr(fs []apperr.Field) error {
	if len(fs) == 0 {
		return nil
	}
	if len(fs) > maxErrors {
		fs = append(fs[:maxErrors:maxErrors], apperr.F("file", "workday.too_many_errors", "Max", maxErrors))
	}
	return apperr.Invalid(fs...)
}

// Parse reads one year's calendar in the text format administrators load:
//
//	# 国务院办公厅关于2026年部分节假日安排的通知      ← comments start with #; blank lines are ignored
//	region CN                                      ← optional (default CN): ISO 3166-1 alpha-2
//	year 2026                                      ← required, before any day
//	2026-01-01 off 元旦                             ← DATE KIND NOTE: off = no work, on = 调休上班
//	2026-01-04 on 调休上班
//
// Days not listed follow the weekend rule (Saturday and Sunday off). "on" is only for Saturdays and
// Sundays; "off" may list a holiday that falls on a weekend, as the State Council's notices do.
// Every problem is reported as a field error named after its line ("line 3"), in both languages
// through the catalogue.
func Parse(r io.Reader) (Year, error) {
	buf, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return Year{}, fmt.Errorf("read calendar: %w", err)
	}
	if len(buf) > MaxFileSize {
		return Year{}, apperr.Invalid(apperr.F("file", "workday.file_too_large", "Limit", strconv.Itoa(MaxFileSize>>10)+" KiB"))
	}
	buf = bytes.TrimPrefix(buf, []byte("\uFEFF"))
	y := Year{Region: China}
	var fs []apperr.Field
	var lines []int // source line of each day
	regionLine, yearLine := 0, 0
	regionBad, yearBad := false, false // already reported at the header line
	for i, raw := range strings.Split(string(buf), "\n") {
		n := i + 1
		name := lineName(n)
		line := strings.TrimSpace(strings.TrimSuffix(raw, "\r"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !utf8.ValidString(line) {
			fs = append(fs, apperr.F(name, "workday.file_bad_text"))
			continue
		}
		first, second, rest := tokens(line)
		switch strings.ToLower(first) {
		case "region", "year":
			key := strings.ToLower(first)
			switch {
			case len(lines) > 0:
				fs = append(fs, apperr.F(name, "workday.file_header_late", "Name", key))
			case rest != "" || second == "":
				fs = append(fs, apperr.F(name, "workday.file_header_bad", "Name", key))
			case key == "region" && regionLine != 0, key == "year" && yearLine != 0:
				fs = append(fs, apperr.F(name, "workday.file_header_twice", "Name", key))
			case key == "region":
				regionLine, y.Region = n, strings.ToUpper(second)
				if regionBad = !validRegion(y.Region); regionBad {
					fs = append(fs, apperr.F(name, "workday.region_bad", "Value", second))
				}
			default:
				yearLine = n
				v, err := strconv.Atoi(second)
				if yearBad = err != nil || v < MinYear || v > MaxYear; yearBad {
					fs = append(fs, apperr.F(name, "workday.year_range", "Min", MinYear, "Max", MaxYear))
				}
				y.Year = v
			}
			continue
		}
		d, err := ParseDate(first)
		if err != nil {
			if looksLikeDate(first) {
				fs = append(fs, apperr.F(name, "workday.date_bad", "Value", clip(first)))
			} else {
				fs = append(fs, apperr.F(name, "workday.file_line_bad"))
			}
			continue
		}
		if yearLine == 0 {
			fs = append(fs, apperr.F(name, "workday.file_year_first"))
			yearLine = -1 // say it once
		}
		y.Days = append(y.Days, Day{Date: d, Kind: Kind(strings.ToLower(second)), Note: rest})
		lines = append(lines, n)
	}
	if yearLine == 0 {
		fs = append(fs, apperr.F("file", "workday.file_year_missing"))
	}
	if yearLine > 0 {
		for _, f := range checkYear(y, func(i int) string { return lineName(lines[i]) }, lines) {
			switch {
			case f.Name == "region" && regionBad, f.Name == "year" && yearBad:
				continue
			case f.Name == "region":
				f.Name = lineName(regionLine)
			case f.Name == "year":
				f.Name = lineName(yearLine)
			}
			fs = append(fs, f)
		}
	}
	// Report in file order; whole-file problems last.
	slices.SortStableFunc(fs, func(a, b apperr.Field) int { return lineOf(a.Name) - lineOf(b.Name) })
	if err := fieldsErr(fs); err != nil {
		return Year{}, err
	}
	return y, nil
}

func lineOf(name string) int {
	if n, err := strconv.Atoi(strings.TrimPrefix(name, "line ")); err == nil {
		return n
	}
	return math.MaxInt32
}

func lineName(n int) string { return "line " + strconv.Itoa(n) }

// tokens splits a line into its first two whitespace-separated words and the rest, trimmed.
func tokens(line string) (first, second, rest string) {
	first, line = word(line)
	second, line = word(line)
	return first, second, strings.TrimSpace(line)
}

func word(s string) (string, string) {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i:]
}

func looksLikeDate(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

func clip(s string) string {
	if utf8.RuneCountInString(s) > 20 {
		return string([]rune(s)[:20]) + "…"
	}
	return s
}

// Format writes y in the format Parse reads, days in date order, so `calendar show` output can be
// edited and loaded again.
func Format(w io.Writer, y Year) error {
	y = sortedDays(y)
	var b strings.Builder
	fmt.Fprintf(&b, "region %s\nyear %d\n", y.Region, y.Year)
	for _, d := range y.Days {
		line := d.Date.String() + " " + string(d.Kind)
		if d.Note != "" {
			line += " " + d.Note
		}
		fmt.Fprintf(&b, "%s\n", line)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
