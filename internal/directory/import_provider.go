package directory

import (
	"context"
	"fmt"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
)

// Input is the provider's profile as an input, for forms and updates that change part of it.
func (p Provider) Input() ProviderInput {
	return ProviderInput{USCC: p.USCC, NameZh: p.NameZh, NameEn: p.NameEn, ForeignCountry: p.ForeignCountry, ForeignRegNo: p.ForeignRegNo,
		DescriptionZh: p.DescriptionZh, DescriptionEn: p.DescriptionEn, Website: p.Website,
		Categories: append([]string(nil), p.Categories...), Countries: append([]string(nil), p.Countries...),
		Languages: append([]string(nil), p.Languages...), Offices: append([]Office(nil), p.Offices...),
		Services: append([]Service(nil), p.Services...), Licences: append([]Licence(nil), p.Licences...),
		Contacts: append([]Contact(nil), p.Contacts...)}
}

// identityKey is how an import recognises a provider: its USCC, or its country and foreign
// registration number.
func identityKey(uscc, country, regNo string) string {
	if uscc != "" {
		return uscc
	}
	if country != "" && regNo != "" {
		return country + ":" + strings.ToUpper(regNo)
	}
	return ""
}

// providersByIdentity loads the providers with the given USCCs or foreign registration numbers.
func providersByIdentity(ctx context.Context, q db.Querier, codes, regNos []string) (map[string]*Provider, error) {
	out := map[string]*Provider{}
	load := func(column string, values []string) error {
		for _, chunk := range chunks(values, 500) {
			rows, err := q.Query(ctx, `SELECT `+providerColumns+` FROM provider WHERE `+column+` IN `+placeholders(0, len(chunk)), anyOf(chunk)...)
			if err != nil {
				return err
			}
			ps, err := collectProviders(rows)
			if err != nil {
				return err
			}
			ptrs := make([]*Provider, len(ps))
			for i := range ps {
				ptrs[i] = &ps[i]
			}
			if err := loadProviderDetails(ctx, q, ptrs); err != nil {
				return err
			}
			for _, p := range ptrs {
				out[identityKey(p.USCC, p.ForeignCountry, p.ForeignRegNo)] = p
			}
		}
		return nil
	}
	if err := load("uscc", codes); err != nil {
		return nil, err
	}
	return out, load("foreign_reg_no", regNos)
}

func (s *Store) planProviders(ctx context.Context, sp *sheetSpec, h *header, rows []importRow, rep *ImportReport, bad map[int]bool) ([]plannedRow, error) {
	g, err := s.geo(ctx)
	if err != nil {
		return nil, err
	}
	ref := Ref()
	var codes, regNos []string
	for _, r := range rows {
		if c := NormalizeUSCC(r.cells["uscc"]); c != "" {
			codes = append(codes, c)
		}
		if n := r.cells["foreign_reg_no"]; n != "" {
			regNos = append(regNos, n)
		}
	}
	existing, err := providersByIdentity(ctx, s.db, codes, regNos)
	if err != nil {
		return nil, err
	}
	seen := map[string]int{}
	var plan []plannedRow
	for _, r := range rows {
		code := NormalizeUSCC(r.cells["uscc"])
		country := r.cells["foreign_country"]
		if c, ok := g.resolve(country, RegionCountry); ok {
			country = c
		}
		key := identityKey(code, country, r.cells["foreign_reg_no"])
		if key == "" {
			bad[r.n] = true
			_ = sp.fieldErrors(r.n, h, apperr.Invalid(apperr.F("uscc", "directory.provider.identity_needed")), rep)
			continue
		}
		column := "uscc"
		if code == "" {
			column = "foreign_reg_no"
		}
		markDuplicate(seen, key, r.n, column, h, sp, rep, bad)
		old := existing[key]
		var in ProviderInput
		if old != nil {
			in = old.Input()
		} else {
			in.USCC, in.ForeignCountry, in.ForeignRegNo = code, r.cells["foreign_country"], r.cells["foreign_reg_no"]
		}
		for k, dst := range map[string]*string{"name_zh": &in.NameZh, "name_en": &in.NameEn, "description_zh": &in.DescriptionZh,
			"website": &in.Website} {
			setIf(dst, r.cells, k)
		}
		if v := r.cells["categories"]; v != "" {
			in.Categories = splitList(v, func(p string) bool { _, ok := ref.Categories.Resolve(p); return ok })
		}
		if v := r.cells["countries"]; v != "" {
			in.Countries = splitList(v, func(p string) bool { _, ok := g.resolve(p, RegionCountry); return ok })
		}
		if v := r.cells["languages"]; v != "" {
			in.Languages = splitList(v, func(p string) bool { _, ok := ref.Languages.Resolve(p); return ok })
		}
		if v := r.cells["offices"]; v != "" {
			in.Offices = officesFrom(splitList(v, func(p string) bool { _, ok := g.resolve(p, RegionDistrict, RegionCity, RegionCountry); return ok }), in.Offices, g)
		}
		if c, ok := contactOf(r.cells); ok {
			in.Contacts = withPrimary(in.Contacts, c)
		}
		err := s.checkProvider(ctx, &in)
		if err == nil && old != nil {
			err = immutableIdentity(*old, &in)
		}
		if err == nil && len(in.Categories) == 0 {
			err = apperr.Invalid(apperr.F("categories", "error.required"))
		}
		if err != nil {
			bad[r.n] = true
			if err := sp.fieldErrors(r.n, h, err, rep); err != nil {
				return nil, err
			}
			continue
		}
		plan = append(plan, s.providerWrite(r.n, key, old, in))
	}
	return plan, nil
}

// officesFrom makes the offices a row lists, keeping the addresses already recorded for them.
func officesFrom(regions []string, current []Office, g *geography) []Office {
	out := make([]Office, 0, len(regions))
	for _, r := range regions {
		o := Office{Region: r}
		if code, ok := g.resolve(r, RegionDistrict, RegionCity, RegionMunicipality, RegionArea, RegionCountry); ok {
			o.Region = code
			for _, c := range current {
				if c.Region == code {
					o = c
					break
				}
			}
		}
		out = append(out, o)
	}
	return out
}

func (s *Store) providerWrite(n int, key string, old *Provider, in ProviderInput) plannedRow {
	p := plannedRow{row: n, key: key, name: in.NameZh, update: old != nil}
	p.write = func(ctx context.Context, tx *db.Tx) error {
		if old == nil {
			id, err := s.insertProvider(ctx, tx, in, ProviderVerified)
			if err != nil {
				return err
			}
			return s.audit.Record(ctx, tx, audit.Entry{Action: "directory.provider.import", ObjectType: "provider",
				ObjectID: fmt.Sprint(id), Detail: map[string]any{"action": "create", "row": n, "key": key}})
		}
		if err := s.updateProviderRow(ctx, tx, *old, in); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "directory.provider.import", ObjectType: "provider",
			ObjectID: fmt.Sprint(old.ID), Detail: map[string]any{"action": "update", "row": n, "key": key}})
	}
	return p
}
