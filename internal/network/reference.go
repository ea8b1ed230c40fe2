package network

import (
	"bytes"
	"context"
	"embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"

	"chuhai/internal/country"
	"chuhai/internal/db"
)

// The reference data files. regions.csv lists Shanghai and its districts by GB/T 2260 code, the
// special areas of the sub-platforms and the provinces and cities of the G60 corridor; the row order
// is the display order. The 249 countries and regions of ISO 3166-1 follow them, in code order, from
// internal/country, the program's one list of country names. region_groups.csv names groups of
// regions (the G60 corridor), whose members carry the group code in regions.csv's groups column.
// topics.csv lists the topics a service point can handle.
//
//go:embed data/*.csv
var dataFS embed.FS

// referenceData is the parsed content of data/*.csv.
type referenceData struct {
	regions []refRegion
	groups  []refGroup
	topics  []refTopic
}

type refRegion struct {
	code, kind, parent, nameZh, nameEn string
	groups                             []string
}

type refGroup struct{ code, nameZh, nameEn string }

type refTopic struct{ code, nameZh, nameEn string }

// readCSV returns the records of a data file after checking its header.
func readCSV(name string, header ...string) ([][]string, error) {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = len(header)
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != strings.Join(header, ",") {
		return nil, fmt.Errorf("%s: header must be %s", name, strings.Join(header, ","))
	}
	return recs[1:], nil
}

// loadReference parses and checks the data files — codes unique, kinds known, parents listed
// earlier, group codes declared — and adds the countries.
func loadReference() (*referenceData, error) {
	var ref referenceData
	recs, err := readCSV("region_groups.csv", "code", "name_zh", "name_en")
	if err != nil {
		return nil, err
	}
	groups := map[string]bool{}
	for _, r := range recs {
		if groups[r[0]] || r[0] == "" || r[1] == "" || r[2] == "" {
			return nil, fmt.Errorf("region_groups.csv: bad or duplicate row %v", r)
		}
		groups[r[0]] = true
		ref.groups = append(ref.groups, refGroup{r[0], r[1], r[2]})
	}
	if recs, err = readCSV("regions.csv", "code", "kind", "parent", "name_zh", "name_en", "groups"); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for i, r := range recs {
		reg := refRegion{code: r[0], kind: r[1], parent: r[2], nameZh: r[3], nameEn: r[4], groups: strings.Fields(r[5])}
		switch {
		case seen[reg.code] || !regionCodePattern.MatchString(reg.code):
			return nil, fmt.Errorf("regions.csv line %d: bad or duplicate code %q", i+2, reg.code)
		case !validRegionKind(reg.kind):
			return nil, fmt.Errorf("regions.csv line %d: unknown kind %q", i+2, reg.kind)
		case reg.kind == RegionCountry:
			return nil, fmt.Errorf("regions.csv line %d: countries come from internal/country", i+2)
		case reg.parent != "" && !seen[reg.parent]:
			return nil, fmt.Errorf("regions.csv line %d: parent %q must come earlier", i+2, reg.parent)
		case reg.nameZh == "" || reg.nameEn == "":
			return nil, fmt.Errorf("regions.csv line %d: both names are required", i+2)
		}
		for _, g := range reg.groups {
			if !groups[g] {
				return nil, fmt.Errorf("regions.csv line %d: undeclared group %q", i+2, g)
			}
		}
		seen[reg.code] = true
		ref.regions = append(ref.regions, reg)
	}
	for _, c := range country.All() {
		if seen[c.Code] {
			return nil, fmt.Errorf("regions.csv: code %s is a country's", c.Code)
		}
		ref.regions = append(ref.regions, refRegion{code: c.Code, kind: RegionCountry, nameZh: c.NameZh, nameEn: c.NameEn})
	}
	if recs, err = readCSV("topics.csv", "code", "name_zh", "name_en"); err != nil {
		return nil, err
	}
	topics := map[string]bool{}
	for _, r := range recs {
		if topics[r[0]] || r[0] == "" || r[1] == "" || r[2] == "" {
			return nil, fmt.Errorf("topics.csv: bad or duplicate row %v", r)
		}
		topics[r[0]] = true
		ref.topics = append(ref.topics, refTopic{r[0], r[1], r[2]})
	}
	return &ref, nil
}

// Seed loads the reference data into d: rows are inserted, changed rows updated, unchanged rows left
// alone, and nothing is deleted (points and enterprises may refer to a region). It runs after every
// migrate of Module and is idempotent.
func Seed(ctx context.Context, d *db.DB) error {
	ref, err := loadReference()
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	return d.InTx(ctx, func(tx *db.Tx) error {
		var args []any
		var rows []string
		for i, r := range ref.regions {
			var parent any
			if r.parent != "" {
				parent = r.parent
			}
			rows = append(rows, placeholders(len(args), 8))
			args = append(args, r.code, r.kind, parent, r.nameZh, r.nameEn, i+1, now, now)
		}
		// Parents come first in the file, and both engines check foreign keys at the end of the statement.
		if _, err := tx.Exec(ctx, `INSERT INTO region (code, kind, parent, name_zh, name_en, sort, created_at, updated_at)
			VALUES `+strings.Join(rows, ",")+`
			ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, parent = excluded.parent, name_zh = excluded.name_zh,
				name_en = excluded.name_en, sort = excluded.sort, updated_at = excluded.updated_at
			WHERE region.kind <> excluded.kind OR region.parent IS DISTINCT FROM excluded.parent
				OR region.name_zh <> excluded.name_zh OR region.name_en <> excluded.name_en OR region.sort <> excluded.sort`,
			args...); err != nil {
			return fmt.Errorf("regions: %w", err)
		}
		for _, g := range ref.groups {
			if _, err := tx.Exec(ctx, `INSERT INTO region_group (code, name_zh, name_en, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $4)
				ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, updated_at = excluded.updated_at
				WHERE region_group.name_zh <> excluded.name_zh OR region_group.name_en <> excluded.name_en`,
				g.code, g.nameZh, g.nameEn, now); err != nil {
				return fmt.Errorf("region group %s: %w", g.code, err)
			}
			members := []any{g.code}
			var marks []string
			for _, r := range ref.regions {
				for _, rg := range r.groups {
					if rg == g.code {
						members = append(members, r.code)
						marks = append(marks, "$"+strconv.Itoa(len(members)))
					}
				}
			}
			del := `DELETE FROM region_group_member WHERE group_code = $1`
			if len(marks) > 0 {
				del += ` AND region_code NOT IN (` + strings.Join(marks, ",") + `)`
			}
			if _, err := tx.Exec(ctx, del, members...); err != nil {
				return fmt.Errorf("region group %s: %w", g.code, err)
			}
			for _, code := range members[1:] {
				if _, err := tx.Exec(ctx, `INSERT INTO region_group_member (group_code, region_code, created_at, updated_at)
					VALUES ($1, $2, $3, $3) ON CONFLICT (group_code, region_code) DO NOTHING`, g.code, code, now); err != nil {
					return fmt.Errorf("region group %s: %w", g.code, err)
				}
			}
		}
		for i, t := range ref.topics {
			if _, err := tx.Exec(ctx, `INSERT INTO topic (code, name_zh, name_en, sort, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $5)
				ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, sort = excluded.sort,
					updated_at = excluded.updated_at
				WHERE topic.name_zh <> excluded.name_zh OR topic.name_en <> excluded.name_en OR topic.sort <> excluded.sort`,
				t.code, t.nameZh, t.nameEn, i+1, now); err != nil {
				return fmt.Errorf("topic %s: %w", t.code, err)
			}
		}
		return nil
	})
}

// placeholders returns "($n+1, ..., $n+count)".
func placeholders(n, count int) string {
	var b strings.Builder
	b.WriteByte('(')
	for i := range count {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(n + i + 1))
	}
	b.WriteByte(')')
	return b.String()
}
