package directory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
)

// Provider statuses. Only verified providers are public and matched; a suspended one is hidden
// until reinstated; a delisted one is gone from every public list and must be verified anew.
const (
	ProviderPending   = "pending"
	ProviderVerified  = "verified"
	ProviderSuspended = "suspended"
	ProviderDelisted  = "delisted"
)

// ProviderStatuses lists the statuses in display order.
var ProviderStatuses = []string{ProviderPending, ProviderVerified, ProviderSuspended, ProviderDelisted}

// providerTransitions says which status changes are allowed.
var providerTransitions = map[string][]string{
	ProviderPending:   {ProviderVerified, ProviderDelisted},
	ProviderVerified:  {ProviderSuspended, ProviderDelisted},
	ProviderSuspended: {ProviderVerified, ProviderDelisted},
	ProviderDelisted:  {ProviderPending},
}

// Office is where a provider works: a Shanghai district, another city, or a country abroad.
type Office struct {
	Region    string `json:"region"`
	AddressZh string `json:"address_zh"`
	AddressEn string `json:"address_en"`
	Head      bool   `json:"head"`
}

// Service is one item of a provider's service menu.
type Service struct {
	Category     string   `json:"category"`
	NameZh       string   `json:"name_zh"`
	NameEn       string   `json:"name_en"`
	PriceMinFen  int64    `json:"price_min_fen"`
	PriceMaxFen  int64    `json:"price_max_fen"`
	DeliveryDays int      `json:"delivery_days"` // typical, in calendar days
	Countries    []string `json:"countries"`     // empty: every country the provider serves
	Languages    []string `json:"languages"`     // empty: every language the provider works in
}

// PriceText renders the price range in yuan, e.g. "¥5,000–¥20,000".
func (s Service) PriceText() string {
	if s.PriceMinFen == s.PriceMaxFen {
		return yuan(s.PriceMinFen)
	}
	return yuan(s.PriceMinFen) + "–" + yuan(s.PriceMaxFen)
}

// yuan formats fen as whole yuan with thousands separators (fractions of a yuan are shown too).
func yuan(fen int64) string {
	whole := strconv.FormatInt(fen/100, 10)
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if c := fen % 100; c != 0 {
		fmt.Fprintf(&b, ".%02d", c)
	}
	return "¥" + b.String()
}

// Licence is a licence or credential a provider holds.
type Licence struct {
	Kind       string `json:"kind"`
	Number     string `json:"number"`
	Issuer     string `json:"issuer"`
	ValidUntil string `json:"valid_until,omitempty"` // YYYY-MM-DD
}

// Activity is a provider's record of work through the platform, kept by casework.
type Activity struct {
	LastEngagementAt *time.Time `json:"last_engagement_at,omitempty"`
	Completed        int        `json:"completed_engagements"`
	RatingCount      int        `json:"rating_count"`
	Rating           float64    `json:"rating"` // mean stars to one decimal; 0 when unrated
}

func ratingOf(sum, count int) float64 {
	if count == 0 {
		return 0
	}
	// sum is in tenths of a star; round the mean to one decimal, half away from zero.
	return float64((sum*10/count+5)/10) / 10
}

// Provider is a professional service firm.
type Provider struct {
	ID             int64        `json:"id"`
	NameZh         string       `json:"name_zh"`
	NameEn         string       `json:"name_en"`
	USCC           string       `json:"uscc,omitempty"`
	ForeignCountry string       `json:"foreign_country,omitempty"`
	ForeignRegNo   string       `json:"foreign_reg_no,omitempty"`
	Status         string       `json:"status"`
	StatusReason   string       `json:"status_reason,omitempty"`
	DescriptionZh  string       `json:"description_zh"`
	DescriptionEn  string       `json:"description_en"`
	Website        string       `json:"website"`
	Categories     []string     `json:"categories"`
	Countries      []string     `json:"countries"`
	Languages      []string     `json:"languages"`
	Offices        []Office     `json:"offices"`
	Services       []Service    `json:"services"`
	Licences       []Licence    `json:"licences"`
	Contacts       []Contact    `json:"contacts"`
	Alliances      []Membership `json:"alliances"`
	Activity       Activity     `json:"activity"`
	VerifiedAt     *time.Time   `json:"verified_at,omitempty"`
	Version        int          `json:"version"`
	CreatedAt      time.Time    `json:"created_at"`
	UpdatedAt      time.Time    `json:"updated_at"`
}

// ProviderInput is a provider's identity and profile. A Chinese firm gives its USCC; a foreign firm
// its country and registration number. A provider without either can be recorded but not verified.
type ProviderInput struct {
	USCC           string    `json:"uscc"`
	NameZh         string    `json:"name_zh"`
	NameEn         string    `json:"name_en"`
	ForeignCountry string    `json:"foreign_country"`
	ForeignRegNo   string    `json:"foreign_reg_no"`
	DescriptionZh  string    `json:"description_zh"`
	DescriptionEn  string    `json:"description_en"`
	Website        string    `json:"website"`
	Categories     []string  `json:"categories"`
	Countries      []string  `json:"countries"`
	Languages      []string  `json:"languages"`
	Offices        []Office  `json:"offices"`
	Services       []Service `json:"services"`
	Licences       []Licence `json:"licences"`
	Contacts       []Contact `json:"contacts"`
}

func (s *Store) checkProvider(ctx context.Context, in *ProviderInput) error {
	ref := Ref()
	trim(&in.USCC, &in.NameZh, &in.NameEn, &in.ForeignCountry, &in.ForeignRegNo, &in.DescriptionZh, &in.DescriptionEn, &in.Website)
	in.USCC = NormalizeUSCC(in.USCC)
	var v apperr.Validator
	required(&v, "name_zh", in.NameZh, maxNameZh)
	checkLen(&v, "name_en", in.NameEn, maxNameEn)
	checkLen(&v, "description_zh", in.DescriptionZh, maxText)
	checkLen(&v, "description_en", in.DescriptionEn, maxText)
	checkURL(&v, "website", in.Website)
	if in.USCC != "" {
		if err := mergeFieldErrors(&v, ValidateUSCC("uscc", in.USCC)); err != nil {
			return err
		}
		v.Check(in.ForeignCountry == "" && in.ForeignRegNo == "", "foreign_reg_no", "directory.provider.one_identity")
	}
	// Every list below may name regions; only ask the network when one does, so that a bare record
	// (name and USCC) can be made without it.
	var g *geography
	if in.ForeignCountry != "" || len(in.Countries) > 0 || len(in.Offices) > 0 || len(in.Services) > 0 {
		var err error
		if g, err = s.geo(ctx); err != nil {
			return err
		}
	}
	switch {
	case in.ForeignCountry == "" && in.ForeignRegNo == "":
	case in.ForeignCountry == "":
		v.Add("foreign_country", "error.required")
	case in.ForeignRegNo == "":
		v.Add("foreign_reg_no", "error.required")
	default:
		if code, ok := g.resolve(in.ForeignCountry, RegionCountry); ok && code != "CN" {
			in.ForeignCountry = code
		} else {
			v.Add("foreign_country", "directory.country.unknown", "Code", in.ForeignCountry)
		}
		v.Check(len(in.ForeignRegNo) <= maxForeignReg && regNoPattern.MatchString(in.ForeignRegNo), "foreign_reg_no", "directory.provider.reg_no")
	}
	in.Categories = normCodes(in.Categories, func(s string) string {
		if c, ok := ref.Categories.Resolve(s); ok {
			return c
		}
		return s
	})
	checkVocabulary(&v, "categories", in.Categories, ref.Categories, maxCategories)
	in.Languages = normCodes(in.Languages, func(s string) string {
		if c, ok := ref.Languages.Resolve(s); ok {
			return c
		}
		return s
	})
	checkVocabulary(&v, "languages", in.Languages, ref.Languages, maxLanguages)
	if g != nil {
		in.Countries = resolveRegions(in.Countries, g, RegionCountry)
		checkRegions(&v, "countries", in.Countries, g, maxCountries, "directory.country.unknown", RegionCountry)
	} else {
		in.Countries = []string{}
	}
	if len(in.Offices) > maxOffices {
		v.Add("offices", "directory.too_many", "Max", maxOffices)
	} else {
		heads := 0
		for i := range in.Offices {
			o := &in.Offices[i]
			trim(&o.Region, &o.AddressZh, &o.AddressEn)
			f := fmt.Sprintf("offices[%d].", i)
			if code, ok := g.resolve(o.Region, RegionDistrict, RegionCity, RegionMunicipality, RegionArea, RegionCountry); ok {
				o.Region = code
			} else if o.Region == "" {
				v.Add(f+"region", "error.required")
			} else {
				v.Add(f+"region", "directory.region.unknown", "Code", o.Region)
			}
			checkLen(&v, f+"address_zh", o.AddressZh, maxAddress)
			checkLen(&v, f+"address_en", o.AddressEn, maxAddress)
			if o.Head {
				heads++
			}
		}
		v.Check(heads <= 1, "offices", "directory.provider.one_head_office")
	}
	if len(in.Services) > maxServices {
		v.Add("services", "directory.too_many", "Max", maxServices)
	} else {
		for i := range in.Services {
			checkService(&v, fmt.Sprintf("services[%d].", i), &in.Services[i], in.Categories, g)
		}
	}
	if len(in.Licences) > maxLicences {
		v.Add("licences", "directory.too_many", "Max", maxLicences)
	} else {
		for i := range in.Licences {
			l := &in.Licences[i]
			trim(&l.Kind, &l.Number, &l.Issuer, &l.ValidUntil)
			f := fmt.Sprintf("licences[%d].", i)
			required(&v, f+"kind", l.Kind, maxShort)
			checkLen(&v, f+"number", l.Number, maxShort)
			checkLen(&v, f+"issuer", l.Issuer, maxShort)
			checkDate(&v, f+"valid_until", l.ValidUntil)
		}
	}
	if in.Contacts == nil {
		in.Contacts = []Contact{}
	}
	checkContacts(&v, in.Contacts)
	return v.Err()
}

func checkService(v *apperr.Validator, f string, sv *Service, categories []string, g *geography) {
	ref := Ref()
	trim(&sv.Category, &sv.NameZh, &sv.NameEn)
	if c, ok := ref.Categories.Resolve(sv.Category); ok {
		sv.Category = c
	}
	switch {
	case sv.Category == "":
		v.Add(f+"category", "error.required")
	case !ref.Categories.Has(sv.Category):
		v.Add(f+"category", "directory.unknown_code", "Code", sv.Category)
	case !slices.Contains(categories, sv.Category):
		v.Add(f+"category", "directory.service.category_not_offered")
	}
	required(v, f+"name_zh", sv.NameZh, maxNameZh)
	checkLen(v, f+"name_en", sv.NameEn, maxNameEn)
	v.Check(sv.PriceMinFen >= 0 && sv.PriceMinFen <= maxPriceFen, f+"price_min_fen", "directory.service.price", "Max", maxPriceFen/100)
	v.Check(sv.PriceMaxFen >= 0 && sv.PriceMaxFen <= maxPriceFen, f+"price_max_fen", "directory.service.price", "Max", maxPriceFen/100)
	v.Check(sv.PriceMaxFen >= sv.PriceMinFen, f+"price_max_fen", "directory.service.price_order")
	v.Check(sv.DeliveryDays >= 1 && sv.DeliveryDays <= maxDeliveryDay, f+"delivery_days", "directory.service.delivery", "Max", maxDeliveryDay)
	sv.Countries = resolveRegions(sv.Countries, g, RegionCountry)
	checkRegions(v, f+"countries", sv.Countries, g, maxCountries, "directory.country.unknown", RegionCountry)
	sv.Languages = normCodes(sv.Languages, func(s string) string {
		if c, ok := ref.Languages.Resolve(s); ok {
			return c
		}
		return s
	})
	checkVocabulary(v, f+"languages", sv.Languages, ref.Languages, maxLanguages)
}

const providerColumns = `id, name_zh, name_en, COALESCE(uscc, ''), COALESCE(foreign_country, ''), COALESCE(foreign_reg_no, ''),
	status, status_reason, description_zh, description_en, website, match_categories, match_countries, match_languages,
	last_engagement_at, engagements_completed, rating_count, rating_sum, verified_at, version, created_at, updated_at`

func scanProvider(row interface{ Scan(...any) error }) (Provider, error) {
	var p Provider
	var cats, countries, langs string
	var rSum int
	err := row.Scan(&p.ID, &p.NameZh, &p.NameEn, &p.USCC, &p.ForeignCountry, &p.ForeignRegNo, &p.Status, &p.StatusReason,
		&p.DescriptionZh, &p.DescriptionEn, &p.Website, &cats, &countries, &langs, nullTime{&p.Activity.LastEngagementAt},
		&p.Activity.Completed, &p.Activity.RatingCount, &rSum, nullTime{&p.VerifiedAt}, &p.Version, &p.CreatedAt, &p.UpdatedAt)
	p.Activity.Rating = ratingOf(rSum, p.Activity.RatingCount)
	p.Categories, p.Countries, p.Languages = splitFields(cats), splitFields(countries), splitFields(langs)
	p.Offices, p.Services, p.Licences, p.Contacts, p.Alliances = []Office{}, []Service{}, []Licence{}, []Contact{}, []Membership{}
	return p, err
}

func getProvider(ctx context.Context, q db.Querier, id int64) (Provider, error) {
	p, err := scanProvider(q.QueryRow(ctx, `SELECT `+providerColumns+` FROM provider WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, apperr.NotFound(fmt.Sprintf("provider %d", id))
	}
	if err != nil {
		return p, err
	}
	return p, loadProviderDetails(ctx, q, []*Provider{&p})
}

// loadProviderDetails fills offices, services, licences and contacts of ps.
func loadProviderDetails(ctx context.Context, q db.Querier, ps []*Provider) error {
	if len(ps) == 0 {
		return nil
	}
	byID := make(map[int64]*Provider, len(ps))
	ids := make([]int64, len(ps))
	for i, p := range ps {
		byID[p.ID], ids[i] = p, p.ID
	}
	in, args := idList(0, ids)
	load := func(query string, scan func(rows *sql.Rows) error) error {
		rows, err := q.Query(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	err := load(`SELECT provider_id, region_code, address_zh, address_en, is_head FROM provider_office WHERE provider_id IN `+in+
		` ORDER BY provider_id, sort, id`, func(rows *sql.Rows) error {
		var id int64
		var o Office
		if err := rows.Scan(&id, &o.Region, &o.AddressZh, &o.AddressEn, &o.Head); err != nil {
			return err
		}
		byID[id].Offices = append(byID[id].Offices, o)
		return nil
	})
	if err != nil {
		return err
	}
	err = load(`SELECT provider_id, category, name_zh, name_en, price_min_fen, price_max_fen, delivery_days, countries, languages
		FROM provider_service WHERE provider_id IN `+in+` ORDER BY provider_id, sort, id`, func(rows *sql.Rows) error {
		var id int64
		var sv Service
		var countries, langs string
		if err := rows.Scan(&id, &sv.Category, &sv.NameZh, &sv.NameEn, &sv.PriceMinFen, &sv.PriceMaxFen, &sv.DeliveryDays,
			&countries, &langs); err != nil {
			return err
		}
		sv.Countries, sv.Languages = splitFields(countries), splitFields(langs)
		byID[id].Services = append(byID[id].Services, sv)
		return nil
	})
	if err != nil {
		return err
	}
	err = load(`SELECT provider_id, kind, number, issuer, valid_until FROM provider_licence WHERE provider_id IN `+in+
		` ORDER BY provider_id, sort, id`, func(rows *sql.Rows) error {
		var id int64
		var l Licence
		if err := rows.Scan(&id, &l.Kind, &l.Number, &l.Issuer, dateText{&l.ValidUntil}); err != nil {
			return err
		}
		byID[id].Licences = append(byID[id].Licences, l)
		return nil
	})
	if err != nil {
		return err
	}
	return load(`SELECT provider_id, name, title, phone, email, is_primary FROM provider_contact WHERE provider_id IN `+in+
		` ORDER BY provider_id, sort, id`, func(rows *sql.Rows) error {
		var id int64
		var c Contact
		if err := rows.Scan(&id, &c.Name, &c.Title, &c.Phone, &c.Email, &c.Primary); err != nil {
			return err
		}
		byID[id].Contacts = append(byID[id].Contacts, c)
		return nil
	})
}

// attachMemberships fills the alliance memberships of ps from the network.
func (s *Store) attachMemberships(ctx context.Context, ps []*Provider) error {
	if s.network == nil || len(ps) == 0 {
		return nil
	}
	ids := make([]int64, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	ms, err := s.network.Memberships(ctx, ids)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if m := ms[p.ID]; m != nil {
			p.Alliances = m
		}
	}
	return nil
}

// ProviderByID returns a provider whatever its status, with its alliance memberships. Callers that
// show it to the public use ProviderProfile instead.
func (s *Store) ProviderByID(ctx context.Context, id int64) (Provider, error) {
	p, err := getProvider(ctx, s.db, id)
	if err != nil {
		return p, err
	}
	return p, s.attachMemberships(ctx, []*Provider{&p})
}

// ProviderProfile returns a provider as the caller may see it: a verified provider to anyone, any
// other to its own users and to staff only (for everyone else it does not exist). Unlike the rest
// of the store, it treats a context without a principal as an anonymous visitor, because public
// pages call it.
func (s *Store) ProviderProfile(ctx context.Context, id int64) (Provider, error) {
	p, err := s.ProviderByID(ctx, id)
	if err != nil {
		return p, err
	}
	u := s.caller(ctx)
	if p.Status != ProviderVerified && (u == nil || !(u.Staff || ofProvider(u, id))) {
		return Provider{}, apperr.NotFound(fmt.Sprintf("provider %d", id))
	}
	return p, nil
}

// ProviderByUSCC returns the provider with a unified social credit code.
func (s *Store) ProviderByUSCC(ctx context.Context, uscc string) (Provider, error) {
	var id int64
	err := s.db.QueryRow(ctx, `SELECT id FROM provider WHERE uscc = $1`, NormalizeUSCC(uscc)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Provider{}, apperr.NotFound("provider " + uscc)
	}
	if err != nil {
		return Provider{}, err
	}
	return s.ProviderByID(ctx, id)
}

// ProvidersByID returns the names and statuses of the providers with the given ids that exist, keyed
// by id, without their profiles (for lists elsewhere, such as alliance members).
func (s *Store) ProvidersByID(ctx context.Context, ids []int64) (map[int64]Provider, error) {
	out := make(map[int64]Provider, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	in, args := idList(0, ids)
	rows, err := s.db.Query(ctx, `SELECT `+providerColumns+` FROM provider WHERE id IN `+in, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanProvider(rows)
		if err != nil {
			return nil, err
		}
		out[p.ID] = p
	}
	return out, rows.Err()
}

// matchPrices is the service menu as matching reads it: "category:min:max" items.
func matchPrices(svs []Service) string {
	parts := make([]string, len(svs))
	for i, sv := range svs {
		parts[i] = fmt.Sprintf("%s:%d:%d", sv.Category, sv.PriceMinFen, sv.PriceMaxFen)
	}
	return strings.Join(parts, " ")
}

// matchText is the service menu's names, lower-cased, for needs described in free text.
func matchText(svs []Service) string {
	parts := make([]string, 0, 2*len(svs))
	for _, sv := range svs {
		parts = append(parts, strings.ToLower(sv.NameZh), strings.ToLower(sv.NameEn))
	}
	return strings.Join(parts, " | ")
}

func officeRegions(os []Office) []string {
	out := []string{}
	for _, o := range os {
		if !slices.Contains(out, o.Region) {
			out = append(out, o.Region)
		}
	}
	return out
}

func (s *Store) insertProvider(ctx context.Context, tx *db.Tx, in ProviderInput, status string) (int64, error) {
	now := s.now().UTC()
	var verifiedAt any
	if status == ProviderVerified {
		verifiedAt = now
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO provider (uscc, name_zh, name_en, foreign_country, foreign_reg_no, status, status_changed_at,
		verified_at, description_zh, description_en, website, match_categories, match_countries, match_languages, match_regions,
		match_prices, match_text, version, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,1,$7,$7) RETURNING id`,
		nullString(in.USCC), in.NameZh, in.NameEn, nullString(in.ForeignCountry), nullString(in.ForeignRegNo), status, now, verifiedAt,
		in.DescriptionZh, in.DescriptionEn, in.Website, fields(in.Categories), fields(in.Countries), fields(in.Languages),
		fields(officeRegions(in.Offices)), matchPrices(in.Services), matchText(in.Services)).Scan(&id)
	if db.IsUniqueViolation(err) {
		if in.USCC != "" {
			return 0, apperr.Invalid(apperr.F("uscc", "directory.uscc.taken"))
		}
		return 0, apperr.Invalid(apperr.F("foreign_reg_no", "directory.provider.reg_taken"))
	}
	if err != nil {
		return 0, err
	}
	if err := s.writeProviderDetails(ctx, tx, id, in, now); err != nil {
		return 0, err
	}
	return id, s.indexProvider(ctx, tx, id, status, in)
}

// writeProviderDetails replaces every list of a provider's profile.
func (s *Store) writeProviderDetails(ctx context.Context, tx *db.Tx, id int64, in ProviderInput, now time.Time) error {
	for _, t := range []string{"provider_category", "provider_country", "provider_language", "provider_office", "provider_service",
		"provider_licence", "provider_contact"} {
		if _, err := tx.Exec(ctx, `DELETE FROM `+t+` WHERE provider_id = $1`, id); err != nil {
			return err
		}
	}
	for _, c := range in.Categories {
		if _, err := tx.Exec(ctx, `INSERT INTO provider_category (provider_id, category, created_at, updated_at) VALUES ($1,$2,$3,$3)`, id, c, now); err != nil {
			return err
		}
	}
	for _, c := range in.Countries {
		if _, err := tx.Exec(ctx, `INSERT INTO provider_country (provider_id, country, created_at, updated_at) VALUES ($1,$2,$3,$3)`, id, c, now); err != nil {
			return err
		}
	}
	for _, l := range in.Languages {
		if _, err := tx.Exec(ctx, `INSERT INTO provider_language (provider_id, lang, created_at, updated_at) VALUES ($1,$2,$3,$3)`, id, l, now); err != nil {
			return err
		}
	}
	for i, o := range in.Offices {
		if _, err := tx.Exec(ctx, `INSERT INTO provider_office (provider_id, region_code, address_zh, address_en, is_head, sort, created_at, updated_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$7)`, id, o.Region, o.AddressZh, o.AddressEn, o.Head, i, now); err != nil {
			return err
		}
	}
	for i, sv := range in.Services {
		if _, err := tx.Exec(ctx, `INSERT INTO provider_service (provider_id, category, name_zh, name_en, price_min_fen, price_max_fen,
			delivery_days, countries, languages, sort, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$11)`,
			id, sv.Category, sv.NameZh, sv.NameEn, sv.PriceMinFen, sv.PriceMaxFen, sv.DeliveryDays, fields(sv.Countries),
			fields(sv.Languages), i, now); err != nil {
			return err
		}
	}
	for i, l := range in.Licences {
		if _, err := tx.Exec(ctx, `INSERT INTO provider_licence (provider_id, kind, number, issuer, valid_until, sort, created_at, updated_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$7)`, id, l.Kind, l.Number, l.Issuer, nullString(l.ValidUntil), i, now); err != nil {
			return err
		}
	}
	for i, c := range in.Contacts {
		if _, err := tx.Exec(ctx, `INSERT INTO provider_contact (provider_id, name, title, phone, email, is_primary, sort, created_at, updated_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$8)`, id, c.Name, c.Title, c.Phone, c.Email, c.Primary, i, now); err != nil {
			return err
		}
	}
	return nil
}

func providerDetail(in ProviderInput) map[string]any {
	return map[string]any{"uscc": in.USCC, "foreign_country": in.ForeignCountry, "foreign_reg_no": in.ForeignRegNo,
		"name_zh": in.NameZh, "categories": in.Categories}
}

// hasIdentity reports whether a provider can be verified: it has a USCC or a foreign registration.
func hasIdentity(uscc, country, regNo string) bool { return uscc != "" || country != "" && regNo != "" }

// CreateProvider records a provider. Staff (and trusted callers) create verified providers when the
// identity is complete, pending ones otherwise; anyone else registering a provider goes through
// RegisterProvider.
func (s *Store) CreateProvider(ctx context.Context, in ProviderInput) (Provider, error) {
	if p := s.caller(ctx); p != nil && !p.Staff {
		return Provider{}, apperr.ErrForbidden
	}
	if err := s.checkProvider(ctx, &in); err != nil {
		return Provider{}, err
	}
	status := ProviderPending
	if hasIdentity(in.USCC, in.ForeignCountry, in.ForeignRegNo) && len(in.Categories) > 0 {
		status = ProviderVerified
	}
	return s.createProvider(ctx, in, status, "directory.provider.create")
}

func (s *Store) createProvider(ctx context.Context, in ProviderInput, status, action string) (Provider, error) {
	var p Provider
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		id, err := s.insertProvider(ctx, tx, in, status)
		if err != nil {
			return err
		}
		if p, err = getProvider(ctx, tx, id); err != nil {
			return err
		}
		d := providerDetail(in)
		d["status"] = status
		return s.audit.Record(ctx, tx, audit.Entry{Action: action, ObjectType: "provider", ObjectID: fmt.Sprint(id), Detail: d})
	})
	return p, err
}

// RegisterProvider is a provider's self-registration: it waits, pending, for staff to verify it.
// createAdmin makes its first administrator account; if that fails the registration is undone.
func (s *Store) RegisterProvider(ctx context.Context, in ProviderInput, createAdmin func(ctx context.Context, providerID int64) error) (Provider, error) {
	if err := s.checkProvider(ctx, &in); err != nil {
		return Provider{}, err
	}
	var v apperr.Validator
	v.Check(hasIdentity(in.USCC, in.ForeignCountry, in.ForeignRegNo), "uscc", "directory.provider.identity_needed")
	v.Check(len(in.Categories) > 0, "categories", "error.required")
	if err := v.Err(); err != nil {
		return Provider{}, err
	}
	p, err := s.createProvider(ctx, in, ProviderPending, "directory.provider.register")
	if err != nil {
		return p, err
	}
	if err := createAdmin(ctx, p.ID); err != nil {
		undo := s.db.InTx(ctx, func(tx *db.Tx) error {
			if _, err := tx.Exec(ctx, `DELETE FROM provider WHERE id = $1 AND status = $2`, p.ID, ProviderPending); err != nil {
				return err
			}
			if err := s.unindexProvider(ctx, tx, p.ID); err != nil {
				return err
			}
			return s.audit.Record(ctx, tx, audit.Entry{Action: "directory.provider.register_undone", ObjectType: "provider",
				ObjectID: fmt.Sprint(p.ID), Detail: map[string]any{"name_zh": p.NameZh}})
		})
		return Provider{}, errors.Join(err, undo)
	}
	return p, nil
}

// UpdateProvider replaces a provider's profile, provided the caller saw version. Its admins and staff
// may. A USCC or foreign registration, once recorded, does not change.
func (s *Store) UpdateProvider(ctx context.Context, id int64, version int, in ProviderInput) (Provider, error) {
	if err := s.mayEditProvider(ctx, id); err != nil {
		return Provider{}, err
	}
	if err := s.checkProvider(ctx, &in); err != nil {
		return Provider{}, err
	}
	var p Provider
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := getProvider(ctx, tx, id)
		if err != nil {
			return err
		}
		if version <= 0 {
			return apperr.Invalid(apperr.F("version", "directory.version.required"))
		}
		if version != old.Version {
			return apperr.ErrConflict
		}
		if err := immutableIdentity(old, &in); err != nil {
			return err
		}
		if err := s.updateProviderRow(ctx, tx, old, in); err != nil {
			return err
		}
		if p, err = getProvider(ctx, tx, id); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "directory.provider.update", ObjectType: "provider", ObjectID: fmt.Sprint(id),
			Detail: map[string]any{"changed": changedProviderFields(old, p), "version": p.Version}})
	})
	if err != nil {
		return Provider{}, err
	}
	return p, s.attachMemberships(ctx, []*Provider{&p})
}

// immutableIdentity keeps a recorded identity: an empty one in in means "unchanged".
func immutableIdentity(old Provider, in *ProviderInput) error {
	var v apperr.Validator
	if old.USCC != "" {
		v.Check(in.USCC == "" || in.USCC == old.USCC, "uscc", "directory.uscc.immutable")
		in.USCC = old.USCC
	}
	if old.ForeignRegNo != "" {
		same := (in.ForeignCountry == "" || in.ForeignCountry == old.ForeignCountry) && (in.ForeignRegNo == "" || in.ForeignRegNo == old.ForeignRegNo)
		v.Check(same, "foreign_reg_no", "directory.provider.reg_immutable")
		in.ForeignCountry, in.ForeignRegNo = old.ForeignCountry, old.ForeignRegNo
	}
	v.Check(in.USCC == "" || in.ForeignRegNo == "", "foreign_reg_no", "directory.provider.one_identity")
	return v.Err()
}

func (s *Store) updateProviderRow(ctx context.Context, tx *db.Tx, old Provider, in ProviderInput) error {
	now := s.now().UTC()
	res, err := tx.Exec(ctx, `UPDATE provider SET uscc = $1, name_zh = $2, name_en = $3, foreign_country = $4, foreign_reg_no = $5,
		description_zh = $6, description_en = $7, website = $8, match_categories = $9, match_countries = $10, match_languages = $11,
		match_regions = $12, match_prices = $13, match_text = $14, version = version + 1, updated_at = $15 WHERE id = $16 AND version = $17`,
		nullString(in.USCC), in.NameZh, in.NameEn, nullString(in.ForeignCountry), nullString(in.ForeignRegNo), in.DescriptionZh,
		in.DescriptionEn, in.Website, fields(in.Categories), fields(in.Countries), fields(in.Languages), fields(officeRegions(in.Offices)),
		matchPrices(in.Services), matchText(in.Services), now, old.ID, old.Version)
	if db.IsUniqueViolation(err) {
		if in.USCC != "" && in.USCC != old.USCC {
			return apperr.Invalid(apperr.F("uscc", "directory.uscc.taken"))
		}
		return apperr.Invalid(apperr.F("foreign_reg_no", "directory.provider.reg_taken"))
	}
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return apperr.ErrConflict
	}
	if err := s.writeProviderDetails(ctx, tx, old.ID, in, now); err != nil {
		return err
	}
	return s.indexProvider(ctx, tx, old.ID, old.Status, in)
}

func changedProviderFields(a, b Provider) []string {
	var out []string
	for _, p := range []struct{ name, x, y string }{
		{"uscc", a.USCC, b.USCC}, {"name_zh", a.NameZh, b.NameZh}, {"name_en", a.NameEn, b.NameEn},
		{"foreign_registration", a.ForeignCountry + " " + a.ForeignRegNo, b.ForeignCountry + " " + b.ForeignRegNo},
		{"description_zh", a.DescriptionZh, b.DescriptionZh}, {"description_en", a.DescriptionEn, b.DescriptionEn},
		{"website", a.Website, b.Website}, {"categories", fields(a.Categories), fields(b.Categories)},
		{"countries", fields(a.Countries), fields(b.Countries)}, {"languages", fields(a.Languages), fields(b.Languages)},
		{"offices", fmt.Sprint(a.Offices), fmt.Sprint(b.Offices)}, {"services", fmt.Sprint(a.Services), fmt.Sprint(b.Services)},
		{"licences", fmt.Sprint(a.Licences), fmt.Sprint(b.Licences)}, {"contacts", fmt.Sprint(a.Contacts), fmt.Sprint(b.Contacts)},
	} {
		if p.x != p.y {
			out = append(out, p.name)
		}
	}
	return out
}

// SetProviderStatus verifies, suspends, reinstates, delists or re-lists a provider. Any staff may
// verify a pending provider; the other changes are for point leads and coordinators, and suspending
// or delisting needs a reason. A provider is verified only with a complete identity and at least one
// category.
func (s *Store) SetProviderStatus(ctx context.Context, id int64, version int, to, reason string) (Provider, error) {
	reason = strings.TrimSpace(reason)
	var v apperr.Validator
	v.Check(slices.Contains(ProviderStatuses, to), "status", "error.bad_choice")
	if to == ProviderSuspended || to == ProviderDelisted {
		required(&v, "reason", reason, maxReason)
	} else {
		checkLen(&v, "reason", reason, maxReason)
	}
	if err := v.Err(); err != nil {
		return Provider{}, err
	}
	var p Provider
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := getProvider(ctx, tx, id)
		if err != nil {
			return err
		}
		who := to
		if old.Status != ProviderPending && to == ProviderVerified {
			who = "reinstate"
		}
		if err := s.mayChangeProviderStatus(ctx, who); err != nil {
			return err
		}
		if version != old.Version {
			return apperr.ErrConflict
		}
		if !slices.Contains(providerTransitions[old.Status], to) {
			return apperr.New(apperr.KindConflict, "directory.provider.transition", "From", old.Status, "To", to)
		}
		if to == ProviderVerified {
			var v apperr.Validator
			v.Check(hasIdentity(old.USCC, old.ForeignCountry, old.ForeignRegNo), "uscc", "directory.provider.identity_needed")
			v.Check(len(old.Categories) > 0, "categories", "directory.provider.categories_needed")
			if err := v.Err(); err != nil {
				return err
			}
		}
		now := s.now().UTC()
		verifiedAt := any(nil)
		if to == ProviderVerified {
			verifiedAt = now
		}
		if _, err := tx.Exec(ctx, `UPDATE provider SET status = $1, status_reason = $2, status_changed_at = $3,
			verified_at = COALESCE($4, verified_at), version = version + 1, updated_at = $3 WHERE id = $5`,
			to, reason, now, verifiedAt, id); err != nil {
			return err
		}
		if p, err = getProvider(ctx, tx, id); err != nil {
			return err
		}
		if err := s.indexProvider(ctx, tx, id, to, p.Input()); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "directory.provider.status", ObjectType: "provider", ObjectID: fmt.Sprint(id),
			Detail: map[string]any{"from": old.Status, "to": to, "reason": reason}})
	})
	if err != nil {
		return Provider{}, err
	}
	return p, s.attachMemberships(ctx, []*Provider{&p})
}

// ProviderTransitions lists the statuses a provider in status may be moved to.
func ProviderTransitions(status string) []string { return slices.Clone(providerTransitions[status]) }
