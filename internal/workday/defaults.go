package workday

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sync"
)

// builtin holds the calendars shipped with chuhai, one file per region and year (REGION-YEAR.txt,
// in Parse's format). Years loaded into the database replace them.
//
//go:embed calendars/*.txt
var builtin embed.FS

// Builtin returns the calendars shipped with chuhai: China 2025 and 2026 as published by the State
// Council General Office. They are parsed once; each call returns a copy the caller may change.
func Builtin() ([]Year, error) {
	years, err := parsedBuiltin()
	if err != nil {
		return nil, err
	}
	out := make([]Year, len(years))
	for i, y := range years {
		y.Days = slices.Clone(y.Days)
		out[i] = y
	}
	return out, nil
}

var parsedBuiltin = sync.OnceValues(func() ([]Year, error) {
	names, err := fs.Glob(builtin, "calendars/*.txt")
	if err != nil {
		return nil, err
	}
	years := make([]Year, 0, len(names))
	for _, name := range names {
		b, err := builtin.ReadFile(name)
		if err != nil {
			return nil, err
		}
		y, err := Parse(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("built-in calendar %s: %w", name, err)
		}
		if want := fmt.Sprintf("%s-%d.txt", y.Region, y.Year); path.Base(name) != want {
			return nil, fmt.Errorf("built-in calendar %s holds %s", name, want)
		}
		years = append(years, y)
	}
	return years, nil
})
