package network

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
)

// Point kinds: the "1+(3+15)+X" of the Shanghai system plus specialised points.
const (
	CityPlatform     = "city_platform"     // the "1": the city platform
	SubPlatform      = "sub_platform"      // the "3": Pudong, Lingang, Hongqiao
	DistrictPoint    = "district_point"    // the "15": every district but Pudong
	SpecialisedPoint = "specialised_point" // e.g. Jing'an's ODI consultation point
	OverseasPoint    = "overseas_point"    // the "X": Hong Kong, Singapore
)

// PointKinds lists the kinds in display order.
var PointKinds = []string{CityPlatform, SubPlatform, DistrictPoint, SpecialisedPoint, OverseasPoint}

// DefaultTimeZone is the zone of every point in China.
const DefaultTimeZone = "Asia/Shanghai"

// Point is a service point.
type Point struct {
	ID             int64     `json:"id"`
	Code           string    `json:"code"`
	Kind           string    `json:"kind"`
	NameZh         string    `json:"name_zh"`
	NameEn         string    `json:"name_en"`
	RegionCode     string    `json:"region_code"`
	AddressZh      string    `json:"address_zh"`
	AddressEn      string    `json:"address_en"`
	OpeningHoursZh string    `json:"opening_hours_zh"`
	OpeningHoursEn string    `json:"opening_hours_en"`
	TimeZone       string    `json:"time_zone"`
	Phone          string    `json:"phone"`
	Email          string    `json:"email"`
	NoteZh         string    `json:"note_zh"`
	NoteEn         string    `json:"note_en"`
	OpenedOn       string    `json:"opened_on,omitempty"` // YYYY-MM-DD
	Capabilities   []string  `json:"capabilities"`        // topic codes
	Countries      []string  `json:"countries"`           // overseas points: countries and regions covered
	Active         bool      `json:"active"`
	Version        int       `json:"version"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// PointInput is what a coordinator submits to create or replace a point.
type PointInput struct {
	Code           string   `json:"code"`
	Kind           string   `json:"kind"`
	NameZh         string   `json:"name_zh"`
	NameEn         string   `json:"name_en"`
	RegionCode     string   `json:"region_code"`
	AddressZh      string   `json:"address_zh"`
	AddressEn      string   `json:"address_en"`
	OpeningHoursZh string   `json:"opening_hours_zh"`
	OpeningHoursEn string   `json:"opening_hours_en"`
	TimeZone       string   `json:"time_zone"` // empty: Asia/Shanghai for points in China
	Phone          string   `json:"phone"`
	Email          string   `json:"email"`
	NoteZh         string   `json:"note_zh"`
	NoteEn         string   `json:"note_en"`
	OpenedOn       string   `json:"opened_on"`
	Capabilities   []string `json:"capabilities"`
	Countries      []string `json:"countries"`
	Active         *bool    `json:"active,omitempty"` // nil: active on create, unchanged on update
}

func (in *PointInput) normalize() {
	for _, p := range []*string{&in.Code, &in.Kind, &in.NameZh, &in.NameEn, &in.RegionCode, &in.AddressZh, &in.AddressEn,
		&in.OpeningHoursZh, &in.OpeningHoursEn, &in.TimeZone, &in.Phone, &in.Email, &in.NoteZh, &in.NoteEn, &in.OpenedOn} {
		*p = strings.TrimSpace(*p)
	}
	in.Code = strings.ToUpper(in.Code)
	in.RegionCode = strings.ToUpper(in.RegionCode)
	in.Capabilities = normList(in.Capabilities, strings.ToLower)
	in.Countries = normList(in.Countries, strings.ToUpper)
	if in.TimeZone == "" && in.Kind != OverseasPoint {
		in.TimeZone = DefaultTimeZone
	}
}

// regionKindsFor says where each kind of point may be: the region kinds it accepts.
var regionKindsFor = map[string][]string{
	CityPlatform:     {RegionMunicipality},
	SubPlatform:      {RegionDistrict, RegionArea},
	DistrictPoint:    {RegionDistrict},
	SpecialisedPoint: {RegionDistrict, RegionArea},
	OverseasPoint:    {RegionCountry},
}

// validate checks in against the rules and the reference data; self is the id of the point being
// replaced (0 on create).
func (s *Store) validatePoint(ctx context.Context, q db.Querier, in *PointInput, self int64) error {
	in.normalize()
	var v apperr.Validator
	checkCode(&v, in.Code)
	kindOK := slices.Contains(PointKinds, in.Kind)
	if in.Kind == "" {
		v.Add("kind", "error.required")
	} else if !kindOK {
		v.Add("kind", "error.bad_choice")
	}
	required(&v, "name_zh", in.NameZh, maxNameZh)
	required(&v, "name_en", in.NameEn, maxNameEn)
	checkLen(&v, "address_zh", in.AddressZh, maxAddress)
	checkLen(&v, "address_en", in.AddressEn, maxAddress)
	checkLen(&v, "opening_hours_zh", in.OpeningHoursZh, maxHours)
	checkLen(&v, "opening_hours_en", in.OpeningHoursEn, maxHours)
	checkPhone(&v, "phone", in.Phone)
	checkEmail(&v, "email", in.Email)
	checkLen(&v, "note_zh", in.NoteZh, maxNote)
	checkLen(&v, "note_en", in.NoteEn, maxNote)
	checkDate(&v, "opened_on", in.OpenedOn)
	checkTimeZone(&v, "time_zone", in.TimeZone)
	if kindOK && in.Kind != OverseasPoint && in.TimeZone != "" && in.TimeZone != DefaultTimeZone {
		v.Add("time_zone", "network.time_zone.domestic")
	}

	// Region: it must exist and suit the kind of point.
	if in.RegionCode == "" {
		v.Add("region_code", "error.required")
	} else if !regionCodePattern.MatchString(in.RegionCode) {
		v.Add("region_code", "network.region.unknown")
	} else if r, err := regionByCode(ctx, q, in.RegionCode); errors.Is(err, apperr.ErrNotFound) {
		v.Add("region_code", "network.region.unknown")
	} else if err != nil {
		return err
	} else if kindOK && (!slices.Contains(regionKindsFor[in.Kind], r.Kind) || in.Kind == OverseasPoint && r.Code == "CN") {
		v.Add("region_code", "network.region.wrong_for_"+in.Kind)
	} else if in.Kind == DistrictPoint && (in.Active == nil || *in.Active) {
		// One active district point per district: the "15" of the system.
		var other string
		err := q.QueryRow(ctx, `SELECT code FROM service_point WHERE kind = $1 AND region_code = $2 AND active = $3 AND id <> $4`,
			DistrictPoint, r.Code, true, self).Scan(&other)
		if err == nil {
			v.Add("region_code", "network.region.district_taken", "Code", other)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}

	// Capabilities: known topics.
	if len(in.Capabilities) > 0 {
		known, err := topicExists(ctx, q, in.Capabilities)
		if err != nil {
			return err
		}
		for _, c := range in.Capabilities {
			if !known[c] {
				v.Add("capabilities", "network.capability.unknown", "Code", c)
				break
			}
		}
	}

	// Countries: only overseas points cover countries, and each must be a country or region.
	if len(in.Countries) > 0 {
		switch {
		case kindOK && in.Kind != OverseasPoint:
			v.Add("countries", "network.countries.only_overseas")
		case len(in.Countries) > maxCountries:
			v.Add("countries", "network.too_many", "Max", maxCountries)
		default:
			kinds, err := regionKinds(ctx, q, in.Countries)
			if err != nil {
				return err
			}
			for _, c := range in.Countries {
				if kinds[c] != RegionCountry {
					v.Add("countries", "network.countries.unknown", "Code", c)
					break
				}
			}
		}
	}

	// Code: unique among all points, active or not, because it prefixes reference numbers for good.
	if codePattern.MatchString(in.Code) {
		var id int64
		err := q.QueryRow(ctx, `SELECT id FROM service_point WHERE code = $1`, in.Code).Scan(&id)
		if err == nil && id != self {
			v.Add("code", "network.code.taken", "Code", in.Code)
		} else if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	return v.Err()
}

const pointColumns = `p.id, p.code, p.kind, p.name_zh, p.name_en, p.region_code, p.address_zh, p.address_en,
	p.opening_hours_zh, p.opening_hours_en, p.time_zone, p.phone, p.email, p.note_zh, p.note_en, p.opened_on,
	p.active, p.version, p.created_at, p.updated_at`

func scanPoint(row interface{ Scan(...any) error }) (Point, error) {
	var p Point
	err := row.Scan(&p.ID, &p.Code, &p.Kind, &p.NameZh, &p.NameEn, &p.RegionCode, &p.AddressZh, &p.AddressEn,
		&p.OpeningHoursZh, &p.OpeningHoursEn, &p.TimeZone, &p.Phone, &p.Email, &p.NoteZh, &p.NoteEn, dateText{&p.OpenedOn},
		&p.Active, &p.Version, &p.CreatedAt, &p.UpdatedAt)
	p.Capabilities, p.Countries = []string{}, []string{}
	return p, err
}

// attach loads the capabilities and countries of points.
func attach(ctx context.Context, q db.Querier, points []Point) error {
	if len(points) == 0 {
		return nil
	}
	byID := make(map[int64]*Point, len(points))
	args := make([]any, len(points))
	for i := range points {
		byID[points[i].ID] = &points[i]
		args[i] = points[i].ID
	}
	in := placeholders(0, len(points))
	rows, err := q.Query(ctx, `SELECT c.point_id, c.topic_code FROM service_point_capability c JOIN topic t ON t.code = c.topic_code
		WHERE c.point_id IN `+in+` ORDER BY t.sort`, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			rows.Close()
			return err
		}
		byID[id].Capabilities = append(byID[id].Capabilities, code)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.Query(ctx, `SELECT c.point_id, c.region_code FROM service_point_country c JOIN region r ON r.code = c.region_code
		WHERE c.point_id IN `+in+` ORDER BY r.sort`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			return err
		}
		byID[id].Countries = append(byID[id].Countries, code)
	}
	return rows.Err()
}

func getPoint(ctx context.Context, q db.Querier, where string, arg any, what string) (Point, error) {
	p, err := scanPoint(q.QueryRow(ctx, `SELECT `+pointColumns+` FROM service_point p WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return Point{}, apperr.NotFound("service point " + what)
	}
	if err != nil {
		return Point{}, err
	}
	ps := []Point{p}
	if err := attach(ctx, q, ps); err != nil {
		return Point{}, err
	}
	return ps[0], nil
}

// PointByCode returns the point with code (case-insensitive), active or not.
func (s *Store) PointByCode(ctx context.Context, code string) (Point, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if !codePattern.MatchString(code) {
		return Point{}, apperr.NotFound(fmt.Sprintf("service point %q", code))
	}
	return getPoint(ctx, s.db, `p.code = $1`, code, fmt.Sprintf("%q", code))
}

// PointByID returns the point with id, active or not.
func (s *Store) PointByID(ctx context.Context, id int64) (Point, error) {
	return getPoint(ctx, s.db, `p.id = $1`, id, fmt.Sprint(id))
}

// PointFilter narrows ListPoints; empty fields match everything.
type PointFilter struct {
	Kind            string
	Region          string // a region code: points in it or in its direct sub-regions (310000: all of Shanghai)
	Capability      string // a topic code
	Q               string // text in the code, names or addresses
	IncludeInactive bool
	Limit, Offset   int
}

// ListPoints returns one page of points in display order (kind, then region, then code) and the
// number of points that match. Unknown filter values are field errors.
func (s *Store) ListPoints(ctx context.Context, f PointFilter) ([]Point, int, error) {
	type page struct {
		points []Point
		total  int
	}
	key := fmt.Sprintf("points\x00%s\x00%s\x00%s\x00%s\x00%t\x00%d\x00%d", f.Kind, f.Region, f.Capability, f.Q, f.IncludeInactive, f.Limit, f.Offset)
	pg, err := cached(s, key, func() (page, error) {
		ps, n, err := s.listPoints(ctx, f)
		return page{ps, n}, err
	})
	return slices.Clone(pg.points), pg.total, err
}

func (s *Store) listPoints(ctx context.Context, f PointFilter) ([]Point, int, error) {
	f.Kind = strings.TrimSpace(f.Kind)
	f.Region = strings.ToUpper(strings.TrimSpace(f.Region))
	f.Capability = strings.ToLower(strings.TrimSpace(f.Capability))
	f.Q = strings.TrimSpace(f.Q)
	var v apperr.Validator
	v.Check(f.Kind == "" || slices.Contains(PointKinds, f.Kind), "kind", "error.bad_choice")
	checkLen(&v, "q", f.Q, maxSearch)
	if f.Region != "" {
		if _, err := regionByCode(ctx, s.db, f.Region); errors.Is(err, apperr.ErrNotFound) {
			v.Add("region", "network.region.unknown")
		} else if err != nil {
			return nil, 0, err
		}
	}
	if f.Capability != "" {
		known, err := topicExists(ctx, s.db, []string{f.Capability})
		if err != nil {
			return nil, 0, err
		}
		v.Check(known[f.Capability], "capability", "network.capability.unknown", "Code", f.Capability)
	}
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	var where []string
	var args []any
	arg := func(a any) string { args = append(args, a); return fmt.Sprintf("$%d", len(args)) }
	if !f.IncludeInactive {
		where = append(where, "p.active = "+arg(true))
	}
	if f.Kind != "" {
		// kind_rank (the listing index's second column) is what lets a kind's points be read as one
		// index range rather than by filtering the whole list.
		where = append(where, "p.kind = "+arg(f.Kind), "p.kind_rank = "+arg(slices.Index(PointKinds, f.Kind)))
	}
	if f.Region != "" {
		n := arg(f.Region)
		where = append(where, "(p.region_code = "+n+" OR r.parent = "+n+")")
	}
	if f.Capability != "" {
		where = append(where, "EXISTS (SELECT 1 FROM service_point_capability c WHERE c.point_id = p.id AND c.topic_code = "+arg(f.Capability)+")")
	}
	if f.Q != "" {
		n := arg("%" + likeEscape(strings.ToLower(f.Q)) + "%")
		var ors []string
		for _, col := range []string{"p.code", "p.name_zh", "p.name_en", "p.address_zh", "p.address_en"} {
			ors = append(ors, "LOWER("+col+") LIKE "+n+` ESCAPE '\'`)
		}
		where = append(where, "("+strings.Join(ors, " OR ")+")")
	}
	from := ` FROM service_point p`
	if f.Region != "" {
		// Only a region filter needs the region table (to include points of its sub-regions).
		from += ` JOIN region r ON r.code = p.region_code`
	}
	if len(where) > 0 {
		from += " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if f.Region == "" && f.Capability == "" && f.Q == "" {
		// Only kind and state filter the list: the triggers' tally has the answer.
		tally, targs := `SELECT COALESCE(SUM(n), 0) FROM service_point_tally WHERE 1 = 1`, []any{}
		if !f.IncludeInactive {
			targs = append(targs, true)
			tally += fmt.Sprintf(" AND active = $%d", len(targs))
		}
		if f.Kind != "" {
			targs = append(targs, f.Kind)
			tally += fmt.Sprintf(" AND kind = $%d", len(targs))
		}
		if err := s.db.QueryRow(ctx, tally, targs...).Scan(&total); err != nil {
			return nil, 0, err
		}
	} else if err := s.db.QueryRow(ctx, `SELECT COUNT(*)`+from, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	q := `SELECT ` + pointColumns + from + ` ORDER BY p.kind_rank, p.region_code, p.code LIMIT ` + arg(f.Limit) + ` OFFSET ` + arg(max(f.Offset, 0))
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Point{}
	for rows.Next() {
		p, err := scanPoint(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	rows.Close()
	return out, total, attach(ctx, s.db, out)
}

// likeEscape escapes LIKE's wildcards (with \ as the escape character).
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// CreatePoint adds a point.
func (s *Store) CreatePoint(ctx context.Context, in PointInput) (Point, error) {
	defer s.changed() // after the commit
	var p Point
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := s.validatePoint(ctx, tx, &in, 0); err != nil {
			return err
		}
		active := in.Active == nil || *in.Active
		now := s.now().UTC()
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO service_point (code, kind, name_zh, name_en, region_code, address_zh, address_en,
			opening_hours_zh, opening_hours_en, time_zone, phone, email, note_zh, note_en, opened_on, active, version, created_at, updated_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,1,$17,$17) RETURNING id`,
			in.Code, in.Kind, in.NameZh, in.NameEn, in.RegionCode, in.AddressZh, in.AddressEn, in.OpeningHoursZh,
			in.OpeningHoursEn, in.TimeZone, in.Phone, in.Email, in.NoteZh, in.NoteEn, nullDate(in.OpenedOn), active, now).Scan(&id)
		if db.IsUniqueViolation(err) {
			return apperr.Invalid(apperr.F("code", "network.code.taken", "Code", in.Code))
		}
		if err != nil {
			return err
		}
		if err := writePointLists(ctx, tx, id, in, now); err != nil {
			return err
		}
		if p, err = getPoint(ctx, tx, `p.id = $1`, id, fmt.Sprint(id)); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "network.point.create", ObjectType: "service_point",
			ObjectID: p.Code, Detail: map[string]any{"kind": p.Kind, "region": p.RegionCode, "name_zh": p.NameZh}})
	})
	return p, err
}

func writePointLists(ctx context.Context, tx *db.Tx, id int64, in PointInput, now time.Time) error {
	if _, err := tx.Exec(ctx, `DELETE FROM service_point_capability WHERE point_id = $1`, id); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM service_point_country WHERE point_id = $1`, id); err != nil {
		return err
	}
	for _, c := range in.Capabilities {
		if _, err := tx.Exec(ctx, `INSERT INTO service_point_capability (point_id, topic_code, created_at) VALUES ($1, $2, $3)`, id, c, now); err != nil {
			return err
		}
	}
	for _, c := range in.Countries {
		if _, err := tx.Exec(ctx, `INSERT INTO service_point_country (point_id, region_code, created_at) VALUES ($1, $2, $3)`, id, c, now); err != nil {
			return err
		}
	}
	return nil
}

// UpdatePoint replaces the point with code by in, provided the caller saw version; otherwise it
// returns a conflict (someone else saved in between). The code itself never changes: it prefixes
// reference numbers.
func (s *Store) UpdatePoint(ctx context.Context, code string, version int, in PointInput) (Point, error) {
	defer s.changed() // after the commit
	var p Point
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := getPoint(ctx, tx, `p.code = $1`, strings.ToUpper(strings.TrimSpace(code)), fmt.Sprintf("%q", code))
		if err != nil {
			return err
		}
		if version <= 0 {
			return apperr.Invalid(apperr.F("version", "network.version.required"))
		}
		if version != old.Version {
			return apperr.ErrConflict
		}
		if c := strings.ToUpper(strings.TrimSpace(in.Code)); c != "" && c != old.Code {
			return apperr.Invalid(apperr.F("code", "network.code.immutable"))
		}
		in.Code = old.Code
		if err := s.validatePoint(ctx, tx, &in, old.ID); err != nil {
			return err
		}
		active := old.Active
		if in.Active != nil {
			active = *in.Active
		}
		res, err := tx.Exec(ctx, `UPDATE service_point SET kind = $1, name_zh = $2, name_en = $3, region_code = $4, address_zh = $5,
			address_en = $6, opening_hours_zh = $7, opening_hours_en = $8, time_zone = $9, phone = $10, email = $11, note_zh = $12,
			note_en = $13, opened_on = $14, active = $15, version = version + 1, updated_at = $16 WHERE id = $17 AND version = $18`,
			in.Kind, in.NameZh, in.NameEn, in.RegionCode, in.AddressZh, in.AddressEn, in.OpeningHoursZh, in.OpeningHoursEn,
			in.TimeZone, in.Phone, in.Email, in.NoteZh, in.NoteEn, nullDate(in.OpenedOn), active, s.now().UTC(), old.ID, version)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return apperr.ErrConflict
		}
		if err := writePointLists(ctx, tx, old.ID, in, s.now().UTC()); err != nil {
			return err
		}
		if p, err = getPoint(ctx, tx, `p.id = $1`, old.ID, fmt.Sprint(old.ID)); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "network.point.update", ObjectType: "service_point",
			ObjectID: p.Code, Detail: map[string]any{"changed": changedPointFields(old, p), "version": p.Version}})
	})
	return p, err
}

// DeactivatePoint takes a point out of service (it stays on record: cases and references keep
// pointing at it), provided the caller saw version.
func (s *Store) DeactivatePoint(ctx context.Context, code string, version int) (Point, error) {
	defer s.changed() // after the commit
	var p Point
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := getPoint(ctx, tx, `p.code = $1`, strings.ToUpper(strings.TrimSpace(code)), fmt.Sprintf("%q", code))
		if err != nil {
			return err
		}
		if version != old.Version {
			return apperr.ErrConflict
		}
		res, err := tx.Exec(ctx, `UPDATE service_point SET active = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4`,
			false, s.now().UTC(), old.ID, version)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return apperr.ErrConflict
		}
		if p, err = getPoint(ctx, tx, `p.id = $1`, old.ID, fmt.Sprint(old.ID)); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "network.point.deactivate", ObjectType: "service_point",
			ObjectID: p.Code, Detail: map[string]any{"version": p.Version}})
	})
	return p, err
}

// changedPointFields names the fields that differ between two versions of a point, for the audit log.
func changedPointFields(a, b Point) []string {
	var out []string
	pairs := []struct {
		name string
		x, y string
	}{
		{"kind", a.Kind, b.Kind}, {"name_zh", a.NameZh, b.NameZh}, {"name_en", a.NameEn, b.NameEn},
		{"region_code", a.RegionCode, b.RegionCode}, {"address_zh", a.AddressZh, b.AddressZh}, {"address_en", a.AddressEn, b.AddressEn},
		{"opening_hours_zh", a.OpeningHoursZh, b.OpeningHoursZh}, {"opening_hours_en", a.OpeningHoursEn, b.OpeningHoursEn},
		{"time_zone", a.TimeZone, b.TimeZone}, {"phone", a.Phone, b.Phone}, {"email", a.Email, b.Email},
		{"note_zh", a.NoteZh, b.NoteZh}, {"note_en", a.NoteEn, b.NoteEn}, {"opened_on", a.OpenedOn, b.OpenedOn},
		{"capabilities", strings.Join(a.Capabilities, " "), strings.Join(b.Capabilities, " ")},
		{"countries", strings.Join(a.Countries, " "), strings.Join(b.Countries, " ")},
		{"active", fmt.Sprint(a.Active), fmt.Sprint(b.Active)},
	}
	for _, p := range pairs {
		if p.x != p.y {
			out = append(out, p.name)
		}
	}
	return out
}

// Summary counts the active network for the home page.
type Summary struct {
	Points          map[string]int // active points by kind
	Alliances       int
	AllianceMembers int // active memberships
}

// Summarize counts active points by kind, active alliances and their active members.
func (s *Store) Summarize(ctx context.Context) (Summary, error) {
	sum, err := cached(s, "summary", func() (Summary, error) { return s.summarize(ctx) })
	sum.Points = maps.Clone(sum.Points)
	return sum, err
}

func (s *Store) summarize(ctx context.Context) (Summary, error) {
	sum := Summary{Points: map[string]int{}}
	rows, err := s.db.Query(ctx, `SELECT kind, COUNT(*) FROM service_point WHERE active = $1 GROUP BY kind`, true)
	if err != nil {
		return sum, err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return sum, err
		}
		sum.Points[k] = n
	}
	if err := rows.Err(); err != nil {
		return sum, err
	}
	err = s.db.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM((SELECT COUNT(*) FROM alliance_member m WHERE m.alliance_id = a.id AND m.status = $2)), 0)
		FROM alliance a WHERE a.active = $1`, true, MemberActive).Scan(&sum.Alliances, &sum.AllianceMembers)
	return sum, err
}

// CountPointsByRegion counts the active points of a kind in each region.
func (s *Store) CountPointsByRegion(ctx context.Context, kind string) (map[string]int, error) {
	m, err := cached(s, "by-region\x00"+kind, func() (map[string]int, error) { return s.countPointsByRegion(ctx, kind) })
	return maps.Clone(m), err
}

func (s *Store) countPointsByRegion(ctx context.Context, kind string) (map[string]int, error) {
	rows, err := s.db.Query(ctx, `SELECT region_code, COUNT(*) FROM service_point WHERE active = $1 AND kind_rank = $2 GROUP BY region_code`,
		true, slices.Index(PointKinds, kind))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var code string
		var n int
		if err := rows.Scan(&code, &n); err != nil {
			return nil, err
		}
		out[code] = n
	}
	return out, rows.Err()
}

// ImportPoints creates many points in one transaction, for bulk loads and benchmarks: each is
// validated as CreatePoint would, and one audit entry records the batch. Nothing is created unless
// all are valid; the error names the first invalid point's position.
func (s *Store) ImportPoints(ctx context.Context, ins []PointInput) error {
	defer s.changed() // after the commit
	if len(ins) == 0 {
		return nil
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now().UTC()
		for i := range ins {
			in := &ins[i]
			if err := s.validatePoint(ctx, tx, in, 0); err != nil {
				return fmt.Errorf("point %d (%s): %w", i+1, in.Code, err)
			}
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO service_point (code, kind, name_zh, name_en, region_code, address_zh, address_en,
				opening_hours_zh, opening_hours_en, time_zone, phone, email, note_zh, note_en, opened_on, active, version, created_at, updated_at)
				VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,1,$17,$17) RETURNING id`,
				in.Code, in.Kind, in.NameZh, in.NameEn, in.RegionCode, in.AddressZh, in.AddressEn, in.OpeningHoursZh,
				in.OpeningHoursEn, in.TimeZone, in.Phone, in.Email, in.NoteZh, in.NoteEn, nullDate(in.OpenedOn), in.Active == nil || *in.Active,
				now).Scan(&id); err != nil {
				return err
			}
			if err := writePointLists(ctx, tx, id, *in, now); err != nil {
				return err
			}
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "network.point.import", ObjectType: "service_point",
			ObjectID: ins[0].Code + ".." + ins[len(ins)-1].Code, Detail: map[string]any{"count": len(ins)}})
	})
}
