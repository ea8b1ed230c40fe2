package directory

import (
	"context"
	"fmt"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
	"chuhai/internal/industry"
)

// Input is the enterprise's profile as an input, for forms and updates that change part of it.
func (e Enterprise) Input() EnterpriseInput {
	return EnterpriseInput{USCC: e.USCC, NameZh: e.NameZh, NameEn: e.NameEn, HomeDistrict: e.HomeDistrict, AddressZh: e.AddressZh,
		AddressEn: e.AddressEn, Industry: e.Industry, SizeClass: e.SizeClass, Ownership: e.Ownership, Website: e.Website,
		Markets: append([]string(nil), e.Markets...), Entities: append([]OverseasEntity(nil), e.Entities...),
		Contacts: append([]Contact(nil), e.Contacts...)}
}

// enterprisesByUSCC loads the enterprises with the given codes, with their details.
func enterprisesByUSCC(ctx context.Context, q db.Querier, codes []string) (map[string]*Enterprise, error) {
	out := map[string]*Enterprise{}
	for _, chunk := range chunks(codes, 500) {
		rows, err := q.Query(ctx, `SELECT `+enterpriseColumns+` FROM enterprise WHERE uscc IN `+placeholders(0, len(chunk)), anyOf(chunk)...)
		if err != nil {
			return nil, err
		}
		var es []*Enterprise
		for rows.Next() {
			e, err := scanEnterprise(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			es = append(es, &e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if err := loadEnterpriseDetails(ctx, q, es); err != nil {
			return nil, err
		}
		for _, e := range es {
			out[e.USCC] = e
		}
	}
	return out, nil
}

// industryCell reads an industry as written: a code, a name, or a code followed by its name
// ("C39 计算机、通信和其他电子设备制造业", as exports write it).
func industryCell(s string) string {
	if _, ok := industry.Normalize(s); ok {
		return s
	}
	if f := strings.Fields(s); len(f) > 1 {
		if _, ok := industry.Normalize(f[0]); ok {
			return f[0]
		}
	}
	return s
}

func (s *Store) planEnterprises(ctx context.Context, sp *sheetSpec, h *header, rows []importRow, rep *ImportReport, bad map[int]bool) ([]plannedRow, error) {
	g, err := s.geo(ctx)
	if err != nil {
		return nil, err
	}
	var codes []string
	for _, r := range rows {
		if c := NormalizeUSCC(r.cells["uscc"]); c != "" {
			codes = append(codes, c)
		}
	}
	existing, err := enterprisesByUSCC(ctx, s.db, codes)
	if err != nil {
		return nil, err
	}
	seen := map[string]int{}
	var plan []plannedRow
	for _, r := range rows {
		code := NormalizeUSCC(r.cells["uscc"])
		markDuplicate(seen, code, r.n, "uscc", h, sp, rep, bad)
		old := existing[code]
		var in EnterpriseInput
		if old != nil {
			in = old.Input()
		} else {
			in.USCC = code
		}
		for key, dst := range map[string]*string{"name_zh": &in.NameZh, "name_en": &in.NameEn, "address_zh": &in.AddressZh,
			"size_class": &in.SizeClass, "ownership": &in.Ownership, "website": &in.Website} {
			setIf(dst, r.cells, key)
		}
		if v := r.cells["industry"]; v != "" {
			in.Industry = industryCell(v)
		}
		if v := r.cells["markets"]; v != "" {
			in.Markets = splitList(v, func(p string) bool { _, ok := g.resolve(p, RegionCountry); return ok })
		}
		if c, ok := contactOf(r.cells); ok {
			in.Contacts = withPrimary(in.Contacts, c)
		}
		district := r.cells["home_district"]
		if old != nil {
			// The home district changes only through a coordinator's approval, never by import.
			if district != "" {
				if d, ok := g.resolve(district, RegionDistrict); ok && d != old.HomeDistrict {
					bad[r.n] = true
					_ = sp.fieldErrors(r.n, h, apperr.Invalid(apperr.F("home_district", "directory.enterprise.district_change_needed")), rep)
					continue
				}
			}
			in.HomeDistrict = old.HomeDistrict
		} else {
			in.HomeDistrict = district
		}
		if err := s.checkEnterprise(ctx, &in); err != nil {
			bad[r.n] = true
			if err := sp.fieldErrors(r.n, h, err, rep); err != nil {
				return nil, err
			}
			continue
		}
		if old != nil {
			err = s.mayEditEnterprise(ctx, *old)
			if err == apperr.ErrForbidden {
				err = apperr.Invalid(apperr.F("uscc", "directory.import.not_yours"))
			}
		} else {
			err = s.mayRegisterFor(ctx, in.HomeDistrict)
		}
		if err != nil {
			bad[r.n] = true
			if err := sp.fieldErrors(r.n, h, err, rep); err != nil {
				return nil, err
			}
			continue
		}
		plan = append(plan, s.enterpriseWrite(r.n, old, in))
	}
	return plan, nil
}

func (s *Store) enterpriseWrite(n int, old *Enterprise, in EnterpriseInput) plannedRow {
	p := plannedRow{row: n, key: in.USCC, name: in.NameZh, update: old != nil}
	p.write = func(ctx context.Context, tx *db.Tx) error {
		if old == nil {
			id, err := s.insertEnterprise(ctx, tx, in, EnterpriseVerified, OriginImport)
			if err != nil {
				return err
			}
			return s.audit.Record(ctx, tx, audit.Entry{Action: "directory.enterprise.import", ObjectType: "enterprise",
				ObjectID: fmt.Sprint(id), Detail: map[string]any{"action": "create", "row": n, "uscc": in.USCC, "home_district": in.HomeDistrict}})
		}
		if err := s.updateEnterpriseRow(ctx, tx, *old, in, old.Status); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "directory.enterprise.import", ObjectType: "enterprise",
			ObjectID: fmt.Sprint(old.ID), Detail: map[string]any{"action": "update", "row": n, "uscc": in.USCC}})
	}
	return p
}
