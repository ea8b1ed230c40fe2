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
	return plannedRow{row: n, key: in.USCC, name: in.NameZh, update: old != nil, eOld: old, eIn: in}
}

// importBatch is how many rows an import writes with one statement per table. Statements with
// many more placeholders get slower to bind than the round trips they save.
const importBatch = 50

// rowFailed says which row of an import could not be written because the database changed since
// the rows were checked (someone saved a record, or registered a code, meanwhile).
func rowFailed(p plannedRow) error {
	return apperr.Invalid(apperr.F("file", "directory.import.row_failed", "Row", p.row, "Key", p.key))
}

// writeEnterpriseImport writes an import's valid enterprise rows in batches: the new enterprises
// with one INSERT, each update on its own (it must find the version it read), then their target
// markets and primary contacts, and one audit entry per batch naming every record it wrote. Import
// never changes overseas entities, so it leaves them alone.
func (s *Store) writeEnterpriseImport(ctx context.Context, tx *db.Tx, rows []plannedRow) (created, updated int, err error) {
	now := s.now().UTC()
	var verifiedBy any
	if p := s.caller(ctx); p != nil {
		verifiedBy = p.UserID
	}
	for _, batch := range chunks(rows, importBatch) {
		ids := make([]int64, len(batch))
		var news []int
		var changed []int64 // updated records, whose markets and contacts are replaced
		for i, p := range batch {
			if p.eOld == nil {
				news = append(news, i)
				continue
			}
			in, old := p.eIn, p.eOld
			res, err := tx.Exec(ctx, `UPDATE enterprise SET name_zh = $1, name_en = $2, industry = $3, size_class = $4, ownership = $5,
				address_zh = $6, address_en = $7, website = $8, version = version + 1, updated_at = $9 WHERE id = $10 AND version = $11`,
				in.NameZh, in.NameEn, in.Industry, in.SizeClass, in.Ownership, in.AddressZh, in.AddressEn, in.Website, now, old.ID, old.Version)
			if err != nil {
				return 0, 0, err
			}
			if n, err := res.RowsAffected(); err != nil {
				return 0, 0, err
			} else if n == 0 {
				return 0, 0, rowFailed(p)
			}
			ids[i] = old.ID
			changed = append(changed, old.ID)
			updated++
		}
		if len(news) > 0 {
			var vals []string
			var args []any
			for _, i := range news {
				in := batch[i].eIn
				base := len(args)
				marks := make([]string, 16)
				for k := range marks {
					marks[k] = fmt.Sprintf("$%d", base+k+1)
				}
				vals = append(vals, "("+strings.Join(marks, ",")+")")
				args = append(args, in.USCC, in.NameZh, in.NameEn, in.HomeDistrict, in.Industry, in.SizeClass, in.Ownership, in.AddressZh,
					in.AddressEn, in.Website, EnterpriseVerified, OriginImport, now, verifiedBy, now, now)
			}
			rs, err := tx.Query(ctx, `INSERT INTO enterprise (uscc, name_zh, name_en, home_district, industry, size_class, ownership,
				address_zh, address_en, website, status, origin, verified_at, verified_by, created_at, updated_at) VALUES `+
				strings.Join(vals, ",")+` RETURNING id, uscc`, args...)
			if err != nil {
				return 0, 0, err
			}
			byCode := map[string]int64{}
			for rs.Next() {
				var id int64
				var code string
				if err := rs.Scan(&id, &code); err != nil {
					rs.Close()
					return 0, 0, err
				}
				byCode[code] = id
			}
			rs.Close()
			if err := rs.Err(); err != nil {
				if db.IsUniqueViolation(err) {
					return 0, 0, rowFailed(batch[news[0]])
				}
				return 0, 0, err
			}
			for _, i := range news {
				if ids[i] = byCode[batch[i].eIn.USCC]; ids[i] == 0 {
					return 0, 0, rowFailed(batch[i])
				}
			}
			created += len(news)
		}
		if len(changed) > 0 {
			in, args := idList(0, changed)
			for _, t := range []string{"enterprise_market", "enterprise_contact"} {
				if _, err := tx.Exec(ctx, `DELETE FROM `+t+` WHERE enterprise_id IN `+in, args...); err != nil {
					return 0, 0, err
				}
			}
		}
		var mVals, cVals []string
		var mArgs, cArgs []any
		for i, p := range batch {
			for _, c := range p.eIn.Markets {
				mVals = append(mVals, fmt.Sprintf("($%d,$%d,$%d,$%d)", len(mArgs)+1, len(mArgs)+2, len(mArgs)+3, len(mArgs)+4))
				mArgs = append(mArgs, ids[i], c, now, now)
			}
			for k, c := range p.eIn.Contacts {
				n := len(cArgs)
				cVals = append(cVals, fmt.Sprintf("($%d,$%d,$%d,$%d,$%d,$%d,$%d,$%d,$%d)", n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8, n+9))
				cArgs = append(cArgs, ids[i], c.Name, c.Title, c.Phone, c.Email, c.Primary, k, now, now)
			}
		}
		if len(mVals) > 0 {
			if _, err := tx.Exec(ctx, `INSERT INTO enterprise_market (enterprise_id, country, created_at, updated_at) VALUES `+
				strings.Join(mVals, ","), mArgs...); err != nil {
				return 0, 0, err
			}
		}
		if len(cVals) > 0 {
			if _, err := tx.Exec(ctx, `INSERT INTO enterprise_contact (enterprise_id, name, title, phone, email, is_primary, sort, created_at,
				updated_at) VALUES `+strings.Join(cVals, ","), cArgs...); err != nil {
				return 0, 0, err
			}
		}
		written := make([]map[string]any, len(batch))
		for i, p := range batch {
			action := "create"
			if p.update {
				action = "update"
			}
			written[i] = map[string]any{"id": ids[i], "uscc": p.key, "row": p.row, "action": action}
		}
		if err := s.audit.Record(ctx, tx, audit.Entry{Action: "directory.enterprise.import", ObjectType: "enterprise",
			Detail: map[string]any{"records": written}}); err != nil {
			return 0, 0, err
		}
	}
	return created, updated, nil
}
