package knowledge

import (
	"context"
	"strings"

	"chuhai/internal/apperr"
)

// Diff operations on a line.
const (
	OpSame    = "same"
	OpAdded   = "added"
	OpRemoved = "removed"
)

// DiffLine is one line of a comparison.
type DiffLine struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// FieldDiff compares one field of two revisions: a section in one language, the title, the sources.
type FieldDiff struct {
	Field   string     `json:"field"` // title, summary, reviewed_on, sources, or a section key
	Lang    string     `json:"lang,omitempty"`
	Changed bool       `json:"changed"`
	Lines   []DiffLine `json:"lines"`
}

// GuideDiff compares two revisions of a guide.
type GuideDiff struct {
	Country string      `json:"country"`
	From    Revision    `json:"from"`
	To      Revision    `json:"to"`
	Fields  []FieldDiff `json:"fields"`
}

// DiffRevisions compares every field of two revisions, line by line, in the order a guide is read.
func DiffRevisions(a, b Revision) []FieldDiff {
	field := func(name, lang, x, y string) FieldDiff {
		lines := DiffLines(x, y)
		changed := false
		for _, l := range lines {
			changed = changed || l.Op != OpSame
		}
		return FieldDiff{Field: name, Lang: lang, Changed: changed, Lines: lines}
	}
	sources := func(r Revision) string {
		var b strings.Builder
		for _, s := range r.Sources {
			b.WriteString(strings.TrimSpace(s.Title + " " + s.URL))
			b.WriteByte('\n')
		}
		return b.String()
	}
	out := []FieldDiff{
		field("title", "zh", a.TitleZh, b.TitleZh), field("title", "en", a.TitleEn, b.TitleEn),
		field("summary", "zh", a.SummaryZh, b.SummaryZh), field("summary", "en", a.SummaryEn, b.SummaryEn),
		field("reviewed_on", "", a.ReviewedOn, b.ReviewedOn),
	}
	body := func(r Revision, key string) (string, string) {
		for _, s := range r.Sections {
			if s.Key == key {
				return s.BodyZh, s.BodyEn
			}
		}
		return "", ""
	}
	for _, key := range Sections {
		az, ae := body(a, key)
		bz, be := body(b, key)
		out = append(out, field(key, "zh", az, bz), field(key, "en", ae, be))
	}
	return append(out, field("sources", "", sources(a), sources(b)))
}

// maxDiffCells bounds the comparison table; texts that differ over more lines than that are shown as
// wholly replaced.
const maxDiffCells = 4_000_000

// DiffLines compares two texts line by line (a longest common subsequence), after setting aside the
// lines they share at the start and the end.
func DiffLines(a, b string) []DiffLine {
	x, y := splitLines(a), splitLines(b)
	var head, tail []DiffLine
	for len(x) > 0 && len(y) > 0 && x[0] == y[0] {
		head = append(head, DiffLine{OpSame, x[0]})
		x, y = x[1:], y[1:]
	}
	for len(x) > 0 && len(y) > 0 && x[len(x)-1] == y[len(y)-1] {
		tail = append([]DiffLine{{OpSame, x[len(x)-1]}}, tail...)
		x, y = x[:len(x)-1], y[:len(y)-1]
	}
	out := head
	if (len(x)+1)*(len(y)+1) > maxDiffCells {
		for _, l := range x {
			out = append(out, DiffLine{OpRemoved, l})
		}
		for _, l := range y {
			out = append(out, DiffLine{OpAdded, l})
		}
		return append(out, tail...)
	}
	// lcs[i][j] is the length of the longest common subsequence of x[i:] and y[j:].
	w := len(y) + 1
	lcs := make([]int32, (len(x)+1)*w)
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
			} else {
				lcs[i*w+j] = max(lcs[(i+1)*w+j], lcs[i*w+j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] == y[j]:
			out = append(out, DiffLine{OpSame, x[i]})
			i, j = i+1, j+1
		case lcs[(i+1)*w+j] >= lcs[i*w+j+1]:
			out = append(out, DiffLine{OpRemoved, x[i]})
			i++
		default:
			out = append(out, DiffLine{OpAdded, y[j]})
			j++
		}
	}
	for ; i < len(x); i++ {
		out = append(out, DiffLine{OpRemoved, x[i]})
	}
	for ; j < len(y); j++ {
		out = append(out, DiffLine{OpAdded, y[j]})
	}
	return append(out, tail...)
}

func splitLines(s string) []string {
	s = strings.TrimRight(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// CompareGuide compares two published versions of a country's guide; to = 0 compares with the working
// copy, which only editors may read.
func (s *Store) CompareGuide(ctx context.Context, country string, from, to int) (GuideDiff, error) {
	var d GuideDiff
	if from < 1 || to < 0 {
		return d, apperr.Invalid(apperr.F("from", "knowledge.bad_version"))
	}
	a, err := s.GuideVersion(ctx, country, from)
	if err != nil {
		return d, err
	}
	var b Revision
	if to == 0 {
		b, err = s.WorkingCopy(ctx, country)
	} else {
		b, err = s.GuideVersion(ctx, country, to)
	}
	if err != nil {
		return d, err
	}
	return GuideDiff{Country: a.Country, From: a, To: b, Fields: DiffRevisions(a, b)}, nil
}
