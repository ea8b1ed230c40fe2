package directory

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/industry"
	"chuhai/internal/xlsx"
)

// Export formats.
const (
	FormatXLSX = formatXLSX
	FormatCSV  = formatCSV
)

// MaxExportRows bounds an export; a filter narrows a bigger list.
const MaxExportRows = 50_000

const exportPage = 500

// Neutralise makes a cell safe to open in a spreadsheet: a value starting with = + - @ (or a tab or
// carriage return, which Excel skips before reading one of those) would be taken as a formula, so
// it gets a leading apostrophe and stays text (OWASP's CSV injection advice). Import takes the
// apostrophe off again.
func Neutralise(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// sheetWriter writes rows to xlsx or CSV.
type sheetWriter interface {
	row(cells []string) error
	close() error
}

type csvSheet struct {
	w *csv.Writer
}

func (c *csvSheet) row(cells []string) error { return c.w.Write(cells) }
func (c *csvSheet) close() error             { c.w.Flush(); return c.w.Error() }

type xlsxSheet struct {
	w *xlsx.Writer
}

func (x *xlsxSheet) row(cells []string) error { return x.w.WriteRow(cells) }
func (x *xlsxSheet) close() error             { return x.w.Close() }

func newSheetWriter(format, sheet string, widths []float64, w io.Writer) (sheetWriter, error) {
	switch format {
	case FormatCSV:
		// A byte-order mark makes Excel read UTF-8; CRLF is what it writes itself.
		if _, err := w.Write([]byte{0xEF, 0xBB, 0xBF}); err != nil {
			return nil, err
		}
		cw := csv.NewWriter(w)
		cw.UseCRLF = true
		return &csvSheet{w: cw}, nil
	case FormatXLSX:
		xw, err := xlsx.NewWriter(w, sheet, xlsx.Layout{Widths: widths, FreezeFirstRow: true})
		if err != nil {
			return nil, err
		}
		return &xlsxSheet{w: xw}, nil
	}
	return nil, apperr.Invalid(apperr.F("format", "error.bad_choice"))
}

// exportColumns are the columns a sheet writes, and their widths.
func (sp *sheetSpec) exportColumns() ([]string, []float64) {
	var heads []string
	var widths []float64
	for _, c := range sp.columns {
		heads = append(heads, c.zh)
		w := 14.0
		switch c.key {
		case "uscc", "name_en", "foreign_reg_no":
			w = 24
		case "name_zh", "address_zh", "markets", "countries", "description_zh", "entities", "alliances":
			w = 36
		}
		widths = append(widths, w)
	}
	return heads, widths
}

func writeRow(sw sheetWriter, cells []string) error {
	for i := range cells {
		cells[i] = Neutralise(cells[i])
	}
	return sw.row(cells)
}

// WriteTemplate writes an empty spreadsheet with the import columns of kind, for staff to fill in.
func WriteTemplate(kind, format string, w io.Writer) error {
	sp, err := specOf(kind)
	if err != nil {
		return err
	}
	var heads []string
	var widths []float64
	for _, c := range sp.columns {
		if !c.exportOnly {
			h := c.zh
			if c.required {
				h += "*"
			}
			heads = append(heads, h)
			widths = append(widths, 20)
		}
	}
	sw, err := newSheetWriter(format, sp.sheetZh, widths, w)
	if err != nil {
		return err
	}
	if err := writeRow(sw, heads); err != nil {
		return err
	}
	return sw.close()
}

func vocabName(v *Vocabulary, code string) string {
	if c, ok := v.Get(code); ok {
		return c.NameZh
	}
	return code
}

func regionNames(g *geography, codes []string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = g.name(c, "zh-CN")
	}
	return strings.Join(names, "、")
}

func vocabNames(v *Vocabulary, codes []string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = vocabName(v, c)
	}
	return strings.Join(names, "、")
}

var shanghai = time.FixedZone("CST", 8*3600)

// ExportEnterprises writes the enterprises a filter selects (up to MaxExportRows) as xlsx or CSV,
// with the import's Chinese headers, so a corrected export imports back. Names are written in
// Chinese: this is what district staff work with.
func (s *Store) ExportEnterprises(ctx context.Context, f EnterpriseFilter, format string, w io.Writer) (int, error) {
	g, err := s.geo(ctx)
	if err != nil {
		return 0, err
	}
	var c conditions
	if err := s.enterpriseConditions(ctx, &f, &c); err != nil {
		return 0, err
	}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM enterprise WHERE `+c.sql(), c.args...).Scan(&total); err != nil {
		return 0, err
	}
	if total > MaxExportRows {
		return 0, apperr.Invalid(apperr.F("file", "directory.export.too_many", "Max", MaxExportRows, "Got", total))
	}
	heads, widths := enterpriseSheet.exportColumns()
	sw, err := newSheetWriter(format, enterpriseSheet.sheetZh, widths, w)
	if err != nil {
		return 0, err
	}
	if err := sw.row(heads); err != nil {
		return 0, err
	}
	ref := Ref()
	n := 0
	for off := 0; off < total; off += exportPage {
		f.Limit, f.Offset = exportPage, off
		es, _, err := s.ListEnterprises(ctx, f)
		if err != nil {
			return n, err
		}
		for _, e := range es {
			var ind string
			if en, ok := industry.Lookup(e.Industry); ok {
				ind = en.Code + " " + en.NameZh
			}
			var contact Contact
			for _, ct := range e.Contacts {
				if ct.Primary {
					contact = ct
				}
			}
			var entities []string
			for _, x := range e.Entities {
				entities = append(entities, fmt.Sprintf("%s %s %s（%s）", g.name(x.Country, "zh-CN"), vocabName(ref.EntityKinds, x.Kind), x.Name,
					vocabName(ref.EntityStatuses, x.Status)))
			}
			cells := []string{e.USCC, e.NameZh, e.NameEn, e.AddressZh, g.name(e.HomeDistrict, "zh-CN"), ind,
				vocabName(ref.SizeClasses, e.SizeClass), vocabName(ref.Ownerships, e.Ownership), regionNames(g, e.Markets),
				contact.Name, contact.Phone, contact.Email, e.Website, strings.Join(entities, "；"), statusZh[e.Status], originZh[e.Origin],
				e.CreatedAt.In(shanghai).Format("2006-01-02 15:04")}
			if err := writeRow(sw, cells); err != nil {
				return n, err
			}
			n++
		}
		if len(es) < exportPage {
			break
		}
	}
	return n, sw.close()
}

// Chinese names of statuses in exports (the pages use the catalogue).
var statusZh = map[string]string{EnterprisePending: "待核验", EnterpriseVerified: "已核验", EnterpriseRejected: "已退回"}

var providerStatusZh = map[string]string{ProviderPending: "待核验", ProviderVerified: "已核验", ProviderSuspended: "已暂停", ProviderDelisted: "已除名"}

var originZh = map[string]string{OriginSelf: "企业自主注册", OriginWindow: "窗口登记", OriginImport: "批量导入"}

// ExportProviders writes the providers a filter selects as xlsx or CSV.
func (s *Store) ExportProviders(ctx context.Context, f ProviderFilter, format string, w io.Writer) (int, error) {
	var c conditions
	empty, err := s.providerConditions(ctx, &f, &c)
	if err != nil {
		return 0, err
	}
	total := 0
	if !empty {
		if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM provider WHERE `+c.sql(), c.args...).Scan(&total); err != nil {
			return 0, err
		}
	}
	return s.writeProviders(ctx, total, format, w, func(limit, offset int) ([]Provider, error) {
		f.Limit, f.Offset = limit, offset
		ps, _, err := s.ListProviders(ctx, f)
		return ps, err
	})
}

// ExportIdleProviders writes the idle list as xlsx or CSV.
func (s *Store) ExportIdleProviders(ctx context.Context, f IdleFilter, format string, w io.Writer) (int, error) {
	f.Limit = 1
	_, total, err := s.IdleProviders(ctx, f)
	if err != nil {
		return 0, err
	}
	return s.writeProviders(ctx, total, format, w, func(limit, offset int) ([]Provider, error) {
		f.Limit, f.Offset = limit, offset
		ps, _, err := s.IdleProviders(ctx, f)
		return ps, err
	})
}

// writeProviders writes total providers, read a page at a time, with the import's headers.
func (s *Store) writeProviders(ctx context.Context, total int, format string, w io.Writer, page func(limit, offset int) ([]Provider, error)) (int, error) {
	g, err := s.geo(ctx)
	if err != nil {
		return 0, err
	}
	if total > MaxExportRows {
		return 0, apperr.Invalid(apperr.F("file", "directory.export.too_many", "Max", MaxExportRows, "Got", total))
	}
	heads, widths := providerSheet.exportColumns()
	sw, err := newSheetWriter(format, providerSheet.sheetZh, widths, w)
	if err != nil {
		return 0, err
	}
	if err := sw.row(heads); err != nil {
		return 0, err
	}
	ref := Ref()
	n := 0
	for off := 0; off < total; off += exportPage {
		ps, err := page(exportPage, off)
		if err != nil {
			return n, err
		}
		ptrs := make([]*Provider, len(ps))
		for i := range ps {
			ptrs[i] = &ps[i]
		}
		if err := loadProviderDetails(ctx, s.db, ptrs); err != nil {
			return n, err
		}
		for _, p := range ps {
			var contact Contact
			for _, ct := range p.Contacts {
				if ct.Primary {
					contact = ct
				}
			}
			var regions, alliances []string
			for _, o := range p.Offices {
				regions = append(regions, o.Region)
			}
			for _, m := range p.Alliances {
				if m.Status == MembershipActive {
					alliances = append(alliances, m.NameZh)
				}
			}
			foreign := ""
			if p.ForeignCountry != "" {
				foreign = g.name(p.ForeignCountry, "zh-CN")
			}
			rating, last := "", ""
			if p.Activity.RatingCount > 0 {
				rating = strconv.FormatFloat(p.Activity.Rating, 'f', 1, 64)
			}
			if p.Activity.LastEngagementAt != nil {
				last = p.Activity.LastEngagementAt.In(shanghai).Format(time.DateOnly)
			}
			cells := []string{p.NameZh, p.NameEn, p.USCC, foreign, p.ForeignRegNo, vocabNames(ref.Categories, p.Categories),
				regionNames(g, p.Countries), vocabNames(ref.Languages, p.Languages), regionNames(g, regions), p.DescriptionZh, p.Website,
				contact.Name, contact.Phone, contact.Email, providerStatusZh[p.Status], strings.Join(alliances, "、"),
				strconv.Itoa(p.Activity.Completed), rating, last}
			if err := writeRow(sw, cells); err != nil {
				return n, err
			}
			n++
		}
		if len(ps) < exportPage {
			break
		}
	}
	return n, sw.close()
}
