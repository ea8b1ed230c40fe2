package network

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
)

// Alliance scopes.
const (
	ScopeDistrict  = "district"   // one district's alliance (Xuhui's 21 first-batch members)
	ScopeCity      = "city"       // the whole city's (the Shanghai going-out professional services alliance)
	ScopeMultiCity = "multi_city" // several cities (the G60 corridor's nine)
)

// AllianceScopes lists the scopes in display order.
var AllianceScopes = []string{ScopeCity, ScopeDistrict, ScopeMultiCity}

// Member statuses.
const (
	MemberActive    = "active"
	MemberSuspended = "suspended"
	MemberWithdrawn = "withdrawn"
)

// MemberStatuses lists the statuses.
var MemberStatuses = []string{MemberActive, MemberSuspended, MemberWithdrawn}

const (
	maxDescription = 4000
	maxRegions     = 50
	maxBatch       = 99
)

// Alliance is an alliance of professional service firms.
type Alliance struct {
	ID            int64     `json:"id"`
	Code          string    `json:"code"`
	NameZh        string    `json:"name_zh"`
	NameEn        string    `json:"name_en"`
	Scope         string    `json:"scope"`
	OwnerRegion   string    `json:"owner_region"`
	Regions       []string  `json:"regions"` // multi-city alliances: the member cities and districts
	DescriptionZh string    `json:"description_zh"`
	DescriptionEn string    `json:"description_en"`
	FoundedOn     string    `json:"founded_on,omitempty"`
	Active        bool      `json:"active"`
	Version       int       `json:"version"`
	MemberCount   int       `json:"member_count"` // active members
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// AllianceInput is what a coordinator submits to create or replace an alliance.
type AllianceInput struct {
	Code          string   `json:"code"`
	NameZh        string   `json:"name_zh"`
	NameEn        string   `json:"name_en"`
	Scope         string   `json:"scope"`
	OwnerRegion   string   `json:"owner_region"`
	Regions       []string `json:"regions"`
	DescriptionZh string   `json:"description_zh"`
	DescriptionEn string   `json:"description_en"`
	FoundedOn     string   `json:"founded_on"`
	Active        *bool    `json:"active,omitempty"` // nil: active on create, unchanged on update
}

// ownerKinds says which region may own an alliance of each scope.
var ownerKinds = map[string][]string{
	ScopeDistrict:  {RegionDistrict},
	ScopeCity:      {RegionMunicipality},
	ScopeMultiCity: {RegionMunicipality, RegionDistrict, RegionCity},
}

// memberRegionKinds are the regions a multi-city alliance may span.
var memberRegionKinds = []string{RegionMunicipality, RegionDistrict, RegionCity, RegionProvince}

func (s *Store) validateAlliance(ctx context.Context, q db.Querier, in *AllianceInput, self int64) error {
	for _, p := range []*string{&in.Code, &in.NameZh, &in.NameEn, &in.Scope, &in.OwnerRegion, &in.DescriptionZh, &in.DescriptionEn, &in.FoundedOn} {
		*p = strings.TrimSpace(*p)
	}
	in.Code = strings.ToUpper(in.Code)
	in.OwnerRegion = strings.ToUpper(in.OwnerRegion)
	in.Regions = normList(in.Regions, strings.ToUpper)
	var v apperr.Validator
	checkCode(&v, in.Code)
	required(&v, "name_zh", in.NameZh, maxNameZh)
	required(&v, "name_en", in.NameEn, maxNameEn)
	checkLen(&v, "description_zh", in.DescriptionZh, maxDescription)
	checkLen(&v, "description_en", in.DescriptionEn, maxDescription)
	checkDate(&v, "founded_on", in.FoundedOn)
	scopeOK := slices.Contains(AllianceScopes, in.Scope)
	if in.Scope == "" {
		v.Add("scope", "error.required")
	} else if !scopeOK {
		v.Add("scope", "error.bad_choice")
	}
	if in.OwnerRegion == "" {
		v.Add("owner_region", "error.required")
	} else if !regionCodePattern.MatchString(in.OwnerRegion) {
		v.Add("owner_region", "network.region.unknown")
	} else if r, err := regionByCode(ctx, q, in.OwnerRegion); errors.Is(err, apperr.ErrNotFound) {
		v.Add("owner_region", "network.region.unknown")
	} else if err != nil {
		return err
	} else if scopeOK && !slices.Contains(ownerKinds[in.Scope], r.Kind) {
		v.Add("owner_region", "network.alliance.owner_for_"+in.Scope)
	}
	switch {
	case scopeOK && in.Scope != ScopeMultiCity && len(in.Regions) > 0:
		v.Add("regions", "network.alliance.regions_only_multi")
	case in.Scope == ScopeMultiCity && len(in.Regions) < 2:
		v.Add("regions", "network.alliance.regions_min")
	case len(in.Regions) > maxRegions:
		v.Add("regions", "network.too_many", "Max", maxRegions)
	case len(in.Regions) > 0:
		kinds, err := regionKinds(ctx, q, in.Regions)
		if err != nil {
			return err
		}
		for _, c := range in.Regions {
			if !slices.Contains(memberRegionKinds, kinds[c]) {
				v.Add("regions", "network.alliance.region_unknown", "Code", c)
				break
			}
		}
		if in.OwnerRegion != "" && !slices.Contains(in.Regions, in.OwnerRegion) {
			v.Add("regions", "network.alliance.regions_include_owner")
		}
	}
	if codePattern.MatchString(in.Code) {
		var id int64
		err := q.QueryRow(ctx, `SELECT id FROM alliance WHERE code = $1`, in.Code).Scan(&id)
		if err == nil && id != self {
			v.Add("code", "network.code.taken", "Code", in.Code)
		} else if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	return v.Err()
}

const allianceColumns = `a.id, a.code, a.name_zh, a.name_en, a.scope, a.owner_region, a.description_zh, a.description_en,
	a.founded_on, a.active, a.version, a.created_at, a.updated_at,
	(SELECT COUNT(*) FROM alliance_member m WHERE m.alliance_id = a.id AND m.status = 'active')`

func scanAlliance(row interface{ Scan(...any) error }) (Alliance, error) {
	var a Alliance
	err := row.Scan(&a.ID, &a.Code, &a.NameZh, &a.NameEn, &a.Scope, &a.OwnerRegion, &a.DescriptionZh, &a.DescriptionEn,
		dateText{&a.FoundedOn}, &a.Active, &a.Version, &a.CreatedAt, &a.UpdatedAt, &a.MemberCount)
	a.Regions = []string{}
	return a, err
}

func attachRegions(ctx context.Context, q db.Querier, as []Alliance) error {
	if len(as) == 0 {
		return nil
	}
	byID := make(map[int64]*Alliance, len(as))
	args := make([]any, len(as))
	for i := range as {
		byID[as[i].ID] = &as[i]
		args[i] = as[i].ID
	}
	rows, err := q.Query(ctx, `SELECT ar.alliance_id, ar.region_code FROM alliance_region ar JOIN region r ON r.code = ar.region_code
		WHERE ar.alliance_id IN `+placeholders(0, len(as))+` ORDER BY r.sort`, args...)
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
		byID[id].Regions = append(byID[id].Regions, code)
	}
	return rows.Err()
}

func getAlliance(ctx context.Context, q db.Querier, where string, arg any, what string) (Alliance, error) {
	a, err := scanAlliance(q.QueryRow(ctx, `SELECT `+allianceColumns+` FROM alliance a WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return Alliance{}, apperr.NotFound("alliance " + what)
	}
	if err != nil {
		return Alliance{}, err
	}
	as := []Alliance{a}
	if err := attachRegions(ctx, q, as); err != nil {
		return Alliance{}, err
	}
	return as[0], nil
}

// AllianceByCode returns an alliance, active or not.
func (s *Store) AllianceByCode(ctx context.Context, code string) (Alliance, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if !codePattern.MatchString(code) {
		return Alliance{}, apperr.NotFound(fmt.Sprintf("alliance %q", code))
	}
	return getAlliance(ctx, s.db, `a.code = $1`, code, fmt.Sprintf("%q", code))
}

// AllianceFilter narrows ListAlliances.
type AllianceFilter struct {
	Scope           string
	IncludeInactive bool
	Limit, Offset   int
}

// ListAlliances returns one page of alliances (city-wide first, then by owner region) and the total.
func (s *Store) ListAlliances(ctx context.Context, f AllianceFilter) ([]Alliance, int, error) {
	if f.Scope != "" && !slices.Contains(AllianceScopes, f.Scope) {
		return nil, 0, apperr.Invalid(apperr.F("scope", "error.bad_choice"))
	}
	where := ` WHERE ($1 = '' OR a.scope = $1) AND (a.active = $2 OR $3 = 1)`
	all := 0
	if f.IncludeInactive {
		all = 1
	}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM alliance a`+where, f.Scope, true, all).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	rows, err := s.db.Query(ctx, `SELECT `+allianceColumns+` FROM alliance a JOIN region r ON r.code = a.owner_region`+where+`
		ORDER BY CASE a.scope WHEN 'city' THEN 0 WHEN 'district' THEN 1 ELSE 2 END, r.sort, a.code LIMIT $4 OFFSET $5`,
		f.Scope, true, all, f.Limit, max(f.Offset, 0))
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Alliance{}
	for rows.Next() {
		a, err := scanAlliance(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	rows.Close()
	return out, total, attachRegions(ctx, s.db, out)
}

func writeAllianceRegions(ctx context.Context, tx *db.Tx, id int64, regions []string, now time.Time) error {
	if _, err := tx.Exec(ctx, `DELETE FROM alliance_region WHERE alliance_id = $1`, id); err != nil {
		return err
	}
	for _, r := range regions {
		if _, err := tx.Exec(ctx, `INSERT INTO alliance_region (alliance_id, region_code, created_at) VALUES ($1, $2, $3)`, id, r, now); err != nil {
			return err
		}
	}
	return nil
}

// CreateAlliance adds an alliance.
func (s *Store) CreateAlliance(ctx context.Context, in AllianceInput) (Alliance, error) {
	defer s.changed() // after the commit
	var a Alliance
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := s.validateAlliance(ctx, tx, &in, 0); err != nil {
			return err
		}
		now := s.now().UTC()
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO alliance (code, name_zh, name_en, scope, owner_region, description_zh, description_en,
			founded_on, active, version, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,1,$10,$10) RETURNING id`,
			in.Code, in.NameZh, in.NameEn, in.Scope, in.OwnerRegion, in.DescriptionZh, in.DescriptionEn, nullDate(in.FoundedOn),
			in.Active == nil || *in.Active, now).Scan(&id)
		if db.IsUniqueViolation(err) {
			return apperr.Invalid(apperr.F("code", "network.code.taken", "Code", in.Code))
		}
		if err != nil {
			return err
		}
		if err := writeAllianceRegions(ctx, tx, id, in.Regions, now); err != nil {
			return err
		}
		if a, err = getAlliance(ctx, tx, `a.id = $1`, id, fmt.Sprint(id)); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "network.alliance.create", ObjectType: "alliance", ObjectID: a.Code,
			Detail: map[string]any{"scope": a.Scope, "owner_region": a.OwnerRegion, "name_zh": a.NameZh}})
	})
	return a, err
}

// UpdateAlliance replaces the alliance with code by in, provided the caller saw version.
func (s *Store) UpdateAlliance(ctx context.Context, code string, version int, in AllianceInput) (Alliance, error) {
	defer s.changed() // after the commit
	var a Alliance
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := getAlliance(ctx, tx, `a.code = $1`, strings.ToUpper(strings.TrimSpace(code)), fmt.Sprintf("%q", code))
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
		if err := s.validateAlliance(ctx, tx, &in, old.ID); err != nil {
			return err
		}
		active := old.Active
		if in.Active != nil {
			active = *in.Active
		}
		now := s.now().UTC()
		res, err := tx.Exec(ctx, `UPDATE alliance SET name_zh = $1, name_en = $2, scope = $3, owner_region = $4, description_zh = $5,
			description_en = $6, founded_on = $7, active = $8, version = version + 1, updated_at = $9 WHERE id = $10 AND version = $11`,
			in.NameZh, in.NameEn, in.Scope, in.OwnerRegion, in.DescriptionZh, in.DescriptionEn, nullDate(in.FoundedOn), active, now,
			old.ID, version)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return apperr.ErrConflict
		}
		if err := writeAllianceRegions(ctx, tx, old.ID, in.Regions, now); err != nil {
			return err
		}
		if a, err = getAlliance(ctx, tx, `a.id = $1`, old.ID, fmt.Sprint(old.ID)); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "network.alliance.update", ObjectType: "alliance", ObjectID: a.Code,
			Detail: map[string]any{"changed": changedAllianceFields(old, a), "version": a.Version}})
	})
	return a, err
}

func changedAllianceFields(a, b Alliance) []string {
	var out []string
	pairs := []struct{ name, x, y string }{
		{"name_zh", a.NameZh, b.NameZh}, {"name_en", a.NameEn, b.NameEn}, {"scope", a.Scope, b.Scope},
		{"owner_region", a.OwnerRegion, b.OwnerRegion}, {"regions", strings.Join(a.Regions, " "), strings.Join(b.Regions, " ")},
		{"description_zh", a.DescriptionZh, b.DescriptionZh}, {"description_en", a.DescriptionEn, b.DescriptionEn},
		{"founded_on", a.FoundedOn, b.FoundedOn}, {"active", fmt.Sprint(a.Active), fmt.Sprint(b.Active)},
	}
	for _, p := range pairs {
		if p.x != p.y {
			out = append(out, p.name)
		}
	}
	return out
}

// Member is a provider's membership of an alliance.
type Member struct {
	ID         int64     `json:"id"`
	Alliance   string    `json:"alliance"` // alliance code
	ProviderID int64     `json:"provider_id"`
	Batch      int       `json:"batch"` // 1 = first batch (首批)
	JoinedOn   string    `json:"joined_on"`
	Status     string    `json:"status"`
	Version    int       `json:"version"`
	CreatedAt  time.Time `json:"created_at"`
}

// MemberInput admits a provider to an alliance.
type MemberInput struct {
	ProviderID int64  `json:"provider_id"`
	Batch      int    `json:"batch"`     // default 1
	JoinedOn   string `json:"joined_on"` // YYYY-MM-DD
	Status     string `json:"status"`    // default active
}

// AddMember admits a provider to the alliance with code. A provider joins an alliance once.
func (s *Store) AddMember(ctx context.Context, allianceCode string, in MemberInput) (Member, error) {
	defer s.changed() // after the commit
	in.JoinedOn, in.Status = strings.TrimSpace(in.JoinedOn), strings.TrimSpace(in.Status)
	if in.Batch == 0 {
		in.Batch = 1
	}
	if in.Status == "" {
		in.Status = MemberActive
	}
	var v apperr.Validator
	v.Check(in.ProviderID > 0, "provider_id", "error.bad_id")
	v.Check(in.Batch >= 1 && in.Batch <= maxBatch, "batch", "network.member.batch", "Max", maxBatch)
	if in.JoinedOn == "" {
		v.Add("joined_on", "error.required")
	}
	checkDate(&v, "joined_on", in.JoinedOn)
	v.Check(slices.Contains(MemberStatuses, in.Status), "status", "error.bad_choice")
	if err := v.Err(); err != nil {
		return Member{}, err
	}
	var m Member
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := getAlliance(ctx, tx, `a.code = $1`, strings.ToUpper(strings.TrimSpace(allianceCode)), fmt.Sprintf("%q", allianceCode))
		if err != nil {
			return err
		}
		var exists int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM alliance_member WHERE alliance_id = $1 AND provider_id = $2`, a.ID, in.ProviderID).Scan(&exists); err != nil {
			return err
		}
		if exists > 0 {
			return apperr.Invalid(apperr.F("provider_id", "network.member.duplicate"))
		}
		now := s.now().UTC()
		m = Member{Alliance: a.Code, ProviderID: in.ProviderID, Batch: in.Batch, JoinedOn: in.JoinedOn, Status: in.Status, Version: 1,
			CreatedAt: now.Truncate(time.Microsecond)}
		err = tx.QueryRow(ctx, `INSERT INTO alliance_member (alliance_id, provider_id, batch, joined_on, status, version, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, 1, $6, $6) RETURNING id`, a.ID, in.ProviderID, in.Batch, in.JoinedOn, in.Status, now).Scan(&m.ID)
		switch {
		case db.IsUniqueViolation(err):
			return apperr.Invalid(apperr.F("provider_id", "network.member.duplicate"))
		case db.IsForeignKeyViolation(err): // the provider is the directory's; its foreign key says whether it exists
			return apperr.Invalid(apperr.F("provider_id", "network.member.unknown_provider"))
		case err != nil:
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "network.alliance.member.add", ObjectType: "alliance", ObjectID: a.Code,
			Detail: map[string]any{"provider_id": in.ProviderID, "batch": in.Batch, "status": in.Status}})
	})
	return m, err
}

// MemberFilter narrows ListMembers.
type MemberFilter struct {
	Status        string // empty: every status
	Limit, Offset int
}

// ListMembers returns one page of an alliance's members (by batch, then joining date) and the total.
// Provider names come from the directory.
func (s *Store) ListMembers(ctx context.Context, allianceCode string, f MemberFilter) ([]Member, int, error) {
	if f.Status != "" && !slices.Contains(MemberStatuses, f.Status) {
		return nil, 0, apperr.Invalid(apperr.F("status", "error.bad_choice"))
	}
	a, err := s.AllianceByCode(ctx, allianceCode)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM alliance_member WHERE alliance_id = $1 AND ($2 = '' OR status = $2)`,
		a.ID, f.Status).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	rows, err := s.db.Query(ctx, `SELECT id, provider_id, batch, joined_on, status, version, created_at FROM alliance_member
		WHERE alliance_id = $1 AND ($2 = '' OR status = $2) ORDER BY batch, joined_on, id LIMIT $3 OFFSET $4`,
		a.ID, f.Status, f.Limit, max(f.Offset, 0))
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Member{}
	for rows.Next() {
		m := Member{Alliance: a.Code}
		if err := rows.Scan(&m.ID, &m.ProviderID, &m.Batch, dateText{&m.JoinedOn}, &m.Status, &m.Version, &m.CreatedAt); err != nil {
			return nil, 0, err
		}
		out = append(out, m)
	}
	return out, total, rows.Err()
}
