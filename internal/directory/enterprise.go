package directory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"chuhai/internal/apperr"
)

// Enterprise is a company the platform serves.
type Enterprise struct {
	ID           int64  `json:"id"`
	USCC         string `json:"uscc"`
	NameZh       string `json:"name_zh"`
	NameEn       string `json:"name_en"`
	HomeDistrict string `json:"home_district"` // GB/T 2260 code of exactly one district
}

// EnterpriseByUSCC returns the enterprise with a unified social credit code.
func (s *Store) EnterpriseByUSCC(ctx context.Context, uscc string) (Enterprise, error) {
	var e Enterprise
	err := s.db.QueryRow(ctx, `SELECT id, uscc, name_zh, name_en, home_district FROM enterprise WHERE uscc = $1`,
		NormalizeUSCC(uscc)).Scan(&e.ID, &e.USCC, &e.NameZh, &e.NameEn, &e.HomeDistrict)
	if errors.Is(err, sql.ErrNoRows) {
		return e, apperr.NotFound(fmt.Sprintf("enterprise %s", uscc))
	}
	return e, err
}

// Provider is a professional service firm.
type Provider struct {
	ID     int64  `json:"id"`
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en"`
}

// ProviderByID returns a provider.
func (s *Store) ProviderByID(ctx context.Context, id int64) (Provider, error) {
	var p Provider
	err := s.db.QueryRow(ctx, `SELECT id, name_zh, name_en FROM provider WHERE id = $1`, id).Scan(&p.ID, &p.NameZh, &p.NameEn)
	if errors.Is(err, sql.ErrNoRows) {
		return p, apperr.NotFound(fmt.Sprintf("provider %d", id))
	}
	return p, err
}
