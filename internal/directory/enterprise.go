package directory

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
	"chuhai/internal/industry"
)

// Enterprise statuses: a self-registered enterprise waits for its home district's point to verify
// it; one registered by staff at a window, or imported by them, is verified from the start.
const (
	EnterprisePending  = "pending"
	EnterpriseVerified = "verified"
	EnterpriseRejected = "rejected"
)

// EnterpriseStatuses lists the statuses in display order.
var EnterpriseStatuses = []string{EnterprisePending, EnterpriseVerified, EnterpriseRejected}

// How an enterprise came into the directory.
const (
	OriginSelf   = "self"
	OriginWindow = "window"
	OriginImport = "import"
)

// OverseasEntity is a company, branch or office an enterprise has (or plans) abroad.
type OverseasEntity struct {
	Country string `json:"country"` // ISO 3166-1 alpha-2
	Kind    string `json:"kind"`    // Ref().EntityKinds
	Name    string `json:"name"`
	Status  string `json:"status"` // Ref().EntityStatuses
}

// Enterprise is a company the platform serves.
type Enterprise struct {
	ID           int64            `json:"id"`
	USCC         string           `json:"uscc"`
	NameZh       string           `json:"name_zh"`
	NameEn       string           `json:"name_en"`
	HomeDistrict string           `json:"home_district"` // GB/T 2260 code of exactly one district
	Industry     string           `json:"industry"`      // GB/T 4754-2017, "C" or "C39"
	SizeClass    string           `json:"size_class"`
	Ownership    string           `json:"ownership"`
	AddressZh    string           `json:"address_zh"`
	AddressEn    string           `json:"address_en"`
	Website      string           `json:"website"`
	Markets      []string         `json:"markets"` // target countries
	Entities     []OverseasEntity `json:"entities"`
	Contacts     []Contact        `json:"contacts"`
	Status       string           `json:"status"`
	Origin       string           `json:"origin"`
	StatusNote   string           `json:"status_note,omitempty"`
	VerifiedAt   *time.Time       `json:"verified_at,omitempty"`
	Version      int              `json:"version"`
	CreatedAt    time.Time        `json:"created_at"`
	UpdatedAt    time.Time        `json:"updated_at"`
}

// EnterpriseInput is an enterprise's identity and profile as submitted by a form, the API or a row
// of an import. HomeDistrict may be left empty when the registered address names the district.
type EnterpriseInput struct {
	USCC         string           `json:"uscc"`
	NameZh       string           `json:"name_zh"`
	NameEn       string           `json:"name_en"`
	HomeDistrict string           `json:"home_district"`
	AddressZh    string           `json:"address_zh"`
	AddressEn    string           `json:"address_en"`
	Industry     string           `json:"industry"`
	SizeClass    string           `json:"size_class"`
	Ownership    string           `json:"ownership"`
	Website      string           `json:"website"`
	Markets      []string         `json:"markets"`
	Entities     []OverseasEntity `json:"entities"`
	Contacts     []Contact        `json:"contacts"`
}

// checkEnterprise validates and normalises in. It resolves the home district from the registered
// address when none is given, and refuses an address in another district than the one given.
func (s *Store) checkEnterprise(ctx context.Context, in *EnterpriseInput) error {
	g, err := s.geo(ctx)
	if err != nil {
		return err
	}
	ref := Ref()
	trim(&in.USCC, &in.NameZh, &in.NameEn, &in.HomeDistrict, &in.AddressZh, &in.AddressEn, &in.Industry,
		&in.SizeClass, &in.Ownership, &in.Website)
	in.USCC = NormalizeUSCC(in.USCC)
	var v apperr.Validator
	if err := mergeFieldErrors(&v, ValidateUSCC("uscc", in.USCC)); err != nil {
		return err
	}
	required(&v, "name_zh", in.NameZh, maxNameZh)
	checkLen(&v, "name_en", in.NameEn, maxNameEn)
	checkLen(&v, "address_zh", in.AddressZh, maxAddress)
	checkLen(&v, "address_en", in.AddressEn, maxAddress)
	fromAddress := g.districtOfAddress(in.AddressZh)
	switch {
	case in.HomeDistrict == "" && fromAddress == "":
		if in.AddressZh == "" {
			v.Add("home_district", "error.required")
		} else {
			v.Add("home_district", "directory.enterprise.district_from_address")
		}
	case in.HomeDistrict == "":
		in.HomeDistrict = fromAddress
	default:
		code, ok := g.resolve(in.HomeDistrict, RegionDistrict)
		if !ok {
			v.Add("home_district", "directory.district.unknown")
			break
		}
		in.HomeDistrict = code
		if fromAddress != "" && fromAddress != code {
			v.Add("address_zh", "directory.enterprise.address_district", "District", g.name(fromAddress, "zh-CN"))
		}
	}
	if in.Industry != "" {
		code, ok := industry.Normalize(in.Industry)
		v.Check(ok, "industry", "directory.industry.unknown")
		in.Industry = code
	}
	resolveChoice(&v, "size_class", &in.SizeClass, ref.SizeClasses)
	resolveChoice(&v, "ownership", &in.Ownership, ref.Ownerships)
	checkURL(&v, "website", in.Website)
	in.Markets = resolveRegions(in.Markets, g, RegionCountry)
	checkRegions(&v, "markets", in.Markets, g, maxMarkets, "directory.country.unknown", RegionCountry)
	if len(in.Entities) > maxEntities {
		v.Add("entities", "directory.too_many", "Max", maxEntities)
	} else {
		for i := range in.Entities {
			e := &in.Entities[i]
			trim(&e.Country, &e.Kind, &e.Name, &e.Status)
			f := fmt.Sprintf("entities[%d].", i)
			if code, ok := g.resolve(e.Country, RegionCountry); ok {
				e.Country = code
			} else if e.Country == "" {
				v.Add(f+"country", "error.required")
			} else {
				v.Add(f+"country", "directory.country.unknown", "Code", e.Country)
			}
			if e.Kind == "" {
				v.Add(f+"kind", "error.required")
			} else {
				resolveChoice(&v, f+"kind", &e.Kind, ref.EntityKinds)
			}
			if e.Status == "" {
				e.Status = "operating"
			}
			resolveChoice(&v, f+"status", &e.Status, ref.EntityStatuses)
			checkLen(&v, f+"name", e.Name, maxNameEn)
		}
	}
	if in.Contacts == nil {
		in.Contacts = []Contact{}
	}
	checkContacts(&v, in.Contacts)
	return v.Err()
}

// resolveChoice maps a code, name or alias to the vocabulary's code in place ("" stays "").
func resolveChoice(v *apperr.Validator, field string, s *string, voc *Vocabulary) {
	if *s == "" {
		return
	}
	code, ok := voc.Resolve(*s)
	if !ok {
		v.Add(field, "error.bad_choice")
		return
	}
	*s = code
}

// resolveRegions maps codes or names to region codes where it can, leaving the rest for the
// validator to report; duplicates are dropped.
func resolveRegions(in []string, g *geography, kinds ...string) []string {
	return normCodes(in, func(s string) string {
		if code, ok := g.resolve(s, kinds...); ok {
			return code
		}
		return s
	})
}

const enterpriseColumns = `id, uscc, name_zh, name_en, home_district, industry, size_class, ownership, address_zh, address_en,
	website, status, origin, status_note, verified_at, version, created_at, updated_at`

func scanEnterprise(row interface{ Scan(...any) error }) (Enterprise, error) {
	var e Enterprise
	err := row.Scan(&e.ID, &e.USCC, &e.NameZh, &e.NameEn, &e.HomeDistrict, &e.Industry, &e.SizeClass, &e.Ownership,
		&e.AddressZh, &e.AddressEn, &e.Website, &e.Status, &e.Origin, &e.StatusNote, nullTime{&e.VerifiedAt}, &e.Version,
		&e.CreatedAt, &e.UpdatedAt)
	e.Markets, e.Entities, e.Contacts = []string{}, []OverseasEntity{}, []Contact{}
	return e, err
}

func getEnterprise(ctx context.Context, q db.Querier, where string, arg any, what string) (Enterprise, error) {
	e, err := scanEnterprise(q.QueryRow(ctx, `SELECT `+enterpriseColumns+` FROM enterprise WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return Enterprise{}, apperr.NotFound("enterprise " + what)
	}
	if err != nil {
		return Enterprise{}, err
	}
	es := []*Enterprise{&e}
	return e, loadEnterpriseDetails(ctx, q, es)
}

// loadEnterpriseDetails fills markets, overseas entities and contacts of es in three queries.
func loadEnterpriseDetails(ctx context.Context, q db.Querier, es []*Enterprise) error {
	if len(es) == 0 {
		return nil
	}
	byID := make(map[int64]*Enterprise, len(es))
	ids := make([]int64, len(es))
	for i, e := range es {
		byID[e.ID], ids[i] = e, e.ID
	}
	in, args := idList(0, ids)
	rows, err := q.Query(ctx, `SELECT m.enterprise_id, m.country FROM enterprise_market m WHERE m.enterprise_id IN `+in+
		` ORDER BY m.enterprise_id, m.country`, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var c string
		if err := rows.Scan(&id, &c); err != nil {
			rows.Close()
			return err
		}
		byID[id].Markets = append(byID[id].Markets, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.Query(ctx, `SELECT enterprise_id, country, kind, name, status FROM enterprise_entity WHERE enterprise_id IN `+in+
		` ORDER BY enterprise_id, sort, id`, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var x OverseasEntity
		if err := rows.Scan(&id, &x.Country, &x.Kind, &x.Name, &x.Status); err != nil {
			rows.Close()
			return err
		}
		byID[id].Entities = append(byID[id].Entities, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.Query(ctx, `SELECT enterprise_id, name, title, phone, email, is_primary FROM enterprise_contact WHERE enterprise_id IN `+in+
		` ORDER BY enterprise_id, sort, id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c Contact
		if err := rows.Scan(&id, &c.Name, &c.Title, &c.Phone, &c.Email, &c.Primary); err != nil {
			return err
		}
		byID[id].Contacts = append(byID[id].Contacts, c)
	}
	return rows.Err()
}

// EnterpriseByUSCC returns the enterprise with a unified social credit code, if the caller may see it.
func (s *Store) EnterpriseByUSCC(ctx context.Context, uscc string) (Enterprise, error) {
	e, err := getEnterprise(ctx, s.db, `uscc = $1`, NormalizeUSCC(uscc), uscc)
	if err != nil {
		return e, err
	}
	return e, s.mayViewEnterprise(ctx, e)
}

// EnterpriseByID returns an enterprise, if the caller may see it.
func (s *Store) EnterpriseByID(ctx context.Context, id int64) (Enterprise, error) {
	e, err := getEnterprise(ctx, s.db, `id = $1`, id, fmt.Sprint(id))
	if err != nil {
		return e, err
	}
	return e, s.mayViewEnterprise(ctx, e)
}

// EnterpriseName returns an enterprise's names without its profile, for lists elsewhere (accounts,
// cases) that show whose record they hold; it applies no visibility rule because names of the
// enterprises a caller already deals with are not private.
func (s *Store) EnterpriseName(ctx context.Context, id int64) (zh, en string, err error) {
	err = s.db.QueryRow(ctx, `SELECT name_zh, name_en FROM enterprise WHERE id = $1`, id).Scan(&zh, &en)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", apperr.NotFound(fmt.Sprintf("enterprise %d", id))
	}
	return zh, en, err
}

func (s *Store) insertEnterprise(ctx context.Context, tx *db.Tx, in EnterpriseInput, status, origin string) (int64, error) {
	now := s.now().UTC()
	var verifiedAt, verifiedBy any
	if status == EnterpriseVerified {
		verifiedAt = now
		if p := s.caller(ctx); p != nil {
			verifiedBy = p.UserID
		}
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO enterprise (uscc, name_zh, name_en, home_district, industry, size_class, ownership,
		address_zh, address_en, website, status, origin, verified_at, verified_by, version, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,1,$15,$15) RETURNING id`,
		in.USCC, in.NameZh, in.NameEn, in.HomeDistrict, in.Industry, in.SizeClass, in.Ownership, in.AddressZh, in.AddressEn,
		in.Website, status, origin, verifiedAt, verifiedBy, now).Scan(&id)
	switch {
	case db.IsUniqueViolation(err):
		return 0, apperr.Invalid(apperr.F("uscc", "directory.uscc.taken"))
	case db.IsForeignKeyViolation(err):
		return 0, apperr.Invalid(apperr.F("home_district", "directory.district.unknown"))
	case err != nil:
		return 0, err
	}
	return id, s.writeEnterpriseDetails(ctx, tx, id, in, now)
}

// writeEnterpriseDetails replaces the markets, overseas entities and contacts of an enterprise.
func (s *Store) writeEnterpriseDetails(ctx context.Context, tx *db.Tx, id int64, in EnterpriseInput, now time.Time) error {
	for _, t := range []string{"enterprise_market", "enterprise_entity", "enterprise_contact"} {
		if _, err := tx.Exec(ctx, `DELETE FROM `+t+` WHERE enterprise_id = $1`, id); err != nil {
			return err
		}
	}
	for _, c := range in.Markets {
		if _, err := tx.Exec(ctx, `INSERT INTO enterprise_market (enterprise_id, country, created_at, updated_at) VALUES ($1,$2,$3,$3)`,
			id, c, now); err != nil {
			return err
		}
	}
	for i, e := range in.Entities {
		if _, err := tx.Exec(ctx, `INSERT INTO enterprise_entity (enterprise_id, country, kind, name, status, sort, created_at, updated_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$7)`, id, e.Country, e.Kind, e.Name, e.Status, i, now); err != nil {
			return err
		}
	}
	for i, c := range in.Contacts {
		if _, err := tx.Exec(ctx, `INSERT INTO enterprise_contact (enterprise_id, name, title, phone, email, is_primary, sort, created_at, updated_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$8)`, id, c.Name, c.Title, c.Phone, c.Email, c.Primary, i, now); err != nil {
			return err
		}
	}
	return nil
}

func enterpriseDetail(e EnterpriseInput) map[string]any {
	return map[string]any{"uscc": e.USCC, "name_zh": e.NameZh, "home_district": e.HomeDistrict, "industry": e.Industry}
}

// CreateEnterprise registers an enterprise at a window (staff) or from the system itself (no
// principal). It is verified at once. A district point registers enterprises of its own district.
func (s *Store) CreateEnterprise(ctx context.Context, in EnterpriseInput) (Enterprise, error) {
	if p := s.caller(ctx); p != nil && !p.Staff {
		return Enterprise{}, apperr.ErrForbidden
	}
	if err := s.checkEnterprise(ctx, &in); err != nil {
		return Enterprise{}, err
	}
	if err := s.mayRegisterFor(ctx, in.HomeDistrict); err != nil {
		return Enterprise{}, err
	}
	var e Enterprise
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		id, err := s.insertEnterprise(ctx, tx, in, EnterpriseVerified, OriginWindow)
		if err != nil {
			return err
		}
		if e, err = getEnterprise(ctx, tx, `id = $1`, id, fmt.Sprint(id)); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "directory.enterprise.create", ObjectType: "enterprise",
			ObjectID: fmt.Sprint(id), Detail: enterpriseDetail(in)})
	})
	return e, err
}

// RegisterEnterprise is self-registration: the enterprise is stored as pending until its home
// district's point verifies it, and createAdmin makes its first administrator account in the same
// step. If createAdmin fails (a login already taken, a weak password), the registration is undone
// and its error returned, so a visitor never leaves behind an enterprise nobody can sign in to.
func (s *Store) RegisterEnterprise(ctx context.Context, in EnterpriseInput, createAdmin func(ctx context.Context, enterpriseID int64) error) (Enterprise, error) {
	if err := s.checkEnterprise(ctx, &in); err != nil {
		return Enterprise{}, err
	}
	var e Enterprise
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		id, err := s.insertEnterprise(ctx, tx, in, EnterprisePending, OriginSelf)
		if err != nil {
			return err
		}
		if e, err = getEnterprise(ctx, tx, `id = $1`, id, fmt.Sprint(id)); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "directory.enterprise.register", ObjectType: "enterprise",
			ObjectID: fmt.Sprint(id), Detail: enterpriseDetail(in)})
	})
	if err != nil {
		return Enterprise{}, err
	}
	if err := createAdmin(ctx, e.ID); err != nil {
		undo := s.db.InTx(ctx, func(tx *db.Tx) error {
			if _, err := tx.Exec(ctx, `DELETE FROM enterprise WHERE id = $1 AND status = $2`, e.ID, EnterprisePending); err != nil {
				return err
			}
			return s.audit.Record(ctx, tx, audit.Entry{Action: "directory.enterprise.register_undone", ObjectType: "enterprise",
				ObjectID: fmt.Sprint(e.ID), Detail: map[string]any{"uscc": e.USCC}})
		})
		return Enterprise{}, errors.Join(err, undo)
	}
	return e, nil
}

// UpdateEnterprise replaces an enterprise's profile, provided the caller saw version. The unified
// social credit code never changes, and the home district changes only through a request that a
// city coordinator approves (RequestDistrictChange). An enterprise's admin correcting a rejected
// self-registration puts it back in the queue for verification.
func (s *Store) UpdateEnterprise(ctx context.Context, id int64, version int, in EnterpriseInput) (Enterprise, error) {
	var e Enterprise
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := getEnterprise(ctx, tx, `id = $1`, id, fmt.Sprint(id))
		if err != nil {
			return err
		}
		if err := s.mayEditEnterprise(ctx, old); err != nil {
			return err
		}
		if version <= 0 {
			return apperr.Invalid(apperr.F("version", "directory.version.required"))
		}
		if version != old.Version {
			return apperr.ErrConflict
		}
		if in.USCC = NormalizeUSCC(in.USCC); in.USCC != "" && in.USCC != old.USCC {
			return apperr.Invalid(apperr.F("uscc", "directory.uscc.immutable"))
		}
		in.USCC = old.USCC
		if strings.TrimSpace(in.HomeDistrict) == "" {
			in.HomeDistrict = old.HomeDistrict
		}
		if err := s.checkEnterprise(ctx, &in); err != nil {
			return err
		}
		if in.HomeDistrict != old.HomeDistrict {
			return apperr.Invalid(apperr.F("home_district", "directory.enterprise.district_change_needed"))
		}
		status := old.Status
		if p := s.caller(ctx); status == EnterpriseRejected && p != nil && p.Admin && p.EnterpriseID == old.ID {
			status = EnterprisePending
		}
		if err := s.updateEnterpriseRow(ctx, tx, old, in, status); err != nil {
			return err
		}
		if e, err = getEnterprise(ctx, tx, `id = $1`, id, fmt.Sprint(id)); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "directory.enterprise.update", ObjectType: "enterprise",
			ObjectID: fmt.Sprint(id), Detail: map[string]any{"changed": changedEnterpriseFields(old, e), "version": e.Version}})
	})
	return e, err
}

func (s *Store) updateEnterpriseRow(ctx context.Context, tx *db.Tx, old Enterprise, in EnterpriseInput, status string) error {
	now := s.now().UTC()
	res, err := tx.Exec(ctx, `UPDATE enterprise SET name_zh = $1, name_en = $2, industry = $3, size_class = $4, ownership = $5,
		address_zh = $6, address_en = $7, website = $8, status = $9, version = version + 1, updated_at = $10
		WHERE id = $11 AND version = $12`,
		in.NameZh, in.NameEn, in.Industry, in.SizeClass, in.Ownership, in.AddressZh, in.AddressEn, in.Website, status, now,
		old.ID, old.Version)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return apperr.ErrConflict
	}
	return s.writeEnterpriseDetails(ctx, tx, old.ID, in, now)
}

func changedEnterpriseFields(a, b Enterprise) []string {
	var out []string
	for _, p := range []struct{ name, x, y string }{
		{"name_zh", a.NameZh, b.NameZh}, {"name_en", a.NameEn, b.NameEn}, {"industry", a.Industry, b.Industry},
		{"size_class", a.SizeClass, b.SizeClass}, {"ownership", a.Ownership, b.Ownership},
		{"address_zh", a.AddressZh, b.AddressZh}, {"address_en", a.AddressEn, b.AddressEn}, {"website", a.Website, b.Website},
		{"markets", strings.Join(a.Markets, " "), strings.Join(b.Markets, " ")},
		{"entities", fmt.Sprint(a.Entities), fmt.Sprint(b.Entities)}, {"contacts", fmt.Sprint(a.Contacts), fmt.Sprint(b.Contacts)},
		{"status", a.Status, b.Status},
	} {
		if p.x != p.y {
			out = append(out, p.name)
		}
	}
	return out
}

// DecideRegistration verifies or rejects a self-registered enterprise; the home district's point
// (or a coordinator) decides. A rejection needs a note saying what to correct. A rejected
// registration can be verified later, once corrected.
func (s *Store) DecideRegistration(ctx context.Context, id int64, version int, verify bool, note string) (Enterprise, error) {
	note = strings.TrimSpace(note)
	var v apperr.Validator
	if !verify {
		required(&v, "note", note, maxReason)
	} else {
		checkLen(&v, "note", note, maxReason)
	}
	if err := v.Err(); err != nil {
		return Enterprise{}, err
	}
	var e Enterprise
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := getEnterprise(ctx, tx, `id = $1`, id, fmt.Sprint(id))
		if err != nil {
			return err
		}
		if err := s.mayVerifyEnterprise(ctx, old); err != nil {
			return err
		}
		if version != old.Version {
			return apperr.ErrConflict
		}
		to := EnterpriseRejected
		if verify {
			to = EnterpriseVerified
		}
		if !slices.Contains([]string{EnterprisePending, EnterpriseRejected}, old.Status) || old.Status == to {
			return apperr.New(apperr.KindConflict, "directory.enterprise.not_pending")
		}
		now := s.now().UTC()
		var verifiedAt, verifiedBy any
		if verify {
			verifiedAt = now
			if p := s.caller(ctx); p != nil {
				verifiedBy = p.UserID
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE enterprise SET status = $1, status_note = $2, verified_at = $3, verified_by = $4,
			version = version + 1, updated_at = $5 WHERE id = $6`, to, note, verifiedAt, verifiedBy, now, id); err != nil {
			return err
		}
		if e, err = getEnterprise(ctx, tx, `id = $1`, id, fmt.Sprint(id)); err != nil {
			return err
		}
		action := "directory.enterprise.reject"
		if verify {
			action = "directory.enterprise.verify"
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: action, ObjectType: "enterprise", ObjectID: fmt.Sprint(id),
			Detail: map[string]any{"from": old.Status, "note": note}})
	})
	return e, err
}
