package network

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/db"
)

// Region kinds.
const (
	RegionMunicipality = "municipality" // 上海市
	RegionDistrict     = "district"     // a district of Shanghai
	RegionArea         = "area"         // a special functional area (Lingang, Hongqiao CBD) that is not a district
	RegionProvince     = "province"
	RegionCity         = "city" // a prefecture-level city outside Shanghai (the G60 cities)
	RegionCountry      = "country"
)

// RegionKinds lists the kinds in display order.
var RegionKinds = []string{RegionMunicipality, RegionDistrict, RegionArea, RegionProvince, RegionCity, RegionCountry}

func validRegionKind(k string) bool { return slices.Contains(RegionKinds, k) }

// ShanghaiCode is Shanghai's GB/T 2260 code.
const ShanghaiCode = "310000"

// GroupG60 is the region group of the nine G60 corridor cities.
const GroupG60 = "g60"

// regionCodePattern admits GB/T 2260 codes (6 digits), ISO 3166-1 alpha-2 codes and SH-* area codes.
var regionCodePattern = regexp.MustCompile(`^(?:[0-9]{6}|[A-Z]{2}|SH-[A-Z]{2,16})$`)

// Region is a place the network refers to.
type Region struct {
	Code   string `json:"code"`
	Kind   string `json:"kind"`
	Parent string `json:"parent,omitempty"`
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en"`
}

// RegionFilter narrows ListRegions; empty fields match everything.
type RegionFilter struct {
	Kind  string
	Group string // e.g. GroupG60
}

const regionColumns = `code, kind, COALESCE(parent, ''), name_zh, name_en`

func scanRegion(row interface{ Scan(...any) error }) (Region, error) {
	var r Region
	err := row.Scan(&r.Code, &r.Kind, &r.Parent, &r.NameZh, &r.NameEn)
	return r, err
}

// ListRegions returns the regions in display order. An unknown kind or group is a field error.
func (s *Store) ListRegions(ctx context.Context, f RegionFilter) ([]Region, error) {
	rs, err := cached(s, "regions\x00"+f.Kind+"\x00"+f.Group, func() ([]Region, error) { return s.listRegions(ctx, f) })
	return slices.Clone(rs), err
}

func (s *Store) listRegions(ctx context.Context, f RegionFilter) ([]Region, error) {
	var v apperr.Validator
	v.Check(f.Kind == "" || validRegionKind(f.Kind), "kind", "error.bad_choice")
	if f.Group != "" {
		var n int
		if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM region_group WHERE code = $1`, f.Group).Scan(&n); err != nil {
			return nil, err
		}
		v.Check(n == 1, "group", "error.bad_choice")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	q := `SELECT ` + regionColumns + ` FROM region WHERE ($1 = '' OR kind = $1)
		AND ($2 = '' OR code IN (SELECT region_code FROM region_group_member WHERE group_code = $2)) ORDER BY sort, code`
	rows, err := s.db.Query(ctx, q, f.Kind, f.Group)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Region
	for rows.Next() {
		r, err := scanRegion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RegionByCode returns one region; codes are matched case-insensitively.
func (s *Store) RegionByCode(ctx context.Context, code string) (Region, error) {
	return regionByCode(ctx, s.db, code)
}

func regionByCode(ctx context.Context, q db.Querier, code string) (Region, error) {
	r, err := scanRegion(q.QueryRow(ctx, `SELECT `+regionColumns+` FROM region WHERE code = $1`, strings.ToUpper(strings.TrimSpace(code))))
	if errors.Is(err, sql.ErrNoRows) {
		return Region{}, apperr.NotFound(fmt.Sprintf("region %q", code))
	}
	return r, err
}

// regionKinds returns the kind of each of codes that exists.
func regionKinds(ctx context.Context, q db.Querier, codes []string) (map[string]string, error) {
	out := map[string]string{}
	if len(codes) == 0 {
		return out, nil
	}
	args := make([]any, len(codes))
	for i, c := range codes {
		args[i] = c
	}
	rows, err := q.Query(ctx, `SELECT code, kind FROM region WHERE code IN `+placeholders(0, len(codes)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c, k string
		if err := rows.Scan(&c, &k); err != nil {
			return nil, err
		}
		out[c] = k
	}
	return out, rows.Err()
}

// Topic is a subject a service point can handle (odi, legal, tax, ...).
type Topic struct {
	Code   string `json:"code"`
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en"`
}

// Topics lists the topics in display order.
func (s *Store) Topics(ctx context.Context) ([]Topic, error) {
	ts, err := cached(s, "topics", func() ([]Topic, error) { return s.topics(ctx) })
	return slices.Clone(ts), err
}

func (s *Store) topics(ctx context.Context) ([]Topic, error) {
	rows, err := s.db.Query(ctx, `SELECT code, name_zh, name_en FROM topic ORDER BY sort, code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Topic
	for rows.Next() {
		var t Topic
		if err := rows.Scan(&t.Code, &t.NameZh, &t.NameEn); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func topicExists(ctx context.Context, q db.Querier, codes []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(codes) == 0 {
		return out, nil
	}
	args := make([]any, len(codes))
	for i, c := range codes {
		args[i] = c
	}
	rows, err := q.Query(ctx, `SELECT code FROM topic WHERE code IN `+placeholders(0, len(codes)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out[c] = true
	}
	return out, rows.Err()
}
