package directory

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"chuhai/internal/apperr"
	"chuhai/internal/industry"
)

const maxQuery = 100

// likePattern makes a LIKE pattern matching s anywhere, with wildcards in s escaped.
func likePattern(s string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s) + "%"
}

// conditions builds a WHERE clause with numbered placeholders.
type conditions struct {
	where []string
	args  []any
}

func (c *conditions) arg(a any) string {
	c.args = append(c.args, a)
	return fmt.Sprintf("$%d", len(c.args))
}
func (c *conditions) add(s string) { c.where = append(c.where, s) }
func (c *conditions) sql() string {
	if len(c.where) == 0 {
		return "1 = 1"
	}
	return strings.Join(c.where, " AND ")
}

// EnterpriseFilter narrows and orders ListEnterprises; empty fields match everything.
type EnterpriseFilter struct {
	Query     string `json:"q"` // part of a name, or of the USCC
	District  string `json:"district"`
	Industry  string `json:"industry"` // a section ("C") or a division ("C39")
	SizeClass string `json:"size_class"`
	Ownership string `json:"ownership"`
	Market    string `json:"market"` // a target country
	Status    string `json:"status"`
	Origin    string `json:"origin"`
	Sort      string `json:"sort"` // EnterpriseSorts; default "-created"
	Limit     int    `json:"-"`
	Offset    int    `json:"-"`
}

// EnterpriseSorts are the orders ListEnterprises knows.
var EnterpriseSorts = map[string]string{
	"-created": "created_at DESC, id DESC",
	"created":  "created_at, id",
	"name":     "name_zh, id",
	"district": "home_district, name_zh, id",
	"industry": "industry, name_zh, id",
}

// ListEnterprises returns one page of enterprises with their markets, entities and contacts, and the
// total. Staff of a district point see their own district's enterprises; other staff and
// coordinators see every district; no one else lists enterprises.
func (s *Store) ListEnterprises(ctx context.Context, f EnterpriseFilter) ([]Enterprise, int, error) {
	var c conditions
	if err := s.enterpriseConditions(ctx, &f, &c); err != nil {
		return nil, 0, err
	}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM enterprise WHERE `+c.sql(), c.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	order := EnterpriseSorts[f.Sort]
	rows, err := s.db.Query(ctx, `SELECT `+enterpriseColumns+` FROM enterprise WHERE `+c.sql()+` ORDER BY `+order+
		` LIMIT `+c.arg(f.Limit)+` OFFSET `+c.arg(max(f.Offset, 0)), c.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Enterprise{}
	for rows.Next() {
		e, err := scanEnterprise(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	rows.Close()
	ptrs := make([]*Enterprise, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	return out, total, loadEnterpriseDetails(ctx, s.db, ptrs)
}

func (s *Store) enterpriseConditions(ctx context.Context, f *EnterpriseFilter, c *conditions) error {
	ref := Ref()
	trim(&f.Query, &f.District, &f.Industry, &f.SizeClass, &f.Ownership, &f.Market, &f.Status, &f.Origin, &f.Sort)
	var v apperr.Validator
	checkLen(&v, "q", f.Query, maxQuery)
	if f.Sort == "" {
		f.Sort = "-created"
	}
	_, ok := EnterpriseSorts[f.Sort]
	v.Check(ok, "sort", "error.bad_choice")
	v.Check(f.Status == "" || slices.Contains(EnterpriseStatuses, f.Status), "status", "error.bad_choice")
	v.Check(f.Origin == "" || slices.Contains([]string{OriginSelf, OriginWindow, OriginImport}, f.Origin), "origin", "error.bad_choice")
	v.Check(f.SizeClass == "" || ref.SizeClasses.Has(f.SizeClass), "size_class", "error.bad_choice")
	v.Check(f.Ownership == "" || ref.Ownerships.Has(f.Ownership), "ownership", "error.bad_choice")
	if f.Industry != "" {
		code, ok := industry.Normalize(f.Industry)
		v.Check(ok, "industry", "directory.industry.unknown")
		f.Industry = code
	}
	if f.District != "" || f.Market != "" {
		g, err := s.geo(ctx)
		if err != nil {
			return err
		}
		if f.District != "" {
			code, ok := g.resolve(f.District, RegionDistrict)
			v.Check(ok, "district", "directory.district.unknown")
			f.District = code
		}
		if f.Market != "" {
			code, ok := g.resolve(f.Market, RegionCountry)
			v.Check(ok, "market", "directory.country.unknown", "Code", f.Market)
			f.Market = code
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	p := s.caller(ctx)
	if p != nil {
		if !p.Staff {
			return apperr.ErrForbidden
		}
		r, err := s.reach(ctx, p)
		if err != nil {
			return err
		}
		if !r.all {
			if f.District != "" && f.District != r.district {
				return apperr.Invalid(apperr.F("district", "directory.enterprise.other_district"))
			}
			f.District = r.district
		}
	}
	if f.Query != "" {
		q := c.arg(likePattern(strings.ToLower(f.Query)))
		c.add(`(name_zh LIKE ` + q + ` ESCAPE '\' OR lower(name_en) LIKE ` + q + ` ESCAPE '\' OR lower(uscc) LIKE ` + q + ` ESCAPE '\')`)
	}
	if f.District != "" {
		c.add("home_district = " + c.arg(f.District))
	}
	if f.Industry != "" {
		if e, _ := industry.Lookup(f.Industry); e.IsSection() {
			c.add("(industry = " + c.arg(f.Industry) + " OR industry LIKE " + c.arg(f.Industry+"%") + ")")
		} else {
			c.add("industry = " + c.arg(f.Industry))
		}
	}
	if f.SizeClass != "" {
		c.add("size_class = " + c.arg(f.SizeClass))
	}
	if f.Ownership != "" {
		c.add("ownership = " + c.arg(f.Ownership))
	}
	if f.Market != "" {
		c.add("id IN (SELECT enterprise_id FROM enterprise_market WHERE country = " + c.arg(f.Market) + ")")
	}
	if f.Status != "" {
		c.add("status = " + c.arg(f.Status))
	}
	if f.Origin != "" {
		c.add("origin = " + c.arg(f.Origin))
	}
	return nil
}

// ProviderFilter narrows and orders ListProviders; empty fields match everything.
type ProviderFilter struct {
	Query    string `json:"q"` // part of a name, the USCC or the foreign registration number; or words of the profile
	Category string `json:"category"`
	Country  string `json:"country"`  // served country
	Language string `json:"language"` // working language
	Region   string `json:"region"`   // an office's district or city
	Alliance string `json:"alliance"` // active members of an alliance
	Status   string `json:"status"`
	Sort     string `json:"sort"` // ProviderSorts; default "name"
	// Public restricts the list to verified providers whatever Status says; public pages set it.
	// Without it, only staff (and trusted callers) may list.
	Public bool `json:"-"`
	Limit  int  `json:"-"`
	Offset int  `json:"-"`
}

// ProviderSorts are the orders ListProviders knows.
var ProviderSorts = map[string]string{
	"name":        "name_zh, id",
	"rating":      "CASE WHEN rating_count = 0 THEN 0 ELSE rating_sum * 1.0 / rating_count END DESC, rating_count DESC, id",
	"engagements": "engagements_completed DESC, id",
	"recent":      "CASE WHEN last_engagement_at IS NULL THEN 1 ELSE 0 END, last_engagement_at DESC, id",
	"-created":    "created_at DESC, id DESC",
}

// ListProviders returns one page of providers, with their alliance memberships, and the total.
func (s *Store) ListProviders(ctx context.Context, f ProviderFilter) ([]Provider, int, error) {
	var c conditions
	empty, err := s.providerConditions(ctx, &f, &c)
	if err != nil || empty {
		return []Provider{}, 0, err
	}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM provider WHERE `+c.sql(), c.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	rows, err := s.db.Query(ctx, `SELECT `+providerColumns+` FROM provider WHERE `+c.sql()+` ORDER BY `+ProviderSorts[f.Sort]+
		` LIMIT `+c.arg(f.Limit)+` OFFSET `+c.arg(max(f.Offset, 0)), c.args...)
	if err != nil {
		return nil, 0, err
	}
	out, err := collectProviders(rows)
	if err != nil {
		return nil, 0, err
	}
	ptrs := make([]*Provider, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	return out, total, s.attachMemberships(ctx, ptrs)
}

// providerConditions validates f and builds its WHERE clause; empty reports that nothing can match
// (an alliance without members).
func (s *Store) providerConditions(ctx context.Context, f *ProviderFilter, c *conditions) (empty bool, err error) {
	ref := Ref()
	trim(&f.Query, &f.Category, &f.Country, &f.Language, &f.Region, &f.Alliance, &f.Status, &f.Sort)
	var v apperr.Validator
	v.Check(utf8.RuneCountInString(f.Query) <= maxQuery, "q", "error.too_long", "Max", maxQuery)
	if f.Sort == "" {
		f.Sort = "name"
	}
	_, ok := ProviderSorts[f.Sort]
	v.Check(ok, "sort", "error.bad_choice")
	if f.Category != "" {
		code, ok := ref.Categories.Resolve(f.Category)
		v.Check(ok, "category", "error.bad_choice")
		f.Category = code
	}
	if f.Language != "" {
		code, ok := ref.Languages.Resolve(f.Language)
		v.Check(ok, "language", "error.bad_choice")
		f.Language = code
	}
	v.Check(f.Status == "" || slices.Contains(ProviderStatuses, f.Status), "status", "error.bad_choice")
	if f.Country != "" || f.Region != "" {
		g, err := s.geo(ctx)
		if err != nil {
			return false, err
		}
		if f.Country != "" {
			code, ok := g.resolve(f.Country, RegionCountry)
			v.Check(ok, "country", "directory.country.unknown", "Code", f.Country)
			f.Country = code
		}
		if f.Region != "" {
			code, ok := g.resolve(f.Region, RegionDistrict, RegionCity, RegionMunicipality, RegionArea, RegionCountry)
			v.Check(ok, "region", "directory.region.unknown", "Code", f.Region)
			f.Region = code
		}
	}
	if err := v.Err(); err != nil {
		return false, err
	}
	if p := s.caller(ctx); !f.Public && p != nil && !p.Staff {
		return false, apperr.ErrForbidden
	}
	if f.Public {
		c.add("status = " + c.arg(ProviderVerified))
	} else if f.Status != "" {
		c.add("status = " + c.arg(f.Status))
	}
	if f.Query != "" {
		// Part of a name or an identifier, as typed; or, through the shared full-text index, words of
		// the profile in either language (services, description, the names of categories and countries).
		q := c.arg(likePattern(strings.ToLower(f.Query)))
		text := `name_zh LIKE ` + q + ` ESCAPE '\' OR lower(name_en) LIKE ` + q + ` ESCAPE '\' OR lower(COALESCE(uscc, '')) LIKE ` + q +
			` ESCAPE '\' OR lower(COALESCE(foreign_reg_no, '')) LIKE ` + q + ` ESCAPE '\'`
		ids, ok, err := s.providerTextMatches(ctx, f.Query, !f.Public)
		if err != nil {
			return false, err
		}
		if ok && len(ids) > 0 {
			in, args := idList(len(c.args), ids)
			c.args = append(c.args, args...)
			text += " OR id IN " + in
		}
		c.add("(" + text + ")")
	}
	if f.Category != "" {
		c.add("id IN (SELECT provider_id FROM provider_category WHERE category = " + c.arg(f.Category) + ")")
	}
	if f.Country != "" {
		c.add("id IN (SELECT provider_id FROM provider_country WHERE country = " + c.arg(f.Country) + ")")
	}
	if f.Language != "" {
		c.add("id IN (SELECT provider_id FROM provider_language WHERE lang = " + c.arg(f.Language) + ")")
	}
	if f.Region != "" {
		c.add("id IN (SELECT provider_id FROM provider_office WHERE region_code = " + c.arg(f.Region) + ")")
	}
	if f.Alliance != "" {
		if s.network == nil {
			return false, errNoNetwork
		}
		ids, err := s.allianceMembers(ctx, f.Alliance)
		if err != nil {
			return false, err
		}
		if len(ids) == 0 {
			return true, nil
		}
		in, args := idList(len(c.args), ids)
		c.args = append(c.args, args...)
		c.add("id IN " + in)
	}
	return false, nil
}
