package directory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
)

// EnterpriseInput registers an enterprise.
type EnterpriseInput struct {
	USCC         string `json:"uscc"`
	NameZh       string `json:"name_zh"`
	NameEn       string `json:"name_en"`
	HomeDistrict string `json:"home_district"`
}

// CreateEnterprise registers an enterprise under its unified social credit code.
func (s *Store) CreateEnterprise(ctx context.Context, in EnterpriseInput) (Enterprise, error) {
	in.USCC = NormalizeUSCC(in.USCC)
	in.NameZh, in.NameEn, in.HomeDistrict = strings.TrimSpace(in.NameZh), strings.TrimSpace(in.NameEn), strings.TrimSpace(in.HomeDistrict)
	var v apperr.Validator
	if err := ValidateUSCC("uscc", in.USCC); err != nil {
		if e, ok := apperr.As(err); ok {
			for _, f := range e.Fields {
				v.Add(f.Name, f.Key, flatten(f.Args)...)
			}
		}
	}
	names(&v, in.NameZh, in.NameEn)
	v.Check(in.HomeDistrict != "", "home_district", "error.required")
	if err := v.Err(); err != nil {
		return Enterprise{}, err
	}
	e := Enterprise{USCC: in.USCC, NameZh: in.NameZh, NameEn: in.NameEn, HomeDistrict: in.HomeDistrict}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := time.Now().UTC()
		err := tx.QueryRow(ctx, `INSERT INTO enterprise (uscc, name_zh, name_en, home_district, version, created_at, updated_at)
			VALUES ($1, $2, $3, $4, 1, $5, $5) RETURNING id`, e.USCC, e.NameZh, e.NameEn, e.HomeDistrict, now).Scan(&e.ID)
		switch {
		case db.IsUniqueViolation(err):
			return apperr.Invalid(apperr.F("uscc", "directory.uscc.taken"))
		case db.IsForeignKeyViolation(err):
			return apperr.Invalid(apperr.F("home_district", "directory.district.unknown"))
		case err != nil:
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "directory.enterprise.create", ObjectType: "enterprise",
			ObjectID: fmt.Sprint(e.ID), Detail: map[string]any{"uscc": e.USCC, "name_zh": e.NameZh, "home_district": e.HomeDistrict}})
	})
	return e, err
}

// ProviderInput registers a professional service firm.
type ProviderInput struct {
	USCC   string `json:"uscc"` // optional: foreign firms may have none
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en"`
}

// CreateProvider registers a provider.
func (s *Store) CreateProvider(ctx context.Context, in ProviderInput) (Provider, error) {
	in.USCC = NormalizeUSCC(in.USCC)
	in.NameZh, in.NameEn = strings.TrimSpace(in.NameZh), strings.TrimSpace(in.NameEn)
	var v apperr.Validator
	if in.USCC != "" {
		if err := ValidateUSCC("uscc", in.USCC); err != nil {
			if e, ok := apperr.As(err); ok {
				for _, f := range e.Fields {
					v.Add(f.Name, f.Key, flatten(f.Args)...)
				}
			}
		}
	}
	names(&v, in.NameZh, in.NameEn)
	if err := v.Err(); err != nil {
		return Provider{}, err
	}
	p := Provider{NameZh: in.NameZh, NameEn: in.NameEn}
	var uscc any
	if in.USCC != "" {
		uscc = in.USCC
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := time.Now().UTC()
		err := tx.QueryRow(ctx, `INSERT INTO provider (uscc, name_zh, name_en, version, created_at, updated_at)
			VALUES ($1, $2, $3, 1, $4, $4) RETURNING id`, uscc, p.NameZh, p.NameEn, now).Scan(&p.ID)
		if db.IsUniqueViolation(err) {
			return apperr.Invalid(apperr.F("uscc", "directory.uscc.taken"))
		}
		if err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "directory.provider.create", ObjectType: "provider",
			ObjectID: fmt.Sprint(p.ID), Detail: map[string]any{"uscc": in.USCC, "name_zh": p.NameZh}})
	})
	return p, err
}

// ProviderByUSCC returns the provider with a unified social credit code.
func (s *Store) ProviderByUSCC(ctx context.Context, uscc string) (Provider, error) {
	var p Provider
	err := s.db.QueryRow(ctx, `SELECT id, name_zh, name_en FROM provider WHERE uscc = $1`, NormalizeUSCC(uscc)).Scan(&p.ID, &p.NameZh, &p.NameEn)
	if errors.Is(err, sql.ErrNoRows) {
		return p, apperr.NotFound("provider " + uscc)
	}
	return p, err
}

// ProvidersByID returns the providers with the given ids that exist, keyed by id (for lists that
// show names, such as alliance members).
func (s *Store) ProvidersByID(ctx context.Context, ids []int64) (map[int64]Provider, error) {
	out := make(map[int64]Provider, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	marks := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		marks[i] = fmt.Sprintf("$%d", i+1)
		args[i] = id
	}
	rows, err := s.db.Query(ctx, `SELECT id, name_zh, name_en FROM provider WHERE id IN (`+strings.Join(marks, ",")+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p Provider
		if err := rows.Scan(&p.ID, &p.NameZh, &p.NameEn); err != nil {
			return nil, err
		}
		out[p.ID] = p
	}
	return out, rows.Err()
}

const (
	maxNameZh = 100
	maxNameEn = 200
)

func names(v *apperr.Validator, zh, en string) {
	if zh == "" {
		v.Add("name_zh", "error.required")
	}
	v.Check(utf8.RuneCountInString(zh) <= maxNameZh, "name_zh", "error.too_long", "Max", maxNameZh)
	v.Check(utf8.RuneCountInString(en) <= maxNameEn, "name_en", "error.too_long", "Max", maxNameEn)
}

func flatten(m map[string]any) []any {
	out := make([]any, 0, 2*len(m))
	for k, v := range m {
		out = append(out, k, v)
	}
	return out
}
