package network

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"chuhai/internal/apperr"
)

// Point kinds.
const (
	CityPlatform     = "city_platform"
	SubPlatform      = "sub_platform"
	DistrictPoint    = "district_point"
	OverseasPoint    = "overseas_point"
	SpecialisedPoint = "specialised_point"
)

// Point is a service point.
type Point struct {
	ID           int64    `json:"id"`
	Code         string   `json:"code"`
	Kind         string   `json:"kind"`
	NameZh       string   `json:"name_zh"`
	NameEn       string   `json:"name_en"`
	RegionCode   string   `json:"region_code"`
	AddressZh    string   `json:"address_zh"`
	AddressEn    string   `json:"address_en"`
	OpeningHours string   `json:"opening_hours"`
	TimeZone     string   `json:"time_zone"`
	Phone        string   `json:"phone"`
	Capabilities []string `json:"capabilities"`
	Active       bool     `json:"active"`
	Version      int      `json:"version"`
}

const pointColumns = `id, code, kind, name_zh, name_en, region_code, address_zh, address_en, opening_hours,
	time_zone, phone, capabilities, active, version`

func scanPoint(row interface{ Scan(...any) error }) (Point, error) {
	var p Point
	var caps string
	err := row.Scan(&p.ID, &p.Code, &p.Kind, &p.NameZh, &p.NameEn, &p.RegionCode, &p.AddressZh, &p.AddressEn,
		&p.OpeningHours, &p.TimeZone, &p.Phone, &caps, &p.Active, &p.Version)
	p.Capabilities = strings.Fields(caps)
	return p, err
}

// PointByCode returns the point with code (case-insensitive).
func (s *Store) PointByCode(ctx context.Context, code string) (Point, error) {
	p, err := scanPoint(s.db.QueryRow(ctx, `SELECT `+pointColumns+` FROM service_point WHERE code = $1`, strings.ToUpper(code)))
	if errors.Is(err, sql.ErrNoRows) {
		return Point{}, apperr.NotFound(fmt.Sprintf("service point %q", code))
	}
	return p, err
}

// PointByID returns the point with id.
func (s *Store) PointByID(ctx context.Context, id int64) (Point, error) {
	p, err := scanPoint(s.db.QueryRow(ctx, `SELECT `+pointColumns+` FROM service_point WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Point{}, apperr.NotFound(fmt.Sprintf("service point %d", id))
	}
	return p, err
}
